"""Seismic modelling and FWI gradients with checkpointing, mirroring Devito's ``examples.seismic`` API.

``Model``/``demo_model`` (layered and Marmousi presets, bilinear resampling), ``AcquisitionGeometry`` (Ricker
sources, receivers, time axis from Devito's critical dt) and ``AcousticWaveSolver`` (forward, adjoint,
jacobian_adjoint, gradient under a checkpoint count, a memory budget or a schedule, with compressed checkpoints or
a compressed saved wavefield: ``decompress``). Units as in Devito:
km/s, m, ms, kHz.
"""
from __future__ import annotations

from .geometry import AcquisitionGeometry, ricker
from .model import Model, demo_model, marmousi, resample
from .solver import AcousticWaveSolver, GradientSummary
from .wavefield import CompressedWavefield, decompress

__all__ = ["AcquisitionGeometry", "AcousticWaveSolver", "CompressedWavefield", "GradientSummary", "Model", "decompress",
           "demo_model", "marmousi", "resample", "ricker"]
