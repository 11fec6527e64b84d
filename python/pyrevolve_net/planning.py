"""Planning an adjoint run: what a checkpointing schedule costs before anything is computed.

:func:`plan` runs a schedule through one adjoint pass in the C# core (no model, nothing stored) and returns a
:class:`Plan`: forward and adjoint steps, recomputation, peak checkpoints per storage level (and bytes, given the
size of one checkpoint), disk traffic and the weighted cost. :func:`schedule_spec` turns the short names the
command line uses (``revolve``, ``two-level``, ...) and its counts into a checked constructor call.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

import numpy as np

from .schedules import (
    CheckpointAction,
    CheckpointSchedule,
    DiskRevolve,
    EndForward,
    EndReverse,
    Forward,
    HRevolve,
    MixedCheckpointSchedule,
    MultistageCheckpointSchedule,
    NoneCheckpointSchedule,
    PeriodicDiskRevolve,
    Revolve,
    SingleDiskStorageSchedule,
    SingleMemoryStorageSchedule,
    StorageType,
    TwoLevelCheckpointSchedule,
)
from .schedules.schedule import NativeSchedule

__all__ = ["SCHEDULES", "Costs", "Plan", "PlanError", "ScheduleSpec", "schedule_spec", "plan", "driver_actions",
           "checkpoint_nbytes"]

#: Schedule names accepted by :func:`schedule_spec` (and the CLI's ``--schedule``).
SCHEDULES = ("revolve", "multistage", "hrevolve", "disk-revolve", "periodic-disk-revolve", "mixed", "two-level",
             "single-memory", "single-disk")


class PlanError(ValueError):
    """Bad or inconsistent planning parameters; ``parameter`` names the one at fault."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class Costs:
    """Cost of one forward step (``uf``), one adjoint step (``ub``), one disk write (``wd``) and one disk read
    (``rd``); RAM transfers are free. The defaults are checkpoint_schedules'."""

    uf: float = 1.0
    ub: float = 1.0
    wd: float = 2.0
    rd: float = 2.0

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
                raise PlanError(name, f"{name} must be a finite number >= 0, got {value!r}")


@dataclass(frozen=True)
class Plan:
    """What one adjoint calculation (the first forward and the first adjoint pass) costs under a schedule."""

    schedule: str  # the constructor call, e.g. "Revolve(10000, 20)"
    steps: int
    forward_steps: int  # every forward step run, the initial forward included
    reverse_steps: int
    peak_ram_checkpoints: int
    peak_disk_checkpoints: int
    peak_work_units: int  # most forward data units held in working memory at once
    ram_writes: int
    disk_writes: int
    ram_reads: int
    disk_reads: int
    actions: int
    costs: Costs = Costs()
    checkpoint_bytes: int | None = None  # size of one checkpoint (one unit), when known

    @property
    def recompute_ratio(self) -> float:
        """Forward steps run per model step: 1 means no recomputation."""
        return self.forward_steps / self.steps

    @property
    def recomputed_steps(self) -> int:
        return self.forward_steps - self.steps

    @property
    def makespan(self) -> float:
        """Weighted cost uf·forward + ub·adjoint + wd·disk writes + rd·disk reads."""
        c = self.costs
        return c.uf * self.forward_steps + c.ub * self.reverse_steps + c.wd * self.disk_writes + c.rd * self.disk_reads

    def _bytes(self, count: int) -> int | None:
        return None if self.checkpoint_bytes is None else count * self.checkpoint_bytes

    @property
    def peak_ram_bytes(self) -> int | None:
        return self._bytes(self.peak_ram_checkpoints)

    @property
    def peak_disk_bytes(self) -> int | None:
        return self._bytes(self.peak_disk_checkpoints)

    @property
    def peak_work_bytes(self) -> int | None:
        return self._bytes(self.peak_work_units)

    def as_dict(self) -> dict[str, Any]:
        """Every field and derived number, JSON-ready."""
        d = asdict(self)
        for name in ("recompute_ratio", "recomputed_steps", "makespan", "peak_ram_bytes", "peak_disk_bytes",
                     "peak_work_bytes"):
            d[name] = getattr(self, name)
        return d


@dataclass(frozen=True)
class ScheduleSpec:
    """A schedule constructor call, checked but not made yet (``str`` gives it as Python)."""

    cls: type[CheckpointSchedule]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def build(self) -> CheckpointSchedule:
        return self.cls(*self.args, **self.kwargs)

    def __str__(self) -> str:
        text = ", ".join([repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()])
        return f"{self.cls.__name__}({text})"


def _unused(name: str, **given: Any) -> None:
    for parameter, value in given.items():
        if value is not None:
            raise PlanError(parameter, f"{parameter} does not apply to the {name} schedule")


def _count(parameter: str, value: int | None, minimum: int, name: str) -> int:
    if value is None:
        raise PlanError(parameter, f"the {name} schedule needs {parameter}")
    if value < minimum:
        raise PlanError(parameter, f"{parameter} must be at least {minimum} for the {name} schedule, got {value}")
    return value


def schedule_spec(name: str, steps: int, *, snapshots: int | None = None, ram: int | None = None,
                  disk: int | None = None, period: int | None = None, costs: Costs = Costs(),
                  trajectory: str = "maximum") -> ScheduleSpec:
    """The schedule called ``name`` (one of :data:`SCHEDULES`) for ``steps`` steps, as a checked constructor call
    (:class:`PlanError` names the parameter at fault).

    ``snapshots`` is the number of RAM checkpoints (``ram`` overrides it); ``disk`` the number of disk
    checkpoints. revolve, disk-revolve, periodic-disk-revolve: RAM only (the last two choose their disk
    checkpoints). multistage, hrevolve: RAM and disk (``disk`` defaults to 0). mixed: its checkpoints live in
    RAM (``snapshots``/``ram``) or on disk (``disk``). two-level: ``ram`` binomial checkpoints in RAM between
    periodic disk checkpoints every ``period`` steps, or, with ``disk`` instead, at most ``disk`` periodic
    checkpoints. single-memory, single-disk: no parameters. ``costs`` go to the revolve family, whose choices
    depend on them; ``trajectory`` to multistage and two-level.
    """
    if name not in SCHEDULES:
        raise PlanError("schedule", f"unknown schedule {name!r}; choose from {', '.join(SCHEDULES)}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise PlanError("steps", f"steps must be a positive integer, got {steps!r}")
    steps = int(steps)
    ram_count, ram_name = (ram, "ram") if ram is not None else (snapshots, "snapshots")
    cost_args = {"uf": costs.uf, "ub": costs.ub, "wd": costs.wd, "rd": costs.rd}
    if name in ("revolve", "disk-revolve", "periodic-disk-revolve"):
        _unused(name, disk=disk, period=period)
        cls = {"revolve": Revolve, "disk-revolve": DiskRevolve, "periodic-disk-revolve": PeriodicDiskRevolve}[name]
        return ScheduleSpec(cls, (steps, _count(ram_name, ram_count, 1, name)), cost_args)
    if name == "hrevolve":
        _unused(name, period=period)
        return ScheduleSpec(HRevolve, (steps, _count(ram_name, ram_count, 1, name), _count("disk", disk or 0, 0, name)),
                            cost_args)
    if name == "multistage":
        _unused(name, period=period)
        if ram_count is None and disk is not None:
            ram_count = 0  # disk only
        in_ram = _count(ram_name, ram_count, 0, name)
        on_disk = _count("disk", disk or 0, 0, name)
        if in_ram + on_disk < 1:
            raise PlanError("snapshots", "the multistage schedule needs at least one checkpoint")
        return ScheduleSpec(MultistageCheckpointSchedule, (steps, in_ram, on_disk), {"trajectory": trajectory})
    if name == "mixed":
        _unused(name, period=period)
        if disk is not None:
            if ram_count is not None:
                raise PlanError("disk", "the mixed schedule keeps its checkpoints in one place: give snapshots "
                                        "(or ram) for RAM, or disk for DISK, not both")
            return ScheduleSpec(MixedCheckpointSchedule, (steps, _count("disk", disk, 1, name)),
                                {"storage": StorageType.DISK})
        return ScheduleSpec(MixedCheckpointSchedule, (steps, _count(ram_name, ram_count, 1, name)),
                            {"storage": StorageType.RAM})
    if name == "two-level":
        binomial = _count(ram_name, ram_count, 0, name)
        if period is not None and disk is not None:
            raise PlanError("disk", "give the two-level schedule period or disk (which sets the period), not both")
        if period is None:
            if disk is None:
                raise PlanError("period", "the two-level schedule needs period (or disk, which sets the period)")
            period = -(-steps // _count("disk", disk, 1, name))
        return ScheduleSpec(TwoLevelCheckpointSchedule, (_count("period", period, 1, name), binomial),
                            {"binomial_storage": StorageType.RAM, "binomial_trajectory": trajectory})
    _unused(name, ram=ram, disk=disk, period=period)  # single-memory, single-disk; snapshots is ignored
    return ScheduleSpec(SingleMemoryStorageSchedule if name == "single-memory" else SingleDiskStorageSchedule)


def plan(schedule_or_name: CheckpointSchedule | ScheduleSpec | str, steps: int | None = None, *,
         costs: Costs = Costs(), checkpoint_bytes: int | None = None, **parameters: Any) -> Plan:
    """The cost of one adjoint calculation over ``steps`` steps.

    ``schedule_or_name``: a schedule that has not been iterated (it is consumed; ``steps`` defaults to its
    ``max_n``), a :class:`ScheduleSpec`, or a name from :data:`SCHEDULES` with the :func:`schedule_spec`
    ``parameters``. ``costs`` weigh the makespan (and, with a name, go to the schedule).
    ``checkpoint_bytes``: the size of one checkpoint, for the byte figures.
    """
    if checkpoint_bytes is not None and (isinstance(checkpoint_bytes, bool) or checkpoint_bytes < 1):
        raise PlanError("checkpoint_bytes", f"checkpoint_bytes must be a positive integer, got {checkpoint_bytes!r}")
    if isinstance(schedule_or_name, str):
        if steps is None:
            raise PlanError("steps", "steps is required with a schedule name")
        schedule_or_name = schedule_spec(schedule_or_name, steps, costs=costs, **parameters)
    elif parameters:
        raise TypeError(f"schedule parameters are only taken with a schedule name: {sorted(parameters)}")
    if isinstance(schedule_or_name, ScheduleSpec):
        schedule, text = schedule_or_name.build(), str(schedule_or_name)
    elif isinstance(schedule_or_name, NativeSchedule):
        schedule, text = schedule_or_name, type(schedule_or_name).__name__
    else:
        raise TypeError(f"expected a pyrevolve_net schedule, a ScheduleSpec or a name, "
                        f"not {type(schedule_or_name).__name__}")
    steps = schedule.max_n if steps is None else steps
    if steps is None:
        raise PlanError("steps", f"{text} is online: give steps")
    if schedule.max_n is not None and steps != schedule.max_n:
        raise PlanError("steps", f"steps ({steps}) differs from the schedule's max_n ({schedule.max_n})")
    assert isinstance(schedule, NativeSchedule)  # built by this package
    c = schedule._analyze(steps)
    return Plan(schedule=text, steps=c.steps, forward_steps=c.forward_steps, reverse_steps=c.reverse_steps,
                peak_ram_checkpoints=c.peak_ram_checkpoints, peak_disk_checkpoints=c.peak_disk_checkpoints,
                peak_work_units=c.peak_work_units, ram_writes=c.ram_writes, disk_writes=c.disk_writes,
                ram_reads=c.ram_reads, disk_reads=c.disk_reads, actions=c.actions, costs=costs,
                checkpoint_bytes=checkpoint_bytes)


def driver_actions(schedule: CheckpointSchedule, steps: int) -> Iterator[CheckpointAction]:
    """The actions of one adjoint calculation, driven as checkpoint_schedules' drivers do: ``finalize(steps)``
    after the Forward that reaches ``steps``; stop after the first EndReverse (EndForward for a forward-only
    schedule). These are the actions :func:`plan` counts."""
    forward_only = isinstance(schedule, NoneCheckpointSchedule)
    for action in schedule:
        yield action
        if isinstance(action, Forward) and min(action.n1, steps) == steps:
            schedule.finalize(steps)
        if isinstance(action, EndReverse) or (forward_only and isinstance(action, EndForward)):
            return


def checkpoint_nbytes(shape: tuple[int, ...], dtype: Any = np.float64) -> int:
    """Bytes of one checkpoint holding one array of ``shape`` and ``dtype``."""
    return math.prod(shape) * np.dtype(dtype).itemsize
