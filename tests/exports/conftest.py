"""Fixtures for the bundle workbook: a closed bundle with realistic items."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from signalen.permissions import Role

NOW = datetime(2026, 11, 23, 13, 5, tzinfo=UTC)


@pytest.fixture
def exported(app, db):
    """Write a bundle workbook through an export run; returns (run, path)."""
    from signalen.exports.services import perform_export, start_export

    def export(bundle, actor=None):
        run = start_export(bundle, actor, NOW)
        db.session.commit()
        path = perform_export(run, now=NOW)
        return run, path

    return export


@pytest.fixture
def sample_bundle(db, make_org, make_user, make_signal, make_structural, make_bundle):
    """Three structural signals from two organisations, one anonymous to the city."""
    open_org = make_org("Open Huis Gent")
    hidden_org = make_org("De Verborgen Vzw", anonymous_to_city=True)
    a = make_user(Role.WORKER, organisation=open_org)
    b = make_user(Role.WORKER, organisation=hidden_org)
    housing = [
        make_signal(
            a, theme_codes=("wonen",), examples="Een gezin woont in één kamer."
        ),
        make_signal(
            b, theme_codes=("wonen",), proposed_solution="Meer sociale woningen."
        ),
        make_signal(a, theme_codes=("wonen",)),
    ]
    digital = [make_signal(b, theme_codes=("digitaal",), title="Digipunt gesloten")]
    s1 = make_structural(housing, title="Betaalbaar wonen")
    s2 = make_structural(
        digital,
        title='=HYPERLINK("http://evil")',
        summary="De Verborgen Vzw ziet dit elke week.",
    )
    s3 = make_structural(
        [make_signal(a, theme_codes=("digitaal",))], title="+Digitale kloof"
    )
    bundle = make_bundle([s1, s2, s3])
    return bundle


def fill(path, answers: dict, *, sheet="Signalen", theme_answers=None) -> bytes:
    """Fill in answers like the city would; returns the saved file's bytes.

    answers: reference → dict of header → value (headers of the Signalen sheet).
    """
    import io

    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb[sheet]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        reference = row[0].value
        for header, value in answers.get(reference, {}).items():
            row[headers.index(header)].value = value
    for sheet_name, values in (theme_answers or {}).items():
        for row in wb[sheet_name].iter_rows(min_row=2):
            if row[0].value in values:
                row[3].value = values[row[0].value]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


ANSWER = {
    "Antwoord stad": "We bekijken dit met de woondienst.",
    "Soort antwoord": "Doorgegeven aan dienst",
    "Dienst": "Dienst Wonen",
    "Opvolging": "Expert ter zake",
    "Stand van zaken": "In opvolging",
}
