"""An export whose process stopped is marked failed instead of running forever."""

from datetime import timedelta

from signalen.database import utcnow
from signalen.exports.models import ExportRun
from signalen.exports.services import INTERRUPTED_AFTER, fail_interrupted_exports


def test_old_unfinished_exports_are_marked_failed(make_bundle, db):
    bundle = make_bundle([])
    now = utcnow()
    too_old = now - INTERRUPTED_AFTER - timedelta(minutes=1)
    old = ExportRun(bundle=bundle, status="running", token="a", created_at=too_old)
    fresh = ExportRun(bundle=bundle, status="running", token="b", created_at=now)
    done = ExportRun(bundle=bundle, status="done", token="c", created_at=too_old)
    db.session.add_all([old, fresh, done])
    db.session.commit()
    assert fail_interrupted_exports(now) == 1
    db.session.commit()
    assert old.status == "failed" and "Onderbroken" in old.error
    assert fresh.status == "running" and done.status == "done"
    assert fail_interrupted_exports(now) == 0
