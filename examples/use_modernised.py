"""The modernised pyrevolve API (Checkpoint, Operator, Revolver) on a toy model, with `import pyrevolve`
unchanged: pyrevolve-net provides that module.

The forward adds m to u at every step; the reverse adds m to v at every adjoint step. After 30 steps both
hold 30 in every entry. apply_reverse() also returns a summary of the run (pyrevolve returns None).
Run: .venv/bin/python examples/use_modernised.py
"""
import numpy as np

import pyrevolve as pr

steps = 30
u = np.zeros(4, dtype=np.float32)
m = np.ones(4, dtype=np.float32)
v = np.zeros(4, dtype=np.float32)


class Forward(pr.Operator):
    def apply(self, t_start, t_end):
        for _ in range(t_start, t_end):
            u[:] += m


class Reverse(pr.Operator):
    def apply(self, t_start, t_end):
        for _ in range(t_start, t_end):
            v[:] += m


class State(pr.Checkpoint):
    """The live data: u and m (saved at checkpoints, restored in place)."""

    dtype = np.float32

    @property
    def size(self):
        return u.size + m.size

    def get_data(self, timestep):
        return [u, m]

    def get_data_location(self, timestep):
        return [u, m]


revolver = pr.Revolver(State(), Forward(), Reverse(), None, steps)
revolver.apply_forward()
print(f"u={u}")
summary = revolver.apply_reverse()
print(f"v={v}")
print(summary)
