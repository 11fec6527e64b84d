"""Shared helpers for the Python tests: where the reference material is (../shared beside the checkout)."""
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


SHARED = shared_dir()


@pytest.fixture(scope="session")
def shared() -> Path:
    return SHARED
