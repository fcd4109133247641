"""Prioritisation rounds: the services, re-exported from their own modules.

"De score adviseert, mensen beslissen": the aggregation is shown with its
formula and per group of participants; the coordinator records the choice
with a reason per item. Each idea has its own module:

- rounds.py        setting up, changing, opening and closing a round
- participants.py  participants with an account and their group
- code_access.py   personal codes for people without an account, logging in
- throttle.py      the limit on wrong codes (per round, per code)
- ballots.py       saving and submitting a ballot under the round's rules
- results.py       counting: scores, ranks, the formula in words
- decisions.py     the final choice with a reason per item

New code imports from those modules; this one keeps older imports working
(exports, the browser tests and the benchmark use it).
"""

from __future__ import annotations

from signalen.prioritisation.ballots import (
    COMMENT_MAX,
    SCORE_MAX,
    SCORE_MIN,
    EntryInput,
    ballot_of,
    ballot_state,
    save_ballot,
    submitted_ballot_count,
    voting_is_open,
)
from signalen.prioritisation.code_access import (
    CODES_MAX_PER_BATCH,
    CodeLogin,
    add_code_participants,
    code_block_until,
    lift_code_block,
    login_with_code,
    participant_from_code_session,
    replace_code,
)
from signalen.prioritisation.decisions import (
    REASON_MAX,
    DecisionInput,
    deciding_round,
    decisions_for_items,
    final_choice,
    latest_closed_round,
    latest_decisions,
    mark_deciding_round,
    record_decisions,
)
from signalen.prioritisation.errors import FieldErrors
from signalen.prioritisation.labels import GROUP_ORDER, group_label, status_label
from signalen.prioritisation.participants import (
    candidate_users,
    default_group,
    participant_for,
    set_user_participants,
)
from signalen.prioritisation.results import (
    EQUAL_WEIGHT_EXPLANATION,
    ItemResult,
    RoundResults,
    competition_ranks,
    compute_results,
    formula_for,
    place_label,
)
from signalen.prioritisation.rounds import (
    DEFAULT_CRITERIA,
    EXPLANATION_MAX,
    TITLE_MAX,
    RoundSettings,
    can_have_round,
    close_round,
    create_round,
    has_rounds,
    open_and_close_due_rounds,
    open_round,
    rounds_for_user,
    rounds_of_bundle,
    update_round,
)

__all__ = [
    "CODES_MAX_PER_BATCH",
    "COMMENT_MAX",
    "DEFAULT_CRITERIA",
    "EQUAL_WEIGHT_EXPLANATION",
    "EXPLANATION_MAX",
    "GROUP_ORDER",
    "REASON_MAX",
    "SCORE_MAX",
    "SCORE_MIN",
    "TITLE_MAX",
    "CodeLogin",
    "DecisionInput",
    "EntryInput",
    "FieldErrors",
    "ItemResult",
    "RoundResults",
    "RoundSettings",
    "add_code_participants",
    "ballot_of",
    "ballot_state",
    "can_have_round",
    "candidate_users",
    "close_round",
    "code_block_until",
    "competition_ranks",
    "compute_results",
    "create_round",
    "default_group",
    "deciding_round",
    "decisions_for_items",
    "final_choice",
    "formula_for",
    "group_label",
    "has_rounds",
    "latest_closed_round",
    "latest_decisions",
    "lift_code_block",
    "mark_deciding_round",
    "login_with_code",
    "open_and_close_due_rounds",
    "open_round",
    "participant_for",
    "participant_from_code_session",
    "place_label",
    "record_decisions",
    "replace_code",
    "rounds_for_user",
    "rounds_of_bundle",
    "save_ballot",
    "set_user_participants",
    "status_label",
    "submitted_ballot_count",
    "update_round",
    "voting_is_open",
]
