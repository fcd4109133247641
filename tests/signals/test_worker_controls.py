"""Worker controls (issue 14, item 5): delete a draft, withdraw a submitted
signal with a reason, submit a draft from its own page, search and filter."""

from datetime import UTC, datetime

from sqlalchemy import select

from signalen.audit.models import AuditEvent
from signalen.coordination.services import ask_question
from signalen.permissions import Role
from signalen.signals.models import Signal, SignalStatus
from signalen.signals.workflow import allowed_signal_moves


def test_delete_a_draft_asks_first_then_deletes_and_audits(
    client, make_user, login_as, make_signal, db
):
    worker = login_as(make_user())
    draft = make_signal(worker, submit=False, title="Mijn kladje")
    ref = draft.reference
    page = client.get(f"/signalen/{ref}").get_data(as_text=True)
    assert f"/signalen/{ref}/verwijderen" in page
    confirm = client.get(f"/signalen/{ref}/verwijderen")
    assert confirm.status_code == 200
    assert "Ja, verwijder dit concept" in confirm.get_data(as_text=True)
    assert db.session.scalar(select(Signal).where(Signal.reference == ref))
    response = client.post(f"/signalen/{ref}/verwijderen")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Signal).where(Signal.reference == ref)) is None
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "signal.deleted")
    )
    assert event.details["reference"] == ref and event.actor_id == worker.id
    assert client.get(f"/signalen/{ref}").status_code == 404


def test_only_own_drafts_can_be_deleted(client, make_user, login_as, make_signal, db):
    org_worker = make_user()
    submitted = make_signal(org_worker)
    colleague = make_user(organisation=org_worker.organisation)
    login_as(colleague)
    refused = client.post(f"/signalen/{submitted.reference}/verwijderen")
    assert refused.status_code == 302
    assert client.get(refused.headers["Location"]).status_code == 200
    login_as(org_worker)
    page = client.get(f"/signalen/{submitted.reference}").get_data(as_text=True)
    assert "/verwijderen" not in page
    refused = client.post(
        f"/signalen/{submitted.reference}/verwijderen", follow_redirects=True
    )
    assert "Alleen je eigen concept kan je verwijderen." in refused.get_data(
        as_text=True
    )
    assert db.session.get(Signal, submitted.id) is not None


def test_submit_a_draft_from_its_page(client, make_user, login_as, make_signal, db):
    worker = login_as(make_user())
    draft = make_signal(worker, submit=False)
    assert "/indienen" in client.get(f"/signalen/{draft.reference}").get_data(
        as_text=True
    )
    response = client.post(f"/signalen/{draft.reference}/indienen")
    assert response.status_code == 302
    db.session.refresh(draft)
    assert draft.status == SignalStatus.SUBMITTED and draft.submitted_at is not None
    # a second time: it is no draft any more, and says so
    again = client.post(f"/signalen/{draft.reference}/indienen")
    assert again.status_code == 422
    assert "Dit is geen concept van jou." in again.get_data(as_text=True)


def test_withdraw_with_a_reason_kept_in_history_for_coordinators(
    client, make_user, login_as, make_signal, db
):
    worker = login_as(make_user())
    signal = make_signal(worker)
    page = client.get(f"/signalen/{signal.reference}").get_data(as_text=True)
    assert "Signaal intrekken" in page
    empty = client.post(f"/signalen/{signal.reference}/intrekken", data={"reason": ""})
    assert empty.status_code == 422
    db.session.refresh(signal)
    assert signal.status == SignalStatus.SUBMITTED
    response = client.post(
        f"/signalen/{signal.reference}/intrekken",
        data={"reason": "Dubbel geregistreerd door een collega."},
    )
    assert response.status_code == 302
    db.session.refresh(signal)
    assert signal.status == SignalStatus.WITHDRAWN
    event = signal.events[-1]
    assert event.kind == "withdrawn" and event.from_status == "submitted"
    assert event.message == "Dubbel geregistreerd door een collega."
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "signal.withdrawn")
    )
    # no edit, no second withdrawal
    page = client.get(f"/signalen/{signal.reference}").get_data(as_text=True)
    assert "Ingetrokken" in page and "Dubbel geregistreerd" in page
    assert "Signaal intrekken" not in page and "/bewerken" not in page
    again = client.post(
        f"/signalen/{signal.reference}/intrekken", data={"reason": "nog eens"}
    )
    assert again.status_code == 422
    # the coordinator reads it on the review page, with the reason
    login_as(make_user(Role.COORDINATOR))
    review = client.get(f"/coordinatie/signalen/{signal.reference}")
    assert review.status_code == 200
    assert "Dubbel geregistreerd door een collega." in review.get_data(as_text=True)


def test_a_question_can_be_withdrawn_but_not_a_draft_or_someone_elses(
    client, make_user, login_as, make_signal, db
):
    worker = make_user()
    signal = make_signal(worker)
    coordinator = make_user(Role.COORDINATOR)
    ask_question(signal, coordinator, "Welke wijk?", datetime.now(UTC))
    db.session.commit()
    colleague = login_as(make_user(organisation=worker.organisation))
    assert colleague.id != worker.id
    refused = client.post(
        f"/signalen/{signal.reference}/intrekken", data={"reason": "weg ermee"}
    )
    assert refused.status_code == 422
    login_as(worker)
    client.post(f"/signalen/{signal.reference}/intrekken", data={"reason": "Opgelost"})
    db.session.refresh(signal)
    assert signal.status == SignalStatus.WITHDRAWN
    draft = make_signal(worker, submit=False)
    assert (
        client.post(
            f"/signalen/{draft.reference}/intrekken", data={"reason": "x"}
        ).status_code
        == 422
    )


def test_withdrawn_is_final_in_the_workflow():
    assert SignalStatus.WITHDRAWN in allowed_signal_moves(SignalStatus.SUBMITTED)
    assert SignalStatus.WITHDRAWN in allowed_signal_moves(SignalStatus.QUESTION)
    assert SignalStatus.WITHDRAWN not in allowed_signal_moves(SignalStatus.LINKED)
    assert allowed_signal_moves(SignalStatus.WITHDRAWN) == set()


def test_search_and_filter_my_signals(client, make_user, login_as, make_signal, db):
    worker = login_as(make_user())
    make_signal(
        worker,
        title="Digitale drempels bij het OCMW",
        description="Formulieren alleen online.",
    )
    make_signal(
        worker,
        title="Lange wachtlijsten",
        description="Gezinnen wachten op huurwoningen.",
        submit=False,
    )
    other = make_signal(make_user(), title="Digitaal loket van een ander")

    def titles(url):
        page = client.get(url)
        assert page.status_code == 200
        return page.get_data(as_text=True)

    page = titles("/signalen/mijn?q=digitaal")
    assert "Digitale drempels" in page and "Lange wachtlijsten" not in page
    assert other.title not in page
    page = titles("/signalen/mijn?q=huurwoning")
    assert "Lange wachtlijsten" in page and "Digitale drempels" not in page
    page = titles("/signalen/mijn?status=draft")
    assert "Lange wachtlijsten" in page and "Digitale drempels" not in page
    this_month = datetime.now(UTC).strftime("%Y-%m")
    page = titles(f"/signalen/mijn?month_from={this_month}&month_to={this_month}")
    assert "Lange wachtlijsten" in page and "Digitale drempels" in page
    page = titles("/signalen/mijn?month_from=2001-01&month_to=2001-02")
    assert "Geen signalen gevonden." in page
    page = titles("/signalen/mijn?month_from=2001-05&month_to=2001-02")
    assert "vóór de eerste maand" in page
    page = titles("/signalen/organisatie?q=___")  # a LIKE wildcard is a plain sign
    assert "Geen signalen gevonden." in page
    page = titles("/signalen/organisatie?q=wachtlijst")
    assert "Lange wachtlijsten" in page  # my own draft


def test_coordinators_filter_withdrawn_and_cannot_merge_them(
    client, make_user, login_as, make_signal, make_structural, db
):
    import pytest

    from signalen.coordination.services import link_signals
    from signalen.errors import SignalenError
    from signalen.signals.services import withdraw_signal

    worker = make_user()
    signal = make_signal(worker, title="Teruggetrokken signaal")
    kept = make_signal(worker, title="Blijvend signaal")
    withdraw_signal(signal, worker, "Vergissing", datetime.now(UTC))
    db.session.commit()
    login_as(make_user(Role.COORDINATOR))
    page = client.get("/coordinatie/inbox?status=withdrawn").get_data(as_text=True)
    assert 'value="withdrawn"' in page  # a choice of the status filter
    assert "Teruggetrokken signaal" in page and "Blijvend signaal" not in page
    structural = make_structural([kept])
    with pytest.raises(SignalenError, match="ingetrokken"):
        link_signals(structural, [signal], structural.created_by)
    db.session.rollback()
