"""The acoustic solver (Devito's ``examples.seismic.acoustic.AcousticWaveSolver``) over the C# core.

Every time step runs in C#: forward, adjoint and the gradient with checkpointing (the Revolver engine with C#
operators), so no Python runs per step. Arrays are float32 numpy buffers that C# fills in place.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._native import Handle
from .._native import seismic_api as api
from .._sizes import parse_bytes
from ..schedules.schedule import NativeSchedule
from .geometry import AcquisitionGeometry
from .model import Model
from .wavefield import CompressedWavefield, as_codec

__all__ = ["AcousticWaveSolver", "GradientSummary"]

_STORE_ALL, _REVOLVE, _BUDGET, _SCHEDULE = 0, 1, 2, 3


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
    """Forward, adjoint and gradient operators for ``model`` and ``geometry``.

    ``space_order`` defaults to the model's (and must match it when given, as the FD stencil is the model's).
    """

    def __init__(self, model: Model, geometry: AcquisitionGeometry, space_order: int | None = None, **kwargs: Any) -> None:
        if kwargs:
            raise TypeError(f"unsupported AcousticWaveSolver arguments: {', '.join(sorted(kwargs))}")
        if not isinstance(model, Model):
            raise TypeError(f"model must be a pyrevolve_net.seismic.Model, not {type(model).__name__}")
        if not isinstance(geometry, AcquisitionGeometry):
            raise TypeError(f"geometry must be an AcquisitionGeometry, not {type(geometry).__name__}")
        if geometry.model is not model:
            raise ValueError("geometry must be built on the same model")
        if space_order is not None and space_order != model.space_order:
            raise ValueError(f"space_order {space_order} differs from the model's {model.space_order}")
        self.model = model
        self.geometry = geometry
        self.space_order = model.space_order
        self._handle: Handle | None = None
        self._version = -1
        self._native()  # fail here on an unstable dt or a bad position, not at the first call

    # The native solver captures the velocity; rebuild it when the model's vp was assigned since.
    def _native(self) -> Handle:
        if self._handle is None or self._version != self.model._version:
            if self._handle is not None:
                self._handle.close()
            m, g = self.model, self.geometry
            self._handle = api.create(m.vp, np.asarray(m.spacing), np.asarray(m.origin), m.space_order, m.nbl,
                                      g.rec_positions, g.src_positions, g.t0, g.tn_requested, g.f0, g.dt)
            self._version = m._version
            nt = api.info(self._handle).nt
            if nt != g.nt:
                raise RuntimeError(f"the native solver has nt={nt}, the geometry {g.nt}")
        return self._handle

    def _vp(self, vp: Any) -> np.ndarray | None:
        if vp is None:
            return None
        a = np.asarray(vp, dtype=np.float32)
        if a.shape == self.model.shape:
            return self.model.pad(a)
        if a.shape == self.model.grid_shape:
            return np.ascontiguousarray(a)
        raise ValueError(f"vp must have shape {self.model.shape} (physical) or {self.model.grid_shape} (with the layer), got {a.shape}")

    def _data(self, name: str, rec: Any) -> np.ndarray:
        a = np.ascontiguousarray(rec, dtype=np.float32)
        expected = (self.geometry.nt, self.geometry.nrec)
        if a.shape != expected:
            raise ValueError(f"{name} must have shape {expected} (nt, nrec), got {a.shape}")
        return a

    def forward(self, vp: Any = None, save: bool = False, compression: Any = None,
                **codec_params: Any) -> tuple[np.ndarray, np.ndarray | CompressedWavefield | None, dict[str, Any]]:
        """Receiver data (nt, nrec); with ``save`` every wavefield u(t) (nt, *grid_shape), else None.

        ``compression`` (with ``save``): keep u compressed as the forward writes it, DevitoPRO style:
        ``forward(save=True, compression='bitcomp', nbits=9)`` (a codec id and its parameters, a config dict
        or a :class:`~pyrevolve_net.compression.Codec`); u is then a :class:`CompressedWavefield` that
        ``jacobian_adjoint`` decompresses step by step and :func:`~pyrevolve_net.seismic.decompress` reads."""
        g = self.geometry
        codec = as_codec(compression, codec_params)
        rec = np.empty((g.nt, g.nrec), dtype=np.float32)
        if codec is not None:
            if not save:
                raise ValueError("compression needs save=True (it compresses the saved wavefield)")
            handle = api.forward_compressed(self._native(), self._vp(vp), rec, codec._handle)
            return rec, CompressedWavefield(handle, codec), {"nt": g.nt, "dt": g.dt}
        u = np.empty((g.nt,) + self.model.grid_shape, dtype=np.float32) if save else None
        api.forward(self._native(), self._vp(vp), rec, u)
        return rec, u, {"nt": g.nt, "dt": g.dt}

    def adjoint(self, rec: Any, vp: Any = None) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
        """Adjoint modelling of receiver data: the adjoint source record (nt, nsrc) and the adjoint field at t=0."""
        g = self.geometry
        data = self._data("rec", rec)
        srca = np.empty((g.nt, g.nsrc), dtype=np.float32)
        v = np.empty(self.model.grid_shape, dtype=np.float32)
        api.adjoint(self._native(), self._vp(vp), data, srca, v)
        return srca, v, {"nt": g.nt, "dt": g.dt}

    def jacobian_adjoint(self, rec_residual: Any, u: np.ndarray | CompressedWavefield | None = None, vp: Any = None,
                         checkpointing: bool = False, n_checkpoints: int | None = None, memory_budget: Any = None,
                         schedule: NativeSchedule | None = None, compression: Any = None, expected_ratio: float | None = None,
                         **codec_params: Any) -> tuple[np.ndarray, GradientSummary]:
        """The gradient w.r.t. m of ``<rec_residual, J dm>`` (Devito's ``jacobian_adjoint``) on the computational
        grid. ``u``: the wavefield of ``forward(save=True)``, plain or compressed (no forward is run); otherwise
        the forward runs, storing everything or, with ``checkpointing``, under the given budget. ``compression``
        as in :meth:`gradient`."""
        data = self._data("rec_residual", rec_residual)
        if u is not None:
            if checkpointing:
                raise ValueError("u: a saved wavefield needs checkpointing=False")
            expected = (self.geometry.nt,) + self.model.grid_shape
            if isinstance(u, CompressedWavefield):
                if u.shape != expected:
                    raise ValueError(f"u holds a wavefield of shape {u.shape}; this solver needs {expected}")
            elif not isinstance(u, np.ndarray) or u.dtype != np.float32 or u.shape != expected or not u.flags.c_contiguous:
                raise ValueError(f"u must be the C-contiguous float32 array of forward(save=True), shape {expected}")
        return self._gradient(data, True, vp, checkpointing, n_checkpoints, memory_budget, schedule, u,
                              as_codec(compression, codec_params), expected_ratio)

    def gradient(self, d_obs: Any, vp: Any = None, checkpointing: bool = True, n_checkpoints: int | None = None,
                 memory_budget: Any = None, schedule: NativeSchedule | None = None, compression: Any = None,
                 expected_ratio: float | None = None, **codec_params: Any) -> tuple[float, np.ndarray, GradientSummary]:
        """Misfit 0.5 ||d_pred - d_obs||^2 and its gradient w.r.t. m (computational grid, float32).

        ``checkpointing=False`` stores every wavefield (the reference); otherwise one of ``n_checkpoints``
        (classic Revolve; None: Revolve's default for nt), ``memory_budget`` (bytes or text such as '64 MiB':
        Revolve with as many checkpoints as fit) or ``schedule`` (any checkpoint schedule of ``nt`` steps, e.g.
        ``HRevolve``, ``MultistageCheckpointSchedule``). The result is bit for bit the same in every mode.

        ``compression`` (a codec id with its parameters as keywords, e.g. ``compression='bounded',
        rel_tolerance=1e-3``, a config dict or a Codec) compresses what is kept: the checkpoints, or every
        wavefield with ``checkpointing=False``. With a ``memory_budget`` the checkpoint count is planned from
        the compressed size: ``expected_ratio`` (or, for fixed-size bitcomp, its exact ratio). Lossless codecs
        keep the gradient bit for bit; lossy ones change it by about their error (see docs/codecs.md)."""
        data = self._data("d_obs", d_obs)
        grad, summary = self._gradient(data, False, vp, checkpointing, n_checkpoints, memory_budget, schedule, None,
                                       as_codec(compression, codec_params), expected_ratio)
        return summary.misfit, grad, summary

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
