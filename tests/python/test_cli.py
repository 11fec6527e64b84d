"""The planning command line (``python -m pyrevolve_net plan``) and the planning API, checked against numbers
computed here independently: Griewank's closed form for binomial checkpointing (itself checked against a
brute-force dynamic programme), the mixed schedule's recurrence, and the golden traces for action lists.

Tests that need a schedule class whose C# side is still a stub in this build are skipped with that reason.
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
from functools import cache

import pytest

from conftest import ROOT, shared_dir
from pyrevolve_net.planning import Costs, Plan, PlanError, ScheduleSpec, plan, schedule_spec
from pyrevolve_net.schedules import Revolve, SingleMemoryStorageSchedule


def run_cli(*args: str | int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pyrevolve_net", "plan", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def plan_json(*args: str | int) -> dict:
    result = run_cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- independent references -------------------------------------------------------------------------------

def binomial_forward_steps(n: int, s: int) -> int:
    """Forward steps (initial run included) of optimal binomial checkpointing of n steps with s restart
    checkpoints: n plus Griewank's t(n, s) = r·n − C(s + r, s + 1), r the least with C(s + r, s) >= n."""
    r = 0
    while math.comb(s + r, s) < n:
        r += 1
    return n + r * n - math.comb(s + r, s + 1)


@cache
def _binomial_extra_dp(n: int, s: int) -> int:
    s = min(s, n - 1)
    if n == 1:
        return 0
    if s == 1:
        return n * (n - 1) // 2
    return min(i + _binomial_extra_dp(i, s) + _binomial_extra_dp(n - i, s - 1) for i in range(1, n))


@cache
def mixed_forward_steps(n: int, s: int) -> int:
    """Forward steps of the mixed schedule (checkpoints hold restart data or one step's adjoint data)."""
    if n <= s + 1:
        return n
    if s == 1:
        return n * (n + 1) // 2 - 1
    return min([1 + mixed_forward_steps(n - 1, s - 1)]
               + [i + mixed_forward_steps(i, s) + mixed_forward_steps(n - i, s - 1) for i in range(2, n)])


def golden_actions(class_file: str, case_id: str) -> list[str]:
    cases = json.loads((shared_dir() / "golden" / "schedules" / class_file).read_text())["cases"]
    actions = [a["str"] for a in next(c for c in cases if c["id"] == case_id)["actions"]]
    return actions[: actions.index("EndReverse()") + 1]


def test_closed_form_equals_brute_force() -> None:
    for n in range(1, 45):
        for s in range(1, 10):
            assert binomial_forward_steps(n, s) == n + _binomial_extra_dp(n, s), (n, s)
    assert binomial_forward_steps(4, 2) == 8  # the tutorial's Revolve(4, 2): 2 + 1 + 1 + 1 + 1 + 1 + 1


def test_references_agree_with_golden_traces() -> None:
    # The formulas above reproduce checkpoint_schedules 1.0.4's own forward-step counts.
    def cases(class_file: str) -> list[dict]:
        return json.loads((shared_dir() / "golden" / "schedules" / class_file).read_text())["cases"]

    checked = 0
    for case in cases("Revolve.json"):
        n, s = case["max_n"], case["args"][1]
        assert case["stats"]["forward_steps_first_pass"] == binomial_forward_steps(n, s), case["id"]
        checked += 1
    for case in cases("MultistageCheckpointSchedule.json"):
        n, s = case["max_n"], case["args"][1] + case["args"][2]
        if s >= 1:
            assert case["stats"]["forward_steps_first_pass"] == binomial_forward_steps(n, s), case["id"]
            checked += 1
    for case in cases("MixedCheckpointSchedule.json"):
        n, s = case["max_n"], case["args"][1]
        if s >= 1:
            assert case["stats"]["forward_steps_first_pass"] == mixed_forward_steps(n, s), case["id"]
            checked += 1
    assert checked > 400


# --- schedules ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("steps, snapshots", [(1, 1), (4, 2), (10, 3), (50, 1), (7, 10), (1000, 7), (10000, 20)])
def test_revolve_forward_steps_are_binomial(steps: int, snapshots: int) -> None:
    p = plan_json("--steps", steps, "--snapshots", snapshots)
    forward = binomial_forward_steps(steps, snapshots)
    assert p["schedule"].startswith(f"Revolve({steps}, {snapshots},")
    assert p["forward_steps"] == forward
    assert p["recompute_ratio"] == pytest.approx(forward / steps)
    assert p["recomputed_steps"] == forward - steps
    assert p["reverse_steps"] == steps
    assert 1 <= p["peak_ram_checkpoints"] <= snapshots or steps == 1
    assert p["peak_disk_checkpoints"] == p["disk_writes"] == p["disk_reads"] == 0
    assert p["makespan"] == forward + steps


def test_revolve_text_report() -> None:
    out = run_cli("--steps", 10000, "--snapshots", 20)
    assert out.returncode == 0, out.stderr
    fields = dict(line.split("  ", 1) for line in out.stdout.splitlines() if "  " in line)
    forward = binomial_forward_steps(10000, 20)
    assert int(fields["forward steps"]) == forward
    assert float(fields["recompute ratio"]) == pytest.approx(forward / 10000, abs=5e-5)
    assert int(fields["recomputed steps"]) == forward - 10000
    assert int(fields["adjoint steps"]) == 10000
    assert int(fields["peak RAM checkpoints"]) <= 20


def test_revolve_actions_equal_golden_trace() -> None:
    p = plan_json("--steps", 4, "--snapshots", 2, "--actions")
    assert p["action_list"] == golden_actions("Revolve.json", "Revolve(4, 2)@max_n=4")
    assert len(p["action_list"]) == p["actions"]
    p = plan_json("--steps", 4, "--snapshots", 2, "--actions", 3)
    assert p["action_list"] == golden_actions("Revolve.json", "Revolve(4, 2)@max_n=4")[:3]


@pytest.mark.parametrize("steps", [1, 5, 10000])
def test_single_memory(steps: int) -> None:
    p = plan_json("--steps", steps, "--schedule", "single-memory", "--snapshots", 20)
    assert p["forward_steps"] == p["reverse_steps"] == steps
    assert p["recompute_ratio"] == 1.0 and p["recomputed_steps"] == 0
    assert p["peak_ram_checkpoints"] == p["peak_disk_checkpoints"] == 0
    assert p["peak_work_units"] == steps
    assert p["makespan"] == 2 * steps


def test_single_memory_actions_equal_golden_trace() -> None:
    p = plan_json("--steps", 5, "--schedule", "single-memory", "--actions")
    assert p["action_list"] == golden_actions("SingleMemoryStorageSchedule.json", "SingleMemoryStorageSchedule()@max_n=5")
    out = run_cli("--steps", 5, "--schedule", "single-memory", "--actions", 2)
    assert out.returncode == 0, out.stderr
    assert "0  Forward(0, sys.maxsize, False, True, StorageType.WORK)" in out.stdout
    assert "1  EndForward()" in out.stdout and "Reverse" not in out.stdout and "... 2 more" in out.stdout


def test_single_disk() -> None:
    p = plan_json("--steps", 37, "--schedule", "single-disk", "--wd", 3, "--rd", 5)
    assert p["forward_steps"] == p["reverse_steps"] == 37
    assert p["peak_disk_checkpoints"] == p["disk_writes"] == p["disk_reads"] == 37
    assert p["makespan"] == 37 + 37 + 3 * 37 + 5 * 37


@pytest.mark.parametrize("steps, ram, disk", [(10, 1, 2), (100, 3, 2), (100, 0, 5), (1000, 4, 4)])
def test_multistage_forward_steps_are_binomial(steps: int, ram: int, disk: int) -> None:
    p = plan_json("--steps", steps, "--schedule", "multistage", "--ram", ram, "--disk", disk)
    assert p["forward_steps"] == binomial_forward_steps(steps, ram + disk)
    assert p["peak_ram_checkpoints"] <= ram and p["peak_disk_checkpoints"] <= disk


@pytest.mark.parametrize("steps, snapshots, where", [(4, 1, "--snapshots"), (30, 3, "--disk"), (60, 5, "--snapshots")])
def test_mixed_forward_steps(steps: int, snapshots: int, where: str) -> None:
    p = plan_json("--steps", steps, "--schedule", "mixed", where, snapshots)
    assert p["forward_steps"] == mixed_forward_steps(steps, snapshots)
    level = "peak_disk_checkpoints" if where == "--disk" else "peak_ram_checkpoints"
    other = "peak_ram_checkpoints" if where == "--disk" else "peak_disk_checkpoints"
    assert 1 <= p[level] <= snapshots and p[other] == 0


@pytest.mark.parametrize("steps, period, disk", [(100, 10, None), (100, None, 8), (7, 3, None)])
def test_two_level_disk_checkpoints(steps: int, period: int | None, disk: int | None) -> None:
    args = ["--period", period] if period else ["--disk", disk]
    p = plan_json("--steps", steps, "--schedule", "two-level", "--ram", 2, *args)
    period = period or math.ceil(steps / disk)
    assert p["peak_disk_checkpoints"] == math.ceil(steps / period)
    assert p["peak_ram_checkpoints"] <= 2
    assert p["reverse_steps"] == steps and p["forward_steps"] >= steps


@pytest.mark.parametrize("name, cls, extra", [("hrevolve", "HRevolve", ["--ram", 3, "--disk", 5]),
                                              ("disk-revolve", "DiskRevolve", ["--snapshots", 3]),
                                              ("periodic-disk-revolve", "PeriodicDiskRevolve", ["--snapshots", 3])])
def test_two_level_revolves(name: str, cls: str, extra: list) -> None:
    p = plan_json("--steps", 200, "--schedule", name, "--wd", 4, "--rd", 3, *extra)
    assert p["schedule"].startswith(f"{cls}(200, 3")
    assert p["reverse_steps"] == 200 and p["forward_steps"] >= 200
    assert p["peak_ram_checkpoints"] <= 3
    if name == "hrevolve":
        assert p["peak_disk_checkpoints"] <= 5
    assert p["makespan"] == p["forward_steps"] + p["reverse_steps"] + 4 * p["disk_writes"] + 3 * p["disk_reads"]
    if name != "periodic-disk-revolve":  # a periodic heuristic; the other two are optimal for their costs
        # Never worse than RAM-only Revolve with the same RAM (one of their candidates), by their weighted cost.
        assert p["makespan"] <= binomial_forward_steps(200, 3) + 200


# --- sizes --------------------------------------------------------------------------------------------------

def test_bytes_from_state_size_and_dtype() -> None:
    p = plan_json("--steps", 10, "--schedule", "single-memory", "--state-size", "1000x1000", "--dtype", "float32")
    assert p["checkpoint_bytes"] == 4_000_000
    assert p["peak_work_bytes"] == 10 * 4_000_000 and p["peak_ram_bytes"] == 0
    p = plan_json("--steps", 10, "--schedule", "single-memory", "--state-size", "20x30x2")
    assert p["checkpoint_bytes"] == 20 * 30 * 2 * 8  # float64 by default
    out = run_cli("--steps", 10, "--schedule", "single-memory", "--checkpoint-bytes", 1 << 20)
    assert out.returncode == 0, out.stderr
    assert "peak working units     10  (10.0 MiB, 10485760 bytes)" in out.stdout


# --- bad input ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, option", [
    (["--steps", 0], "--steps"),
    (["--steps", "many"], "--steps"),
    (["--snapshots", 3], "--steps"),  # missing
    (["--steps", 10, "--schedule", "bogus"], "--schedule"),
    (["--steps", 10, "--snapshots", -1], "--snapshots"),
    (["--steps", 10], "--snapshots"),  # revolve needs RAM checkpoints
    (["--steps", 10, "--snapshots", 0], "--snapshots"),
    (["--steps", 10, "--ram", 0], "--ram"),
    (["--steps", 10, "--snapshots", 3, "--disk", 5], "--disk"),
    (["--steps", 10, "--snapshots", 3, "--period", 5], "--period"),
    (["--steps", 10, "--schedule", "two-level", "--ram", 2], "--period"),
    (["--steps", 10, "--schedule", "two-level", "--ram", 2, "--period", 0], "--period"),
    (["--steps", 10, "--schedule", "mixed", "--snapshots", 2, "--disk", 3], "--disk"),
    (["--steps", 10, "--schedule", "single-disk", "--period", 3], "--period"),
    (["--steps", 10, "--schedule", "single-memory", "--uf", "nan"], "--uf"),
    (["--steps", 10, "--schedule", "single-memory", "--rd", "-2"], "--rd"),
    (["--steps", 10, "--schedule", "single-memory", "--dtype", "float32"], "--dtype"),
    (["--steps", 10, "--schedule", "single-memory", "--state-size", "10xa"], "--state-size"),
    (["--steps", 10, "--schedule", "single-memory", "--state-size", "10", "--dtype", "nope"], "--dtype"),
    (["--steps", 10, "--schedule", "single-memory", "--checkpoint-bytes", 0], "--checkpoint-bytes"),
    (["--steps", 10, "--schedule", "single-memory", "--checkpoint-bytes", 8, "--state-size", "2x2"], "--state-size"),
    (["--steps", 10, "--schedule", "single-memory", "--actions", -3], "--actions"),
])
def test_bad_input_exits_2_naming_the_option(args: list, option: str) -> None:
    out = run_cli(*args)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert out.stdout == ""
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("pyrevolve-net plan: error: ") and option in last, out.stderr
    assert "Traceback" not in out.stderr


def test_no_command_prints_usage_and_exits_2() -> None:
    out = subprocess.run([sys.executable, "-m", "pyrevolve_net"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2 and "plan" in out.stderr


# --- the Python API -----------------------------------------------------------------------------------------

def test_plan_api() -> None:
    p = plan("single-memory", 12, costs=Costs(uf=2, ub=3), checkpoint_bytes=100)
    assert isinstance(p, Plan)
    assert (p.forward_steps, p.reverse_steps, p.peak_work_units) == (12, 12, 12)
    assert p.makespan == 2 * 12 + 3 * 12 and p.peak_work_bytes == 1200
    assert json.loads(json.dumps(p.as_dict()))["recompute_ratio"] == 1.0
    schedule = SingleMemoryStorageSchedule()
    assert plan(schedule, 12).forward_steps == 12
    with pytest.raises(RuntimeError):
        plan(schedule, 12)  # consumed
    with pytest.raises(StopIteration):
        next(schedule)
    with pytest.raises(PlanError) as e:
        plan(SingleMemoryStorageSchedule())
    assert e.value.parameter == "steps"


def test_schedule_spec() -> None:
    spec = schedule_spec("revolve", 100, snapshots=5, costs=Costs(wd=3))
    assert spec == ScheduleSpec(Revolve, (100, 5), {"uf": 1.0, "ub": 1.0, "wd": 3, "rd": 2.0})
    assert str(spec) == "Revolve(100, 5, uf=1.0, ub=1.0, wd=3, rd=2.0)"
    assert str(schedule_spec("mixed", 9, disk=2)) == "MixedCheckpointSchedule(9, 2, storage=StorageType.DISK)"
    assert str(schedule_spec("two-level", 100, ram=2, disk=8)) == (
        "TwoLevelCheckpointSchedule(13, 2, binomial_storage=StorageType.RAM, binomial_trajectory='maximum')")
    with pytest.raises(PlanError) as e:
        schedule_spec("hrevolve", 10, snapshots=2, disk=-1)
    assert e.value.parameter == "disk"
    with pytest.raises(PlanError) as e:
        Costs(uf=float("inf"))
    assert e.value.parameter == "uf"


def test_plan_of_offline_schedule_checks_steps() -> None:
    with pytest.raises(PlanError) as e:
        plan(Revolve(10, 2), 11)
    assert e.value.parameter == "steps"
