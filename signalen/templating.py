"""Jinja globals and filters shared by every template."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel import Locale
from flask import Flask, g, has_app_context, has_request_context, request
from flask_babel import (
    format_currency,
    format_date,
    format_datetime,
    format_decimal,
    get_locale,
    get_timezone,
    get_translations,
)

from signalen.jobs.labels import job_label
from signalen.permissions import TEMPLATE_PREDICATES

DATETIME_FORMAT = "d MMM yyyy, HH:mm"
DATE_FORMAT = "d MMM yyyy"


@lru_cache(maxsize=8)
def _month_abbreviations(locale: Locale) -> dict[int, str]:
    """The locale's abbreviated month names ('MMM'), looked up once."""
    return dict(locale.months["format"]["abbreviated"])


_CACHE = "signalen_locale_and_zone"  # our own name in g


def _locale_and_zone() -> tuple[Locale, ZoneInfo]:
    """Flask-Babel's locale and time zone of this request (its public getters),
    asked once per request and kept in g: a page shows many dates. The zone
    as a ZoneInfo, which converts faster than the pytz zone Flask-Babel gives.
    Nothing here switches locale or zone within a request (flask_babel.refresh)."""
    found = g.get(_CACHE)
    if found is None:
        locale, zone = get_locale(), get_timezone()
        assert locale is not None and zone is not None  # None only outside apps
        found = (locale, ZoneInfo(str(zone)))
        setattr(g, _CACHE, found)
    return found


def _day_month_year(value: date, locale: Locale) -> str:
    """'d MMM yyyy' without Babel's pattern machinery (it runs once per table
    row): same text as format_date(value, "d MMM yyyy")."""
    months = _month_abbreviations(locale)
    return f"{value.day} {months[value.month]} {value.year:04d}"


def _local(value: datetime, zone: ZoneInfo) -> datetime:
    """In the user's time zone, like flask_babel.to_user_timezone (naive means
    UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone)


def local_datetime(value: datetime | None, fmt: str = DATETIME_FORMAT) -> str:
    if not value:
        return ""
    if fmt != DATETIME_FORMAT or not has_app_context():  # Flask-Babel's way
        return format_datetime(value, fmt)
    locale, zone = _locale_and_zone()
    local = _local(value, zone)
    return f"{_day_month_year(local, locale)}, {local.hour:02d}:{local.minute:02d}"


def local_date(value: date | datetime | None, fmt: str = DATE_FORMAT) -> str:
    if not value:
        return ""
    if fmt != DATE_FORMAT or not has_app_context():
        if isinstance(value, datetime):
            return format_datetime(value, fmt)
        return format_date(value, fmt)
    locale, zone = _locale_and_zone()
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


def number(value: float | int | None, decimals: int = 2) -> str:
    """A number the Dutch way, by Babel: 1.234,5 (at most `decimals` after the
    comma, no trailing zeros); nothing known is '—'."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0." + "#" * decimals)


def money(value: float | int | None, currency: str = "EUR") -> str:
    """An amount by Babel in the locale's way: € 12.500 for whole euros,
    € 12.500,50 otherwise; nothing known is '—'."""
    if value is None:
        return "—"
    if value != int(value):
        return format_currency(value, currency)
    locale = get_locale()
    assert locale is not None  # None only outside apps
    # The locale's own currency pattern, without the cents.
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(value, currency, format=pattern, currency_digits=False)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.filters["datetime"] = local_datetime
    app.jinja_env.filters["date"] = local_date
    app.jinja_env.filters["job_label"] = job_label
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["money"] = money
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    install_gettext(app)


def install_gettext(app: Flask) -> None:
    """Templates translate through Flask-Babel's catalogue, taken once per
    process instead of once per string (Flask-Babel looks it up again through
    the request context for each of the fifty strings of a page).

    The app speaks one language (its locale selector always answers nl_BE):
    if it ever gets a second one, key this by get_locale().
    """
    taken: list = []

    def catalogue():
        if taken:
            return taken[0]
        found = get_translations()
        if has_request_context():  # outside a request Flask-Babel has none
            taken.append(found)
        return found

    # added by the i18n extension that Flask-Babel switches on
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: catalogue().ugettext(s),
        ngettext=lambda s, p, n: catalogue().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n),
    )
