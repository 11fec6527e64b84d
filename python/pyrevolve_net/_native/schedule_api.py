"""ctypes bindings of ScheduleExports (src/Interop/ScheduleExports.cs). Layouts mirror ActionRecord.cs."""
from __future__ import annotations

import ctypes

import numpy as np

from . import Handle, check, function

# ActionRecord: 40 bytes, see src/Interop/ActionRecord.cs.
ACTION_DTYPE = np.dtype(
    [("n0", "<i8"), ("n1", "<i8"), ("n", "<i8"), ("r", "<i8"), ("type", "u1"), ("storage", "i1"),
     ("to", "i1"), ("flags", "u1"), ("pad", "<i4")]
)
assert ACTION_DTYPE.itemsize == 40

WRITE_ICS, WRITE_ADJ_DEPS, CLEAR_ADJ_DEPS, EXHAUSTED = 1, 2, 4, 8

# Schedule kinds: src/Interop/ScheduleKind.cs.
KIND = {
    "NoneCheckpointSchedule": 0,
    "SingleMemoryStorageSchedule": 1,
    "SingleDiskStorageSchedule": 2,
    "Revolve": 3,
    "MultistageCheckpointSchedule": 4,
    "DiskRevolve": 5,
    "PeriodicDiskRevolve": 6,
    "HRevolve": 7,
    "MixedCheckpointSchedule": 8,
    "TwoLevelCheckpointSchedule": 9,
}


class ScheduleState(ctypes.Structure):
    _fields_ = [("n", ctypes.c_int64), ("r", ctypes.c_int64), ("max_n", ctypes.c_int64),
                ("is_exhausted", ctypes.c_int32), ("is_online", ctypes.c_int32),
                ("allows_repeated_adjoint", ctypes.c_int32), ("is_running", ctypes.c_int32)]


class ScheduleCost(ctypes.Structure):
    _fields_ = [(name, ctypes.c_int64) for name in (
        "steps", "forward_steps", "reverse_steps", "peak_ram_checkpoints", "peak_disk_checkpoints",
        "peak_work_units", "ram_writes", "disk_writes", "ram_reads", "disk_reads", "actions")]


_P = ctypes.c_void_p
_I64 = ctypes.c_int64
_I32 = ctypes.c_int32


def create(kind: str, ints: list[int], reals: list[float]) -> Handle:
    i = (ctypes.c_int64 * max(1, len(ints)))(*ints)
    d = (ctypes.c_double * max(1, len(reals)))(*reals)
    out = ctypes.c_int64()
    f = function("ScheduleExports", "ScheduleCreate", (_I32, _P, _I32, _P, _I32, _P))
    check(f(KIND[kind], ctypes.addressof(i), len(ints), ctypes.addressof(d), len(reals), ctypes.addressof(out)))
    return Handle(out.value)


def next_batch(handle: Handle, buffer: np.ndarray) -> int:
    """Fills ``buffer`` (ACTION_DTYPE) with the next actions; returns how many (0: the stream ended)."""
    count = ctypes.c_int32()
    f = function("ScheduleExports", "ScheduleNext", (_I64, _P, _I32, _P))
    check(f(handle.value, buffer.ctypes.data, len(buffer), ctypes.addressof(count)))
    return count.value


def finalize(handle: Handle, n: int) -> None:
    check(function("ScheduleExports", "ScheduleFinalize", (_I64, _I64))(handle.value, n))


def state(handle: Handle) -> ScheduleState:
    s = ScheduleState()
    check(function("ScheduleExports", "ScheduleGetState", (_I64, _P))(handle.value, ctypes.addressof(s)))
    return s


def uses_storage_type(handle: Handle, storage: int) -> bool:
    out = ctypes.c_int32()
    f = function("ScheduleExports", "ScheduleUsesStorageType", (_I64, _I32, _P))
    check(f(handle.value, storage, ctypes.addressof(out)))
    return bool(out.value)


def analyze(handle: Handle, steps: int) -> ScheduleCost:
    c = ScheduleCost()
    check(function("ScheduleExports", "ScheduleAnalyze", (_I64, _I64, _P))(handle.value, steps, ctypes.addressof(c)))
    return c
