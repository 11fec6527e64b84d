"""Shared helpers for the Python tests: where the reference material is, and which schedule classes the
native core in this build implements."""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@cache
def shared_dir() -> Path:
    """The shared/ reference folder: $PYREVOLVE_NET_SHARED, else the nearest ``shared`` beside the checkout or
    one of its parents (../shared for the main checkout, ../../shared for a worktree under wt/)."""
    env = os.environ.get("PYREVOLVE_NET_SHARED")
    candidates = [Path(env)] if env else [p / "shared" for p in ROOT.parents]
    for c in candidates:
        if (c / "golden" / "schedules").is_dir() and (c / "seeds").is_dir():
            return c
    raise FileNotFoundError(f"the shared reference folder was not found (tried {candidates[0]}); set PYREVOLVE_NET_SHARED")


@cache
def native_missing(class_name: str) -> str | None:
    """Why ``class_name`` cannot run in this build (its C# side is still a stub), or None when it runs."""
    from pyrevolve_net import NativeError, schedules

    args = {"Revolve": (3, 1), "DiskRevolve": (3, 1), "PeriodicDiskRevolve": (3, 1), "HRevolve": (3, 1, 1),
            "MultistageCheckpointSchedule": (3, 1, 1), "MixedCheckpointSchedule": (3, 1),
            "TwoLevelCheckpointSchedule": (2, 1)}.get(class_name, ())
    try:
        next(getattr(schedules, class_name)(*args))
    except NativeError as e:
        if "NotImplementedException" in str(e):
            return f"{class_name} is not implemented in this build's C# core (stub; lands with the schedule merge)"
        raise
    return None


def require_native(*class_names: str) -> None:
    """Skips the calling test when one of ``class_names`` is still a stub in the native core."""
    for name in class_names:
        reason = native_missing(name)
        if reason:
            pytest.skip(reason)
