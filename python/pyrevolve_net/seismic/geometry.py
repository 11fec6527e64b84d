"""Acquisition geometry (Devito's ``examples.seismic.AcquisitionGeometry``)."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .functions import Grid, Receiver, TimeAxis
from .model import Model

__all__ = ["AcquisitionGeometry", "ricker", "setup_geometry", "setup_rec_coords"]


def _positions(name: str, value: Any, model: Model) -> np.ndarray:
    try:
        a = np.array(value, dtype=np.float64, ndmin=2)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} must be an array of shape (npoints, {model.dim})") from e
    if a.ndim != 2 or a.shape[1] != model.dim or a.shape[0] < 1:
        raise ValueError(f"{name} must have shape (npoints, {model.dim}), got {a.shape}")
    lo = np.asarray(model.origin)
    hi = lo + np.asarray(model.domain_size)
    tol = 1e-6 * np.asarray(model.spacing)
    if not np.all(np.isfinite(a)) or np.any(a < lo - tol) or np.any(a > hi + tol):
        raise ValueError(f"{name}: every point must lie inside the model ({lo} .. {hi})")
    return np.ascontiguousarray(a)


def ricker(time_values: np.ndarray, f0: float) -> np.ndarray:
    """Devito's Ricker wavelet ``(1 - 2 r^2) exp(-r^2)``, ``r = pi f0 (t - 1/f0)``."""
    r = (np.pi * f0 * (np.asarray(time_values, dtype=np.float64) - 1.0 / f0)) ** 2
    return ((1 - 2 * r) * np.exp(-r)).astype(np.float32)


class AcquisitionGeometry:
    """Sources and receivers (physical coordinates, shape (n, dim)), the time axis t0..tn (ms) with step
    ``dt`` (default: the model's critical dt) and a Ricker source of peak frequency ``f0`` (kHz)."""

    def __init__(self, model: Model, rec_positions: Any, src_positions: Any, t0: float, tn: float,
                 f0: float = 0.010, src_type: str = "Ricker", dt: float | None = None, interpolation: str = "linear",
                 r: Any = None, a: Any = None, t0w: Any = None, **kwargs: Any) -> None:
        if kwargs:
            raise TypeError(f"unsupported AcquisitionGeometry arguments: {', '.join(sorted(kwargs))}")
        if interpolation != "linear":
            raise ValueError(f"interpolation: only 'linear' is supported, got {interpolation!r}")
        if r not in (None, 1):
            raise ValueError(f"r: only the linear interpolation radius 1 is supported, got {r!r}")
        if a is not None or t0w is not None:
            raise ValueError("a, t0w: only the Ricker wavelet with its default delay 1/f0 is supported")
        if f0 is None:
            raise ValueError("f0: the peak frequency (kHz) is needed for the Ricker source")
        if not isinstance(model, Model):
            raise TypeError(f"model must be a pyrevolve_net.seismic.Model, not {type(model).__name__}")
        if src_type != "Ricker":
            raise ValueError(f"src_type: only 'Ricker' is supported, got {src_type!r}")
        t0, tn, f0 = float(t0), float(tn), float(f0)
        if not (math.isfinite(t0) and math.isfinite(tn) and tn > t0):
            raise ValueError(f"tn must be finite and greater than t0 (t0={t0}, tn={tn})")
        if not (math.isfinite(f0) and f0 > 0):
            raise ValueError(f"f0 must be positive, got {f0}")
        step = model.critical_dt if dt is None else float(dt)
        if not (math.isfinite(step) and step > 0):
            raise ValueError(f"dt must be positive, got {dt}")
        self.model = model
        self.rec_positions = _positions("rec_positions", rec_positions, model)
        self.src_positions = _positions("src_positions", src_positions, model)
        self.t0, self.f0, self.dt, self.src_type, self.interpolation = t0, f0, step, src_type, interpolation
        self.tn_requested = tn  # the native solver recomputes nt from the same numbers
        self.nt = int(math.ceil((tn - t0 + step) / step))
        self.tn = t0 + step * (self.nt - 1)

    @property
    def nrec(self) -> int:
        return self.rec_positions.shape[0]

    @property
    def nsrc(self) -> int:
        return self.src_positions.shape[0]

    @property
    def time_values(self) -> np.ndarray:
        return self.t0 + self.dt * np.arange(self.nt)

    @property
    def src(self) -> np.ndarray:
        """The source wavelet sampled on the time axis."""
        return ricker(self.time_values, self.f0)

    @property
    def time_axis(self) -> TimeAxis:
        """Devito's ``geometry.time_axis`` (start ``t0``, step ``dt``, ``nt`` points)."""
        return TimeAxis(start=self.t0, step=self.dt, num=self.nt)

    @property
    def grid(self) -> Grid:
        return self.model.grid

    @property
    def dtype(self) -> type:
        return np.float32

    @property
    def rec(self) -> Receiver:
        """A new zero receiver record (nt, nrec), as Devito's ``geometry.rec``."""
        return self.new_rec()

    def new_rec(self, name: str = "rec", coordinates: Any = None) -> Receiver:
        coords = self.rec_positions if coordinates is None else coordinates
        return Receiver(name=name, grid=self.grid, time_range=self.time_axis, npoint=self.nrec, coordinates=coords)


def setup_rec_coords(model: Model) -> np.ndarray:
    """Devito's receiver line: ``shape[0]`` receivers from ``origin[0]`` to ``domain_size[0]`` (a grid of
    ``shape[0] x shape[1]`` in 3D), at depth ``origin[-1] + 2 spacing[-1]``."""
    nrecx = model.shape[0]
    recx = np.linspace(model.origin[0], model.domain_size[0], nrecx)
    depth = model.origin[-1] + 2 * model.spacing[-1]
    if model.dim == 2:
        return np.stack([recx, np.full(nrecx, depth)], axis=1)
    nrecy = model.shape[1]
    recy = np.linspace(model.origin[1], model.domain_size[1], nrecy)
    xx, yy = np.meshgrid(recx, recy, indexing="ij")
    return np.stack([xx.ravel(), yy.ravel(), np.full(xx.size, depth)], axis=1)


def setup_geometry(model: Model, tn: float, f0: float = 0.010, interpolation: str = "linear",
                   **kwargs: Any) -> AcquisitionGeometry:
    """Devito's ``setup_geometry``: one Ricker source in the middle of the model (x, and y in 3D) one grid
    spacing below the top, receivers from :func:`setup_rec_coords`, t0 = 0, the model's critical dt."""
    src = np.empty((1, model.dim))
    src[0, :] = np.array(model.domain_size) * 0.5
    src[0, -1] = model.origin[-1] + model.spacing[-1]
    return AcquisitionGeometry(model, setup_rec_coords(model), src, t0=0.0, tn=tn, src_type="Ricker", f0=f0,
                               interpolation=interpolation, **kwargs)
