"""The workbook opens in LibreOffice (converted to PDF) and reads back cleanly."""

from __future__ import annotations

import shutil
import subprocess
import uuid

from openpyxl import load_workbook

from signalen.exports import layout

SOFFICE = shutil.which("soffice")


def test_libreoffice_converts_the_workbook(sample_bundle, exported, tmp_path):
    _run, path = exported(sample_bundle)
    convert_to_pdf(path, tmp_path)


def convert_to_pdf(path, tmp_path):
    """The workbook converted by LibreOffice; returns the PDF's path."""
    # No skip: CI installs LibreOffice (.ci/run); a missing one must fail loudly.
    assert SOFFICE, (
        "LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui"
    )
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex}"
    out = tmp_path / "pdf"
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = out / (path.stem + ".pdf")
    assert result.returncode == 0, result.stderr
    assert pdf.is_file() and pdf.stat().st_size > 1000
    assert pdf.read_bytes().startswith(b"%PDF")
    return pdf


def test_every_sheet_reads_back(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    wb = load_workbook(path)
    headers = {
        "Signalen": layout.SIGNAL_HEADERS,
        "Prioriteiten": layout.PRIORITY_HEADERS,
        "Toelichting": ["Onderwerp", "Uitleg"],
        "Digitale inclusie": layout.THEME_HEADERS,
    }
    for name, expected in headers.items():
        assert [c.value for c in wb[name][1]] == expected, name
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)
    assert len(wb["Signalen"].data_validations.dataValidation) == 3
