"""A redaction reaches the bundle's report PDF: the stored file goes, and the
next one is made from the redacted text (never the old file again)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import g

from signalen.exports import report as report_module
from signalen.redaction.services import redact_span, scrub_storage
from signalen.redaction.texts import MARKER
from tests.exports.test_report import get, pdf_text
from tests.redaction.conftest import NAME, OTHER, answer_on
from tests.redaction.test_services import NOW

#: A text the report's own privacy pass lets through (no name, no address):
#: what a coordinator redacts because it tells too much.
PLACE = "het kraakpand achter bakkerij Goudaar"


@pytest.fixture(autouse=True)
def own_export_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))


def report_pdf(client, login_as, user, bundle, tmp_path) -> str:
    g.pop("_login_user", None)
    login_as(user)
    response = get(client, f"/export/bundel/{bundle.id}/rapport.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    return "".join(pdf_text(response.data, tmp_path))


def stored_reports(app) -> list[Path]:
    return sorted(Path(app.config["EXPORT_DIR"]).glob("*rapport*"))


def words(text: str) -> set[str]:
    """The words of a text (pdftotext lays columns side by side, so a phrase
    may be broken over lines that interleave with the next column)."""
    return {w.strip(".,") for w in text.split()}


#: The words of PLACE that nothing else in the report has.
PLANTED = {"kraakpand", "Goudaar"}


def test_a_redacted_snapshot_text_leaves_the_stored_report(
    app, db, world, client, login_as, tmp_path
):
    item = world.bundle.items[0]
    item.snapshot = {**item.snapshot, "examples": [f"Sliep in {PLACE}."]}
    world.signal.examples = f"Sliep in {PLACE}."
    db.session.commit()
    before = report_pdf(client, login_as, world.coordinator, world.bundle, tmp_path)
    assert words(before) >= PLANTED
    [old] = stored_reports(app)

    done = redact_span(world.signal, "examples", PLACE, world.coordinator, NOW)
    db.session.commit()
    scrub_storage()
    assert done.reports == 1
    assert not old.exists()

    after = report_pdf(client, login_as, world.coordinator, world.bundle, tmp_path)
    assert not PLANTED & words(after)
    assert MARKER in words(after)
    [new] = stored_reports(app)
    assert new != old
    assert b"Goudaar" not in new.read_bytes()


def test_a_redacted_answer_leaves_the_stored_report(
    app, db, world, client, login_as, tmp_path
):
    item = world.bundle.items[0]
    response = answer_on(db, item, world.coordinator, "We bekijken het.")
    response.text = f"We bekijken het met de bewoners van {PLACE}."  # unchecked
    db.session.commit()
    before = report_pdf(client, login_as, world.coordinator, world.bundle, tmp_path)
    assert words(before) >= PLANTED

    redact_span(item, f"response-{response.id}-text", PLACE, world.coordinator, NOW)
    db.session.commit()
    scrub_storage()
    assert stored_reports(app) == []
    after = report_pdf(client, login_as, world.coordinator, world.bundle, tmp_path)
    assert not PLANTED & words(after)
    assert MARKER in words(after)


def test_a_report_of_another_bundle_made_before_the_redaction_is_not_served(
    app, db, world, make_structural, make_signal, make_bundle
):
    """Reports of bundles the redaction did not touch go after its commit too
    (their name carries the stamp of the last redaction), and a report written
    while a redaction was committed is deleted by its writer."""
    from datetime import date

    other = make_bundle(
        [make_structural([make_signal(world.worker)], title=OTHER)],
        start=date(2021, 1, 1), end=date(2022, 12, 31),
    )  # fmt: skip
    db.session.commit()
    with app.test_request_context():
        first = report_module.ready_report(other, NOW)
        assert first is not None and first.is_file()
        redact_span(world.signal, "description", NAME, world.coordinator, NOW)
        db.session.commit()
        assert first.is_file()  # not this bundle's texts: not deleted at once
        scrub_storage()
        assert not first.exists()  # made under the old stamp
        assert report_module.report_path(other) != first
        # A writer that named its file before the commit deletes it after.
        assert first.name.endswith("-r0.pdf")
        first.write_bytes(b"%PDF old")
        assert report_module._kept_if_current(first) is None
        assert not first.exists()
        current = report_module.ready_report(other, NOW)
        assert current is not None and current.is_file()
