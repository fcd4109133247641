"""Evidence that features above bundles add to a bundle item.

A consultation remark linked to a structural signal counts as evidence of it
("Ook gemeld in inspraak"). Consultations sit above bundles and cannot be
imported here, so a feature registers a MentionSource on the app (the
consultations blueprint does, see consultations/bundle_source.py) and closing a
bundle asks every registered source two things: which structural signals had
such activity in the period (so they reach the bundle), and what to freeze
with each item. The texts pass the personal-data check again at freezing: a
text with any finding is left out, only where it was said is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy import Select

from signalen.bundles.snapshot import ConsultationMention
from signalen.textcheck import find_in_fields

EXTENSION = "signalen.bundle_mention_sources"


@dataclass(frozen=True)
class MentionSource:
    # Structural signal ids with a mention made or linked in [start, end).
    active_ids: Callable[[datetime, datetime], Select]
    # The mentions per structural signal id, oldest first.
    mentions: Callable[[Sequence[int]], dict[int, list[ConsultationMention]]]


def register_mention_source(app: Flask, source: MentionSource) -> None:
    """Let closing a bundle read this feature's mentions (once per app)."""
    app.extensions.setdefault(EXTENSION, []).append(source)


def mention_sources() -> list[MentionSource]:
    return list(current_app.extensions.get(EXTENSION, []))


def passes_check(text: str | None) -> bool:
    """True when the detector finds no personal data at all in the text (a
    finding once marked "geen persoonsgegeven" is still left out of a bundle)."""
    return bool(text) and not find_in_fields({"text": text})


def mentions_for(structural_ids: Sequence[int]) -> dict[int, list[ConsultationMention]]:
    """Every source's mentions per structural signal id, texts checked again."""
    result: dict[int, list[ConsultationMention]] = {sid: [] for sid in structural_ids}
    for source in mention_sources():
        for sid, found in source.mentions(structural_ids).items():
            for mention in found:
                checked = ConsultationMention(**mention)
                if not passes_check(checked["text"]):
                    checked["text"] = None
                result.setdefault(sid, []).append(checked)
    return result
