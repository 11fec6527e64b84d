"""Devito-shaped data objects: numpy arrays with Devito's ``.data``, a ``Grid``, a ``TimeAxis`` and ``Receiver``.

Devito's solvers return ``Function``/``TimeFunction``/``Receiver`` objects whose values are read and written through
``.data``. Ours return numpy arrays of these subclasses, so both styles work on the same object::

    rec, u, _ = solver.forward(save=True)
    rec.data[:, 0]        # Devito style: a plain ndarray view of the same memory (writes go through)
    rec[:, 0]             # numpy style
    rec.data - d_obs      # plain ndarrays in arithmetic: ufuncs on these arrays return ndarray, not the subclass

A subclass shadows ``ndarray.data`` (the raw buffer memoryview); ``memoryview(a)`` still gives the buffer.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["SeismicArray", "Function", "TimeFunction", "SparseTimeFunction", "Receiver", "PointSource", "Grid",
           "TimeAxis"]


class SeismicArray(np.ndarray):
    """A float32 numpy array with Devito's ``.data`` (a plain ``ndarray`` view of the same memory) and a ``name``."""

    name: str | None = None

    def __new__(cls, array: Any, name: str | None = None) -> "SeismicArray":
        obj = np.asarray(array).view(cls)
        obj.name = name
        return obj

    def __array_finalize__(self, obj: Any) -> None:
        if obj is not None:
            self.name = getattr(obj, "name", None)

    @property
    def data(self) -> np.ndarray:  # type: ignore[override]
        """The values as a plain ndarray view (Devito's ``Function.data``); ``f.data[:] = x`` writes in place."""
        return self.view(np.ndarray)

    # Arithmetic yields plain ndarrays (a residual is data, not a receiver), except in place (``a += b`` keeps a).
    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, out: Any = None, **kwargs: Any) -> Any:
        plain = tuple(i.view(np.ndarray) if isinstance(i, SeismicArray) else i for i in inputs)
        if out is not None:
            kwargs["out"] = tuple(o.view(np.ndarray) if isinstance(o, SeismicArray) else o for o in out)
        result = getattr(ufunc, method)(*plain, **kwargs)
        if out is not None:
            return out[0] if len(out) == 1 else out
        return result

    def __reduce__(self) -> Any:  # pickle as a plain array
        return self.view(np.ndarray).__reduce__()


class Function(SeismicArray):
    """A field on the computational grid (Devito's ``Function``), e.g. the gradient."""


class TimeFunction(SeismicArray):
    """A wavefield (Devito's ``TimeFunction``): ``(nt, *grid_shape)`` with ``save=True``, else one time level."""


class SparseTimeFunction(SeismicArray):
    """Time series at points, ``(nt, npoint)``, with ``coordinates`` (npoint, dim) in m."""

    coordinates: Any = None
    time_range: Any = None

    def __new__(cls, name: str = "rec", grid: Any = None, time_range: "TimeAxis | None" = None,
                npoint: int | None = None, coordinates: Any = None, data: Any = None, dtype: Any = np.float32,
                interpolation: str = "linear", r: Any = None, **kwargs: Any) -> "SparseTimeFunction":
        """Devito's ``Receiver(name, grid, time_range, npoint, coordinates, data, dtype)``. ``grid`` is checked
        against nothing (our solvers check ``coordinates`` against their geometry); float32 and linear only."""
        if kwargs:
            raise TypeError(f"unsupported {cls.__name__} arguments: {', '.join(sorted(kwargs))}")
        if np.dtype(dtype) != np.float32:
            raise ValueError(f"dtype: only float32 is supported, got {np.dtype(dtype)}")
        if interpolation != "linear":
            raise ValueError(f"interpolation: only 'linear' is supported, got {interpolation!r}")
        if r not in (None, 1):
            raise ValueError(f"r: only the linear interpolation radius 1 is supported, got {r!r}")
        if grid is not None and not isinstance(grid, Grid):
            raise TypeError(f"grid must be a model's grid (model.grid), not {type(grid).__name__}")
        values = None if data is None else np.asarray(data, dtype=np.float32)
        if values is not None and values.ndim == 1:
            values = values[:, None]
        coords = None
        if coordinates is not None:
            coords = np.array(coordinates, dtype=np.float64, ndmin=2)
            if grid is not None and coords.shape[1] != grid.dim:
                raise ValueError(f"coordinates must have shape (npoint, {grid.dim}), got {coords.shape}")
        n_pts = npoint if npoint is not None else (coords.shape[0] if coords is not None else
                                                    (values.shape[1] if values is not None else None))
        nt = time_range.num if time_range is not None else (values.shape[0] if values is not None else None)
        if n_pts is None or nt is None:
            raise ValueError(f"{cls.__name__} needs time_range or data, and npoint, coordinates or data")
        if coords is not None and coords.shape[0] != n_pts:
            raise ValueError(f"coordinates: {coords.shape[0]} points, npoint {n_pts}")
        obj = np.zeros((nt, n_pts), dtype=np.float32).view(cls)
        if values is not None:
            if values.shape != obj.shape:
                raise ValueError(f"data must have shape {obj.shape} (nt, npoint), got {values.shape}")
            obj[...] = values
        obj.name = name
        obj.coordinates = None if coords is None else SeismicArray(coords, name=f"{name}_coords")
        obj.time_range = time_range
        return obj

    def __array_finalize__(self, obj: Any) -> None:
        super().__array_finalize__(obj)
        if obj is not None:
            self.coordinates = getattr(obj, "coordinates", None)
            self.time_range = getattr(obj, "time_range", None)

    @classmethod
    def wrap(cls, array: np.ndarray, name: str, coordinates: Any = None, time_range: Any = None) -> "SparseTimeFunction":
        obj = array.view(cls)
        obj.name = name
        obj.coordinates = None if coordinates is None else SeismicArray(np.array(coordinates, dtype=np.float64), name=f"{name}_coords")
        obj.time_range = time_range
        return obj


class Receiver(SparseTimeFunction):
    """Receiver data ``(nt, nrec)`` (Devito's ``Receiver``): what ``forward`` returns and a residual for
    ``jacobian_adjoint``; ``Receiver(name='rec', grid=model.grid, time_range=geometry.time_axis,
    coordinates=geometry.rec_positions, data=...)`` as in Devito."""


class PointSource(SparseTimeFunction):
    """Source time series ``(nt, nsrc)`` (Devito's ``PointSource``): the adjoint source record of ``adjoint``."""


class Grid:
    """The computational grid of a model (Devito's ``model.grid``): ``shape`` includes the absorbing layer."""

    def __init__(self, shape: tuple[int, ...], extent: tuple[float, ...], origin: tuple[float, ...],
                 spacing: tuple[float, ...], dtype: Any = np.float32) -> None:
        self.shape, self.extent, self.origin, self.spacing = tuple(shape), tuple(extent), tuple(origin), tuple(spacing)
        self.dim = len(self.shape)
        self.dtype = np.dtype(dtype).type

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Grid) and self.shape == other.shape and self.spacing == other.spacing
                and self.origin == other.origin)

    def __hash__(self) -> int:
        return hash((self.shape, self.spacing, self.origin))

    def __repr__(self) -> str:
        return f"Grid(shape={self.shape}, extent={self.extent}, origin={self.origin})"


class TimeAxis:
    """Devito's ``TimeAxis``: give ``start`` and two of ``step``, ``num``, ``stop``. With ``step``,
    ``num = ceil((stop - start + step) / step)`` and ``stop`` is moved to ``start + (num - 1) step``."""

    def __init__(self, start: float | None = None, step: float | None = None, num: int | None = None,
                 stop: float | None = None) -> None:
        try:
            if start is not None and step is not None and num is None and stop is not None:
                num = int(math.ceil((stop - start + step) / step))
                stop = step * (num - 1) + start
            elif start is not None and step is not None and num is not None and stop is None:
                stop = step * (num - 1) + start
            elif start is not None and step is None and num is not None and stop is not None:
                step = (stop - start) / (num - 1)
            else:
                raise ValueError("TimeAxis needs start and exactly two of step, num, stop")
        except ZeroDivisionError:
            raise ValueError("TimeAxis: step and num - 1 must be non-zero") from None
        self.start, self.step, self.num, self.stop = float(start), float(step), int(num), float(stop)

    @property
    def time_values(self) -> np.ndarray:
        return np.linspace(self.start, self.stop, self.num)

    def __repr__(self) -> str:
        return f"TimeAxis: start={self.start:g}, stop={self.stop:g}, step={self.step:g}, num={self.num}"
