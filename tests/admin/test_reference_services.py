"""Reference lists: codes, renaming, order, (de)activation, merging themes."""

import pytest
from sqlalchemy import select

from signalen.errors import SignalenError
from signalen.signals.models import signal_themes
from signalen.themes.models import Area, TargetGroup, Theme, ThemeGroup
from signalen.themes.services import (
    add_reference,
    canonical_theme_ids,
    count_by_canonical_theme,
    edit_reference,
    merge_theme,
    move_reference,
    move_reference_by,
    ordered,
    place_of,
    set_reference_active,
    slugify,
    unique_code,
    update_reference,
)


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Vrije tijd & cultuur", "vrije_tijd_cultuur"),
        ("Ouderen (60+)", "ouderen_60"),
        ("Coördinatie, één loket", "coordinatie_een_loket"),
        ("  --  ", "item"),
        ("x" * 100, "x" * 60),
    ],
)
def test_slugify(label, code):
    assert slugify(label) == code


def test_codes_are_unique(db, admin):
    assert unique_code(TargetGroup, "Studenten") == "studenten_2"
    first = add_reference(TargetGroup, "Mantelzorgers", admin)
    # Same slug with other punctuation: a new code, not a clash.
    second = add_reference(TargetGroup, "Mantelzorgers!", admin)
    assert (first.code, second.code) == ("mantelzorgers", "mantelzorgers_2")


def test_add_puts_row_last_and_audits(db, admin, events):
    item = add_reference(Area, "Nieuwe wijk", admin, zone=" Binnenstad ")
    db.session.commit()
    assert ordered(Area)[-1] == item
    assert item.zone == "Binnenstad" and item.active
    event = events("reference.added")[-1]
    assert event.object_type == "areas" and event.object_id == item.id
    assert event.details["code"] == "nieuwe_wijk"


def test_add_refuses_empty_and_duplicate_labels(db, admin):
    with pytest.raises(SignalenError) as exc:
        add_reference(TargetGroup, "   ", admin)
    assert exc.value.field == "label"
    with pytest.raises(SignalenError) as exc:
        add_reference(TargetGroup, "studenten", admin)
    assert "bestaat al" in exc.value.message and exc.value.field == "label"


def test_add_refuses_strict_personal_data_but_allows_group_names(db, admin):
    with pytest.raises(SignalenError) as exc:
        add_reference(
            Theme,
            "Schulden",
            admin,
            group=db.session.scalar(select(ThemeGroup)),
            description="Bel 0470 12 34 56",
        )
    assert exc.value.field == "description"
    # "armen" looks like a name to the detector; reference labels may have it.
    assert add_reference(TargetGroup, "Werkende armen met kinderen", admin).id


def test_rename_keeps_code_and_audits_old_and_new(db, admin, themes, events):
    theme = themes["wonen"]
    group = db.session.scalar(
        select(ThemeGroup).where(ThemeGroup.code == "recht_bijstand")
    )
    changed = update_reference(
        theme, admin, label="Betaalbaar wonen", description="Huur.", group=group
    )
    db.session.commit()
    assert changed and theme.code == "wonen" and theme.group == group
    details = events("reference.updated")[-1].details
    assert details["label"] == {
        "old": "Wonen: betaalbaarheid en sociale huisvesting",
        "new": "Betaalbaar wonen",
    }
    assert details["group"]["new"] == group.id
    # Moved to another group: last of that group.
    assert ordered(Theme, scope={"group_id": group.id})[-1] == theme
    assert (
        update_reference(
            theme, admin, label="Betaalbaar wonen", description="Huur.", group=group
        )
        is False
    )


def test_deactivate_and_reactivate(db, admin, events):
    row = db.session.scalar(select(TargetGroup).where(TargetGroup.code == "studenten"))
    set_reference_active(row, False, admin)
    assert row.active is False
    set_reference_active(row, False, admin)  # nothing to do, nothing audited
    set_reference_active(row, True, admin)
    assert row.active is True
    assert len(events("reference.deactivated")) == 1
    assert events("reference.activated")[0].details["active"] == {
        "old": False,
        "new": True,
    }


def test_move_within_list_and_within_theme_group(db, admin, themes, events):
    rows = ordered(TargetGroup)
    third = rows[2]
    move_reference(third, 1, admin)
    assert ordered(TargetGroup)[0] == third
    assert ordered(TargetGroup)[1:3] == rows[:2]
    move_reference_by(third, -1, admin)  # already first: stays
    assert place_of(third) == 1
    move_reference_by(third, 1, admin)
    assert place_of(third) == 2
    assert events("reference.moved")[-1].details["place"] == {"old": 1, "new": 2}
    with pytest.raises(SignalenError) as exc:
        move_reference(third, len(rows) + 1, admin)
    assert exc.value.field == "position"

    # Themes: the place counts within the group; other groups keep their order.
    before = [t.id for t in ordered(Theme)]
    energie = themes["energie"]  # 4th of its group
    move_reference(energie, 1, admin)
    assert place_of(energie) == 1
    after = [t.id for t in ordered(Theme)]
    group_ids = {t.id for t in energie.group.themes}
    assert [i for i in after if i not in group_ids] == [
        i for i in before if i not in group_ids
    ]


def test_move_copes_with_equal_positions(db, admin):
    rows = ordered(TargetGroup)[:3]
    for row in ordered(TargetGroup):
        row.position = 0
    db.session.flush()
    move_reference(ordered(TargetGroup)[2], 1, admin)
    positions = [r.position for r in ordered(TargetGroup)]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert ordered(TargetGroup)[0] == rows[2]


def test_merge_theme_keeps_history_and_maps_counts(
    db, admin, themes, make_signal, events
):
    signal = make_signal(theme_codes=("drugs",))
    make_signal(theme_codes=("gezondheid",))
    old, new = themes["drugs"], themes["gezondheid"]
    merge_theme(old, new, admin)
    db.session.commit()
    assert old.merged_into == new and old.active is False
    db.session.expire_all()
    assert [t.code for t in signal.themes] == ["drugs"]  # history not rewritten
    canonical = canonical_theme_ids()
    assert canonical[old.id] == new.id and canonical[new.id] == new.id
    pairs = db.session.execute(
        select(signal_themes.c.theme_id, db.func.count()).group_by(
            signal_themes.c.theme_id
        )
    ).all()
    assert count_by_canonical_theme(pairs)[new.id] == 2
    assert events("theme.merged")[0].details["merged_into_id"]["new"] == new.id


def test_merge_follows_chains_and_refuses_cycles_and_self(db, admin, themes):
    a, b, c = themes["drugs"], themes["gezondheid"], themes["mentaal_welzijn"]
    with pytest.raises(SignalenError, match="zichzelf"):
        merge_theme(a, a, admin)
    merge_theme(a, b, admin)
    merge_theme(b, c, admin)
    assert canonical_theme_ids()[a.id] == c.id
    with pytest.raises(SignalenError, match="al samengevoegd"):
        merge_theme(a, c, admin)
    # c into a would close a loop (a → b → c → a).
    with pytest.raises(SignalenError, match="zelf al samengevoegd"):
        merge_theme(c, a, admin)
    inactive = themes["politie"]
    set_reference_active(inactive, False, admin)
    with pytest.raises(SignalenError, match="actief thema"):
        merge_theme(themes["werk"], inactive, admin)


def test_canonical_ids_survive_a_cycle_in_the_data(db, themes):
    a, b = themes["drugs"], themes["gezondheid"]
    a.merged_into_id, b.merged_into_id = b.id, a.id  # never made by the service
    db.session.flush()
    canonical = canonical_theme_ids()
    assert canonical[a.id] in (a.id, b.id) and canonical[b.id] in (a.id, b.id)


def test_reactivating_a_merged_theme_undoes_the_merge(db, admin, themes, events):
    old, new = themes["drugs"], themes["gezondheid"]
    merge_theme(old, new, admin)
    set_reference_active(old, True, admin)
    assert old.active and old.merged_into_id is None
    details = events("reference.activated")[-1].details
    assert details["merged_into_id"] == {"old": new.id, "new": None}


def test_theme_group_with_active_themes_cannot_be_switched_off(db, admin, themes):
    group = themes["wonen"].group
    with pytest.raises(SignalenError, match="nog actieve thema"):
        set_reference_active(group, False, admin)
    for theme in group.themes:
        set_reference_active(theme, False, admin)
    set_reference_active(group, False, admin)
    assert group.active is False


def test_edit_reference_ignores_place_when_group_changes(db, admin, themes):
    theme = themes["energie"]
    other = db.session.scalar(
        select(ThemeGroup).where(ThemeGroup.code == "recht_bijstand")
    )
    edit_reference(theme, admin, label=theme.label, place=1, group=other)
    assert ordered(Theme, scope={"group_id": other.id})[-1] == theme
    edit_reference(theme, admin, label=theme.label, place=1, group=other)
    assert place_of(theme) == 1
