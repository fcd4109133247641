"""Export from the web (a queued task; immediate in tests), download, upload."""

from __future__ import annotations

import io

from flask import g
from openpyxl import load_workbook
from sqlalchemy import select

from signalen.audit.models import AuditEvent
from signalen.bundles.models import BundleStatus
from signalen.exports.models import AnswerImport, ExportRun
from signalen.permissions import Role
from signalen.responses.models import CityResponse
from tests.exports.conftest import ANSWER, fill


def switch(login_as, user):
    g.pop("_login_user", None)  # tests share one app context: forget the cached user
    return login_as(user)


def export_via_web(client, bundle):
    response = client.post(f"/export/bundel/{bundle.id}")
    assert response.status_code == 302
    run_url = response.headers["Location"]
    return run_url, client.get(run_url)


def test_coordinator_exports_and_downloads(
    client, login_as, make_user, sample_bundle, db
):
    login_as(make_user(Role.COORDINATOR))
    page = client.get(f"/export/bundel/{sample_bundle.id}")
    assert "Maak het Excel-bestand" in page.text
    run_url, progress = export_via_web(client, sample_bundle)
    assert "Het bestand is klaar." in progress.text
    assert 'http-equiv="refresh"' not in progress.text
    run = db.session.scalar(select(ExportRun))
    assert run.status == "done" and run.progress == 3
    download = client.get(f"{run_url}/download")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    wb = load_workbook(io.BytesIO(download.data))
    download.close()
    assert "Signalen" in wb.sheetnames
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"export.requested", "export.written"} <= actions


def test_progress_page_refreshes_while_running(
    client, login_as, make_user, sample_bundle, db
):
    login_as(make_user(Role.COORDINATOR))
    run = ExportRun(
        bundle=sample_bundle, token="t", status="running", progress=1, total=3
    )
    db.session.add(run)
    db.session.commit()
    page = client.get(f"/export/{run.id}")
    # no meta refresh: a live region that a small script updates
    assert 'http-equiv="refresh"' not in page.text
    assert (
        f'data-poll="/export/{run.id}"' in page.text and "js/progress.js" in page.text
    )
    assert f'href="/export/{run.id}">Vernieuw nu' in page.text  # without script
    assert "1 van 3" in page.text
    assert client.get(f"/export/{run.id}/download").status_code == 404


def test_export_waits_in_the_queue_until_a_worker_runs_it(
    app, client, login_as, make_user, sample_bundle, db, monkeypatch
):
    """Without immediate mode the request only queues: the run stays pending."""
    from signalen.tasks import EXTENSION, TaskQueue

    queue = TaskQueue(app, url="memory://", immediate=False)
    monkeypatch.setitem(app.extensions, EXTENSION, queue)
    login_as(make_user(Role.COORDINATOR))
    run_url, progress = export_via_web(client, sample_bundle)
    assert "data-poll=" in progress.text
    assert queue.health().pending == 1
    run = db.session.scalar(select(ExportRun))
    assert run.status == "pending" and run.attempts == 0
    # What a worker does with the task: the same run gets done.
    queue.huey.execute(queue.huey.dequeue())
    db.session.expire_all()
    assert run.status == "done" and run.attempts == 1 and run.runner
    assert queue.health().pending == 0


def test_unreachable_queue_fails_the_run_with_a_message(
    app, client, login_as, make_user, sample_bundle, db, monkeypatch
):
    from signalen.tasks import EXTENSION, TaskQueue

    class Unreachable(TaskQueue):
        def enqueue(self, name, *args):
            raise ConnectionError("queue down")

    monkeypatch.setitem(app.extensions, EXTENSION, Unreachable(app))
    login_as(make_user(Role.COORDINATOR))
    _run_url, progress = export_via_web(client, sample_bundle)
    assert "Het bestand kon niet gemaakt worden" in progress.text
    run = db.session.scalar(select(ExportRun))
    assert run.status == "failed" and "takenverwerker" in run.error


def test_city_sees_only_published_bundles(
    client, login_as, make_user, sample_bundle, db
):
    coordinator = make_user(Role.COORDINATOR)
    login_as(coordinator)
    run_url, _ = export_via_web(client, sample_bundle)
    switch(login_as, make_user(Role.CITY))
    assert client.get(f"/export/bundel/{sample_bundle.id}").status_code == 404
    assert client.get(f"{run_url}/download").status_code == 404
    assert client.post(f"/export/bundel/{sample_bundle.id}").status_code == 404
    sample_bundle.status = BundleStatus.PUBLISHED
    db.session.commit()
    download = client.get(f"{run_url}/download")
    assert download.status_code == 200
    download.close()


def test_workers_and_admins_cannot_export(client, login_as, make_user, sample_bundle):
    for role in (Role.WORKER, Role.ADMIN):
        switch(login_as, make_user(role))
        assert client.get(f"/export/bundel/{sample_bundle.id}").status_code == 403
        assert client.post(f"/export/bundel/{sample_bundle.id}").status_code == 403


def test_open_bundle_is_not_exportable(client, login_as, make_user, make_bundle):
    login_as(make_user(Role.COORDINATOR))
    bundle = make_bundle([], status=BundleStatus.OPEN)
    assert client.get(f"/export/bundel/{bundle.id}").status_code == 404


def upload(client, bundle, data, name="antwoorden.xlsx"):
    return client.post(
        f"/export/bundel/{bundle.id}/antwoorden",
        data={"workbook": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_city_uploads_previews_and_confirms(
    client, login_as, make_user, sample_bundle, exported, db
):
    sample_bundle.status = BundleStatus.PUBLISHED
    db.session.commit()
    _run, path = exported(sample_bundle)
    login_as(make_user(Role.CITY))
    ref = sample_bundle.items[0].reference
    response = upload(client, sample_bundle, fill(path, {ref: ANSWER}))
    assert response.status_code == 302
    preview = client.get(response.headers["Location"])
    assert "Wat zou veranderen (1)" in preview.text
    assert "We bekijken dit met de woondienst." in preview.text
    assert db.session.scalar(select(CityResponse.id)) is None
    confirm = client.post(response.headers["Location"])
    assert confirm.status_code == 302
    assert db.session.scalar(select(CityResponse.source)) == "import"
    # Confirming again (back button) changes nothing.
    client.post(response.headers["Location"])
    assert len(db.session.scalars(select(CityResponse)).all()) == 1
    assert db.session.scalar(select(AnswerImport.status)) == "applied"


def test_upload_with_errors_shows_rows_and_no_confirm(
    client, login_as, make_user, sample_bundle, exported
):
    _run, path = exported(sample_bundle)
    login_as(make_user(Role.COORDINATOR))
    ref = sample_bundle.items[0].reference
    data = fill(path, {ref: {**ANSWER, "Opvolging": "Ooit"}})
    preview = client.get(upload(client, sample_bundle, data).headers["Location"])
    assert "Er is niets bewaard" in preview.text
    assert "Rij 2" in preview.text and "Ooit" in preview.text
    assert "Bevestig" not in preview.text


def test_wrong_file_gets_a_message_next_to_the_field(
    client, login_as, make_user, sample_bundle
):
    login_as(make_user(Role.COORDINATOR))
    page = upload(client, sample_bundle, b"geen excel", name="x.csv")
    assert page.status_code == 200
    assert "Dit is geen Excel-bestand" in page.text
    assert 'aria-invalid="true"' in page.text


def test_oversized_upload_gets_413(client, login_as, make_user, sample_bundle, app):
    login_as(make_user(Role.COORDINATOR))
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    # Encoded in memory: the test client would spool it to a temporary file.
    boundary, body = encode_multipart(
        {"workbook": FileStorage(io.BytesIO(big), filename="groot.xlsx")}
    )
    response = client.post(
        f"/export/bundel/{sample_bundle.id}/antwoorden",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413


def test_preview_of_another_bundle_is_404(
    client, login_as, make_user, sample_bundle, make_bundle, exported
):
    _run, path = exported(sample_bundle)
    login_as(make_user(Role.COORDINATOR))
    location = upload(client, sample_bundle, path.read_bytes()).headers["Location"]
    other = make_bundle(
        [],
        start=sample_bundle.period_start.replace(year=2025),
        end=sample_bundle.period_end.replace(year=2026),
    )
    key = location.rsplit("/", 1)[1]
    assert client.get(f"/export/bundel/{other.id}/antwoorden/{key}").status_code == 404


def test_damaged_workbook_gets_a_message_not_a_server_error(
    client, login_as, make_user, sample_bundle, exported
):
    from tests.exports.test_import import replace_cell

    _run, path = exported(sample_bundle)
    login_as(make_user(Role.COORDINATOR))
    data = replace_cell(path, "O2", '<c r="O2" t="n"><v>geen getal</v></c>')
    page = upload(client, sample_bundle, data)
    assert page.status_code == 200
    assert "Het blad &#39;Signalen&#39; is beschadigd" in page.text
    assert 'aria-invalid="true"' in page.text
