"""What the public may read of a published bundle, and the switch that allows it.

The public page, the open data and the API's public view all read the items
built here, so one place decides what leaves Signalen without a login:

- from the frozen snapshot: reference, title, summary, themes, wijken,
  target groups, level of government, and counts (signals and organisations
  under EXPORT_MIN_COUNT as "<3"); never the names of the organisations that
  gave the signals, nor their examples or proposed solutions (a worker's
  words), and the trekker only when it did not choose anonymity;
- the deciding round's choice (chosen, rank, reason);
- the city's latest answer (type, text, department, follow-up route,
  progress) and the current follow-up step (status, route, department,
  progress %, date); never an author, a political status, a contact or a
  follow-up note, which are internal.

Every free text passes the export's second anonymisation pass (personal data
and names of anonymous organisations masked). Building the list runs that
pass over every text, so it is cached per process for a bundle until its
answers, follow-up, decisions or switch change, and at most PUBLIC_CACHE_SECONDS.
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from signalen.audit.services import record_event
from signalen.bundles.models import Bundle, BundleItem, BundleStatus
from signalen.errors import SignalenError
from signalen.exports.sanitise import (
    TextCleaner,
    hidden_organisations,
    owner_label,
    small_count,
)
from signalen.extensions import db
from signalen.followup.models import ROUTES, STATUSES, FollowUpStep
from signalen.followup.services import current_steps
from signalen.prioritisation.decisions import decisions_for_items
from signalen.prioritisation.models import PriorityDecision
from signalen.public.models import PublicPage
from signalen.responses.models import (
    FOLLOW_UP_ROUTES,
    PROGRESS_STATUSES,
    RESPONSE_TYPES,
    CityResponse,
)
from signalen.responses.services import latest_responses

DEFAULT_CACHE_SECONDS = 600


# --- the switch ------------------------------------------------------------


def public_page(bundle_id: int) -> PublicPage | None:
    return db.session.get(PublicPage, bundle_id)


def is_public(bundle: Bundle) -> bool:
    """Published and switched on by a beheerder (off by default)."""
    if bundle.status != BundleStatus.PUBLISHED:
        return False
    page = public_page(bundle.id)
    return page is not None and page.enabled


def set_public_page(bundle: Bundle, enabled: bool, actor, now: datetime) -> PublicPage:
    """Switch the bundle's public page on or off; only a published bundle can
    be on. Recorded in the audit log."""
    if enabled and bundle.status != BundleStatus.PUBLISHED:
        raise SignalenError(_("Alleen een gepubliceerde bundel kan openbaar."))
    page = public_page(bundle.id)
    if page is None:
        page = PublicPage(bundle_id=bundle.id, enabled=False, version=0)
        db.session.add(page)
    page.enabled = enabled
    page.changed_at = now
    page.changed_by_id = getattr(actor, "id", None)
    page.version = (page.version or 0) + 1
    db.session.flush()
    record_event(
        "public_page_on" if enabled else "public_page_off",
        actor=actor,
        obj=bundle,
        details={"bundle": bundle.title},
    )
    return page


def public_bundles() -> list[Bundle]:
    """Published bundles whose page is on, newest first."""
    return list(
        db.session.scalars(
            select(Bundle)
            .join(PublicPage, PublicPage.bundle_id == Bundle.id)
            .where(
                Bundle.status == BundleStatus.PUBLISHED,
                PublicPage.enabled.is_(True),
            )
            .order_by(Bundle.period_start.desc())
        )
    )


def published_bundles() -> list[Bundle]:
    """Every published bundle (for the beheerder's switches), newest first."""
    return list(
        db.session.scalars(
            select(Bundle)
            .where(Bundle.status == BundleStatus.PUBLISHED)
            .order_by(Bundle.period_start.desc())
        )
    )


# --- the public items --------------------------------------------------------


@dataclass
class PublicAnswer:
    type: str
    type_label: str
    text: str
    department: str
    route: str
    progress: str
    date: str


@dataclass
class PublicFollowUp:
    status: str
    status_label: str
    route: str
    department: str
    percent: int
    date: str


@dataclass
class PublicItem:
    reference: str
    position: int
    title: str
    summary: str
    primary_theme: str
    themes: list[dict]
    areas: list[dict]
    city_wide: bool
    target_groups: list[dict]
    government_level: str
    trekker: str
    signals: int | str
    organisations: int | str
    bundles_seen: int
    recurring: bool
    chosen: bool | None  # None: no decision
    rank: int | None
    reason: str
    answer: PublicAnswer | None
    follow_up: PublicFollowUp | None
    search_text: str = field(default="", repr=False)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("search_text")
        return data


def _labels(values) -> list[dict]:
    return [
        {"code": str(v.get("code", "")), "label": str(v.get("label", ""))}
        for v in values or []
        if isinstance(v, dict)
    ]


def _answer(response: CityResponse | None, clean) -> PublicAnswer | None:
    if response is None:
        return None
    return PublicAnswer(
        type=response.response_type,
        type_label=str(RESPONSE_TYPES.get(response.response_type, "")),
        text=clean(response.text),
        department=clean(response.department),
        route=str(FOLLOW_UP_ROUTES.get(response.follow_up_route or "", "")),
        progress=str(PROGRESS_STATUSES.get(response.progress or "", "")),
        date=response.created_at.date().isoformat(),
    )


def _follow_up(step: FollowUpStep | None, clean) -> PublicFollowUp | None:
    if step is None:
        return None
    return PublicFollowUp(
        status=step.status or "",
        status_label=str(STATUSES.get(step.status or "", "")),
        route=str(ROUTES.get(step.route or "", "")),
        department=clean(step.department),
        percent=int(step.progress or 0),
        date=step.step_date.isoformat(),
    )


def build_public_items(bundle: Bundle, min_count: int) -> list[PublicItem]:
    """Every item of the bundle as the public may read it, in bundle order."""
    items = list(
        db.session.scalars(
            select(BundleItem)
            .where(BundleItem.bundle_id == bundle.id)
            .order_by(BundleItem.position, BundleItem.id)
        )
    )
    ids = [i.id for i in items]
    answers = latest_responses(ids)
    steps = current_steps(ids)
    decisions: dict[int, PriorityDecision] = decisions_for_items(ids)
    cleaner = TextCleaner()
    result = []
    for item in items:
        snap = item.snapshot or {}
        hidden = hidden_organisations(snap)

        def clean(text, hidden=hidden):
            return cleaner.clean(text, hidden)

        evidence = snap.get("evidence") or {}
        themes = _labels(snap.get("themes"))
        level = snap.get("government_level") or {}
        decision = decisions.get(item.id)
        answer = _answer(answers.get(item.id), clean)
        public = PublicItem(
            reference=item.reference,
            position=item.position,
            title=clean(item.title),
            summary=clean(snap.get("summary")),
            primary_theme=themes[0]["label"] if themes else "",
            themes=themes,
            areas=_labels(snap.get("areas")),
            city_wide=bool(snap.get("city_wide")),
            target_groups=_labels(snap.get("target_groups")),
            government_level=str(level.get("label", "")) if level else "",
            trekker=owner_label(snap),
            signals=small_count(evidence.get("signals"), min_count),
            organisations=small_count(evidence.get("organisations"), min_count),
            bundles_seen=int(evidence.get("bundles_seen") or 1),
            recurring=bool(item.is_recurring),
            chosen=decision.chosen if decision else None,
            rank=decision.rank if decision and decision.chosen else None,
            reason=clean(decision.reason) if decision else "",
            answer=answer,
            follow_up=_follow_up(steps.get(item.id), clean),
        )
        public.search_text = " ".join(
            [
                public.reference,
                public.title,
                public.summary,
                answer.text if answer else "",
            ]
        ).casefold()
        result.append(public)
    return result


def _stamp(bundle: Bundle) -> tuple:
    """Changes whenever an answer, a follow-up step, a decision or the switch does."""
    answers = db.session.execute(
        select(func.max(CityResponse.id), func.count(CityResponse.id))
        .join(BundleItem, BundleItem.id == CityResponse.bundle_item_id)
        .where(BundleItem.bundle_id == bundle.id)
    ).one()
    steps = db.session.execute(
        select(func.max(FollowUpStep.id), func.count(FollowUpStep.id))
        .join(BundleItem, BundleItem.id == FollowUpStep.bundle_item_id)
        .where(BundleItem.bundle_id == bundle.id)
    ).one()
    decision = db.session.scalar(
        select(func.max(PriorityDecision.id))
        .join(BundleItem, BundleItem.id == PriorityDecision.bundle_item_id)
        .where(BundleItem.bundle_id == bundle.id)
    )
    page = public_page(bundle.id)
    return (
        tuple(answers),
        tuple(steps),
        decision,
        page.version if page else 0,
        bundle.published_at,
    )


_cache: dict[int, tuple[float, tuple, list[PublicItem]]] = {}
_lock = threading.Lock()


def public_items(bundle: Bundle) -> tuple[list[PublicItem], tuple]:
    """The public items of the bundle (cached) and the stamp they were built at."""
    min_count = int(current_app.config.get("EXPORT_MIN_COUNT", 3))
    seconds = float(
        current_app.config.get("PUBLIC_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)
    )
    stamp = (*_stamp(bundle), min_count)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(bundle.id)
    if cached is not None and cached[1] == stamp and now - cached[0] < seconds:
        return cached[2], stamp
    items = build_public_items(bundle, min_count)
    with _lock:
        _cache[bundle.id] = (now, stamp, items)
    return items, stamp


def forget_public_items() -> None:
    """Drop the cache (tests, and after a redaction run if one wishes)."""
    with _lock:
        _cache.clear()


def filter_items(
    items: list[PublicItem], *, query: str = "", theme: str = "", area: str = ""
) -> list[PublicItem]:
    """Items whose text holds every word of the query, in the theme and wijk."""
    words = [w for w in query.casefold().split() if w][:20]
    found = []
    for item in items:
        if theme and theme not in {t["code"] for t in item.themes}:
            continue
        if area and area not in {a["code"] for a in item.areas}:
            continue
        if words and not all(w in item.search_text for w in words):
            continue
        found.append(item)
    return found


def choices(
    items: list[PublicItem],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The themes and wijken that occur in the items, by label."""
    themes = {t["code"]: t["label"] for i in items for t in i.themes}
    areas = {a["code"]: a["label"] for i in items for a in i.areas}
    return (
        sorted(themes.items(), key=lambda kv: kv[1]),
        sorted(areas.items(), key=lambda kv: kv[1]),
    )
