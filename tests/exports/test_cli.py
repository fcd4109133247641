"""`flask export bundle ID --output` and `flask import-answers FILE [--dry-run]`."""

from __future__ import annotations

from openpyxl import load_workbook
from sqlalchemy import func, select

from signalen.exports.models import ExportRun
from signalen.responses.models import CityResponse
from tests.exports.conftest import ANSWER, fill


def test_export_with_output(runner, sample_bundle, tmp_path, db):
    target = tmp_path / "bundel.xlsx"
    result = runner.invoke(
        args=["export", "bundle", str(sample_bundle.id), "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert f"Geschreven: {target}" in result.output
    assert "Signalen" in result.output  # the progress bar's label
    assert load_workbook(target)["Lijsten"]["F2"].value == db.session.scalar(
        select(ExportRun.token)
    )


def test_export_unknown_bundle(runner):
    result = runner.invoke(args=["export", "bundle", "999"])
    assert result.exit_code != 0 and "bestaat niet" in result.output


def test_export_to_export_dir(runner, sample_bundle, app):
    result = runner.invoke(args=["export", "bundle", str(sample_bundle.id)])
    assert result.exit_code == 0, result.output
    assert app.config["EXPORT_DIR"] in result.output


def count(db):
    return db.session.scalar(select(func.count(CityResponse.id)))


def test_import_dry_run_then_real(runner, sample_bundle, exported, tmp_path, db):
    _run, path = exported(sample_bundle)
    filled = tmp_path / "ingevuld.xlsx"
    filled.write_bytes(fill(path, {sample_bundle.items[0].reference: ANSWER}))
    result = runner.invoke(args=["import-answers", str(filled), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Proef: 1 wijziging," in result.output and count(db) == 0
    result = runner.invoke(args=["import-answers", str(filled)])
    assert result.exit_code == 0 and "1 antwoord bewaard" in result.output
    assert count(db) == 1
    result = runner.invoke(args=["import-answers", str(filled)])
    assert "0 antwoorden bewaard" in result.output and count(db) == 1


def test_import_with_errors_applies_nothing(
    runner, sample_bundle, exported, tmp_path, db
):
    _run, path = exported(sample_bundle)
    filled = tmp_path / "fout.xlsx"
    filled.write_bytes(
        fill(
            path, {sample_bundle.items[0].reference: {**ANSWER, "Soort antwoord": "?"}}
        )
    )
    result = runner.invoke(args=["import-answers", str(filled)])
    assert result.exit_code != 0
    assert "geen geldige keuze" in result.output and count(db) == 0


def test_import_not_xlsx(runner, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("hallo")
    result = runner.invoke(args=["import-answers", str(bad)])
    assert result.exit_code != 0 and "geen Excel-bestand" in result.output
