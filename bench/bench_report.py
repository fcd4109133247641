"""Benchmark for the bundle's PDF report (reports; always exits 0).

Run from the repository root:  .venv/bin/python bench/bench_report.py
Builds closed bundles of 80 and 1,000 items (bench_exports.build: realistic
snapshots, SQLite) and writes each one's PDF as the app does
(`report.write_report_pdf`: the query and privacy pass, the HTML template and
WeasyPrint), each in a subprocess of its own so its peak RSS is its own.
Targets: 80 items < 10 s, 1,000 items < 60 s, peak RSS < 300 MB.
The floor, measured in the same run, is WeasyPrint alone rendering the same
HTML (made beforehand): the ratio shows what the app adds to the library.
BENCH_REPORT_SIZES=80,1000 overrides the sizes.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

SIZES = [int(x) for x in os.environ.get("BENCH_REPORT_SIZES", "80,1000").split(",")]
TARGETS = {80: 10.0, 1000: 60.0}
MAX_RSS_MB = 300


def child(kind: str, db_path: Path, bundle_id: int, out: Path) -> dict:
    from bench_exports import NOW, make_app

    from signalen.bundles.models import Bundle
    from signalen.extensions import db

    app = make_app(db_path, out.parent)
    with app.app_context(), app.test_request_context():
        bundle = db.session.get(Bundle, bundle_id)
        if kind == "floor":
            from weasyprint import HTML

            from signalen.exports.report import render_report_html

            html = render_report_html(bundle, NOW)  # not timed: the floor's input
            t0 = time.perf_counter()
            HTML(string=html, base_url=app.root_path).write_pdf(str(out))
        else:
            from signalen.exports.report import write_report_pdf

            t0 = time.perf_counter()
            write_report_pdf(bundle, out, NOW)
        seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = out.read_bytes().count(b"/Type /Page\n") or out.read_bytes().count(
        b"/Type /Page"
    )
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "bytes": out.stat().st_size,
        "pages": pages,
    }


def run_child(kind: str, db_path: Path, bundle_id: int, out: Path) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(db_path), str(bundle_id),
         str(out)],
        capture_output=True, text=True, check=True, cwd=REPO,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    from bench_exports import build

    print("PDF report (WeasyPrint); app = write_report_pdf, floor = WeasyPrint alone")
    for n in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            db_path = Path(tmp) / "bench.db"
            bundle_id = build(db_path, n)
            app = run_child("app", db_path, bundle_id, Path(tmp) / "app.pdf")
            floor = run_child("floor", db_path, bundle_id, Path(tmp) / "floor.pdf")
        target = TARGETS.get(n)
        verdict = ""
        if target is not None:
            ok = app["seconds"] < target and app["peak_mb"] < MAX_RSS_MB
            verdict = f"  target < {target:.0f} s, < {MAX_RSS_MB} MB: " + (
                "met" if ok else "NOT MET"
            )
        print(
            f"{n:>6} items: app {app['seconds']:.1f} s, peak {app['peak_mb']:.0f} MB, "
            f"{app['bytes'] / 1e6:.1f} MB PDF | floor {floor['seconds']:.1f} s, "
            f"peak {floor['peak_mb']:.0f} MB | ratio "
            f"{app['seconds'] / max(floor['seconds'], 1e-9):.2f}x{verdict}",
            flush=True,
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, db_path, bundle_id, out = sys.argv[2:6]
        print(json.dumps(child(kind, Path(db_path), int(bundle_id), Path(out))))
    else:
        main()
