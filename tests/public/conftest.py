"""A published bundle with answers, an anonymous organisation and internal text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from signalen.bundles.models import BundleStatus
from signalen.permissions import Role


@pytest.fixture(autouse=True)
def fresh_cache():
    from signalen.public.services import forget_public_items

    forget_public_items()
    yield
    forget_public_items()


@pytest.fixture
def published(
    db, make_org, make_user, make_signal, make_structural, make_bundle, areas
):
    """Two items: one answered (Ledeberg, housing), one from an organisation
    that chose not to be named (Drongen, income), with its name in the text."""
    named = make_org("Buurtwerk Open")
    hidden = make_org("Geheim Huis vzw", anonymous_to_city=True)
    worker = make_user(Role.WORKER, organisation=named, display_name="Wout Werker")
    secret = make_user(Role.WORKER, organisation=hidden, display_name="Sara Stil")
    housing = [make_signal(worker, area_ids=[areas["ledeberg"].id]) for _ in range(3)]
    income = make_signal(
        secret,
        theme_codes=("inkomen",),
        area_ids=[areas["drongen"].id],
        examples="Voorbeeld uit het dossier van een cliënt.",
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
    bundle = make_bundle([first, second], status=BundleStatus.PUBLISHED)
    bundle.introduction = "Inleiding voor iedereen."
    db.session.commit()
    from signalen.responses.services import Answer, record_answer

    record_answer(
        bundle.items[0],
        make_user(Role.CITY, display_name="Stella Stad"),
        Answer(
            "opgenomen",
            "We bouwen 200 sociale woningen.",
            department="Dienst Wonen",
            progress="in_opvolging",
            political_status="Intern: nog niet besproken in het college",
        ),
        now=datetime(2025, 2, 1, tzinfo=UTC),
    )
    db.session.commit()
    return bundle


@pytest.fixture
def areas(db):
    from sqlalchemy import select

    from signalen.themes.models import Area

    return {a.code: a for a in db.session.scalars(select(Area))}


@pytest.fixture
def switch_on(db, make_user):
    from signalen.public.services import set_public_page

    def on(bundle, enabled=True):
        set_public_page(bundle, enabled, make_user(Role.ADMIN), datetime.now(UTC))
        db.session.commit()

    return on
