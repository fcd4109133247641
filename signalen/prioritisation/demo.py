"""Demo data of the prioritisation feature: a finished round on the demo bundle."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from signalen.prioritisation.ballots import EntryInput, save_ballot
from signalen.prioritisation.code_access import add_code_participants
from signalen.prioritisation.decisions import (
    DecisionInput,
    mark_deciding_round,
    record_decisions,
)
from signalen.prioritisation.models import PrioritisationRound, RoundMethod
from signalen.prioritisation.participants import (
    default_group,
    participant_for,
    set_user_participants,
)
from signalen.prioritisation.results import compute_results
from signalen.prioritisation.rounds import (
    RoundSettings,
    can_have_round,
    close_round,
    create_round,
    open_round,
)

# Who votes, and which items (by position in the bundle, 0-based) they put first.
VOTERS = [
    ("medewerker", [0, 1, 2, 3, 4]),
    ("opbouwwerker", [2, 0, 5, 1, 3]),
    ("vrijwilliger", [1, 2, 0, 6, 4]),
    ("gezinsondersteuner", [1, 0, 3, 2, 5]),
    ("stad", [3, 4, 0, 2, 1]),
]
CODE_VOTERS = [[1, 2, 6, 0, 3], [2, 1, 0, 4, 5]]
PATTERN = [3, 3, 2, 1, 1]  # ten points, at most three per item
COMMENTS: dict[tuple[str | None, int], str] = {
    ("vrijwilliger", 1): "Dit horen we elke week in onze vereniging.",
    ("stad", 3): "Hier kan de stad zelf snel iets aan doen.",
}
REASONS_CHOSEN = [
    "Hoogste score, en gedragen door middenveld, stad en ervaringsdeskundigen.",
    "Ervaringsdeskundigen zetten dit bovenaan; het raakt veel gezinnen.",
    "Kan lokaal aangepakt worden; de stad zag hier een snelle actie.",
]
REASON_NOT_CHOSEN = (
    "Loopt al via een ander traject; we volgen het op in de volgende bundel."
)


def _allocation(order: list[int], n_items: int, total: int, maximum: int) -> list[int]:
    points = [0] * n_items
    left = total
    preferred = [i for i in order if i < n_items] + [
        i for i in range(n_items) if i not in order
    ]
    for index, wanted in zip(preferred, PATTERN + [maximum] * n_items, strict=False):
        give = min(wanted, maximum, left)
        points[index] += give
        left -= give
    for index in preferred:  # fewer items than the pattern: fill up
        give = min(maximum - points[index], left)
        points[index] += give
        left -= give
    return points


def load(bundle, users: dict, today: date) -> PrioritisationRound | None:
    """Add a finished round with ballots and a final choice to the bundle."""
    items = list(bundle.items)
    if not items or not can_have_round(bundle):
        return None
    coordinator = users["coordinator"]
    opens = datetime.combine(today - timedelta(days=40), time(8, 0), tzinfo=UTC)
    closes = datetime.combine(today - timedelta(days=26), time(16, 0), tzinfo=UTC)
    total = min(10, 3 * len(items))
    settings = RoundSettings(
        title="Prioritaire signalen kiezen",
        explanation=(
            "Middenveld, stad en ervaringsdeskundigen kiezen samen welke signalen "
            "uit deze bundel voorrang krijgen. Verdeel je punten over wat jij het "
            "belangrijkst vindt. De score geeft advies; de stuurgroep beslist en "
            "schrijft op waarom."
        ),
        method=RoundMethod.POINTS,
        opens_at=opens,
        closes_at=closes,
        points_total=total,
        points_max_per_item=3,
    )
    round_ = create_round(bundle, settings, coordinator, opens)
    voters = [(key, order) for key, order in VOTERS if key in users]
    set_user_participants(
        round_,
        {users[key].id: default_group(users[key]) for key, _o in voters},
        coordinator,
        opens,
    )
    made = add_code_participants(round_, len(CODE_VOTERS), coordinator, opens)
    open_round(round_, coordinator, opens)
    ballots = [
        (participant_for(round_, users[key]), order, users[key], key)
        for key, order in voters
    ] + [
        (p, order, None, None)
        for (p, _code), order in zip(made, CODE_VOTERS, strict=True)
    ]
    for n, (participant, order, actor, key) in enumerate(ballots):
        assert participant is not None  # every voter was made a participant
        points = _allocation(order, len(items), total, 3)
        entries = {
            item.id: EntryInput(
                points=points[i] or None, comment=COMMENTS.get((key, i))
            )
            for i, item in enumerate(items)
        }
        save_ballot(
            participant,
            entries,
            submit=True,
            now=opens + timedelta(days=1, hours=n),
            actor=actor,
        )
    close_round(round_, None, closes)
    results = compute_results(round_)
    decisions = {}
    for rank, result in enumerate(results.items[: min(3, len(items))], start=1):
        decisions[result.bundle_item_id] = DecisionInput(
            True, rank, REASONS_CHOSEN[rank - 1]
        )
    if len(results.items) > 3:
        decisions[results.items[3].bundle_item_id] = DecisionInput(
            False, None, REASON_NOT_CHOSEN
        )
    record_decisions(round_, decisions, coordinator, closes + timedelta(days=2))
    mark_deciding_round(round_, coordinator, closes + timedelta(days=2))
    return round_
