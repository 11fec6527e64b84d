"""Acceptance: a script written against Devito's ``examples.seismic`` API runs on ``pyrevolve_net.seismic`` with
only its import lines changed (``examples.seismic`` -> ``pyrevolve_net.seismic``, every other line untouched).

The scripts in devito_scripts/ follow Devito's own tests/test_gradient.py (test_gradient_checkpointing and
test_gradientFWI) with examples.seismic imports only. Below them: the Devito-style API details the scripts rely
on (``.data``, Devito's keywords and positional orders, clear errors for what is not supported).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from pyrevolve_net.seismic import (AcousticWaveSolver, AcquisitionGeometry, Model, Receiver, TimeAxis, acoustic_setup,
                                   demo_model, setup_geometry)

SCRIPTS = Path(__file__).resolve().parent / "devito_scripts"
DEVITO_IMPORT = re.compile(r"^from examples\.seismic(\.acoustic)? import ")
ALLOWED_IMPORTS = re.compile(r"^(import numpy as np|from numpy import linalg)$")


def port(text: str) -> str:
    """The script with its Devito import lines pointed at our package; every other line must stay as it is."""
    out = []
    for line in text.splitlines():
        if DEVITO_IMPORT.match(line):
            line = line.replace("from examples.seismic", "from pyrevolve_net.seismic", 1)
        elif line.startswith(("import ", "from ")):
            assert ALLOWED_IMPORTS.match(line), f"the script imports something besides numpy and examples.seismic: {line}"
        out.append(line)
    return "\n".join(out) + "\n"


def run_script(name: str) -> dict:
    source = (SCRIPTS / name).read_text()
    ported = port(source)
    changed = [(a, b) for a, b in zip(source.splitlines(), ported.splitlines()) if a != b]
    assert changed and all(DEVITO_IMPORT.match(a) for a, _ in changed), changed
    namespace: dict = {"__name__": "__main__"}
    exec(compile(ported, str(SCRIPTS / name), "exec"), namespace)
    return namespace


def _bits(a: np.ndarray) -> np.ndarray:
    return np.asarray(a).view(np.int32)


def test_gradient_checkpointing_script(capsys: pytest.CaptureFixture) -> None:
    ns = run_script("gradient_checkpointing.py")
    g_ckp, g_all = ns["gradient"], ns["gradient2"]
    assert g_ckp.shape == g_all.shape == ns["model"].grid_shape == ns["model"].grid.shape
    assert np.array_equal(_bits(g_ckp.data), _bits(g_all.data)) and np.any(g_all.data != 0)
    assert ns["u0"].data.shape == (ns["geometry"].nt,) + ns["model"].grid.shape
    assert "stored-wavefield gradient: True" in capsys.readouterr().out


def test_gradient_taylor_script(capsys: pytest.CaptureFixture) -> None:
    ns = run_script("gradient_taylor.py")
    (g_all, p1_all, p2_all), (g_ckp, p1_ckp, p2_ckp) = ns["results"][False], ns["results"][True]
    assert np.array_equal(_bits(g_all.data), _bits(g_ckp.data))
    assert (p1_all, p2_all) == (p1_ckp, p2_ckp)
    assert abs(p1_all - 1) < 0.1 and abs(p2_all - 2) < 0.1
    assert capsys.readouterr().out.count("2nd order slope") == 2


def test_port_leaves_everything_but_imports() -> None:
    text = "import numpy as np\nfrom examples.seismic import Model\nfrom examples.seismic.acoustic import acoustic_setup\nx = 'examples.seismic'\n"
    assert port(text) == ("import numpy as np\nfrom pyrevolve_net.seismic import Model\n"
                          "from pyrevolve_net.seismic.acoustic import acoustic_setup\nx = 'examples.seismic'\n")
    with pytest.raises(AssertionError, match="imports something"):
        port("from devito import Function\n")


# --- the Devito-style API the scripts rely on ------------------------------------------------------------------

@pytest.fixture(scope="module")
def wave() -> AcousticWaveSolver:
    return acoustic_setup(shape=(41, 31), spacing=(10.0, 10.0), tn=250.0, space_order=4, nbl=10)


def test_acoustic_setup_and_setup_geometry_follow_devito(wave: AcousticWaveSolver) -> None:
    model, geom = wave.model, wave.geometry
    assert model.shape == (41, 31) and model.nbl == 10 and model.space_order == 4
    assert model.grid.shape == model.grid_shape == (61, 51)
    assert geom.nrec == 41 and np.allclose(geom.rec_positions[:, 0], np.linspace(0, 400, 41))
    assert np.allclose(geom.rec_positions[:, 1], 20.0)                      # origin + 2 spacing
    assert np.allclose(geom.src_positions, [[200.0, 10.0]])                  # middle, origin + spacing
    assert geom.f0 == 0.010 and geom.dt == model.critical_dt
    ax = geom.time_axis
    assert (ax.start, ax.step, ax.num) == (0.0, geom.dt, geom.nt) and geom.rec.shape == (geom.nt, geom.nrec)
    assert TimeAxis(start=0.0, stop=10.0, step=3.0).num == 5


def test_results_have_data_and_stay_numpy(wave: AcousticWaveSolver) -> None:
    rec, u, summary = wave.forward(save=True)
    assert isinstance(rec, Receiver) and type(rec.data) is np.ndarray and np.shares_memory(rec, rec.data)
    assert np.allclose(rec.coordinates.data, wave.geometry.rec_positions)
    assert u.data.shape == (wave.geometry.nt,) + wave.model.grid_shape and summary["nt"] == wave.geometry.nt
    diff = rec - rec.data
    assert type(diff) is np.ndarray and not diff.any()                       # arithmetic gives plain arrays
    assert type(np.sum(rec)) is np.float32 and np.asarray(rec).dtype == np.float32
    r = rec.copy()
    r += 1
    assert isinstance(r, Receiver)                                           # in place keeps the object
    no_u = wave.forward()
    assert no_u[1] is None and np.array_equal(no_u[0], rec)
    filled = wave.geometry.rec
    out = wave.forward(rec=filled)[0]
    assert out is filled and np.array_equal(filled.data, rec.data)
    srca, v, _ = wave.adjoint(rec)
    assert srca.data.shape == (wave.geometry.nt, 1) and v.data.shape == wave.model.grid_shape


def test_jacobian_adjoint_devito_semantics(wave: AcousticWaveSolver) -> None:
    model0 = demo_model("layers-isotropic", shape=(41, 31), spacing=(10.0, 10.0), nbl=10, space_order=4,
                        vp_bottom=3.0, grid=wave.model.grid)
    rec = wave.forward()[0]
    rec0, u0, _ = wave.forward(vp=model0.vp, save=True)
    residual = rec0.data - rec.data
    g_u, s_u = wave.jacobian_adjoint(residual, u0, vp=model0.vp)
    g_ckp, s_ckp = wave.jacobian_adjoint(residual, u0, vp=model0.vp, checkpointing=True)  # u0 unused, as Devito
    assert s_u.forward_steps == 0 and s_ckp.forward_steps > wave.geometry.nt
    assert np.array_equal(_bits(g_u.data), _bits(g_ckp.data))
    # Devito's grad= accumulates (the FWI tutorial sums shots into one grad)
    grad = np.zeros(wave.model.grid_shape, dtype=np.float32)
    out, _ = wave.jacobian_adjoint(residual, u0, vp=model0.vp, grad=grad)
    out2, _ = wave.jacobian_adjoint(residual, u0, vp=model0.vp, grad=grad)
    assert out is grad and out2 is grad and np.allclose(grad, 2 * g_u.data)
    # Devito's alias gradient = jacobian_adjoint, keyword or positional
    g_alias, _ = wave.gradient(rec=residual, u=u0, vp=model0.vp)
    g_pos, _ = wave.gradient(residual, u0, vp=model0.vp)
    assert np.array_equal(g_alias, g_u) and np.array_equal(g_pos, g_u)
    # model= another model on the same grid: its velocity
    assert np.array_equal(wave.jacobian_adjoint(residual, u0, model=model0)[0], g_u)
    # our misfit form is unchanged
    misfit, g_ours, _ = wave.gradient(rec.data, vp=model0.vp, checkpointing=False)
    assert misfit == pytest.approx(0.5 * float(np.sum(residual.astype(np.float64) ** 2)), rel=1e-5)
    assert np.array_equal(_bits(g_ours), _bits(g_u.data))


def test_model_devito_forms() -> None:
    vp = np.full((21, 11), 2.0, dtype=np.float32)
    ours = Model(vp, (0.0, 0.0), (5.0, 5.0), (21, 11), space_order=4, nbl=5)
    devito_positional = Model((0.0, 0.0), (5.0, 5.0), (21, 11), 4, vp, nbl=5)
    devito_keywords = Model(vp=vp, origin=(0.0, 0.0), spacing=(5.0, 5.0), shape=(21, 11), space_order=4, nbl=5,
                            bcs="damp", dtype=np.float32, fs=False)
    for m in (devito_positional, devito_keywords):
        assert m.shape == ours.shape and m.spacing == ours.spacing and m.space_order == 4 and np.array_equal(m.vp, vp)
        assert m.grid == ours.grid
    assert ours.vp.data.shape == (31, 21) and not ours.vp.data.flags.writeable
    assert ours.m.data.shape == (31, 21) and np.allclose(ours.m.data, 0.25)
    assert Model(vp, (0, 0), (5, 5), (21, 11), dt=0.5).critical_dt == 0.5
    assert demo_model("constant-isotropic", shape=(11, 11)).vp.max() == np.float32(1.5)


def test_in_place_velocity_edit_rebuilds_the_solver() -> None:
    model = demo_model("layers-isotropic", shape=(31, 21), spacing=(10.0, 10.0), nbl=5, space_order=4)
    solver = AcousticWaveSolver(model, setup_geometry(model, 150.0))
    d1 = solver.forward()[0].copy()
    model.vp[:, :5] = 1.8                                                    # written in place, not assigned
    d2 = solver.forward()[0]
    assert not np.array_equal(d1, d2)
    assert np.array_equal(d2, AcousticWaveSolver(model, setup_geometry(model, 150.0)).forward()[0])


def test_unsupported_devito_features_name_the_argument(wave: AcousticWaveSolver) -> None:
    model, geom = wave.model, wave.geometry
    rec = wave.forward()[0]
    cases = [
        (ValueError, "kernel", lambda: AcousticWaveSolver(model, geom, kernel="OT4")),
        (ValueError, "time_order", lambda: AcousticWaveSolver(model, geom, time_order=1)),
        (TypeError, "born_fwd", lambda: AcousticWaveSolver(model, geom, born_fwd=True)),
        (ValueError, "fs", lambda: demo_model("layers-isotropic", shape=(21, 21), fs=True)),
        (ValueError, "dtype", lambda: demo_model("layers-isotropic", shape=(21, 21), dtype=np.float64)),
        (ValueError, "bcs", lambda: Model(np.ones((5, 5)), (0, 0), (1, 1), (5, 5), bcs="pml")),
        (ValueError, "grid", lambda: demo_model("layers-isotropic", shape=(21, 21), grid=model.grid)),
        (ValueError, "interpolation", lambda: setup_geometry(model, 100.0, interpolation="sinc")),
        (ValueError, "t0w", lambda: AcquisitionGeometry(model, [[0, 0]], [[10, 10]], 0, 100, t0w=20.0)),
        (TypeError, "m", lambda: wave.forward(m=0.25)),
        (ValueError, "src", lambda: wave.forward(src=np.ones((geom.nt, 1), dtype=np.float32))),
        (ValueError, "dt", lambda: wave.forward(dt=geom.dt / 2)),
        (ValueError, "u", lambda: wave.forward(u=np.zeros((geom.nt,) + model.grid_shape, np.float32))),
        (ValueError, "v", lambda: wave.jacobian_adjoint(rec, checkpointing=True, v=np.zeros(model.grid_shape, np.float32))),
        (ValueError, "rec", lambda: wave.jacobian_adjoint(Receiver(name="r", time_range=geom.time_axis, data=rec,
                                                                   coordinates=geom.rec_positions + 5.0))),
        (ValueError, "dtype", lambda: Receiver(name="r", time_range=geom.time_axis, npoint=3, dtype=np.float64)),
    ]
    for exc, name, call in cases:
        with pytest.raises(exc, match=name):
            call()
    # the source given back as Devito's src=geometry.src is accepted (it is the one injected)
    assert np.array_equal(wave.forward(src=geom.src)[0], rec)
    # performance-only Devito options are accepted and change nothing
    assert np.array_equal(wave.forward(autotune=False)[0], rec)
