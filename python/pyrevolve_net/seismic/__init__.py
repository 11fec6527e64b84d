"""Seismic modelling and FWI gradients with checkpointing, mirroring Devito's ``examples.seismic`` API.

``Model``/``demo_model`` (layered and Marmousi presets, bilinear resampling), ``AcquisitionGeometry`` (Ricker
sources, receivers, time axis from Devito's critical dt) and ``AcousticWaveSolver`` (forward, adjoint,
jacobian_adjoint, gradient under a checkpoint count, a memory budget or a schedule, with compressed checkpoints or
a compressed saved wavefield: ``decompress``), ``setup_geometry`` and ``acoustic_setup`` (also in
``pyrevolve_net.seismic.acoustic``, like Devito's ``examples.seismic.acoustic``). Results carry Devito's ``.data``
(``Receiver``, ``TimeFunction``, ``Function`` are numpy arrays). Units as in Devito: km/s, m, ms, kHz.
"""
from __future__ import annotations

from .functions import Function, Grid, PointSource, Receiver, TimeAxis, TimeFunction
from .geometry import AcquisitionGeometry, ricker, setup_geometry, setup_rec_coords
from .model import Model, demo_model, marmousi, resample
from .solver import AcousticWaveSolver, GradientSummary
from .acoustic import acoustic_setup
from .wavefield import CompressedWavefield, decompress

__all__ = ["AcquisitionGeometry", "AcousticWaveSolver", "CompressedWavefield", "Function", "GradientSummary", "Grid",
           "Model", "PointSource", "Receiver", "TimeAxis", "TimeFunction", "acoustic_setup", "decompress",
           "demo_model", "marmousi", "resample", "ricker", "setup_geometry", "setup_rec_coords"]
