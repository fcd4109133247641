"""The app for a worker that hangs in the middle of an export, so a test can
kill it there: `flask --app tests.tasks.slow_worker worker`."""

from __future__ import annotations

import time

from signalen import create_app as create_signalen_app
from signalen.exports import runs


def hanging_workbook(bundle, path, *, progress=None, **kwargs):
    """Report one item done (the run shows progress 1), then never finish."""
    if progress is not None:
        progress(1, 3)
    time.sleep(300)
    raise RuntimeError("a hanging export was not killed")


def create_app():
    runs.write_bundle_workbook = hanging_workbook  # type: ignore[assignment]
    return create_signalen_app()
