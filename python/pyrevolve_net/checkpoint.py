"""What a user gives the Revolver: a description of the live data (Checkpoint) and operators (Operator).

Both mirror pyrevolve 2.2: nothing is enforced beyond what Devito defines, so existing subclasses
(e.g. Devito's ``DevitoCheckpoint`` and ``CheckpointOperator``) work unchanged.
"""
from __future__ import annotations

from typing import Any, Iterable

import numpy as np

__all__ = ["Checkpoint", "Operator"]


class Operator:
    """An operator the Revolver runs: ``apply(t_start=a, t_end=b)`` advances from step a to step b
    (forward), or runs the adjoint of step a (reverse, always one step: b == a + 1)."""

    def apply(self, **kwargs: Any) -> None:
        """Override: run the operator from ``kwargs['t_start']`` to ``kwargs['t_end']``."""


class Checkpoint:
    """Describes where the live state is. Subclasses provide:

    - ``dtype``: numpy element type of the data;
    - ``size``: number of elements of one checkpoint (over all arrays);
    - ``get_data(timestep)``: the arrays to save when the state is at ``timestep``;
    - ``get_data_location(timestep)``: the arrays into which restored data is copied, in place.

    ``nbytes`` defaults to ``size * dtype.itemsize``.
    """

    @property
    def dtype(self) -> Any:
        raise NotImplementedError("Checkpoint subclasses must define dtype")

    @property
    def size(self) -> int:
        raise NotImplementedError("Checkpoint subclasses must define size")

    def get_data(self, timestep: int) -> Iterable[np.ndarray]:
        raise NotImplementedError("Checkpoint subclasses must define get_data(timestep)")

    def get_data_location(self, timestep: int) -> Iterable[np.ndarray]:
        raise NotImplementedError("Checkpoint subclasses must define get_data_location(timestep)")

    @property
    def nbytes(self) -> int:
        return int(self.size) * np.dtype(self.dtype).itemsize
