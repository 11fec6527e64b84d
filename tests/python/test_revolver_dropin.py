"""The pyrevolve drop-in: exact call traces, pyrevolve's own checks, Devito's alignment, robustness."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import pyrevolve
from conftest import SHARED
from models import CountingCheckpoint, CountingOperator, Field
from pyrevolve import Checkpoint, Operator

TRACES = json.loads((SHARED / "golden" / "revolver" / "revolver_traces.json").read_text())["cases"]


class RecordingCheckpoint(Checkpoint):
    """One float64 value of live state; records save(t)/load(t) into a shared log."""

    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.state = np.zeros(1)

    @property
    def dtype(self):
        return np.float64

    @property
    def size(self) -> int:
        return 1

    def get_data(self, timestep: int):
        self.log.append(f"save({timestep})")
        return [self.state]

    def get_data_location(self, timestep: int):
        self.log.append(f"load({timestep})")
        return [self.state]


class RecordingOperator(Operator):
    def __init__(self, name: str, log: list[str]) -> None:
        self.name = name
        self.log = log

    def apply(self, **kwargs) -> None:
        self.log.append(f"{self.name}({kwargs['t_start']},{kwargs['t_end']})")


@pytest.mark.parametrize("case", TRACES, ids=[f"nt{c['nt']}-ncp{c['ncp']}" for c in TRACES])
def test_call_trace_equals_pyrevolve(case: dict) -> None:
    log: list[str] = []
    rev = pyrevolve.Revolver(RecordingCheckpoint(log), RecordingOperator("F", log), RecordingOperator("R", log),
                             case["ncp"], case["nt"])
    rev.apply_forward()
    forward, log[:] = list(log), []
    rev.apply_reverse()
    assert forward == case["forward"]
    assert log == case["reverse"]


# --- pyrevolve's own test ideas (counts), written afresh -------------------------------------------------



@pytest.mark.parametrize("ncp", [2, 4, 6, 8, 9, 10, 11, 12])
def test_forward_and_reverse_counts(ncp: int) -> None:
    nt = 10
    cp, f, b = CountingCheckpoint(), CountingOperator(), CountingOperator()
    rev = pyrevolve.Revolver(cp, f, b, ncp, nt)
    rev.apply_forward()
    assert f.counter == nt and b.counter == 0
    assert cp.saves == min(ncp, nt - 1) and cp.loads == 0
    rev.apply_reverse()
    assert b.counter == nt
    assert cp.loads >= cp.saves



class Increment(Operator):
    def __init__(self, direction: int, field: np.ndarray, target: np.ndarray | None = None) -> None:
        self.direction, self.field, self.target = direction, field, target
        self.counter = 0

    def apply(self, **kwargs) -> None:
        n = kwargs["t_end"] - kwargs["t_start"]
        self.counter += n
        if self.target is None:
            self.field += self.direction * n
        else:  # reverse: the adjoint of step t needs the forward state at t + 1
            assert np.all(self.field == kwargs["t_end"]), "forward state misaligned with the adjoint step"
            self.target -= 1


def _storage_kwargs(kind: str, tmp_path) -> tuple[type, dict]:
    if kind == "memory":
        return pyrevolve.Revolver, {}
    return pyrevolve.SingleLevelRevolver, {"diskstorage": True, "filedir": str(tmp_path), "singlefile": kind == "disk-single"}


@pytest.mark.parametrize("kind", ["memory", "disk-single", "disk-multi"])
@pytest.mark.parametrize("nt,ncp", [(1, 1), (2, 1), (10, 3), (37, 5), (100, 7), (64, 64)])
def test_reverse_sees_the_right_forward_state(kind: str, nt: int, ncp: int, tmp_path) -> None:
    u = np.zeros((4, 5))
    v = np.full(3, float(nt))
    cls, kwargs = _storage_kwargs(kind, tmp_path)
    rev = cls(Field(u), Increment(1, u), Increment(-1, u, v), ncp, nt, **kwargs)
    rev.apply_forward()
    assert np.all(u == nt)
    rev.apply_reverse()
    assert np.all(v == 0)
    assert os.listdir(tmp_path) == []


def test_devito_style_script_runs_unchanged() -> None:
    """Checkpoint over rolling time buffers, Revolver(cp, fwd, rev, None, nt - 2) (DevitoCheckpoint style)."""
    nt, time_order, nx = 50, 2, 16
    u = np.zeros((time_order + 1, nx), dtype=np.float32)  # rolling buffer, index modulo 3

    class DevitoLikeCheckpoint(Checkpoint):
        @property
        def dtype(self):
            return np.float32

        @property
        def size(self):
            return nx * time_order

        def get_data(self, timestep):
            return [u[(timestep + time_order - 1 - i) % (time_order + 1)] for i in range(time_order)]

        def get_data_location(self, timestep):
            return self.get_data(timestep)

    grad = np.zeros(nx, dtype=np.float64)
    v = np.zeros((time_order + 1, nx), dtype=np.float32)

    class Fwd(Operator):
        def apply(self, t_start, t_end):
            for t in range(t_start, t_end):
                u[(t + 2) % 3] = u[(t + 1) % 3] + 1

    class Rev(Operator):
        def apply(self, t_start, t_end):
            for t in range(t_end - 1, t_start - 1, -1):
                v[t % 3] = v[(t + 1) % 3] - 1
                grad[:] += u[(t + 1) % 3] * v[t % 3]

    n = nt - time_order
    rev = pyrevolve.Revolver(DevitoLikeCheckpoint(), Fwd(), Rev(), None, n)
    rev.apply_forward()
    rev.apply_reverse()
    checkpointed = grad.copy()

    # Store-everything reference with the same operators: keep the buffer after every step.
    u[:], v[:], grad[:] = 0, 0, 0
    states = [u.copy()]
    for t in range(n):
        Fwd().apply(t_start=t, t_end=t + 1)
        states.append(u.copy())
    for t in range(n - 1, -1, -1):
        u[:] = states[t + 1]
        Rev().apply(t_start=t, t_end=t + 1)
    np.testing.assert_array_equal(checkpointed, grad)
    assert np.any(grad != 0)


# --- robustness ------------------------------------------------------------------------------------------

def _simple():
    return CountingCheckpoint(), CountingOperator(), CountingOperator()


@pytest.mark.parametrize("ncp,nt,name", [(0, 10, "n_checkpoints"), (-3, 10, "n_checkpoints"), (3, -1, "n_timesteps"),
                                         (3, 0, "n_timesteps")])
def test_bad_counts_raise_value_error_naming_the_parameter(ncp: int, nt: int, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        pyrevolve.Revolver(*_simple(), ncp, nt)


@pytest.mark.parametrize("ncp,nt,name", [(2.5, 10, "n_checkpoints"), (3, "10", "n_timesteps"), (True, 10, "n_checkpoints")])
def test_wrongly_typed_counts_raise_type_error(ncp, nt, name: str) -> None:
    with pytest.raises(TypeError, match=name):
        pyrevolve.Revolver(*_simple(), ncp, nt)


def test_missing_counts_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        pyrevolve.Revolver(*_simple())  # type: ignore[call-arg]


class Boom(RuntimeError):
    pass


@pytest.mark.parametrize("where", ["forward", "reverse", "get_data", "get_data_location"])
@pytest.mark.parametrize("kind", ["memory", "disk-single"])
def test_exceptions_in_user_code_propagate_unchanged_and_leave_nothing_behind(where: str, kind: str, tmp_path) -> None:
    u = np.zeros(8)
    calls = {"n": 0}

    class Faulty(Field):
        def get_data(self, timestep):
            if where == "get_data" and timestep > 3:
                raise Boom("in get_data")
            return super().get_data(timestep)

        def get_data_location(self, timestep):
            if where == "get_data_location":
                raise Boom("in get_data_location")
            return super().get_data_location(timestep)

    class Op(Operator):
        def __init__(self, name):
            self.name = name

        def apply(self, t_start, t_end):
            calls["n"] += 1
            if self.name == where and calls["n"] > 5:
                raise Boom(f"in {self.name}")
            u[:] += 1 if self.name == "forward" else 0

    cls, kwargs = _storage_kwargs(kind, tmp_path)
    rev = cls(Faulty(u), Op("forward"), Op("reverse"), 3, 20, **kwargs)
    with pytest.raises(Boom, match=f"in {where}") as info:
        rev.apply_forward()
        rev.apply_reverse()
    assert any("apply" in str(entry.name) or "get_data" in str(entry.name) for entry in info.traceback)
    del rev
    import gc
    gc.collect()
    assert os.listdir(tmp_path) == []


def test_unwritable_filedir_is_a_clear_error(tmp_path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        with pytest.raises(OSError, match="ro"):
            rev = pyrevolve.SingleLevelRevolver(Field(np.zeros(4)), CountingOperator(), CountingOperator(), 3, 10,
                                                diskstorage=True, filedir=str(ro))
            rev.apply_forward()
    finally:
        ro.chmod(0o700)


def test_missing_filedir_is_a_clear_error(tmp_path) -> None:
    with pytest.raises((OSError, ValueError), match="nope"):
        rev = pyrevolve.SingleLevelRevolver(Field(np.zeros(4)), CountingOperator(), CountingOperator(), 3, 10,
                                            diskstorage=True, filedir=str(tmp_path / "nope"))
        rev.apply_forward()


def test_wrong_dtype_or_size_of_checkpoint_data_is_a_clear_error() -> None:
    u = np.zeros(8, dtype=np.float32)

    class Lying(Field):
        @property
        def size(self):
            return 4

    rev = pyrevolve.Revolver(Lying(u), CountingOperator(), CountingOperator(), 3, 10)
    with pytest.raises(ValueError, match="size"):
        rev.apply_forward()


def test_filedir_that_is_a_file_is_a_clear_error(tmp_path) -> None:
    f = tmp_path / "plain-file"
    f.write_text("x")
    with pytest.raises((OSError, ValueError), match="plain-file"):
        pyrevolve.DiskRevolver(Field(np.zeros(4)), CountingOperator(), CountingOperator(), 3, 10, filedir=str(f))


def test_classic_interface_sequence_matches_pyrevolve() -> None:
    """crevolve's documented sequence for n=10, snapshots=3 (action capo oldcapo check)."""
    expected = ("takeshot 0 0 0, advance 4 0 0, takeshot 4 4 1, advance 7 4 1, takeshot 7 7 2, advance 9 7 2, "
                "firstrun 9 9 2, restore 7 9 2, advance 8 7 2, youturn 8 8 2, restore 7 8 2, youturn 7 7 1, "
                "restore 4 7 1, advance 5 4 1, takeshot 5 5 2, advance 6 5 2, youturn 6 6 2, restore 5 6 2, "
                "youturn 5 5 1, restore 4 5 1, youturn 4 4 0, restore 0 4 0, advance 1 0 0, takeshot 1 1 1, "
                "advance 2 1 1, takeshot 2 2 2, advance 3 2 2, youturn 3 3 2, restore 2 3 2, youturn 2 2 1, "
                "restore 1 2 1, youturn 1 1 0, restore 0 1 0, youturn 0 0 -1, terminate 0 0 -1").split(", ")
    from pyrevolve import crevolve
    c = crevolve.CRevolve(3, 10)
    got = []
    while True:
        a = c.revolve()
        got.append(f"{a.name} {c.capo} {c.oldcapo} {c.check}")
        if a is crevolve.Action.terminate:
            break
    assert got == expected
    assert pyrevolve.Action is crevolve.Action and pyrevolve.CRevolve is crevolve.CRevolve


def test_classic_helpers_agree_with_the_schedule() -> None:
    from pyrevolve import crevolve
    for steps, snaps in [(10, 3), (1000, 10), (30, 4)]:
        c = crevolve.CRevolve(snaps, steps)
        advances = 0
        while (a := c.revolve()) is not crevolve.Action.terminate:
            if a is crevolve.Action.advance:
                advances += c.capo - c.oldcapo
        assert crevolve.numforw(steps, snaps) == advances
        assert crevolve.expense(steps, snaps) == pytest.approx(advances / steps)
    assert crevolve.adjust(30) == 4 and crevolve.adjust(3) == 2 and crevolve.adjust(10000) == 8
    with pytest.raises(ValueError, match="snapshots"):
        crevolve.CRevolve(0, 10)
    with pytest.raises(ValueError, match="timesteps"):
        crevolve.CRevolve(3, -1)


def test_summary_and_prediction_agree_with_revolve_theory() -> None:
    from pyrevolve import crevolve
    nt, ncp = 200, 6
    cp, f, b = CountingCheckpoint(), CountingOperator(), CountingOperator()
    rev = pyrevolve.Revolver(cp, f, b, ncp, nt)
    assert rev.prediction.forward_steps > 0
    rev.apply_forward()
    summary = rev.apply_reverse()
    assert summary.forward_steps == f.counter and summary.reverse_steps == b.counter == nt
    assert summary.forward_steps == summary.predicted_forward_steps
    # pyrevolve's pattern: the forward phase (nt - 1 advanced + the last step), the schedule's advances in the
    # reverse phase (numforw - (nt - 1)) and one re-run step before each of the nt - 1 later adjoint steps.
    assert f.counter == nt + crevolve.numforw(nt, ncp)
    assert summary.ram.saves == cp.saves and summary.ram.loads == cp.loads
    assert "recompute ratio" in str(summary)


@pytest.mark.parametrize("schedule_factory", [
    lambda nt: pyrevolve_net_schedules().Revolve(nt, 4),
    lambda nt: pyrevolve_net_schedules().MultistageCheckpointSchedule(nt, 2, 3),
    lambda nt: pyrevolve_net_schedules().HRevolve(nt, 2, 3),
    lambda nt: pyrevolve_net_schedules().MixedCheckpointSchedule(nt, 4),
    lambda nt: pyrevolve_net_schedules().DiskRevolve(nt, 3),
    lambda nt: pyrevolve_net_schedules().PeriodicDiskRevolve(nt, 3),
], ids=["revolve", "multistage", "hrevolve", "mixed", "disk-revolve", "periodic"])
def test_any_schedule_runs_and_reverses_correctly(schedule_factory, tmp_path) -> None:
    nt = 40
    u = np.zeros(6)
    v = np.full(2, float(nt))
    rev = pyrevolve.Revolver(Field(u), Increment(1, u), Increment(-1, u, v), None, nt,
                             schedule=schedule_factory(nt), filedir=str(tmp_path))
    rev.apply_forward()
    summary = rev.apply_reverse()
    assert np.all(v == 0) and summary.reverse_steps == nt
    assert summary.forward_steps == summary.predicted_forward_steps
    assert os.listdir(tmp_path) == []


def pyrevolve_net_schedules():
    import pyrevolve_net.schedules as s
    return s


@pytest.mark.parametrize("budget,expected", [("800 B", 10), (1600, 20)])
def test_memory_budget_chooses_the_checkpoint_count(budget, expected) -> None:
    u = np.zeros(10)  # 80 bytes a checkpoint
    v = np.full(1, 50.0)
    rev = pyrevolve.Revolver(Field(u), Increment(1, u), Increment(-1, u, v), None, 50, memory_budget=budget)
    assert rev.n_checkpoints == expected
    rev.apply_forward()
    s = rev.apply_reverse()
    assert np.all(v == 0) and s.ram.peak_bytes <= expected * 80


def test_memory_and_disk_budgets_use_two_levels(tmp_path) -> None:
    u = np.zeros(10)
    v = np.full(1, 60.0)
    rev = pyrevolve.Revolver(Field(u), Increment(1, u), Increment(-1, u, v), None, 60, memory_budget=240,
                             disk_budget="1 KiB", filedir=str(tmp_path))
    rev.apply_forward()
    s = rev.apply_reverse()
    assert np.all(v == 0) and s.ram.peak_count <= 3 and s.disk.peak_count <= 12


def test_online_run_without_knowing_the_number_of_steps(tmp_path) -> None:
    u = np.zeros(3)
    v = np.full(1, 37.0)
    rev = pyrevolve.Revolver(Field(u), Increment(1, u), Increment(-1, u, v), 5, None, filedir=str(tmp_path))
    rev.advance(20)
    rev.advance(17)
    rev.finish_forward()
    assert np.all(u == 37)
    s = rev.apply_reverse()
    assert np.all(v == 0) and s.n_timesteps == 37


def test_bad_budgets_name_the_parameter() -> None:
    with pytest.raises(ValueError, match="memory_budget"):
        pyrevolve.Revolver(Field(np.zeros(10)), CountingOperator(), CountingOperator(), None, 10, memory_budget="10 B")
    with pytest.raises(ValueError, match="memory_budget"):
        pyrevolve.Revolver(Field(np.zeros(10)), CountingOperator(), CountingOperator(), None, 10, memory_budget="lots")


def test_python_compressors_run_through_the_custom_scheme() -> None:
    calls = {"c": 0, "d": 0}

    def compressor(params, data):
        calls["c"] += 1
        return pyrevolve.compression.CompressedObject(data.tobytes(), shape=data.shape, dtype=data.dtype)

    def decompressor(params, obj):
        calls["d"] += 1
        return np.frombuffer(obj.data, dtype=obj.dtype).reshape(obj.shape)

    nt, ncp = 30, 4
    u = np.zeros(5)
    v = np.full(1, float(nt))
    rev = pyrevolve.Revolver(Field(u), Increment(1, u), Increment(-1, u, v), ncp, nt,
                             compression_params={"scheme": "custom", "compressor": compressor, "decompressor": decompressor})
    rev.apply_forward()
    rev.apply_reverse()
    assert np.all(v == 0) and calls["c"] >= ncp and calls["d"] >= calls["c"]


# Every scheme that keeps integer-valued constant fields exact (cvxcompress, a wavelet codec without a hard
# bound, moves them by up to half its quantization step; its accuracy is tested in test_codecs.py).
@pytest.mark.parametrize("scheme", [s for s in pyrevolve.compression.compressors_available if s != "cvxcompress"])
def test_pyrevolve_compression_schemes_round_trip_through_the_revolver(scheme) -> None:
    nt = 25
    u = np.zeros(64)
    v = np.full(1, float(nt))
    rev = pyrevolve.Revolver(Field(u), Increment(1, u), Increment(-1, u, v), 4, nt, compression_params={"scheme": scheme})
    rev.apply_forward()
    rev.apply_reverse()
    assert np.all(v == 0)


def test_progress_bar_counts_every_operator_step(capsys) -> None:
    nt = 60
    u = np.zeros(3)
    v = np.full(1, float(nt))
    f, b = Increment(1, u), Increment(-1, u, v)
    rev = pyrevolve.Revolver(Field(u), f, b, 4, nt, progress=True)
    rev.apply_forward()
    summary = rev.apply_reverse()
    err = capsys.readouterr().err
    total = summary.forward_steps + summary.reverse_steps
    assert f"{total}/{total}" in err and np.all(v == 0)
