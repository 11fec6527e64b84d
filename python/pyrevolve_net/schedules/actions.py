"""Checkpoint actions: small immutable records a driver dispatches on (e.g. with functools.singledispatch).

Text forms equal checkpoint_schedules' exactly (``Forward(0, sys.maxsize, False, True, StorageType.WORK)``).
Unlike the reference, actions compare equal by kind and arguments and are hashable.
"""
from __future__ import annotations

import sys
from typing import Any, Iterator

from .storage_type import StorageType

__all__ = ["CheckpointAction", "Forward", "Reverse", "Copy", "Move", "EndForward", "EndReverse"]


def _text(x: Any) -> str:
    if isinstance(x, int) and not isinstance(x, bool) and x == sys.maxsize:
        return "sys.maxsize"
    return repr(x)


class CheckpointAction:
    """Base of all actions: stores its positional arguments in ``args``."""

    __slots__ = ("args",)

    def __init__(self, *args: Any) -> None:
        self.args = args

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(_text(a) for a in self.args)})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.args == self.args  # type: ignore[attr-defined]

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.args))


class Forward(CheckpointAction):
    """Advance the forward from the start of step ``n0`` to the start of step ``n1``; store restart data
    (``write_ics``) and/or adjoint dependencies (``write_adj_deps``) in ``storage``."""

    __slots__ = ()

    def __init__(self, n0: int, n1: int, write_ics: bool, write_adj_deps: bool, storage: StorageType) -> None:
        self.args = (n0, n1, write_ics, write_adj_deps, storage)

    def __iter__(self) -> Iterator[int]:
        yield from range(self.args[0], self.args[1])

    def __len__(self) -> int:
        return self.args[1] - self.args[0]

    def __contains__(self, step: object) -> bool:
        return isinstance(step, int) and self.args[0] <= step < self.args[1]

    @property
    def n0(self) -> int:
        return self.args[0]

    @property
    def n1(self) -> int:
        return self.args[1]

    @property
    def write_ics(self) -> bool:
        return self.args[2]

    @property
    def write_adj_deps(self) -> bool:
        return self.args[3]

    @property
    def storage(self) -> StorageType:
        return self.args[4]


class Reverse(CheckpointAction):
    """Advance the adjoint from the start of step ``n1`` back to the start of step ``n0`` (larger step first)."""

    __slots__ = ()

    def __init__(self, n1: int, n0: int, clear_adj_deps: bool) -> None:
        self.args = (n1, n0, clear_adj_deps)

    def __iter__(self) -> Iterator[int]:
        yield from range(self.args[0] - 1, self.args[1] - 1, -1)

    def __len__(self) -> int:
        return self.args[0] - self.args[1]

    def __contains__(self, step: object) -> bool:
        return isinstance(step, int) and self.args[1] <= step < self.args[0]

    @property
    def n1(self) -> int:
        return self.args[0]

    @property
    def n0(self) -> int:
        return self.args[1]

    @property
    def clear_adj_deps(self) -> bool:
        return self.args[2]


class _Transfer(CheckpointAction):
    __slots__ = ()

    def __init__(self, n: int, from_storage: StorageType, to_storage: StorageType) -> None:
        self.args = (n, from_storage, to_storage)

    @property
    def n(self) -> int:
        return self.args[0]

    @property
    def from_storage(self) -> StorageType:
        return self.args[1]

    @property
    def to_storage(self) -> StorageType:
        return self.args[2]


class Copy(_Transfer):
    """Copy the checkpoint of step ``n`` from ``from_storage`` to ``to_storage``; the source stays."""

    __slots__ = ()


class Move(_Transfer):
    """Move the checkpoint of step ``n`` from ``from_storage`` to ``to_storage`` (its last use)."""

    __slots__ = ()


class EndForward(CheckpointAction):
    """The initial forward run is complete."""

    __slots__ = ()

    def __init__(self) -> None:
        self.args = ()


class EndReverse(CheckpointAction):
    """One complete adjoint run is complete."""

    __slots__ = ()

    def __init__(self) -> None:
        self.args = ()
