"""Demo data: an open consultation on a draft policy note, with remarks of two
participants (SAAMO by account, the youth council by code), a synthesis and
the city's first answers, in the layout of the note's appendix."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from signalen.consultations import access, services
from signalen.consultations.models import Consultation, ConsultationStatus


def load(users: dict, today: date) -> Consultation | None:
    """One open consultation; it closes two weeks after the demo's today."""
    coordinator, city = users.get("coordinator"), users.get("stad")
    worker = users.get("opbouwwerker")
    if coordinator is None or city is None or worker is None:
        return None
    now = datetime.combine(today, time(10), tzinfo=UTC)
    consultation = services.create_consultation(
        coordinator,
        title="Ontwerp beleidsnota Participatie",
        introduction=(
            "Na de bespreking in de commissie kregen we opmerkingen en "
            "suggesties. Hieronder staan ze per hoofdstuk en per actie, met "
            "hoe we ermee aan de slag gaan."
        ),
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=14),
        now=now - timedelta(days=8),
    )
    general = services.add_section(consultation, coordinator, title="Algemeen")
    network = services.add_section(
        consultation,
        coordinator,
        number="2.3.3",
        title="Een sterk sociaal buurtnetwerk",
        body=(
            "We werken samen met organisaties die in verschillende wijken actief zijn."
        ),
    )
    repair = services.add_section(
        consultation, coordinator, title="Actie Repaircafés", parent=network
    )
    saamo = services.add_account_participant(
        consultation,
        coordinator,
        organisation=worker.organisation,
        source_code="SO",
        name="SAAMO Gent",
    )
    youth, _code = access.add_code_participant(
        consultation, coordinator, source_code="JR", name="Jeugdraad"
    )
    services.transition(
        consultation, ConsultationStatus.OPEN, None, now - timedelta(days=7)
    )
    first = services.record_remark(
        youth,
        general,
        text=(
            "Besteed bij het uitrollen van de acties ook aandacht aan het "
            "na-traject van inspraak en participatie."
        ),
        author=None,
        now=now - timedelta(days=6),
    )
    second = services.record_remark(
        saamo,
        network,
        text=(
            "We werken in Watersportbaan, Nieuw Gent, Rabot, Muide-Meulestede "
            "en Ledeberg. Graag een volledige vermelding van de wijken."
        ),
        author=worker,
        now=now - timedelta(days=5),
    )
    services.record_remark(
        saamo,
        repair,
        text="Repaircafés trekken vooral mensen die al mee zijn. Zoek ook andere.",
        author=worker,
        now=now - timedelta(days=4),
    )
    services.write_synthesis(
        general,
        coordinator,
        text=(
            "De intenties van de nota worden gewaardeerd. Men kijkt uit naar "
            "hoe dit in de praktijk vorm krijgt en blijft graag op de hoogte."
        ),
        now=now - timedelta(days=3),
    )
    services.answer_remark(
        first,
        city,
        answer_type="al_voorzien",
        text=(
            "Een goede terugkoppeling is een teken van respect tegenover wie "
            "een inbreng geeft. Dienst Beleidsparticipatie waakt erover dat er "
            "een natraject is (zie 3.4)."
        ),
        now=now - timedelta(days=2),
    )
    services.answer_remark(
        second,
        city,
        answer_type="overgenomen",
        text="Dit werd aangepast in de nota onder 2.3.3.",
        now=now - timedelta(days=2),
    )
    return consultation
