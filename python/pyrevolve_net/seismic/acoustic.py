"""Devito's ``examples.seismic.acoustic``: :class:`AcousticWaveSolver` and :func:`acoustic_setup`.

``from examples.seismic.acoustic import ...`` becomes ``from pyrevolve_net.seismic.acoustic import ...`` (the same
names are also in ``pyrevolve_net.seismic``).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .geometry import setup_geometry
from .model import demo_model
from .solver import AcousticWaveSolver

__all__ = ["AcousticWaveSolver", "acoustic_setup"]


def acoustic_setup(shape: tuple[int, ...] = (50, 50, 50), spacing: tuple[float, ...] = (15.0, 15.0, 15.0),
                   tn: float = 500.0, kernel: str = "OT2", space_order: int = 4, nbl: int = 10,
                   preset: str = "layers-isotropic", fs: bool = False, **kwargs: Any) -> AcousticWaveSolver:
    """Devito's ``acoustic_setup``: ``demo_model(preset, ...)``, :func:`setup_geometry` (``tn``, f0 = 10 Hz) and an
    :class:`AcousticWaveSolver`. ``dtype`` goes to the model; Devito's performance options (``opt``,
    ``autotune``, ...) are accepted, anything else that the model does not take is a TypeError."""
    solver_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in ("opt", "autotune", "language", "platform",
                                                                     "compiler", "time_order")}
    model = demo_model(preset, space_order=space_order, shape=shape, nbl=nbl,
                       dtype=kwargs.pop("dtype", np.float32), spacing=spacing, fs=fs, **kwargs)
    geometry = setup_geometry(model, tn)
    return AcousticWaveSolver(model, geometry, kernel=kernel, space_order=space_order, **solver_kwargs)
