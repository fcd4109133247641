""" "Eerder in bundels" counts the bundles before this one: 0 for a new item."""

from __future__ import annotations

from flask import render_template
from openpyxl import load_workbook

from signalen.bundles.snapshot import earlier_bundles
from signalen.exports import layout


def test_earlier_bundles_from_a_frozen_count():
    assert earlier_bundles({"bundles_seen": 1}) == 0  # only this bundle: new
    assert earlier_bundles({"bundles_seen": 3}) == 2
    assert earlier_bundles({}) == 0 and earlier_bundles(None) == 0


def with_seen(db, bundle, counts):
    for item, seen in zip(bundle.items, counts, strict=True):
        evidence = {**(item.snapshot.get("evidence") or {}), "bundles_seen": seen}
        item.snapshot = {**item.snapshot, "evidence": evidence}
    db.session.commit()


def test_workbook_counts_earlier_bundles(sample_bundle, exported, db):
    with_seen(db, sample_bundle, [1, 2, 4])
    _run, path = exported(sample_bundle)
    ws = load_workbook(path)["Signalen"]
    column = layout.SIGNAL_HEADERS.index("Eerder in bundels")
    values = [row[column].value for row in ws.iter_rows(min_row=2)]
    assert values == [0, 1, 3]


def test_ballot_card_says_new_or_how_many_earlier(sample_bundle, db, app):
    with_seen(db, sample_bundle, [1, 2, 4])
    with app.test_request_context():
        cards = [
            render_template("prioritisation/_item.html", item=item, heading_id="h")
            for item in sample_bundle.items
        ]
    assert "nieuw in deze bundel" in cards[0] and "eerdere" not in cards[0]
    assert "al in 1 eerdere bundel<" in cards[1]
    assert "al in 3 eerdere bundels" in cards[2]
