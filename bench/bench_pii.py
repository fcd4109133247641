"""Benchmark for the personal-data detector (reports; always exits 0).

Run from the repository root:  .venv/bin/python bench/bench_pii.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO / "tests" / "data" / "pii_corpus.jsonl"
N_TEXTS = 5000
N_LONG = 2000
TARGET = 2000

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    sys.path.insert(0, {repo!r})
    t0 = time.perf_counter()
    import signalen  # parent package (Flask app factory etc.)
    t1 = time.perf_counter()
    import signalen.privacy
    from signalen.privacy import find_personal_data
    t2 = time.perf_counter()
    rss_import = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    texts = [json.loads(l)["text"] for l in open({corpus!r}, encoding="utf-8")
             if l.strip()]
    for t in texts:
        find_personal_data(t)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({{"import_total": t2 - t0, "import_parent": t1 - t0,
                      "import_privacy": t2 - t1, "rss_import_kb": rss_import,
                      "rss_after_kb": rss_after}}))
    """
)


def _child_stats() -> dict:
    code = CHILD.format(repo=str(REPO), corpus=str(CORPUS))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        print("bench child failed:", out.stderr.strip()[-500:])
        return {}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _throughput(fn, texts: list[str]) -> tuple[float, float]:
    """Best of 3 runs: (texts per CPU second of this process, texts per wall
    second). CPU time is the figure for "one core"; wall time also counts
    waiting for the CPU when other processes run on the machine."""
    best_cpu = best_wall = 0.0
    for _ in range(3):
        c0, w0 = time.process_time(), time.perf_counter()
        for t in texts:
            fn(t)
        c1, w1 = time.process_time(), time.perf_counter()
        best_cpu = max(best_cpu, len(texts) / max(c1 - c0, 1e-9))
        best_wall = max(best_wall, len(texts) / max(w1 - w0, 1e-9))
    return best_cpu, best_wall


def _line(name: str, texts: list[str], fn, floor, note: str) -> None:
    ours, ours_wall = _throughput(fn, texts)
    base, _ = _throughput(floor, texts)
    avg = sum(map(len, texts)) / len(texts)
    print(
        f"{name}: {ours:.0f} texts/s (floor {base:.0f} texts/s, ratio "
        f"{base / ours:.1f}x slower); target >= {TARGET} texts/s: "
        f"{'OK' if ours >= TARGET else 'TOO SLOW'}  [{len(texts)} {note}, avg "
        f"{avg:.0f} chars; CPU time of one core, wall {ours_wall:.0f} texts/s]"
    )


def main() -> int:
    stats = _child_stats()
    if stats:
        print(
            f"pii.import: {stats['import_total'] * 1000:.0f} ms total in a fresh "
            f"process (parent package signalen {stats['import_parent'] * 1000:.0f} ms"
            f", signalen.privacy itself {stats['import_privacy'] * 1000:.0f} ms); "
            f"target < 1000 ms: {'OK' if stats['import_total'] < 1 else 'TOO SLOW'}"
        )
        rss_i = stats["rss_import_kb"] / 1024
        rss_a = stats["rss_after_kb"] / 1024
        print(
            f"pii.peak_rss: {rss_i:.1f} MB after import, {rss_a:.1f} MB after "
            f"checking the corpus; target < 100 MB: "
            f"{'OK' if rss_a < 100 else 'TOO HIGH'}"
        )

    from signalen.privacy.detector import EMAIL_RE, find_personal_data

    rows = [
        json.loads(line)["text"]
        for line in CORPUS.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]

    def floor(t: str) -> None:
        # the floor: one precompiled regex pass over the same text
        for _ in EMAIL_RE.finditer(t):
            pass

    # headline: typical signals of 300-800 characters (the corpus's long,
    # realistic texts, with and without personal data)
    long_rows = [t for t in rows if 300 <= len(t) <= 800]
    long_texts = (long_rows * (N_LONG // len(long_rows) + 1))[:N_LONG]
    _line(
        "pii.throughput",
        long_texts,
        find_personal_data,
        floor,
        "texts of 300-800 chars",
    )
    short = [t for t in rows if len(t) < 300]
    short_texts = (short * (N_TEXTS // len(short) + 1))[:N_TEXTS]
    _line(
        "pii.throughput_short",
        short_texts,
        find_personal_data,
        floor,
        "short corpus texts",
    )
    _scaling(rows, find_personal_data)
    _check_process(long_texts)
    _dev_figures()
    return 0


def _check_process(texts: list[str]) -> None:
    """`pii-check` in a process of its own: start-up, reading the JSON lines
    and writing the answers counted (CPU time of the child process)."""
    import resource

    code = (
        f"import sys; sys.path.insert(0, {str(REPO)!r})\n"
        "from signalen.privacy.cli import pii_check_command\n"
        "pii_check_command.main(args=[], standalone_mode=False)\n"
    )
    lines = "".join(
        json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], input=lines, capture_output=True, text=True
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    answers = len(out.stdout.splitlines())
    rate = answers / cpu if cpu else 0.0
    print(
        f"pii.check_process: {rate:.0f} texts/s ({answers} texts of 300-800 chars "
        f"through `pii-check` in its own process, start-up included; CPU "
        f"{cpu:.2f} s, wall {wall:.2f} s, peak RSS {after.ru_maxrss / 1024:.1f} MB "
        f"of the largest child); target >= {TARGET} texts/s: "
        f"{'OK' if rate >= TARGET and answers == len(texts) else 'TOO SLOW'}"
    )


def _dev_figures() -> None:
    """Recall on the hand-written development texts, tune and held-out half."""
    from signalen.privacy.evaluate import evaluate, load_marked

    dev = REPO / "tests" / "data" / "pii_dev_texts.txt"
    for split, label in (("t", "tune"), ("h", "held-out")):
        rows = load_marked(dev, split)
        pii = [
            dict(r, spans=[g for g in r["spans"] if g["type"] != "INDIRECT"])
            for r in rows
        ]
        res = evaluate(pii)
        strict = min(res.recall(t) for t in ("NATIONAL_ID", "IBAN", "PHONE", "EMAIL"))
        print(
            f"pii.dev[{label}]: recall {res.recall():.3f} overall, NAME "
            f"{res.recall('NAME'):.3f}, strict types {strict:.3f}; clean texts "
            f"with a finding {res.n_clean_flagged}/{res.n_clean} "
            f"({res.false_alarm_rate:.1%}); {len(rows)} texts"
        )


def _per_char(fn, texts: list[str]) -> float:
    """Best of 3: CPU seconds per character of fn over the texts."""
    best = float("inf")
    for _ in range(3):
        c0 = time.process_time()
        for text in texts:
            fn(text)
        best = min(best, time.process_time() - c0)
    return best / sum(map(len, texts))


def _scaling(rows: list[str], fn) -> None:
    """Time per character on one long text against the floor measured in the
    same run: the same characters checked in pieces of 1,000 characters.
    About 1x means the work grows linearly with the text length."""
    clean = " ".join(
        t for t in rows if len(t) >= 300 and not any(c.isdigit() for c in t)
    )
    kinds = {
        "clean paragraphs": clean,
        "corpus texts": "\n\n".join(t for t in rows if len(t) >= 300),
        "initials": "J. ",
        "names per line": "Jan Peeters\n",
        "placeholders": "[naam] ",
        "streets": "Sleepstraat 12, ",
        "file numbers": "dossier 12345 ",
    }
    for name, unit in kinds.items():
        ratios = []
        for size in (20_000, 40_000, 80_000):
            text = (unit * (size // len(unit) + 1))[:size]
            pieces = [text[i : i + 1_000] for i in range(0, size, 1_000)]
            base = _per_char(fn, pieces)
            ratios.append(f"{size // 1000}k {_per_char(fn, [text]) / base:.1f}x")
        worst = max(float(r.split()[1][:-1]) for r in ratios)
        print(
            f"pii.scaling[{name}]: time per char, one long text vs the same "
            f"text in 1k pieces ({base * 1e6:.2f} us/char): {', '.join(ratios)}; "
            f"target about 1x (< 2x): {'OK' if worst < 2 else 'NOT LINEAR'}"
        )


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # report, never fail
        print(f"pii bench error: {exc!r}")
    sys.exit(0)
