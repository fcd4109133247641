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


def _throughput(fn, texts: list[str]) -> float:
    best = 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        dt = time.perf_counter() - t0
        best = max(best, len(texts) / dt)
    return best


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

    from signalen.privacy.detector import _EMAIL_RE, find_personal_data

    rows = [
        json.loads(line)["text"]
        for line in CORPUS.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    texts = (rows * (N_TEXTS // len(rows) + 1))[:N_TEXTS]
    avg = sum(map(len, texts)) / len(texts)

    def floor(t: str) -> None:
        for _ in _EMAIL_RE.finditer(t):
            pass

    ours = _throughput(find_personal_data, texts)
    base = _throughput(floor, texts)
    print(
        f"pii.throughput: {ours:.0f} texts/s (floor {base:.0f} texts/s, ratio "
        f"{base / ours:.1f}x slower); target >= {TARGET} texts/s: "
        f"{'OK' if ours >= TARGET else 'TOO SLOW'}  [{len(texts)} corpus texts, "
        f"avg {avg:.0f} chars]"
    )
    # typical long signal: corpus texts glued to 300-800 characters
    long_texts: list[str] = []
    buf = ""
    for t in texts:
        buf = f"{buf} {t}" if buf else t
        if len(buf) >= 300:
            long_texts.append(buf[:800])
            buf = ""
    long_texts = long_texts[:2000]
    avg_l = sum(map(len, long_texts)) / len(long_texts)
    ours_l = _throughput(find_personal_data, long_texts)
    base_l = _throughput(floor, long_texts)
    print(
        f"pii.throughput_long: {ours_l:.0f} texts/s (floor {base_l:.0f} texts/s, "
        f"ratio {base_l / ours_l:.1f}x slower); target >= {TARGET} texts/s: "
        f"{'OK' if ours_l >= TARGET else 'TOO SLOW'}  [{len(long_texts)} texts, "
        f"avg {avg_l:.0f} chars]"
    )
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # report, never fail
        print(f"pii bench error: {exc!r}")
    sys.exit(0)
