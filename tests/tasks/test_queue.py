"""The task queue: which storage a URL means, configuration, immediate mode."""

from __future__ import annotations

import pytest
from huey import MemoryHuey, PostgresHuey, SqliteHuey

from signalen import create_app
from signalen.tasks import TASKS, TaskQueue, make_huey, queue_kind, task_queue


def test_kinds_of_url():
    assert queue_kind(None) == queue_kind("") == "sqlite"
    assert queue_kind("sqlite:////tmp/q.db") == "sqlite"
    assert queue_kind("redis://localhost:6379/0") == "redis"
    assert queue_kind("postgresql://u@h/q") == queue_kind("postgres://u@h/q")
    assert queue_kind("postgresql+psycopg://u@h/q") == "postgresql"
    with pytest.raises(ValueError):
        queue_kind("amqp://elders")


def test_default_is_a_sqlite_file_in_the_instance_folder(tmp_path):
    huey = make_huey(None, instance_path=str(tmp_path / "instance"), immediate=False)
    assert isinstance(huey, SqliteHuey)
    assert (tmp_path / "instance" / "tasks.db").exists()
    named = make_huey(f"sqlite:///{tmp_path}/q.db", instance_path="-", immediate=False)
    assert isinstance(named, SqliteHuey) and (tmp_path / "q.db").exists()


def test_a_queue_on_the_database_kind_of_this_run(queue_url, database_url):
    """SQLite run: a SQLite file; PostgreSQL run: Huey's PostgreSQL storage."""
    huey = make_huey(queue_url, instance_path="-", immediate=False)
    expected = PostgresHuey if database_url.startswith("postgresql") else SqliteHuey
    assert isinstance(huey, expected)

    @huey.task()
    def add(a, b):
        return a + b

    add(1, 2)
    assert huey.pending_count() == 1
    huey.execute(huey.dequeue())
    assert huey.pending_count() == 0
    huey.storage.close()


def test_immediate_mode_touches_no_storage(tmp_path):
    huey = make_huey(None, instance_path=str(tmp_path), immediate=True)
    assert isinstance(huey, MemoryHuey) and huey.immediate
    assert not (tmp_path / "tasks.db").exists()


def test_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SIGNALEN_TASK_QUEUE_URL", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.setenv("SIGNALEN_TASK_WORKERS", "3")
    monkeypatch.setenv("SIGNALEN_TASK_IMMEDIATE", "false")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/app.db"})
    assert app.config["TASK_WORKERS"] == 3
    with app.app_context():
        queue = task_queue()
        assert queue.url == f"sqlite:///{tmp_path}/env.db" and not queue.immediate
        # Built on first use only: creating the app does not touch the queue.
        assert not (tmp_path / "env.db").exists()
        assert queue.health().ok
        assert (tmp_path / "env.db").exists()


def test_tests_run_tasks_immediately(app):
    assert task_queue().immediate


def test_a_task_runs_in_an_app_context_of_its_own(app, monkeypatch):
    from flask import current_app

    from signalen.extensions import db

    seen = []

    def probe(value):
        seen.append((value, current_app.name, id(db.session())))

    monkeypatch.setitem(TASKS, "probe", probe)
    queue = TaskQueue(app, url="memory://", immediate=False)
    queue.enqueue("probe", 7)
    assert seen == [] and queue.health().pending == 1
    queue.huey.execute(queue.huey.dequeue())
    assert seen[0][:2] == (7, app.name)
    assert seen[0][2] != id(db.session())  # not the caller's session


def test_unreachable_queue_is_reported_not_raised(app):
    queue = TaskQueue(app, url="postgresql://nobody@127.0.0.1:1/none", immediate=False)
    health = queue.health()
    assert not health.ok and health.pending is None
