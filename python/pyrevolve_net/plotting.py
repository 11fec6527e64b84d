"""Matplotlib figures of a velocity model, a shot record, a wavefield snapshot and a gradient.

Each function draws on a new figure (or ``ax``) and returns the figure; ``path`` saves it (PNG by extension).
Axes follow Devito's plotting helpers: x horizontal, depth down, in km.
"""
from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["plot_velocity", "plot_shotrecord", "plot_wavefield", "plot_gradient"]


def _axes(ax: Any, figsize: tuple[float, float]) -> tuple[Any, Any]:
    import matplotlib

    if ax is None:
        # Headless by default, but keep a notebook's inline backend (read raw: no backend resolution here).
        if "inline" not in str(dict.get(matplotlib.rcParams, "backend")):
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax


def _finish(fig: Any, path: Any) -> Any:
    if path is not None:
        fig.savefig(path, dpi=100, bbox_inches="tight")
    return fig


def _extent(model: Any, with_layer: bool) -> list[float]:
    nbl = model.nbl if with_layer else 0
    x0 = (model.origin[0] - nbl * model.spacing[0]) / 1000
    z0 = (model.origin[1] - nbl * model.spacing[1]) / 1000
    x1 = x0 + (model.shape[0] - 1 + 2 * nbl) * model.spacing[0] / 1000
    z1 = z0 + (model.shape[1] - 1 + 2 * nbl) * model.spacing[1] / 1000
    return [x0, x1, z1, z0]


def _field2d(model: Any, field: np.ndarray, name: str) -> tuple[np.ndarray, bool]:
    a = np.asarray(field)
    if model.dim != 2:
        raise ValueError(f"{name}: only 2D models can be plotted")
    if a.shape == model.shape:
        return a, False
    if a.shape == model.grid_shape:
        return a, True
    raise ValueError(f"{name} must have shape {model.shape} or {model.grid_shape}, got {a.shape}")


def plot_velocity(model: Any, source: Any = None, receiver: Any = None, ax: Any = None, path: Any = None,
                  cmap: str = "jet", title: str = "Velocity (km/s)") -> Any:
    """The model's velocity (physical domain) with optional source and receiver positions (m)."""
    fig, ax = _axes(ax, (8, 3.5))
    im = ax.imshow(model.vp.T, cmap=cmap, extent=_extent(model, False), aspect="auto")
    if receiver is not None:
        r = np.asarray(receiver) / 1000
        ax.scatter(r[:, 0], r[:, 1], s=8, c="green", marker="D", label="receivers")
    if source is not None:
        s = np.asarray(source) / 1000
        ax.scatter(s[:, 0], s[:, 1], s=40, c="red", marker="o", label="sources")
    ax.set_xlabel("x (km)")
    ax.set_ylabel("depth (km)")
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="km/s")
    return _finish(fig, path)


def plot_shotrecord(rec: np.ndarray, model: Any, t0: float, tn: float, ax: Any = None, path: Any = None,
                    clip: float = 0.1) -> Any:
    """A shot record (nt, nrec) in grey scale, clipped at ``clip`` times its largest amplitude."""
    fig, ax = _axes(ax, (5, 6))
    a = np.asarray(rec)
    if a.ndim != 2:
        raise ValueError(f"rec must have shape (nt, nrec), got {a.shape}")
    scale = clip * float(np.max(np.abs(a))) or 1.0
    x1 = model.origin[0] / 1000 + model.domain_size[0] / 1000
    im = ax.imshow(a, vmin=-scale, vmax=scale, cmap="gray", aspect="auto",
                   extent=[model.origin[0] / 1000, x1, tn, t0])
    ax.set_xlabel("x (km)")
    ax.set_ylabel("time (ms)")
    ax.set_title("Shot record")
    fig.colorbar(im, ax=ax)
    return _finish(fig, path)


def plot_wavefield(field: np.ndarray, model: Any, ax: Any = None, path: Any = None, clip: float = 0.5,
                   title: str = "Wavefield") -> Any:
    """One wavefield snapshot (physical or computational grid) over the model in grey."""
    fig, ax = _axes(ax, (8, 3.5))
    a, layer = _field2d(model, field, "field")
    scale = clip * float(np.max(np.abs(a))) or 1.0
    ext = _extent(model, layer)
    ax.imshow(model.pad(model.vp).T if layer else model.vp.T, cmap="jet", extent=ext, aspect="auto", alpha=0.4)
    ax.imshow(a.T, cmap="seismic", vmin=-scale, vmax=scale, extent=ext, aspect="auto", alpha=0.6)
    ax.set_xlabel("x (km)")
    ax.set_ylabel("depth (km)")
    ax.set_title(title)
    return _finish(fig, path)


def plot_gradient(grad: np.ndarray, model: Any, ax: Any = None, path: Any = None, clip: float = 0.5,
                  crop: bool = True, title: str = "Gradient w.r.t. m") -> Any:
    """A gradient (computational grid, cropped to the physical domain by default), symmetric colour scale."""
    fig, ax = _axes(ax, (8, 3.5))
    a, layer = _field2d(model, grad, "grad")
    if layer and crop:
        a, layer = model.crop(a), False
    scale = clip * float(np.max(np.abs(a))) or 1.0
    im = ax.imshow(a.T, cmap="seismic", vmin=-scale, vmax=scale, extent=_extent(model, layer), aspect="auto")
    ax.set_xlabel("x (km)")
    ax.set_ylabel("depth (km)")
    ax.set_title(title)
    fig.colorbar(im, ax=ax)
    return _finish(fig, path)
