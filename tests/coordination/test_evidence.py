"""Evidence strength is derived from the current links only."""

from datetime import UTC, datetime

from signalen.coordination.evidence import evidence_for, evidence_for_many
from signalen.database import utcnow
from signalen.themes.models import Area


def test_evidence_counts_signals_organisations_people_and_wijken(
    make_user, make_signal, make_structural, db
):
    areas = Area.query.order_by(Area.position).limit(3).all()
    a, b = make_user(), make_user()
    s1 = make_signal(a, people_affected=10, area_ids=[areas[0].id],
                     now=datetime(2025, 2, 1, tzinfo=UTC))  # fmt: skip
    s2 = make_signal(a, people_affected=5, area_ids=[areas[0].id, areas[1].id],
                     now=datetime(2025, 6, 1, tzinfo=UTC))  # fmt: skip
    s3 = make_signal(b, now=datetime(2025, 9, 1, tzinfo=UTC))
    structural = make_structural([s1, s2, s3])
    evidence = evidence_for(structural.id)
    assert evidence["signals"] == 3
    assert evidence["organisations"] == 2
    assert evidence["people_affected"] == 15
    assert evidence["areas"] == 2
    assert evidence["first_seen"] == "2025-02-01"
    assert evidence["last_seen"] == "2025-09-01"
    assert "bundles_seen" not in evidence  # the bundles' part (bundles/evidence)


def test_unlinked_signals_no_longer_count(make_user, make_signal, make_structural, db):
    s1, s2 = make_signal(make_user()), make_signal(make_user())
    structural = make_structural([s1, s2])
    link = structural.links[0]
    link.unlinked_at = utcnow()
    db.session.commit()
    assert evidence_for(structural.id)["signals"] == 1


def test_many_at_once_and_empty(make_user, make_signal, make_structural):
    first = make_structural([make_signal(make_user())])
    empty = make_structural([])
    result = evidence_for_many([first.id, empty.id])
    assert result[first.id]["signals"] == 1
    assert result[empty.id]["signals"] == 0 and result[empty.id]["first_seen"] is None
