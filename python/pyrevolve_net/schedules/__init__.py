"""Checkpointing schedules: a drop-in for checkpoint_schedules 1.0.4, computed by the C# core."""
from .actions import CheckpointAction, Copy, EndForward, EndReverse, Forward, Move, Reverse
from .classes import (
    DiskRevolve,
    HRevolve,
    MixedCheckpointSchedule,
    MultistageCheckpointSchedule,
    NoneCheckpointSchedule,
    PeriodicDiskRevolve,
    Revolve,
    SingleDiskStorageSchedule,
    SingleMemoryStorageSchedule,
    TwoLevelCheckpointSchedule,
)
from .schedule import CheckpointSchedule
from .storage_type import StorageType

__all__ = [
    "CheckpointAction",
    "Forward",
    "Reverse",
    "Copy",
    "Move",
    "EndForward",
    "EndReverse",
    "CheckpointSchedule",
    "StorageType",
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
