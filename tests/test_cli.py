"""Command-line commands: seeding, demo data, accounts, setup, scheduler jobs."""

from sqlalchemy import func, select

from signalen.auth.models import User
from signalen.jobs.models import JobRun
from signalen.organisations.models import Organisation
from signalen.signals.models import Signal, SignalStatus
from signalen.themes.models import Area, Theme


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_is_idempotent_and_keeps_edits(runner, db):
    theme = db.session.scalar(select(Theme).where(Theme.code == "wonen"))
    theme.label = "Wonen (aangepast)"
    theme.active = False
    db.session.commit()
    before = count(db, Theme)
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert count(db, Theme) == before
    db.session.refresh(theme)
    assert theme.label == "Wonen (aangepast)" and theme.active is False
    assert count(db, Area) == 25


def test_demo_load_once(runner, db):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "geladen" in result.output
    signals = count(db, Signal)
    assert signals >= 40
    result = runner.invoke(args=["demo", "load"])
    assert "waren er al" in result.output
    assert count(db, Signal) == signals
    emails = set(db.session.scalars(select(User.email)))
    assert {
        "medewerker@demo.signalen.be",
        "coordinator@demo.signalen.be",
        "stad@demo.signalen.be",
        "beheer@demo.signalen.be",
    } <= emails
    # Spread over statuses, themes, wijken and time.
    statuses = set(db.session.scalars(select(Signal.status)))
    assert {SignalStatus.DRAFT, SignalStatus.SUBMITTED} <= statuses
    orgs = db.session.scalar(select(func.count(func.distinct(Signal.organisation_id))))
    assert orgs >= 4


def test_login_page_lists_demo_accounts_only_in_demo_mode(runner, client):
    assert "Demo-accounts" not in client.get("/account/aanmelden").get_data(True)
    runner.invoke(args=["demo", "load"])
    page = client.get("/account/aanmelden").get_data(as_text=True)
    assert "Demo-accounts" in page and "coordinator@demo.signalen.be" in page


def test_demo_accounts_can_log_in(runner, client):
    runner.invoke(args=["demo", "load"])
    response = client.post(
        "/account/aanmelden",
        data={"email": "medewerker@demo.signalen.be", "password": "demo-signalen"},
    )
    assert response.status_code == 302
    page = client.get("/signalen/mijn").get_data(as_text=True)
    assert "Mijn signalen" in page and "S-" in page


def test_users_create(runner, db):
    result = runner.invoke(
        args=[
            "users", "create", "--email", "Nieuw@Example.org", "--name", "Nieuwe",
            "--role", "coordinator", "--organisation", "Nieuwe dienst",
            "--password", "een-goed-wachtwoord",
        ]
    )  # fmt: skip
    assert result.exit_code != 0 and "bestaat niet" in result.output
    result = runner.invoke(
        args=[
            "users", "create", "--email", "Nieuw@Example.org", "--name", "Nieuwe",
            "--role", "coordinator", "--organisation", "Nieuwe dienst",
            "--password", "een-goed-wachtwoord", "--create-organisation",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.org"))
    assert user.role.value == "coordinator"
    assert db.session.scalar(select(Organisation.name)) == "Nieuwe dienst"
    result = runner.invoke(
        args=[
            "users", "create", "--email", "nieuw@example.org", "--name", "X",
            "--role", "stad", "--organisation", "Nieuwe dienst", "--password", "kort",
        ]
    )  # fmt: skip
    assert result.exit_code != 0 and "bestaat al" in result.output


def test_setup_is_idempotent(runner, db):
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert "Demogegevens geladen" in result.output
    signals = count(db, Signal)
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0 and "Demogegevens" not in result.output
    assert count(db, Signal) == signals


def test_setup_without_demo(runner, db):
    result = runner.invoke(args=["setup", "--no-demo"])
    assert result.exit_code == 0
    assert count(db, User) == 0


def test_production_never_loads_or_shows_demo_accounts(app, runner, client, db,
                                                       monkeypatch):  # fmt: skip
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert count(db, User) == 0
    assert "eerste beheerder" in result.output
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "productieomgeving" in result.output
    assert count(db, User) == 0


def test_demo_accounts_are_refused_and_hidden_in_production(
    app, runner, client, monkeypatch
):
    runner.invoke(args=["demo", "load"])
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    page = client.get("/account/aanmelden").get_data(as_text=True)
    assert "Demo-accounts" not in page and "demo-signalen" not in page
    response = client.post(
        "/account/aanmelden",
        data={"email": "beheer@demo.signalen.be", "password": "demo-signalen"},
    )
    assert response.status_code == 401
    result = runner.invoke(args=["info"])
    assert "demo" not in result.output.lower()


def test_info_prints_address(runner):
    result = runner.invoke(args=["info", "--port", "5001"])
    assert "http://127.0.0.1:5001" in result.output


def test_run_job_records_a_heartbeat(runner, db):
    result = runner.invoke(args=["scheduler", "run-job", "heartbeat"])
    assert result.exit_code == 0, result.output
    run = db.session.scalar(select(JobRun))
    assert run.job_name == "heartbeat" and run.status == "ok"
    result = runner.invoke(args=["scheduler", "run-job", "onbekend"])
    assert result.exit_code != 0
