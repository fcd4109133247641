"""Pages that show detected personal data are sent with Cache-Control:
no-store (issue 14, item 8); other pages are not."""

from __future__ import annotations

from signalen.permissions import Role
from signalen.signals.overrides import open_overrides
from tests.privacy.test_override import WEAK, _record


def test_a_form_with_findings_is_not_stored_by_the_browser(
    client, make_user, login_as, themes
):
    login_as(make_user())
    plain = client.get("/signalen/nieuw")
    assert "no-store" not in plain.headers.get("Cache-Control", "")
    response = client.post(
        "/signalen/nieuw",
        data={
            "title": "Wachtlijst",
            "description": "Mevrouw Fatima El Amrani (0470 12 34 56) wacht al lang.",
            "themes": [str(themes["wonen"].id)],
            "action": "submit",
        },
    )
    assert response.status_code == 422
    assert response.headers["Cache-Control"] == "no-store"


def test_a_finding_in_a_coordinator_form_is_not_stored_either(
    client, make_user, login_as, make_signal
):
    signal = make_signal()
    login_as(make_user(Role.COORDINATOR))
    page = client.get(f"/coordinatie/signalen/{signal.reference}")
    assert "no-store" not in page.headers.get("Cache-Control", "")
    response = client.post(
        f"/coordinatie/signalen/{signal.reference}/vraag",
        data={"question": "Belde je mevrouw Fatima El Amrani op 0470 12 34 56?"},
    )
    assert response.status_code == 422
    assert response.headers["Cache-Control"] == "no-store"


def test_the_review_page_with_an_override_is_not_stored(
    db, client, login_as, make_user, themes
):
    signal = _record(make_user, themes, WEAK)
    db.session.commit()
    assert open_overrides(signal)
    login_as(make_user(Role.COORDINATOR))
    page = client.get(f"/coordinatie/signalen/{signal.reference}")
    assert page.headers["Cache-Control"] == "no-store"
