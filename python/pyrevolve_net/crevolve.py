"""The classic Revolve interface (pyrevolve's ``crevolve``): Griewank and Walther's algorithm driven one
action at a time, computed by the C# core.

Loop on ``revolve()``: ``advance`` (run the primal from ``oldcapo`` to ``capo``), ``takeshot`` (store the state
in slot ``check``), ``restore`` (load slot ``check``), ``firstrun`` (last primal step, then the first adjoint
step), ``youturn`` (one adjoint step at ``capo``), ``terminate``.
"""
from __future__ import annotations

from enum import Enum

from ._native import revolver_api as api
from .schedules.schedule import as_int

__all__ = ["Action", "CRevolve", "RevolveError", "adjust", "maxrange", "numforw", "expense"]

_INT32_MAX = 2**31 - 1


class Action(Enum):
    advance = 1
    takeshot = 2
    restore = 3
    firstrun = 4
    youturn = 5
    terminate = 6
    error = 7


class RevolveError(Exception):
    """Revolve reported an error (its ``info`` code says which)."""


_MESSAGES = {
    10: "Number of checkpoints stored exceeds hardcoded limit.",
    11: "Number of checkpoints stored exceeds snaps.",
    12: "Internal error in numforw.",
    13: "Enhancement of 'fine', increase 'snaps'.",
    14: "Number of snaps exceeds hardcoded limit.",
    15: "Number of reps exceeds hardcoded limit.",
}


def _int32(name: str, value: object, minimum: int) -> int:
    v = as_int(name, value, minimum=minimum)
    if v > _INT32_MAX:
        raise ValueError(f"{name} must be at most {_INT32_MAX}, got {v}")
    return v


class CRevolve:
    """Offline classic Revolve: ``snapshots`` checkpoint slots for ``timesteps`` steps.

    Unlike pyrevolve, bad counts raise ``ValueError`` naming the parameter (pyrevolve crashes the process
    on ``snapshots=0``). The online form (``timesteps=None``) and the misnamed ``snapshots_disk`` variant are
    not offered: use :class:`pyrevolve_net.Revolver` with ``n_timesteps=None`` or a multi-level schedule."""

    def __init__(self, snapshots: int, timesteps: int | None = None, snapshots_disk: int | None = None) -> None:
        if timesteps is None:
            raise ValueError("timesteps is required: online classic Revolve is not supported "
                             "(use pyrevolve_net.Revolver(..., n_timesteps=None) for online checkpointing)")
        if snapshots_disk is not None:
            raise ValueError("snapshots_disk is not supported (pyrevolve's multistage variant misreads it); "
                             "use pyrevolve_net.schedules.MultistageCheckpointSchedule")
        self._snapshots = _int32("snapshots", snapshots, 1)
        self._timesteps = _int32("timesteps", timesteps, 0)
        self._handle = api.classic_create(self._snapshots, self._timesteps)
        self._state = api.ClassicState(action=0, capo=0, oldcapo=0, check=-1, fine=self._timesteps)

    def revolve(self) -> Action:
        self._state = api.classic_next(self._handle)
        action = Action(self._state.action)
        if action is Action.error:
            info = self._state.info
            raise RevolveError(_MESSAGES.get(info, f"Revolve error (info {info})"))
        return action

    @property
    def capo(self) -> int:
        return self._state.capo

    @property
    def oldcapo(self) -> int:
        return self._state.oldcapo

    @property
    def check(self) -> int:
        return self._state.check

    @property
    def fine(self) -> int:
        return self._state.fine

    @property
    def info(self) -> int:
        return self._state.info

    @property
    def advances(self) -> int:
        return self._state.advances

    @property
    def where(self) -> bool:
        return True  # single level: every checkpoint is in RAM

    def close(self) -> None:
        self._handle.close()


def adjust(steps: int) -> int:
    """A good number of checkpoints for ``steps`` time steps (Revolve's suggestion)."""
    return api.classic_adjust(_int32("steps", steps, 0))


def maxrange(snaps: int, reps: int) -> int:
    """Largest number of steps ``snaps`` checkpoints reverse with at most ``reps`` repetitions."""
    return api.classic_maxrange(_int32("snaps", snaps, 0), _int32("reps", reps, 0))


def numforw(steps: int, snaps: int) -> int:
    """Forward steps Revolve runs (sum of its advances) for ``steps`` steps and ``snaps`` checkpoints."""
    return api.classic_numforw(_int32("steps", steps, 1), _int32("snaps", snaps, 1))


def expense(steps: int, snaps: int) -> float:
    """``numforw(steps, snaps) / steps``."""
    return api.classic_expense(_int32("steps", steps, 1), _int32("snaps", snaps, 1))
