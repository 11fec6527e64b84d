"""ctypes bindings of RevolverExports (src/Interop/RevolverExports.cs, RevolverRecords.cs)."""
from __future__ import annotations

import ctypes
from typing import Any

from . import CallbackGuard, Handle, check, function

_P = ctypes.c_void_p
_I64 = ctypes.c_int64
_I32 = ctypes.c_int32


class MemoryRegion(ctypes.Structure):
    _fields_ = [("address", ctypes.c_void_p), ("length", ctypes.c_int64)]


OPERATOR = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64)
GET_DATA = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int32,
                            ctypes.POINTER(MemoryRegion), ctypes.c_int32, ctypes.POINTER(ctypes.c_int32))


class Callbacks(ctypes.Structure):
    _fields_ = [("context", ctypes.c_void_p), ("forward", OPERATOR), ("reverse", OPERATOR), ("get_data", GET_DATA)]


class Config(ctypes.Structure):
    _fields_ = [("checkpoint_bytes", ctypes.c_int64), ("max_regions", ctypes.c_int32), ("layout", ctypes.c_int32),
                ("memory_budget_bytes", ctypes.c_int64), ("ram_slots", ctypes.c_int32),
                ("disk_queue_depth", ctypes.c_int32), ("disk_directory", ctypes.c_char_p),
                ("codec", ctypes.c_int64), ("expected_ratio", ctypes.c_double), ("region_shapes", ctypes.c_void_p),
                ("region_shapes_length", ctypes.c_int32)]


class Prediction(ctypes.Structure):
    _fields_ = [(n, ctypes.c_int64) for n in (
        "steps", "forward_steps", "reverse_steps", "schedule_forward_steps", "peak_ram_checkpoints",
        "peak_disk_checkpoints", "peak_work_checkpoints", "peak_ram_bytes", "peak_disk_bytes", "peak_work_bytes",
        "saves", "loads")] + [("recompute_ratio", ctypes.c_double)]


class Tier(ctypes.Structure):
    _fields_ = [(n, ctypes.c_int64) for n in (
        "count", "peak_count", "bytes", "peak_bytes", "saves", "loads", "bytes_written", "bytes_read", "reserved_bytes",
        "over_budget_saves")]


class Summary(ctypes.Structure):
    _fields_ = ([(n, ctypes.c_int64) for n in ("steps", "forward_steps", "reverse_steps", "advance_calls", "recomputed_steps")]
                + [("ram", Tier), ("disk", Tier), ("work", Tier)]
                + [(n, ctypes.c_double) for n in ("advance_seconds", "reverse_seconds", "save_seconds", "load_seconds", "total_seconds")]
                + [("predicted", Prediction)])


class ClassicState(ctypes.Structure):
    _fields_ = [(n, ctypes.c_int32) for n in ("action", "capo", "oldcapo", "check", "fine", "info", "advances", "takeshots")]


assert ctypes.sizeof(Config) == 72 and ctypes.sizeof(Prediction) == 104 and ctypes.sizeof(Summary) == 424
assert ctypes.sizeof(Callbacks) == 32 and ctypes.sizeof(ClassicState) == 32


def fill_regions(regions: Any, count: Any, arrays: list[Any]) -> None:
    """Writes the arrays' addresses and byte lengths into the engine's region buffer (inside a GET_DATA callback)."""
    for i, a in enumerate(arrays):
        regions[i].address = a.ctypes.data
        regions[i].length = a.nbytes
    count[0] = len(arrays)


def _out_handle(f: Any, *args: Any, guard: CallbackGuard | None = None) -> Handle:
    out = ctypes.c_int64()
    check(f(*args, ctypes.addressof(out)), guard)
    return Handle(out.value)


def create_classic(n_checkpoints: int | None, n_timesteps: int, config: Config, callbacks: Callbacks) -> Handle:
    f = function("RevolverExports", "RevolverCreateClassic", (_I64, _I32, _I64, _P, _P, _P))
    return _out_handle(f, n_checkpoints or 0, int(n_checkpoints is not None), n_timesteps,
                       ctypes.addressof(config), ctypes.addressof(callbacks))


def create_scheduled(schedule: Handle, config: Config, callbacks: Callbacks) -> Handle:
    f = function("RevolverExports", "RevolverCreateScheduled", (_I64, _P, _P, _P))
    return _out_handle(f, schedule.value, ctypes.addressof(config), ctypes.addressof(callbacks))


def call(method: str, handle: Handle, *args: int, guard: CallbackGuard | None = None) -> None:
    """RevolverApplyForward, RevolverApplyReverse, RevolverApplyForwardSteps, RevolverAdvanceForward,
    RevolverFinishForward, RevolverClose."""
    f = function("RevolverExports", method, (_I64,) + (_I64,) * len(args))
    check(f(handle.value, *args), guard)


def planned_checkpoint_bytes(config: Config) -> int:
    """Bytes one memory checkpoint is planned to take under ``config`` (codec and expected ratio included)."""
    out = ctypes.c_int64()
    check(function("RevolverExports", "RevolverPlannedCheckpointBytes", (_P, _P))(ctypes.addressof(config), ctypes.addressof(out)))
    return out.value


def prediction(handle: Handle, steps: int | None = None) -> Prediction:
    p = Prediction()
    if steps is None:
        check(function("RevolverExports", "RevolverGetPrediction", (_I64, _P))(handle.value, ctypes.addressof(p)))
    else:
        check(function("RevolverExports", "RevolverPredict", (_I64, _I64, _P))(handle.value, steps, ctypes.addressof(p)))
    return p


def summary(handle: Handle) -> Summary:
    s = Summary()
    check(function("RevolverExports", "RevolverGetSummary", (_I64, _P))(handle.value, ctypes.addressof(s)))
    return s


def checkpoint_steps(handle: Handle) -> list[int]:
    f = function("RevolverExports", "RevolverGetCheckpointSteps", (_I64, _P, _I32, _P))
    count = ctypes.c_int32()
    check(f(handle.value, None, 0, ctypes.addressof(count)))
    buf = (ctypes.c_int64 * max(1, count.value))()
    check(f(handle.value, ctypes.addressof(buf), count.value, ctypes.addressof(count)))
    return list(buf[: count.value])


# Classic Revolve (crevolve).
def classic_create(snapshots: int, steps: int) -> Handle:
    return _out_handle(function("RevolverExports", "ClassicCreate", (_I32, _I32, _P)), snapshots, steps)


def classic_next(handle: Handle) -> ClassicState:
    s = ClassicState()
    check(function("RevolverExports", "ClassicNext", (_I64, _P))(handle.value, ctypes.addressof(s)))
    return s


def classic_adjust(steps: int) -> int:
    return int(function("RevolverExports", "ClassicAdjust", (_I32,), _I32)(steps))


def classic_maxrange(snapshots: int, reps: int) -> int:
    return int(function("RevolverExports", "ClassicMaxRange", (_I32, _I32), _I32)(snapshots, reps))


def classic_numforw(steps: int, snapshots: int) -> int:
    return int(function("RevolverExports", "ClassicNumForw", (_I32, _I32), _I32)(steps, snapshots))


def classic_expense(steps: int, snapshots: int) -> float:
    return float(function("RevolverExports", "ClassicExpense", (_I32, _I32), ctypes.c_double)(steps, snapshots))
