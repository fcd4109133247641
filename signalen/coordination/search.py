"""The coordinator's inbox: filters, Dutch full-text search, sorting, counts.

Both databases index the same words: the Snowball Dutch stems of a signal's
texts (signalen.coordination.words.index_text), written to the columns
``search_title`` and ``search_body`` by the mapper events below. SQLite indexes
them in an external-content FTS5 table (``signals_fts``, kept in sync by
triggers); PostgreSQL in a stored ``tsvector`` column ('simple': the words are
stems already) with a GIN index. Both come from the migration 20261203_0001
and are not part of the models. A search is stemmed the same way in Python,
so both databases find the same signals; user words never reach the search
syntax as such (letters and digits only, quoted).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import (
    ColumnElement,
    Index,
    Integer,
    Select,
    String,
    cast,
    column,
    event,
    exists,
    func,
    inspect,
    literal,
    literal_column,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from signalen.coordination.words import (
    PREFIX_MIN,
    dutch_stem,
    index_text,
    search_stems,
)
from signalen.database import ReferenceMixin
from signalen.extensions import db
from signalen.organisations.models import Organisation
from signalen.signals.models import (
    Signal,
    SignalEvent,
    SignalEventKind,
    SignalStatus,
    signal_areas,
    signal_target_groups,
    signal_themes,
)
from signalen.signals.writer import before_insert_row
from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme

FTS_TABLE = "signals_fts"
PG_COLUMN = "search_vector"
TEXT_FIELDS = ("title", "description", "examples", "proposed_solution")
PG_INDEX = "ix_signals_search_vector"
MAX_WORDS = 8
CITY_WIDE = "stadsbreed"

# Same accent folding as the generated column in the migration (immutable);
# tests/test_text.py checks that signalen.text.fold agrees with it.
PG_ACCENTS = (
    "áàâäãåéèêëíìîïóòôöõúùûüýÿçñÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÝÇÑ",
    "aaaaaaeeeeiiiiooooouuuuyycnAAAAAAEEEEIIIIOOOOOUUUUYCN",
)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: the search index objects live outside the models (the
    FTS5 tables, the tsvector column and its index; search_title and
    search_body are mapped on Signal)."""
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
    """The stems of the user's words (letters and digits only), at most
    MAX_WORDS; stopwords are left out unless the query has nothing else."""
    return search_stems(query, MAX_WORDS)


def fts5_query(stems: list[str]) -> str:
    """An FTS5 query from stems: all must occur; a stem of PREFIX_MIN letters
    or more also matches longer words ('huur' → 'huurwoon', and a word still
    being typed). Quoting makes FTS5 operators typed by a user plain words."""
    return " ".join(f'"{s}"*' if len(s) >= PREFIX_MIN else f'"{s}"' for s in stems)


def tsquery(stems: list[str]) -> str:
    """The same query as `fts5_query` as a tsquery literal (the stems are
    letters and digits only, so they need no escaping)."""
    return " & ".join(f"'{s}':*" if len(s) >= PREFIX_MIN else f"'{s}'" for s in stems)


def match_count(stems: list[str], cap: int) -> int:
    """How many signals (drafts too) the index finds, counted up to cap; it
    chooses how the inbox counts. Cheap: from the index alone on SQLite, and
    PostgreSQL stops reading rows at the cap."""
    if dialect() == "postgresql":
        sql = (
            "SELECT count(*) FROM (SELECT 1 FROM signals "
            "WHERE search_vector @@ CAST(:q AS tsquery) LIMIT :cap) AS m"
        )
        return db.session.scalar(text(sql), {"q": tsquery(stems), "cap": cap}) or 0
    sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH :q LIMIT :cap) AS m"
    )
    return db.session.scalar(text(sql), {"q": fts5_query(stems), "cap": cap}) or 0


def text_match(stems: list[str], *, common: bool = False) -> ColumnElement:
    """Signals (drafts too) whose indexed text has every stem. For a common
    word, SQLite should walk the narrow status index and test each signal
    against the matches instead of reading each match's whole row (`id + 0`
    keeps it from the primary key)."""
    if dialect() == "postgresql":
        return literal_column(f"signals.{PG_COLUMN}").bool_op("@@")(
            cast(literal(tsquery(stems)), TSQUERY)
        )
    index = table(FTS_TABLE, column("rowid"))
    return (Signal.id + 0 if common else Signal.id).in_(
        select(index.c.rowid).where(
            text(f"{FTS_TABLE} MATCH :fts_q").bindparams(fts_q=fts5_query(stems))
        )
    )


def signal_terms(values: dict[str, str | None]) -> dict[str, str]:
    """search_title and search_body for a signal's texts."""
    body = " ".join(filter(None, (values.get(f) for f in TEXT_FIELDS[1:])))
    return {
        "search_title": index_text(values.get("title")),
        "search_body": index_text(body),
    }


def reindex(connection, signal_id: int, values: dict[str, str | None]) -> None:
    """Write the index words of one signal (for code that writes signals
    without the ORM: call it after the insert or update)."""
    connection.execute(
        text(
            "UPDATE signals SET search_title = :search_title, "
            "search_body = :search_body WHERE id = :id"
        ),
        {"id": signal_id, **signal_terms(values)},
    )


def _set_terms(target: Signal) -> None:
    for name, value in signal_terms(
        {f: getattr(target, f) for f in TEXT_FIELDS}
    ).items():
        setattr(target, name, value)


@before_insert_row
def _index_new_signal(row: dict) -> None:
    # Part of the INSERT itself (not an UPDATE after it: on SQLite that would
    # index the row twice through the FTS triggers).
    row.update(signal_terms(row))


@event.listens_for(Signal, "before_update")
def _index_changed_signal(mapper, connection, target) -> None:
    state = inspect(target)
    if any(state.attrs[f].history.has_changes() for f in TEXT_FIELDS):
        _set_terms(target)


DF_CAP = 1000  # a word in this many signals is too common to look for similar ones
RANK_POOL = 2000  # PostgreSQL ranks at most this many (newest) candidates


def document_counts(words: list[str], cap: int = DF_CAP) -> dict[str, int]:
    """In how many signals (drafts too) each word's stem occurs, counted up to
    cap. One statement; each count stops at cap, so common words cost little.
    """
    words = [w for w in dict.fromkeys(words) if re.fullmatch(r"[^\W_]+", w)]
    stems = {w: dutch_stem(w) for w in words}
    known: dict[str, int] = {}
    if dialect() == "postgresql":
        known = _common_words(stems, cap)
        words = [w for w in words if w not in known]
    if not words:
        return known
    if dialect() == "postgresql":  # rare words left: a GIN count up to cap
        parts = [
            f"SELECT {i} AS i, (SELECT count(*) FROM (SELECT 1 FROM signals "
            f"WHERE search_vector @@ CAST(:w{i} AS tsquery) LIMIT :cap) AS m) AS n"
            for i in range(len(words))
        ]
    else:  # FTS5 reads a word's list lazily: stop at cap
        parts = [
            f"SELECT {i} AS i, (SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH :w{i} LIMIT :cap) AS m) AS n"
            for i in range(len(words))
        ]
    params: dict[str, object] = {"cap": cap}
    for i, word in enumerate(words):
        params[f"w{i}"] = (
            f"'{stems[word]}'" if dialect() == "postgresql" else f'"{stems[word]}"'
        )
    rows = db.session.execute(text(" UNION ALL ".join(parts)), params)
    return known | {words[i]: min(n, cap) for i, n in rows}


def _common_words(stems: dict[str, str], cap: int) -> dict[str, int]:
    """PostgreSQL: words whose stem ANALYZE lists as common in at least cap
    signals (a GIN count builds the whole bitmap, so these are not counted)."""
    stats = db.session.execute(
        text(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs, "
            "(SELECT reltuples FROM pg_class WHERE relname = 'signals') "
            "FROM pg_stats WHERE tablename = 'signals' AND attname = :column"
        ),
        {"column": PG_COLUMN},
    ).first()
    if not stats or not stats[0]:
        return {}
    elems, freqs, rows = stats
    common = {
        lexeme for lexeme, freq in zip(elems, freqs, strict=False) if freq * rows >= cap
    }
    return {w: cap for w, stem in stems.items() if stem in common}


def candidate_match(words: list[str]) -> str:
    """The full-text query for similar signals: any of the words' stems."""
    stems = dict.fromkeys(dutch_stem(w) for w in words)
    if dialect() == "postgresql":
        return " | ".join(f"'{s}'" for s in stems)
    return " OR ".join(f'"{s}"' for s in stems)


def ranked_candidates(words: list[str], *, exclude_id: int, limit: int) -> list[int]:
    """Ids of submitted signals sharing any of the (distinctive) words, best
    text match first."""
    words = [w for w in words if re.fullmatch(r"[^\W_]+", w)]
    if not words:
        return []
    params = {
        "q": candidate_match(words),
        "me": exclude_id,
        "draft": SignalStatus.DRAFT.value,
        "n": limit,
        "k": limit + limit // 4 + 10,  # room for drafts and the signal itself
    }
    if dialect() == "postgresql":
        # ts_rank reads each match's whole vector: rank the newest POOL
        # matches only (the words are the signal's rarest, so few match).
        params["pool"] = RANK_POOL
        sql = text(
            "SELECT id FROM (SELECT id, search_vector FROM signals "
            "WHERE search_vector @@ CAST(:q AS tsquery) AND id != :me "
            "AND status != :draft ORDER BY id DESC LIMIT :pool) AS m, "
            "CAST(:q AS tsquery) AS query "
            "ORDER BY ts_rank(m.search_vector, query) DESC, id DESC LIMIT :n"
        )
    else:  # rank in the index alone, then drop drafts (title words count double)
        sql = text(
            "SELECT s.id FROM (SELECT rowid AS id, "
            f"bm25({FTS_TABLE}, 2.0, 1.0) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH :q ORDER BY score LIMIT :k) AS m "
            "JOIN signals AS s ON s.id = m.id "
            "WHERE s.id != :me AND s.status != :draft ORDER BY m.score, s.id LIMIT :n"
        )
    return list(db.session.scalars(sql, params))


# --- the inbox ---------------------------------------------------------------

CHOICE_LISTS: tuple[tuple[str, type[ReferenceMixin]], ...] = (
    ("themes", Theme),
    ("target_groups", TargetGroup),
    ("areas", Area),
    ("government_levels", GovernmentLevel),
)


@cache
def _filter_choices_query() -> Select:
    """Built once: constructing this union costs more than running it."""
    branches = [
        select(
            literal(i, Integer).label("kind"),
            model.id.label("id"),
            model.label.label("label"),
            model.position.label("position"),
            literal("", String).label("name"),
        ).where(model.active.is_(True))
        for i, (_, model) in enumerate(CHOICE_LISTS)
    ]
    branches.append(
        select(
            literal(len(CHOICE_LISTS), Integer),
            Organisation.id,
            Organisation.name,
            literal(0, Integer),
            Organisation.name,
        )
    )
    rows = union_all(*branches).subquery()
    return select(rows.c.kind, rows.c.id, rows.c.label).order_by(
        rows.c.kind, rows.c.position, rows.c.name, rows.c.id
    )


def filter_choices() -> dict[str, list[tuple[int, str]]]:
    """(id, label) of the active themes, target groups, areas and government
    levels (in display order) and of every organisation (by name), for the
    inbox filters: one query of plain rows instead of five of objects."""
    names = [name for name, _ in CHOICE_LISTS] + ["organisations"]
    result: dict[str, list[tuple[int, str]]] = {name: [] for name in names}
    for kind, id_, label in db.session.execute(_filter_choices_query()):
        result[names[kind]].append((id_, label))
    return result


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

    @property
    def impossible_months(self) -> bool:
        """'from' after 'to': nothing can match (the page says so)."""
        return bool(
            self.month_from and self.month_to and self.month_from > self.month_to
        )


def theme_rows() -> dict[int, int | None]:
    """theme id → the theme it was merged into (None when not merged)."""
    return dict(db.session.execute(select(Theme.id, Theme.merged_into_id)).all())


def theme_family(theme_id: int, rows: dict[int, int | None] | None = None) -> list[int]:
    """The theme and every theme merged into it (directly or via others)."""
    rows = theme_rows() if rows is None else rows
    children: dict[int, list[int]] = {}
    for tid, target in rows.items():
        if target is not None:
            children.setdefault(target, []).append(tid)
    family, todo = {theme_id}, [theme_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in family:
                family.add(child)
                todo.append(child)
    return sorted(family)


def merged_target_map(rows: dict[int, int | None] | None = None) -> dict[int, int]:
    """theme id → the theme it counts under (itself unless merged)."""
    rows = theme_rows() if rows is None else rows
    result = {}
    for tid in rows:
        seen, current = {tid}, tid
        following = rows.get(current)
        while following is not None and following not in seen:
            current = following
            seen.add(current)
            following = rows.get(current)
        result[tid] = current
    return result


# --- one inbox request -------------------------------------------------------
#
# Everything is counted and paged in the database, with or without a text
# search (the match is one more condition, never a list of ids in Python): one
# grouped query gives the total and the status counts, the theme counts leave
# out the (few) drafts by subtraction when nothing else filters, and
# "newest/oldest first" walks the (status, submitted_at) index per status
# instead of sorting, unless a filter makes that walk long.

NOT_DRAFT = [s.value for s in SignalStatus if s != SignalStatus.DRAFT]
# A common word over all statuses: the newest (or oldest) hits in one walk,
# the status read from the index (migration 20261207_0001).
Index("ix_signals_submitted_status", Signal.submitted_at, Signal.status)
WALK_LIMIT = 20_000  # index entries a date-ordered page may walk (estimated)
# A word with this many hits (counted in the search index alone) is common:
# its signals are counted only up to COUNT_CAP ("meer dan 1.000") and the
# status and theme numbers are left out; counting every hit of a word in a
# third of all signals costs more than the whole page may.
COMMON_MATCHES = 2_000
COUNT_CAP = 1_000


def status_value(status) -> str:
    return str(getattr(status, "value", status))


def other_conditions(
    filters: InboxFilters, *, common: bool = False
) -> list[ColumnElement]:
    """Conditions for the filters without counts (all but theme and status)."""
    where: list[ColumnElement] = []
    stems = search_words(filters.q)
    if stems:
        where.append(text_match(stems, common=common))
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


def status_condition(status: str) -> ColumnElement:
    if status:
        return Signal.status == status
    return Signal.status != SignalStatus.DRAFT


def theme_condition(family: list[int], *, correlated: bool = False) -> ColumnElement:
    """Signals with a theme of the family; `correlated` checks row by row (for
    walking an index in date order) instead of starting from the theme's list."""
    if correlated:
        return exists().where(
            signal_themes.c.signal_id == Signal.id,
            signal_themes.c.theme_id.in_(family),
        )
    return Signal.id.in_(
        select(signal_themes.c.signal_id).where(signal_themes.c.theme_id.in_(family))
    )


def ordering(sort: str) -> list:
    if sort == "oldest":
        return [Signal.submitted_at.asc(), Signal.id.asc()]
    if sort == "title":
        return [func.lower(Signal.title).asc(), Signal.id.asc()]
    if sort == "organisation":
        return [Organisation.name.asc(), Signal.submitted_at.desc(), Signal.id.desc()]
    return [Signal.submitted_at.desc(), Signal.id.desc()]


@dataclass
class InboxPage:
    items: list[InboxSignal]
    total: int
    page: int
    per_page: int
    # None: not counted (a text search matching very many signals).
    theme_counts: dict[int, int] | None = field(default_factory=dict)
    status_counts: dict[str, int] | None = field(default_factory=dict)
    # More than `total` signals match (a common word, counted up to COUNT_CAP);
    # `more` says whether a next page has any.
    capped: bool = False
    more: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.more if self.capped else self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def inbox_page(filters: InboxFilters) -> InboxPage:
    """One page of the inbox, its total and the counts per theme and status.

    Counts leave their own facet out; a merged theme counts (and filters) under
    the theme it was merged into.
    """
    rows = theme_rows()
    targets = merged_target_map(rows)
    family = None
    if filters.theme_id:  # a merged theme filters as the theme it went into
        chosen = targets.get(filters.theme_id, filters.theme_id)
        family = theme_family(chosen, rows)
    return _filtered_page(filters, family, targets)


def _page_number(filters: InboxFilters, total: int) -> int:
    pages = max(1, -(-total // filters.per_page))
    return min(max(1, filters.page), pages)


@dataclass
class InboxOrganisation:
    id: int
    name: str


@dataclass
class InboxTheme:
    id: int
    label: str


@dataclass
class InboxSignal:
    """What the inbox shows of a signal, under the names of Signal's own
    attributes (plain rows: building ORM objects and their relationships for
    a page cost more than the search itself)."""

    id: int
    reference: str
    title: str
    status: SignalStatus
    submitted_at: datetime | None
    organisation: InboxOrganisation | None
    themes: list[InboxTheme] = field(default_factory=list)


def load_signals(ids: list[int]) -> list[InboxSignal]:
    """The signals with these ids, in this order, with themes (in display
    order) and organisation, in one query."""
    if not ids:
        return []
    rows = db.session.execute(
        select(
            Signal.id,
            Signal.reference,
            Signal.title,
            Signal.status,
            Signal.submitted_at,
            Organisation.id,
            Organisation.name,
            Theme.id,
            Theme.label,
        )
        .outerjoin(Organisation, Organisation.id == Signal.organisation_id)
        .outerjoin(signal_themes, signal_themes.c.signal_id == Signal.id)
        .outerjoin(Theme, Theme.id == signal_themes.c.theme_id)
        .where(Signal.id.in_(ids))
        .order_by(Theme.position, Theme.id)
    )
    found: dict[int, InboxSignal] = {}
    for sid, ref, title, status, submitted, org_id, org_name, tid, label in rows:
        signal = found.get(sid)
        if signal is None:
            organisation = (
                None if org_id is None else InboxOrganisation(org_id, org_name)
            )
            signal = found[sid] = InboxSignal(
                sid, ref, title, status, submitted, organisation
            )
        if tid is not None:
            signal.themes.append(InboxTheme(tid, label))
    return [found[i] for i in ids if i in found]


def _filtered_page(
    filters: InboxFilters, family: list[int] | None, targets: dict[int, int]
) -> InboxPage:
    """Counts and the page in SQL, using the indexes."""
    stems = search_words(filters.q)
    common = bool(stems) and match_count(stems, COMMON_MATCHES) >= COMMON_MATCHES
    other = other_conditions(filters, common=common)
    themed = [theme_condition(family)] if family else []
    if common:
        return _common_word_page(filters, family, themed, other)
    status_counts = {
        status_value(status): n
        for status, n in db.session.execute(
            select(Signal.status, func.count())
            .where(Signal.status != SignalStatus.DRAFT, *themed, *other)
            .group_by(Signal.status)
        )
    }
    if filters.status:
        total = status_counts.get(filters.status, 0)
    else:
        total = sum(status_counts.values())
    theme_counts = _theme_counts(filters.status, other, targets)
    page = _page_number(filters, total)
    offset = (page - 1) * filters.per_page
    ids = _page_ids(
        filters,
        family,
        other,
        offset,
        walk_ratio(total, theme_counts),
        walk=not stems,  # a rare word's few hits are sorted
    )
    return InboxPage(
        load_signals(ids),
        total,
        page,
        filters.per_page,
        theme_counts,
        status_counts,
    )


def _common_word_page(
    filters: InboxFilters,
    family: list[int] | None,
    themed: list[ColumnElement],
    other: list[ColumnElement],
) -> InboxPage:
    """A word in thousands of signals: counted up to COUNT_CAP (one walk of
    the status index that stops there), no numbers per status or theme, and
    the page read newest (or oldest) first from the date index."""
    statuses = [filters.status] if filters.status else NOT_DRAFT
    hits = (
        select(literal(1))
        .where(Signal.status.in_(statuses), *themed, *other)
        .limit(COUNT_CAP + 1)
        .subquery()
    )
    found = db.session.scalar(select(func.count()).select_from(hits)) or 0
    capped = found > COUNT_CAP
    total = min(found, COUNT_CAP)
    # Past the counted hits the pages go on while there are more.
    page = max(1, filters.page) if capped else _page_number(filters, total)
    offset = (page - 1) * filters.per_page
    ids = _page_ids(
        filters,
        family,
        other,
        offset,
        float("inf"),
        walk=capped,  # dense hits come soon in date order; a few are sorted
        peek=capped,
    )
    more = len(ids) > filters.per_page
    return InboxPage(
        load_signals(ids[: filters.per_page]),
        total,
        page,
        filters.per_page,
        theme_counts=None,
        status_counts=None,
        capped=capped,
        more=more,
    )


def walk_ratio(total: int, theme_counts: dict[int, int] | None) -> float:
    """About how many signals without the theme filter there are per signal with
    it (the theme counts leave the theme filter out; multi-theme signals make
    this an over-estimate, which is the safe side)."""
    if not total or theme_counts is None:
        return float("inf")
    return sum(theme_counts.values()) / total


def _theme_counts(
    status: str, other: list[ColumnElement], targets: dict[int, int]
) -> dict[int, int]:
    merged = any(theme_id != final for theme_id, final in targets.items())

    def grouped(signal_ids: Select | None) -> Counter:
        if merged:  # a signal once per theme it counts under
            key = func.coalesce(Theme.merged_into_id, Theme.id)
            query = (
                select(key, func.count(func.distinct(signal_themes.c.signal_id)))
                .join(Theme, Theme.id == signal_themes.c.theme_id)
                .group_by(key)
            )
        else:
            query = select(signal_themes.c.theme_id, func.count()).group_by(
                signal_themes.c.theme_id
            )
        if signal_ids is not None:
            query = query.where(signal_themes.c.signal_id.in_(signal_ids))
        return Counter(dict(db.session.execute(query).all()))

    if not status and not other:
        # Every signal but the drafts: all pairs minus the drafts' pairs, two
        # index scans instead of a lookup per signal.
        counts = grouped(None)
        counts.subtract(
            grouped(select(Signal.id).where(Signal.status == SignalStatus.DRAFT))
        )
    else:
        counts = grouped(select(Signal.id).where(status_condition(status), *other))
    result: dict[int, int] = {}
    for theme_id, n in counts.items():  # chains of merges (rare) fold further here
        if n > 0:
            final = targets.get(theme_id, theme_id)
            result[final] = result.get(final, 0) + n
    return result


def _page_ids(
    filters: InboxFilters,
    family: list[int] | None,
    other: list[ColumnElement],
    offset: int,
    ratio: float,
    *,
    walk: bool,
    peek: bool = False,
) -> list[int]:
    """Ids on the page (and, with peek, the first of the next page). Date
    order walks the (status, submitted_at) index of each status and stops
    after offset + per_page hits, unless a filter makes that walk long (then
    the filter's own list is sorted); `walk` False: always sorted."""
    limit = filters.per_page + (1 if peek else 0)
    walk = (
        walk
        and filters.sort in ("newest", "oldest")
        and not filters.target_group_id
        and not filters.area
        and (family is None or (offset + limit) * ratio <= WALK_LIMIT)
    )
    if not walk:
        query = select(Signal.id).where(
            status_condition(filters.status),
            *([theme_condition(family)] if family else []),
            *other,
        )
        if filters.sort == "organisation":
            query = query.join(Organisation, Organisation.id == Signal.organisation_id)
        query = query.order_by(*ordering(filters.sort)).limit(limit).offset(offset)
        return list(db.session.scalars(query))
    order = ordering(filters.sort)
    themed = [theme_condition(family, correlated=True)] if family else []
    if peek and not filters.status:  # a common word: one walk, one match list
        query = select(Signal.id).where(Signal.status.in_(NOT_DRAFT), *themed, *other)
        return list(
            db.session.scalars(query.order_by(*order).limit(limit).offset(offset))
        )
    statuses = [filters.status] if filters.status else NOT_DRAFT
    branches = [
        select(Signal.id, Signal.submitted_at)
        .where(Signal.status == status, *themed, *other)
        .order_by(*order)
        .limit(offset + limit)
        .subquery()
        for status in statuses
    ]
    merged = union_all(*(select(b.c.id, b.c.submitted_at) for b in branches))
    both = merged.subquery()
    if filters.sort == "oldest":
        outer = [both.c.submitted_at.asc(), both.c.id.asc()]
    else:
        outer = [both.c.submitted_at.desc(), both.c.id.desc()]
    return list(
        db.session.scalars(
            select(both.c.id).order_by(*outer).limit(limit).offset(offset)
        )
    )


def answered_ids(ids: list[int]) -> set[int]:
    """Of these signals, those whose latest history line is the worker's answer
    to a question: the coordinator has not acted on it yet ("nieuw antwoord")."""
    if not ids:
        return set()
    latest = (
        select(func.max(SignalEvent.id))
        .where(SignalEvent.signal_id.in_(ids))
        .group_by(SignalEvent.signal_id)
    )
    return set(
        db.session.scalars(
            select(SignalEvent.signal_id).where(
                SignalEvent.id.in_(latest),
                SignalEvent.kind == SignalEventKind.ANSWER.value,
            )
        )
    )
