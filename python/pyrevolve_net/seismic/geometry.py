"""Acquisition geometry (Devito's ``examples.seismic.AcquisitionGeometry``)."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .model import Model

__all__ = ["AcquisitionGeometry", "ricker"]


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
                 f0: float = 0.010, src_type: str = "Ricker", dt: float | None = None) -> None:
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
        self.t0, self.f0, self.dt, self.src_type = t0, f0, step, src_type
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
