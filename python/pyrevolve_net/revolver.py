"""The Revolvers: drop-ins for pyrevolve 2.2's ``Revolver`` family, executed by the C# engine.

``Revolver(checkpoint, fwd_operator, rev_operator, n_checkpoints, n_timesteps)`` then ``apply_forward()`` and
``apply_reverse()``: the C# core runs the schedule and calls back into Python only for the operators and for
the checkpoint's arrays, which it copies itself (zero copy on the Python side). By default the sequence of
operator calls, saves and loads is exactly pyrevolve's (classic Revolve). Beyond pyrevolve: any schedule of
:mod:`pyrevolve_net.schedules` (``schedule=``), byte budgets instead of checkpoint counts, online runs
(``n_timesteps=None``), a run summary returned by ``apply_reverse()``, and a progress bar.
"""
from __future__ import annotations

import atexit
import os
import warnings
import weakref
from dataclasses import dataclass, fields
from typing import Any, Iterable

import numpy as np

from . import crevolve
from ._native import CallbackGuard, Handle
from ._native import revolver_api as api
from ._sizes import parse_bytes
from .compression import CODEC_PARAMETERS, Codec, init_compression
from .profiling import Profiler
from .schedules import HRevolve, StorageType, TwoLevelCheckpointSchedule
from .schedules.schedule import NativeSchedule, as_cost, as_int
from .storage import BytesStorage, DiskStorage, NumpyStorage, Storage

__all__ = ["BaseRevolver", "SingleLevelRevolver", "MemoryRevolver", "Revolver", "DiskRevolver",
           "MultiLevelRevolver", "RevolverSummary", "TierSummary"]

_MAX_REGIONS = 1024
_MEMORY, _DISK, _MULTILEVEL = 0, 1, 2


@dataclass(frozen=True)
class TierSummary:
    """What one storage tier held and moved."""

    count: int
    peak_count: int
    peak_bytes: int
    saves: int
    loads: int
    bytes_written: int
    bytes_read: int
    over_budget_saves: int = 0


@dataclass(frozen=True)
class RevolverSummary:
    """What a run did, with what was predicted before it started (returned by ``apply_reverse()``)."""

    n_timesteps: int
    forward_steps: int
    reverse_steps: int
    recomputed_steps: int
    predicted_forward_steps: int
    predicted_recompute_ratio: float
    ram: TierSummary
    disk: TierSummary
    work: TierSummary
    advance_seconds: float
    reverse_seconds: float
    save_seconds: float
    load_seconds: float
    total_seconds: float

    checkpoint_bytes: int = 0

    @property
    def recompute_ratio(self) -> float:
        return self.forward_steps / self.n_timesteps if self.n_timesteps else 0.0

    @property
    def compression_ratio(self) -> float:
        """Raw bytes of all saves / bytes stored for them (1.0 without compression)."""
        tiers = (self.ram, self.disk, self.work)
        written = sum(t.bytes_written for t in tiers)
        return sum(t.saves for t in tiers) * self.checkpoint_bytes / written if written and self.checkpoint_bytes else 1.0

    def __str__(self) -> str:
        rows = [
            ("time steps", f"{self.n_timesteps}"),
            ("forward steps run", f"{self.forward_steps} (predicted {self.predicted_forward_steps})"),
            ("recomputed steps", f"{self.recomputed_steps}"),
            ("recompute ratio", f"{self.recompute_ratio:.3f} (predicted {self.predicted_recompute_ratio:.3f})"),
            ("adjoint steps", f"{self.reverse_steps}"),
        ]
        for name in ("ram", "disk", "work"):
            t: TierSummary = getattr(self, name)
            if t.saves or t.loads:
                rows.append((f"{name} tier", f"{t.saves} saves, {t.loads} loads, peak {t.peak_count} checkpoints "
                                             f"({t.peak_bytes / 2**20:.1f} MiB)"))
        if self.compression_ratio != 1.0:
            rows.append(("compression ratio", f"{self.compression_ratio:.2f} (raw / stored bytes of every save)"))
        rows += [("time: forward operator", f"{self.advance_seconds:.3f} s"),
                 ("time: reverse operator", f"{self.reverse_seconds:.3f} s"),
                 ("time: saves / loads", f"{self.save_seconds:.3f} s / {self.load_seconds:.3f} s"),
                 ("time: total", f"{self.total_seconds:.3f} s")]
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def _tier(t: api.Tier) -> TierSummary:
    return TierSummary(**{f.name: getattr(t, f.name) for f in fields(TierSummary)})


def _summary(s: api.Summary, checkpoint_bytes: int = 0) -> RevolverSummary:
    return RevolverSummary(checkpoint_bytes=checkpoint_bytes,
        n_timesteps=s.steps, forward_steps=s.forward_steps, reverse_steps=s.reverse_steps,
        recomputed_steps=s.recomputed_steps, predicted_forward_steps=s.predicted.forward_steps,
        predicted_recompute_ratio=s.predicted.recompute_ratio, ram=_tier(s.ram), disk=_tier(s.disk),
        work=_tier(s.work), advance_seconds=s.advance_seconds, reverse_seconds=s.reverse_seconds,
        save_seconds=s.save_seconds, load_seconds=s.load_seconds, total_seconds=s.total_seconds)


def _check_user_objects(checkpoint: Any, fwd_operator: Any, rev_operator: Any) -> None:
    for name in ("dtype", "size", "get_data", "get_data_location"):
        if not hasattr(type(checkpoint), name) and not hasattr(checkpoint, name):
            raise TypeError(f"checkpoint must provide {name} (see pyrevolve_net.Checkpoint)")
    for name, op in (("fwd_operator", fwd_operator), ("rev_operator", rev_operator)):
        if not callable(getattr(op, "apply", None)):
            raise TypeError(f"{name} must have an apply(t_start=..., t_end=...) method")


class _LiveState:
    """The Python side of the engine's callbacks: operators, and the checkpoint's arrays as memory regions.

    The arrays handed to C# are kept alive until the next request, since C# copies them after the callback
    returns. Exceptions are stored by the guard and re-raised once the native call has returned."""

    def __init__(self, checkpoint: Any, fwd_operator: Any, rev_operator: Any, guard: CallbackGuard) -> None:
        self.checkpoint = checkpoint
        self.fwd = fwd_operator
        self.rev = rev_operator
        self.dtype = np.dtype(checkpoint.dtype)
        nbytes = getattr(checkpoint, "nbytes", None)
        self.nbytes = as_int("checkpoint.nbytes", nbytes if nbytes is not None else int(checkpoint.size) * self.dtype.itemsize,
                             minimum=0)
        self._keep: list[np.ndarray] = []
        self._scratch: np.ndarray | None = None
        self.progress: Any = None
        self.callbacks = api.Callbacks(
            None,
            api.OPERATOR(guard.wrap(self._forward)),
            api.OPERATOR(guard.wrap(self._reverse)),
            api.GET_DATA(guard.wrap(self._regions)),
        )

    def _forward(self, ctx: int, t_start: int, t_end: int) -> None:
        self.fwd.apply(t_start=t_start, t_end=t_end)
        if self.progress is not None:
            self.progress.update(t_end - t_start)

    def _reverse(self, ctx: int, t_start: int, t_end: int) -> None:
        self.rev.apply(t_start=t_start, t_end=t_end)
        if self.progress is not None:
            self.progress.update(t_end - t_start)

    def _regions(self, ctx: int, timestep: int, location: int, regions: Any, capacity: int, count: Any) -> None:
        what = "get_data_location" if location else "get_data"
        arrays = self.arrays(timestep, bool(location))
        total = sum(a.nbytes for a in arrays)
        if total == 0 and self.nbytes:
            # pyrevolve copies nothing for an empty container; give the engine a scratch buffer of the right size.
            if self._scratch is None:
                self._scratch = np.zeros(self.nbytes, dtype=np.uint8)
            arrays = [self._scratch]
        elif total != self.nbytes:
            raise ValueError(f"checkpoint.{what}({timestep}) returned {total} bytes of data, but the checkpoint size is "
                             f"{self.nbytes} bytes (size {self.checkpoint.size} x {self.dtype.itemsize}-byte {self.dtype})")
        if len(arrays) > capacity:
            raise ValueError(f"checkpoint.{what}({timestep}) returned {len(arrays)} arrays; at most {capacity} are supported")
        api.fill_regions(regions, count, arrays)
        self._keep = arrays

    def arrays(self, timestep: int, location: bool) -> list[np.ndarray]:
        """The checkpoint's arrays at ``timestep``, validated: the checkpoint's dtype, C-contiguous (copied for a
        save if not), writable for a load."""
        what = "get_data_location" if location else "get_data"
        data = (self.checkpoint.get_data_location if location else self.checkpoint.get_data)(timestep)
        out = []
        for a in data if not isinstance(data, (bytes, bytearray, memoryview)) else ():
            arr = a if isinstance(a, np.ndarray) else np.asarray(a)
            if arr.dtype != self.dtype:
                raise TypeError(f"checkpoint.{what}({timestep}) returned an array of dtype {arr.dtype}; "
                                f"the checkpoint's dtype is {self.dtype}")
            if not arr.flags.c_contiguous:
                if location:
                    raise ValueError(f"checkpoint.{what}({timestep}) returned a non-contiguous array of shape {arr.shape}: "
                                     "restored data is written in place, so locations must be C-contiguous")
                arr = np.ascontiguousarray(arr)
            if location and not arr.flags.writeable:
                raise ValueError(f"checkpoint.{what}({timestep}) returned a read-only array")
            out.append(arr)
        return out


# Revolvers still holding native checkpoints; closed at interpreter exit so no disk files are left behind.
_LIVE: "weakref.WeakSet[BaseRevolver]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for revolver in list(_LIVE):
        try:
            revolver.close()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


class BaseRevolver:
    """Shared machinery: argument checks, the native revolver, apply_forward/apply_reverse, summaries."""

    def __init__(self, checkpoint: Any, fwd_operator: Any, rev_operator: Any, n_checkpoints: int | None,
                 n_timesteps: int | None, storage_list: list[Storage] | None = None, scheduler: Any = None,
                 timings: Any = None, profiler: Profiler | None = None) -> None:
        _check_user_objects(checkpoint, fwd_operator, rev_operator)
        self.checkpoint = checkpoint
        self.fwd_operator = fwd_operator
        self.rev_operator = rev_operator
        self.n_checkpoints = None if n_checkpoints is None else as_int("n_checkpoints", n_checkpoints, minimum=1)
        self.n_timesteps = None if n_timesteps is None else as_int("n_timesteps", n_timesteps, minimum=1)
        self.storage_list = storage_list if storage_list is not None else []
        self.scheduler = scheduler
        self.timings = timings
        self.profiler = profiler or Profiler()
        self._guard = CallbackGuard()
        self._live: _LiveState | None = None
        self._handle: Handle | None = None
        self._python: _PythonDriver | None = None
        self._progress_wanted = False
        self._forward_done = False
        self._codec: Codec | None = None
        self._expected_ratio = 0.0
        self._shapes = np.zeros(0, dtype=np.int64)
        _LIVE.add(self)

    # -- construction helpers used by the subclasses ------------------------------------------------------------
    def _config(self, layout: int, filedir: str | os.PathLike[str] | None, memory_budget: int = 0,
                ram_slots: int = -1) -> api.Config:
        assert self._live is not None
        directory = None
        if layout != _MEMORY:
            filedir = os.fspath(filedir if filedir is not None else ".")
            if not os.path.isdir(filedir):
                raise ValueError(f"filedir {filedir!r} is not an existing directory")
            directory = filedir.encode()
        self._directory = directory  # kept alive: the config points at it
        return self._plain_config(self._live.nbytes, layout, memory_budget, ram_slots, directory)

    def _plain_config(self, nbytes: int, layout: int = _MEMORY, memory_budget: int = 0, ram_slots: int = -1,
                      directory: bytes | None = None) -> api.Config:
        codec = self._codec._handle.value if self._codec is not None else 0
        return api.Config(nbytes, _MAX_REGIONS, layout, memory_budget, ram_slots, 0, directory, codec,
                          self._expected_ratio, self._shapes.ctypes.data if self._shapes.size else None, self._shapes.size)

    def _start_classic(self, layout: int, filedir: Any = None, memory_budget: int = 0, ram_slots: int = -1) -> None:
        assert self.n_timesteps is not None
        self._live = _LiveState(self.checkpoint, self.fwd_operator, self.rev_operator, self._guard)
        config = self._config(layout, filedir, memory_budget, ram_slots)
        self._handle = api.create_classic(self.n_checkpoints, self.n_timesteps, config, self._live.callbacks)
        if self.n_checkpoints is None:
            self.n_checkpoints = max(1, crevolve.adjust(self.n_timesteps))

    def _start_scheduled(self, schedule: NativeSchedule, layout: int, filedir: Any = None, memory_budget: int = 0) -> None:
        if not isinstance(schedule, NativeSchedule):
            raise TypeError(f"schedule must be a schedule of pyrevolve_net.schedules, not {type(schedule).__name__}")
        if schedule.is_running:
            raise ValueError("schedule has already produced actions: give the Revolver a fresh one")
        if self.n_timesteps is not None and schedule.max_n is not None and schedule.max_n != self.n_timesteps:
            raise ValueError(f"n_timesteps ({self.n_timesteps}) differs from the schedule's max_n ({schedule.max_n})")
        self.schedule = schedule
        self._live = _LiveState(self.checkpoint, self.fwd_operator, self.rev_operator, self._guard)
        config = self._config(layout, filedir, memory_budget)
        self._handle = api.create_scheduled(schedule._handle, config, self._live.callbacks)

    # -- running ------------------------------------------------------------------------------------------------
    def _run(self, method: str, *args: int) -> None:
        assert self._handle is not None
        try:
            api.call(method, self._handle, *args, guard=self._guard)
        finally:
            self._live and self._live._keep.clear()

    def _open_progress(self) -> None:
        if not self._progress_wanted or self._live is None or self._live.progress is not None:
            return
        try:
            from tqdm.auto import tqdm
        except ImportError as e:  # pragma: no cover - tqdm is a declared optional dependency
            raise ImportError("progress=True needs tqdm (Debian: python3-tqdm)") from e
        p = self.prediction
        total = (p.forward_steps + p.reverse_steps) if p is not None and p.forward_steps else None
        self._live.progress = tqdm(total=total, unit="step", desc="checkpointed adjoint")

    def _close_progress(self) -> None:
        if self._live is not None and self._live.progress is not None:
            self._live.progress.close()
            self._live.progress = None

    def apply_forward(self, n_timesteps: int | None = None) -> None:
        """Run the forward sweep, storing checkpoints. Online revolvers (``n_timesteps=None`` at creation) take
        the number of steps here, once it is known."""
        if self._python is not None:
            return self._python.forward()
        self._open_progress()
        if n_timesteps is not None:
            steps = as_int("n_timesteps", n_timesteps, minimum=1)
            if self.n_timesteps is not None and steps != self.n_timesteps:
                raise ValueError(f"n_timesteps was given at creation ({self.n_timesteps}); got {steps}")
            if self.n_timesteps is None:
                self.n_timesteps = steps
                self._run("RevolverApplyForwardSteps", steps)
                self._forward_done = True
                return None
        elif self.n_timesteps is None:
            raise ValueError("n_timesteps is needed: this revolver was created online (n_timesteps=None); "
                             "call apply_forward(n_timesteps) or advance(steps) ... finish_forward()")
        t = self.summary_so_far().advance_seconds
        self._run("RevolverApplyForward")
        self._forward_done = True
        self.profiler.increment("forward", "advance", (self.summary_so_far().advance_seconds - t) * 1e3)
        return None

    def advance(self, steps: int) -> None:
        """Online use: run ``steps`` more forward steps (the total need not be known yet)."""
        self._run("RevolverAdvanceForward", as_int("steps", steps, minimum=1))

    def finish_forward(self) -> None:
        """Online use: the forward run ends here; the schedule is told how many steps there were."""
        self._run("RevolverFinishForward")
        self.n_timesteps = self.summary_so_far().n_timesteps or self.n_timesteps
        self._forward_done = True

    def apply_reverse(self) -> RevolverSummary | None:
        """Run the adjoint sweep back to step 0; returns a :class:`RevolverSummary` (pyrevolve returns None)."""
        if self._python is not None:
            return self._python.reverse()
        if not self._forward_done:
            raise RuntimeError("apply_forward() must run before apply_reverse()")
        try:
            t = self.summary_so_far()
            self._run("RevolverApplyReverse")
            s = self.summary_so_far()
            api.call("RevolverClose", self._handle)  # the run is over: free the pool, remove the files
            if s.ram.over_budget_saves:
                warnings.warn(
                    f"{s.ram.over_budget_saves} compressed checkpoints were kept beyond memory_budget: the data compressed "
                    f"at {s.compression_ratio:.1f}x, less than planned ({self._expected_ratio or 'the codec default'}); "
                    f"pass compression_params['expected_ratio'] below {s.compression_ratio:.1f}", RuntimeWarning, stacklevel=2)
            self.profiler.increment("reverse", "reverse", (s.reverse_seconds - t.reverse_seconds) * 1e3)
            self.profiler.increment("reverse", "advance", (s.advance_seconds - t.advance_seconds) * 1e3)
            self.profiler.increment("reverse", "restore", (s.load_seconds - t.load_seconds) * 1e3)
            return s
        finally:
            self._close_progress()

    # -- results ------------------------------------------------------------------------------------------------
    def summary_so_far(self) -> RevolverSummary:
        assert self._handle is not None
        return _summary(api.summary(self._handle), self._live.nbytes if self._live is not None else 0)

    @property
    def prediction(self) -> api.Prediction | None:
        """What the run will cost (forward steps, peak bytes per tier, recompute ratio), known before it runs."""
        if self._handle is None:
            return None
        return api.prediction(self._handle)

    def predict(self, n_timesteps: int) -> api.Prediction:
        """Scheduled revolvers: the cost of a run of ``n_timesteps`` steps (a dry run, nothing executed)."""
        assert self._handle is not None
        return api.prediction(self._handle, as_int("n_timesteps", n_timesteps, minimum=1))

    @property
    def makespan(self) -> float:
        p = self.prediction
        return float(p.forward_steps + p.reverse_steps) if p is not None else 0.0

    @property
    def ratio(self) -> float:
        """Recomputation per step, as pyrevolve counts it (advances of the schedule / steps)."""
        if self.n_timesteps and self.n_checkpoints and not hasattr(self, "schedule"):
            return crevolve.expense(self.n_timesteps, self.n_checkpoints)
        p = self.prediction
        return p.recompute_ratio if p is not None else 0.0

    def storage_ckps(self, k: int = 0) -> list[int]:
        """Steps at which checkpoints were taken (pyrevolve's list, classic revolvers)."""
        assert self._handle is not None
        return api.checkpoint_steps(self._handle)

    def close(self) -> None:
        """Release checkpoints and disk files now (also done on error and when the revolver is collected)."""
        self._close_progress()
        if self._handle is not None and self._handle._value:
            api.call("RevolverClose", self._handle)
            self._handle.close()
        if self._python is not None:
            self._python.close()

    def __enter__(self) -> "BaseRevolver":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # pyrevolve's storage-list management, kept for compatibility (the engine owns its tiers).
    def addStorage(self, st: Storage) -> int:  # noqa: N802
        self.storage_list.append(st)
        return len(self.storage_list) - 1

    def removeStorage(self, i: int) -> None:  # noqa: N802
        if 0 <= i < len(self.storage_list):
            del self.storage_list[i]

    def resetStorageList(self) -> None:  # noqa: N802
        self.storage_list = []


class SingleLevelRevolver(BaseRevolver):
    """One storage level: memory (default) or disk (``diskstorage=True`` under ``filedir``).

    Beyond pyrevolve: ``schedule=`` runs any schedule of :mod:`pyrevolve_net.schedules`;
    ``memory_budget="2 GiB"`` (and ``disk_budget``) choose the checkpoint counts from ``checkpoint.nbytes``;
    ``n_timesteps=None`` runs online; ``progress=True`` shows a tqdm bar."""

    def __init__(self, checkpoint: Any, fwd_operator: Any, rev_operator: Any, n_checkpoints: int | None,
                 n_timesteps: int | None, timings: Any = None, profiler: Profiler | None = None,
                 compression_params: dict[str, Any] | None = None, diskstorage: bool = False,
                 filedir: str | os.PathLike[str] | None = "./", singlefile: bool = True, *,
                 schedule: NativeSchedule | None = None, memory_budget: int | str | None = None,
                 disk_budget: int | str | None = None, progress: bool = False) -> None:
        super().__init__(checkpoint, fwd_operator, rev_operator, n_checkpoints, n_timesteps, timings=timings,
                         profiler=profiler)
        if not isinstance(diskstorage, bool):
            raise TypeError(f"diskstorage must be a bool, not {type(diskstorage).__name__}")
        self.compression_params = compression_params
        self.diskstorage = diskstorage
        self.filedir = filedir
        self.singlefile = singlefile
        self._progress_wanted = bool(progress)
        nbytes = _LiveState(checkpoint, fwd_operator, rev_operator, self._guard).nbytes
        mem = parse_bytes("memory_budget", memory_budget) if memory_budget is not None else 0
        disk = parse_bytes("disk_budget", disk_budget) if disk_budget is not None else 0
        scheme = (compression_params or {}).get("scheme") if compression_params is not None else None
        if compression_params is not None and not isinstance(compression_params, dict):
            raise TypeError(f"compression_params must be a dict, not {type(compression_params).__name__}")

        if scheme is not None:
            if not self._use_native_codec(compression_params, nbytes):
                # Compressors written in Python run in a Python driver over the same classic schedule.
                if schedule is not None or self.n_timesteps is None or mem or disk:
                    raise ValueError(f"compression_params scheme {scheme!r} compresses in Python, which works with the classic "
                                     "schedule and n_checkpoints only (the native codecs "
                                     f"{', '.join(CODEC_PARAMETERS)} on float32 checkpoints work with every option)")
                self._python = _PythonDriver(self, init_compression(compression_params), nbytes)
                self.n_checkpoints = self._python.n_checkpoints
                return

        layout = _DISK if diskstorage else _MEMORY
        if schedule is None and (mem or disk):
            schedule = self._schedule_for_budgets(nbytes, mem, disk)
            if disk:
                layout = _MULTILEVEL
        if schedule is None and self.n_timesteps is None:
            schedule = TwoLevelCheckpointSchedule(
                100, self.n_checkpoints if self.n_checkpoints is not None else 10, binomial_storage=StorageType.RAM)
            layout = _MULTILEVEL
        if schedule is not None:
            if layout == _MEMORY and schedule.uses_storage_type(StorageType.DISK):
                layout = _MULTILEVEL
            # The budget chose the counts (data bytes); the pool adds only alignment padding on top. Compressed
            # checkpoints vary in size: the engine then holds the memory tier to the budget itself.
            self._start_scheduled(schedule, layout, filedir, memory_budget=mem if self._codec is not None else 0)
        else:
            self._start_classic(layout, filedir)

    def _use_native_codec(self, params: dict[str, Any], nbytes: int) -> bool:
        """Native codec on float32 data: the C# engine compresses on the save path (every tier, any schedule)."""
        params = dict(params)
        scheme = params.pop("scheme")
        expected = params.pop("expected_ratio", None)
        live = _LiveState(self.checkpoint, self.fwd_operator, self.rev_operator, self._guard)
        if scheme not in CODEC_PARAMETERS or live.dtype != np.float32:
            if expected is not None:
                raise ValueError("compression_params['expected_ratio'] needs a native codec and float32 checkpoints")
            return False
        if expected is not None:
            if isinstance(expected, bool) or not isinstance(expected, (int, float)) or not (1 <= expected < float("inf")):
                raise ValueError(f"compression_params['expected_ratio'] must be a number >= 1, got {expected!r}")
            self._expected_ratio = float(expected)
        self._codec = Codec(scheme, **params)
        self._shapes = self._region_shapes(live)
        return True

    def _region_shapes(self, live: "_LiveState") -> np.ndarray:
        """(rank, dims...) per array of the checkpoint, so that the codec predicts along rows and planes."""
        try:
            arrays = live.arrays(0, False)
        except Exception:  # noqa: BLE001 - shapes only help the ratio; 1-D coding is always correct
            return np.zeros(0, dtype=np.int64)
        flat: list[int] = []
        for a in arrays:
            shape = [d for d in a.shape if d != 1] or [a.size]
            if len(shape) > 3:
                shape = [int(np.prod(shape[:-2])), shape[-2], shape[-1]]
            flat += [len(shape), *shape]
        return np.asarray(flat, dtype=np.int64)

    def _schedule_for_budgets(self, nbytes: int, mem: int, disk: int) -> NativeSchedule:
        if self.n_timesteps is None:
            raise ValueError("memory_budget/disk_budget need n_timesteps (the schedule is planned offline)")
        if self.n_checkpoints is not None:
            raise ValueError("give either n_checkpoints or memory_budget/disk_budget, not both")
        per = max(1, nbytes)
        # Compressed: the planned compressed size (one source of truth: the engine's own sizing).
        planned = api.planned_checkpoint_bytes(self._plain_config(nbytes)) if self._codec is not None else per
        ram = mem // max(1, planned) if mem else 0
        on_disk = disk // per if disk else 0
        if mem and ram < 1:
            raise ValueError(f"memory_budget ({mem} bytes) holds no checkpoint of {nbytes} bytes")
        if disk and on_disk < 1:
            raise ValueError(f"disk_budget ({disk} bytes) holds no checkpoint of {nbytes} bytes")
        steps = self.n_timesteps
        ram, on_disk = min(ram, steps), min(on_disk, steps)
        if not disk:
            from .schedules import Revolve
            self.n_checkpoints = ram
            return Revolve(steps, ram)
        self.n_checkpoints = ram + on_disk
        return HRevolve(steps, max(ram, 1), on_disk) if steps > 1 else HRevolve(1, 1, 0)


class MemoryRevolver(SingleLevelRevolver):
    """Checkpoints in one aligned memory pool (pyrevolve's ``Revolver``)."""

    def __init__(self, checkpoint: Any, fwd_operator: Any, rev_operator: Any, n_checkpoints: int | None,
                 n_timesteps: int | None, timings: Any = None, profiler: Profiler | None = None,
                 compression_params: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(checkpoint, fwd_operator, rev_operator, n_checkpoints, n_timesteps, timings, profiler,
                         compression_params, diskstorage=False, **kwargs)


Revolver = MemoryRevolver


class DiskRevolver(SingleLevelRevolver):
    """Checkpoints in files under ``filedir`` (a private directory, checksummed, removed at the end)."""

    def __init__(self, checkpoint: Any, fwd_operator: Any, rev_operator: Any, n_checkpoints: int | None,
                 n_timesteps: int | None, timings: Any = None, profiler: Profiler | None = None,
                 filedir: str | os.PathLike[str] | None = "./", singlefile: bool = True, **kwargs: Any) -> None:
        super().__init__(checkpoint, fwd_operator, rev_operator, n_checkpoints, n_timesteps, timings, profiler,
                         None, diskstorage=True, filedir=filedir, singlefile=singlefile, **kwargs)


class MultiLevelRevolver(BaseRevolver):
    """RAM plus disk, scheduled by H-Revolve: ``storage_list`` describes the levels (pyrevolve's
    ``NumpyStorage`` and ``DiskStorage``: their ``n_ckp`` capacities and ``wd``/``rd`` costs)."""

    def __init__(self, checkpoint: Any, fwd_operator: Any, rev_operator: Any, n_timesteps: int,
                 storage_list: list[Storage], timings: Any = None, profiler: Profiler | None = None,
                 uf: float = 1, ub: float = 1, up: float = 1, *, progress: bool = False) -> None:
        if storage_list is None:
            raise ValueError("storage_list is required: a memory level and optionally a disk level")
        if not isinstance(storage_list, (list, tuple)) or not storage_list:
            raise ValueError("storage_list must be a non-empty list of storages")
        if len(storage_list) > 2:
            raise ValueError("storage_list may hold at most two levels (memory, then disk)")
        for i, st in enumerate(storage_list):
            if not isinstance(st, Storage):
                raise TypeError(f"storage_list[{i}] must be a pyrevolve storage, not {type(st).__name__}")
        super().__init__(checkpoint, fwd_operator, rev_operator, as_int("n_timesteps", n_timesteps, minimum=1),
                         n_timesteps, storage_list=list(storage_list), timings=timings, profiler=profiler)
        self.uf, self.ub, self.up = as_cost("uf", uf), as_cost("ub", ub), as_cost("up", up)
        self._progress_wanted = bool(progress)
        ram_level = storage_list[0]
        disk_level = storage_list[1] if len(storage_list) > 1 else None
        nt = self.n_timesteps
        assert nt is not None
        ram = min(ram_level.n_ckp, nt)
        disk = min(disk_level.n_ckp, nt) if disk_level is not None else 0
        if ram < 1:
            raise ValueError("the first storage level must hold at least one checkpoint (n_ckp >= 1)")
        wd = disk_level.wd if disk_level is not None else 2
        rd = disk_level.rd if disk_level is not None else 2
        schedule = HRevolve(nt, ram, disk, uf=self.uf, ub=self.ub, wd=wd, rd=rd)
        filedir = getattr(disk_level, "filedir", None) if isinstance(disk_level, DiskStorage) else None
        self._start_scheduled(schedule, _MULTILEVEL if disk else _MEMORY, filedir or ".")

    def reload_scheduler(self, uf: float = 1, ub: float = 1, up: float = 1) -> None:
        raise RuntimeError("the schedule is fixed once the revolver is created: create a new MultiLevelRevolver")


class _PythonDriver:
    """Runs the classic schedule in Python with a Python storage, for compressors written in Python (the
    'custom', 'zfp' and 'blosc' schemes): same call sequence as the native path."""

    def __init__(self, owner: SingleLevelRevolver, compression: tuple, nbytes: int) -> None:
        assert owner.n_timesteps is not None
        self.owner = owner
        self.live = _LiveState(owner.checkpoint, owner.fwd_operator, owner.rev_operator, owner._guard)
        nt = owner.n_timesteps
        self.n_checkpoints = owner.n_checkpoints if owner.n_checkpoints is not None else max(1, crevolve.adjust(nt))
        self.cr = crevolve.CRevolve(self.n_checkpoints, nt)
        # Generous slots: compressed data may exceed the raw size for incompressible input.
        self.storage = BytesStorage(max(64, 2 * nbytes + 4096) // self.live.dtype.itemsize + 1, self.n_checkpoints, self.live.dtype, compression,
                                    auto_pickle=True, profiler=owner.profiler)
        self.forward_steps = 0
        self.reverse_steps = 0

    def _fwd(self, a: int, b: int) -> None:
        self.owner.fwd_operator.apply(t_start=a, t_end=b)
        self.forward_steps += b - a

    def _rev(self, a: int) -> None:
        self.owner.rev_operator.apply(t_start=a, t_end=a + 1)
        self.reverse_steps += 1

    def forward(self) -> None:
        A = crevolve.Action
        cr, nt = self.cr, self.owner.n_timesteps
        while True:
            action = cr.revolve()
            if action is A.advance:
                self._fwd(cr.oldcapo, cr.capo)
            elif action is A.takeshot:
                self.storage.save(cr.check, self.live.arrays(cr.capo, False))
            elif action is A.firstrun:
                self._fwd(cr.oldcapo, nt)
                return
            elif action is A.terminate:
                return
            else:
                raise ValueError(f"unexpected action {action} in the forward sweep")

    def reverse(self) -> RevolverSummary | None:
        A = crevolve.Action
        cr, nt = self.cr, self.owner.n_timesteps
        assert nt is not None
        self._rev(cr.capo)
        while True:
            action = cr.revolve()
            if action is A.youturn:
                self._fwd(cr.capo, cr.capo + 1)
                self._rev(cr.capo)
            elif action is A.takeshot:
                self.storage.save(cr.check, self.live.arrays(cr.capo, False))
            elif action is A.restore:
                self.storage.load(cr.check, self.live.arrays(cr.capo, True))
            elif action is A.advance:
                self._fwd(cr.oldcapo, cr.capo)
            elif action is A.terminate:
                return None
            else:
                raise ValueError(f"unexpected action {action} in the reverse sweep")

    def close(self) -> None:
        self.cr.close()
