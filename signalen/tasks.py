"""Background work in a task queue (Huey), run by `flask --app signalen worker`.

Work that outlives a request never runs in a thread of the web process: the web
process puts a task on the queue and a worker process runs it, each task inside
an app context of its own. The queue lives where TASK_QUEUE_URL says:

- not set: a SQLite file in instance/ (one machine);
- ``redis://host:6379/0``: Redis (several machines; needs the ``redis`` package);
- ``postgresql://user@host/signalen_queue``: PostgreSQL (several machines).

Features declare their tasks with ``@background_task("name")`` and enqueue them
with ``enqueue("name", ...)``; the arguments must be plain values (ids), since
they are stored in the queue. The state a user sees (an export's progress or
error) stays in our own database, never in the queue.

With TASK_IMMEDIATE (default: when TESTING) a task runs at once in the caller.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey
from huey.api import TaskWrapper

log = logging.getLogger("signalen.tasks")

QUEUE_NAME = "signalen"
EXTENSION = "signalen.tasks"
WORKER_TYPES = ("thread", "process")

#: name → function, filled by @background_task at import time of the features.
TASKS: dict[str, Callable[..., Any]] = {}


def background_task(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a function as a task the worker can run (arguments: plain values)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        TASKS[name] = func
        return func

    return decorate


def queue_kind(url: str | None) -> str:
    """sqlite, redis, postgresql or memory: which storage a URL means."""
    if not url or url.startswith("sqlite:"):
        return "sqlite"
    if url.startswith(("redis://", "rediss://", "unix://")):
        return "redis"
    if url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        return "postgresql"
    if url == "memory://":
        return "memory"
    raise ValueError(
        "TASK_QUEUE_URL must start with sqlite:///, redis://, postgresql:// "
        "or be memory://"
    )


def make_huey(url: str | None, *, instance_path: str, immediate: bool) -> Huey:
    """A Huey instance on the storage the URL names (see the module docstring)."""
    kind = queue_kind(url)
    if immediate:
        # Huey swaps in a memory storage: nothing is created on disk or a server.
        return MemoryHuey(QUEUE_NAME, immediate=True, results=False)
    if kind == "memory":
        return MemoryHuey(QUEUE_NAME, results=False)
    if kind == "redis":
        return RedisHuey(QUEUE_NAME, url=url, results=False)
    if kind == "postgresql":
        assert url is not None
        dsn = "postgresql://" + url.split("://", 1)[1]  # psycopg wants no +driver
        return PostgresHuey(QUEUE_NAME, dsn=dsn, results=False, connect_timeout=5)
    if url:
        filename = url.removeprefix("sqlite:///")
    else:
        Path(instance_path).mkdir(parents=True, exist_ok=True)
        filename = str(Path(instance_path) / "tasks.db")
    return SqliteHuey(QUEUE_NAME, filename=filename, results=False)


def in_app_context(app: Flask, func: Callable[..., Any]) -> Callable[..., Any]:
    """Run `func` inside a fresh app context of `app` (a session of its own)."""

    @wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        with app.app_context():
            return func(*args, **kwargs)

    return run


@dataclass
class QueueHealth:
    ok: bool
    pending: int | None  # tasks waiting for a worker


class TaskQueue:
    """The app's queue, built on first use (a web process that never enqueues
    never connects to it), the same in the web process and in the worker."""

    def __init__(
        self, app: Flask, url: str | None = None, immediate: bool | None = None
    ) -> None:
        self.app = app
        self.url = url if url is not None else app.config.get("TASK_QUEUE_URL")
        if immediate is None:
            immediate = app.config.get("TASK_IMMEDIATE")
        self.immediate = bool(app.testing if immediate is None else immediate)
        self.kind = queue_kind(self.url)
        self._lock = threading.Lock()
        self._huey: Huey | None = None
        self._tasks: dict[str, TaskWrapper] = {}

    @property
    def huey(self) -> Huey:
        with self._lock:
            if self._huey is None:
                huey = make_huey(
                    self.url,
                    instance_path=self.app.instance_path,
                    immediate=self.immediate,
                )
                for name, func in TASKS.items():
                    self._tasks[name] = huey.task(name=name)(
                        in_app_context(self.app, func)
                    )
                self._huey = huey
            return self._huey

    def enqueue(self, name: str, *args: Any) -> None:
        """Put a task on the queue (with TASK_IMMEDIATE: run it now)."""
        self.huey  # noqa: B018  (builds the queue and its tasks)
        self._tasks[name](*args)

    def close(self) -> None:
        """Close the storage's connection (it opens again on the next use)."""
        with self._lock:
            if self._huey is not None:
                self._huey.storage.close()

    def health(self) -> QueueHealth:
        """Reachable, and how many tasks wait; never raises."""
        try:
            return QueueHealth(True, self.huey.pending_count())
        except Exception as exc:  # any storage's connection error
            log.warning("task queue unreachable", extra={"error": type(exc).__name__})
            return QueueHealth(False, None)


def init_tasks(app: Flask) -> None:
    """Attach the (lazily built) task queue to the app."""
    app.extensions[EXTENSION] = TaskQueue(app)


def task_queue() -> TaskQueue:
    """The current app's task queue."""
    return current_app.extensions[EXTENSION]


def enqueue(name: str, *args: Any) -> None:
    """Put a declared task on the current app's queue."""
    task_queue().enqueue(name, *args)
