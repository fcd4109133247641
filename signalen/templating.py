"""Jinja globals and filters shared by every template."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, g, request
from flask_babel import format_date, format_datetime, get_locale, get_timezone

from signalen.permissions import TEMPLATE_PREDICATES

DATETIME_FORMAT = "d MMM yyyy, HH:mm"
DATE_FORMAT = "d MMM yyyy"


@lru_cache(maxsize=8)
def _month_abbreviations(locale: Locale) -> dict[int, str]:
    """The locale's abbreviated month names ('MMM'), looked up once."""
    return dict(locale.months["format"]["abbreviated"])


def _babel_state():
    """flask_babel's locale and time zone of this request: read from where it
    caches them (refresh() clears that), else asked for (and so cached)."""
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None) or get_locale()
    zone = getattr(state, "babel_tzinfo", None) or get_timezone()
    return locale, zone


def _day_month_year(value: date, locale: Locale) -> str:
    """'d MMM yyyy' without Babel's pattern machinery (it runs once per table
    row): same text as format_date(value, "d MMM yyyy")."""
    months = _month_abbreviations(locale)
    return f"{value.day} {months[value.month]} {value.year:04d}"


def _local(value: datetime, zone) -> datetime:
    """In the user's time zone, like flask_babel.to_user_timezone (naive means
    UTC) without its normalize(): astimezone() already picks pytz's offset."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone)


def local_datetime(value: datetime | None, fmt: str = DATETIME_FORMAT) -> str:
    if not value:
        return ""
    if fmt != DATETIME_FORMAT or not g:  # no app context: flask_babel's way
        return format_datetime(value, fmt)
    locale, zone = _babel_state()
    local = _local(value, zone)
    return f"{_day_month_year(local, locale)}, {local.hour:02d}:{local.minute:02d}"


def local_date(value: date | datetime | None, fmt: str = DATE_FORMAT) -> str:
    if not value:
        return ""
    if fmt != DATE_FORMAT or not g:
        if isinstance(value, datetime):
            return format_datetime(value, fmt)
        return format_date(value, fmt)
    locale, zone = _babel_state()
    if isinstance(value, datetime):
        value = _local(value, zone)
    return _day_month_year(value, locale)


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
