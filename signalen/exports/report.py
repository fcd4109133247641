"""The signalenbundel as a report: one HTML document, and a PDF made of it.

The layout follows the city's own policy-note appendices: a cover, a table of
contents, the introduction, the priorities with their reasons, then per theme
each structural signal as "Signaal | Voorbeelden/citaten | Antwoord" with its
evidence, level of government and owner, and the city's answer and follow-up.

Content comes from the frozen snapshots only and passes the same privacy pass
as the workbook (`sanitise.city_cleaner`, the small-numbers rule). The PDF is
made with WeasyPrint (HTML and CSS to PDF: page numbers, running headers and
the page numbers in the table of contents come from CSS paged media). A PDF is
kept in EXPORT_DIR under a name that changes with its content, so it is made
once and served until the bundle, its answers or its decision change; a big
bundle's PDF is made by a task-queue worker (`report_pdf`).

A redaction changes texts in place (ids and counts stay), so the name also
carries a redaction stamp (`-r<n>`, the last redaction's audit id): the
redaction deletes the PDFs of the bundles it touched, and after its commit
`remove_stale_reports` deletes every PDF made under an older stamp. A PDF whose
writing overlapped a redaction is deleted by its writer (`_kept_if_current`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import func, select

from signalen.audit.models import AuditEvent
from signalen.bundles.models import Bundle, BundleItem
from signalen.bundles.snapshot import earlier_bundles
from signalen.exports.priorities import Priorities, collect_priorities
from signalen.exports.rows import (
    NO_THEME,
    Mention,
    consultation_mentions,
    iter_item_batches,
)
from signalen.exports.sanitise import (
    TextCleaner,
    city_cleaner,
    hidden_organisations,
    owner_label,
    small_count,
)
from signalen.exports.workbook import EXPORTABLE, period_text, theme_positions
from signalen.extensions import db
from signalen.responses.models import (
    FOLLOW_UP_ROUTES,
    PROGRESS_STATUSES,
    RESPONSE_TYPES,
    CityResponse,
)
from signalen.tasks import background_task, enqueue

REPORT_TASK = "report_pdf"
#: Up to this many items the PDF is made in the request (a few seconds);
#: a bigger bundle's PDF is made by a worker while the page waits.
INLINE_ITEMS = 150
QUEUED_FOR = 600  # seconds after which a queued PDF is queued again


@dataclass
class ReportAnswer:
    kind: str
    text: str
    department: str
    route: str
    progress: str


@dataclass
class ReportItem:
    reference: str
    title: str
    summary: str
    examples: list[str]
    solutions: list[str]
    mentions: list[Mention]  # remarks from consultations linked to it
    signals: int | str
    organisations: int | str
    people: int | str
    earlier: int
    level: str
    owner: str
    answer: ReportAnswer | None


@dataclass
class ReportTheme:
    code: str
    label: str
    anchor: str
    items: list[ReportItem] = field(default_factory=list)


@dataclass
class Report:
    title: str
    period: str
    status: str
    introduction: str
    priorities: Priorities
    priority_titles: dict[int, tuple[str, str]]
    themes: list[ReportTheme]
    items: int
    made_at: datetime


def _list(values, clean, hidden) -> list[str]:
    return [clean(v, hidden) for v in values or [] if v]


def _answer(latest, cleaner: TextCleaner) -> ReportAnswer | None:
    if latest is None:
        return None
    return ReportAnswer(
        kind=str(RESPONSE_TYPES.get(latest.response_type, "")),
        text=cleaner.clean(latest.text),
        department=cleaner.clean(latest.department),
        route=str(FOLLOW_UP_ROUTES.get(latest.follow_up_route or "", "")),
        progress=str(PROGRESS_STATUSES.get(latest.progress or "", "")),
    )


def report_item(
    reference: str, snapshot: dict, latest, cleaner: TextCleaner, min_count: int
) -> ReportItem:
    """One structural signal as the report shows it (cleaned, small numbers hidden)."""
    hidden = hidden_organisations(snapshot)
    clean = cleaner.clean
    evidence = snapshot.get("evidence") or {}
    level = snapshot.get("government_level") or {}
    return ReportItem(
        reference=reference,
        title=clean(snapshot.get("title"), hidden),
        summary=clean(snapshot.get("summary"), hidden),
        examples=_list(snapshot.get("examples"), clean, hidden),
        solutions=_list(snapshot.get("proposed_solutions"), clean, hidden),
        mentions=consultation_mentions(snapshot, clean, hidden),
        signals=small_count(evidence.get("signals"), min_count),
        organisations=small_count(evidence.get("organisations"), min_count),
        people=small_count(evidence.get("people_affected"), min_count),
        earlier=earlier_bundles(evidence),
        level=(level.get("label") if level else "") or "Onbekend",
        owner=owner_label(snapshot),
        answer=_answer(latest, cleaner),
    )


def collect_report(bundle: Bundle, now: datetime, min_count: int | None = None):
    """Everything the report shows, read in batches from the snapshots."""
    if min_count is None:
        min_count = int(current_app.config.get("EXPORT_MIN_COUNT", 3))
    cleaner = city_cleaner()
    priorities = collect_priorities(bundle, min_count, cleaner)
    titles: dict[int, tuple[str, str]] = {}
    themes: dict[str, ReportTheme] = {}
    count = 0
    for batch in iter_item_batches(bundle.id):
        for item_id, reference, snapshot, latest in batch:
            item = report_item(reference, snapshot, latest, cleaner, min_count)
            titles[item_id] = (reference, item.title)
            first = (snapshot.get("themes") or [None])[0]
            code, label = (
                (first.get("code", ""), first.get("label", "")) if first else NO_THEME
            )
            theme = themes.get(code)
            if theme is None:
                theme = themes[code] = ReportTheme(code, label, f"thema-{len(themes)}")
            theme.items.append(item)
            count += 1
    positions = theme_positions(list(themes))
    ordered = sorted(
        themes.values(), key=lambda t: (positions.get(t.code, 10**6), t.code)
    )
    for n, theme in enumerate(ordered, start=1):
        theme.anchor = f"thema-{n}"
    return Report(
        title=bundle.title,
        period=period_text(bundle),
        status=str(bundle.status.label),
        introduction=cleaner.clean(bundle.introduction),
        priorities=priorities,
        priority_titles={
            r.item_id: titles.get(r.item_id, ("", "")) for r in priorities.rows
        },
        themes=ordered,
        items=count,
        made_at=now,
    )


def render_report_html(bundle: Bundle, now: datetime) -> str:
    """The report as one HTML document (print stylesheet included)."""
    return render_template(
        "exports/report.html", report=collect_report(bundle, now), bundle=bundle
    )


# --- the PDF ----------------------------------------------------------------


def report_fingerprint(bundle: Bundle) -> str:
    """Changes when anything the report shows may have changed."""
    answers = db.session.execute(
        select(func.max(CityResponse.id), func.count(CityResponse.id))
        .join(BundleItem, BundleItem.id == CityResponse.bundle_item_id)
        .where(BundleItem.bundle_id == bundle.id)
    ).one()
    items = db.session.execute(
        select(func.max(BundleItem.id), func.count(BundleItem.id)).where(
            BundleItem.bundle_id == bundle.id
        )
    ).one()
    decision = ""
    with contextlib.suppress(Exception):  # another feature's data
        from signalen.prioritisation.services import deciding_round, final_choice

        round_ = deciding_round(bundle)
        decision = repr(
            (
                getattr(round_, "id", None),
                [
                    (d.bundle_item_id, d.rank, d.chosen, d.reason)
                    for d in final_choice(bundle)
                ],
            )
        )
    parts = (
        bundle.id,
        bundle.title,
        str(bundle.status),
        bundle.introduction or "",
        tuple(answers),
        tuple(items),
        decision,
        current_app.config.get("EXPORT_MIN_COUNT", 3),
        REPORT_VERSION,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


#: Raise when the template or its stylesheet changes: old PDFs are not served.
REPORT_VERSION = 4


#: Audit actions of the routines that change a report's texts in place.
#: (Retention, "text.retention_applied", keeps snapshots and answers as they are.)
REDACTION_ACTIONS = ("text.redacted",)


def redaction_stamp(connection=None) -> int:
    """The id of the last redaction's audit entry (0: none yet). Read on a
    connection of its own to see what other sessions committed since."""
    query = select(func.max(AuditEvent.id)).where(
        AuditEvent.action.in_(REDACTION_ACTIONS)
    )
    return (connection or db.session).scalar(query) or 0


def report_dir() -> Path:
    return Path(current_app.config["EXPORT_DIR"])


def report_path(bundle: Bundle) -> Path:
    fingerprint = report_fingerprint(bundle)
    name = f"signalenbundel-{bundle.id}-rapport-{fingerprint}-r{redaction_stamp()}.pdf"
    return report_dir() / name


def _stamp_of(path: Path) -> str:
    """The redaction stamp in a PDF's (or its marker's) name; "" if none."""
    stem = path.name.split(".pdf", 1)[0]
    tail = stem.rsplit("-", 1)[-1]
    return tail[1:] if tail.startswith("r") and tail[1:].isdigit() else ""


def remove_reports(bundle_ids: set[int]) -> int:
    """Delete the stored PDFs of these bundles (a redaction changed their
    texts); returns how many."""
    deleted = 0
    for bundle_id in sorted(bundle_ids):
        for path in report_dir().glob(f"signalenbundel-{bundle_id}-rapport-*.pdf"):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def remove_stale_reports() -> int:
    """After a redaction's commit: delete every stored PDF (and queued
    marker) made under an older redaction stamp; returns how many PDFs."""
    current = str(redaction_stamp())
    deleted = 0
    for pattern in (
        "signalenbundel-*-rapport-*.pdf",
        "signalenbundel-*-rapport-*.pdf.queued",
    ):
        for path in report_dir().glob(pattern):
            if _stamp_of(path) != current:
                path.unlink(missing_ok=True)
                deleted += path.suffix == ".pdf"
    return deleted


def _kept_if_current(path: Path) -> Path | None:
    """The PDF just written at path, or None (and deleted) when a redaction was
    committed while it was made: it may hold the old text."""
    with db.engine.connect() as conn:
        current = str(redaction_stamp(conn))
    if _stamp_of(path) == current:
        return path
    path.unlink(missing_ok=True)
    return None


#: Items per rendered part: WeasyPrint's memory grows with the document it lays
#: out, so a big bundle is laid out and written a part at a time.
PART_ITEMS = 60


@dataclass
class PdfPart:
    pdf: bytes
    pages: int
    outline: str  # the chapter this part starts, for the PDF's bookmarks
    start: int  # its first page number (1 = the cover)


def render_pdf_parts(report: Report) -> list[PdfPart]:
    """Lay the report out and write it as PDF a part at a time.

    Each part (cover, contents, introduction and priorities, a theme or a slice
    of one, the closing page) is laid out on its own with its first page number
    and running header written in, then written to bytes and its layout freed:
    memory holds one part's boxes at a time. The contents are laid out last,
    when every chapter's page is known; a trial run with the same entries says
    beforehand how many pages they take.
    """
    from weasyprint import HTML

    base = current_app.root_path

    def render(part: str, first_page: int, **context):
        html = render_template(
            "exports/report.html",
            report=report,
            part=part,
            first_page=first_page,
            **context,
        )
        return HTML(string=html, base_url=base).render()

    toc_pages = len(render("toc", 2, pages={}).pages)
    page = 2 + toc_pages
    starts: dict[str, int] = {}
    parts: list[PdfPart] = []

    def add(doc, outline: str, *anchors: str) -> None:
        nonlocal page
        for anchor in anchors:
            starts[anchor] = page + _anchor_page(doc, anchor)
        parts.append(PdfPart(doc.write_pdf(), len(doc.pages), outline, page))
        page += len(doc.pages)

    add(render("intro", page), "Inleiding", "inleiding", "prioriteiten")
    for theme in report.themes:
        for n in range(0, len(theme.items), PART_ITEMS):
            doc = render(
                "theme",
                page,
                theme=theme,
                items=theme.items[n : n + PART_ITEMS],
                heading=n == 0,
                header=theme.label,
            )
            add(doc, theme.label if n == 0 else "", *([theme.anchor] if n == 0 else []))
    add(render("closing", page), "Over dit rapport", "verantwoording")
    cover = render("cover", 1)
    toc = render("toc", 2, pages=starts)
    return [
        PdfPart(cover.write_pdf(), len(cover.pages), report.title, 1),
        PdfPart(toc.write_pdf(), len(toc.pages), "Inhoud", 2),
        *parts,
    ]


def _anchor_page(doc, anchor: str) -> int:
    """On which page of a rendered part an id is (0 = its first page)."""
    for index, rendered in enumerate(doc.pages):
        if anchor in rendered.anchors:
            return index
    return 0


def join_parts(parts: list[PdfPart], target: Path, title: str) -> None:
    """One PDF of the parts, with a bookmark per chapter."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        first = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(part.pdf)))
        if part.outline:
            writer.add_outline_item(title=part.outline, page_number=first)
    writer.add_metadata({"/Title": title, "/Author": "Signalen"})
    with open(target, "wb") as out:
        writer.write(out)


def write_report_pdf(bundle: Bundle, path: Path, now: datetime) -> Path:
    """Render the report and write it as a PDF at path (whole or not at all)."""
    report = collect_report(bundle, now)
    parts = render_pdf_parts(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".{os.getpid()}.part")
    try:
        join_parts(parts, partial, report.title)
        os.replace(partial, path)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return path


def ready_report(bundle: Bundle, now: datetime) -> Path | None:
    """The current PDF of the bundle: made now if small, else queued (None).
    None too when a redaction was committed while it was made (asked again,
    it is made anew)."""
    if bundle.status not in EXPORTABLE:
        return None
    path = report_path(bundle)
    if path.is_file():
        return path
    items = db.session.scalar(
        select(func.count(BundleItem.id)).where(BundleItem.bundle_id == bundle.id)
    )
    if (items or 0) <= INLINE_ITEMS:
        return _kept_if_current(write_report_pdf(bundle, path, now))
    marker = path.with_name(path.name + ".queued")
    # A task lost with its queue (or a worker killed) is queued once more.
    stale = marker.exists() and time.time() - marker.stat().st_mtime > QUEUED_FOR
    if stale or not marker.exists():
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        try:
            enqueue(REPORT_TASK, bundle.id)
        except Exception:
            marker.unlink(missing_ok=True)
            raise
    return path if path.is_file() else None


@background_task(REPORT_TASK)
def report_task(bundle_id: int) -> None:
    """The worker's task: write the bundle's current PDF (if not there yet)."""
    from signalen.database import utcnow

    bundle = db.session.get(Bundle, bundle_id)
    if bundle is None:
        return
    path = report_path(bundle)
    try:
        if not path.is_file():
            _kept_if_current(write_report_pdf(bundle, path, utcnow()))
    finally:
        path.with_name(path.name + ".queued").unlink(missing_ok=True)
