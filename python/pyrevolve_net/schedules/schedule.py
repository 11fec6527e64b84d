"""The schedule protocol (checkpoint_schedules' ``CheckpointSchedule``) and its native-backed implementation.

A schedule is its own iterator: ``next(schedule)`` returns the next action, and ``n``/``r`` read right after
give the state after that action. Actions are produced by the C# core in batches (one bridge call per batch)
and turned into Python action objects one at a time as they are consumed.
"""
from __future__ import annotations

import math
import operator
from abc import ABC, abstractmethod
from typing import Any, Callable

import numpy as np

from .._native import schedule_api as api
from .actions import CheckpointAction, Copy, EndForward, EndReverse, Forward, Move, Reverse
from .storage_type import StorageType, from_code, to_code

__all__ = ["CheckpointSchedule"]

_INT64_MAX = 2**63 - 1


class CheckpointSchedule(ABC):
    """A checkpointing schedule: an iterator of :class:`CheckpointAction` objects.

    Properties: ``n`` (forward position), ``r`` (adjoint steps done in this pass), ``max_n`` (total steps, or
    None while an online schedule is not finalized), ``is_exhausted``, ``is_running``.
    """

    def __init__(self, max_n: int | None = None) -> None:
        if max_n is not None:
            max_n = as_int("max_n", max_n)
            if max_n < 1:
                raise ValueError("max_n must be positive")
        self._n = 0
        self._r = 0
        self._max_n = max_n

    def __iter__(self) -> "CheckpointSchedule":
        return self

    @abstractmethod
    def __next__(self) -> CheckpointAction: ...

    @property
    def n(self) -> int:
        return self._n

    @property
    def r(self) -> int:
        return self._r

    @property
    def max_n(self) -> int | None:
        return self._max_n

    @property
    @abstractmethod
    def is_exhausted(self) -> bool: ...

    @property
    def is_running(self) -> bool:
        return False

    @abstractmethod
    def uses_storage_type(self, storage_type: StorageType) -> bool: ...

    def finalize(self, n: int) -> None:
        """Tell the schedule the real number of forward steps (online schedules need it to end their forward)."""
        n = as_int("n", n)
        if n < 1:
            raise ValueError("n must be positive")
        if self._max_n is None:
            if self._n >= n:
                self._n = n
                self._max_n = n
            else:
                raise RuntimeError("Invalid checkpointing state")
        elif self._n != n or self._max_n != n:
            raise RuntimeError("Invalid checkpointing state")


def as_int(name: str, value: Any, *, minimum: int | None = None) -> int:
    """``value`` as an int (numpy integers accepted), or TypeError/ValueError naming ``name``."""
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    v = operator.index(value)
    if not -_INT64_MAX <= v <= _INT64_MAX:
        raise ValueError(f"{name} is out of range: {v}")
    if minimum is not None and v < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {v}")
    return v


def as_cost(name: str, value: Any) -> float:
    """A cost parameter: a finite real number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, not {type(value).__name__}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {v}")
    return v


_STORAGE = {code: from_code(code) for code in (-1, 0, 1, 2)}


def _forward(rec: tuple) -> Forward:
    f = rec[7]
    return Forward(rec[0], rec[1], bool(f & api.WRITE_ICS), bool(f & api.WRITE_ADJ_DEPS), _STORAGE[rec[5]])


_MAKE: list[Callable[[tuple], CheckpointAction]] = [
    _forward,
    lambda rec: Reverse(rec[1], rec[0], bool(rec[7] & api.CLEAR_ADJ_DEPS)),
    lambda rec: Copy(rec[0], _STORAGE[rec[5]], _STORAGE[rec[6]]),
    lambda rec: Move(rec[0], _STORAGE[rec[5]], _STORAGE[rec[6]]),
    lambda rec: EndForward(),
    lambda rec: EndReverse(),
]

_FIRST_BATCH = 32
_MAX_BATCH = 4096


class NativeSchedule(CheckpointSchedule):
    """A schedule computed by the C# core. Subclasses call ``_create(kind, ints, reals)`` in ``__init__``."""

    _handle: Any = None

    def _create(self, kind: str, ints: list[int], reals: list[float], max_n: int | None) -> None:
        self._handle = api.create(kind, ints, reals)
        self._n = 0
        self._r = 0
        self._max_n = max_n
        self._exhausted = False
        self._started = False
        self._batch: list[tuple] = []
        self._pos = 0
        self._capacity = _FIRST_BATCH
        self._ended = False

    def __next__(self) -> CheckpointAction:
        pos = self._pos
        batch = self._batch
        if pos >= len(batch):
            batch = self._refill()
            pos = 0
        rec = batch[pos]
        self._pos = pos + 1
        self._n = rec[2]
        self._r = rec[3]
        self._exhausted = bool(rec[7] & api.EXHAUSTED)
        return _MAKE[rec[4]](rec)

    def _refill(self) -> list[tuple]:
        if self._ended:
            raise StopIteration
        self._started = True
        buffer = np.empty(self._capacity, dtype=api.ACTION_DTYPE)
        count = api.next_batch(self._handle, buffer)
        if count == 0:
            self._ended = True
            raise StopIteration
        # Small first batches keep a loop that stops early cheap; long iterations amortise the bridge call.
        self._capacity = min(self._capacity * 4, _MAX_BATCH)
        self._batch = buffer[:count].tolist()
        self._pos = 0
        return self._batch

    @property
    def is_exhausted(self) -> bool:
        return self._exhausted

    @property
    def is_running(self) -> bool:
        return self._started

    def uses_storage_type(self, storage_type: StorageType) -> bool:
        return api.uses_storage_type(self._handle, to_code(storage_type, "storage_type"))

    def finalize(self, n: int) -> None:
        n = as_int("n", n)
        if n < 1:
            raise ValueError("n must be positive")
        if self._max_n is None:
            # Batches stop after each Forward of an unfinalized schedule, so the core is exactly where we are.
            api.finalize(self._handle, n)
            self._n = n
            self._max_n = n
        elif self._n != n or self._max_n != n:
            raise RuntimeError("Invalid checkpointing state")

    def _analyze(self, steps: int) -> api.ScheduleCost:
        """Runs this not yet iterated schedule through one adjoint pass in the core and returns its cost counts
        (used by :mod:`pyrevolve_net.planning`); the schedule is consumed."""
        if self._started:
            raise RuntimeError("a schedule can only be analyzed before it is iterated")
        self._started = self._ended = True
        return api.analyze(self._handle, as_int("steps", steps))

    def close(self) -> None:
        """Release the native schedule now (otherwise done when the object is garbage-collected)."""
        if self._handle is not None:
            self._handle.close()

    def __enter__(self) -> "NativeSchedule":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} n={self._n} r={self._r} max_n={self._max_n}>"

