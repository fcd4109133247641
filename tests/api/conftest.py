"""Bundles the API reads (one published with answers, one closed), an
anonymous organisation with its name in a summary, and a token per role."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from signalen.bundles.models import BundleStatus
from signalen.permissions import Role


@pytest.fixture(autouse=True)
def fresh_caches(app):
    from signalen.api.views import limiter
    from signalen.dashboards.queries import forget_tables
    from signalen.dashboards.wijken import forget_wijk_rows
    from signalen.public.services import forget_public_items

    def forget():
        forget_public_items()
        forget_tables()
        forget_wijk_rows()
        limiter.reset()

    forget()
    yield
    forget()


@pytest.fixture
def areas(db):
    from signalen.themes.models import Area

    return {a.code: a for a in db.session.scalars(select(Area))}


@pytest.fixture
def bundles(db, make_org, make_user, make_signal, make_structural, make_bundle, areas):
    """'published': two items, one answered with a follow-up step; 'closed':
    one item, not yet published."""
    named = make_org("Buurtwerk Open")
    hidden = make_org("Geheim Huis vzw", anonymous_to_city=True)
    worker = make_user(Role.WORKER, organisation=named, display_name="Wout Werker")
    secret = make_user(Role.WORKER, organisation=hidden, display_name="Sara Stil")
    spring = datetime(2024, 4, 10, 12, tzinfo=UTC)
    housing = [
        make_signal(worker, area_ids=[areas["ledeberg"].id], now=spring)
        for _ in range(3)
    ]
    income = make_signal(
        secret,
        theme_codes=("inkomen",),
        area_ids=[areas["drongen"].id],
        examples="Voorbeeld uit het dossier van een cliënt.",
        now=spring,
    )
    first = make_structural(
        housing,
        title="Wachtlijsten sociale huur",
        summary="Gezinnen wachten jaren op een woning.",
    )
    second = make_structural(
        [income],
        title="Schulden bij jongeren",
        summary="Geheim Huis vzw ziet steeds meer jonge schuldenaars.",
    )
    first.areas = [areas["ledeberg"]]
    second.areas = [areas["drongen"]]
    db.session.commit()
    published = make_bundle([first, second], status=BundleStatus.PUBLISHED)
    published.introduction = "Inleiding voor iedereen."
    closed = make_bundle(
        [make_structural(housing[:1], title="Nog niet openbaar")],
        status=BundleStatus.CLOSED,
        start=date(2025, 1, 1),
        end=date(2026, 12, 31),
    )
    db.session.commit()
    from signalen.followup.services import FollowUpState, record_step
    from signalen.responses.services import Answer, record_answer

    city = make_user(Role.CITY, display_name="Stella Stad")
    record_answer(
        published.items[0],
        city,
        Answer(
            "opgenomen",
            "We bouwen 200 sociale woningen.",
            department="Dienst Wonen",
            progress="in_opvolging",
            political_status="Intern: nog niet besproken in het college",
        ),
        now=datetime(2025, 2, 1, tzinfo=UTC),
    )
    record_step(
        published.items[0],
        city,
        FollowUpState(
            department="Dienst Wonen",
            route="stuurgroep",
            status="in_uitvoering",
            progress=40,
            promise="Intern: belofte aan de schepen",
            promise_due=date(2026, 1, 1),
        ),
        note="Interne nota: niet voor buiten",
        step_date=date(2025, 3, 1),
        now=datetime(2025, 3, 1, tzinfo=UTC),
    )
    db.session.commit()
    return {"published": published, "closed": closed}


@pytest.fixture
def switch_on(db, make_user):
    from signalen.public.services import set_public_page

    def on(bundle, enabled=True):
        set_public_page(bundle, enabled, make_user(Role.ADMIN), datetime.now(UTC))
        db.session.commit()

    return on


@pytest.fixture
def issue(db, make_user):
    """A token for an account of the role (or the given account): its secret."""
    from signalen.api.tokens import issue_token

    def make(role=Role.COORDINATOR, user=None):
        owner = user or make_user(role)
        issued = issue_token(
            owner, "Wijkmonitor", make_user(Role.ADMIN), datetime.now(UTC)
        )
        db.session.commit()
        return issued.secret

    return make


@pytest.fixture
def api_get(client):
    """GET an API path with a Bearer token."""

    def get(path, secret, **params):
        return client.get(
            "/api/v1" + path,
            query_string=params,
            headers={"Authorization": f"Bearer {secret}"},
        )

    return get
