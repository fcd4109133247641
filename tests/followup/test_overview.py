"""The answers overview: filters, and what is late."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import g

from signalen.bundles.models import BundleStatus
from signalen.followup import overview as ov
from signalen.followup import services
from signalen.followup.services import FollowUpState
from signalen.permissions import Role
from signalen.responses.services import Answer, record_answer

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
BOTH = ("closed", "published")


def setup_items(make_user, make_signal, make_structural, make_bundle, db):
    """Three items: answered with a late promise, answered and done, unanswered."""
    city = make_user(Role.CITY)
    structurals = [
        make_structural([make_signal(title=t)], title=t)
        for t in ("Betaalbaar wonen", "Digipunten", "Zwerfvuil")
    ]
    bundle = make_bundle(structurals, status=BundleStatus.PUBLISHED)
    bundle.published_at = NOW - timedelta(weeks=10)
    housing, digital, litter = bundle.items
    record_answer(housing, city, Answer("doorgegeven", "Naar de woondienst."), now=NOW)
    services.record_step(
        housing,
        city,
        FollowUpState(
            department="Dienst Wonen",
            route="stuurgroep",
            status="in_uitvoering",
            progress=30,
            promise="Tien woningen",
            promise_due=date(2026, 6, 30),
        ),
        now=NOW,
    )
    record_answer(
        digital,
        city,
        Answer("opgenomen", "Drie digipunten.", department="Dienst Welzijn"),
        now=NOW,
    )
    services.record_step(
        digital,
        city,
        FollowUpState(
            route="snelle_actie",
            status="afgerond",
            progress=100,
            promise="Drie digipunten",
            promise_due=date(2026, 3, 1),
        ),
        now=NOW,
    )
    db.session.commit()
    return bundle, housing, digital, litter


def refs(f: ov.OverviewFilter, now=NOW, statuses=BOTH) -> list[str]:
    from signalen.extensions import db

    return [
        i.reference for i in db.session.scalars(ov.overview_query(f, now, statuses))
    ]


def test_filters(make_user, make_signal, make_structural, make_bundle, db):
    bundle, housing, digital, litter = setup_items(
        make_user, make_signal, make_structural, make_bundle, db
    )
    everything = refs(ov.OverviewFilter())
    assert everything == [housing.reference, digital.reference, litter.reference]
    assert refs(ov.OverviewFilter(status="afgerond")) == [digital.reference]
    assert refs(ov.OverviewFilter(route="stuurgroep")) == [housing.reference]
    assert refs(ov.OverviewFilter(department="Dienst Wonen")) == [housing.reference]
    # before a step names a department, the answer's department counts
    assert refs(ov.OverviewFilter(department="Dienst Welzijn")) == []
    assert refs(ov.OverviewFilter(response_type="opgenomen")) == [digital.reference]
    assert refs(ov.OverviewFilter(bundle_id=bundle.id)) == everything
    assert refs(ov.OverviewFilter(bundle_id=bundle.id + 99)) == []
    assert refs(ov.OverviewFilter(theme="wonen")) == everything  # all on wonen
    assert refs(ov.OverviewFilter(theme="digitaal")) == []
    assert refs(ov.OverviewFilter(), statuses=("closed",)) == []


def test_what_is_late(make_user, make_signal, make_structural, make_bundle, db):
    _b, housing, digital, litter = setup_items(
        make_user, make_signal, make_structural, make_bundle, db
    )
    # published ten weeks ago: late after 8 weeks, not after 12
    assert refs(ov.OverviewFilter(late="geen_antwoord", weeks=8)) == [litter.reference]
    assert refs(ov.OverviewFilter(late="geen_antwoord", weeks=12)) == []
    # the housing promise is past its date; the digital one is done
    assert refs(ov.OverviewFilter(late="belofte")) == [housing.reference]
    earlier = datetime(2026, 5, 1, tzinfo=UTC)
    assert refs(ov.OverviewFilter(late="belofte"), now=earlier) == []
    assert ov.late_counts(NOW, 8, BOTH) == {"geen_antwoord": 1, "belofte": 1}
    assert ov.is_promise_late(services.current_step(housing), NOW.date())
    assert not ov.is_promise_late(services.current_step(digital), NOW.date())


def test_overview_page(
    client, login_as, make_user, make_signal, make_structural, make_bundle, db
):
    _b, housing, _d, litter = setup_items(
        make_user, make_signal, make_structural, make_bundle, db
    )
    login_as(make_user(Role.CITY))
    page = client.get("/opvolging/")
    assert page.status_code == 200
    assert "3 signalen" in page.text and "te laat" in page.text
    assert "1 belofte over datum" in page.text
    page = client.get("/opvolging/?te_laat=belofte")
    assert housing.reference in page.text and litter.reference not in page.text
    assert "over datum" in page.text
    page = client.get("/opvolging/?route=stuurgroep&status=in_uitvoering")
    assert "1 signaal" in page.text
    page = client.get("/opvolging/?weken=0")
    assert page.status_code == 200 and "Een aantal weken van 1 tot 520." in page.text
    page = client.get("/opvolging/?bundel=abc")
    assert page.status_code == 200 and "3 signalen" in page.text
    g.pop("_login_user", None)
    login_as(make_user(Role.WORKER))
    assert client.get("/opvolging/").status_code == 403
