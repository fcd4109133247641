"""Backups of the whole database, and restoring one.

SQLite: the online backup API copies a consistent snapshot while the app runs.
PostgreSQL: pg_dump in its custom format, read back with pg_restore. A backup is
written to a temporary name and renamed when complete, so a full disk or an
interrupted run never leaves a file that looks like a backup but is not one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.engine import make_url

from signalen.clock import to_local
from signalen.errors import SignalenError
from signalen.extensions import db

PREFIX = "signalen-"
SUFFIXES = (".sqlite3", ".pgdump")


def _url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _is_sqlite() -> bool:
    return _url().get_backend_name() == "sqlite"


def _sqlite_path() -> str:
    database = _url().database
    if not database or database == ":memory:":
        raise SignalenError(_("Een databank in het geheugen kan je niet back-uppen."))
    return database


def _libpq_url() -> str:
    """The URL as pg_dump reads it (no SQLAlchemy driver name)."""
    url = _url().set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def backup_directory() -> Path:
    return Path(
        current_app.config.get("BACKUP_DIR")
        or Path(current_app.instance_path) / "backups"
    )


def backup_name(now: datetime) -> str:
    suffix = SUFFIXES[0] if _is_sqlite() else SUFFIXES[1]
    return f"{PREFIX}{to_local(now).strftime('%Y%m%d-%H%M%S')}{suffix}"


def backup_database(now: datetime, target: Path | None = None) -> Path:
    """Write a complete backup; returns its path. Raises SignalenError in Dutch."""
    target = target or backup_directory() / backup_name(now)
    if target.is_dir():
        target = target / backup_name(now)
    partial = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if _is_sqlite():
            _sqlite_path()  # refuses an in-memory database
            _sqlite_copy(into_live=False, other=str(partial))
        else:
            _run(["pg_dump", "--format=custom", "--no-owner",
                  f"--file={partial}", _libpq_url()])  # fmt: skip
        os.replace(partial, target)
    except OSError as exc:
        _discard(partial)
        raise SignalenError(
            _("De back-up kon niet geschreven worden: %(why)s", why=exc.strerror)
        ) from exc
    except sqlite3.Error as exc:
        _discard(partial)
        raise SignalenError(_("De back-up is mislukt: %(why)s", why=str(exc))) from exc
    except SignalenError:
        _discard(partial)
        raise
    return target


def restore_database(source: Path) -> None:
    """Replace the whole database with a backup. Every session is closed first."""
    if not source.is_file():
        raise SignalenError(_("Dit back-upbestand bestaat niet: %(p)s", p=str(source)))
    db.session.remove()
    db.engine.dispose()
    if _is_sqlite():
        if not _looks_like_sqlite(source):
            raise SignalenError(_("Dit is geen back-up van een SQLite-databank."))
        _sqlite_copy(into_live=True, other=str(source))
    else:
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner"]
        command += ["--single-transaction", f"--dbname={_libpq_url()}", str(source)]
        _run(command)
    db.engine.dispose()


def prune_backups(keep: int, directory: Path | None = None) -> list[Path]:
    """Delete all but the `keep` newest backups; returns the deleted ones."""
    directory = directory or backup_directory()
    if not directory.is_dir():
        return []
    backups = sorted(
        (
            p
            for p in directory.iterdir()
            if p.name.startswith(PREFIX) and p.suffix in SUFFIXES
        ),  # fmt: skip
        key=lambda p: p.name,
        reverse=True,
    )
    old = backups[max(keep, 1) :]
    for path in old:
        path.unlink()
    return old


def nightly_backup_job(now: datetime) -> str:
    """Scheduled: a backup, then keep only the newest BACKUP_KEEP."""
    path = backup_database(now)
    removed = prune_backups(current_app.config["BACKUP_KEEP"])
    return f"{path.name} ({len(removed)} oude verwijderd)"


def _discard(partial: Path) -> None:
    """Remove a half-written backup, if there is one."""
    with contextlib.suppress(OSError):  # it could not be created in the first place
        partial.unlink(missing_ok=True)


def _sqlite_copy(*, into_live: bool, other: str) -> None:
    """SQLite's online backup between the live database and another file. The
    live side is a connection of the app's own engine (its pragmas: WAL, busy
    timeout), so the copy waits for writers instead of failing."""
    raw = db.engine.raw_connection()
    file = sqlite3.connect(other)
    try:
        live = raw.driver_connection
        assert isinstance(live, sqlite3.Connection)
        source, target = (file, live) if into_live else (live, file)
        source.backup(target)
    finally:
        file.close()
        raw.close()


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise SignalenError(
            _("%(tool)s ontbreekt: installeer de PostgreSQL-client.", tool=command[0])
        )
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        # pg_dump's own message (no data in it), in the last line.
        lines = (result.stderr or "").strip().splitlines() or ["?"]
        raise SignalenError(_("%(tool)s faalde: %(why)s", tool=command[0],
                              why=lines[-1]))  # fmt: skip
