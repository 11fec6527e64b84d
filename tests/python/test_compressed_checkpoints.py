"""Compressed checkpoints and wavefields end to end: the pyrevolve drop-in with native codecs (compressed in
C# on the save path, budgets planned from the compressed size) and the seismic solver (compressed saved
wavefield, compressed checkpoints, gradient accuracy against the exact gradient)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import pyrevolve
from pyrevolve import Checkpoint, Operator
from pyrevolve_net.compression import Codec
from pyrevolve_net.seismic import AcousticWaveSolver, CompressedWavefield, decompress
from test_seismic import case  # noqa: F401 - the fixture


class Wave(Checkpoint):
    """A 2-D float32 field (one array: the checkpoint)."""

    def __init__(self, u: np.ndarray) -> None:
        self.u = u

    def get_data(self, timestep: int):
        return [self.u]

    def get_data_location(self, timestep: int):
        return [self.u]

    @property
    def size(self) -> int:
        return self.u.size

    @property
    def dtype(self):
        return self.u.dtype


class Step(Operator):
    """A smooth nonlinear map of the field (so restored checkpoints matter for every later step)."""

    def __init__(self, u: np.ndarray) -> None:
        self.u = u
        self.bump = np.sin(np.linspace(0, 3, u.size)).reshape(u.shape).astype(u.dtype)

    def apply(self, **kw) -> None:
        for t in range(kw["t_start"], kw["t_end"]):
            self.u[...] = np.sin(self.u * 1.1 + 0.01 * t + self.bump)


class Record(Operator):
    def __init__(self, u: np.ndarray, log: list) -> None:
        self.u, self.log = u, log

    def apply(self, **kw) -> None:
        self.log.append((kw["t_start"], self.u.copy()))


def _run(params, dtype=np.float32, **kwargs):
    u = np.zeros((48, 40), dtype)
    log: list = []
    rev = pyrevolve.Revolver(Wave(u), Step(u), Record(u, log), kwargs.pop("n_checkpoints", None), 40,
                             compression_params=params, **kwargs)
    rev.apply_forward()
    summary = rev.apply_reverse()
    return rev, summary, log


@pytest.fixture(scope="module")
def exact() -> list:
    return _run(None, n_checkpoints=4)[2]


@pytest.mark.parametrize("scheme", ["noop", "lossless"])
def test_lossless_native_codecs_restore_exactly(exact: list, scheme: str) -> None:
    rev, summary, log = _run({"scheme": scheme}, n_checkpoints=4)
    assert [t for t, _ in log] == [t for t, _ in exact]
    assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(log, exact))
    assert summary.ram.saves > 0 and summary.compression_ratio >= (1.0 if scheme == "lossless" else 0.9)


@pytest.mark.parametrize("params, bound", [({"scheme": "bitcomp", "nbits": 14}, 2e-3),
                                           ({"scheme": "bounded", "tolerance": 1e-4}, 2e-3)])
def test_lossy_native_codecs_stay_close(exact: list, params: dict, bound: float) -> None:
    _, summary, log = _run(params, n_checkpoints=4)
    err = max(float(np.abs(a - b).max()) for (_, a), (_, b) in zip(log, exact))
    assert 0 < err < bound
    assert summary.compression_ratio > 1.5


def test_a_memory_budget_holds_more_compressed_checkpoints(exact: list) -> None:
    nbytes = 48 * 40 * 4
    plain, s_plain, _ = _run(None, memory_budget=4 * nbytes)
    fixed, s_fixed, _ = _run({"scheme": "bitcomp", "nbits": 8}, memory_budget=4 * nbytes)
    hinted, s_hinted, _ = _run({"scheme": "bounded", "tolerance": 1e-4, "expected_ratio": 3}, memory_budget=4 * nbytes)
    assert plain.n_checkpoints == 4
    assert fixed.n_checkpoints >= 14          # bitcomp without entropy has a known size: 32 / 8 = 4x
    assert hinted.n_checkpoints >= 10
    assert s_fixed.forward_steps < s_plain.forward_steps and s_hinted.forward_steps < s_plain.forward_steps
    assert s_fixed.ram.peak_bytes <= 4 * nbytes and s_hinted.ram.over_budget_saves == 0


def test_data_compressing_worse_than_planned_is_kept_and_reported() -> None:
    u = np.random.default_rng(1).random((48, 40)).astype(np.float32)
    log: list = []
    rev = pyrevolve.Revolver(Wave(u), Step(u), Record(u, log), None, 40, memory_budget=4 * u.nbytes,
                             compression_params={"scheme": "lossless", "expected_ratio": 20})
    rev.apply_forward()
    with pytest.warns(RuntimeWarning, match="expected_ratio"):
        summary = rev.apply_reverse()
    assert summary.ram.over_budget_saves > 0 and len(log) == 40


def test_float64_checkpoints_use_the_python_path_with_native_codecs() -> None:
    _, _, log64 = _run({"scheme": "bitcomp", "nbits": 16}, dtype=np.float64, n_checkpoints=4)
    _, _, log32 = _run(None, n_checkpoints=4)
    assert max(float(np.abs(a - b).max()) for (_, a), (_, b) in zip(log64, log32)) < 1e-3


@pytest.mark.parametrize("params, match", [
    ({"scheme": "bounded", "expected_ratio": 0.5}, "expected_ratio"),
    ({"scheme": "bounded", "expected_ratio": "x"}, "expected_ratio"),
    ({"scheme": "bitcomp", "nbits": 40}, "nbits"),
    ({"scheme": "bitcomp", "bits": 9}, "bits"),
    ({"scheme": "zstd"}, "zstd"),
])
def test_bad_compression_params_name_the_problem(params: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        _run(params, n_checkpoints=4)


# --- the seismic solver -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seismic(case: dict) -> dict:
    """test_seismic's layered case: solver, d_obs and the exact (stored-wavefield) gradient."""
    return case


def _errors(g: np.ndarray, ref: np.ndarray) -> tuple[float, float]:
    rel = float(np.linalg.norm(g - ref) / np.linalg.norm(ref))
    cos = float(np.dot(g.ravel().astype(np.float64), ref.ravel()) / np.linalg.norm(g) / np.linalg.norm(ref))
    return rel, float(np.degrees(np.arccos(min(1.0, cos))))


def test_forward_saves_a_compressed_wavefield_devitopro_style(seismic: dict) -> None:
    solver: AcousticWaveSolver = seismic["solver"]
    rec, u, _ = solver.forward(save=True)
    rec_c, uc, _ = solver.forward(save=True, compression="bitcomp", nbits=9)
    assert isinstance(uc, CompressedWavefield) and uc.shape == u.shape and len(uc) == len(u)
    assert np.array_equal(rec, rec_c)
    full = decompress(uc)
    for t in (0, len(u) // 2, len(u) - 1):
        span = float(u[t].max() - u[t].min())
        assert np.abs(full[t] - u[t]).max() <= span / (2**9 - 1) / 2 * 1.001 + 1e-30   # bitcomp's delta/2
        assert np.array_equal(uc[t], full[t]) and np.array_equal(decompress(uc, t), full[t])
    assert uc.nbytes * 3 < u.nbytes and abs(uc.ratio - u.nbytes / uc.nbytes) < 0.1
    g_exact, _ = solver.jacobian_adjoint(rec - seismic["d_obs"], u)
    g_comp, _ = solver.jacobian_adjoint(rec - seismic["d_obs"], uc)
    rel, angle = _errors(g_comp, g_exact)
    assert 0 < rel < 5e-3 and angle < 0.5


@pytest.mark.parametrize("compression, params, checkpointed, bound", [
    ("lossless", {}, True, 0.0),
    ("lossless", {}, False, 0.0),
    ("bitcomp", {"nbits": 9, "zero_exact": True, "entropy": True}, False, 2e-3),
    ("bitcomp", {"nbits": 12}, True, 2e-3),
    ("bounded", {"rel_tolerance": 1e-3}, False, 2e-3),
    ("bounded", {"rel_tolerance": 1e-3}, True, 5e-3),
    ("cvxcompress", {"compscale": 1e-2}, False, 2e-3),
    ("cvxcompress", {"compscale": 1e-3}, True, 2e-3),
])
def test_gradient_from_compressed_data_against_the_exact_gradient(seismic: dict, compression: str, params: dict,
                                                                 checkpointed: bool, bound: float) -> None:
    solver: AcousticWaveSolver = seismic["solver"]
    kwargs = {"n_checkpoints": 5} if checkpointed else {}
    _, g, summary = solver.gradient(seismic["d_obs"], checkpointing=checkpointed, compression=compression, **params, **kwargs)
    rel, angle = _errors(g, seismic["grad"])
    if bound == 0:
        assert np.array_equal(g.view(np.int32), seismic["grad"].view(np.int32))
    else:
        assert 0 < rel <= bound and angle < 1.0
        assert summary.compression_ratio > 2


def test_compressed_budget_gradient_recomputes_less(seismic: dict) -> None:
    solver: AcousticWaveSolver = seismic["solver"]
    ckp = solver.gradient(seismic["d_obs"], checkpointing=True, n_checkpoints=3)[2].checkpoint_bytes
    _, _, plain = solver.gradient(seismic["d_obs"], memory_budget=4 * ckp)
    _, g, comp = solver.gradient(seismic["d_obs"], memory_budget=4 * ckp, compression={"id": "bounded", "rel_tolerance": 1e-3},
                                 expected_ratio=5)
    assert comp.checkpoints > 3 * plain.checkpoints and comp.forward_steps < plain.forward_steps
    assert comp.peak_storage_bytes <= 4 * ckp
    assert _errors(g, seismic["grad"])[0] < 5e-3


def test_bad_compression_arguments(seismic: dict) -> None:
    solver: AcousticWaveSolver = seismic["solver"]
    with pytest.raises(ValueError, match="save=True"):
        solver.forward(compression="bitcomp")
    with pytest.raises(TypeError, match="compression="):
        solver.forward(save=True, nbits=9)
    with pytest.raises(ValueError, match="unknown codec"):
        solver.forward(save=True, compression="zip")
    with pytest.raises(ValueError, match="expected_ratio"):
        solver.gradient(seismic["d_obs"], expected_ratio=3)
    with pytest.raises(ValueError, match="expected_ratio"):
        solver.gradient(seismic["d_obs"], compression="bounded", expected_ratio=0.2)
    with pytest.raises(TypeError, match="compression must be"):
        solver.gradient(seismic["d_obs"], compression=3)
    _, uc, _ = solver.forward(save=True, compression=Codec("bitcomp", nbits=8))
    with pytest.raises(IndexError):
        uc[len(uc)]
    with pytest.raises(TypeError):
        uc[1.5]
    with pytest.raises(TypeError, match="CompressedWavefield"):
        decompress(np.zeros(3))
    with pytest.raises(ValueError, match="no forward"):
        solver.jacobian_adjoint(seismic["d_obs"], uc, compression="bitcomp")
