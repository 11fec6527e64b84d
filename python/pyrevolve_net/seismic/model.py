"""Velocity models (Devito's ``examples.seismic.Model`` and ``demo_model``) and bilinear resampling."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import math

import numpy as np

from .._native import seismic_api as api
from .functions import Grid, SeismicArray

__all__ = ["Model", "demo_model", "resample", "marmousi"]

_DATA = Path(__file__).resolve().parent / "data"


def _floats(name: str, value: Any, dim: int) -> np.ndarray:
    try:
        a = np.asarray(value, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} must be a sequence of {dim} numbers") from e
    if a.size != dim or not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must hold {dim} finite numbers, got {value!r}")
    return np.ascontiguousarray(a)


class Velocity(SeismicArray):
    """``model.vp`` (and ``model.m``): the physical-grid parameter (writes to ``model.vp`` go to the model);
    ``.data`` is Devito's ``vp.data``, the parameter on the computational grid with the layer (edge values
    repeated), a read-only copy."""

    _model: Any = None

    @property
    def data(self) -> np.ndarray:  # type: ignore[override]
        m = self._model
        plain = self.view(np.ndarray)
        padded = np.pad(plain, m.nbl, mode="edge") if m is not None and plain.shape == m.shape else plain.copy()
        padded.flags.writeable = False
        return padded


class Model:
    """An acoustic model: P velocity ``vp`` (km/s) on a regular grid of ``shape`` points, ``spacing`` (m),
    ``origin`` (m), an absorbing layer of ``nbl`` points on every face and the FD ``space_order``.

    As in Devito the computational grid is the physical one extended by ``nbl`` points per face (velocity repeated
    from the edge); gradients and wavefields live on it (``grid_shape``); :meth:`crop` removes the layer.

    Both ``Model(vp, origin, spacing, shape, space_order, nbl)`` and Devito's positional order
    ``Model(origin, spacing, shape, space_order, vp, nbl)`` work (told apart by the integer fourth argument), and
    Devito's keywords: ``dtype`` (float32), ``fs`` (False), ``bcs`` ('damp'; 'mask' also gives the damping layer,
    as Devito's acoustic solver does), ``dt`` (fixes ``critical_dt``), ``grid`` (must be this model's grid).
    """

    def __init__(self, vp: Any = None, origin: Sequence[float] | None = None, spacing: Sequence[float] | None = None,
                 shape: Sequence[int] | None = None, space_order: Any = 4, nbl: int = 20, dtype: Any = np.float32,
                 fs: bool = False, bcs: str = "damp", dt: float | None = None, grid: Any = None, **kwargs: Any) -> None:
        if kwargs:
            raise TypeError(f"unsupported Model arguments: {', '.join(sorted(kwargs))}")
        # Devito's positional order is Model(origin, spacing, shape, space_order, vp, ...): there the fourth
        # argument is an integer (space_order), which can never be a shape here, so the order is unambiguous.
        if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
            vp, origin, spacing, shape, space_order = space_order, vp, origin, spacing, shape
        for name, value in (("vp", vp), ("origin", origin), ("spacing", spacing), ("shape", shape)):
            if value is None:
                raise TypeError(f"Model needs {name}")
        if np.dtype(dtype) != np.float32:
            raise ValueError("dtype: only float32 is supported")
        if fs:
            raise ValueError("fs: a free surface is not supported (absorbing layer on every face)")
        if bcs not in ("damp", "mask"):
            raise ValueError(f"bcs: only Devito's 'damp' absorbing layer is supported, got {bcs!r}")
        try:
            shape_t = tuple(int(n) for n in shape)
        except (TypeError, ValueError) as e:
            raise TypeError("shape must be a sequence of integers") from e
        if len(shape_t) not in (2, 3) or min(shape_t) < 2:
            raise ValueError(f"shape must have 2 or 3 axes of at least 2 points, got {shape!r}")
        dim = len(shape_t)
        if not isinstance(space_order, (int, np.integer)) or space_order not in (2, 4, 8, 12, 16):
            raise ValueError(f"space_order must be one of 2, 4, 8, 12, 16, got {space_order!r}")
        if not isinstance(nbl, (int, np.integer)) or nbl < 0:
            raise ValueError(f"nbl must be a non-negative integer, got {nbl!r}")
        self.shape = shape_t
        self.dim = dim
        self.origin = tuple(_floats("origin", origin, dim))
        sp = _floats("spacing", spacing, dim)
        if np.any(sp <= 0):
            raise ValueError(f"spacing must be positive, got {spacing!r}")
        self.spacing = tuple(sp)
        self.space_order = int(space_order)
        self.nbl = int(nbl)
        if dt is not None and not (isinstance(dt, (int, float, np.floating)) and math.isfinite(dt) and dt > 0):
            raise ValueError(f"dt must be a positive number, got {dt!r}")
        self._dt = None if dt is None else float(dt)
        self._version = 0
        self.vp = vp
        if grid is not None and grid != self.grid:
            raise ValueError(f"grid: {grid!r} is not this model's computational grid {self.grid!r}")

    @property
    def vp(self) -> "Velocity":
        """Velocity on the physical grid (float32, shape ``shape``); assign (or write into) it to change the model.
        ``model.vp.data`` is Devito's view: the velocity on the computational grid (layer included), read-only."""
        v = self._vp.view(Velocity)
        v.name, v._model = "vp", self
        return v

    @vp.setter
    def vp(self, value: Any) -> None:
        if np.isscalar(value):
            value = np.full(self.shape, value, dtype=np.float32)
        a = np.array(value, dtype=np.float32, order="C")  # a copy: the model owns its velocity
        if a.shape != self.shape:
            raise ValueError(f"vp must have shape {self.shape}, got {a.shape}")
        if not np.all(np.isfinite(a)) or np.any(a <= 0):
            raise ValueError("vp must be positive and finite everywhere")
        self._vp = a
        self._version += 1

    @property
    def m(self) -> "Velocity":
        """Squared slowness 1/vp^2 on the physical grid (float64, a copy); ``.data`` as for :attr:`vp`."""
        m = (1.0 / self._vp.astype(np.float64) ** 2).view(Velocity)
        m.name, m._model = "m", self
        return m

    @property
    def grid_shape(self) -> tuple[int, ...]:
        """Shape of the computational grid (layer included): gradients and wavefields."""
        return tuple(n + 2 * self.nbl for n in self.shape)

    @property
    def domain_size(self) -> tuple[float, ...]:
        return tuple((n - 1) * h for n, h in zip(self.shape, self.spacing))

    @property
    def grid(self) -> Grid:
        """Devito's ``model.grid``: the computational grid (``shape`` is ``grid_shape``)."""
        ext = tuple((n - 1) * h for n, h in zip(self.grid_shape, self.spacing))
        org = tuple(o - self.nbl * h for o, h in zip(self.origin, self.spacing))
        return Grid(self.grid_shape, ext, org, self.spacing)

    @property
    def dtype(self) -> type:
        return np.float32

    @property
    def critical_dt(self) -> float:
        """Devito's ``Model.critical_dt`` (computed by the C# core), or the ``dt`` given to the model."""
        if self._dt is not None:
            return self._dt
        return api.critical_dt(np.asarray(self.spacing, dtype=np.float64), self.space_order, float(self._vp.max()))

    def pad(self, field: Any) -> np.ndarray:
        """A physical-grid array extended to the computational grid by repeating edge values (float32)."""
        a = np.asarray(field, dtype=np.float32)
        if a.shape != self.shape:
            raise ValueError(f"field must have shape {self.shape}, got {a.shape}")
        return np.ascontiguousarray(np.pad(a, self.nbl, mode="edge"))

    def crop(self, field: np.ndarray) -> np.ndarray:
        """The physical part of a computational-grid array (a view; leading axes such as time are kept)."""
        if tuple(field.shape[-self.dim:]) != self.grid_shape:
            raise ValueError(f"field must end with the computational grid shape {self.grid_shape}, got {field.shape}")
        s = slice(self.nbl, -self.nbl or None)
        return field[(Ellipsis,) + (s,) * self.dim]


def resample(vp: np.ndarray, shape: Sequence[int]) -> np.ndarray:
    """Bilinear (trilinear in 3D) resampling of ``vp`` to ``shape`` over the same physical extent: the first and
    last points stay where they are, new point i sits at old index ``i (n_old - 1) / (n_new - 1)``. Interpolates
    velocity, not slowness (as the data README suggests)."""
    a = np.asarray(vp, dtype=np.float64)
    new = tuple(int(n) for n in shape)
    if len(new) != a.ndim or min(new) < 2:
        raise ValueError(f"shape must have {a.ndim} axes of at least 2 points, got {shape!r}")
    for axis, n in enumerate(new):
        old = a.shape[axis]
        x = np.linspace(0.0, old - 1.0, n)
        i0 = np.minimum(np.floor(x).astype(np.int64), old - 2)
        w = (x - i0).reshape((-1,) + (1,) * (a.ndim - 1 - axis))
        lo = np.take(a, i0, axis=axis)
        hi = np.take(a, i0 + 1, axis=axis)
        a = lo * (1 - w) + hi * w
    return a.astype(np.float32)


def marmousi(crop: bool = True) -> tuple[np.ndarray, tuple[float, float]]:
    """The Marmousi velocity (km/s, axes x then depth) shipped with the package and its spacing (m). ``crop``:
    Devito's ``v[301:-300, :]`` (1000 x 401, 7.5 km x 3 km); otherwise the full 1601 x 401 (12 km x 3 km)."""
    with np.load(_DATA / "marmousi2d.npz") as f:
        vp = f["vp"]
        spacing = tuple(float(h) for h in f["spacing"])
    if crop:
        vp = vp[301:-300, :]
    return np.ascontiguousarray(vp, dtype=np.float32), (spacing[0], spacing[1])


def demo_model(preset: str, **kwargs: Any) -> Model:
    """Devito's ``demo_model``: ``'constant-isotropic'`` (``vp`` 1.5, nbl 10), ``'layers-isotropic'`` (``shape``, ``spacing``, ``origin``, ``nbl``,
    ``space_order``, ``vp_top``, ``vp_bottom``, ``nlayers``) and ``'marmousi2d-isotropic'`` (``nbl``,
    ``space_order``, ``crop``, and ``shape`` to resample it bilinearly to another grid size, the spacing
    following from the fixed physical extent)."""
    if not isinstance(preset, str):
        raise TypeError("preset must be a string")
    space_order = kwargs.pop("space_order", 2)
    name = preset.lower()
    if name == "constant-isotropic":
        shape = tuple(kwargs.pop("shape", (101, 101)))
        spacing = kwargs.pop("spacing", tuple(10.0 for _ in shape))
        origin = kwargs.pop("origin", tuple(0.0 for _ in shape))
        nbl = kwargs.pop("nbl", 10)
        vp = float(kwargs.pop("vp", 1.5))
        return Model(np.full(shape, vp, dtype=np.float32), origin, spacing, shape, space_order=space_order, nbl=nbl,
                     **kwargs)
    if name == "layers-isotropic":
        shape = tuple(kwargs.pop("shape", (101, 101)))
        spacing = kwargs.pop("spacing", tuple(10.0 for _ in shape))
        origin = kwargs.pop("origin", tuple(0.0 for _ in shape))
        nbl = kwargs.pop("nbl", 40)
        vp_top = float(kwargs.pop("vp_top", 1.5))
        vp_bottom = float(kwargs.pop("vp_bottom", 3.5))
        nlayers = int(kwargs.pop("nlayers", 2))
        if nlayers < 1:
            raise ValueError(f"nlayers must be at least 1, got {nlayers}")
        v = np.full(shape, vp_top, dtype=np.float32)
        vp_i = np.linspace(vp_top, vp_bottom, nlayers)
        for i in range(1, nlayers):
            v[..., i * int(shape[-1] / nlayers):] = vp_i[i]
        return Model(v, origin, spacing, shape, space_order=space_order, nbl=nbl, **kwargs)
    if name == "marmousi2d-isotropic":
        nbl = kwargs.pop("nbl", 20)
        crop = kwargs.pop("crop", True)
        shape = kwargs.pop("shape", None)
        origin = kwargs.pop("origin", (0.0, 0.0))
        v, spacing = marmousi(crop)
        if shape is not None:
            extent = [(n - 1) * h for n, h in zip(v.shape, spacing)]
            v = resample(v, shape)
            spacing = tuple(e / (n - 1) for e, n in zip(extent, v.shape))
        return Model(v, origin, spacing, v.shape, space_order=space_order, nbl=nbl, **kwargs)
    raise ValueError(f"preset must be 'constant-isotropic', 'layers-isotropic' or 'marmousi2d-isotropic', got {preset!r}")
