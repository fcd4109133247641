"""Structured logs: JSON lines, with no signal text, search term or password."""

import json
import logging

from signalen.logs import JsonFormatter
from tests.conftest import TEST_PASSWORD


def capture(caplog_records):
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog_records]


def test_requests_are_logged_as_json_without_text_or_secrets(
    client, make_user, themes, caplog
):
    user = make_user()
    secret_text = "Gezinnen in de Brugse Poort betalen 900 euro huur."
    with caplog.at_level(logging.INFO, logger="signalen"):
        client.post(
            "/account/aanmelden",
            data={"email": user.email, "password": TEST_PASSWORD},
        )
        client.post(
            "/signalen/nieuw",
            data={
                "title": "Huurprijzen te hoog",
                "description": secret_text,
                "themes": [str(themes["wonen"].id)],
                "intent": "submit",
            },
        )
        client.get("/signalen/mijn", query_string={"q": "zoekterm-geheim"})
    lines = capture(caplog.records)
    requests = [line for line in lines if line["logger"] == "signalen.request"]
    assert {(r["method"], r["path"]) for r in requests} >= {
        ("POST", "/account/aanmelden"),
        ("POST", "/signalen/nieuw"),
        ("GET", "/signalen/mijn"),
    }
    assert all(isinstance(r["ms"], float) and r["status"] for r in requests)
    assert requests[-1]["user"] == str(user.id)
    everything = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    for secret in (secret_text, TEST_PASSWORD, "zoekterm-geheim", "Huurprijzen"):
        assert secret not in everything


def test_an_exception_is_logged_by_type_not_by_message():
    data = "Jan Peeters, Kerkstraat 12"  # what was being handled
    try:
        raise ValueError(data)
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, "f", 1, "failed", (), None)
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["error"] == "ValueError"
    assert "Peeters" not in json.dumps(line)
