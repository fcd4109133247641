"""Backups: write one, restore it, find every signal; prune; fail cleanly."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from signalen.backups import backup_database, prune_backups, restore_database
from signalen.errors import SignalenError
from signalen.signals.models import Signal

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def references(db) -> set[str]:
    return set(db.session.scalars(select(Signal.reference)))


def test_backup_then_restore_finds_every_signal(app, db, make_signal, tmp_path,
                                                runner):  # fmt: skip
    for i in range(5):
        make_signal(title=f"Signaal nummer {i}")
    before = references(db)
    result = runner.invoke(args=["backup", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [backup] = list(tmp_path.iterdir())
    assert backup.stat().st_size > 0 and not backup.name.endswith(".part")

    make_signal(title="Na de back-up")  # changes after the backup ...
    db.session.execute(Signal.__table__.delete().where(Signal.id == min(
        db.session.scalars(select(Signal.id)))))  # fmt: skip
    db.session.commit()
    assert references(db) != before

    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert references(db) == before  # ... are gone, everything before is back
    titles = set(db.session.scalars(select(Signal.title)))
    assert {f"Signaal nummer {i}" for i in range(5)} == titles


def test_restore_asks_for_confirmation(runner, tmp_path, db, make_signal):
    make_signal()
    backup = backup_database(NOW, tmp_path)
    result = runner.invoke(args=["restore", str(backup)], input="n\n")
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(Signal)) == 1


def test_an_unwritable_place_gives_a_clear_error_and_no_file(tmp_path, db):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    with pytest.raises(SignalenError) as failed:
        backup_database(NOW, blocked / "sub" / "x.backup")
    assert "niet geschreven" in failed.value.message
    assert list(tmp_path.iterdir()) == [blocked]


def test_restoring_a_file_that_is_no_backup_is_refused(app, tmp_path, db):
    bogus = tmp_path / "signalen-bogus.sqlite3"
    bogus.write_bytes(b"not a database at all")
    with pytest.raises(SignalenError):
        restore_database(bogus)
    with pytest.raises(SignalenError):
        restore_database(tmp_path / "missing")


def test_prune_keeps_the_newest(tmp_path, app):
    with app.app_context():
        names = [
            f"signalen-{(NOW - timedelta(days=d)).strftime('%Y%m%d-%H%M%S')}.sqlite3"
            for d in range(5)
        ]
        for name in names:
            (tmp_path / name).write_text("x")
        (tmp_path / "notes.txt").write_text("keep me")
        removed = prune_backups(2, tmp_path)
        assert {p.name for p in removed} == set(names[2:])
        assert {p.name for p in tmp_path.iterdir()} == {*names[:2], "notes.txt"}


def test_the_nightly_job_writes_and_prunes(app, db, tmp_path, monkeypatch):
    from signalen.backups import nightly_backup_job

    monkeypatch.setitem(app.config, "BACKUP_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "BACKUP_KEEP", 2)
    for day in range(3):
        nightly_backup_job(NOW + timedelta(days=day))
    assert len(list(tmp_path.iterdir())) == 2
