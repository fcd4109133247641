"""Run every benchmark in bench/ (bench_*.py), one process each, and print figures.

Each benchmark prints its figures beside a floor measured in the same run, so
the ratio shows the app's own overhead on whatever machine runs it. Set
BENCH_ONLY=pii,bundles to run a subset. Only bench_*.py files are benchmarks;
other files here are their helpers (load_floor_app.py is the floor server of
bench_load.py, which needs gunicorn from the dev extras and runs servers on
127.0.0.1 only).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    only = {x for x in os.environ.get("BENCH_ONLY", "").split(",") if x}
    scripts = sorted(HERE.glob("bench_*.py"))
    if only:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in only]
    failures = 0
    for script in scripts:
        print(f"== {script.stem} ==", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        elapsed = time.perf_counter() - started
        print(f"   ({elapsed:.1f} s)", flush=True)
        if result.returncode != 0:
            failures += 1
            print(f"   {script.name} exited with {result.returncode}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
