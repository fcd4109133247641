"""gunicorn settings of bench_load.py, for the floors and the app alike.

Each worker leaves a mark once it has loaded the app, so the benchmark starts
measuring only when all workers are ready (otherwise the first seconds measure
workers that are still importing). Not part of the app: only the benchmark
starts gunicorn with it (`-c bench/load_gunicorn.py`).
"""

import os
from pathlib import Path


def post_worker_init(worker):
    ready = os.environ.get("BENCH_READY_DIR")
    if ready:
        Path(ready, str(worker.pid)).touch()
