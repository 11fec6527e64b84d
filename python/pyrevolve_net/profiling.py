"""Timings of a Revolver run, as pyrevolve's ``Profiler``: milliseconds and counts per (section, action)."""
from __future__ import annotations

import time
from collections import defaultdict
from typing import Iterator
from contextlib import contextmanager

__all__ = ["Profiler", "Timer"]


class Timer:
    """Context manager measuring elapsed wall time in milliseconds (``elapsed``)."""

    def __init__(self) -> None:
        self.start = 0.0
        self.elapsed = 0.0

    def __enter__(self) -> "Timer":
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.elapsed = (time.perf_counter() - self.start) * 1e3


class Profiler:
    """``timings[section][action]`` (ms, summed) and ``counts[section][action]``."""

    def __init__(self) -> None:
        self.timings: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    @contextmanager
    def get_timer(self, section: str, action: str) -> Iterator[Timer]:
        timer = Timer()
        with timer:
            yield timer
        self.increment(section, action, timer.elapsed)

    def increment(self, section: str, action: str, ms: float, count: int = 1) -> None:
        self.timings[section][action] += ms
        self.counts[section][action] += count

    def summary(self) -> str:
        lines = [f"{'section':<10} {'action':<12} {'count':>8} {'time (ms)':>12}"]
        for section, actions in self.timings.items():
            for action, ms in actions.items():
                lines.append(f"{section:<10} {action:<12} {self.counts[section][action]:>8} {ms:>12.2f}")
        return "\n".join(lines)

    def get_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for section, actions in self.timings.items():
            for action, ms in actions.items():
                out[f"{section}_{action}_timing"] = f"{ms:.2f}"
                out[f"{section}_{action}_counts"] = self.counts[section][action]
        return out
