"""A consultation on a chapter of a real policy text (001, 2.3.3), end to end in
Chromium: the coordinator pastes the draft text and opens it, a council with
accounts and a council with a code give remarks (personal data refused next to
the field, the typed text kept), the coordinator writes the synthesis, the city
answers, and the appendix reads like the policy note's: chapter, remarks per
source code, "➢" answers; its Word and Excel files open. Every page passes axe;
at 390 px wide no page scrolls sideways."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import docx
import openpyxl
import pytest

from signalen.consultations.models import Consultation
from signalen.database import utcnow
from signalen.permissions import Role
from signalen.prioritisation.forms import DATETIME_FORMAT, utc_to_local
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}

# Chapter 2.3.3 of "Samen stad maken begint in de wijken" (sources/001).
DRAFT = """2.3.3. Een sterk sociaal buurtnetwerk
De buurt is een netwerk van bewoners, groepen, vrijwilligers en professionele
krachten. Buurtwerk doe je niet alleen, maar samen met vele stadsdiensten en
partners die elk vanuit hun kennis en ervaring de samenhang in de buurt verbeteren.

Actie  Meer dan ooit werken vanuit partnerschap
We werken zoveel als mogelijk samen met de plaatselijke partners, zoals de
moskee, buurtwinkel of -café, brede school of Lokaal Dienstencentrum.

Actie Repaircafés
Samen met partners organiseren we repaircafés in de wijken.
"""
SO_REMARK = (
    "We verwachten hier graag een volledige vermelding van de wijken waarin we werken."
)
PLANTED = "Mevrouw Janssens uit de Sleepstraat 12 vraagt meer repaircafés."
JR_REMARK = (
    "Misschien moet hier breder worden nagedacht over hoe de verschillende "
    "doelgroepen kunnen worden betrokken."
)


def login(page, email):
    page.goto("/account/aanmelden")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(lambda url: "/account/aanmelden" not in url)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def checked(page, axe_check, *, phone=True):
    """axe of any impact on this page, and at 390 px no sideways scrolling."""
    assert axe_check(page) == [], page.url
    if phone:
        size = page.viewport_size
        page.set_viewport_size(PHONE)
        assert no_sideways_scroll(page), page.url
        assert axe_check(page) == [], page.url
        page.set_viewport_size(size)


def flash(page) -> str:
    return page.locator(".flashes").inner_text()


def download(page, name):
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return info.value.path().read_bytes()


def test_consultation_on_a_chapter(
    new_page, db, make_user, make_org, axe_check
):  # fmt: skip
    coordinator = make_user(Role.COORDINATOR, email="coord@inspraak.org")
    city = make_user(Role.CITY, email="stad@inspraak.org")
    samenlevingsopbouw = make_org("Samenlevingsopbouw Gent")
    worker = make_user(
        Role.WORKER, organisation=samenlevingsopbouw, email="so@inspraak.org"
    )
    now = utc_to_local(utcnow())

    # The coordinator pastes the draft text, looks at the preview, saves.
    desk = new_page(DESK)
    desk.goto("/account/aanmelden")
    checked(desk, axe_check)
    login(desk, coordinator.email)
    desk.goto("/inspraak/nieuw")
    checked(desk, axe_check)
    desk.fill("#title", "Ontwerp beleidsnota Samen stad maken")
    desk.fill("#opens_at", (now - timedelta(hours=1)).strftime(DATETIME_FORMAT))
    desk.fill("#closes_at", (now + timedelta(days=14)).strftime(DATETIME_FORMAT))
    desk.fill("#outline", DRAFT)
    desk.get_by_role("button", name="Voorbeeld tonen").click()
    preview = desk.locator("#voorbeeld").inner_text()
    assert "3 hoofdstukken en acties." in preview
    assert "Hoofdstuk: 2.3.3 Een sterk sociaal buurtnetwerk" in preview
    assert "Actie: Actie Repaircafés" in preview
    assert desk.input_value("#outline").startswith("2.3.3. Een sterk")
    checked(desk, axe_check)
    desk.get_by_role("button", name="Inspraak aanmaken").click()
    assert "Inspraak aangemaakt" in flash(desk)
    consultation = db.session.query(Consultation).one()
    chapter, partnership, repair = consultation.sections
    assert repair.parent_id == chapter.id and repair.body.startswith("Samen met")
    cid = consultation.id
    checked(desk, axe_check)

    # One action was not meant to be asked about: the coordinator deletes it.
    desk.get_by_role("link", name="Bewerken", exact=True).click()
    checked(desk, axe_check)
    desk.get_by_role("link", name=re.compile("verwijderen.*partnerschap")).click()
    checked(desk, axe_check)
    desk.get_by_role("button", name="Verwijderen").click()
    assert "Actie Meer dan ooit werken vanuit partnerschap verwijderd." in flash(desk)
    db.session.expire_all()
    assert consultation.sections == [chapter, repair]

    # Participants: an organisation with accounts (SO), a council by code (JR).
    desk.goto(f"/inspraak/{cid}/deelnemers")
    desk.select_option("#organisation", label="Samenlevingsopbouw Gent")
    desk.fill("#source_code", "SO")
    desk.get_by_role("button", name="Toevoegen").click()
    assert "Samenlevingsopbouw Gent neemt deel als SO." in flash(desk)
    code_form = desk.locator("form[action$='/deelnemers/code']")
    code_form.locator("#source_code").fill("JR")
    code_form.locator("#name").fill("Jeugdraad")
    code_form.get_by_role("button", name="Code maken").click()
    code = desk.locator(".code-value").inner_text().strip()
    assert len(code) == 11
    checked(desk, axe_check)
    desk.goto(f"/inspraak/{cid}")
    desk.get_by_role("button", name="Nu openen").click()
    assert "De inspraak is open." in flash(desk)

    # SO, on a phone: a remark with planted personal data is refused next to
    # the field, the typed text stays; the corrected remark is saved.
    so = new_page()
    login(so, worker.email)
    so.goto(f"/inspraak/{cid}/meedoen")
    checked(so, axe_check)
    so.select_option("#section", str(repair.id))
    so.fill("#text", PLANTED)
    so.get_by_role("button", name="Opmerking bewaren").click()
    next_to_field = so.locator(".field:has(#text) .field-errors").inner_text()
    assert "naam" in next_to_field.lower() or "adres" in next_to_field.lower()
    assert so.input_value("#text") == PLANTED
    assert so.locator("#pii-titel").inner_text() == "Mogelijk persoonsgegevens gevonden"
    checked(so, axe_check)
    so.fill("#text", SO_REMARK)
    so.get_by_role("button", name="Opmerking bewaren").click()
    assert "Opmerking bewaard" in flash(so)
    so.select_option("#section", str(chapter.id))
    so.fill("#text", "Vermeld ook Muide-Meulestede.")
    so.get_by_role("button", name="Opmerking bewaren").click()
    assert "Opmerking bewaard" in flash(so)
    checked(so, axe_check)
    # While it is open, SO completes its own remark.
    so.get_by_role("link", name=re.compile("verwijderen.*over 2.3.3")).click()
    checked(so, axe_check)
    assert so.input_value("#text") == "Vermeld ook Muide-Meulestede."
    so.fill("#text", "Vermeld ook Muide-Meulestede en Ledeberg.")
    so.get_by_role("button", name="Opmerking bewaren").click()
    assert "Opmerking aangepast." in flash(so)

    # JR, with the code on paper, on a phone.
    jr = new_page()
    jr.goto("/inspraak/code")
    checked(jr, axe_check)
    jr.fill("#code", code.lower())
    jr.get_by_role("button", name="Verder").click()
    jr.wait_for_url("**/inspraak/code/meedoen")
    assert "Je geeft opmerkingen als JR (Jeugdraad)." in jr.content()
    jr.select_option("#section", str(chapter.id))
    jr.fill("#text", JR_REMARK)
    jr.get_by_role("button", name="Opmerking bewaren").click()
    assert "Opmerking bewaard" in flash(jr)
    checked(jr, axe_check)

    # The coordinator writes the "Signalen" paragraph of the chapter.
    desk.goto(f"/inspraak/{cid}/deel/{chapter.id}/signalen")
    checked(desk, axe_check)
    desk.fill("#synthesis", "De adviesraden vragen een volledige lijst van wijken.")
    desk.get_by_role("button", name="Bewaren").click()
    assert "Samenvatting bewaard." in flash(desk)
    checked(desk, axe_check)

    # The city answers every remark.
    town = new_page(DESK)
    login(town, city.email)
    db.session.expire_all()
    answers = {
        SO_REMARK: ("overgenomen", "Dit werd aangepast in de nota onder 2.3.3", ""),
        "Vermeld ook Muide-Meulestede en Ledeberg.": (
            "al_voorzien", "Staat al in de lijst van wijken.", "",
        ),
        JR_REMARK: (
            "doorgegeven", "Goed voorstel, we bekijken dat breder.",
            "Dienst Ontmoeten en Verbinden",
        ),
    }  # fmt: skip
    for remark in [r for s in consultation.sections for r in s.remarks]:
        kind, text, department = answers[remark.text]
        town.goto(f"/inspraak/opmerking/{remark.id}")
        checked(town, axe_check)
        town.select_option("#answer_type", kind)
        town.fill("#text", text)
        town.fill("#department", department)
        town.get_by_role("button", name="Antwoord bewaren").click()
        assert "Antwoord bewaard." in flash(town)
    checked(town, axe_check)
    # The city rewords one answer; the first wording stays on record.
    [jr_remark] = [r for r in chapter.remarks if r.text == JR_REMARK]
    town.goto(f"/inspraak/opmerking/{jr_remark.id}")
    town.get_by_role("link", name=re.compile("aanpassen.*Doorgegeven")).click()
    checked(town, axe_check)
    town.fill("#text", "Goed voorstel. De dienst bekijkt hoe dat breder kan.")
    town.get_by_role("button", name="Antwoord bewaren").click()
    assert "De vorige versie blijft bewaard." in flash(town)
    town.get_by_text("1 eerdere versie").click()
    assert (
        "Goed voorstel, we bekijken dat breder." in town.locator("details").inner_text()
    )
    checked(town, axe_check)

    # The appendix reads like the policy note's.
    town.goto(f"/inspraak/{cid}/bijlage")
    appendix = town.locator(".appendix").inner_text()
    assert "Terugkoppeling inspraak: Ontwerp beleidsnota Samen stad maken" in appendix
    assert appendix.index("2.3.3 Een sterk sociaal buurtnetwerk") < appendix.index(
        "Actie Repaircafés"
    )
    assert "De adviesraden vragen een volledige lijst van wijken." in appendix
    assert f"JR: {JR_REMARK}" in appendix
    assert f"SO: {SO_REMARK}" in appendix
    assert "➢ Overgenomen: Dit werd aangepast in de nota onder 2.3.3" in appendix
    assert (
        "➢ Doorgegeven aan dienst: Goed voorstel. De dienst bekijkt hoe dat breder "
        "kan. (dienst: Dienst Ontmoeten en Verbinden)" in appendix
    )
    assert "we bekijken dat breder" not in appendix  # only the current version
    assert "Janssens" not in appendix
    checked(town, axe_check)

    # The Word and Excel files open and hold the same.
    town.goto(f"/inspraak/{cid}")
    word = docx.Document(io.BytesIO(download(town, "Bijlage als Word")))
    lines = [p.text for p in word.paragraphs]
    assert "2.3.3 Een sterk sociaal buurtnetwerk" in lines
    assert f"SO: {SO_REMARK}" in lines
    assert "➢ Overgenomen: Dit werd aangepast in de nota onder 2.3.3" in lines
    workbook = openpyxl.load_workbook(io.BytesIO(download(town, "Bijlage als Excel")))
    table = workbook["Inspraak"]
    assert [c.value for c in table[1]] == ["Signaal", "Voorbeelden/citaten", "Antwoord"]
    rows = {row[0].value.split("\n")[0]: row for row in table.iter_rows(min_row=2)}
    chapter_row = rows["2.3.3 Een sterk sociaal buurtnetwerk"]
    assert f"JR: {JR_REMARK}" in chapter_row[1].value
    assert "JR ➢ Doorgegeven aan dienst" in chapter_row[2].value
    assert f"SO: {SO_REMARK}" in rows["Actie Repaircafés"][1].value
