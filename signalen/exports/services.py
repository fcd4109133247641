"""The exports feature's services, importable from one place.

Callers import from here; the work lives in modules of one idea: `rows`
(items as cleaned rows), `priorities` (the Prioriteiten sheet's content),
`writer` (the XlsxWriter layer), `sheets` (the fixed sheets), `workbook` (the
whole file) and `runs` (export runs in a task-queue worker). Reading answers
back is `importer`.
"""

from __future__ import annotations

from signalen.exports.runs import (
    EXPORT_TASK,
    INTERRUPTED_AFTER,
    MAX_ATTEMPTS,
    Recovery,
    export_file_name,
    export_path,
    perform_export,
    queue_export,
    recent_runs,
    recover_interrupted_exports,
    start_export,
)
from signalen.exports.workbook import EXPORTABLE, write_bundle_workbook

__all__ = [
    "EXPORTABLE",
    "EXPORT_TASK",
    "INTERRUPTED_AFTER",
    "MAX_ATTEMPTS",
    "Recovery",
    "export_file_name",
    "export_path",
    "perform_export",
    "queue_export",
    "recent_runs",
    "recover_interrupted_exports",
    "start_export",
    "write_bundle_workbook",
]
