"""Reading the golden schedule traces and driving schedules the way the reference generator did."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import checkpoint_schedules as cs
from conftest import SHARED

CLASSES = [
    "NoneCheckpointSchedule", "SingleMemoryStorageSchedule", "SingleDiskStorageSchedule", "Revolve",
    "DiskRevolve", "PeriodicDiskRevolve", "HRevolve", "MultistageCheckpointSchedule",
    "MixedCheckpointSchedule", "TwoLevelCheckpointSchedule",
]


@lru_cache(maxsize=None)
def cases(class_name: str) -> list[dict[str, Any]]:
    path = Path(SHARED) / "golden" / "schedules" / f"{class_name}.json"
    return json.loads(path.read_text())["cases"]


def decode(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("StorageType."):
        return cs.StorageType[value.split(".", 1)[1]]
    return value


def build(case: dict[str, Any]) -> Any:
    cls = getattr(cs, case["class"])
    return cls(*[decode(a) for a in case["args"]], **{k: decode(v) for k, v in case["kwargs"].items()})


def drive(schedule: Any, max_n: int, end_reverses: int) -> list[tuple[str, int, int]]:
    """The README's driver protocol: finalize(max_n) after a Forward reaching max_n; stop at EndForward for
    NoneCheckpointSchedule, else after ``end_reverses`` EndReverse actions."""
    trace = []
    seen = 0
    for action in schedule:
        if isinstance(action, cs.Forward) and min(action.n1, max_n) == max_n:
            schedule.finalize(max_n)
        trace.append((str(action), schedule.n, schedule.r))
        if isinstance(action, cs.EndForward) and isinstance(schedule, cs.NoneCheckpointSchedule):
            break
        if isinstance(action, cs.EndReverse):
            seen += 1
            if seen == end_reverses:
                break
    return trace
