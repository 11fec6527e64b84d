"""A script written against Devito's examples.seismic API: the FWI gradient with and without checkpointing.

It follows Devito's tests/test_gradient.py::TestGradient::test_gradient_checkpointing (OT2, SO 4, 70 x 80 points of
10 m, nbl 40), written with examples.seismic only: the starting model is a second demo_model on the same grid
(as in Devito's FWI tutorial) instead of devito.smooth. tests/python/test_devito_script.py runs it on
pyrevolve_net.seismic by rewriting its import lines and nothing else.
"""
import numpy as np

from examples.seismic import Receiver, demo_model, setup_geometry
from examples.seismic.acoustic import AcousticWaveSolver

shape = (70, 80)
spacing = (10., 10.)
space_order = 4
nbl = 40
tn = 500.
dtype = np.float32

# True model (two layers, 1.5 and 3.5 km/s) and a starting model with a slower bottom layer, on the same grid
model = demo_model('layers-isotropic', space_order=space_order, shape=shape, nbl=nbl,
                   dtype=dtype, spacing=spacing)
model0 = demo_model('layers-isotropic', space_order=space_order, shape=shape, nbl=nbl,
                    dtype=dtype, spacing=spacing, vp_bottom=3.0, grid=model.grid)

# One Ricker source in the middle, a line of receivers near the surface
geometry = setup_geometry(model, tn)
wave = AcousticWaveSolver(model, geometry, kernel='OT2', space_order=space_order)

# Compute receiver data for the true velocity
rec = wave.forward()[0]

# Compute receiver data and full wavefield for the starting velocity
rec0, u0 = wave.forward(vp=model0.vp, save=True)[0:2]

# Gradient: <J^T \delta d, dm>
residual = Receiver(name='rec', grid=wave.model.grid, data=rec0.data - rec.data,
                    time_range=wave.geometry.time_axis,
                    coordinates=wave.geometry.rec_positions, dtype=dtype)

gradient, _ = wave.jacobian_adjoint(residual, u0, vp=model0.vp, checkpointing=True)
gradient2, _ = wave.jacobian_adjoint(residual, u0, vp=model0.vp, checkpointing=False)

assert np.allclose(gradient.data, gradient2.data, atol=0, rtol=0)

objective = .5 * np.linalg.norm(residual.data.reshape(-1)) ** 2
print('nt = %d, grid %s, objective %.6e, |grad| %.6e'
      % (geometry.nt, model.grid.shape, objective, np.linalg.norm(gradient.data)))
print('checkpointed gradient == stored-wavefield gradient:',
      np.array_equal(gradient.data, gradient2.data))
