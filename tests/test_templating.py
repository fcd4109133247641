"""The date filters: the fast path gives exactly Babel's text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask_babel import format_date, format_datetime

from signalen.templating import local_date, local_datetime


def sample_datetimes() -> list[datetime]:
    """Every month, both DST switches (UTC and local midnight), naive too."""
    values = []
    for year in (2025, 2026, 2027):
        for month in range(1, 13):
            for day, hour, minute in ((1, 0, 0), (15, 12, 5), (28, 23, 59)):
                values.append(datetime(year, month, day, hour, minute, tzinfo=UTC))
    start = datetime(2026, 3, 28, 20, 0, tzinfo=UTC)  # DST starts 29 March
    values += [start + timedelta(minutes=37 * i) for i in range(100)]
    start = datetime(2026, 10, 24, 20, 0, tzinfo=UTC)  # DST ends 25 October
    values += [start + timedelta(minutes=37 * i) for i in range(100)]
    values += [datetime(2026, 12, 31, 23, 30), datetime(2026, 6, 30, 22, 15)]
    return values


def test_date_filters_match_babel(app):
    with app.test_request_context():
        for value in sample_datetimes():
            assert local_datetime(value) == format_datetime(value, "d MMM yyyy, HH:mm")
            assert local_date(value) == format_datetime(value, "d MMM yyyy")
            plain = value.date()
            assert local_date(plain) == format_date(plain, "d MMM yyyy")


def test_date_filters_known_text(app):
    with app.test_request_context():
        # 31 Dec 23:30 UTC is already 1 January in Brussels.
        value = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
        assert local_datetime(value) == "1 jan 2027, 00:30"
        assert local_date(value) == "1 jan 2027"
        assert local_date(date(2026, 3, 5)) == "5 mrt 2026"
        assert local_date(None) == "" and local_datetime(None) == ""


def test_other_formats_still_use_babel(app):
    with app.test_request_context():
        value = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
        assert local_date(value, "d MMMM yyyy") == "4 mei 2026"
        assert local_datetime(value, "HH:mm") == "12:00"
        assert local_date(date(2026, 5, 4), "yyyy-MM-dd") == "2026-05-04"


def test_outside_an_app_context_babel_decides():
    value = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    assert local_date(value) == format_datetime(value, "d MMM yyyy")
    assert local_date(value.date()) == format_date(value.date(), "d MMM yyyy")


def test_the_zone_is_flask_babels():
    """The filters ask Flask-Babel (public API) for the zone, so they follow
    the configuration like format_datetime does."""
    from signalen import create_app

    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "BABEL_DEFAULT_TIMEZONE": "America/New_York",
        }
    )
    value = datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
    with other.test_request_context():
        assert local_datetime(value) == "31 dec 2025, 22:00"
        assert local_datetime(value) == format_datetime(value, "d MMM yyyy, HH:mm")
        assert local_date(value) == "31 dec 2025"
