"""Benchmark for importing a signal list from the CLI (reports; always exits 0).

Run from the repository root:  .venv/bin/python bench/bench_imports.py
BENCH_SCALE=0.1 makes the files ten times smaller (default: 100,000 and 10,000
rows). Each measurement runs in its own subprocess on a fresh SQLite database,
so its peak RSS is its own.

app   = `import_file(..., apply=True)` as `flask signals-import --apply` runs it:
        read the CSV, map columns and list values, check every row for personal
        data, look up row keys, store each chunk of 1,000 with signals.writer
        (references reserved per chunk, one INSERT per table: signals with
        their index words, lists, history, audit, import marks), commit once.
floor = the same CSV read with the csv module, the personal-data check on the
        same texts, and a plain executemany INSERT of the rows into one table
        of the same database: what any import must do at least.
Targets: app on 100,000 rows < 120 s wall; peak RSS flat between the sizes.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SIZES = [int(100_000 * SCALE), int(10_000 * SCALE)]
TARGET_SECONDS = 120

WORDS = [
    "wachtlijst",
    "sociale",
    "woning",
    "gezinnen",
    "huur",
    "te",
    "hoog",
    "opvang",
    "jongeren",
    "geen",
    "plaats",
    "tolken",
    "school",
    "kinderen",
    "energie",
    "factuur",
    "schulden",
    "ontmoeting",
    "buurt",
    "senioren",
    "eenzaam",
    "digitaal",
    "loket",
    "afspraak",
    "bus",
    "duur",
]
THEMES = ["Wonen", "Dakloosheid", "Inkomen", "Onderwijs", "Energie", "huisvesting"]
AREAS = ["Rabot", "Brugse Poort", "stadsbreed", "Ledeberg", "Dampoort", ""]


def write_csv(path: Path, n: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Nr;Onderwerp;Omschrijving;Thema;Wijk;Datum\n")
        for i in range(n):
            title = " ".join(rng.choice(WORDS) for _ in range(6))
            text = " ".join(rng.choice(WORDS) for _ in range(40))
            handle.write(
                f"R{i};{title};{text}.;{rng.choice(THEMES)};{rng.choice(AREAS)};"
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2019\n"
            )


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
from flask_migrate import upgrade
from signalen import create_app
from signalen.extensions import db
from signalen.themes.seed import seed_reference_data
app = create_app({{"SQLALCHEMY_DATABASE_URI": "sqlite:///{db}", "SECRET_KEY": "b"}})
with app.app_context():
    upgrade(revision="heads")
    seed_reference_data()
    db.session.commit()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu0 = time.process_time(); wall0 = time.perf_counter()
    if {mode!r} == "app":
        from signalen.auth.services import create_user
        from signalen.imports.services import import_file
        from signalen.organisations.models import Organisation
        from signalen.permissions import Role
        org = Organisation(name="Bench"); db.session.add(org); db.session.flush()
        user = create_user(email="b@example.org", display_name="B", password="x" * 12,
                           role=Role.WORKER, organisation=org)
        db.session.commit()
        cpu0 = time.process_time(); wall0 = time.perf_counter()
        report = import_file(Path({csv!r}), org, user, source="bench", apply=True)
        db.session.commit()
        added = report["ok"]
    else:
        import csv
        from sqlalchemy import text
        from signalen.textcheck import find_in_fields
        db.session.execute(text("CREATE TABLE floor_rows (ref TEXT, title TEXT, "
                                "description TEXT, theme TEXT, area TEXT, day TEXT)"))
        rows = []
        added = 0
        with open({csv!r}, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            next(reader)
            for r in reader:
                if not find_in_fields({{"title": r[1], "description": r[2]}}):
                    rows.append(dict(ref=r[0], title=r[1], description=r[2],
                                     theme=r[3], area=r[4], day=r[5]))
                if len(rows) >= 500:
                    db.session.execute(text("INSERT INTO floor_rows VALUES (:ref, "
                        ":title, :description, :theme, :area, :day)"), rows)
                    added += len(rows); rows = []
        if rows:
            db.session.execute(text("INSERT INTO floor_rows VALUES (:ref, :title, "
                                    ":description, :theme, :area, :day)"), rows)
            added += len(rows)
        db.session.commit()
    print(json.dumps({{"cpu": time.process_time() - cpu0,
                      "wall": time.perf_counter() - wall0, "added": added,
                      "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "rss_start_kb": rss0}}))
"""


def measure(mode: str, csv_path: Path, folder: Path) -> dict:
    db = folder / f"{mode}-{csv_path.stem}.db"
    code = CHILD.format(repo=str(REPO), db=str(db), mode=mode, csv=str(csv_path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"{mode} failed:", out.stderr.strip()[-1500:])
        return {}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = {}
        for n in SIZES:
            csv_path = folder / f"rows{n}.csv"
            write_csv(csv_path, n)
            floor = measure("floor", csv_path, folder)
            app = measure("app", csv_path, folder)
            results[n] = app
            if not app or not floor:
                continue
            ratio = app["cpu"] / floor["cpu"] if floor["cpu"] else float("nan")
            print(
                f"imports.apply[{n} rows]: app {app['wall']:.1f} s wall "
                f"({app['cpu']:.1f} s CPU, {app['added']} added), floor "
                f"{floor['wall']:.1f} s wall ({floor['cpu']:.1f} s CPU), ratio "
                f"{ratio:.1f}x CPU; peak RSS {app['rss_kb'] / 1024:.0f} MB "
                f"(floor {floor['rss_kb'] / 1024:.0f} MB)"
            )
        big, small = (results.get(n) for n in SIZES)
        if big and small:
            ok = big["wall"] < TARGET_SECONDS * SCALE
            print(
                f"imports.target: {SIZES[0]} rows in {big['wall']:.1f} s, target "
                f"< {TARGET_SECONDS * SCALE:.0f} s: {'OK' if ok else 'NOT MET'}"
            )
            growth = big["rss_kb"] / small["rss_kb"]
            print(
                f"imports.memory: peak RSS {small['rss_kb'] / 1024:.0f} MB at "
                f"{SIZES[1]} rows, {big['rss_kb'] / 1024:.0f} MB at {SIZES[0]} rows "
                f"({growth:.2f}x); target flat (< 1.3x): "
                f"{'OK' if growth < 1.3 else 'NOT MET'}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
