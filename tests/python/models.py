"""Small checkpoints and operators shared by the Revolver tests."""
from __future__ import annotations

import numpy as np

from pyrevolve import Checkpoint, Operator


class CountingCheckpoint(Checkpoint):
    """Empty data, as pyrevolve's SimpleCheckpoint (get_data returns an empty bytearray)."""

    def __init__(self) -> None:
        self.saves = 0
        self.loads = 0

    def get_data(self, timestep):
        self.saves += 1
        return bytearray()

    def get_data_location(self, timestep):
        self.loads += 1
        return bytearray()

    @property
    def dtype(self):
        return np.float32

    @property
    def size(self):
        return 1

    @property
    def nbytes(self):
        return 1


class CountingOperator(Operator):
    def __init__(self) -> None:
        self.counter = 0

    def apply(self, **kwargs) -> None:
        assert kwargs["t_start"] <= kwargs["t_end"]
        self.counter += kwargs["t_end"] - kwargs["t_start"]


class Field(Checkpoint):
    def __init__(self, *arrays: np.ndarray) -> None:
        self.arrays = arrays

    def get_data(self, timestep):
        return list(self.arrays)

    def get_data_location(self, timestep):
        return list(self.arrays)

    @property
    def dtype(self):
        return self.arrays[0].dtype

    @property
    def size(self):
        return sum(a.size for a in self.arrays)
