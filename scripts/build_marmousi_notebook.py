#!/usr/bin/env python3
"""Writes examples/marmousi_gradient.ipynb: the Marmousi FWI gradient with checkpointing, step by step (the
notebook companion of examples/marmousi_gradient.py, at a small size so that it runs in seconds), without outputs.

Run it again after editing a cell below: ``.venv/bin/python scripts/build_marmousi_notebook.py``.
tests/python/test_marmousi_notebook.py executes the notebook and checks its printed results and figures.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

OUT = Path(__file__).resolve().parent.parent / "examples" / "marmousi_gradient.ipynb"

CELLS: list[tuple[str, str]] = [
    ("markdown", """\
# The FWI gradient on the Marmousi model, with checkpointing

This notebook computes the gradient of the full-waveform-inversion misfit
$\\Phi(m) = \\frac12 \\|d_{pred}(m) - d_{obs}\\|^2$ with respect to the squared slowness $m = 1/v_p^2$ for one shot
on the Marmousi model, first storing every forward wavefield, then with checkpointing (Revolve) under two memory
limits. Every time step runs in the C# core; the Python API is Devito's `examples.seismic`
(`Model`, `demo_model`, `AcquisitionGeometry`, `AcousticWaveSolver`).

The sizes are small so that the notebook runs in seconds; `examples/marmousi_gradient.py --sizes 1001x401`
runs the same study at Devito's full 7.5 m resolution (see `docs/seismic.md`)."""),
    ("code", """\
%matplotlib inline
import time

import matplotlib.pyplot as plt
import numpy as np

from pyrevolve_net import plotting
from pyrevolve_net._native import revolver_api
from pyrevolve_net.seismic import AcousticWaveSolver, AcquisitionGeometry, Model, demo_model

from marmousi_gradient import smooth  # the Gaussian smoothing of examples/marmousi_gradient.py

NX, NZ = 201, 81        # grid points of the 7.5 km x 3 km model (Devito's 1000 x 401 resampled bilinearly)
TN, F0 = 2000.0, 0.006  # record length (ms) and Ricker peak frequency (kHz)
NBL, SO = 20, 4         # absorbing layer points per face, space order"""),
    ("markdown", """\
## The Marmousi model

`demo_model('marmousi2d-isotropic')` is Devito's preset (the model ships inside the package); `shape=` resamples it
bilinearly over the same physical extent. The source sits in the middle at 20 m depth, the receivers along the
surface."""),
    ("code", """\
true_model = demo_model("marmousi2d-isotropic", shape=(NX, NZ), nbl=NBL, space_order=SO)
width = true_model.domain_size[0]
rec_positions = np.stack([np.linspace(0, width, NX), np.full(NX, 20.0)], axis=1)
src_positions = [[width / 2, 20.0]]
print(f"physical grid {true_model.shape}, spacing {true_model.spacing[0]:.1f} m x {true_model.spacing[1]:.1f} m, "
      f"computational grid {true_model.grid_shape}, vp {true_model.vp.min():.2f}..{true_model.vp.max():.2f} km/s")
fig = plotting.plot_velocity(true_model, src_positions, rec_positions[::10], title=f"Marmousi {NX}x{NZ} (km/s)")"""),
    ("markdown", """\
## Acquisition and a shot record

`AcquisitionGeometry` builds Devito's time axis from the model's critical time step; `forward()` returns the
receiver record `d_obs` (a `Receiver`: a numpy array with Devito's `.data`)."""),
    ("code", """\
geometry = AcquisitionGeometry(true_model, rec_positions, src_positions, t0=0.0, tn=TN, f0=F0)
d_obs, _, _ = AcousticWaveSolver(true_model, geometry).forward()
print(f"nt = {geometry.nt} steps of dt = {geometry.dt:.3f} ms, record {d_obs.data.shape} (nt, nrec)")
fig = plotting.plot_shotrecord(d_obs.data, true_model, geometry.t0, geometry.tn)"""),
    ("markdown", """\
## The starting model and the stored-wavefield gradient

The gradient is taken at a smoothed Marmousi (the usual FWI starting model), on the same time axis. The reference
keeps every forward wavefield $u(t)$ in memory: `checkpointing=False`."""),
    ("code", """\
start = Model(smooth(true_model.vp, sigma_points=NX / 60), true_model.origin, true_model.spacing, true_model.shape,
              space_order=SO, nbl=NBL)
geom0 = AcquisitionGeometry(start, rec_positions, src_positions, t0=0.0, tn=TN, f0=F0, dt=geometry.dt)
solver = AcousticWaveSolver(start, geom0)
nt = geom0.nt

t = time.perf_counter()
misfit, reference, s_all = solver.gradient(d_obs, checkpointing=False)
t_all = time.perf_counter() - t
stored = s_all.peak_storage_bytes
print(f"misfit {misfit:.6e}; stored wavefields {stored / 1e6:.1f} MB; {s_all.forward_steps} forward steps; "
      f"{t_all:.3f} s")
fig = plotting.plot_velocity(start, title="Starting model (km/s)")"""),
    ("markdown", """\
## Checkpointed gradients under two memory limits

A `memory_budget` (bytes) becomes classic Revolve with as many checkpoints as fit (a checkpoint is the two
wavefield buffers of the leapfrog scheme). Revolve recomputes forward steps instead of storing them: the table
compares the forward steps run with Revolve's theory `numforw(nt, checkpoints)`, and checks that the gradient is
**bit for bit** the stored-wavefield one."""),
    ("code", """\
rows = []
for fraction in (0.1, 0.02):
    budget = int(fraction * stored)
    t = time.perf_counter()
    m, grad, s = solver.gradient(d_obs, memory_budget=budget)
    seconds = time.perf_counter() - t
    theory = revolver_api.classic_numforw(nt, s.checkpoints) / nt
    bitwise = m == misfit and np.array_equal(grad.view(np.int32), reference.view(np.int32))
    rows.append((f"{fraction:.0%} of store-all", budget / 1e6, s.checkpoints, s.peak_storage_bytes / 1e6, seconds,
                 s.forward_steps, s.recompute_ratio, theory, bitwise))

header = f"{'memory limit':>18} {'MB':>7} {'ckp':>5} {'used MB':>8} {'time s':>7} {'fwd steps':>9} {'ratio':>6} {'theory':>6}  bitwise"
print(header)
print("-" * len(header))
print(f"{'store-all':>18} {'-':>7} {nt:>5} {stored / 1e6:>8.1f} {t_all:>7.3f} {s_all.forward_steps:>9} {1.0:>6.2f} {1.0:>6.2f}  ref")
for name, mb, ckp, used, sec, fwd, ratio, theory, bitwise in rows:
    print(f"{name:>18} {mb:>7.1f} {ckp:>5} {used:>8.1f} {sec:>7.3f} {fwd:>9} {ratio:>6.2f} {theory:>6.2f}  {bitwise}")
print()
print("every checkpointed gradient bitwise equal to the stored one:", all(r[-1] for r in rows))"""),
    ("markdown", """\
`ratio` is forward steps run / nt, `theory` Revolve's `numforw(nt, ckp) / nt` (the run makes one more step: the
last step of the first forward sweep). Times are wall seconds of a single run on a shared machine and vary from run
to run. A forward step costs less than a reverse step (adjoint plus imaging condition) and storing every wavefield
costs memory traffic, so the time grows much less than the forward-step ratio; `docs/seismic.md` has CPU-time
measurements at larger sizes.

## The gradient

The gradient w.r.t. $m$ on the physical domain (the absorbing layer cropped): the reflectors of the model
appear where the smoothed starting model misses them."""),
    ("code", """\
fig = plotting.plot_gradient(reference, start, clip=0.05, title=f"Gradient w.r.t. m, {NX}x{NZ}, one shot")"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, (kind, source) in enumerate(CELLS):
        cell = new_code_cell(source) if kind == "code" else new_markdown_cell(source)
        cell["id"] = f"cell-{i:02d}"  # stable ids keep the committed file byte-identical across rebuilds
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(build(), str(OUT))
    print(f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
