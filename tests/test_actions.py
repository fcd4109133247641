"""run_and_commit: commit on success; roll back and tell the user on a domain error."""

from flask import get_flashed_messages

from signalen.actions import run_and_commit
from signalen.errors import SignalenError
from signalen.organisations.models import Organisation


def test_success_commits_and_returns_the_value(app, db):
    with app.test_request_context("/"):
        outcome = run_and_commit(lambda: db.session.add(Organisation(name="A")) or 7)
        assert outcome and outcome.ok and outcome.value == 7
    db.session.rollback()  # nothing pending: it was committed
    assert db.session.query(Organisation).filter_by(name="A").count() == 1


def test_domain_error_rolls_back_and_flashes(app, db):
    def fail():
        db.session.add(Organisation(name="B"))
        db.session.flush()
        raise SignalenError("Dat kan niet.")

    with app.test_request_context("/"):
        outcome = run_and_commit(fail)
        assert not outcome and outcome.ok is False
        assert get_flashed_messages(with_categories=True) == [
            ("error", "Dat kan niet.")
        ]
    assert db.session.query(Organisation).filter_by(name="B").count() == 0
