"""Every table region that can scroll is reachable by keyboard (issue 14, item 8).

A wrapper that scrolls (a class the stylesheet gives overflow auto or scroll)
needs tabindex="0", role="region" and a Dutch aria-label, or keyboard users
cannot scroll it. The shared macro _macros/tables.html does that; this test
reads every template, so a new table without it fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
CSS = ROOT / "static" / "css" / "signalen.css"

# Tables that never sit in a scrolling region, and why.
BARE_TABLES = {
    # The report is laid out for paper (PDF and print): fixed widths, no scrolling.
    "exports/report.html",
}

JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
START_TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s[^<>]*)?>", re.S)
CALL = re.compile(
    r"\{%-?\s*call\s+table_region\((?P<args>(?:(?!%\}).)*)\)\s*-?%\}\s*$", re.S
)


def scrolling_classes() -> set[str]:
    """Class names the stylesheet lets scroll (overflow, overflow-x/-y)."""
    found = set()
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", CSS.read_text()):
        if re.search(r"overflow(-[xy])?\s*:\s*(auto|scroll)", body):
            for selector in selectors.split(","):
                found.update(re.findall(r"\.([\w-]+)\s*$", selector.strip()))
    return found


def templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def name(path: Path) -> str:
    if TEMPLATES in path.parents:
        return path.relative_to(TEMPLATES).as_posix()
    return path.name


def classes(attributes: str) -> set[str]:
    match = re.search(r'\bclass="([^"]*)"', attributes)
    return set(match.group(1).split()) if match else set()


def keyboard_region(attributes: str) -> bool:
    return (
        re.search(r'\btabindex="0"', attributes) is not None
        and re.search(r'\brole="region"', attributes) is not None
        and re.search(r'\baria-label="[^"]*\S[^"]*"', attributes) is not None
    )


def source(path: Path) -> str:
    return JINJA_COMMENT.sub("", path.read_text("utf-8"))


def without_jinja(text: str) -> str:
    """Jinja expressions as a plain word, so a tag's attributes parse."""
    return JINJA.sub(" jinja ", text)


def test_the_stylesheet_names_the_scrolling_wrappers():
    assert {"table-wrap", "table-scroll"} <= scrolling_classes()


def unreachable_wrappers(path: Path, scrolling: set[str]) -> list[str]:
    """The scrolling wrappers in a template that keyboards cannot reach."""
    text = without_jinja(source(path))
    return [
        f"{name(path)}: {match.group(0)}"
        for match in START_TAG.finditer(text)
        if classes(match.group(2) or "") & scrolling
        and not keyboard_region(match.group(2) or "")
    ]


def test_every_scrolling_wrapper_is_a_keyboard_region():
    scrolling = scrolling_classes()
    found = [
        bad for path in templates() for bad in unreachable_wrappers(path, scrolling)
    ]
    assert found == [], (
        'Use {% call table_region(_("…")) %} from _macros/tables.html for these'
    )


def test_every_table_sits_in_a_keyboard_region():
    checked = [path for path in templates() if name(path) not in BARE_TABLES]
    assert len(checked) > 100
    for path in checked:
        check_tables(path, scrolling_classes())


def check_tables(path: Path, scrolling: set[str]) -> None:
    """Each <table> of the template directly inside a keyboard region."""
    text = source(path)
    for match in re.finditer(r"<table\b", text):
        before = text[: match.start()].rstrip()
        call = CALL.search(before)
        if call:
            args = call.group("args")
            assert not args.startswith(("class", ")")), f"{name(path)}: no label"
            chosen = re.search(r'class="([^"]*)"', args)
            assert chosen is None or set(chosen.group(1).split()) & scrolling
            continue
        opening = START_TAG.search(without_jinja(before[before.rfind("<") :]))
        assert opening is not None and before.endswith(">"), (
            f"{name(path)}: a <table> outside a table region"
        )
        attributes = opening.group(2) or ""
        assert classes(attributes) & scrolling and keyboard_region(attributes), (
            f"{name(path)}: a <table> outside a table region; wrap it in "
            '{% call table_region(_("…")) %} from _macros/tables.html'
        )


def test_the_macro_makes_a_named_keyboard_region(app):
    template = app.jinja_env.from_string(
        '{% from "_macros/tables.html" import table_region %}'
        '{% call table_region("Deelnemers") %}<table></table>{% endcall %}'
        '{% call table_region("Breed", class="table-scroll") %}x{% endcall %}'
    )
    with app.test_request_context():
        html = template.render()
    regions = re.findall(r"<div[^>]*>", html)
    assert regions == [
        '<div class="table-wrap" role="region" tabindex="0" aria-label="Deelnemers">',
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Breed">',
    ]
    assert "<table></table>" in html


def test_this_test_catches_a_table_without_keyboard_access(tmp_path):
    bare = tmp_path / "bare.html"
    bare.write_text('<div class="table-wrap">\n<table></table>\n</div>')
    scrolling = scrolling_classes()
    assert unreachable_wrappers(bare, scrolling) == [
        'bare.html: <div class="table-wrap">'
    ]
    with pytest.raises(AssertionError):
        check_tables(bare, scrolling)
    loose = tmp_path / "loose.html"
    loose.write_text("<section>\n<table></table>\n</section>")
    with pytest.raises(AssertionError):
        check_tables(loose, scrolling)
    named = tmp_path / "named.html"
    named.write_text(
        '<div class="table-wrap" role="region" tabindex="0"'
        ' aria-label="{{ _("Deelnemers") }}">\n<table></table>\n</div>'
        '{% call table_region(_("Sleutels")) %}\n<table></table>{% endcall %}'
    )
    assert unreachable_wrappers(named, scrolling) == []
    check_tables(named, scrolling)
