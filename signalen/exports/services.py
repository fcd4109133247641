"""The exports feature's services, importable from one place.

The work lives in modules of one idea: `rows` (items as cleaned rows),
`priorities` (the Prioriteiten sheet's content), `writer` (the XlsxWriter
layer), `sheets` (the fixed sheets), `workbook` (the whole file) and `runs`
(export runs in a task-queue worker). Reading answers back is `importer`.
"""

from __future__ import annotations

from signalen.exports.priorities import Priorities, PriorityRow, collect_priorities
from signalen.exports.rows import (
    BATCH_SIZE,
    PreparedItem,
    Tally,
    iter_item_batches,
    prepare_item,
    tally_bundle,
)
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
from signalen.exports.workbook import (
    EXPORTABLE,
    ProgressCallback,
    WorkbookStats,
    write_bundle_workbook,
)

__all__ = [
    "BATCH_SIZE",
    "EXPORTABLE",
    "EXPORT_TASK",
    "INTERRUPTED_AFTER",
    "MAX_ATTEMPTS",
    "PreparedItem",
    "Priorities",
    "PriorityRow",
    "ProgressCallback",
    "Recovery",
    "Tally",
    "WorkbookStats",
    "collect_priorities",
    "export_file_name",
    "export_path",
    "iter_item_batches",
    "perform_export",
    "prepare_item",
    "queue_export",
    "recent_runs",
    "recover_interrupted_exports",
    "start_export",
    "tally_bundle",
    "write_bundle_workbook",
]
