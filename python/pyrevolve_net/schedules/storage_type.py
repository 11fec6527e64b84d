"""Where checkpoint data lives (checkpoint_schedules' ``StorageType``)."""
from __future__ import annotations

from enum import Enum

__all__ = ["StorageType"]


class StorageType(Enum):
    """``RAM`` (0) and ``DISK`` (1) hold checkpoints; ``WORK`` (-1) is the working location the forward and
    adjoint use directly; ``NONE`` (None) stores nothing. Data in RAM/DISK is first copied or moved to WORK."""

    RAM = 0
    DISK = 1
    WORK = -1
    NONE = None

    def __repr__(self) -> str:
        return f"StorageType.{self.name}"

    __str__ = __repr__


# Codes used across the C ABI (src/Core/Schedules/StorageType.cs): NONE is 2 there.
_TO_CODE = {StorageType.RAM: 0, StorageType.DISK: 1, StorageType.WORK: -1, StorageType.NONE: 2}
_FROM_CODE = {v: k for k, v in _TO_CODE.items()}


def to_code(storage: StorageType, name: str = "storage") -> int:
    if not isinstance(storage, StorageType):
        raise TypeError(f"{name} must be a StorageType, not {type(storage).__name__}")
    return _TO_CODE[storage]


def from_code(code: int) -> StorageType:
    return _FROM_CODE[code]
