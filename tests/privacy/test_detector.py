"""Unit tests and corpus evaluation for signalen.privacy.detector."""

from __future__ import annotations

from pathlib import Path

import pytest

from signalen.privacy import (
    EXPLANATIONS,
    OVERRIDABLE_TYPES,
    PLACEHOLDERS,
    STRICT_TYPES,
    TYPES,
    Finding,
    find_personal_data,
    mask_text,
)
from signalen.privacy.evaluate import evaluate, load_corpus

CORPUS = Path(__file__).resolve().parents[1] / "data" / "pii_corpus.jsonl"


def found(text: str) -> list[tuple[str, str]]:
    return [(f.type, f.text) for f in find_personal_data(text)]


def types_of(text: str) -> set[str]:
    return {f.type for f in find_personal_data(text)}


# ------------------------------------------------------------------- API --
def test_api_tables() -> None:
    assert set(PLACEHOLDERS) == set(TYPES) == set(EXPLANATIONS)
    assert {"NATIONAL_ID", "IBAN", "EMAIL", "PHONE"} == STRICT_TYPES
    assert {"NAME"} == OVERRIDABLE_TYPES
    assert PLACEHOLDERS["NAME"] == "[naam]"
    assert PLACEHOLDERS["NATIONAL_ID"] == "[rijksregisternummer]"
    assert str(EXPLANATIONS["PHONE"]) == "Dit lijkt een telefoonnummer."


def test_findings_sorted_non_overlapping_and_text_matches() -> None:
    text = (
        "Mevrouw Fatima El Amrani (°12/03/1984), Sleepstraat 12 bus 3, 9000 Gent, "
        "tel 0470 12 34 56, fatima.elamrani@gmail.com, RR 85.07.30-033.28."
    )
    fs = find_personal_data(text)
    assert fs == sorted(fs, key=lambda f: f.start)
    for a, b in zip(fs, fs[1:], strict=False):
        assert a.end <= b.start
    for f in fs:
        assert isinstance(f, Finding)
        assert text[f.start : f.end] == f.text
        assert f.type in TYPES
    assert [f.type for f in fs] == [
        "NAME",
        "BIRTHDATE",
        "ADDRESS",
        "PHONE",
        "EMAIL",
        "NATIONAL_ID",
    ]


def test_empty() -> None:
    assert find_personal_data("") == []
    assert mask_text("") == ""


# ----------------------------------------------------------- national id --
@pytest.mark.parametrize(
    "num",
    [
        "85.07.30-033.28",
        "850730 033 28",
        "85073003328",
        "17 07 30 033 84",
        "85 07 30 033 28",
    ],
)
def test_national_id_forms(num: str) -> None:
    assert found(f"rijksregisternummer {num} doorgegeven") == [("NATIONAL_ID", num)]


def test_national_id_born_after_2000_and_bis() -> None:
    # 2000+: check digits computed with prefix 2
    assert types_of("nr 17073003384 ok") == {"NATIONAL_ID"}
    # BIS number (month + 40)
    from stdnum.be import bis

    base = "854730033"
    for chk in range(100):
        cand = f"{base}{chk:02d}"
        if bis.is_valid(cand):
            break
    assert types_of(f"BIS {cand}") == {"NATIONAL_ID"}


def test_invalid_check_digits_not_national_id() -> None:
    # wrong check digits: not a NATIONAL_ID, but still masked as FILE_NUMBER
    assert found("rijksregisternr 85.07.30-033.61") == [
        ("FILE_NUMBER", "85.07.30-033.61")
    ]
    assert found("code 85073003361") == [("FILE_NUMBER", "85073003361")]


# ----------------------------------------------------------------- phone --
@pytest.mark.parametrize(
    "phone",
    [
        "09 123 45 67",
        "09/123.45.67",
        "0470 12 34 56",
        "0470/12.34.56",
        "0470-123456",
        "0470123456",
        "+32 470 12 34 56",
        "+32 (0)9 123 45 67",
        "0032 9 123 45 67",
        "+32470123456",
        "+31 6 12345678",
        "+48 600 123 456",
        "+40 721 123 456",
        "02/512 34 56",
    ],
)
def test_phone_forms(phone: str) -> None:
    assert found(f"bel haar op {phone} aub") == [("PHONE", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "open van 09:00 tot 12:30, 9u-12u",
        "factuur van € 1.250,50 en 450 euro",
        "op 12/03/2024 om 10u",
        "1 op 5 gezinnen, 30% van de huurders",
        "lijn 3 en bus 70, tram 4",
    ],
)
def test_phone_negatives(text: str) -> None:
    assert find_personal_data(text) == []


# ----------------------------------------------------------- email, iban --
@pytest.mark.parametrize(
    "mail",
    [
        "an.peeters@stad.gent",
        "x_y@caw.brussels",
        "an.desmet@wonen.vlaanderen",
        "jan-de.smet+1@telenet.be",
    ],
)
def test_email(mail: str) -> None:
    assert found(f"mail: {mail}.") == [("EMAIL", mail)]


def _be_iban(first10: str = "5390075470") -> str:
    from stdnum import iban

    bban = first10 + f"{int(first10) % 97 or 97:02d}"
    return "BE" + iban.calc_check_digits("BE00" + bban) + bban


def test_iban_valid_grouped_or_not() -> None:
    from stdnum import iban

    be = _be_iban("0961234567")  # bank code known to python-stdnum
    assert iban.is_valid(be)
    grouped = " ".join(be[i : i + 4] for i in range(0, len(be), 4))
    assert found(f"rekening {be} ok") == [("IBAN", be)]
    assert found(f"rekening {grouped}, ok") == [("IBAN", grouped)]
    assert found(f"rek {be.lower()}") == [("IBAN", be.lower())]
    nl = "NL" + iban.calc_check_digits("NL00INGB0001234567") + "INGB0001234567"
    assert found(f"IBAN {nl}") == [("IBAN", nl)]


def test_iban_bank_code_unknown_to_stdnum_still_found() -> None:
    # BE68 5390 0754 7034: correct checksums, bank code 539 not in stdnum's table
    assert found("IBAN BE68 5390 0754 7034") == [("IBAN", "BE68 5390 0754 7034")]


def test_iban_invalid_is_not_iban() -> None:
    assert "IBAN" not in types_of("rekening BE00 5390 0754 7034")


# --------------------------------------------------------------- address --
@pytest.mark.parametrize(
    "addr",
    [
        "Sleepstraat 12",
        "Dampoortstraat 45 bus 3",
        "Brugse Heirweg 7, 9000 Gent",
        "Frans Van Ryhovelaan 112b",
        "Kortrijksesteenweg 1020",
        "Rabotstraat nr 5",
        "sleepstraat 12",
        "Vlaamse Kaai 21",
        "Coupure Links 5",
        "Sint-Pietersnieuwstraat 33/2",
    ],
)
def test_address(addr: str) -> None:
    assert found(f"Ze woont {addr} sinds vorig jaar.") == [("ADDRESS", addr)]


@pytest.mark.parametrize(
    "text",
    [
        "in de Sleepstraat wonen veel gezinnen",
        "de Kortrijksesteenweg 3 keer overgestoken",
        "aan de Frans Van Ryhovelaan is het druk",
        "9000 Gent en 9040 Sint-Amandsberg",
        "in de Dampoortstraat 9u-12u open",
        "langs de Bevrijdingslaan 30 jaar geleden",
    ],
)
def test_address_negatives(text: str) -> None:
    assert find_personal_data(text) == []


# ------------------------------------------------------------- birthdate --
@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("°12/03/1984", "12/03/1984"),
        ("geboren op 3 maart 1984", "3 maart 1984"),
        ("geb. 12-03-1984", "12-03-1984"),
        ("geboortedatum: 1984-03-12", "1984-03-12"),
        ("(°3.3.84)", "3.3.84"),
    ],
)
def test_birthdate(text: str, date: str) -> None:
    assert found(f"cliënt {text} vraagt hulp") == [("BIRTHDATE", date)]


def test_event_dates_not_birthdates() -> None:
    assert find_personal_data("op 12 maart 2024 sloot het digipunt") == []
    assert find_personal_data("vergadering 12/03/2024 in 2024") == []


# ---------------------------------------------------- plate, file number --
@pytest.mark.parametrize("plate", ["1-ABC-123", "1ABC123", "ABC-123", "2-xyz-789"])
def test_plate(plate: str) -> None:
    assert found(f"auto {plate} getakeld") == [("PLATE", plate)]


@pytest.mark.parametrize(
    ("text", "num"),
    [
        ("dossiernummer 2023/4567", "2023/4567"),
        ("klantnr. 123456", "123456"),
        ("dossier 88123", "88123"),
        ("ref. OCMW-2022-11873", "OCMW-2022-11873"),
        ("het nummer 592837461", "592837461"),
    ],
)
def test_file_number(text: str, num: str) -> None:
    assert found(text) == [("FILE_NUMBER", num)]


def test_file_number_negatives() -> None:
    assert find_personal_data("het dossier 2024 is afgesloten, 3 dossiers") == []
    assert find_personal_data("budget van 12345678 euro") == []


# ----------------------------------------------------------------- names --
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("mevrouw De Smet kwam langs", "De Smet"),
        ("Mevr. Fatima El Amrani belde", "Fatima El Amrani"),
        ("dhr. Yilmaz was boos", "Yilmaz"),
        ("de heer Van den Bossche zegt", "Van den Bossche"),
        ("gesprek met J. De Smet vandaag", "J. De Smet"),
        ("mohamed zei dat hij weg moet", "mohamed"),
        ("de mama van Yasmine vraagt", "Yasmine"),
        ("meneer Vanhaverbeke (niet in lijst) belt", "Vanhaverbeke"),
        ("Agnieszka Nowak werkt interim", "Agnieszka Nowak"),
        ("met Mehmet Karakurt afgesproken", "Mehmet Karakurt"),
        ("Dieudonné Mbuyi heeft schulden", "Dieudonné Mbuyi"),
        ("gezin D'Hondt verhuist", "D'Hondt"),
        ("Fatima's zoon is ziek", "Fatima"),
        ("Roos Peeters heeft een afspraak", "Roos Peeters"),
        ("Jean-Pierre Kabongo belde", "Jean-Pierre Kabongo"),
    ],
)
def test_names(text: str, name: str) -> None:
    assert ("NAME", name) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "een mevrouw uit de wijk kwam langs",
        "Mevrouw komt elke week.",
        "Elke week komt een moeder naar het CAW.",
        "De cliënt en mijn collega gingen naar OCMW Gent.",
        "Roos en Hoop zijn namen van lokalen. Berg van schulden.",
        "Lieve collega's, de Stad Gent en De Lijn passen de dienstregeling aan.",
        "Ze spreekt enkel Frans. Toon aan dat de huur te hoog is.",
        "AZ Jan Palfijn, PC Dr. Guislain, UZ Gent en Victoria Deluxe werken samen.",
        "Huis van het Kind in Rabot-Blaisantvest en De Zuidpoort.",
        "Vlaamse Maatschappij voor Sociaal Wonen, Wonen Gent, Kras en Sivi.",
        "In Sint-Amandsberg, Ledeberg en Muide-Meulestede-Afrikalaan.",
        "schepen van Welzijn bezocht de wijk.",
        "Juni en Mei zijn drukke maanden. Maandag is het loket dicht.",
        "18-jarigen en een vrouw van 34 jaar; artikel 1344ter",
    ],
)
def test_name_negatives(text: str) -> None:
    assert find_personal_data(text) == []


# ------------------------------------------------------------------ mask --
def test_mask_text_placeholders_and_idempotent() -> None:
    text = (
        "Mevrouw De Smet (°12/03/1984) woont Sleepstraat 12, tel 0470 12 34 56, "
        "mail an@stad.gent, IBAN {iban}, RR 85073003328, auto 1-ABC-123, "
        "dossier 88123."
    )
    text = text.format(iban=_be_iban())
    masked = mask_text(text)
    for ph in PLACEHOLDERS.values():
        assert ph in masked, ph
    assert "Smet" not in masked and "0470" not in masked
    assert mask_text(masked) == masked
    assert find_personal_data(masked) == []


def test_mask_text_with_given_findings() -> None:
    text = "bel 0470 12 34 56 of mevrouw Peeters"
    fs = [f for f in find_personal_data(text) if f.type != "NAME"]
    assert mask_text(text, fs) == "bel [telefoonnummer] of mevrouw Peeters"
    assert mask_text(text, []) == text


def test_placeholders_never_detected() -> None:
    text = " ".join(PLACEHOLDERS.values()) + " mevrouw [naam] en [naam] [naam]"
    assert find_personal_data(text) == []


# ------------------------------------------------------------- corpus --
def test_corpus_shape() -> None:
    rows = load_corpus(CORPUS)
    assert len(rows) >= 400
    clean = [r for r in rows if not r["spans"]]
    assert len(clean) / len(rows) >= 0.40
    for r in rows:
        for s in r["spans"]:
            assert s["type"] in TYPES
            assert 0 <= s["start"] < s["end"] <= len(r["text"])


def test_masking_the_corpus_leaves_nothing_to_find() -> None:
    leftovers = []
    for r in load_corpus(CORPUS):
        masked = mask_text(r["text"])
        if find_personal_data(masked):
            leftovers.append(masked)
    assert leftovers == []


def test_corpus_has_long_realistic_texts() -> None:
    rows = load_corpus(CORPUS)
    long_rows = [r for r in rows if 300 <= len(r["text"]) <= 800]
    assert len(long_rows) >= 400
    assert sum(1 for r in long_rows if not r["spans"]) >= 250


def test_corpus_evaluation_long_texts() -> None:
    # typical signals (300-800 characters): same targets as the whole corpus
    rows = [r for r in load_corpus(CORPUS) if 300 <= len(r["text"]) <= 800]
    res = evaluate(rows)
    print()
    print(res.table())
    assert res.recall("NAME") >= 0.90
    assert res.recall("ADDRESS") >= 0.90
    assert res.recall() >= 0.95
    assert res.false_alarm_rate <= 0.05


def test_corpus_evaluation() -> None:
    res = evaluate(load_corpus(CORPUS))
    print()
    print(res.table())
    for m in res.misses[:20]:
        print("  miss:", m)
    for fa in res.false_alarms[:20]:
        print("  false alarm:", fa)
    for typ in ("NATIONAL_ID", "IBAN", "EMAIL", "PHONE", "PLATE"):
        assert res.recall(typ) >= 0.99, typ
    assert res.recall("NAME") >= 0.90
    assert res.recall("ADDRESS") >= 0.90
    assert res.recall() >= 0.95
    assert res.false_alarm_rate <= 0.05
