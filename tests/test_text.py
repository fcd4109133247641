"""One accent folding for search, similar signals, theme codes and the detector."""

from signalen.coordination.search import PG_ACCENTS
from signalen.text import ascii_fold, fold


def test_fold_lowers_and_strips_accents():
    assert fold("Crèche") == "creche"
    assert fold("ZOË en Noël") == "zoe en noel"
    assert fold("François Müller-Çelik") == "francois muller-celik"


def test_fold_letters_without_a_decomposition():
    assert fold("Łukasz") == "lukasz"
    assert fold("Søren") == "soren"
    assert fold("Aydın") == "aydin"
    assert fold("d’Hondt") == "d'hondt"
    assert fold("Straße") == "strasse"


def test_fold_keeps_plain_text_and_other_characters():
    assert fold("woning 42, 9000 Gent!") == "woning 42, 9000 gent!"
    assert fold("") == ""


def test_ascii_fold_for_codes():
    assert ascii_fold("Vrije tijd & cultuur") == "vrije tijd & cultuur"
    assert ascii_fold("Crèche 😀") == "creche "


def test_fold_agrees_with_the_postgresql_search_index():
    """The PostgreSQL index folds with translate(); a folded query must match."""
    accented, plain = PG_ACCENTS
    assert [fold(c) for c in accented] == [c.lower() for c in plain]
