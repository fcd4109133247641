"""Evaluation of the personal-data detector against a labelled corpus.

Corpus format (JSON lines): {"id": ..., "text": ..., "spans": [{"start", "end",
"type"}, ...]}. A gold span counts as found when a finding (of the same type,
or of any type for the type-agnostic figure) overlaps it by at least 50% of the
gold span's length.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from signalen.privacy.detector import TYPES, Finding, find_personal_data

MIN_OVERLAP = 0.5


@dataclass
class EvalResult:
    gold: dict[str, int] = field(default_factory=dict)
    found_typed: dict[str, int] = field(default_factory=dict)
    found_any: dict[str, int] = field(default_factory=dict)
    n_texts: int = 0
    n_clean: int = 0
    n_clean_flagged: int = 0
    n_findings: int = 0
    n_spurious: int = 0  # findings overlapping no gold span at all
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)

    def recall(self, typ: str | None = None, typed: bool = True) -> float:
        found = self.found_typed if typed else self.found_any
        if typ is None:
            g = sum(self.gold.values())
            f = sum(found.values())
        else:
            g = self.gold.get(typ, 0)
            f = found.get(typ, 0)
        return f / g if g else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.n_clean_flagged / self.n_clean if self.n_clean else 0.0

    @property
    def precision(self) -> float:
        if not self.n_findings:
            return 1.0
        return 1 - self.n_spurious / self.n_findings

    def table(self) -> str:
        lines = [f"{'type':<12} {'gold':>5} {'recall':>7} {'any-type':>9}"]
        for typ in TYPES:
            if self.gold.get(typ):
                lines.append(
                    f"{typ:<12} {self.gold[typ]:>5} {self.recall(typ):>7.3f} "
                    f"{self.recall(typ, typed=False):>9.3f}"
                )
        lines.append(
            f"{'OVERALL':<12} {sum(self.gold.values()):>5} {self.recall():>7.3f} "
            f"{self.recall(typed=False):>9.3f}"
        )
        lines.append(
            f"clean texts with any detection: {self.n_clean_flagged}/{self.n_clean}"
            f" = {self.false_alarm_rate:.1%}"
        )
        lines.append(
            f"findings not overlapping any gold span: {self.n_spurious}/"
            f"{self.n_findings} (precision {self.precision:.3f})"
        )
        return "\n".join(lines)


def load_corpus(path: str | Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def evaluate(
    rows: Iterable[dict],
    detector: Callable[[str], list[Finding]] = find_personal_data,
) -> EvalResult:
    res = EvalResult()
    for row in rows:
        text = row["text"]
        gold = row.get("spans", [])
        found = detector(text)
        res.n_texts += 1
        res.n_findings += len(found)
        if not gold:
            res.n_clean += 1
            if found:
                res.n_clean_flagged += 1
                for f in found:
                    res.false_alarms.append((row["id"], f.type, f.text))
        for g in gold:
            typ = g["type"]
            glen = max(1, g["end"] - g["start"])
            res.gold[typ] = res.gold.get(typ, 0) + 1
            hit_typed = hit_any = False
            for f in found:
                ov = _overlap(g["start"], g["end"], f.start, f.end)
                if ov / glen >= MIN_OVERLAP:
                    hit_any = True
                    if f.type == typ:
                        hit_typed = True
            if hit_typed:
                res.found_typed[typ] = res.found_typed.get(typ, 0) + 1
            if hit_any:
                res.found_any[typ] = res.found_any.get(typ, 0) + 1
            if not hit_typed:
                res.misses.append((row["id"], typ, text[g["start"] : g["end"]]))
        for f in found:
            if gold and not any(
                _overlap(g["start"], g["end"], f.start, f.end) for g in gold
            ):
                res.n_spurious += 1
                res.false_alarms.append((row["id"], f.type, f.text))
            elif not gold:
                res.n_spurious += 1
    return res


_MARK_RE = re.compile(r"\{([A-Z_]+):([^{}]+)\}")


def parse_marked(text: str) -> tuple[str, list[dict]]:
    """A text with gold spans marked "{TYPE:value}" as (plain text, spans)."""
    parts: list[str] = []
    spans: list[dict] = []
    pos = 0
    size = 0
    for m in _MARK_RE.finditer(text):
        before = text[pos : m.start()]
        parts.append(before)
        size += len(before)
        value = m.group(2)
        spans.append({"start": size, "end": size + len(value), "type": m.group(1)})
        parts.append(value)
        size += len(value)
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts), spans


def load_marked(path: str | Path, split: str | None = None) -> list[dict]:
    """Rows of a marked development file ("<id> <split> <text>" per line);
    only the rows of one split ("t" tune, "h" held out) when split is given."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        row_id, row_split, marked = line.split(" ", 2)
        if split is not None and row_split != split:
            continue
        text, spans = parse_marked(marked)
        rows.append({"id": row_id, "split": row_split, "text": text, "spans": spans})
    return rows


_OFFICE_BEFORE_RE = re.compile(
    r"(?:schepen|burgemeester|minister|commissaris|gouverneur|staatssecretaris"
    r"|premier|gedeputeerde)[ ]+$",
    re.IGNORECASE,
)


def drop_officials(rows: Iterable[dict]) -> list[dict]:
    """The rows without gold names right after an office title ("schepen
    Goemaere"): since the second privacy pass a public official named with
    the title is no client's personal data (the generated corpus labels them)."""
    out = []
    for row in rows:
        text = row["text"]
        spans = [
            g
            for g in row.get("spans", [])
            if not (
                g["type"] == "NAME"
                and _OFFICE_BEFORE_RE.search(text, max(0, g["start"] - 25), g["start"])
            )
        ]
        out.append(dict(row, spans=spans))
    return out
