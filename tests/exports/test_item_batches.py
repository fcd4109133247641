"""A bundle's items are read in batches on an index that matches their order.

Each batch starts where the last one ended (position, id): the database walks
the index (bundle_id, position, id) from there and sorts nothing, so the cost
of a batch does not grow with the bundle.
"""

from __future__ import annotations

from sqlalchemy import text

from signalen.exports.rows import batch_query, iter_item_batches


def plan(db, stmt) -> str:
    compiled = stmt.compile(db.engine, compile_kwargs={"literal_binds": True})
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            rows = conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
            return "\n".join(str(r[-1]) for r in rows)
        # A test table is tiny: make a sequential scan look as dear as in a
        # big bundle, so the plan shows what the index offers.
        conn.execute(text("SET enable_seqscan = off"))
        rows = conn.execute(text(f"EXPLAIN {compiled}")).all()
        return "\n".join(str(r[0]) for r in rows)


def test_a_later_batch_walks_the_order_index_without_sorting(sample_bundle, db):
    for last in (None, (2, 2)):
        found = plan(db, batch_query(sample_bundle.id, last, 1000))
        assert "ix_bundle_items_bundle_order" in found, found
        assert "TEMP B-TREE" not in found and "Sort" not in found, found


def test_batches_follow_position_then_id(sample_bundle, db):
    items = sample_bundle.items
    items[0].position, items[1].position, items[2].position = 5, 1, 5
    db.session.commit()
    order = [
        row[1] for batch in iter_item_batches(sample_bundle.id, 1) for row in batch
    ]
    expected = sorted(items, key=lambda i: (i.position, i.id))
    assert order == [i.reference for i in expected]
