"""The yearly evaluation: date, reminder, verdicts beside last year's, print, sheet."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import g
from openpyxl import load_workbook

from signalen.bundles.models import BundleStatus
from signalen.database import utcnow
from signalen.errors import SignalenError
from signalen.exports.services import perform_export, start_export
from signalen.followup import evaluation as ev
from signalen.followup.jobs import evaluation_reminders_job
from signalen.notifications import services as news
from signalen.notifications.journey import signal_journey
from signalen.permissions import Role
from signalen.prioritisation import services as prio
from signalen.prioritisation.errors import FieldErrors
from signalen.textcheck import PersonalDataFound

TODAY = date(2027, 3, 1)


def decided(bundle, coordinator, chosen: dict, db):
    """A deciding round that chose these items (item → rank)."""
    now = utcnow() + timedelta(minutes=1)
    settings = prio.RoundSettings(
        title="Stuurgroep kiest",
        explanation="",
        method="points",
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=3),
    )
    round_ = prio.create_round(bundle, settings, coordinator, now)
    prio.set_user_participants(round_, {coordinator.id: "middenveld"}, coordinator, now)
    prio.open_round(round_, coordinator, now)
    prio.close_round(round_, coordinator, now)
    prio.record_decisions(
        round_,
        {
            item.id: prio.DecisionInput(rank is not None, rank, "Belangrijk.")
            for item, rank in chosen.items()
        },
        coordinator,
        now,
    )
    prio.mark_deciding_round(round_, coordinator, now)
    db.session.commit()


@pytest.fixture
def evaluated(make_user, make_signal, make_structural, make_bundle, db):
    worker = make_user()
    coordinator = make_user(Role.COORDINATOR)
    signal = make_signal(worker, title="Te weinig betaalbare woningen")
    housing = make_structural([signal], title="Betaalbaar wonen")
    digital = make_structural([make_signal(title="Digipunt dicht")], title="Digipunten")
    litter = make_structural([make_signal(title="Zwerfvuil")], title="Zwerfvuil")
    bundle = make_bundle([housing, digital, litter], status=BundleStatus.PUBLISHED)
    first, second, third = bundle.items
    decided(bundle, coordinator, {first: 1, second: 2, third: None}, db)
    return worker, coordinator, signal, bundle


def test_verdicts_are_appended_and_sit_beside_last_years(evaluated, db):
    worker, coordinator, signal, bundle = evaluated
    first, second, third = bundle.items
    assert [(r, i.id) for r, i in ev.priorities(bundle)] == [
        (1, first.id),
        (2, second.id),
    ]
    last_year = ev.schedule_evaluation(
        bundle, 2026, date(2026, 3, 1), coordinator, utcnow()
    )
    ev.record_verdicts(
        last_year, {first.id: ev.VerdictInput("bezorgd", "Weinig vooruitgang.")},
        coordinator, utcnow(),
    )  # fmt: skip
    this_year = ev.schedule_evaluation(bundle, 2027, TODAY, coordinator, utcnow())
    news.mark_seen(worker.id, signal.id, utcnow())
    db.session.commit()
    added = ev.record_verdicts(
        this_year,
        {
            first.id: ev.VerdictInput("voorzichtig_positief", "Eerste woningen."),
            second.id: ev.VerdictInput("te_vaag", ""),
        },
        coordinator,
        utcnow() + timedelta(seconds=1),
    )
    db.session.commit()
    assert added == 2
    # the same again adds nothing
    again = {first.id: ev.VerdictInput("voorzichtig_positief", "Eerste woningen.")}
    assert ev.record_verdicts(this_year, again, coordinator, utcnow()) == 0
    rows = ev.evaluation_rows(this_year)
    assert [r.verdict.verdict for r in rows] == ["voorzichtig_positief", "te_vaag"]
    assert rows[0].previous.verdict == "bezorgd" and rows[1].previous is None
    assert ev.previous_evaluation(this_year).id == last_year.id
    # the giver hears it, and the journey tells it
    assert news.news_count(worker) == 1
    titles = [s.title for s in signal_journey(signal, worker)]
    assert "Evaluatie 2027: Voorzichtig positief" in titles
    assert "Evaluatie 2026: Bezorgd" in titles


def test_wrong_verdicts_are_refused(evaluated):
    _w, coordinator, _s, bundle = evaluated
    first, _second, third = bundle.items
    evaluation = ev.schedule_evaluation(bundle, 2027, TODAY, coordinator, utcnow())
    with pytest.raises(FieldErrors) as caught:
        ev.record_verdicts(
            evaluation, {first.id: ev.VerdictInput("super", "")}, coordinator, utcnow()
        )
    assert f"verdict-{first.id}" in caught.value.errors
    with pytest.raises(SignalenError):  # not a priority
        ev.record_verdicts(
            evaluation, {third.id: ev.VerdictInput("positief")}, coordinator, utcnow()
        )
    with pytest.raises(PersonalDataFound):
        ev.record_verdicts(
            evaluation,
            {first.id: ev.VerdictInput("positief", "Bel 0478 12 34 56.")},
            coordinator,
            utcnow(),
        )


def test_the_scheduler_reminds_until_every_priority_has_a_verdict(evaluated, db):
    _w, coordinator, _s, bundle = evaluated
    first, second, _t = bundle.items
    evaluation = ev.schedule_evaluation(bundle, 2027, TODAY, coordinator, utcnow())
    db.session.commit()
    early = TODAY - timedelta(days=ev.REMIND_DAYS + 1)
    assert evaluation_reminders_job(utcnow().replace(year=2026, month=1, day=1)) == (
        "Geen evaluatie op komst."
    )
    assert ev.open_evaluations(early) == []
    assert ev.open_evaluations(TODAY - timedelta(days=5)) == [(evaluation, 2)]
    ev.remind(TODAY)
    assert evaluation.reminded_on == TODAY
    ev.record_verdicts(
        evaluation,
        {
            first.id: ev.VerdictInput("positief"),
            second.id: ev.VerdictInput("gemengd"),
        },
        coordinator,
        utcnow(),
    )
    assert ev.open_evaluations(TODAY) == []


def test_pages_print_and_banner(client, login_as, evaluated, db, make_user):
    _w, coordinator, _s, bundle = evaluated
    first, second, _t = bundle.items
    login_as(coordinator)
    page = client.get(f"/opvolging/evaluatie/bundel/{bundle.id}")
    assert page.status_code == 200 and "2 prioriteiten" in page.text
    due = (date.today() + timedelta(days=10)).isoformat()
    response = client.post(
        f"/opvolging/evaluatie/bundel/{bundle.id}",
        data={"year": str(date.today().year), "due_date": due},
    )
    assert response.status_code == 302
    url = response.headers["Location"]
    page = client.get(url)
    assert "2 prioriteiten wachten op een oordeel." in page.text  # the banner
    response = client.post(
        url,
        data={
            f"verdict-{first.id}": "gemengd",
            f"text-{first.id}": "Deels uitgevoerd.",
            f"verdict-{second.id}": "onbestaand",
        },
    )
    assert response.status_code == 200
    assert "Kies een oordeel uit de lijst." in response.text
    assert "Deels uitgevoerd." in response.text  # what was typed stays
    response = client.post(
        url,
        data={
            f"verdict-{first.id}": "gemengd",
            f"text-{first.id}": "Deels uitgevoerd.",
            f"verdict-{second.id}": "negatief",
        },
    )
    assert response.status_code == 302
    page = client.get(url)
    assert "2 oordelen bewaard." in page.text
    assert "wachten op een oordeel" not in page.text
    printed = client.get(url + "/afdrukken")
    assert printed.status_code == 200
    assert "Gemengd" in printed.text and "Deels uitgevoerd." in printed.text
    g.pop("_login_user", None)
    login_as(make_user(Role.CITY))
    assert client.get(url + "/afdrukken").status_code == 200
    assert client.post(url, data={f"verdict-{first.id}": "positief"}).status_code == 403
    g.pop("_login_user", None)
    login_as(make_user(Role.WORKER))
    assert client.get(url).status_code == 403


def test_workbook_sheet_beside_last_year(evaluated, db, app, tmp_path, monkeypatch):
    _w, coordinator, _s, bundle = evaluated
    first, second, _t = bundle.items
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path))
    run = start_export(bundle, coordinator, utcnow())
    db.session.commit()
    plain = load_workbook(perform_export(run, now=utcnow()))
    assert "Evaluatie prioriteiten" not in plain.sheetnames
    last = ev.schedule_evaluation(bundle, 2026, date(2026, 3, 1), coordinator, utcnow())
    ev.record_verdicts(last, {first.id: ev.VerdictInput("negatief", "Niets.")},
                       coordinator, utcnow())  # fmt: skip
    now = ev.schedule_evaluation(bundle, 2027, TODAY, coordinator, utcnow())
    ev.record_verdicts(now, {first.id: ev.VerdictInput("gemengd", "Iets.")},
                       coordinator, utcnow())  # fmt: skip
    db.session.commit()
    run = start_export(bundle, coordinator, utcnow() + timedelta(minutes=1))
    db.session.commit()
    wb = load_workbook(perform_export(run, now=utcnow() + timedelta(minutes=1)))
    assert "Evaluatie prioriteiten" in wb.sheetnames
    data = [list(r) for r in wb["Evaluatie prioriteiten"].iter_rows(values_only=True)]
    assert data[0] == ["Rang", "ID", "Titel", "Oordeel 2027", "Toelichting 2027",
                       "Oordeel 2026", "Toelichting 2026"]  # fmt: skip
    assert data[1] == [1, first.reference, "Betaalbaar wonen", "Gemengd", "Iets.",
                       "Negatief", "Niets."]  # fmt: skip
    assert data[2][:4] == [2, second.reference, "Digipunten", None]
