# ruff: noqa: E501  (data tables read better unwrapped)
"""Demo data of the bundles feature: a published previous bundle and the open one.

The schedule starts on 1 January two years ago, with periods of 24 months, so
today always falls in the open period (this year and next) and the previous
period (the two years before) holds the older demo signals: between half of
them (demo loaded late in December) and nearly all (early in January).

Structural signals are built directly from the demo signals of signalen/demo.py,
grouped by theme and mostly from different organisations. The previous period
is closed through the real service, as the planner would have done on the
night after its last day, with only the signals of that period linked; signals
of the current period are linked afterwards, so the open bundle shows new and
recurring structural signals too. Deterministic: no randomness, only `today`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from signalen.bundles import services
from signalen.bundles.models import Bundle, BundleSchedule, BundleStatus
from signalen.clock import local_midnight
from signalen.coordination.models import StructuralSignal, StructuralStatus
from signalen.coordination.services import link_signals
from signalen.extensions import db
from signalen.organisations.models import Organisation
from signalen.references import next_reference
from signalen.signals.models import Signal, SignalStatus
from signalen.signals.workflow import transition
from signalen.themes.models import Theme

# (title, summary, theme codes, demo signal titles, trekker, status after closing)
GROUPS = [
    ("Jongvolwassenen zonder thuis",
     "Jongeren die 18 worden of de jeugdhulp verlaten, vinden geen betaalbare of begeleide woonvorm en belanden in de nachtopvang of op straat.",
     ["dakloosheid", "wonen"],
     ["Jongvolwassenen belanden in overlevingsmodus", "Geen plek voor jongeren die uit de jeugdhulp stappen", "18-jarigen zonder thuis"],
     "CAW Oost-Vlaanderen, team Gent", StructuralStatus.FOLLOW_UP),
    ("Betaalbaar huren wordt onmogelijk",
     "Huurprijzen en waarborgen stijgen sneller dan de inkomens; de wachtlijst voor een sociale woning is jaren lang.",
     ["wonen"],
     ["Huurprijzen stijgen sneller dan inkomens", "Wachtlijst sociale huisvesting te lang", "Huurwaarborg onbetaalbaar", "Onduidelijke en hoge huurlasten in sociale woningen"],
     "SAAMO Gent", None),
    ("Digitale uitsluiting bij basisdiensten",
     "Afspraken, betalingen en aanvragen kunnen steeds vaker enkel online. Wie geen computer, smartphone of printer heeft, raakt niet aan zijn rechten.",
     ["digitaal"],
     ["Sluiting van digipunten sluit mensen uit", "Afbetalingsplan water enkel met digitale factuur", "Online afspraken maken lukt niet", "Bankzaken enkel nog via app", "Formulieren afdrukken is onbetaalbaar", "Printen voor de school kost te veel"],
     "De Zuidpoort", None),
    ("Te weinig sociale tolken",
     "Voor sommige talen is er geen tolk, en een tolk moet weken vooraf aangevraagd worden. Hulpvragen worden zo verkeerd begrepen.",
     ["taal_communicatie"],
     ["Geen tolk beschikbaar voor sommige talen", "Tolk enkel op afspraak, weken wachten", "Geen tolk bij de huisarts"],
     None, None),
    ("Kinderopvang past niet bij onregelmatig werk",
     "Opvang moet maanden vooraf en digitaal aangevraagd worden en is er niet 's avonds. Ouders in armoede moeten werk weigeren.",
     ["gezin_kind"],
     ["Kinderopvang niet bereikbaar voor last-minute werk", "Geen opvang tijdens avonduren"],
     "Huis van het Kind Gent", StructuralStatus.FOLLOW_UP),
    ("Werkende armen vallen tussen de mazen",
     "Mensen met een laag loon verdienen net te veel voor steun en te weinig om rond te komen.",
     ["inkomen"],
     ["Werkende armen buiten beeld", "Laag loon, geen recht op steun"],
     None, None),
    ("Eenzaamheid in hoogbouw en bij oudere eigenaars",
     "In sociale woontorens en bij alleenwonende oudere eigenaars is weinig ontmoeting; mensen vereenzamen.",
     ["eenzaamheid_ontmoeting"],
     ["Isolement in sociale woontorens", "Eenzaamheid bij ouderen in hoogbouw", "Vereenzaamde eigenaar-bewoners in slechte woningen"],
     "SAAMO Gent", None),
    ("Afval wegbrengen te duur voor gezinnen in armoede",
     "Afvalzakken, grofvuil en het containerpark zijn te duur of te ver; dat leidt tot sluikstort en boetes.",
     ["afval_netheid"],
     ["Sluikstort en zwerfvuil in de straat", "Grofvuil ophalen te duur"],
     None, StructuralStatus.RESOLVED),
    ("De stad is moeilijk bereikbaar met vragen",
     "Bewoners weten niet bij wie ze terechtkunnen, en het infonummer kost belwaarde.",
     ["dienstverlening_rechten"],
     ["Niet weten waar je een probleem kan melden", "Infonummer betalend"],
     "Dienst Welzijn en Gelijke Kansen", None),
    ("Vervoer te duur of niet toegankelijk",
     "Openbaar vervoer, rijbewijs en deelauto's zijn voor mensen met een laag inkomen te duur of niet bruikbaar.",
     ["mobiliteit"],
     ["Wijk afgesneden na lange wegenwerken", "Rijbewijs te duur voor werkzoekenden", "Autodelen niet toegankelijk"],
     None, None),
    ("Ontmoetingsplekken in de wijk verdwijnen",
     "Buurtzalen en de ontmoetingsfunctie van de sociale kruidenier verdwijnen zonder alternatief.",
     ["eenzaamheid_ontmoeting"],
     ["Ontmoetingsfunctie van de sociale kruidenier verdwijnt", "Ontmoetingsplek in de wijk verdwijnt"],
     None, None),
    ("Jongeren voelen zich geviseerd bij controles",
     "Jongeren met een migratieachtergrond worden vaker en harder gecontroleerd en voelen zich niet welkom.",
     ["discriminatie"],
     ["Ervaringen met etnische profilering", "Jongeren voelen zich geviseerd"],
     None, None),
    ("Geen betaalbare zalen voor kleine verenigingen",
     "Kleine vrijwilligersorganisaties vinden geen betaalbaar lokaal om samen te komen.",
     ["middenveld"],
     ["Geen betaalbare vergaderruimte voor kleine verenigingen", "Verenigingen vinden geen zaal"],
     None, None),
]  # fmt: skip

# Merged by the coordinator only in the current period, whatever the signals' age:
# the open bundle always has new structural signals to show.
MERGED_LATER = {
    "Ontmoetingsplekken in de wijk verdwijnen",
    "Jongeren voelen zich geviseerd bij controles",
}

INTRODUCTION = (
    "Deze bundel brengt de structurele signalen samen die organisaties uit het "
    "Gentse sociale middenveld de voorbije twee jaar gaven. Elk signaal steunt op "
    "meldingen van verschillende organisaties. We vragen de stad om per signaal "
    "te antwoorden: wat er al gebeurt, wat er zal gebeuren, of waarom niet."
)


def _seen(signal: Signal) -> datetime:
    return signal.submitted_at or signal.created_at


def _link(structural: StructuralSignal, signals: list[Signal], coordinator, ceiling):
    for signal in signals:
        when = min(_seen(signal) + timedelta(days=2), ceiling)
        link_signals(structural, [signal], coordinator, now=when)
        structural.updated_at = max(structural.updated_at, when)


def _structural(group, signals: list[Signal], coordinator, orgs, ceiling):
    title, summary, theme_codes, _titles, owner, _status = group
    created = min(_seen(signals[0]) + timedelta(days=1), ceiling)
    themes = list(db.session.scalars(select(Theme).where(Theme.code.in_(theme_codes))))
    structural = StructuralSignal(
        reference=next_reference("SS", created.year),
        title=title,
        summary=summary,
        city_wide=any(s.city_wide for s in signals),
        government_level_id=signals[0].government_level_id,
        owner_organisation=orgs.get(owner),
        status=StructuralStatus.OPEN,
        created_by=coordinator,
        created_at=created,
        updated_at=created,
    )
    structural.themes = themes
    structural.target_groups = list(
        {g.id: g for s in signals for g in s.target_groups}.values()
    )
    structural.areas = list({a.id: a for s in signals for a in s.areas}.values())
    db.session.add(structural)
    db.session.flush()
    _link(structural, signals, coordinator, ceiling)
    return structural


def load(users: dict, today: date):
    """Build the demo bundles; returns the published demo bundle (or None)."""
    existing = db.session.scalar(
        select(Bundle).where(Bundle.status == BundleStatus.PUBLISHED).limit(1)
    )
    if existing is not None or db.session.scalar(select(Bundle.id).limit(1)):
        return existing
    coordinator = users["coordinator"]
    first_start = date(today.year - 2, 1, 1)
    schedule = services.get_schedule()
    if schedule is None:
        schedule = BundleSchedule(first_start=first_start, period_months=24,
                                  reminder_days=30)  # fmt: skip
        db.session.add(schedule)
    else:
        schedule.first_start, schedule.period_months = first_start, 24
    db.session.flush()
    boundary = local_midnight(date(today.year, 1, 1)).astimezone(UTC)
    now = datetime.combine(today, time(12), tzinfo=UTC)
    orgs = {o.name: o for o in db.session.scalars(select(Organisation))}

    pending = []
    for group in GROUPS:
        titles = group[3]
        signals = sorted(
            db.session.scalars(
                select(Signal).where(
                    Signal.title.in_(titles), Signal.status != SignalStatus.DRAFT
                )
            ),
            key=lambda s: (_seen(s), s.id),
        )
        later = group[0] in MERGED_LATER
        before = [s for s in signals if _seen(s) < boundary and not later]
        after = [s for s in signals if s not in before]
        structural = None
        if before:
            ceiling = boundary - timedelta(hours=1)
            structural = _structural(group, before, coordinator, orgs, ceiling)
        pending.append((group, structural, after))
    db.session.flush()

    # The night after the last day of the previous period, the planner closed it.
    closed_at = boundary + timedelta(minutes=15)
    services.close_due_bundles(date(today.year, 1, 1), closed_at)
    published = db.session.scalar(
        select(Bundle).where(Bundle.status == BundleStatus.CLOSED).limit(1)
    )
    if published is not None:
        published.introduction = INTRODUCTION
        services.publish_bundle(
            published, now=min(closed_at + timedelta(days=14), now), actor=coordinator
        )

    # Since then: new signals, new structural signals, one resolved.
    for group, structural, after in pending:
        status = group[5]
        ceiling = now - timedelta(hours=1)
        if after:
            if structural is None:
                structural = _structural(group, after, coordinator, orgs, ceiling)
            else:
                _link(structural, after, coordinator, ceiling)
        if structural is not None and status is not None:
            when = max(
                structural.updated_at, min(closed_at + timedelta(days=60), ceiling)
            )
            transition(structural, status, coordinator, when)
    services.ensure_current_bundle(today)
    db.session.flush()
    return published
