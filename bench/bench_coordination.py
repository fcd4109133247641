"""Benchmark of the coordinator's inbox and similar signals (reports; exits 0).

Run from the repository root:  .venv/bin/python bench/bench_coordination.py
BENCH_SCALE=0.1 makes the data ten times smaller (default 1: 100,000 signals).

The texts are generated from many sentence frames filled with words from a
vocabulary of several thousand (Dutch compound nouns per theme, drawn with a
Zipf distribution), so a typical search word matches 0.5-3 % of the signals,
as in real data. Every figure is the server time of the real code (the inbox
through the Flask test client, logged in as a coordinator), next to a floor
measured in the same run on the same database: the bare FTS5 queries.
"""

from __future__ import annotations

import bisect
import itertools
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO / "tests" / "data" / "themes_corpus.jsonl"
SCALE = int(100_000 * float(os.environ.get("BENCH_SCALE", "1")))
CASES = 16  # different search words / theme filters / signals per figure
ROUNDS = 2  # each case is timed this often (after one warm-up round)

# --- text generator ----------------------------------------------------------

# Word stems that start compound nouns, per theme (Dutch, folded).
MODIFIERS = {
    "wonen": "huur woning wacht kamer studio verhuur woon appartement",
    "woonkwaliteit": "vocht schimmel renovatie isolatie dak verwarming keuken gevel",
    "dakloosheid": "nacht opvang straat winter daklozen noodopvang slaap thuisloos",
    "energie": "energie gas stroom water elektriciteit budgetmeter zonne verbruik",
    "werk": "werk job sollicitatie vacature stage arbeids activerings opleidings",
    "arbeidsvoorwaarden": "loon contract interim uitzend ploegen schoonmaak "
    "onderaanneming overuren",
    "inkomen": "schuld leefloon budget uitkerings incasso voedsel kruidenier bank",
    "gezondheid": "zorg dokter ziekenhuis tandarts medicatie apotheek ziekenfonds "
    "huisarts",
    "mentaal_welzijn": "psychiater therapie angst burnout psycholoog zelfzorg rouw "
    "stress",
    "drugs": "drugs verslavings spuit methadon gebruikers alcohol dealer gok",
    "onderwijs": "school leerling les huiswerk examen diploma inschrijvings leerkracht",
    "gezin_kind": "kinder baby gezins ouder creche pleeg opvoedings peuter",
    "vrije_tijd": "sport cultuur speel muziek zwem jeugdwerk bibliotheek uitpas",
    "eenzaamheid_ontmoeting": "ontmoetings buurt senioren praat koffie bezoek "
    "vriendschap verenigings",
    "participatie": "inspraak bewoners wijkraad bevragings overleg adviesraad stem "
    "burger",
    "middenveld": "subsidie vzw zaal werkings koepel project lokalen vereniging",
    "vrijwilligers": "vrijwilligers engagement buddy verzekerings onkosten coaching "
    "vormings peter",
    "mobiliteit": "bus tram fiets trein parkeer taxi vervoer deelauto",
    "afval_netheid": "afval vuilnis sluik container glas zwerf recyclage compost",
    "publieke_ruimte": "plein park verlichting speelplein voetpad overlast bankje "
    "groen",
    "politie": "politie agenten wijkagent aangifte identiteits camera boete patrouille",
    "justitie": "rechtbank advocaat vonnis gevangenis detentie proces jeugdrechter "
    "bemiddelings",
    "discriminatie": "racisme discriminatie hoofddoek afkomst vooroordeel "
    "uitsluitings meldpunt huurdiscriminatie",
    "gender_lgbtqia": "gender transgender holebi intimidatie seksisme queer lgbt "
    "identiteit",
    "toegankelijkheid": "drempel lift toegankelijkheids braille gebarentaal "
    "hellings rolstoel doven",
    "migratie_verblijf": "verblijfs asiel visum inburgerings nieuwkomers "
    "vluchtelingen regularisatie hereniging",
    "taal_communicatie": "taal tolk vertaal nederlands communicatie formulier brief "
    "uitleg",
    "digitaal": "digitaal computer internet wifi smartphone app online laptop",
    "dienstverlening_rechten": "loket ocmw rechten dossier onthaal afspraak premie "
    "attest",
    "armoede_algemeen": "armoede kansarmoede sociaal tarief korting leefloner nood "
    "hulp",
    "regie_samenwerking": "samenwerkings doorverwijs partner regie afstemmings "
    "netwerk casus zorgoverleg",
}
HEADS = [
    "kosten",
    "lijst",
    "factuur",
    "dienst",
    "punt",
    "centrum",
    "loket",
    "aanvraag",
    "premie",
    "toelage",
    "begeleiding",
    "plaats",
    "tijd",
    "regeling",
    "afspraak",
    "contract",
    "meter",
    "pas",
    "kaart",
    "beleid",
    "probleem",
    "tekort",
    "aanbod",
    "formulier",
    "dossier",
    "regels",
    "systeem",
    "team",
    "project",
    "werking",
    "ruimte",
    "plan",
    "budget",
    "middelen",
    "gesprek",
    "bezoek",
    "prijs",
    "tarief",
    "hulp",
    "ondersteuning",
    "verlenging",
    "procedure",
    "termijn",
    "wachttijd",
    "attest",
    "bewijs",
    "vergoeding",
    "controle",
    "info",
    "website",
    "voorziening",
    "netwerk",
    "vervoer",
    "steun",
    "uren",
    "avond",
    "weekend",
    "zone",
    "moment",
    "toegang",
]
GROUPS = [
    "bezoekers",
    "jongeren",
    "ouderen",
    "gezinnen",
    "huurders",
    "senioren",
    "studenten",
    "nieuwkomers",
    "werkzoekenden",
    "alleenstaanden",
    "moeders",
    "vaders",
    "kinderen",
    "tieners",
    "deelnemers",
    "cliënten",
    "buurtbewoners",
    "vrijwilligers",
    "mantelzorgers",
    "vluchtelingen",
    "dak-",
    "thuislozen",
    "leerlingen",
    "ouders",
    "werknemers",
    "zelfstandigen",
    "gepensioneerden",
    "anderstaligen",
    "analfabeten",
    "zieken",
]
PLACES = """Brugse Poort, Sluizeken, Tolhuis, Ham, Rabot, Nieuw Gent, Ledeberg,
    Sint-Amandsberg, Gentbrugge, Oostakker, Muide, Meulestede, Dampoort,
    Macharius, Heirnis, Zwijnaarde, Wondelgem, Mariakerke, Drongen, Moscou,
    Watersportbaan, Stationsbuurt, Bloemekenswijk, Kanaaldorpen, Binnenstad,
    Elisabethbegijnhof, Afrikalaan""".replace("\n", " ").split(", ")
ADJECTIVES = [
    "duur",
    "ingewikkeld",
    "traag",
    "onduidelijk",
    "moeilijk",
    "beperkt",
    "onbereikbaar",
    "versnipperd",
    "ontoegankelijk",
    "onbetaalbaar",
    "onveilig",
    "druk",
    "laat",
    "streng",
    "vaag",
    "onzeker",
    "tijdelijk",
    "vol",
    "overvol",
    "verouderd",
    "gesloten",
    "ver",
    "onvoldoende",
]
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
TITLES = [
    "{N} te {a} voor {g}", "Geen {n} meer in {p}", "Lange {n} bij {o}",
    "{N} voor {g} is {a}", "{G} vinden geen {n}", "Problemen met de {n}",
    "{N} en {n2} sluiten niet aan", "Te weinig {n} in {p}", "{N} blijft {a}",
    "{G} missen hun {n}", "Geen zicht op {n}", "{N} kost te veel",
]  # fmt: skip
SENTENCES = [
    "Meerdere {g} melden problemen met de {n}.",
    "De {n} is voor veel {g} te {a}.",
    "Sinds {m} wachten {g} maanden op een {n}.",
    "In {p} is er geen {n} meer.",
    "Bij de {n} krijgen {g} geen duidelijke uitleg over de {n2}.",
    "We zien dat de {n} niet aansluit bij de {n2} van {g}.",
    "De {n} wordt steeds {a}, waardoor {g} afhaken.",
    "{G} weten niet waar ze terecht kunnen voor {n}.",
    "Een {n} kost intussen meer dan {k} euro per maand.",
    "Door de {n} lopen {g} hun {n2} mis.",
    "{O} verwijst door naar de {n}, maar daar is geen plaats.",
    "Vooral in {p} en {p2} komt dit vaak voor.",
    "Na een {n} volgt vaak een {n2} die {g} niet kunnen betalen.",
    "Wij zagen dit al {k} keer dit jaar.",
    "De {n} is enkel open tijdens de week, dat is te {a}.",
    "{G} durven niet naar de {n} uit schaamte.",
    "Er is nood aan een {n} dichter bij huis.",
    "Wie geen {n} heeft, valt uit de boot bij de {n2}.",
    "De regels rond de {n} veranderden in {m} zonder uitleg.",
    "Medewerkers van {o} kunnen {g} niet verder helpen met de {n}.",
    "Het gaat om ongeveer {k} {g} per maand.",
    "Ook de {n2} is {a} en moeilijk te vinden.",
    "Sommige {g} geven het op en vragen de {n} niet meer aan.",
    "De {n} werkt enkel digitaal, wat voor {g} een drempel is.",
]
SOLUTIONS = [
    "Een vast aanspreekpunt voor de {n} in {p}.",
    "Maak de {n} eenvoudiger en goedkoper.", "Meer {n} voor {g}.",
    "Een duidelijke brief over de {n} in eenvoudige taal.",
    "Samenwerken met {o} rond de {n}.", "Automatische toekenning van de {n}.",
]  # fmt: skip
ORGS = ["het OCMW", "de stad", "het sociaal huis", "de huisvestingsmaatschappij",
        "het CAW", "de VDAB", "het ziekenfonds", "de school", "de politie",
        "het buurtcentrum", "de wijkgezondheidsdienst", "de mutualiteit"]  # fmt: skip


FRAME_KEYS: dict[str, list[str]] = {}


class Zipf:
    """Draw words with a Zipf(1) distribution (the first are the most common)."""

    def __init__(self, words: list[str], rng: random.Random) -> None:
        self.words = words
        self.cumulative = list(
            itertools.accumulate(1 / r for r in range(1, 1 + len(words)))
        )
        self.rng = rng

    def __call__(self) -> str:
        x = self.rng.random() * self.cumulative[-1]
        return self.words[bisect.bisect_left(self.cumulative, x)]


class TextGenerator:
    """Signal texts for a theme from frames and a per-theme Zipf vocabulary."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = rng = random.Random(seed)
        self.vocab: dict[str, Zipf] = {}
        self.theme_of: dict[str, str] = {}
        for code, modifiers in MODIFIERS.items():
            words = [m + h for m in modifiers.split() for h in HEADS]
            rng.shuffle(words)
            self.vocab[code] = Zipf(words, rng)
            for word in words:
                self.theme_of.setdefault(word, code)
        self.used: Counter = Counter()  # documents per vocabulary word

    def noun(self, theme: str, seen: set[str]) -> str:
        word = self.vocab[theme]()
        seen.add(word)
        if self.rng.random() < 0.2:
            return word + ("en" if word[-1] not in "aeiou" else "s")
        return word

    def fill(self, frame: str, themes: list[str], seen: set[str]) -> str:
        rng = self.rng
        theme = themes[0] if len(themes) == 1 or rng.random() < 0.7 else themes[1]
        keys = FRAME_KEYS.get(frame) or FRAME_KEYS.setdefault(
            frame, list(dict.fromkeys(re.findall(r"{(\w+)}", frame)))
        )
        values = {}
        for key in keys:
            lower = key.lower()
            if lower in ("n", "n2"):
                value = self.noun(theme, seen)
            elif lower == "g":
                value = rng.choice(GROUPS)
            elif lower in ("p", "p2"):
                value = rng.choice(PLACES)
            elif lower == "o":
                value = rng.choice(ORGS)
            elif lower == "a":
                value = rng.choice(ADJECTIVES)
            elif lower == "m":
                value = rng.choice(MONTHS)
            else:
                value = str(rng.randrange(3, 400))
            values[key] = value[:1].upper() + value[1:] if key.isupper() else value
        return frame.format(**values)

    def signal(self, themes: list[str]) -> tuple[str, str, str | None, str]:
        rng, seen = self.rng, set()
        title = self.fill(rng.choice(TITLES), themes, seen)[:120]
        description = " ".join(
            self.fill(f, themes, seen) for f in rng.sample(SENTENCES, rng.randint(3, 6))
        )
        examples = None
        if rng.random() < 0.25:
            examples = " ".join(
                self.fill(f, themes, seen) for f in rng.sample(SENTENCES, 2)
            )
        solution = self.fill(rng.choice(SOLUTIONS), themes, seen)
        self.used.update(seen)
        return title, description, examples, solution


# --- measuring ---------------------------------------------------------------


def median_ms(calls: list, rounds: int = ROUNDS) -> float:
    """Median time of the calls (each a different case), after one warm-up round."""
    for call in calls:
        call()
    times = []
    for _ in range(rounds):
        for call in calls:
            t0 = time.perf_counter()
            call()
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def report(name: str, value: float, floor: float, target: float) -> None:
    verdict = "OK" if value < target else "SLOW"
    print(
        f"coordination.{name}: {value:.1f} ms median (floor {floor:.1f} ms, "
        f"ratio {value / floor:.2f}x); target < {target:.0f} ms: {verdict}",
        flush=True,
    )


# --- the data ----------------------------------------------------------------


def build(generator: TextGenerator) -> dict:
    """Reference data, 20 organisations with a worker, a coordinator, SCALE signals.

    The signals go in with one executemany while the FTS triggers are dropped;
    the index is then rebuilt once and the triggers are put back.
    """
    from sqlalchemy import insert, select, text

    from signalen.auth.services import create_user
    from signalen.coordination.search import signal_terms
    from signalen.extensions import db
    from signalen.organisations.models import Organisation
    from signalen.permissions import Role
    from signalen.signals.models import Signal, signal_areas, signal_themes
    from signalen.themes.models import Area, Theme
    from signalen.themes.seed import seed_reference_data

    seed_reference_data()
    orgs = [Organisation(name=f"Organisatie {i}") for i in range(20)]
    db.session.add_all(orgs)
    db.session.flush()
    workers = [
        create_user(email=f"w{i}@example.org", display_name=f"W {i}",
                    password="wachtwoord-123", role=Role.WORKER, organisation=o)
        for i, o in enumerate(orgs)
    ]  # fmt: skip
    coordinator = create_user(email="c@example.org", display_name="C",
                              password="wachtwoord-123", role=Role.COORDINATOR,
                              organisation=orgs[0])  # fmt: skip
    db.session.commit()
    theme_ids = {t.code: t.id for t in db.session.scalars(select(Theme))}
    area_ids = list(db.session.scalars(select(Area.id)))
    codes = sorted(MODIFIERS)
    rng = random.Random(3)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    statuses = ["submitted"] * 6 + ["linked", "not_structural", "question", "draft"]
    signals, themes, areas, signal_theme_codes = [], [], [], {}
    for i in range(1, SCALE + 1):
        chosen = [rng.choice(codes)]
        if rng.random() < 0.3:
            chosen.append(rng.choice([c for c in codes if c != chosen[0]]))
        title, description, examples, solution = generator.signal(chosen)
        worker = workers[rng.randrange(len(workers))]
        at = start + timedelta(minutes=7 * i)
        status = rng.choice(statuses)
        terms = signal_terms(
            {
                "title": title,
                "description": description,
                "examples": examples,
                "proposed_solution": solution,
            }
        )
        signals.append({
            **terms,
            "id": i, "reference": f"S-B-{i:06d}", "title": title,
            "description": description, "examples": examples,
            "proposed_solution": solution,
            "organisation_id": worker.organisation_id, "author_id": worker.id,
            "status": status, "created_at": at, "updated_at": at,
            "submitted_at": None if status == "draft" else at, "version": 1,
            "city_wide": rng.random() < 0.1,
        })  # fmt: skip
        signal_theme_codes[i] = chosen
        for code in chosen:
            themes.append({"signal_id": i, "theme_id": theme_ids[code]})
        if rng.random() < 0.6:
            areas.append({"signal_id": i, "area_id": rng.choice(area_ids)})
    sqlite = db.engine.dialect.name == "sqlite"  # (PostgreSQL: for EXPLAIN checks)
    with db.engine.begin() as conn:
        triggers = []
        if sqlite:
            triggers = conn.execute(
                text(
                    "SELECT name, sql FROM sqlite_master "
                    "WHERE type = 'trigger' AND tbl_name = 'signals'"
                )
            ).all()
        for name, _ in triggers:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        # The index words (stems) are not model columns: written after.
        conn.execute(
            insert(Signal.__table__),
            [{k: v for k, v in s.items() if not k.startswith("search_")}
             for s in signals],
        )  # fmt: skip
        conn.execute(
            text("UPDATE signals SET search_title = :search_title, "
                 "search_body = :search_body WHERE id = :id"),
            [{"id": s["id"], "search_title": s["search_title"],
              "search_body": s["search_body"]} for s in signals],
        )  # fmt: skip
        conn.execute(insert(signal_themes), themes)
        conn.execute(insert(signal_areas), areas)
        if sqlite:
            conn.exec_driver_sql(
                "INSERT INTO signals_fts(signals_fts) VALUES ('rebuild')"
            )
        for _, sql in triggers:
            conn.exec_driver_sql(sql)
        conn.exec_driver_sql("ANALYZE")
    return {
        "coordinator": coordinator.get_id(),
        "theme_ids": theme_ids,
        "signal_themes": signal_theme_codes,
        "statuses": {s["id"]: s["status"] for s in signals},
    }


def search_cases(generator: TextGenerator, made: dict) -> list[tuple[str, int]]:
    """CASES (search text, theme id) pairs: words found in 0.5-3 % of the signals."""
    low, high = 0.005 * SCALE, 0.03 * SCALE
    words = sorted(w for w, n in generator.used.items() if low <= n <= high)
    if not words:  # tiny BENCH_SCALE
        words = [w for w, _ in generator.used.most_common(CASES)]
    rng = random.Random(11)
    picked = rng.sample(words, min(CASES, len(words)))
    cases = []
    for i, word in enumerate(picked):
        theme = generator.theme_of[word]
        if i % 4 == 3:  # a two-word search, both words from the same theme
            same = [w for w in words if generator.theme_of[w] == theme and w != word]
            word = f"{word} {rng.choice(same)}" if same else word
        cases.append((word, made["theme_ids"][theme]))
    return cases


# --- main ----------------------------------------------------------------------


def main() -> int:
    t_start = time.perf_counter()
    tmp = tempfile.mkdtemp(prefix="bench-coord-")
    from flask_migrate import upgrade

    from signalen import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                      "WTF_CSRF_ENABLED": False})  # fmt: skip
    generator = TextGenerator()
    with app.app_context():
        upgrade(revision="heads")
        t0 = time.perf_counter()
        made = build(generator)
        built = time.perf_counter() - t0
    print(f"coordination.build_s: {SCALE} signals in {built:.1f} s; target < 60 s: "
          f"{'OK' if built < 60 else 'SLOW'}", flush=True)  # fmt: skip
    print(f"coordination.vocabulary: {len(generator.used)} distinct theme words",
          flush=True)  # fmt: skip

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = made["coordinator"]
        session["_fresh"] = True
    conn = sqlite3.connect(f"{tmp}/bench.db")
    cases = search_cases(generator, made)
    bench_inbox(app, client, conn, cases)
    bench_similar(app, conn, made)
    bench_accuracy()
    conn.close()
    print(f"coordination.bench_total_s: {time.perf_counter() - t_start:.0f} s")
    return 0


def bench_inbox(app, client, conn, cases) -> None:
    from signalen.coordination.search import fts5_query, search_words

    urls = [
        "/coordinatie/inbox?" + urlencode({"q": q, "theme": theme})
        for q, theme in cases
    ]
    shares = []

    def view(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return call

    def bare(q, theme):
        match = fts5_query(search_words(q))
        where = (
            "status != 'draft' AND id IN (SELECT rowid FROM signals_fts "
            "WHERE signals_fts MATCH ?) AND id IN (SELECT signal_id FROM "
            "signal_themes WHERE theme_id = ?)"
        )

        def call():
            conn.execute(f"SELECT count(*) FROM signals WHERE {where}", (match, theme))
            conn.execute(
                f"SELECT * FROM signals WHERE {where} "
                "ORDER BY submitted_at DESC, id DESC LIMIT 25",
                (match, theme),
            ).fetchall()

        return call

    for q, _ in cases:
        match = fts5_query(search_words(q))
        n = conn.execute(
            "SELECT count(*) FROM signals_fts WHERE signals_fts MATCH ?", (match,)
        ).fetchone()[0]
        shares.append(100 * n / SCALE)
    print(
        f"coordination.search_words: {len(cases)} cases, each matching "
        f"{min(shares):.1f}-{max(shares):.1f} % of the signals "
        f"(median {statistics.median(shares):.1f} %), e.g. "
        + ", ".join(repr(q) for q, _ in cases[:4]),
        flush=True,
    )
    report(
        "inbox_ms",
        median_ms([view(u) for u in urls]),
        median_ms([bare(q, t) for q, t in cases]),
        50,
    )
    bench_common_word(client, conn)
    # For information: pages without a text search (filters only).
    themes = sorted({t for _, t in cases})
    filter_urls = (
        ["/coordinatie/inbox"]
        + [f"/coordinatie/inbox?theme={t}" for t in themes[:7]]
        + [f"/coordinatie/inbox?status=submitted&theme={t}" for t in themes[7:14]]
    )

    def bare_filter(theme):
        def call():
            conn.execute(
                "SELECT count(*) FROM signals WHERE status != 'draft' AND id IN "
                "(SELECT signal_id FROM signal_themes WHERE theme_id = ?)",
                (theme,),
            ).fetchall()

        return call

    value = median_ms([view(u) for u in filter_urls])
    floor = median_ms([bare_filter(t) for t in themes[:15]])
    print(
        f"coordination.inbox_filters_only_ms: {value:.1f} ms median over "
        f"{len(filter_urls)} pages without text (floor: bare theme count "
        f"{floor:.1f} ms); for information",
        flush=True,
    )
    like = median_ms(
        [
            lambda: conn.execute(
                "SELECT count(*) FROM signals WHERE status != 'draft' AND "
                "(title LIKE ? OR description LIKE ?)",
                (f"%{cases[0][0]}%", f"%{cases[0][0]}%"),
            ).fetchall()
        ],
        rounds=3,
    )
    print(f"coordination.like_count_ms: {like:.1f} ms (why FTS: plain LIKE)")


def bench_common_word(client, conn) -> None:
    """A word in about a third of all signals: counted and paged in the
    database (no list of matches in Python)."""
    from signalen.coordination.search import fts5_query, search_words
    from signalen.coordination.words import STOPWORDS

    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab "
        "USING fts5vocab(main, signals_fts, row)"
    )
    rows = conn.execute(
        "SELECT term, doc FROM temp.vocab WHERE length(term) >= 5 "
        "ORDER BY abs(doc - ?) LIMIT 50",
        (SCALE // 3,),
    ).fetchall()
    term, docs = next((t, d) for t, d in rows if t not in STOPWORDS)
    urls = [
        f"/coordinatie/inbox?q={term}",
        f"/coordinatie/inbox?q={term}&page=3",
        f"/coordinatie/inbox?q={term}&sort=oldest",
    ]

    def view(url):
        def call():
            assert client.get(url).status_code == 200

        return call

    match = fts5_query(search_words(term))
    where = (
        "status != 'draft' AND id IN (SELECT rowid FROM signals_fts "
        "WHERE signals_fts MATCH ?)"
    )

    def bare():
        conn.execute(f"SELECT count(*) FROM signals WHERE {where}", (match,))
        conn.execute(
            f"SELECT * FROM signals WHERE {where} "
            "ORDER BY submitted_at DESC, id DESC LIMIT 25",
            (match,),
        ).fetchall()

    print(
        f"coordination.common_word: {term!r} in {100 * docs / SCALE:.0f} % of "
        "the signals",
        flush=True,
    )
    report(
        "inbox_common_word_ms",
        median_ms([view(u) for u in urls]),
        median_ms([bare]),
        50,
    )


def bench_similar(app, conn, made) -> None:
    with app.app_context():
        from sqlalchemy import select

        from signalen.coordination.similarity import candidate_query, similar_to
        from signalen.extensions import db
        from signalen.signals.models import Signal

        rng = random.Random(5)
        submitted = [i for i, s in made["statuses"].items() if s == "submitted"]
        ids = rng.sample(submitted, CASES)
        signals = list(db.session.scalars(select(Signal).where(Signal.id.in_(ids))))
        queries = [candidate_query(s) for s in signals]

        def floor(query):
            def call():
                conn.execute(
                    "SELECT rowid FROM signals_fts WHERE signals_fts MATCH ? "
                    "ORDER BY bm25(signals_fts) LIMIT 200",
                    (query,),
                ).fetchall()

            return call

        def similar(signal):
            def call():
                db.session.expire_all()
                similar_to(signal)

            return call

        found = [len(similar_to(s)[0]) for s in signals]
        report(
            "similar_ms",
            median_ms([similar(s) for s in signals]),
            median_ms([floor(q) for q in queries if q]),
            50,
        )
        print(
            f"coordination.similar_found: {statistics.median(found):.0f} similar "
            f"signals shown (median over {len(signals)} signals); e.g. "
            f"{queries[0]!r}",
            flush=True,
        )


def bench_accuracy() -> None:
    from signalen.coordination.suggestions import top_k_accuracy, train

    rows = [json.loads(x) for x in CORPUS.read_text("utf-8").splitlines() if x]
    examples = [(f"{r['title']}\n{r['description']}", r["themes"]) for r in rows]
    random.Random(1).shuffle(examples)
    cut = len(examples) // 4
    t0 = time.perf_counter()
    payload = train(examples[cut:])
    trained = (time.perf_counter() - t0) * 1000
    accuracy = top_k_accuracy(payload, examples[:cut], 3)
    print(f"coordination.theme_top3_accuracy: {accuracy:.3f} on {cut} held out "
          f"(trained on {len(examples) - cut} in {trained:.0f} ms); target >= 0.8: "
          f"{'OK' if accuracy >= 0.8 else 'LOW'}")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
