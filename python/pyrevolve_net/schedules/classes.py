"""The ten schedule classes of checkpoint_schedules 1.0.4, computed by the C# core.

Same names, parameters, defaults and behaviour as the reference (see docs/compatibility.md for the places
where the reference is wrong and these do the right thing).
"""
from __future__ import annotations

from typing import Any

from .schedule import NativeSchedule, as_cost, as_int
from .storage_type import StorageType, to_code

__all__ = [
    "NoneCheckpointSchedule",
    "SingleMemoryStorageSchedule",
    "SingleDiskStorageSchedule",
    "Revolve",
    "DiskRevolve",
    "PeriodicDiskRevolve",
    "HRevolve",
    "MultistageCheckpointSchedule",
    "MixedCheckpointSchedule",
    "TwoLevelCheckpointSchedule",
]

_TRAJECTORIES = {"maximum": 0, "revolve": 1}


def _trajectory(name: str, value: Any) -> int:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be 'maximum' or 'revolve', not {type(value).__name__}")
    if value not in _TRAJECTORIES:
        raise ValueError(f"{name} must be 'maximum' or 'revolve', got {value!r}")
    return _TRAJECTORIES[value]


def _checkpoint_storage(name: str, value: Any) -> int:
    code = to_code(value, name)
    if value not in (StorageType.RAM, StorageType.DISK):
        raise ValueError(f"{name} must be StorageType.RAM or StorageType.DISK, got {value!r}")
    return code


def _costs(uf: Any, ub: Any, wd: Any, rd: Any) -> list[float]:
    return [as_cost("uf", uf), as_cost("ub", ub), as_cost("wd", wd), as_cost("rd", rd)]


class NoneCheckpointSchedule(NativeSchedule):
    """A forward run only: nothing is stored and no adjoint is possible. Online."""

    def __init__(self) -> None:
        self._create("NoneCheckpointSchedule", [], [], None)


class SingleMemoryStorageSchedule(NativeSchedule):
    """Every step's adjoint dependencies kept in working memory; any number of adjoint runs. Online."""

    def __init__(self) -> None:
        self._create("SingleMemoryStorageSchedule", [], [], None)


class SingleDiskStorageSchedule(NativeSchedule):
    """Every step's adjoint dependencies stored on disk. Online. With ``move_data`` a single adjoint run
    (data moved, not copied), otherwise any number of adjoint runs."""

    def __init__(self, move_data: bool = False) -> None:
        if not isinstance(move_data, bool):
            raise TypeError(f"move_data must be a bool, not {type(move_data).__name__}")
        self._move_data = move_data
        self._create("SingleDiskStorageSchedule", [int(move_data)], [], None)


class _RevolveFamily(NativeSchedule):
    _kind = ""

    def __init__(self, max_n: int, snapshots_in_ram: int, uf: float = 1, ub: float = 1, wd: float = 2, rd: float = 2) -> None:
        max_n = as_int("max_n", max_n)
        snapshots_in_ram = as_int("snapshots_in_ram", snapshots_in_ram)
        self._snapshots_in_ram = snapshots_in_ram
        self._create(self._kind, [max_n, snapshots_in_ram], _costs(uf, ub, wd, rd), max_n)


class Revolve(_RevolveFamily):
    """Binomial checkpointing in RAM (Griewank and Walther), offline: ``max_n`` steps, ``snapshots_in_ram``
    checkpoints. ``uf``, ``ub``, ``wd``, ``rd``: costs of a forward step, an adjoint step, a disk write and a
    disk read."""

    _kind = "Revolve"


class DiskRevolve(_RevolveFamily):
    """Two-level checkpointing, RAM plus as many disk checkpoints as the algorithm chooses (Aupy et al.)."""

    _kind = "DiskRevolve"


class PeriodicDiskRevolve(_RevolveFamily):
    """Two-level checkpointing with disk checkpoints at a fixed period (Aupy and Herrmann)."""

    _kind = "PeriodicDiskRevolve"


class HRevolve(NativeSchedule):
    """H-Revolve (Herrmann and Pallez): optimal two-level checkpointing with ``snapshots_in_ram`` RAM and
    ``snapshots_on_disk`` disk checkpoints."""

    def __init__(self, max_n: int, snapshots_in_ram: int, snapshots_on_disk: int, uf: float = 1, ub: float = 1,
                 wd: float = 2, rd: float = 2) -> None:
        max_n = as_int("max_n", max_n)
        ram = as_int("snapshots_in_ram", snapshots_in_ram)
        disk = as_int("snapshots_on_disk", snapshots_on_disk)
        self._create("HRevolve", [max_n, ram, disk], _costs(uf, ub, wd, rd), max_n)


class MultistageCheckpointSchedule(NativeSchedule):
    """Binomial checkpointing with a RAM/disk placement of the checkpoints (Stumm and Walther)."""

    def __init__(self, max_n: int, snapshots_in_ram: int, snapshots_on_disk: int, *, trajectory: str = "maximum") -> None:
        max_n = as_int("max_n", max_n)
        ram = as_int("snapshots_in_ram", snapshots_in_ram)
        disk = as_int("snapshots_on_disk", snapshots_on_disk)
        self._create("MultistageCheckpointSchedule", [max_n, ram, disk, _trajectory("trajectory", trajectory)], [], max_n)


class MixedCheckpointSchedule(NativeSchedule):
    """Checkpoints that hold either restart data or one step of adjoint dependencies (Maddison)."""

    def __init__(self, max_n: int, snapshots: int, *, storage: StorageType = StorageType.DISK) -> None:
        max_n = as_int("max_n", max_n)
        snapshots = as_int("snapshots", snapshots)
        self._storage = storage
        self._create("MixedCheckpointSchedule", [max_n, snapshots, _checkpoint_storage("storage", storage)], [], max_n)


class TwoLevelCheckpointSchedule(NativeSchedule):
    """Disk checkpoints every ``period`` steps plus binomial checkpointing between them (Pringle et al.).
    Online; any number of adjoint runs."""

    def __init__(self, period: int, binomial_snapshots: int, *, binomial_storage: StorageType = StorageType.DISK,
                 binomial_trajectory: str = "maximum") -> None:
        period = as_int("period", period)
        snapshots = as_int("binomial_snapshots", binomial_snapshots)
        self._create("TwoLevelCheckpointSchedule", [period, snapshots,
                     _checkpoint_storage("binomial_storage", binomial_storage),
                     _trajectory("binomial_trajectory", binomial_trajectory)], [], None)
