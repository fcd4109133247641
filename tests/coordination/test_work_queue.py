"""The inbox as a work queue (issue 14, item 1): by default what needs action,
a worker's answer marked "nieuw antwoord", all signals one click away, counts
per status at the top."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from signalen.coordination.services import ask_question
from signalen.signals.services import answer_question


def test_inbox_defaults_to_what_needs_action(
    client, login_as, coordinator, make_signal, make_structural, db
):
    waiting = make_signal(title="Wacht op behandeling")
    asked = make_signal(title="Vraag staat open")
    answered = make_signal(title="Medewerker antwoordde")
    linked = make_signal(title="Al opgenomen")
    now = datetime.now(UTC)
    ask_question(asked, coordinator, "Welke wijk?", now)
    ask_question(answered, coordinator, "Hoeveel gezinnen?", now)
    db.session.commit()
    answer_question(answered, answered.author, "Een twintigtal.", now)
    db.session.commit()
    make_structural([linked])
    login_as(coordinator)

    page = client.get("/coordinatie/inbox").get_data(as_text=True)
    assert waiting.title in page and answered.title in page
    assert asked.title not in page and linked.title not in page
    # the answer is marked, the other row is not
    row = re.search(
        r"<tr[^>]*>(?:(?!</tr>).)*Medewerker antwoordde.*?</tr>", page, re.S
    )
    assert row and "nieuw antwoord" in row.group(0)
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Wacht op behandeling.*?</tr>", page, re.S)
    assert row and "nieuw antwoord" not in row.group(0)
    # counts per status at the top, each a link
    counts = page.split('class="state-counts"')[1].split("</nav>")[0]
    assert re.search(r'status=submitted"[^>]*>Te behandelen <strong>2</strong>', counts)
    assert re.search(r"Vraag gesteld <strong>1</strong>", counts)
    assert re.search(r"Opgenomen <strong>1</strong>", counts)
    assert re.search(r'status="[^>]*>Alle signalen <strong>4</strong>', counts)

    everything = client.get("/coordinatie/inbox?status=").get_data(as_text=True)
    for signal in (waiting, asked, answered, linked):
        assert signal.title in everything

    # once the coordinator acts, the mark goes
    ask_question(answered, coordinator, "En welke wijk?", now)
    db.session.commit()
    page = client.get("/coordinatie/inbox?status=question").get_data(as_text=True)
    assert answered.title in page and "nieuw antwoord" not in page
