"""Long and pathological texts: the detector gives the same findings as on
the short texts, and its work grows linearly with the text length.

Work is counted, not timed: `calls_for` counts the Python and C function
calls the detector makes (sys.setprofile), which is deterministic. The
speed figures are in bench/bench_pii.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from signalen.privacy import find_personal_data
from signalen.privacy.evaluate import load_corpus
from signalen.privacy.tokens import Tokens, mark_protected
from signalen.textcheck import (
    MAX_CHECK_CHARS,
    MAX_FIELD_CHARS,
    TextTooLong,
    check_texts,
    find_in_fields,
    mask_fields,
)

CORPUS = Path(__file__).resolve().parents[1] / "data" / "pii_corpus.jsonl"
SEP = "\n\n"


def _has_capitalised_word(text: str) -> bool:
    toks = Tokens(text)
    mark_protected(toks)
    return any(
        c and not p and not w.isupper()
        for c, p, w in zip(toks.caps, toks.prot, toks.words, strict=True)
    )


def _mixed_case_texts() -> list[str]:
    # notes without a capitalised word are read in "lowercase mode" as a
    # whole; joined with ordinary texts they would be read differently
    return [r["text"] for r in load_corpus(CORPUS) if _has_capitalised_word(r["text"])]


def _joined(size: int) -> tuple[str, list[tuple[int, int, str]]]:
    """Corpus texts joined up to `size` characters, and the findings of the
    texts one by one, shifted to their place in the joined text."""
    parts: list[str] = []
    expected: list[tuple[int, int, str]] = []
    pos = 0
    texts = _mixed_case_texts()
    k = 0
    while pos < size:
        text = texts[k % len(texts)]
        k += 1
        expected += [
            (f.start + pos, f.end + pos, f.type) for f in find_personal_data(text)
        ]
        parts.append(text)
        pos += len(text) + len(SEP)
    return SEP.join(parts), expected


@pytest.mark.parametrize("size", [20_000, 40_000, 80_000])
def test_long_text_has_the_findings_of_its_parts(size: int) -> None:
    text, expected = _joined(size)
    found = [(f.start, f.end, f.type) for f in find_personal_data(text)]
    assert len(text) >= size
    assert len(expected) > size // 500  # the corpus is full of personal data
    assert found == expected


PATHOLOGICAL = {
    "initials": "J. ",
    "names per line": "Jan Peeters\n",
    "placeholders": "[naam] ",
    "hyphen chain": "a-",
    "apostrophe chain": "x's",
    "streets": "Sleepstraat 12 ",
    "bare streets": "ham 1 ",
    "file numbers": "dossier 12345 ",
    "national numbers": "85.07.30-033.28 ",
    "particles": "de van de Van den ",
    "digits": "1 2 3 4 5 6 7 8 9 ",
    "e-mail domain": "a@b.",
}


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def calls_for(text: str) -> int:
    """Function calls (Python and C) made by find_personal_data(text)."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        find_personal_data(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_work_grows_linearly(name: str) -> None:
    unit = PATHOLOGICAL[name]
    small = calls_for(_repeat(unit, 2_000))
    large = calls_for(_repeat(unit, 8_000))
    # four times the text: about four times the calls (quadratic code makes
    # about sixteen times as many)
    assert large <= 4.5 * small + 200, (small, large)


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_texts_give_sound_findings(name: str) -> None:
    text = _repeat(PATHOLOGICAL[name], 40_000)
    findings = find_personal_data(text)
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start
    for f in findings:
        assert text[f.start : f.end] == f.text


def test_pathological_texts_findings() -> None:
    names = find_personal_data("Jan Peeters\n" * 3_000)
    assert [f.text for f in names] == ["Jan Peeters"] * 3_000
    assert find_personal_data("[naam] " * 5_000) == []
    streets = find_personal_data("Sleepstraat 12, " * 2_000)
    assert {f.type for f in streets} == {"ADDRESS"} and len(streets) == 2_000


# ---------------------------------------------------------- the caps --
def test_a_text_above_the_field_cap_is_refused_next_to_its_field(app) -> None:
    long = "Een gewone zin over de wijk. " * (MAX_FIELD_CHARS // 29 + 1)
    assert len(long) > MAX_FIELD_CHARS
    with pytest.raises(TextTooLong) as caught:
        check_texts({"title": "Kort", "description": long})
    assert caught.value.field == "description"
    assert "te lang" in caught.value.message
    with pytest.raises(TextTooLong):
        mask_fields({"description": long})


def test_texts_together_above_the_request_cap_are_refused(app) -> None:
    part = "Een gewone zin over de wijk. " * (MAX_FIELD_CHARS // 29 - 1)
    n = MAX_CHECK_CHARS // len(part) + 1
    texts = {f"field{i}": part for i in range(n)}
    with pytest.raises(TextTooLong) as caught:
        find_in_fields(texts)
    assert caught.value.field == f"field{n - 1}"
    assert "Samen" in caught.value.message


def test_texts_up_to_the_caps_are_checked(app) -> None:
    text, expected = _joined(MAX_FIELD_CHARS - 2_000)
    text = text[:MAX_FIELD_CHARS]
    found = find_in_fields({"description": text})
    assert len(found) >= len(expected) - 2


def test_live_check_refuses_too_long_texts(client, make_user, login_as) -> None:
    login_as(make_user())
    texts = {f"f{i}": "a" * 20_000 for i in range(3)}
    response = client.post("/signalen/controle", json={"texts": texts})
    assert response.status_code == 413
    assert "te lang" in response.get_json()["error"]
