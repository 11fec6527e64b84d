"""A script written against Devito's examples.seismic API: the FWI gradient Taylor test.

It follows Devito's tests/test_gradient.py::TestGradient::test_gradientFWI for the acoustic solver (acoustic_setup,
OT2, SO 4, 50 x 60 points of 10 m, nbl 40, tn 400 ms, with and without checkpointing), written with
examples.seismic only: the smooth starting model and the perturbed models are Model objects on the solver's grid
(built from numpy arrays, smoothed in numpy) instead of devito.Function/devito.smooth. tests/python/test_devito_script.py runs it on
pyrevolve_net.seismic by rewriting its import lines and nothing else.
"""
import numpy as np
from numpy import linalg

from examples.seismic import Model, Receiver
from examples.seismic.acoustic import acoustic_setup


def smooth(vel):
    """Average over each point and its neighbours along every axis (what devito.smooth does, in numpy)."""
    padded = np.pad(vel, 1, mode='edge')
    out = np.zeros_like(vel)
    for shift in np.ndindex(*(3,) * vel.ndim):
        out += padded[tuple(slice(s, s + n) for s, n in zip(shift, vel.shape))]
    return out / 3**vel.ndim


def taylor(checkpointing, shape=(50, 60), space_order=4, nbl=40, dtype=np.float32):
    spacing = tuple(10. for _ in shape)
    wave = acoustic_setup(shape=shape, spacing=spacing, dtype=dtype, kernel='OT2',
                          tn=400.0, space_order=space_order, nbl=nbl, time_order=2)
    model = wave.model
    crop = tuple(slice(nbl, -nbl) for _ in shape)

    def on_grid(vp):
        return Model(vp=vp, origin=model.origin, spacing=model.spacing, shape=model.shape,
                     space_order=space_order, nbl=nbl, dtype=dtype, grid=model.grid)

    v = model.vp.data[crop]
    model0 = on_grid(smooth(v))
    vel0 = model0.vp.data[crop]
    dm = dtype(model.vp.data**(-2) - model0.vp.data**(-2))

    # Compute receiver data for the true velocity
    rec = wave.forward()[0]
    # Compute receiver data and full wavefield for the smooth velocity
    rec0, u0 = wave.forward(vp=model0.vp, save=True)[0:2]

    # Objective function value
    F0 = .5*linalg.norm(rec0.data - rec.data)**2

    # Gradient: <J^T \delta d, dm>
    residual = Receiver(name='rec', grid=model.grid, data=rec0.data - rec.data,
                        time_range=wave.geometry.time_axis,
                        coordinates=wave.geometry.rec_positions)
    gradient, _ = wave.jacobian_adjoint(residual, u0, vp=model0.vp, checkpointing=checkpointing)
    G = np.dot(gradient.data.reshape(-1), dm.reshape(-1))

    # FWI Gradient test
    H = [0.5, 0.25, .125, 0.0625, 0.0312, 0.015625, 0.0078125]
    error1 = np.zeros(7)
    error2 = np.zeros(7)
    for i in range(0, 7):
        # Add the perturbation to the model: m0 + h dm
        vloc = on_grid(np.sqrt(vel0**2 * v**2 / ((1 - H[i]) * v**2 + H[i] * vel0**2)))
        # Data for the new model
        d = wave.forward(vp=vloc.vp)[0]
        # First order error Phi(m0+dm) - Phi(m0)
        F_i = .5*linalg.norm((d.data - rec.data).reshape(-1))**2
        error1[i] = np.absolute(F_i - F0)
        # Second order term r Phi(m0+dm) - Phi(m0) - <J(m0)^T \delta d, dm>
        error2[i] = np.absolute(F_i - F0 - H[i] * G)

    # Test slope of the  tests
    p1 = np.polyfit(np.log10(H), np.log10(error1), 1)
    p2 = np.polyfit(np.log10(H), np.log10(error2), 1)
    print('checkpointing=%s: 1st order slope %.3f, 2nd order slope %.3f' % (checkpointing, p1[0], p2[0]))
    assert np.isclose(p1[0], 1.0, rtol=0.1)
    assert np.isclose(p2[0], 2.0, rtol=0.1)
    return gradient, p1[0], p2[0]


results = {ckp: taylor(ckp) for ckp in (False, True)}
