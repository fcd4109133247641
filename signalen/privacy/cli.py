"""`flask pii-check`: detect personal data in JSON lines read from stdin.

Input: one JSON object per line, {"id": ..., "text": ...}.
Output: for every non-blank input line, in order, exactly one line on stdout:
a JSON list [{"start": s, "end": e, "type": "NAME"}, ...]. Malformed lines give
`[]` on stdout and a warning on stderr. Output is flushed per line.
"""

from __future__ import annotations

import json
import sys

import click

from signalen.privacy.detector import find_personal_data


def _check_lines() -> None:
    stdin = sys.stdin
    stdout = sys.stdout
    lineno = 0
    while True:
        line = stdin.readline()
        if not line:
            break
        lineno += 1
        if not line.strip():
            continue
        result: list[dict] = []
        try:
            obj = json.loads(line)
            text = obj.get("text") if isinstance(obj, dict) else None
            if not isinstance(text, str):
                raise ValueError('missing string field "text"')
        except (ValueError, TypeError) as exc:
            click.echo(f"pii-check: line {lineno}: ignored ({exc})", err=True)
        else:
            result = [
                {"start": f.start, "end": f.end, "type": f.type}
                for f in find_personal_data(text)
            ]
        stdout.write(json.dumps(result) + "\n")
        stdout.flush()


def _pii_check() -> None:
    """Detect personal data in JSON lines {"id", "text"} read from stdin."""
    try:
        _check_lines()
    except BrokenPipeError:  # pragma: no cover - downstream closed the pipe
        sys.stderr.close()


pii_check_command = click.command("pii-check")(_pii_check)
