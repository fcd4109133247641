"""A full disk or an unwritable exports folder: a clear Dutch error, the run marked
failed with that message, and no file (not even a half-written one) left behind."""

from datetime import UTC, datetime

import pytest

from signalen.errors import SignalenError
from signalen.exports.services import perform_export, start_export

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def test_an_unwritable_exports_folder_fails_cleanly(app, db, sample_bundle, tmp_path,
                                                    monkeypatch):  # fmt: skip
    blocked = tmp_path / "exports"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(blocked))
    run = start_export(sample_bundle, None, NOW)
    db.session.commit()
    with pytest.raises(SignalenError) as failed:
        perform_export(run, now=NOW)
    assert "niet beschrijfbaar" in failed.value.message
    db.session.refresh(run)
    assert run.status == "failed" and "schijf is vol" in run.error
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]


def test_a_full_disk_leaves_no_partial_file(app, db, sample_bundle, tmp_path,
                                            monkeypatch):  # fmt: skip
    from signalen.exports import workbook

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path))
    original = workbook.sheets.write_lists

    def write_then_fail(*args, **kwargs):
        original(*args, **kwargs)
        disk_full()

    monkeypatch.setattr(workbook.sheets, "write_lists", write_then_fail)
    run = start_export(sample_bundle, None, NOW)
    db.session.commit()
    with pytest.raises(SignalenError):
        perform_export(run, now=NOW)
    assert list(tmp_path.iterdir()) == []
    db.session.refresh(run)
    assert run.status == "failed" and run.file_name is None


def test_the_progress_page_says_why(client, db, make_user, login_as, sample_bundle,
                                    app, tmp_path, monkeypatch):  # fmt: skip
    blocked = tmp_path / "exports"
    blocked.write_text("x")
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(blocked))
    run = start_export(sample_bundle, None, NOW)
    db.session.commit()
    with pytest.raises(SignalenError):
        perform_export(run, now=NOW)
    login_as(make_user("coordinator"))
    page = client.get(f"/export/{run.id}").get_data(as_text=True)
    assert "schijf is vol" in page
