"""Benchmark: every page of every role at a large network (reports; exits 0).

Run from the repository root:  .venv/bin/python bench/bench_pages.py
Default: 100,000 signals (the Dutch texts of bench_coordination.py) and 10,000
structural signals (bench/dataset.py), half the submitted signals linked, one
published bundle holding all 10,000 structural signals (half answered, public
page on) with an open and a closed prioritisation round, an open bundle, and an
audit log of one line per signal. BENCH_SCALE=0.1 makes everything ten times smaller.
BENCH_DB=/some/path.db keeps the database there and reuses it on the next run
(for trying a change without building again). BENCH_DATABASE_URL=postgresql://...
runs it on an empty PostgreSQL database instead (with BENCH_DB naming the file
that remembers what was built).

For each role (medewerker, coördinator, stad, beheerder) the Flask test client,
logged in as that role, follows the links from the home page three levels
deep (the menu, then the pages it leads to, then their detail pages: a
signal, a structural signal, a bundle and its items, a round...), one page per
kind, plus searches a form would send (the inbox with a typical and a common
word, Mijn signalen with a word, the structural-signal search). Every page is
then asked RUNS times; its median server time is printed as a ratio to the
floor, /healthz asked through the same client in the same run, slowest first.
Pages over TARGET_MS (issue 14: 200 ms at this size) are marked SLOW.
Downloads (PDF, workbooks, CSV, the API) are not pages and are left out.
"""

from __future__ import annotations

import gc
import html
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import deque
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import bench_coordination as coordination  # noqa: E402
from dataset import insert_links, insert_structural, published_bundle  # noqa: E402

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
N_SIGNALS = coordination.SCALE
N_STRUCTURAL = max(10, int(10_000 * SCALE))
RUNS = 5
TARGET_MS = 200.0
MAX_DEPTH = 3  # home → menu → list → detail
PER_ROLE = 60  # at most this many pages per role
# Not pages: files, the API, and what only POSTs or logs out.
SKIPPED = {
    "static",
    "main.healthz",
    "auth.logout",
    "auth.login",
    "exports.report_pdf",
    "exports.download",
    "public.open_data",
    "dashboards.table_download",
    "dashboards.wijken_download",
    "consultations.appendix_file",
}
SKIPPED_PREFIXES = ("api.", "api-docs.")
# Whole documents for printing (the web twin of the PDF report): measured and
# listed apart, as they hold the whole bundle by design.
DOCUMENTS = {"exports.report", "followup.evaluation_print"}


# --- the data ------------------------------------------------------------------


def build() -> dict:
    """The network; returns what the pages need (user ids, a few objects)."""
    from sqlalchemy import insert, select, text, update

    from signalen.audit.models import AuditEvent
    from signalen.auth.models import User
    from signalen.auth.services import create_user
    from signalen.bundles.models import Bundle, BundleStatus
    from signalen.extensions import db
    from signalen.organisations.models import Organisation
    from signalen.permissions import Role
    from signalen.prioritisation import rounds
    from signalen.signals.models import Signal
    from signalen.themes.models import Area, Theme

    made = coordination.build(coordination.TextGenerator())
    orgs = list(db.session.scalars(select(Organisation).order_by(Organisation.id)))
    coordinator = db.session.get(User, int(made["coordinator"].split(":")[0]))
    assert coordinator is not None
    city = create_user(email="stad@example.org", display_name="Stad",
                       password="wachtwoord-123", role=Role.CITY,
                       organisation=orgs[1])  # fmt: skip
    admin = create_user(email="beheer@example.org", display_name="Beheer",
                        password="wachtwoord-123", role=Role.ADMIN,
                        organisation=orgs[2])  # fmt: skip
    worker = db.session.scalars(
        select(User).where(User.role == Role.WORKER).order_by(User.id)
    ).first()
    assert worker is not None
    db.session.commit()

    # Half the submitted signals are linked, about 5 to each structural signal.
    at = datetime(2025, 6, 1, tzinfo=UTC)
    linked = list(
        db.session.scalars(
            select(Signal.id)
            .where(Signal.status == "submitted", Signal.id % 2 == 0)
            .order_by(Signal.id)
        )
    )
    db.session.execute(
        update(Signal)
        .where(Signal.status == "submitted", Signal.id % 2 == 0)
        .values(status="linked")
    )
    themes = list(db.session.execute(select(Theme.id, Theme.code).order_by(Theme.id)))
    insert_structural(
        N_STRUCTURAL,
        at,
        theme_ids=[t for t, _ in themes],
        owner_ids=[o.id for o in orgs],
    )
    insert_links([(s, k % N_STRUCTURAL + 1) for k, s in enumerate(linked)], at)
    area_codes = list(db.session.scalars(select(Area.code).order_by(Area.id)))
    bundle = published_bundle(
        date(2022, 1, 1),
        list(range(1, N_STRUCTURAL + 1)),
        themes,
        area_codes,
        coordinator,
        prefix="B22",
    )
    open_bundle = Bundle(
        title="Signalenbundel 2024-2025", period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31), status=BundleStatus.OPEN, introduction="",
    )  # fmt: skip
    db.session.add(open_bundle)
    now = datetime.now(UTC)
    settings = rounds.RoundSettings(
        title="Prioriteiten 2022-2023", explanation="Kies wat eerst moet.",
        method="points", opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=14),
    )  # fmt: skip
    from signalen.prioritisation.models import RoundParticipant

    # An open round (the ballot) and a closed one (the final choice).
    made_rounds = []
    for title in ("Prioriteiten 2022-2023", "Eerste ronde 2022-2023"):
        settings.title = title
        made_round = rounds.create_round(bundle, settings, coordinator, now)
        db.session.flush()
        db.session.add_all(
            [RoundParticipant(round_id=made_round.id, user_id=u.id, group=g)
             for u, g in ((worker, "middenveld"), (city, "stad"))]
        )  # fmt: skip
        rounds.open_round(made_round, coordinator, now)
        made_rounds.append(made_round)
    round_, closed = made_rounds
    rounds.close_round(closed, coordinator, now)
    # The logboek: one line per signal (logins and structural changes).
    log = [
        {"at": at - timedelta(minutes=i), "actor_id": coordinator.id,
         "action": "login" if i % 3 else "structural.status_changed",
         "object_type": None if i % 3 else "structural_signals",
         "object_id": None if i % 3 else i % N_STRUCTURAL + 1,
         "details": {} if i % 3 else {"from": "open", "to": "open"}}
        for i in range(N_SIGNALS)
    ]  # fmt: skip
    for first in range(0, len(log), 10_000):
        db.session.execute(insert(AuditEvent), log[first : first + 10_000])
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return {
        "users": {
            "medewerker": worker.get_id(),
            "coordinator": coordinator.get_id(),
            "stad": city.get_id(),
            "beheerder": admin.get_id(),
        },
        "bundle": bundle.id,
        "round": round_.id,
        "closed_round": closed.id,
    }


def words() -> tuple[str, str]:
    """A common stem (in about a third of the signals) and a typical one
    (in about 1 %), read from the search index."""
    from sqlalchemy import text

    from signalen.coordination.words import STOPWORDS
    from signalen.extensions import db

    if db.engine.dialect.name == "sqlite":
        db.session.execute(
            text(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.pages_vocab "
                "USING fts5vocab(main, signals_fts, row)"
            )
        )
        sql = "SELECT term, doc FROM temp.pages_vocab WHERE length(term) >= 5"
    else:
        sql = (
            "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM signals') "
            "WHERE length(word) >= 5"
        )
    counts = [(t, n) for t, n in db.session.execute(text(sql)) if t not in STOPWORDS]

    def near(share: float) -> str:
        return min(counts, key=lambda tn: abs(tn[1] - share * N_SIGNALS))[0]

    return near(1 / 3), near(0.01)


# --- the pages -----------------------------------------------------------------


def page_key(app, url: str) -> tuple | None:
    """(endpoint, query keys) of a page to measure, None for what is not one."""
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import RequestRedirect

    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        endpoint, _args = app.url_map.bind("localhost").match(parts.path, "GET")
    except (HTTPException, RequestRedirect):
        return None
    if endpoint in SKIPPED or endpoint.startswith(SKIPPED_PREFIXES):
        return None
    keys = tuple(sorted({k for k, _ in parse_qsl(parts.query) if k != "page"}))
    return (endpoint, keys)


HREF = re.compile(r'href="([^"#]+)')


def crawl(app, client, extra: list[str]) -> list[tuple[str, str, int]]:
    """(endpoint, url, bytes) of the pages a role reaches: one per endpoint and
    set of query keys, breadth first from the home page."""
    found, seen = [], set()
    queue = deque([("/", 0)] + [(url, 0) for url in extra])
    while queue and len(found) < PER_ROLE:
        url, depth = queue.popleft()
        key = page_key(app, url)
        if key is None or key in seen:
            continue
        seen.add(key)
        response = client.get(url)
        if response.status_code in (301, 302, 303) and depth <= MAX_DEPTH:
            queue.appendleft((response.location, depth))  # the home page
            continue
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        body = response.get_data(as_text=True)
        found.append((key[0], url, len(response.data)))
        if depth < MAX_DEPTH:
            queue.extend((html.unescape(h), depth + 1) for h in HREF.findall(body))
    return found


def median_ms(client, url: str, runs: int = RUNS, ok=(200,)) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code in ok, (url, response.status_code)
    return statistics.median(times)


def log_in(client, user_id: str) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True


def main() -> int:
    from flask_migrate import upgrade

    from signalen import create_app
    from signalen.extensions import db

    t_start = time.perf_counter()
    keep = os.environ.get("BENCH_DB")
    path = (
        Path(keep) if keep else Path(tempfile.mkdtemp(prefix="bench-pages-")) / "b.db"
    )
    sidecar = path.with_suffix(".json")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": os.environ.get(
                "BENCH_DATABASE_URL", f"sqlite:///{path}"
            ),
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        url = os.environ.get("BENCH_DATABASE_URL")
        reuse = sidecar.exists() and (bool(url) or path.exists())
        upgrade(revision="heads")
        if reuse:
            made = json.loads(sidecar.read_text())
        else:
            t0 = time.perf_counter()
            made = build()
            sidecar.write_text(json.dumps(made))
            print(
                f"pages.build: {N_SIGNALS} signals, {N_STRUCTURAL} structural "
                f"signals in {time.perf_counter() - t0:.0f} s",
                flush=True,
            )
        common, typical = words()
    # As a web process after start-up (create_app freezes outside tests): what
    # building the data left is no work for the garbage collector's full
    # passes during the measured requests.
    gc.collect()
    gc.freeze()
    print(f"pages.words: common {common!r}, typical {typical!r}", flush=True)
    bundle, round_ = made["bundle"], made["round"]
    # The big bundle first (the crawl keeps the first page of each kind).
    everyone = [f"/bundels/{bundle}", f"/prioritering/{round_}"]
    if "closed_round" in made:
        everyone.append(f"/prioritering/{made['closed_round']}")
    searches = {
        "coordinator": [
            "/coordinatie/inbox?" + urlencode({"q": common}),
            "/coordinatie/inbox?" + urlencode({"q": typical, "status": ""}),
            "/coordinatie/inbox?" + urlencode({"q": common, "sort": "oldest"}),
            "/coordinatie/structureel/zoek?q=sociale",
        ],
        "medewerker": ["/signalen/mijn?" + urlencode({"q": typical})],
    }
    rows = []
    for role, user_id in made["users"].items():
        client = app.test_client()
        log_in(client, user_id)
        pages = crawl(app, client, everyone + searches.get(role, []))
        # 503 without a scheduler heartbeat: the same work either way.
        floor = median_ms(client, "/healthz", RUNS * 3, ok=(200, 503))
        for endpoint, url, size in pages:
            ms = median_ms(client, url)
            rows.append((ms, floor, role, endpoint, url, size))
        print(f"pages.{role}: {len(pages)} pages (floor {floor:.1f} ms)", flush=True)
    rows.sort(key=lambda row: (row[3] in DOCUMENTS, -row[0]))
    slow = 0
    for ms, floor, role, endpoint, url, size in rows:
        if endpoint in DOCUMENTS:
            mark = "document (the whole bundle, for printing)"
        else:
            mark = "SLOW" if ms > TARGET_MS else "ok"
            slow += ms > TARGET_MS
        print(
            f"pages.{role} {endpoint} {url}: {ms:.1f} ms (floor {floor:.1f} ms, "
            f"ratio {ms / floor:.0f}x, {size / 1024:.0f} KB) {mark}"
        )
    pages = [row for row in rows if row[3] not in DOCUMENTS]
    print(
        f"pages.summary: {len(pages)} pages, {slow} over {TARGET_MS:.0f} ms; "
        f"slowest {pages[0][0]:.0f} ms ({pages[0][3]}); "
        f"{len(rows) - len(pages)} documents; bench "
        f"{time.perf_counter() - t_start:.0f} s"
    )
    if not keep:  # the database is a few hundred MB at full scale
        with app.app_context():
            db.engine.dispose()
        shutil.rmtree(path.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
