"""Structured logs: one JSON object a line, and never a signal's text, a search
term or a password. Request lines carry method, path (without the query string,
which may hold a search), status, duration and the user's id."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from flask import Flask, g, request
from flask_login import current_user

#: Attributes every LogRecord has; what is left over was passed with `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in _STANDARD and not key.startswith("_")
        )
        if record.exc_info:
            # The exception's type and where it happened; not its message, which
            # may quote the data that was being handled.
            exc_type = record.exc_info[0]
            entry["error"] = exc_type.__name__ if exc_type else None
            entry["trace"] = self.formatException(record.exc_info).splitlines()[-8:-1]
        return json.dumps(entry, ensure_ascii=False, default=str)


def _user_id() -> str | None:
    """The account of this request, for the log line."""
    # Set by the user loader: reading current_user instead would load the
    # account again after the request's commit.
    loaded = g.get("signalen_user_id")
    if loaded is not None:
        return str(loaded)
    if current_user and current_user.is_authenticated:  # logged in just now
        return current_user.get_id().partition(":")[0]
    return None


def init_logging(app: Flask) -> None:
    """JSON lines on stderr when LOG_FORMAT is 'json'; a request line per request."""
    if app.config.get("LOG_FORMAT") == "json":
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        root = logging.getLogger()
        root.handlers[:] = [handler]
        root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    requests = logging.getLogger("signalen.request")

    @app.before_request
    def start_timer() -> None:
        g.signalen_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.get("signalen_started")
        if started is not None and not request.path.startswith("/static/"):
            requests.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": _user_id(),
                },
            )
        return response
