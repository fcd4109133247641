"""Local time is Ghent's, whatever the server's zone."""

from datetime import UTC, date, datetime, timedelta

from signalen.clock import LOCAL_ZONE, local_midnight, local_today, to_local


def test_today_is_the_date_in_ghent():
    assert local_today(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2027, 1, 1)
    assert local_today(datetime(2026, 6, 30, 21, 59, tzinfo=UTC)) == date(2026, 6, 30)
    assert local_today(datetime(2026, 6, 30, 22, 0, tzinfo=UTC)) == date(2026, 7, 1)


def test_midnight_follows_summer_time():
    winter, summer = (
        local_midnight(date(2026, 1, 15)),
        local_midnight(date(2026, 7, 15)),
    )
    assert winter.astimezone(UTC) == datetime(2026, 1, 14, 23, 0, tzinfo=UTC)
    assert summer.astimezone(UTC) == datetime(2026, 7, 14, 22, 0, tzinfo=UTC)
    # The day summer time starts has 23 hours.
    start = local_midnight(date(2026, 3, 29)).astimezone(UTC)
    end = local_midnight(date(2026, 3, 30)).astimezone(UTC)
    assert end - start == timedelta(hours=23)


def test_to_local_takes_naive_as_utc():
    local = to_local(datetime(2026, 5, 4, 10, 0))
    assert local.tzinfo == LOCAL_ZONE and (local.hour, local.minute) == (12, 0)
