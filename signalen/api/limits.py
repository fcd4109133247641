"""A fixed-window request counter per token, kept in the process.

Each token may make `limit` requests per window of `seconds`; the next one
gets 429 with Retry-After (the seconds until the window turns). The count is
kept per process: with several web workers a token may get up to that many
times the limit, which is enough to stop a runaway script (docs/visibility.md).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    remaining: int
    retry_after: int  # seconds until the window turns (0 when allowed)


class FixedWindow:
    """Count hits per key in windows that start at multiples of `seconds`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[object, tuple[int, int]] = {}  # key → (window, hits)

    def hit(self, key: object, now: float, limit: int, seconds: int) -> Verdict:
        """Count one request at `now` (seconds since the epoch)."""
        seconds = max(int(seconds), 1)
        window = int(now // seconds)
        with self._lock:
            current, hits = self._counts.get(key, (window, 0))
            if current != window:
                hits = 0
            if len(self._counts) > 10_000:  # many tokens: forget old windows
                self._counts = {k: v for k, v in self._counts.items() if v[0] == window}
            if hits >= limit:
                self._counts[key] = (window, hits)
                wait = math.ceil((window + 1) * seconds - now)
                return Verdict(False, 0, max(wait, 1))
            self._counts[key] = (window, hits + 1)
            return Verdict(True, limit - hits - 1, 0)

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
