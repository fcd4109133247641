"""The daily digest, sent to a real SMTP server on 127.0.0.1 and read back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import g

from signalen.bundles.models import BundleStatus
from signalen.coordination.services import ask_question
from signalen.database import utcnow
from signalen.digest import services
from signalen.digest.jobs import send_daily_digests_job
from signalen.jobs.labels import job_label
from signalen.notifications.services import mark_seen
from signalen.permissions import Role
from signalen.responses.services import Answer, record_answer
from signalen.scheduler import job_by_name, run_now

NOW = datetime(2026, 12, 3, 6, 30, tzinfo=UTC)
SECRET = "wachtlijst van zeven maanden aan het loket"


def answered(make_user, make_signal, make_structural, make_bundle, db):
    """A worker's signal with a question and an answer of the city."""
    worker = make_user(email="ine@vzw.example", display_name="Ine")
    coordinator = make_user(Role.COORDINATOR)
    signal = make_signal(
        worker, title="Geen digipunt meer in de wijk", description=SECRET
    )
    ask_question(signal, coordinator, "Hoeveel mensen? " + SECRET)
    structural = make_structural([signal], title="Digitale kloof")
    bundle = make_bundle([structural], status=BundleStatus.PUBLISHED)
    record_answer(
        bundle.items[0],
        make_user(Role.CITY),
        Answer("opgenomen", "Drie nieuwe digipunten, " + SECRET),
        now=utcnow() + timedelta(minutes=1),
    )
    db.session.commit()
    return worker, signal


def test_digest_lists_titles_only_and_is_sent_once(
    app, smtp_server, make_user, make_signal, make_structural, make_bundle, db
):
    worker, signal = answered(make_user, make_signal, make_structural, make_bundle, db)
    quiet = make_user(email="niets@vzw.example")
    make_signal(quiet, title="Niets nieuw hier")
    db.session.commit()
    message = send_daily_digests_job(NOW)
    assert message == "1 e-mail verstuurd."
    (mail,) = smtp_server.to("ine@vzw.example")
    assert smtp_server.to("niets@vzw.example") == []
    assert mail["Subject"] == "Signalen: nieuws over 1 van je signalen"
    body = mail.get_content()
    assert f"{signal.reference} Geen digipunt meer in de wijk" in body
    assert "een vraag van de coördinator" in body
    assert "een antwoord of opvolging van de stad" in body
    assert "https://signalen.example/signalen/mijn" in body
    assert "https://signalen.example/account/wachtwoord" in body
    # titles only: no description, question, answer or structural text
    for text in (SECRET, "Hoeveel mensen", "Drie nieuwe digipunten", "Digitale kloof"):
        assert text not in body and text not in str(mail)
    db.session.commit()
    # the next day: nothing new, nothing sent
    assert send_daily_digests_job(NOW + timedelta(days=1)) == "0 e-mails verstuurd."
    assert len(smtp_server.messages) == 1


def test_only_what_came_after_the_last_digest_or_the_last_visit(
    app, smtp_server, make_user, make_signal, db
):
    worker = make_user(email="a@vzw.example")
    coordinator = make_user(Role.COORDINATOR)
    first = make_signal(worker, title="Eerste signaal")
    second = make_signal(worker, title="Tweede signaal")
    ask_question(first, coordinator, "Vraag een")
    db.session.commit()
    send_daily_digests_job(NOW)
    db.session.commit()
    ask_question(second, coordinator, "Vraag twee")
    db.session.commit()
    send_daily_digests_job(NOW + timedelta(days=1))
    db.session.commit()
    bodies = [m.get_content() for m in smtp_server.to("a@vzw.example")]
    assert len(bodies) == 2
    assert "Tweede signaal" not in bodies[0] and "Eerste signaal" in bodies[0]
    assert "Eerste signaal" not in bodies[1] and "Tweede signaal" in bodies[1]
    # read in the app before the digest: not mailed
    ask_question(first, coordinator, "Vraag drie")
    db.session.commit()
    mark_seen(worker.id, first.id, NOW)
    db.session.commit()
    send_daily_digests_job(NOW + timedelta(days=2))
    assert len(smtp_server.to("a@vzw.example")) == 2


def test_opted_out_users_get_nothing(app, smtp_server, make_user, make_signal, db):
    worker = make_user(email="stil@vzw.example")
    coordinator = make_user(Role.COORDINATOR)
    ask_question(make_signal(worker), coordinator, "Een vraag")
    services.set_digest(worker.id, False, NOW)
    db.session.commit()
    assert send_daily_digests_job(NOW) == "0 e-mails verstuurd."
    assert smtp_server.messages == []
    services.set_digest(worker.id, True, NOW)
    db.session.commit()
    assert send_daily_digests_job(NOW) == "1 e-mail verstuurd."


def test_a_refused_address_is_tried_again(app, smtp_server, make_user, make_signal, db):
    worker = make_user(email="weg@vzw.example")
    ask_question(make_signal(worker), make_user(Role.COORDINATOR), "Een vraag")
    db.session.commit()
    smtp_server.refuse.add("weg@vzw.example")
    message = send_daily_digests_job(NOW)
    assert message == "0 e-mails verstuurd. 1 adres geweigerd door de mailserver."
    db.session.commit()
    smtp_server.refuse.clear()
    assert send_daily_digests_job(NOW) == "1 e-mail verstuurd."


def test_no_server_configured_sends_nothing(app, make_user, make_signal, db):
    assert app.config["MAIL_SERVER"] is None
    worker = make_user()
    ask_question(make_signal(worker), make_user(Role.COORDINATOR), "Een vraag")
    db.session.commit()
    assert send_daily_digests_job(NOW) == "Geen mailserver ingesteld: niets verstuurd."
    assert services.collect_digests()[0].user_id == worker.id  # still pending


def test_the_scheduler_runs_it_under_its_dutch_name(
    app, smtp_server, make_user, make_signal, db
):
    ask_question(
        make_signal(make_user(email="b@vzw.example")),
        make_user(Role.COORDINATOR),
        "Een vraag",
    )
    db.session.commit()
    assert job_by_name("daily_digest")
    assert job_label("daily_digest") == "Dagelijkse e-mail met wat nieuw is"
    outcome = run_now(app, "daily_digest", NOW)
    assert outcome.status == "ok" and outcome.message == "1 e-mail verstuurd."
    assert len(smtp_server.to("b@vzw.example")) == 1


def test_switch_on_the_account_page(client, login_as, make_user, db):
    worker = login_as(make_user())
    page = client.get("/account/wachtwoord")
    assert "Stuur me elke ochtend een e-mail" in page.text
    assert 'name="wanted"' in page.text and "checked" in page.text
    response = client.post("/account/e-mail", data={})
    assert response.status_code == 302
    assert services.wants_digest(worker.id) is False
    page = client.get("/account/wachtwoord")
    assert "Je krijgt geen e-mail meer van Signalen." in page.text
    client.post("/account/e-mail", data={"wanted": "y"})
    assert services.wants_digest(worker.id) is True
    g.pop("_login_user", None)
    login_as(make_user(Role.CITY))
    assert "Stuur me elke ochtend" not in client.get("/account/wachtwoord").text
