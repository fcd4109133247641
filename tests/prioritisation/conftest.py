"""Fixtures for prioritisation: a closed bundle with items, rounds, ballots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.fixture
def bundle(make_signal, make_structural, make_bundle, make_user):
    """A closed bundle with four items (evidence from their linked signals)."""
    worker = make_user()
    structurals = []
    for title in ("Betaalbaar wonen", "Digitale kloof", "Kinderopvang", "Eenzaamheid"):
        signals = [make_signal(worker, title=title)]
        structurals.append(make_structural(signals, title=title))
    return make_bundle(structurals)


@pytest.fixture
def make_round(db, bundle, coordinator):
    """A round on the bundle (draft unless open=True), through the service."""
    from signalen.prioritisation import services

    def make(method="points", *, target=None, open=False, users=(), codes=0, **kw):
        settings = services.RoundSettings(
            title=kw.pop("title", "Prioriteiten 2025"),
            explanation=kw.pop("explanation", "Kies samen wat voorrang krijgt."),
            method=method,
            opens_at=kw.pop("opens_at", NOW - timedelta(hours=1)),
            closes_at=kw.pop("closes_at", NOW + timedelta(days=7)),
            criteria=kw.pop(
                "criteria", [(label, 1.0) for label in services.DEFAULT_CRITERIA]
            ),
            **kw,
        )
        round_ = services.create_round(target or bundle, settings, coordinator, NOW)
        if users:
            services.set_user_participants(
                round_, {u.id: services.default_group(u) for u in users},
                coordinator, NOW,
            )  # fmt: skip
        made = []
        if codes:
            made = services.add_code_participants(round_, codes, coordinator, NOW)
        if open:
            services.open_round(round_, coordinator, NOW)
        db.session.commit()
        round_.made_codes = made
        return round_

    return make


@pytest.fixture
def items(bundle):
    return list(bundle.items)


@pytest.fixture
def switch_to(login_as):
    """Kept for the round tests: login_as itself now handles switching users."""
    return login_as
