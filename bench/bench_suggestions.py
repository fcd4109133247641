"""Benchmark for calibrated theme suggestions (reports; always exits 0).

Two figures, each as a ratio against a floor measured in the same run, each
measured thing in a process of its own:
- suggesting: the calibrated confidences per text, against the raw Naive Bayes
  scores of the same text (the floor: what suggesting cost before calibration);
- fitting: the cross-validated calibration at retraining, against training the
  model once on the same examples (the floor).

Run from the repository root:  .venv/bin/python bench/bench_suggestions.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "themes_corpus.jsonl"

CHILD = textwrap.dedent(
    """
    import json, random, sys, time
    sys.path.insert(0, {repo!r})
    from signalen.coordination import suggestions as s

    rows = [json.loads(x) for x in open({corpus!r}, encoding="utf-8") if x.strip()]
    examples = [(r["title"] + "\\n" + r["description"], r["themes"]) for r in rows]
    random.Random(1).shuffle(examples)
    payload = s.train(examples)
    texts = [text for text, _ in examples[:500]]
    what = {what!r}

    def run():
        if what == "suggest_floor":
            for text in texts:
                s.log_scores(payload, text)
        elif what == "suggest":
            for text in texts:
                s.predict(payload, text)
        elif what == "fit_floor":
            s.train(examples)
        else:
            s.fit_calibration(s.train, examples)

    run()  # warm the stemmer's cache, as a running server has
    best = min(
        (lambda t0: (run(), time.perf_counter() - t0)[1])(time.perf_counter())
        for _ in range(3)
    )
    print(json.dumps({{"seconds": best, "texts": len(texts),
                      "examples": len(examples)}}))
    """
)


def measure(what: str) -> dict:
    code = CHILD.format(repo=str(REPO), corpus=str(CORPUS), what=what)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        print(f"bench child {what} failed:", out.stderr.strip()[-500:])
        return {}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    floor, suggest = measure("suggest_floor"), measure("suggest")
    if floor and suggest:
        per_text = suggest["seconds"] / suggest["texts"] * 1000
        print(
            f"suggestions.suggest_ms_per_text: {per_text:.2f} ms calibrated; "
            f"{suggest['seconds'] / floor['seconds']:.2f}× the raw scores "
            f"({floor['seconds'] / floor['texts'] * 1000:.2f} ms)",
            flush=True,
        )
    fit_floor, fit = measure("fit_floor"), measure("fit")
    if fit_floor and fit:
        print(
            f"suggestions.fit_calibration_s: {fit['seconds']:.2f} s for "
            f"{fit['examples']} examples (at most 2,000 used); "
            f"{fit['seconds'] / fit_floor['seconds']:.1f}× training once "
            f"({fit_floor['seconds']:.2f} s)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
