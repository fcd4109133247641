"""Tests for the `pii-check` click command."""

from __future__ import annotations

import json

from click.testing import CliRunner

from signalen.privacy.cli import pii_check_command


def _run(stdin: str):
    runner = CliRunner()
    return runner.invoke(pii_check_command, [], input=stdin)


def test_order_one_line_per_input_and_offsets() -> None:
    texts = [
        "mevrouw De Smet belde 0470 12 34 56",
        "Het CAW in Ledeberg is dicht op maandag.",
        "mail fatima@telenet.be of Sleepstraat 12",
    ]
    stdin = "".join(
        json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)
    )
    res = _run(stdin)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert len(lines) == len(texts)
    out = [json.loads(line) for line in lines]
    assert [[d["type"] for d in o] for o in out] == [
        ["NAME", "PHONE"],
        [],
        ["EMAIL", "ADDRESS"],
    ]
    for _text, findings in zip(texts, out, strict=False):
        for d in findings:
            assert set(d) == {"start", "end", "type"}
    assert texts[0][out[0][1]["start"] : out[0][1]["end"]] == "0470 12 34 56"
    assert texts[2][out[2][0]["start"] : out[2][0]["end"]] == "fatima@telenet.be"


def test_blank_and_malformed_lines() -> None:
    stdin = (
        '{"id": 1, "text": "dossier 88123"}\n'
        "\n"
        "   \n"
        "this is not json\n"
        '{"id": 3}\n'
        '["a list"]\n'
        '{"id": 4, "text": "geen persoonsgegevens"}\n'
    )
    res = _run(stdin)
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines == [
        '[{"start": 8, "end": 13, "type": "FILE_NUMBER"}]',
        "[]",
        "[]",
        "[]",
        "[]",
    ]
    assert "line 4" in res.stderr
    assert "line 5" in res.stderr


def test_unicode_offsets_are_python_indices() -> None:
    text = "cliënte Öztürk – bel 0470 12 34 56 😀 of mevrouw Şahin"
    res = _run(json.dumps({"id": "u", "text": text}, ensure_ascii=True) + "\n")
    out = json.loads(res.stdout)
    spans = {text[d["start"] : d["end"]]: d["type"] for d in out}
    assert spans.get("0470 12 34 56") == "PHONE"
    assert spans.get("Şahin") == "NAME"


def test_command_name() -> None:
    assert pii_check_command.name == "pii-check"
