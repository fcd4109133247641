"""Real signal texts must pass the personal-data gate without false alarms.

Covers the demo data (signalen/demo.py), the 20 example signals of the domain
brief (shared/DOMAIN.md §8, copied to tests/data/pii_domain_examples.jsonl)
and ordinary Dutch words that are also first names somewhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from signalen.demo import SIGNALS, VARIANTS
from signalen.privacy import find_personal_data, lexicon
from signalen.privacy.detector import DUTCH_WORDS, FIRST_NAMES

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLES = DATA / "pii_domain_examples.jsonl"


def _examples() -> list[dict]:
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _findings(text: str) -> list[tuple[str, str]]:
    return [(f.type, f.text) for f in find_personal_data(text)]


# ------------------------------------------------------------ demo data --
def test_demo_signals_have_no_findings() -> None:
    texts = [t for s in SIGNALS for t in (s[0], s[1])]
    texts += [t for v in VARIANTS for t in (v[1], v[2])]
    assert len(texts) == 2 * (len(SIGNALS) + len(VARIANTS))
    flagged = {t: _findings(t) for t in texts if find_personal_data(t)}
    assert flagged == {}


def test_domain_examples_have_no_findings() -> None:
    rows = _examples()
    assert len(rows) == 20
    flagged = {}
    for r in rows:
        for text in (r["title"], r["description"]):
            if find_personal_data(text):
                flagged[text] = _findings(text)
    assert flagged == {}


# ------------------------------------------------ Dutch words, not names --
@pytest.mark.parametrize(
    "text",
    [
        "Werkende armen buiten beeld",
        "Ze vallen tussen de mazen van het net.",
        "werkende armen vallen tussen de mazen van het net",
        "Armen en rijken wonen naast elkaar.",
        "In het kader van het armoedeplan is er niets veranderd.",
        "Na drie trappen is ze buiten adem.",
        "Er is weinig hoop. Hoop doet leven.",
        "Ze wil werken. Wil de stad dit oplossen?",
        "Een berg papierwerk en een hoop formulieren.",
        "rozen en bloemen op het plein; de roos bloeit",
        "Mark en Berg zijn merken van wasmachines.",
        "een mevrouw uit de wijk kwam langs",
        "Meneer vertelt dat hij al maanden wacht.",
        "meneer vertelt dat hij al maanden wacht. mevrouw zegt niets.",
        "die meneer belde opnieuw, deze mevrouw ook",
        "Het gezin woont al jaren hier. Oudere bewoners klagen.",
        "Ze verloor contact met haar familie. Werkende ouders vinden geen opvang.",
        "jongeren van het okan vinden geen stage",
        "We zoeken een peter of meter voor de kinderen.",
        "Jan en alleman krijgt een brief.",
        "Senioren van het dienstencentrum Ten Hove vinden de bus te duur.",
        "In maart, april en mei. Juni was rustig. Op Sinterklaas en met Pasen dicht.",
        "Het Sint-Pietersstation en de Sint-Jacobskerk; in Sint-Amandsberg.",
        "In de Sleepstraat en aan de Dampoort; de Brugse Poort en het Rabot.",
        "CAW, OCMW, De Lijn, Fluvius, Kind en Gezin en het Huis van het Kind.",
        "Dokter zegt dat ze rust nodig heeft.",
        "Meneer beweert dat de verhuurder niets doet. Mevrouw ervoer hetzelfde.",
        "Mevrouw kampt met schulden. Meneer worstelt met de papieren.",
        "Ze spreekt enkel Frans. Toon aan dat je werk zoekt. Lieve collega's,",
        "Elke week komt een moeder naar het buurthuis.",
    ],
)
def test_dutch_words_are_not_names(text: str) -> None:
    assert _findings(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ze zegt dat stijn habteab de man is", "stijn habteab"),
        ("Dochter van nigisti gaat niet naar school.", "nigisti"),
        ("gesprek met a. Tekeste over de huur", "a. Tekeste"),
        ("roos peeters kwam langs", "roos peeters"),
        ("Mevrouw vertelt dat Yasmine ziek is.", "Yasmine"),
        ("met meneer vanhaverbeke afgesproken", "vanhaverbeke"),
        ("Gesprek met meneer Vanhaverbeke.", "Vanhaverbeke"),
        ("Naam: fikre. Ze woont in Gent.", "fikre"),
        ("Zegt dat mevrouw Peeters belde.", "Peeters"),
        ("Familie El Amrani. Werkende ouders.", "El Amrani"),
    ],
)
def test_names_still_found(text: str, name: str) -> None:
    assert ("NAME", name) in _findings(text)


# ------------------------------------------------------------- lexicon --
def test_lexicon_file_is_up_to_date() -> None:
    # every hand-written word form is in the generated file
    hand = {lexicon.fold(w) for w in lexicon.hand_words() if len(w) >= 2}
    missing = hand - DUTCH_WORDS
    missing -= lexicon.KEEP_AS_NAMES
    assert not sorted(missing)[:20]
    assert not (DUTCH_WORDS & lexicon.KEEP_AS_NAMES)
    assert len(DUTCH_WORDS) > 5000


def test_lexicon_collisions_with_first_names_are_real_words() -> None:
    # reviewed by hand: these Dutch words are also first names somewhere
    assert {"armen", "mazen", "kader", "adem"} <= DUTCH_WORDS & FIRST_NAMES
    for name in ("mohamed", "fatima", "yasmine", "peter", "els", "jade"):
        assert name not in DUTCH_WORDS
