"""A new-signal form sent twice stores one signal; the cached choice lists."""

import re

import pytest
from sqlalchemy import func, select

from signalen.audit.models import AuditEvent
from signalen.errors import NotAllowed
from signalen.signals import choices as choice_cache
from signalen.signals import services
from signalen.signals.models import Signal, SignalEvent
from signalen.signals.services import SignalData, record_signal_once
from signalen.textcheck import PersonalDataFound


def data(themes, **kwargs):
    return SignalData(
        title=kwargs.pop("title", "Digipunt gesloten"),
        description=kwargs.pop("description", "Mensen kunnen niet meer printen."),
        theme_ids=[themes["digitaal"].id],
        **kwargs,
    )


def count(db, model=Signal) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def form_key(page: str) -> str:
    match = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page)
    assert match, "no idempotency key in the form"
    return match.group(1)


# --- the service ---------------------------------------------------------------


def test_same_key_records_once(make_user, themes, db):
    user = make_user()
    first = record_signal_once(user, data(themes), key="k1", submit=True)
    db.session.commit()
    again = record_signal_once(user, data(themes), key="k1", submit=True)
    db.session.commit()
    assert first.created and not again.created
    assert again.id == first.id
    assert count(db) == 1
    assert count(db, SignalEvent) == 2  # created + submitted, once


def test_without_key_every_call_records(make_user, themes, db):
    user = make_user()
    record_signal_once(user, data(themes), key=None, submit=True)
    record_signal_once(user, data(themes), key=None, submit=True)
    db.session.commit()
    assert count(db) == 2


def test_someone_elses_key_is_refused(make_user, themes, db):
    record_signal_once(make_user(), data(themes), key="k2", submit=True)
    db.session.commit()
    with pytest.raises(NotAllowed):
        record_signal_once(make_user(), data(themes), key="k2", submit=True)


def test_personal_data_stores_nothing_and_the_key_stays_free(make_user, themes, db):
    user = make_user()
    with pytest.raises(PersonalDataFound):
        record_signal_once(
            user,
            data(themes, description="Mail jan.peeters@example.org"),
            key="k3",
            submit=True,
        )
    db.session.rollback()
    saved = record_signal_once(user, data(themes), key="k3", submit=True)
    db.session.commit()
    assert saved.created and count(db) == 1


def test_a_concurrent_insert_of_the_same_key_returns_the_stored_one(
    make_user, themes, db, monkeypatch
):
    """No look-up before the insert: the insert does nothing when the key is
    taken (sent twice, or by a concurrent POST); the rest of the transaction
    stays, and the key is looked up only then."""
    user = make_user()
    stored = record_signal_once(user, data(themes), key="race", submit=True)
    db.session.commit()
    other = record_signal_once(user, data(themes), key=None, submit=False)
    looked_up = []
    real = services.signal_with_key

    def spy(author, key):
        looked_up.append(key)
        return real(author, key)

    monkeypatch.setattr(services, "signal_with_key", spy)
    record_signal_once(user, data(themes), key="fresh", submit=True)
    assert looked_up == []  # a new form: no look-up at all
    result = record_signal_once(user, data(themes), key="race", submit=True)
    db.session.commit()
    assert looked_up == ["race"]
    assert not result.created and result.id == stored.id
    # The signal recorded earlier in the same transaction was not rolled back.
    assert db.session.get(Signal, other.id) is not None
    assert count(db) == 3
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("signal.%"))
    ).all()
    # not a fourth time for the refused one
    assert sorted(actions) == ["signal.created", "signal.submitted", "signal.submitted"]


# --- over HTTP -----------------------------------------------------------------


def form_data(themes, key, **overrides):
    values = {
        "title": "Wachtlijst sociale woningen",
        "description": "Gezinnen wachten jaren op een sociale woning.",
        "themes": [str(themes["wonen"].id)],
        "concerns_city_service": "",
        "action": "submit",
        "idempotency_key": key,
    }
    values.update(overrides)
    return values


def test_each_form_shown_gets_a_new_key(client, make_user, login_as):
    login_as(make_user())
    first = form_key(client.get("/signalen/nieuw").get_data(as_text=True))
    second = form_key(client.get("/signalen/nieuw").get_data(as_text=True))
    assert first != second and len(first) >= 20


def test_resent_form_redirects_to_the_stored_signal(
    client, make_user, login_as, themes, db
):
    login_as(make_user())
    key = form_key(client.get("/signalen/nieuw").get_data(as_text=True))
    first = client.post("/signalen/nieuw", data=form_data(themes, key))
    again = client.post("/signalen/nieuw", data=form_data(themes, key))
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert count(db) == 1
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Dit signaal was al bewaard." in page


def test_a_form_with_errors_keeps_its_key(client, make_user, login_as, themes, db):
    login_as(make_user())
    response = client.post("/signalen/nieuw", data=form_data(themes, "abc", title=""))
    assert response.status_code == 422
    assert form_key(response.get_data(as_text=True)) == "abc"
    assert count(db) == 0


def test_a_forged_key_is_refused(client, make_user, login_as, themes, db):
    login_as(make_user())
    response = client.post("/signalen/nieuw", data=form_data(themes, "<x>"))
    assert response.status_code == 422
    assert "Dit formulier is ongeldig" in response.get_data(as_text=True)
    assert count(db) == 0


def test_edit_form_has_no_key(client, make_user, login_as, make_signal):
    user = login_as(make_user())
    signal = make_signal(user)
    page = client.get(f"/signalen/{signal.reference}/bewerken").get_data(as_text=True)
    assert 'name="idempotency_key"' not in page


# --- the cached choice lists ---------------------------------------------------


def test_choice_lists_come_from_the_cache_until_a_list_changes(themes, db, monkeypatch):
    loads = []
    real = choice_cache.load_choice_lists

    def counted():
        loads.append(1)
        return real()

    monkeypatch.setattr(choice_cache, "load_choice_lists", counted)
    choice_cache.choice_lists()
    before = len(loads)
    lists = choice_cache.choice_lists()
    assert len(loads) == before  # unchanged stamp: the process's copy
    assert themes["wonen"].id in {c.id for c in lists["themes"]}

    stamp = choice_cache.current_stamp()
    themes["wonen"].label = "Wonen (nieuw)"
    db.session.commit()
    assert choice_cache.current_stamp() != stamp
    lists = choice_cache.choice_lists()
    assert len(loads) == before + 1
    assert "Wonen (nieuw)" in {c.label for c in lists["themes"]}

    themes["wonen"].active = False
    db.session.commit()
    assert themes["wonen"].id not in {
        c.id for c in choice_cache.choice_lists()["themes"]
    }


def test_callers_may_extend_the_lists_without_touching_the_cache(themes, db):
    lists = choice_cache.choice_lists()
    lists["themes"].append("extra")
    assert "extra" not in choice_cache.choice_lists()["themes"]


def test_a_rolled_back_edit_keeps_the_stamp(themes, db):
    choice_cache.choice_lists()
    stamp = choice_cache.current_stamp()
    themes["wonen"].label = "Nooit bewaard"
    db.session.flush()
    db.session.rollback()
    assert choice_cache.current_stamp() == stamp
    labels = {c.label for c in choice_cache.choice_lists()["themes"]}
    assert "Nooit bewaard" not in labels
