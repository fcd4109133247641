"""Safe merges of structural signals (issue 14, item 2): a confirmation page,
"opgegaan in SS-…" with a link on the old one, and undo."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from signalen.audit.models import AuditEvent
from signalen.coordination.models import StructuralStatus
from signalen.coordination.services import current_link, merged_into
from signalen.signals.workflow import transition


def test_merge_asks_first_then_points_to_target_and_can_be_undone(
    db, client, login_as, coordinator, make_structural, housing_signals, themes
):
    housing, _ = housing_signals
    source = make_structural(housing[:2], title="Bron", created_by=coordinator)
    target = make_structural(housing[2:3], title="Doel", created_by=coordinator)
    transition(source, StructuralStatus.FOLLOW_UP, coordinator, datetime.now(UTC))
    target.themes = [themes["wonen"]]
    source.themes = [themes["wonen"], themes["digitaal"]]
    db.session.commit()
    login_as(coordinator)
    base = f"/coordinatie/structureel/{source.id}"

    detail = client.get(base).get_data(as_text=True)
    assert 'method="get" action="' + base + '/samenvoegen"' in detail
    confirm = client.get(f"{base}/samenvoegen?structural={target.id}")
    assert confirm.status_code == 200
    page = confirm.get_data(as_text=True)
    assert "Ja, voeg samen" in page and "2 signalen" in page
    db.session.expire_all()
    assert merged_into(source) is None  # asking changed nothing
    assert all(current_link(s).structural_signal_id == source.id for s in housing[:2])

    response = client.post(f"{base}/samenvoegen", data={"structural": target.id})
    assert response.status_code == 302
    db.session.expire_all()
    assert source.status.value == "not_retained"
    assert all(current_link(s).structural_signal_id == target.id for s in housing[:3])
    assert themes["digitaal"] in target.themes
    assert merged_into(source).id == target.id
    old_page = client.get(base).get_data(as_text=True)
    assert "Opgegaan in" in old_page
    assert f'href="/coordinatie/structureel/{target.id}"' in old_page
    assert target.reference in old_page

    undone = client.post(f"{base}/samenvoeging-ongedaan", follow_redirects=True)
    assert "Samenvoeging ongedaan gemaakt" in undone.get_data(as_text=True)
    db.session.expire_all()
    assert source.status.value == "follow_up"
    assert [current_link(s).structural_signal_id for s in housing[:3]] == [
        source.id,
        source.id,
        target.id,
    ]
    assert themes["digitaal"] not in target.themes
    assert themes["wonen"] in target.themes
    assert merged_into(source) is None
    assert "Opgegaan in" not in client.get(base).get_data(as_text=True)
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "structural.merge_undone")
    )
    # nothing left to undo
    again = client.post(f"{base}/samenvoeging-ongedaan", follow_redirects=True)
    assert "niet samengevoegd" in again.get_data(as_text=True)


def test_merge_into_itself_or_nothing_is_refused(
    db, client, login_as, coordinator, make_structural, housing_signals
):
    housing, _ = housing_signals
    source = make_structural(housing[:1], created_by=coordinator)
    login_as(coordinator)
    base = f"/coordinatie/structureel/{source.id}/samenvoegen"
    for query in (f"?structural={source.id}", "?structural=999999", ""):
        response = client.get(base + query)
        assert response.status_code == 302
        assert response.location.endswith(f"/coordinatie/structureel/{source.id}")
