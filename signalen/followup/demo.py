"""Demo data: follow-up steps on the answered items of the demo bundle."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from signalen.followup.services import FollowUpState, record_step

HOUSING = FollowUpState(
    department="Dienst Wonen",
    contact_role="beleidsmedewerker wonen",
    route="stuurgroep",
    status="gepland",
    progress=10,
)
DIGITAL = FollowUpState(
    department="Dienst Welzijn en Gelijke Kansen",
    contact_role="coördinator digitale inclusie",
    route="snelle_actie",
    status="in_uitvoering",
    progress=60,
    political_status="bestuursakkoord",
    political_source="Bestuursakkoord 2025-2030, hoofdstuk Armoede",
)


def load(bundle, users: dict, today: date) -> None:
    """Two follow-up steps on each of the first two items of the demo bundle,
    and this year's evaluation of its priorities."""
    items = list(getattr(bundle, "items", None) or [])[:2]
    if len(items) < 2:
        return None
    load_steps(items, users, today)
    load_evaluation(bundle, users, today)
    return None


def load_steps(items: list, users: dict, today: date) -> None:
    city = users.get("stad")
    when = datetime.combine(today, time(11), tzinfo=UTC) - timedelta(days=10)
    housing, digital = items
    record_step(
        housing,
        city,
        HOUSING,
        note="Eerste overleg van de stuurgroep met het OCMW.",
        now=when,
    )
    record_step(
        housing,
        city,
        FollowUpState(
            **{
                **HOUSING.__dict__,
                "status": "in_uitvoering",
                "progress": 35,
                "promise": "Voorstel voor begeleid wonen voor jongvolwassenen",
                "promise_due": today + timedelta(days=120),
            }
        ),
        note="De woondienst werkt een voorstel uit.",
        now=when + timedelta(days=5),
    )
    digital_state = FollowUpState(
        **{**DIGITAL.__dict__, "political_date": today - timedelta(days=300)}
    )
    record_step(digital, city, digital_state, note="Drie digipunten open.", now=when)
    record_step(
        digital,
        city,
        FollowUpState(
            **{
                **digital_state.__dict__,
                "status": "afgerond",
                "progress": 100,
                "political_status": "uitgevoerd",
                "political_date": today - timedelta(days=6),
                "political_source": "Verslag gemeenteraad",
            }
        ),
        note="Alle digipunten zijn open, ook op zaterdag.",
        now=when + timedelta(days=4),
    )
    return None


def load_evaluation(bundle, users: dict, today: date) -> None:
    """This year's evaluation of the demo bundle's priorities, one still open."""
    from signalen.followup.evaluation import (
        VerdictInput,
        priorities,
        record_verdicts,
        schedule_evaluation,
    )

    chosen = priorities(bundle)
    coordinator = users.get("coordinator")
    if not chosen or coordinator is None:
        return None
    now = datetime.combine(today, time(12), tzinfo=UTC) - timedelta(days=2)
    evaluation = schedule_evaluation(
        bundle, today.year, today + timedelta(days=14), coordinator, now
    )
    scale = ["voorzichtig_positief", "gemengd", "bezorgd", "positief"]
    texts = [
        "Er komen extra plaatsen, maar de wachtlijst blijft lang.",
        "Deels uitgevoerd; de digipunten zijn open, de begeleiding nog niet.",
        "Nog geen zichtbare stappen.",
        "Uitgevoerd zoals beloofd.",
    ]
    verdicts = {
        item.id: VerdictInput(scale[n % 4], texts[n % 4])
        for n, (_rank, item) in enumerate(chosen[:-1] or chosen)
    }
    record_verdicts(evaluation, verdicts, coordinator, now)
    return None
