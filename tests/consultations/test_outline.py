"""The pasted draft text, split into chapters and actions."""

from __future__ import annotations

import pytest

from signalen.consultations import services
from signalen.consultations.outline import parse_outline, preview
from signalen.errors import SignalenError
from signalen.textcheck import PersonalDataFound

from .conftest import NOW

DRAFT = """Hoofdstuk 1: Inleiding
We maken samen stad.

2.3 Een sterk sociaal buurtnetwerk
Buurtwerk in elke wijk.
2.3.1 Repaircafés in de wijken
Elke maand een repaircafé.
Actie: Buurtsalons

# Wijkbudget
## Een jury van bewoners
2.4. Loting
"""


def test_markers_make_chapters_and_actions(app):
    with app.test_request_context():
        parts = parse_outline(DRAFT)
    assert [(p.heading, p.is_action) for p in parts] == [
        ("1 Inleiding", False),
        ("2.3 Een sterk sociaal buurtnetwerk", False),
        ("2.3.1 Repaircafés in de wijken", True),
        ("Actie Buurtsalons", True),
        ("Wijkbudget", False),
        ("Een jury van bewoners", True),
        ("2.4 Loting", False),
    ]
    assert parts[0].body == "We maken samen stad."
    assert parts[2].body == "Elke maand een repaircafé."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Zomaar tekst\n1. Hoofdstuk", "Regel 1: de tekst moet beginnen"),
        ("Actie: te vroeg", "Regel 1: een actie hoort onder een hoofdstuk"),
        ("1. " + "x" * 201, "Regel 1: deze titel is langer dan 200 tekens"),
        ("Inleiding\n\nHoofdstuk 3:", "Regel 1"),
    ],
)
def test_unreadable_text_says_which_line(app, text, message):
    with app.test_request_context():
        with pytest.raises(SignalenError) as raised:
            parse_outline(text)
        assert raised.value.field == "outline"
        assert message in str(raised.value)
        assert preview(text)[1] == str(raised.value)


def test_a_year_at_the_start_of_a_line_is_text(app):
    with app.test_request_context():
        [part] = parse_outline("1. Inleiding\n2020 was een moeilijk jaar.")
    assert part.body == "2020 was een moeilijk jaar."


def test_creating_with_a_pasted_text_adds_the_parts(db, coordinator):
    consultation = services.create_consultation(
        coordinator,
        title="Nota",
        opens_at=NOW,
        closes_at=NOW.replace(year=2027),
        now=NOW,
        outline=DRAFT,
    )
    db.session.commit()
    headings = [(s.heading, s.parent.heading if s.parent else None)
                for s in consultation.sections]  # fmt: skip
    assert headings[:4] == [
        ("1 Inleiding", None),
        ("2.3 Een sterk sociaal buurtnetwerk", None),
        ("2.3.1 Repaircafés in de wijken", "2.3 Een sterk sociaal buurtnetwerk"),
        ("Actie Buurtsalons", "2.3 Een sterk sociaal buurtnetwerk"),
    ]
    assert len(headings) == 7


def test_a_pasted_text_with_personal_data_stores_nothing(db, coordinator):
    from signalen.consultations.models import Consultation

    with pytest.raises(PersonalDataFound):
        services.create_consultation(
            coordinator,
            title="Nota",
            opens_at=NOW,
            closes_at=NOW.replace(year=2027),
            now=NOW,
            outline="1. Inleiding\nBel mevrouw Peeters op 0470 12 34 56.",
        )
    db.session.rollback()
    assert db.session.query(Consultation).count() == 0


def test_preview_then_save_on_the_page(client, login_as, coordinator, db):
    from signalen.consultations.models import Consultation

    login_as(coordinator)
    data = {
        "title": "Beleidsnota participatie",
        "opens_at": "2030-01-10T09:00",
        "closes_at": "2030-02-10T17:00",
        "outline": DRAFT,
        "action": "preview",
    }
    page = client.post("/inspraak/nieuw", data=data)
    assert page.status_code == 200
    assert "Voorbeeld: zo wordt de tekst gesplitst" in page.text
    assert "7 hoofdstukken en acties." in page.text
    assert db.session.query(Consultation).count() == 0
    wrong = client.post("/inspraak/nieuw", data={**data, "outline": "Actie: x"})
    assert wrong.status_code == 422
    assert "Regel 1: een actie hoort onder een hoofdstuk." in wrong.text
    saved = client.post("/inspraak/nieuw", data={**data, "action": "save"})
    assert saved.status_code == 302
    [consultation] = db.session.query(Consultation).all()
    assert len(consultation.sections) == 7
    more = client.post(
        f"/inspraak/{consultation.id}/bewerken",
        data={**data, "action": "save", "outline": "3. Nog een hoofdstuk"},
    )
    assert more.status_code == 302
    db.session.expire_all()
    assert consultation.sections[-1].heading == "3 Nog een hoofdstuk"
