"""The API's rate limit is counted in the database: every web process (here:
two separate apps on one database) shares one limit per token."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from signalen.permissions import Role


@pytest.fixture
def second_app(app):
    """Another app on the same database: another gunicorn worker, in effect."""
    from signalen import create_app

    other = create_app(
        {
            key: app.config[key]
            for key in (
                "TESTING",
                "SECRET_KEY",
                "SQLALCHEMY_DATABASE_URI",
                "WTF_CSRF_ENABLED",
                "PASSWORD_HASH_METHOD",
                "EXPORT_DIR",
            )
        }
    )
    yield other
    from signalen.extensions import db

    with other.app_context():
        db.engine.dispose()


@pytest.fixture
def low_limit(app, second_app):
    for each in (app, second_app):
        each.config["API_RATE_LIMIT"] = 3
    yield
    for each in (app, second_app):
        each.config["API_RATE_LIMIT"] = 120


def get(client, secret):
    return client.get("/api/v1/bundles", headers={"Authorization": f"Bearer {secret}"})


def test_two_processes_share_one_limit(app, second_app, low_limit, bundles, issue):
    secret = issue(Role.CITY)
    one, two = app.test_client(), second_app.test_client()
    assert get(one, secret).headers["X-RateLimit-Remaining"] == "2"
    assert get(two, secret).headers["X-RateLimit-Remaining"] == "1"
    assert get(one, secret).headers["X-RateLimit-Remaining"] == "0"
    # A fourth request is refused, whichever process receives it.
    assert get(two, secret).status_code == 429
    assert get(one, secret).status_code == 429
    other = issue(Role.CITY)
    assert get(two, other).status_code == 200  # each token its own count


def test_the_refusal_is_json_in_dutch_with_retry_after(app, low_limit, bundles, issue):
    secret = issue(Role.COORDINATOR)
    client = app.test_client()
    for _ in range(3):
        assert get(client, secret).status_code == 200
    refused = get(client, secret)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.is_json
    body = refused.get_json()
    assert body["code"] == 429
    assert body["message"] == (
        "Te veel aanvragen met deze sleutel. Probeer het straks opnieuw."
    )
    assert refused.headers["Cache-Control"] == "no-store"


def test_the_window_turns(db):
    from signalen.api.limits import SharedFixedWindow

    window = SharedFixedWindow()
    assert window.hit("t", 100.0, 2, 60).remaining == 1
    assert window.hit("t", 101.0, 2, 60).allowed
    refused = window.hit("t", 110.0, 2, 60)
    assert not refused.allowed and refused.retry_after == 10
    assert window.hit("t", 120.0, 2, 60).allowed  # a new window at 120
    assert window.hit("u", 110.0, 2, 60).remaining == 1  # another key


def test_many_hits_are_all_counted(db):
    """Each hit is one atomic upsert: none is lost."""
    from signalen.api.limits import SharedFixedWindow
    from signalen.api.models import RateCounter

    window = SharedFixedWindow()
    verdicts = [window.hit("burst", 1000.0, 25, 60) for _ in range(30)]
    assert [v.allowed for v in verdicts] == [True] * 25 + [False] * 5
    assert db.session.scalar(select(RateCounter.hits)) == 30


def test_counts_of_past_windows_are_deleted(db):
    from signalen.api.limits import SharedFixedWindow, expire_rate_counters_job
    from signalen.api.models import RateCounter

    window = SharedFixedWindow()
    old = datetime(2026, 1, 1, 12, 0, tzinfo=UTC).timestamp()
    window.hit("t", old, 5, 60)
    window.hit("t", old + 60, 5, 60)
    now = datetime(2026, 1, 1, 12, 1, 30, tzinfo=UTC)
    assert expire_rate_counters_job(now) == "1 verwijderd"
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(RateCounter)) == 1
    assert expire_rate_counters_job(now) is None
