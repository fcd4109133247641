"""Demo data of the city's answers on the demo bundle."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from signalen.responses.services import Answer, record_answer

DEMO_ANSWERS = [
    Answer(
        "doorgegeven",
        "Signaal doorgegeven aan de betrokken diensten. De woondienst bekijkt samen "
        "met het OCMW hoe begeleid wonen voor jongvolwassenen kan uitbreiden.",
        department="Dienst Wonen",
        follow_up_route="stuurgroep",
        progress="in_opvolging",
    ),
    Answer(
        "opgenomen",
        "Opgenomen in het armoedebeleidsplan: extra digipunten in de wijken.",
        department="Dienst Welzijn en Gelijke Kansen",
        follow_up_route="snelle_actie",
        progress="afgerond",
        political_status="In het bestuursakkoord",
    ),
    Answer(
        "bovenlokaal",
        "Dit valt onder de bevoegdheid van de Vlaamse overheid; we geven het door "
        "via de centrumsteden.",
        follow_up_route="expert",
        progress="nog_niet_gestart",
    ),
]


def load(bundle, users: dict, today: date) -> None:
    """Add city answers to some items of the demo bundle."""
    if bundle is None or not getattr(bundle, "items", None):
        return None
    city = users.get("stad")
    when = datetime.combine(today, time(10), tzinfo=UTC) - timedelta(days=14)
    for offset, (item, answer) in enumerate(
        zip(bundle.items, DEMO_ANSWERS, strict=False)
    ):
        record_answer(item, city, answer, now=when + timedelta(days=offset))
    return None
