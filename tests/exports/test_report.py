"""The bundle as a report: the web page and the PDF (WeasyPrint), who may read it."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from flask import g

from signalen.bundles.models import BundleStatus
from signalen.exports import report as report_module
from signalen.exports.report import render_report_html
from signalen.permissions import Role
from signalen.responses.services import Answer, record_answer
from tests.exports.conftest import NOW


@pytest.fixture(autouse=True)
def own_export_dir(app, tmp_path, monkeypatch):
    """Each test makes its PDFs afresh (the file name follows the content)."""
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))


def get(client, url):
    response = client.get(url)
    response.get_data()  # read it all, then close the sent file
    response.close()
    return response


def switch(login_as, user):
    g.pop("_login_user", None)
    return login_as(user)


def answer(db, item, actor, text):
    record_answer(
        item,
        actor,
        Answer(
            response_type="opgenomen",
            text=text,
            department="Dienst Wonen",
            follow_up_route="stuurgroep",
            progress="in_opvolging",
        ),
        source="app",
        now=NOW,
    )
    db.session.commit()


def pdf_text(data: bytes, tmp_path) -> list[str]:
    """The text of each page (pdftotext, poppler-utils)."""
    assert shutil.which("pdftotext"), "apt-get install poppler-utils"
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return text.split("\f")


def test_report_page_has_the_policy_note_layout(
    sample_bundle, make_user, db, app, client, login_as
):
    city = make_user(Role.CITY)
    answer(db, sample_bundle.items[0], city, "We nemen dit op in het woonplan.")
    switch(login_as, make_user(Role.COORDINATOR))
    page = client.get(f"/export/bundel/{sample_bundle.id}/rapport")
    assert page.status_code == 200
    html = page.text
    for heading in ("Inhoud", "Inleiding", "Prioriteiten", "Voorbeelden/citaten"):
        assert heading in html
    assert "Signaal</th>" in html and "Antwoord</th>" in html
    assert "We nemen dit op in het woonplan." in html
    assert "Stand van zaken: In opvolging" in html
    assert "Nog geen antwoord van de stad." in html  # the other items
    assert "Een gezin woont in één kamer." in html  # an example
    assert "Er is nog geen beslissing" in html  # no deciding round yet
    # Privacy: the anonymous organisation is never named, small counts hidden.
    assert "Verborgen" not in html and "een partnerorganisatie" in html
    assert "organisaties: &lt;3" in html
    assert "@media print" in html and "counter(pages)" in html


def test_pdf_has_cover_contents_page_numbers_and_running_headers(
    sample_bundle, make_user, client, login_as, tmp_path
):
    switch(login_as, make_user(Role.COORDINATOR))
    response = get(client, f"/export/bundel/{sample_bundle.id}/rapport.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    pages = [p for p in pdf_text(response.data, tmp_path) if p.strip()]
    total = len(pages)
    assert total >= 5
    assert sample_bundle.title in pages[0] and "Pagina" not in pages[0]  # cover
    assert "Inhoud" in pages[1] and "Pagina 2" in pages[1]
    assert f"Pagina {total}" in pages[-1] and "Over dit rapport" in pages[-1]
    # The contents give each chapter's page: "Digitale inclusie ..... 6".
    contents = {
        line.rsplit(" ", 1)[0].rstrip(" .").strip(): int(line.rsplit(" ", 1)[1])
        for line in pages[1].splitlines()
        if "...." in line
    }
    digital = contents["Digitale inclusie"]
    assert "Digitale inclusie" in pages[digital - 1].splitlines()[0]  # running header
    assert sample_bundle.title in pages[digital - 1].splitlines()[0]
    assert "Voorbeelden/citaten" in pages[digital - 1]


def test_pdf_is_made_once_and_again_after_an_answer(
    sample_bundle, make_user, client, login_as, db, app
):
    city = make_user(Role.CITY)
    switch(login_as, make_user(Role.COORDINATOR))
    url = f"/export/bundel/{sample_bundle.id}/rapport.pdf"
    first = get(client, url).data
    with app.test_request_context():
        path = report_module.report_path(sample_bundle)
    assert path.is_file()
    stamp = path.stat().st_mtime_ns
    assert get(client, url).data == first and path.stat().st_mtime_ns == stamp
    answer(db, sample_bundle.items[1], city, "Nieuw antwoord voor het rapport.")
    with app.test_request_context():
        assert report_module.report_path(sample_bundle) != path


def test_a_big_bundle_is_made_by_the_task(
    sample_bundle, make_user, client, login_as, monkeypatch, app
):
    made = []
    real = report_module.write_report_pdf

    def spy(bundle, path, now):
        made.append(path)
        return real(bundle, path, now)

    monkeypatch.setattr(report_module, "INLINE_ITEMS", 1)
    monkeypatch.setattr(report_module, "write_report_pdf", spy)
    switch(login_as, make_user(Role.COORDINATOR))
    # TASK_IMMEDIATE in tests: the queued task runs at once, like a worker would.
    response = get(client, f"/export/bundel/{sample_bundle.id}/rapport.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert len(made) == 1 and not made[0].with_name(made[0].name + ".queued").exists()


def test_a_queued_pdf_shows_a_waiting_page(
    sample_bundle, make_user, client, login_as, monkeypatch
):
    queued = []
    monkeypatch.setattr(report_module, "INLINE_ITEMS", 1)
    monkeypatch.setattr(report_module, "enqueue", lambda *a: queued.append(a))
    switch(login_as, make_user(Role.COORDINATOR))
    response = get(client, f"/export/bundel/{sample_bundle.id}/rapport.pdf")
    assert response.status_code == 202
    assert "Het rapport wordt gemaakt" in response.text
    # No meta refresh: a live region that static/js/progress.js updates from
    # the state page, and a link that asks for the PDF again without script.
    assert 'http-equiv="refresh"' not in response.text
    state_url = f"/export/bundel/{sample_bundle.id}/rapport/stand"
    assert 'aria-live="polite"' in response.text
    assert f'data-poll="{state_url}"' in response.text
    assert "js/progress.js" in response.text
    assert f'href="/export/bundel/{sample_bundle.id}/rapport.pdf">Vernieuw nu' in (
        response.text
    )
    get(client, f"/export/bundel/{sample_bundle.id}/rapport.pdf")
    assert queued == [("report_pdf", sample_bundle.id)]  # queued once
    waiting = get(client, state_url)
    assert waiting.status_code == 200 and "data-poll" in waiting.text
    assert queued == [("report_pdf", sample_bundle.id)]  # still queued once


def test_the_state_page_says_when_the_pdf_is_ready(
    sample_bundle, make_user, client, login_as, monkeypatch, tmp_path
):
    monkeypatch.setattr(report_module, "INLINE_ITEMS", 1)
    monkeypatch.setattr(report_module, "enqueue", lambda *a: None)
    switch(login_as, make_user(Role.COORDINATOR))
    get(client, f"/export/bundel/{sample_bundle.id}/rapport.pdf")
    path = report_module.report_path(sample_bundle)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7 made by the worker")
    ready = get(client, f"/export/bundel/{sample_bundle.id}/rapport/stand")
    assert ready.status_code == 200
    assert "Het rapport is klaar." in ready.text
    assert "data-poll" not in ready.text and "js/progress.js" not in ready.text
    assert f'href="/export/bundel/{sample_bundle.id}/rapport.pdf"' in ready.text


@pytest.mark.parametrize(
    "role, status, allowed",
    [
        (Role.COORDINATOR, BundleStatus.CLOSED, True),
        (Role.CITY, BundleStatus.CLOSED, False),
        (Role.WORKER, BundleStatus.CLOSED, False),
        (None, BundleStatus.CLOSED, False),
        (Role.CITY, BundleStatus.PUBLISHED, True),
        (Role.WORKER, BundleStatus.PUBLISHED, True),
        (Role.ADMIN, BundleStatus.PUBLISHED, True),
        # Without an account: the public pages (signalen/public) are the way.
        (None, BundleStatus.PUBLISHED, False),
    ],
)
def test_who_may_read_the_report(
    sample_bundle, make_user, client, login_as, db, role, status, allowed
):
    sample_bundle.status = status
    db.session.commit()
    if role is not None:
        switch(login_as, make_user(role))
    page = client.get(f"/export/bundel/{sample_bundle.id}/rapport")
    assert (page.status_code == 200) is allowed, page.status_code
    if not allowed:
        assert page.status_code == (302 if role is None else 404)


def test_report_html_renders_without_a_request_user(sample_bundle, app):
    with app.test_request_context():
        html = render_report_html(sample_bundle, NOW)
    assert sample_bundle.title in html
