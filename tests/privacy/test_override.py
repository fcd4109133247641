"""'Dit is geen persoonsgegeven': only for weak findings, refused for strong
ones (also when forged), kept and shown to coordinators until confirmed or
masked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from signalen.audit.models import AuditEvent
from signalen.coordination.overrides import (
    confirm_override,
    mask_override,
    overrides_to_review,
)
from signalen.errors import NotAllowed
from signalen.permissions import Role
from signalen.signals.overrides import PrivacyOverride, open_overrides
from signalen.signals.services import SignalData, record_signal
from signalen.textcheck import PersonalDataFound, check_texts, find_in_fields

WEAK = "Volgens Vermeulen is de wachtlijst te lang."


def fingerprints(text: str, field: str = "description") -> list[str]:
    return [f.fingerprint for f in find_in_fields({field: text})]


@pytest.mark.parametrize(
    "text",
    [
        "Mevrouw Koning wacht al een jaar op een woning.",
        "Meneer Bakker kreeg een factuur.",
        "De moeder van Yasmine zegt dat het kind niet mee mag.",
        "Zeynep Aydogdu kwam opnieuw langs.",
        "Ze woont in de Sleepstraat 12.",
        "Rijksregisternummer 84.03.12-123.41 staat op de brief.",
        "De huur gaat naar BE14 0631 2345 6783.",
    ],
)
def test_a_forged_mark_on_a_strong_finding_is_refused(text: str) -> None:
    with pytest.raises(PersonalDataFound) as exc:
        check_texts({"description": text}, fingerprints(text))
    (item,) = exc.value.findings
    assert not item.overridable
    assert "niet als 'geen persoonsgegeven'" in item.refusal


def test_a_weak_finding_may_be_marked() -> None:
    accepted = check_texts({"description": WEAK}, fingerprints(WEAK))
    assert [(a.finding.type, a.overridable, a.refusal) for a in accepted] == [
        ("NAME", True, "")
    ]


def test_warnings_travel_with_the_findings_but_never_block() -> None:
    text = "Een man van 97 die vroeger burgemeester was, belde Vermeulen."
    with pytest.raises(PersonalDataFound) as exc:
        check_texts({"description": text})
    assert [w.warning.kind for w in exc.value.warnings] == ["AGE_JOB"]
    assert check_texts({"description": "Een man van 97 die vroeger bakker was."}) == []


def _record(make_user, themes, text: str):
    return record_signal(
        make_user(),
        SignalData(
            title="Wachtlijsten",
            description=text,
            theme_ids=[themes["wonen"].id],
            accepted_findings=fingerprints(text),
        ),
        submit=True,
    )


def test_overrides_are_kept_until_a_coordinator_confirms(db, make_user, themes):
    signal = _record(make_user, themes, WEAK)
    db.session.commit()
    (item,) = open_overrides(signal)
    assert (item.field, item.type) == ("description", "NAME")
    (view,) = overrides_to_review(signal)
    assert view.span == "Vermeulen" and view.before == "Volgens "
    assert view.field_label == "Wat stel je vast?"
    with pytest.raises(NotAllowed):
        confirm_override(item, make_user(Role.WORKER))
    confirm_override(item, make_user(Role.COORDINATOR))
    db.session.commit()
    assert open_overrides(signal) == [] and item.resolution == "confirmed"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "privacy.override_confirmed")
    )
    assert event.details == {"field": "description", "type": "NAME"}
    assert "Vermeulen" not in str(event.details)


def test_masking_replaces_the_span_and_moves_the_others(db, make_user, themes):
    text = "Volgens Vermeulen en Mohamed is de wachtlijst te lang."
    signal = _record(make_user, themes, text)
    db.session.commit()
    first, second = open_overrides(signal)
    mask_override(first, make_user(Role.COORDINATOR))
    db.session.commit()
    assert signal.description == "Volgens [naam] en Mohamed is de wachtlijst te lang."
    (view,) = overrides_to_review(signal)
    assert view.span == "Mohamed" and view.override.id == second.id


def test_saving_again_replaces_the_open_overrides(db, make_user, themes):
    signal = _record(make_user, themes, WEAK)
    db.session.commit()
    from signalen.signals.overrides import record_overrides

    record_overrides(signal, [], signal.author)
    db.session.commit()
    assert open_overrides(signal) == []
    rows = db.session.scalars(select(PrivacyOverride)).all()
    assert [r.resolution for r in rows] == ["replaced"]


def test_review_page_shows_and_confirms_overrides(
    db, client, login_as, make_user, themes
):
    """Browser-free: the review page lists the override with its span; a
    coordinator's button confirms it; a worker cannot."""
    signal = _record(make_user, themes, WEAK)
    db.session.commit()
    (item,) = open_overrides(signal)
    url = f"/coordinatie/signalen/{signal.reference}"
    login_as(make_user(Role.WORKER))
    assert client.post(f"{url}/privacy/{item.id}/bevestigen").status_code == 403
    login_as(make_user(Role.COORDINATOR))
    page = client.get(url).get_data(as_text=True)
    assert "als 'geen persoonsgegeven' aangeduid" in page
    assert "<mark>Vermeulen</mark>" in page
    assert "Geen persoonsgegeven: bevestigd" in page
    assert client.post(f"{url}/privacy/999999/bevestigen").status_code == 404
    response = client.post(f"{url}/privacy/{item.id}/bevestigen")
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "<mark>Vermeulen</mark>" not in page
    assert "Geen persoonsgegeven: bevestigd." in page  # the flash message
    assert item.resolution == "confirmed"


def test_review_page_masks(db, client, login_as, make_user, themes):
    signal = _record(make_user, themes, WEAK)
    db.session.commit()
    (item,) = open_overrides(signal)
    login_as(make_user(Role.COORDINATOR))
    url = f"/coordinatie/signalen/{signal.reference}"
    assert client.post(f"{url}/privacy/{item.id}/maskeren").status_code == 302
    db.session.refresh(signal)
    assert signal.description == "Volgens [naam] is de wachtlijst te lang."
    assert "Vermeulen" not in client.get(url).get_data(as_text=True)


def test_intake_form_refuses_a_forged_mark_and_explains(
    db, client, login_as, make_user, themes
):
    login_as(make_user(Role.WORKER))
    text = "Mevrouw Koning wacht al een jaar op een woning."
    response = client.post(
        "/signalen/nieuw",
        data={
            "title": "Wachtlijst",
            "description": text,
            "themes": [str(themes["wonen"].id)],
            "action": "submit",
            "pii_ok": fingerprints(text),
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "niet als &#39;geen persoonsgegeven&#39; aanduiden" in page
    assert 'name="pii_ok"' not in page
    assert db.session.scalar(select(PrivacyOverride)) is None
