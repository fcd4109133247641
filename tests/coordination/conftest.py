"""Fixtures for the coordination tests."""

from __future__ import annotations

import pytest

from signalen.permissions import Role


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR)


@pytest.fixture
def housing_signals(make_user, make_signal):
    """Three housing signals from three organisations, plus unrelated ones."""
    texts = [
        ("Geen betaalbare huurwoning", "Gezinnen vinden geen betaalbare woning."),
        ("Wachtlijst sociale woningen", "De wachtlijst voor sociale woningen is lang."),
        ("Huurprijzen te hoog", "Alleenstaande moeders vinden geen woning."),
    ]
    housing = [
        make_signal(make_user(), title=t, description=d, theme_codes=("wonen",))
        for t, d in texts
    ]
    other = [
        make_signal(
            make_user(),
            title="Digipunt gesloten",
            description="Mensen zonder computer kunnen facturen niet betalen.",
            theme_codes=("digitaal",),
        ),
        make_signal(
            make_user(),
            title="Crèche te duur",
            description="Kinderopvang in de crèche is onbetaalbaar.",
            theme_codes=("gezin_kind",),
        ),
    ]
    return housing, other
