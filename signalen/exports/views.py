"""Bundle workbooks: export in a task-queue worker, download, import answers."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import format_decimal, ngettext
from flask_login import current_user
from sqlalchemy import select

from signalen.actions import run_and_commit, submit
from signalen.bundles.models import Bundle
from signalen.database import utcnow
from signalen.exports.forms import AnswerUploadForm
from signalen.exports.importer import apply_answer_import, preview_answers
from signalen.exports.models import AnswerImport, ExportRun
from signalen.exports.services import (
    export_path,
    queue_export,
    recent_runs,
    start_export,
)
from signalen.extensions import db
from signalen.forms import ButtonForm
from signalen.permissions import (
    Role,
    can_download_export,
    can_export_bundle,
    can_import_answers,
    can_read_report,
    role_required,
)

bp = Blueprint("exports", __name__, url_prefix="/export")
EXPORTERS = (Role.COORDINATOR, Role.CITY)


@bp.app_context_processor
def export_helpers() -> dict:
    return {"export_runs_for": recent_runs}


def get_bundle(bundle_id: int, check=can_export_bundle) -> Bundle:
    bundle = db.session.get(Bundle, bundle_id)
    if bundle is None or not check(current_user, bundle):
        abort(404)
    return bundle


def get_run(run_id: int) -> ExportRun:
    run = db.session.get(ExportRun, run_id)
    if run is None or not can_download_export(current_user, run):
        abort(404)
    return run


@bp.get("/bundel/<int:bundle_id>")
@role_required(*EXPORTERS)
def bundle(bundle_id: int):
    """The workbook page of a bundle: export, downloads, upload answers."""
    bundle = get_bundle(bundle_id)
    return render_template("exports/bundle.html", bundle=bundle)


@bp.post("/bundel/<int:bundle_id>")
@role_required(*EXPORTERS)
def start(bundle_id: int):
    """Queue the workbook for a worker; the progress page follows it."""
    bundle = get_bundle(bundle_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    outcome = run_and_commit(lambda: start_export(bundle, current_user, now=utcnow()))
    if not outcome:
        return redirect(url_for("exports.bundle", bundle_id=bundle.id))
    run = outcome.value
    run_and_commit(lambda: queue_export(run))
    return redirect(url_for("exports.progress", run_id=run.id))


@bp.get("/<int:run_id>")
@role_required(*EXPORTERS)
def progress(run_id: int):
    """Progress of an export; refreshes itself until the file is ready."""
    run = get_run(run_id)
    return render_template("exports/progress.html", run=run, bundle=run.bundle)


@bp.get("/<int:run_id>/download")
@role_required(*EXPORTERS)
def download(run_id: int):
    """Send the finished workbook."""
    run = get_run(run_id)
    path = export_path(run)
    if path is None:
        abort(404)
    return send_file(
        path,
        as_attachment=True,
        download_name=path.name,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.route("/bundel/<int:bundle_id>/antwoorden", methods=["GET", "POST"])
@role_required(*EXPORTERS)
def upload(bundle_id: int):
    """Upload a filled-in workbook; shows a preview before anything changes."""
    bundle = get_bundle(bundle_id, can_import_answers)
    form = AnswerUploadForm()
    if form.validate_on_submit():
        file = form.workbook.data
        done = submit(
            form,
            lambda: preview_answers(
                file.read(), bundle, current_user, file_name=file.filename or ""
            ),
            success=lambda answer_import: url_for(
                "exports.preview", bundle_id=bundle.id, key=answer_import.key
            ),
        )
        if done:
            return done
    return render_template("exports/upload.html", bundle=bundle, form=form)


def get_import(bundle: Bundle, key: str) -> AnswerImport:
    answer_import = db.session.scalar(
        select(AnswerImport).where(
            AnswerImport.key == key, AnswerImport.bundle_id == bundle.id
        )
    )
    if answer_import is None:
        abort(404)
    return answer_import


@bp.get("/bundel/<int:bundle_id>/antwoorden/<key>")
@role_required(*EXPORTERS)
def preview(bundle_id: int, key: str):
    """What the upload would change, item by item."""
    bundle = get_bundle(bundle_id, can_import_answers)
    answer_import = get_import(bundle, key)
    return render_template(
        "exports/preview.html",
        bundle=bundle,
        answer_import=answer_import,
        form=ButtonForm(),
    )


@bp.post("/bundel/<int:bundle_id>/antwoorden/<key>")
@role_required(*EXPORTERS)
def confirm(bundle_id: int, key: str):
    """Apply the previewed answers (from the server-side copy, never the form)."""
    bundle = get_bundle(bundle_id, can_import_answers)
    answer_import = get_import(bundle, key)
    if not ButtonForm().validate_on_submit():
        abort(400)
    outcome = run_and_commit(lambda: apply_answer_import(answer_import, current_user))
    if not outcome:
        return redirect(url_for("exports.preview", bundle_id=bundle.id, key=key))
    saved = outcome.value
    flash(
        ngettext(
            "%(count)s antwoord bewaard.",
            "%(count)s antwoorden bewaard.",
            saved,
            count=format_decimal(saved),
        ),
        "success",
    )
    return redirect(url_for("responses.bundle_answers", bundle_id=bundle.id))


@bp.get("/bundel/<int:bundle_id>/rapport")
@role_required(*Role)
def report(bundle_id: int):
    """The bundle as a report: a web page with a print stylesheet."""
    from signalen.exports.report import render_report_html

    bundle = get_bundle(bundle_id, can_read_report)
    return render_report_html(bundle, utcnow())


@bp.get("/bundel/<int:bundle_id>/rapport.pdf")
@role_required(*Role)
def report_pdf(bundle_id: int):
    """The report as a PDF: made now for a small bundle, else by a worker."""
    from signalen.exports.report import ready_report

    bundle = get_bundle(bundle_id, can_read_report)
    path = ready_report(bundle, utcnow())
    if path is None:
        return render_template("exports/report_wait.html", bundle=bundle), 202
    return send_file(
        path,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{bundle.title}.pdf".replace("/", "-"),
        max_age=0,
    )


@bp.get("/bundel/<int:bundle_id>/rapport/stand")
@role_required(*Role)
def report_state(bundle_id: int):
    """Whether the report's PDF is ready: the waiting page's live region asks
    this (static/js/progress.js) instead of reloading itself."""
    from signalen.exports.report import ready_report

    bundle = get_bundle(bundle_id, can_read_report)
    ready = ready_report(bundle, utcnow()) is not None
    return render_template("exports/report_wait.html", bundle=bundle, ready=ready)
