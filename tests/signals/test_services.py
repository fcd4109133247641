"""Recording, editing and answering signals through the services."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from signalen.audit.models import AuditEvent
from signalen.coordination.services import ask_question
from signalen.errors import ConflictError, NotAllowed, SignalenError
from signalen.permissions import Role
from signalen.signals.models import SignalEvent, SignalStatus
from signalen.signals.services import (
    SignalData,
    answer_question,
    record_signal,
    signals_query,
    update_signal,
)
from signalen.textcheck import PersonalDataFound, fingerprint


def data(themes, **kwargs):
    return SignalData(
        title=kwargs.pop("title", "Digipunt gesloten"),
        description=kwargs.pop("description", "Mensen kunnen niet meer printen."),
        theme_ids=[themes[c].id for c in kwargs.pop("codes", ["digitaal"])],
        **kwargs,
    )


def test_record_draft_and_submitted_with_references(make_user, themes, db):
    user = make_user()
    when = datetime(2026, 3, 1, 10, tzinfo=UTC)
    draft = record_signal(user, data(themes), submit=False, now=when)
    sent = record_signal(user, data(themes), submit=True, now=when)
    assert draft.reference == "S-2026-0001"
    assert sent.reference == "S-2026-0002"
    assert draft.status == SignalStatus.DRAFT and draft.submitted_at is None
    assert sent.status == SignalStatus.SUBMITTED and sent.submitted_at == when
    assert [e.kind for e in sent.events] == ["created", "submitted"]
    assert [e.at for e in sent.events] == [when, when]  # the history keeps its time
    assert sent.organisation_id == user.organisation_id
    next_year = record_signal(
        user, data(themes), submit=True, now=datetime(2027, 1, 2, tzinfo=UTC)
    )
    assert next_year.reference == "S-2027-0001"


def test_all_optional_fields_are_kept(make_user, themes, db):
    from signalen.themes.models import Area, GovernmentLevel, TargetGroup

    area = db.session.scalar(select(Area).where(Area.code == "ledeberg"))
    group = db.session.scalar(select(TargetGroup).where(TargetGroup.code == "senioren"))
    level = db.session.scalar(
        select(GovernmentLevel).where(GovernmentLevel.code == "vlaams")
    )
    signal = record_signal(
        make_user(),
        data(
            themes,
            codes=["digitaal", "inkomen"],
            examples="Een oudere man kan zijn facturen niet meer betalen.",
            proposed_solution="Een publieke computer in elk dienstencentrum.",
            target_group_ids=[group.id],
            area_ids=[area.id],
            observed_month=3,
            observed_year=2026,
            people_affected=25,
            government_level_id=level.id,
            concerns_city_service=True,
        ),
        submit=True,
    )
    db.session.commit()
    assert {t.code for t in signal.themes} == {"digitaal", "inkomen"}
    assert signal.areas == [area] and signal.target_groups == [group]
    assert signal.observed_label == "maart 2026"
    assert signal.government_level == level and signal.concerns_city_service is True


def test_city_wide_clears_areas(make_user, themes, db):
    from signalen.themes.models import Area

    area = db.session.scalar(select(Area).limit(1))
    signal = record_signal(
        make_user(), data(themes, city_wide=True, area_ids=[area.id]), submit=True
    )
    assert signal.city_wide and signal.areas == []


def test_a_theme_is_required_and_must_exist(make_user, themes):
    with pytest.raises(SignalenError) as missing:
        record_signal(make_user(), data(themes, codes=[]), submit=True)
    assert missing.value.field == "themes"
    bad = data(themes)
    bad.theme_ids = [999_999]
    with pytest.raises(SignalenError):
        record_signal(make_user(), bad, submit=True)


def test_deactivated_theme_cannot_be_chosen_for_new_signals(make_user, themes, db):
    themes["drugs"].active = False
    db.session.commit()
    with pytest.raises(SignalenError):
        record_signal(make_user(), data(themes, codes=["drugs"]), submit=True)


def test_city_and_admin_cannot_record(make_user, themes):
    for role in (Role.CITY, Role.ADMIN):
        with pytest.raises(NotAllowed):
            record_signal(make_user(role), data(themes), submit=True)


def test_author_edits_until_processed(
    make_user, make_signal, make_structural, themes, db
):
    author = make_user()
    signal = make_signal(author, submit=False)
    update_signal(
        signal,
        author,
        data(themes, title="Nieuwe titel"),
        expected_version=signal.version,
        submit=True,
    )
    db.session.commit()
    assert signal.title == "Nieuwe titel" and signal.status == SignalStatus.SUBMITTED
    assert [e.kind for e in signal.events][-1] == "submitted"
    make_structural([signal])  # a coordinator processed it
    with pytest.raises(NotAllowed):
        update_signal(
            signal, author, data(themes), expected_version=signal.version, submit=True
        )


def test_colleague_cannot_edit(make_user, make_signal, themes):
    author = make_user()
    colleague = make_user(organisation=author.organisation)
    signal = make_signal(author)
    with pytest.raises(NotAllowed):
        update_signal(
            signal, colleague, data(themes), expected_version=None, submit=True
        )


def test_stale_version_is_a_conflict_not_an_overwrite(
    make_user, make_signal, themes, db
):
    author = make_user()
    signal = make_signal(author)
    old_version = signal.version
    update_signal(
        signal, author, data(themes, title="Eerste"), expected_version=old_version,
        submit=True,
    )  # fmt: skip
    db.session.commit()
    with pytest.raises(ConflictError):
        update_signal(
            signal,
            author,
            data(themes, title="Tweede"),
            expected_version=old_version,
            submit=True,
        )
    db.session.rollback()
    assert signal.title == "Eerste"


def test_personal_data_blocks_saving(make_user, themes, db):
    with pytest.raises(PersonalDataFound) as found:
        record_signal(
            make_user(),
            data(themes, description="Bel haar op 0470 12 34 56 voor meer info."),
            submit=True,
        )
    assert [f.finding.type for f in found.value.findings] == ["PHONE"]
    db.session.rollback()
    assert db.session.scalar(select(SignalEvent.id)) is None


def test_strict_types_cannot_be_accepted(make_user, themes):
    text = "Rijksregisternummer 85.07.30-033.28 staat in het dossier."
    with pytest.raises(PersonalDataFound) as found:
        record_signal(make_user(), data(themes, description=text), submit=True)
    item = found.value.findings[0]
    assert item.finding.type == "NATIONAL_ID" and not item.overridable
    with pytest.raises(PersonalDataFound):
        record_signal(
            make_user(),
            data(themes, description=text, accepted_findings=[item.fingerprint]),
            submit=True,
        )


def test_a_name_can_be_marked_not_personal_and_is_audited(make_user, themes, db):
    # a single word that may be a name (weak evidence) can be marked; a name
    # after "mevrouw" can not (tests/privacy/test_override.py)
    text = "Volgens Vermeulen is de wachtlijst te lang."
    with pytest.raises(PersonalDataFound) as found:
        record_signal(make_user(), data(themes, description=text), submit=True)
    names = [f for f in found.value.findings if f.finding.type == "NAME"]
    assert names and all(f.overridable for f in names)
    db.session.rollback()
    signal = record_signal(
        make_user(),
        data(
            themes, description=text, accepted_findings=[f.fingerprint for f in names]
        ),
        submit=True,
    )
    db.session.commit()
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "privacy.not_personal")
    )
    assert event.object_id == signal.id
    assert event.details == {"field": "description", "type": "NAME"}
    assert "Vermeulen" not in str(event.details)


def test_fingerprint_depends_on_field_type_and_text():
    from signalen.privacy import Finding

    a = Finding(0, 3, "NAME", "Jan")
    assert fingerprint("description", a) == fingerprint("description", a)
    assert fingerprint("examples", a) != fingerprint("description", a)


def test_answer_question_returns_signal_to_review(make_user, make_signal, db):
    author = make_user()
    signal = make_signal(author)
    ask_question(signal, make_user("coordinator"), "Hoeveel gezinnen?")
    db.session.commit()
    answer_question(signal, author, "Het gaat om drie gezinnen in dezelfde blok.")
    db.session.commit()
    assert signal.status == SignalStatus.SUBMITTED
    assert signal.events[-1].kind == "answer"
    with pytest.raises(NotAllowed):
        answer_question(signal, author, "Nog een antwoord")


def test_drafts_of_colleagues_stay_private(make_user, make_signal, db):
    author = make_user()
    colleague = make_user(organisation=author.organisation)
    make_signal(author, submit=False, title="Mijn concept")
    make_signal(author, submit=True, title="Ingediend")
    seen = db.session.scalars(
        signals_query(organisation_id=author.organisation_id, viewer_id=colleague.id)
    ).all()
    assert [s.title for s in seen] == ["Ingediend"]
    own = db.session.scalars(
        signals_query(organisation_id=author.organisation_id, viewer_id=author.id)
    ).all()
    assert len(own) == 2
