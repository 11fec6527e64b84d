"""The acoustic solver (Devito's ``examples.seismic.acoustic.AcousticWaveSolver``) over the C# core.

Every time step runs in C#: forward, adjoint and the gradient with checkpointing (the Revolver engine with C#
operators), so no Python runs per step. Arrays are float32 numpy buffers that C# fills in place.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._native import Handle
from .._native import seismic_api as api
from .._sizes import parse_bytes
from ..schedules.schedule import NativeSchedule
from .functions import Function, PointSource, Receiver, TimeFunction
from .geometry import AcquisitionGeometry
from .model import Model
from .wavefield import CompressedWavefield, as_codec

__all__ = ["AcousticWaveSolver", "GradientSummary"]

_STORE_ALL, _REVOLVE, _BUDGET, _SCHEDULE = 0, 1, 2, 3
# Devito keywords that only tune its code generation or run time: accepted, no effect here.
_PERFORMANCE_ONLY = frozenset({"opt", "autotune", "language", "platform", "compiler"})


def _split_kwargs(method: str, compression: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Drop Devito's performance-only keywords; with ``compression`` the rest are codec parameters, without it
    they are unsupported arguments (a TypeError naming them, not silently ignored)."""
    rest = {k: v for k, v in kwargs.items() if k not in _PERFORMANCE_ONLY}
    if rest and compression is None:
        raise TypeError(f"{method}: unsupported arguments {', '.join(sorted(rest))} (codec parameters need compression=)")
    return rest


@dataclass(frozen=True)
class GradientSummary:
    """What a gradient run cost. ``forward_steps`` counts every forward step run (nt when storing all);
    ``predicted_forward_steps`` is what the schedule's theory says (Revolve's numforw)."""

    mode: str
    misfit: float
    steps: int
    forward_steps: int
    reverse_steps: int
    checkpoints: int
    checkpoint_bytes: int
    peak_storage_bytes: int
    predicted_forward_steps: int
    forward_seconds: float
    reverse_seconds: float
    total_seconds: float
    compression_ratio: float = 1.0

    @property
    def recompute_ratio(self) -> float:
        """Forward steps run / nt."""
        return self.forward_steps / self.steps

    @property
    def predicted_recompute_ratio(self) -> float:
        return self.predicted_forward_steps / self.steps


class AcousticWaveSolver:
    """Forward, adjoint and gradient operators for ``model`` and ``geometry`` (Devito's
    ``AcousticWaveSolver(model, geometry, kernel='OT2', space_order=4)``).

    ``space_order`` defaults to the model's (and must match it when given, as the FD stencil is the model's).
    Results are numpy arrays with Devito's ``.data`` (see :mod:`pyrevolve_net.seismic.functions`).
    """

    def __init__(self, model: Model, geometry: AcquisitionGeometry, kernel: str = "OT2", space_order: int | None = None,
                 time_order: int = 2, **kwargs: Any) -> None:
        # Devito's compiler options change how fast its generated code runs, never what it computes.
        unknown = sorted(set(kwargs) - _PERFORMANCE_ONLY)
        if unknown:
            raise TypeError(f"unsupported AcousticWaveSolver arguments: {', '.join(unknown)}")
        if not isinstance(model, Model):
            raise TypeError(f"model must be a pyrevolve_net.seismic.Model, not {type(model).__name__}")
        if not isinstance(geometry, AcquisitionGeometry):
            raise TypeError(f"geometry must be an AcquisitionGeometry, not {type(geometry).__name__}")
        if geometry.model is not model:
            raise ValueError("geometry must be built on the same model")
        if kernel != "OT2":
            raise ValueError(f"kernel: only 'OT2' (second order in time) is supported, got {kernel!r}")
        if time_order != 2:
            raise ValueError(f"time_order: only 2 is supported, got {time_order!r}")
        if space_order is not None and space_order != model.space_order:
            raise ValueError(f"space_order {space_order} differs from the model's {model.space_order}")
        self.model = model
        self.geometry = geometry
        self.space_order = model.space_order
        self.kernel = kernel
        self._handle: Handle | None = None
        self._version = -1
        self._built_vp: np.ndarray | None = None
        self._native()  # fail here on an unstable dt or a bad position, not at the first call

    @property
    def dt(self) -> float:
        return self.geometry.dt

    # The native solver captures the velocity; rebuild it when the model's vp was assigned or written since.
    def _native(self) -> Handle:
        m = self.model
        if self._handle is None or self._version != m._version or not np.array_equal(self._built_vp, m._vp):
            if self._handle is not None:
                self._handle.close()
            g = self.geometry
            self._handle = api.create(m._vp, np.asarray(m.spacing), np.asarray(m.origin), m.space_order, m.nbl,
                                      g.rec_positions, g.src_positions, g.t0, g.tn_requested, g.f0, g.dt)
            self._version = m._version
            self._built_vp = m._vp.copy()
            nt = api.info(self._handle).nt
            if nt != g.nt:
                raise RuntimeError(f"the native solver has nt={nt}, the geometry {g.nt}")
        return self._handle

    def _vp(self, vp: Any, model: Any = None) -> np.ndarray | None:
        if model is not None and model is not self.model:
            if not isinstance(model, Model):
                raise TypeError(f"model must be a pyrevolve_net.seismic.Model, not {type(model).__name__}")
            if (model.shape, model.spacing, model.origin, model.nbl) != (self.model.shape, self.model.spacing,
                                                                         self.model.origin, self.model.nbl):
                raise ValueError("model: another model must have this solver's shape, spacing, origin and nbl")
            if vp is None:
                vp = model.vp
        if vp is None:
            return None
        if np.isscalar(vp):
            vp = np.full(self.model.shape, vp, dtype=np.float32)
        a = np.asarray(vp, dtype=np.float32)
        if a.shape == self.model.shape:
            return self.model.pad(a)
        if a.shape == self.model.grid_shape:
            return np.ascontiguousarray(a)
        raise ValueError(f"vp must have shape {self.model.shape} (physical) or {self.model.grid_shape} (with the layer), got {a.shape}")

    def _data(self, name: str, rec: Any) -> np.ndarray:
        expected = (self.geometry.nt, self.geometry.nrec)
        self._check_coordinates(name, rec, self.geometry.rec_positions)
        a = np.ascontiguousarray(rec, dtype=np.float32)
        if a.shape != expected:
            raise ValueError(f"{name} must have shape {expected} (nt, nrec), got {a.shape}")
        return a.view(np.ndarray)

    @staticmethod
    def _check_coordinates(name: str, obj: Any, positions: np.ndarray) -> None:
        coords = getattr(obj, "coordinates", None)
        if coords is not None and not np.allclose(np.asarray(coords, dtype=np.float64), positions, rtol=0, atol=1e-6):
            raise ValueError(f"{name}: its coordinates differ from the geometry's; other positions need another "
                             "AcquisitionGeometry (and solver)")

    def _check_src(self, src: Any) -> None:
        """Only the geometry's own Ricker source can be injected: accept it (Devito's ``src=geometry.src``)."""
        if src is None:
            return
        g = self.geometry
        self._check_coordinates("src", src, g.src_positions)
        a = np.asarray(src, dtype=np.float32)
        wavelet = g.src
        if not (np.array_equal(a, wavelet) or np.array_equal(a, np.repeat(wavelet[:, None], g.nsrc, axis=1))):
            raise ValueError("src: custom source data is not supported; the geometry's Ricker wavelet is injected")

    def _check_dt(self, dt: Any) -> None:
        if dt is not None and not math.isclose(float(dt), self.geometry.dt, rel_tol=1e-6):
            raise ValueError(f"dt: the time step is the geometry's ({self.geometry.dt}); got {dt}")

    def _output(self, name: str, given: Any, shape: tuple[int, ...]) -> np.ndarray | None:
        """A caller's preallocated output (Devito's ``rec=``, ``u=``, ``srca=``, ``grad=``): float32, C order."""
        if given is None:
            return None
        if (not isinstance(given, np.ndarray) or given.dtype != np.float32 or given.shape != shape
                or not given.flags.c_contiguous or not given.flags.writeable):
            raise ValueError(f"{name} must be a writeable C-contiguous float32 array of shape {shape}")
        return given

    def forward(self, src: Any = None, rec: Any = None, u: Any = None, model: Any = None, save: bool | None = False,
                vp: Any = None, compression: Any = None, dt: Any = None, **kwargs: Any) -> tuple[Receiver, Any, dict[str, Any]]:
        """Devito's ``forward(src=None, rec=None, u=None, model=None, save=None, vp=...)``: the receiver record
        ``rec`` (nt, nrec), with ``save`` every wavefield ``u`` (nt, *grid_shape), else ``u`` is None, and a summary.

        ``src``: only the geometry's source (``geometry.src``); ``rec``/``u``: arrays to fill; ``model``: another
        model on the same grid (its velocity is used); ``vp``: a velocity of the physical or computational shape.

        ``compression`` (with ``save``): keep u compressed as the forward writes it, DevitoPRO style:
        ``forward(save=True, compression='bitcomp', nbits=9)`` (a codec id and its parameters, a config dict
        or a :class:`~pyrevolve_net.compression.Codec`); u is then a :class:`CompressedWavefield` that
        ``jacobian_adjoint`` decompresses step by step and :func:`~pyrevolve_net.seismic.decompress` reads."""
        codec_params = _split_kwargs("forward", compression, kwargs)
        g = self.geometry
        self._check_src(src)
        self._check_dt(dt)
        vp_arr = self._vp(vp, model)
        codec = as_codec(compression, codec_params)
        out = self._output("rec", rec, (g.nt, g.nrec))
        if out is not None:
            self._check_coordinates("rec", rec, g.rec_positions)
        data = np.empty((g.nt, g.nrec), dtype=np.float32) if out is None else out.view(np.ndarray)
        result = out if isinstance(out, Receiver) else Receiver.wrap(data, "rec", g.rec_positions, g.time_axis)
        if codec is not None:
            if not save:
                raise ValueError("compression needs save=True (it compresses the saved wavefield)")
            if u is not None:
                raise ValueError("u: a compressed wavefield is created by the forward; give no u")
            handle = api.forward_compressed(self._native(), vp_arr, data, codec._handle)
            return result, CompressedWavefield(handle, codec), {"nt": g.nt, "dt": g.dt}
        if u is not None and not save:
            raise ValueError("u: only a saved wavefield (save=True) can be filled; without save no wavefield is kept")
        shape = (g.nt,) + self.model.grid_shape
        field = None
        if save:
            given = self._output("u", u, shape)
            field = given if given is not None else TimeFunction(np.empty(shape, dtype=np.float32), name="u")
        api.forward(self._native(), vp_arr, data, None if field is None else field.view(np.ndarray))
        return result, field, {"nt": g.nt, "dt": g.dt}

    def adjoint(self, rec: Any, srca: Any = None, v: Any = None, model: Any = None, vp: Any = None,
                dt: Any = None, **kwargs: Any) -> tuple[PointSource, TimeFunction, dict[str, Any]]:
        """Devito's ``adjoint(rec, srca=None, v=None, model=None, vp=...)``: the adjoint source record ``srca``
        (nt, nsrc) and the adjoint field ``v`` at t = 0 (grid_shape)."""
        _split_kwargs("adjoint", None, kwargs)
        g = self.geometry
        self._check_dt(dt)
        vp_arr = self._vp(vp, model)
        data = self._data("rec", rec)
        out = self._output("srca", srca, (g.nt, g.nsrc))
        s_arr = np.empty((g.nt, g.nsrc), dtype=np.float32) if out is None else out
        field = self._output("v", v, self.model.grid_shape)
        v_arr = field if field is not None else TimeFunction(np.empty(self.model.grid_shape, dtype=np.float32), name="v")
        api.adjoint(self._native(), vp_arr, data, s_arr.view(np.ndarray), v_arr.view(np.ndarray))
        result = s_arr if isinstance(s_arr, PointSource) or out is not None else PointSource.wrap(s_arr, "srca", g.src_positions, g.time_axis)
        return result, v_arr, {"nt": g.nt, "dt": g.dt}

    def jacobian_adjoint(self, rec: Any, u: Any = None, src: Any = None, v: Any = None, grad: Any = None,
                         model: Any = None, checkpointing: bool = False, vp: Any = None, n_checkpoints: int | None = None,
                         memory_budget: Any = None, schedule: NativeSchedule | None = None, compression: Any = None,
                         expected_ratio: float | None = None, dt: Any = None, **kwargs: Any) -> tuple[Function, GradientSummary]:
        """Devito's ``jacobian_adjoint(rec, u, src=None, v=None, grad=None, model=None, checkpointing=False, vp=...)``:
        the gradient w.r.t. m of ``<rec, J dm>`` on the computational grid and a :class:`GradientSummary`.

        Without ``checkpointing``, ``u`` is the wavefield of ``forward(save=True)``, plain or compressed, and no
        forward runs (without ``u`` the forward runs storing every wavefield). With ``checkpointing=True`` the
        forward is recomputed under Revolve (``n_checkpoints``, ``memory_budget`` or ``schedule``) and ``u`` is not
        used, as in Devito. ``grad``: an array of grid_shape the gradient is *added* to (Devito's ``grad``
        accumulates), returned. ``compression`` as in :meth:`gradient`."""
        codec_params = _split_kwargs("jacobian_adjoint", compression, kwargs)
        self._check_dt(dt)
        self._check_src(src)
        if v is not None:
            raise ValueError("v: the adjoint wavefield buffers are internal to the gradient; give no v")
        data = self._data("rec", rec)
        vp_arr = self._vp(vp, model)
        expected = (self.geometry.nt,) + self.model.grid_shape
        if checkpointing:
            u = None  # Devito recomputes the forward wavefield under checkpointing and ignores u
        elif u is not None:
            if isinstance(u, CompressedWavefield):
                if u.shape != expected:
                    raise ValueError(f"u holds a wavefield of shape {u.shape}; this solver needs {expected}")
            elif not isinstance(u, np.ndarray) or u.dtype != np.float32 or u.shape != expected or not u.flags.c_contiguous:
                raise ValueError(f"u must be the C-contiguous float32 array of forward(save=True), shape {expected}")
            else:
                u = u.view(np.ndarray)
        acc = self._output("grad", grad, self.model.grid_shape)
        g_arr, summary = self._gradient(data, True, vp_arr, checkpointing, n_checkpoints, memory_budget, schedule, u,
                                        as_codec(compression, codec_params), expected_ratio)
        if acc is None:
            return g_arr.view(Function), summary
        acc.view(np.ndarray)[...] += g_arr
        return acc, summary

    def gradient(self, d_obs: Any = None, *args: Any, **kwargs: Any) -> Any:
        """``gradient(d_obs, vp=None, checkpointing=True, n_checkpoints=None, memory_budget=None, schedule=None,
        compression=None, expected_ratio=None, **codec_params)``: the misfit 0.5 ||d_pred - d_obs||^2, its gradient
        w.r.t. m (computational grid, float32) and a :class:`GradientSummary`.

        ``checkpointing=False`` stores every wavefield (the reference); otherwise one of ``n_checkpoints``
        (classic Revolve; None: Revolve's default for nt), ``memory_budget`` (bytes or text such as '64 MiB':
        Revolve with as many checkpoints as fit) or ``schedule`` (any checkpoint schedule of ``nt`` steps, e.g.
        ``HRevolve``, ``MultistageCheckpointSchedule``). The result is bit for bit the same in every mode.

        ``compression`` (a codec id with its parameters as keywords, e.g. ``compression='bounded',
        rel_tolerance=1e-3``, a config dict or a Codec) compresses what is kept: the checkpoints, or every
        wavefield with ``checkpointing=False``. With a ``memory_budget`` the checkpoint count is planned from
        the compressed size: ``expected_ratio`` (or, for fixed-size bitcomp, its exact ratio). Lossless codecs
        keep the gradient bit for bit; lossy ones change it by about their error (see docs/codecs.md).

        **Devito's alias.** In Devito ``gradient`` is ``jacobian_adjoint``. A call in that form, with a saved
        wavefield as second argument or any of the keywords ``rec``, ``u``, ``grad``, ``src``, ``v``, ``model``,
        ``dt``, goes to :meth:`jacobian_adjoint` (same arguments) and returns its ``(grad, summary)``."""
        second = args[0] if args else None
        wavefield_2nd = second is not None and (isinstance(second, (TimeFunction, CompressedWavefield))
                                                or np.ndim(second) == self.model.dim + 1)
        if wavefield_2nd or {"rec", "u", "grad", "src", "v", "model", "dt"} & set(kwargs):
            if d_obs is not None:
                return self.jacobian_adjoint(d_obs, *args, **kwargs)
            return self.jacobian_adjoint(*args, **kwargs)
        names = ("vp", "checkpointing", "n_checkpoints", "memory_budget", "schedule", "compression", "expected_ratio")
        if len(args) > len(names):
            raise TypeError(f"gradient takes at most {len(names) + 1} positional arguments")
        for name, value in zip(names, args):
            if name in kwargs:
                raise TypeError(f"gradient got multiple values for argument {name!r}")
            kwargs[name] = value
        vp = kwargs.pop("vp", None)
        checkpointing = kwargs.pop("checkpointing", True)
        n_checkpoints = kwargs.pop("n_checkpoints", None)
        memory_budget = kwargs.pop("memory_budget", None)
        schedule = kwargs.pop("schedule", None)
        compression = kwargs.pop("compression", None)
        expected_ratio = kwargs.pop("expected_ratio", None)
        if d_obs is None:
            raise TypeError("gradient needs d_obs (the observed receiver data)")
        codec_params = _split_kwargs("gradient", compression, kwargs)
        data = self._data("d_obs", d_obs)
        grad, summary = self._gradient(data, False, self._vp(vp), checkpointing,
                                       n_checkpoints, memory_budget, schedule, None, as_codec(compression, codec_params),
                                       expected_ratio)
        return summary.misfit, grad.view(Function), summary

    def _gradient(self, data: np.ndarray, is_residual: bool, vp: Any, checkpointing: bool, n_checkpoints: int | None,
                  memory_budget: Any, schedule: NativeSchedule | None, u: np.ndarray | CompressedWavefield | None,
                  codec: Any = None, expected_ratio: float | None = None) -> tuple[np.ndarray, GradientSummary]:
        if expected_ratio is not None:
            if codec is None:
                raise ValueError("expected_ratio needs compression=")
            if isinstance(expected_ratio, bool) or not isinstance(expected_ratio, (int, float)) or not 1 <= expected_ratio < float("inf"):
                raise ValueError(f"expected_ratio must be a number >= 1, got {expected_ratio!r}")
        if codec is not None and u is not None:
            raise ValueError("compression applies to what the forward keeps; u was given, so no forward runs")
        given = [n for n, v in (("n_checkpoints", n_checkpoints), ("memory_budget", memory_budget), ("schedule", schedule)) if v is not None]
        if len(given) > 1:
            raise ValueError(f"give at most one of n_checkpoints, memory_budget, schedule (got {', '.join(given)})")
        if given and not checkpointing:
            raise ValueError(f"{given[0]} needs checkpointing=True")
        mode, name, budget = _STORE_ALL, "store-all", 0
        if checkpointing:
            if schedule is not None:
                if not isinstance(schedule, NativeSchedule):
                    raise TypeError(f"schedule must be a pyrevolve_net schedule object, not {type(schedule).__name__}")
                mode, name = _SCHEDULE, type(schedule).__name__
            elif memory_budget is not None:
                mode, budget = _BUDGET, parse_bytes("memory_budget", memory_budget)
                name = f"budget {budget} B"
            else:
                if n_checkpoints is not None and (isinstance(n_checkpoints, bool) or not isinstance(n_checkpoints, (int, np.integer)) or n_checkpoints < 1):
                    raise ValueError(f"n_checkpoints must be a positive integer, got {n_checkpoints!r}")
                mode, name = _REVOLVE, f"revolve({n_checkpoints})"
        grad = np.empty(self.model.grid_shape, dtype=np.float32)
        handle = schedule._handle if mode == _SCHEDULE else None
        compressed = u if isinstance(u, CompressedWavefield) else None
        plain = None if compressed is not None else u
        r = api.gradient(self._native(), self._vp(vp), data, is_residual, mode, n_checkpoints, budget, handle, plain, grad,
                         codec._handle if codec is not None else None, float(expected_ratio or 0.0),
                         compressed._handle if compressed is not None else None)
        summary = GradientSummary(
            mode=name, misfit=r.misfit, steps=r.steps, forward_steps=r.forward_steps, reverse_steps=r.reverse_steps,
            checkpoints=r.checkpoints, checkpoint_bytes=r.checkpoint_bytes, peak_storage_bytes=r.peak_storage_bytes,
            predicted_forward_steps=r.predicted_forward_steps, forward_seconds=r.forward_seconds,
            reverse_seconds=r.reverse_seconds, total_seconds=r.total_seconds, compression_ratio=r.compression_ratio)
        return grad, summary
