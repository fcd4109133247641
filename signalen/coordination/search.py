"""The coordinator's inbox: filters, Dutch full-text search, sorting, counts.

SQLite uses an external-content FTS5 table (``signals_fts``, kept in sync by
triggers); PostgreSQL a stored ``tsvector`` column with the 'dutch'
configuration and a GIN index. Both are created by the migration
20261123_0002 and are not part of the models. User words never reach the
search syntax as such: they are split into words, folded and quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Integer, Select, column, func, select, text
from sqlalchemy.orm import selectinload

from signalen.coordination.similarity import fold, prefix_stem
from signalen.extensions import db
from signalen.organisations.models import Organisation
from signalen.signals.models import (
    Signal,
    SignalStatus,
    signal_areas,
    signal_target_groups,
    signal_themes,
)
from signalen.themes.models import Theme

FTS_TABLE = "signals_fts"
PG_COLUMN = "search_vector"
PG_INDEX = "ix_signals_search_vector"
MAX_WORDS = 8
SORTS = ("newest", "oldest", "title", "organisation")
CITY_WIDE = "stadsbreed"

# Same accent folding as the generated column in the migration (immutable).
PG_ACCENTS = (
    "áàâäãåéèêëíìîïóòôöõúùûüýÿçñÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÝÇÑ",
    "aaaaaaeeeeiiiiooooouuuuyycnAAAAAAEEEEIIIIOOOOOUUUUYCN",
)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: the search index objects live outside the models."""
    if type_ == "table" and reflected and compare_to is None:
        return not (name == FTS_TABLE or (name or "").startswith(FTS_TABLE + "_"))
    if type_ == "column" and reflected and compare_to is None:
        return not (name == PG_COLUMN and obj.table.name == "signals")
    if type_ == "index" and reflected and compare_to is None:
        return name != PG_INDEX
    return True


def dialect() -> str:
    return db.engine.dialect.name


def search_words(query: str | None) -> list[str]:
    """The user's words, folded, only letters and digits, at most MAX_WORDS."""
    return re.findall(r"[^\W_]+", fold(query or ""))[:MAX_WORDS]


def fts5_query(words: list[str], *, any_word: bool = False) -> str:
    """An FTS5 query from plain words: every word quoted, stems as prefixes.

    'Woningen huur' → '"woning"* "huur"*' (all words must occur). Quoting makes
    FTS5 operators typed by a user (AND, NEAR, *, ") plain words.
    """
    parts = []
    for word in words:
        stem = prefix_stem(word)
        parts.append(f'"{stem}"*' if len(stem) >= 3 else f'"{word}"')
    return (" OR " if any_word else " ").join(parts)


def tsquery(words: list[str], *, any_word: bool = False) -> str:
    """A to_tsquery string from plain words (letters and digits only)."""
    parts = [f"{w}:*" if i == len(words) - 1 else w for i, w in enumerate(words)]
    if any_word:
        parts = list(words)
    return (" | " if any_word else " & ").join(parts)


def text_condition(query: str | None) -> ColumnElement | None:
    """A WHERE condition for the words of query, or None when there are none."""
    words = search_words(query)
    if not words:
        return None
    if dialect() == "postgresql":
        return text(
            "signals.search_vector @@ to_tsquery('dutch', :ts_query)"
        ).bindparams(ts_query=tsquery(words))
    matches = (
        text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query")
        .bindparams(fts_query=fts5_query(words))
        .columns(column("rowid", Integer))
    )
    return Signal.id.in_(matches)


def ranked_candidates(words: list[str], *, exclude_id: int, limit: int) -> list[int]:
    """Ids of submitted signals sharing any of the words, best match first."""
    words = [w for w in (re.sub(r"[^\w]", "", fold(w)) for w in words) if w]
    if not words:
        return []
    draft = SignalStatus.DRAFT.value
    if dialect() == "postgresql":
        sql = text(
            "SELECT id FROM signals, to_tsquery('dutch', :q) AS query "
            "WHERE search_vector @@ query AND id != :me AND status != :draft "
            "ORDER BY ts_rank(search_vector, query) DESC, id DESC LIMIT :n"
        ).bindparams(q=tsquery(words, any_word=True))
    else:
        sql = text(
            f"SELECT s.id FROM {FTS_TABLE} f JOIN signals s ON s.id = f.rowid "
            f"WHERE {FTS_TABLE} MATCH :q AND s.id != :me AND s.status != :draft "
            "ORDER BY f.rank LIMIT :n"
        ).bindparams(q=fts5_query(words, any_word=True))
    return list(db.session.scalars(sql, {"me": exclude_id, "draft": draft, "n": limit}))


# --- the inbox ---------------------------------------------------------------


def parse_month(value: str | None) -> tuple[int, int] | None:
    """'2026-03' → (2026, 3); anything else → None."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    return (year, month) if 1 <= month <= 12 and 1900 < year < 3000 else None


def month_start(year: int, month: int) -> datetime:
    return datetime(year, month, 1, tzinfo=UTC)


def next_month(year: int, month: int) -> datetime:
    return month_start(year + month // 12, month % 12 + 1)


@dataclass
class InboxFilters:
    """The inbox filters as plain values (parsed from the query string)."""

    q: str = ""
    theme_id: int | None = None
    target_group_id: int | None = None
    area: str = ""  # an area id as text, or CITY_WIDE
    organisation_id: int | None = None
    month_from: tuple[int, int] | None = None
    month_to: tuple[int, int] | None = None
    status: str = ""
    government_level_id: int | None = None
    sort: str = "newest"
    page: int = 1
    per_page: int = 25


def theme_family(theme_id: int) -> list[int]:
    """The theme and every theme merged into it (directly or via others)."""
    rows = db.session.execute(select(Theme.id, Theme.merged_into_id)).all()
    children: dict[int, list[int]] = {}
    for tid, target in rows:
        if target is not None:
            children.setdefault(target, []).append(tid)
    family, todo = {theme_id}, [theme_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in family:
                family.add(child)
                todo.append(child)
    return sorted(family)


def merged_target_map() -> dict[int, int]:
    """theme id → the theme it counts under (itself unless merged)."""
    rows = dict(db.session.execute(select(Theme.id, Theme.merged_into_id)).all())
    result = {}
    for tid in rows:
        seen, current = {tid}, tid
        while rows.get(current) is not None and rows[current] not in seen:
            current = rows[current]
            seen.add(current)
        result[tid] = current
    return result


def conditions(filters: InboxFilters, skip: str = "") -> list[ColumnElement]:
    """WHERE conditions for the filters; `skip` leaves one facet out (for counts)."""
    where: list[ColumnElement] = [Signal.status != SignalStatus.DRAFT]
    condition = text_condition(filters.q)
    if condition is not None:
        where.append(condition)
    if filters.theme_id and skip != "theme":
        where.append(
            Signal.id.in_(
                select(signal_themes.c.signal_id).where(
                    signal_themes.c.theme_id.in_(theme_family(filters.theme_id))
                )
            )
        )
    if filters.status and skip != "status":
        where.append(Signal.status == filters.status)
    if filters.target_group_id:
        where.append(
            Signal.id.in_(
                select(signal_target_groups.c.signal_id).where(
                    signal_target_groups.c.target_group_id == filters.target_group_id
                )
            )
        )
    if filters.area == CITY_WIDE:
        where.append(Signal.city_wide.is_(True))
    elif filters.area.isdigit():
        where.append(
            Signal.id.in_(
                select(signal_areas.c.signal_id).where(
                    signal_areas.c.area_id == int(filters.area)
                )
            )
        )
    if filters.organisation_id:
        where.append(Signal.organisation_id == filters.organisation_id)
    if filters.government_level_id:
        where.append(Signal.government_level_id == filters.government_level_id)
    if filters.month_from:
        where.append(Signal.submitted_at >= month_start(*filters.month_from))
    if filters.month_to:
        where.append(Signal.submitted_at < next_month(*filters.month_to))
    return where


def ordering(sort: str) -> list:
    if sort == "oldest":
        return [Signal.submitted_at.asc(), Signal.id.asc()]
    if sort == "title":
        return [func.lower(Signal.title).asc(), Signal.id.asc()]
    if sort == "organisation":
        return [Organisation.name.asc(), Signal.submitted_at.desc(), Signal.id.desc()]
    return [Signal.submitted_at.desc(), Signal.id.desc()]


def inbox_select(filters: InboxFilters) -> Select:
    """Signals for the filters in the chosen order (without paging)."""
    query = select(Signal).where(*conditions(filters))
    if filters.sort == "organisation":
        query = query.join(Organisation, Organisation.id == Signal.organisation_id)
    return query.order_by(*ordering(filters.sort))


@dataclass
class InboxPage:
    items: list[Signal]
    total: int
    page: int
    per_page: int
    theme_counts: dict[int, int] = field(default_factory=dict)
    status_counts: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def count(filters: InboxFilters) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Signal).where(*conditions(filters))
    )


def theme_counts(filters: InboxFilters) -> dict[int, int]:
    """Signals per theme for the other filters; a merged theme counts under the
    theme it was merged into (a signal once per theme)."""
    counted_as = func.coalesce(Theme.merged_into_id, Theme.id)
    rows = db.session.execute(
        select(counted_as, func.count(func.distinct(signal_themes.c.signal_id)))
        .join(Theme, Theme.id == signal_themes.c.theme_id)
        .join(Signal, Signal.id == signal_themes.c.signal_id)
        .where(*conditions(filters, skip="theme"))
        .group_by(counted_as)
    )
    target = merged_target_map()
    result: dict[int, int] = {}
    for theme_id, n in rows:  # chains of merges (rare) fold further here
        final = target.get(theme_id, theme_id)
        result[final] = result.get(final, 0) + n
    return result


def status_counts(filters: InboxFilters) -> dict[str, int]:
    """Signals per status for the other filters."""
    rows = db.session.execute(
        select(Signal.status, func.count())
        .where(*conditions(filters, skip="status"))
        .group_by(Signal.status)
    )
    return {str(getattr(s, "value", s)): n for s, n in rows}


def inbox_page(filters: InboxFilters, *, with_counts: bool = True) -> InboxPage:
    """One page of the inbox, its total and the counts per theme and status."""
    total = count(filters)
    per_page = filters.per_page
    pages = max(1, -(-total // per_page))
    page = min(max(1, filters.page), pages)
    items = list(
        db.session.scalars(
            inbox_select(filters)
            .options(
                selectinload(Signal.themes),
                selectinload(Signal.organisation),
            )
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    result = InboxPage(items, total, page, per_page)
    if with_counts:
        result.theme_counts = theme_counts(filters)
        result.status_counts = status_counts(filters)
    return result
