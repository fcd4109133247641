"""flask signals-import: check, then apply, then the same file adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from signalen.permissions import Role
from signalen.signals.models import Signal

CSV = (
    "Onderwerp;Thema\n"
    "Lange wachtlijst;Wonen\n"
    "Mevrouw Janssens wacht;Wonen\n"
    "Ruimte;Ruimtevaart\n"
)


def test_check_apply_and_again(runner, make_user, make_org, tmp_path, db):
    org = make_org("Buurtwerk")
    user = make_user(Role.WORKER, organisation=org)
    path = tmp_path / "lijst.csv"
    path.write_text(CSV, encoding="utf-8")
    args = ["signals-import", str(path), "--organisation", "Buurtwerk",
            "--user", user.email]  # fmt: skip
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "3 rijen: 1 klaar om toe te voegen" in result.output
    assert "rij 3 tegengehouden" in result.output and "Janssens" not in result.output
    assert "rij 4 geweigerd" in result.output
    assert db.session.scalar(select(func.count(Signal.id))) == 0
    result = runner.invoke(args=[*args, "--apply"])
    assert "1 toegevoegd" in result.output
    result = runner.invoke(args=[*args, "--apply"])
    assert "0 toegevoegd, 1 al eerder ingelezen" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Signal.id))) == 1


def test_unknown_organisation(runner, tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text(CSV, encoding="utf-8")
    result = runner.invoke(
        args=["signals-import", str(path), "--organisation", "X", "--user", "a@b.c"]
    )
    assert result.exit_code != 0 and "niet gevonden" in result.output
