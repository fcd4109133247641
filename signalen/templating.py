"""Jinja globals and filters shared by every template."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

from flask import Flask, request
from flask_babel import format_date, format_datetime

from signalen.permissions import TEMPLATE_PREDICATES


def local_datetime(value: datetime | None, fmt: str = "d MMM yyyy, HH:mm") -> str:
    return format_datetime(value, fmt) if value else ""


def local_date(value: date | datetime | None, fmt: str = "d MMM yyyy") -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, fmt)
    return format_date(value, fmt)


def url_with(**changes) -> str:
    """The current URL with some query parameters changed (pagination, sorting)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    query = urlencode(args, doseq=True)
    return request.path + ("?" + query if query else "")


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.filters["datetime"] = local_datetime
    app.jinja_env.filters["date"] = local_date
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
