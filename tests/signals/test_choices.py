"""The intake form's choice lists, cached per process behind a stamp."""

from sqlalchemy import update

from signalen.signals import choices
from signalen.themes.models import Theme


def labels():
    return {c.label for c in choices.choice_lists()["themes"]}


def test_a_change_here_shows_at_once_and_from_elsewhere_within_seconds(
    db, themes, monkeypatch
):
    clock = [1000.0]
    monkeypatch.setattr(choices.time, "monotonic", lambda: clock[0])
    assert "Digitale inclusie" in labels()

    # Through the ORM in this process: the flush listener gives a new stamp
    # and this process forgets the one it read.
    themes["digitaal"].label = "Digitale kloof"
    db.session.commit()
    assert "Digitale kloof" in labels()

    # Another process: its flush gave a new stamp, this one has not seen it.
    db.session.execute(
        update(Theme).where(Theme.code == "digitaal").values(label="Digitaal mee")
    )
    choices.bump_stamp(db.session.connection())
    db.session.commit()
    clock[0] += choices.STAMP_SECONDS / 2
    assert "Digitale kloof" in labels()  # trusted a little longer
    clock[0] += choices.STAMP_SECONDS
    assert "Digitaal mee" in labels() and "Digitale kloof" not in labels()
