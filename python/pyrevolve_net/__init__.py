"""pyrevolve-net: optimal adjoint checkpointing with a high-performance C# core.

Drop-in for checkpoint_schedules (:mod:`pyrevolve_net.schedules`) and for pyrevolve (the Revolvers,
:class:`Checkpoint`, :class:`Operator`, storages, compression hooks and the classic :mod:`crevolve`).
"""
from . import compression, crevolve, profiling, schedules, storage
from ._native import CorruptCheckpointError, NativeError
from .checkpoint import Checkpoint, Operator
from .crevolve import RevolveError
from .profiling import Profiler
from .revolver import (
    BaseRevolver,
    DiskRevolver,
    MemoryRevolver,
    MultiLevelRevolver,
    Revolver,
    RevolverSummary,
    SingleLevelRevolver,
)
from .storage import BytesStorage, DiskStorage, NumpyStorage

__version__ = "0.1.0"

__all__ = [
    "BaseRevolver", "BytesStorage", "Checkpoint", "CorruptCheckpointError", "DiskRevolver", "DiskStorage",
    "MemoryRevolver", "MultiLevelRevolver", "NativeError", "NumpyStorage", "Operator", "Profiler", "RevolveError",
    "Revolver", "RevolverSummary", "SingleLevelRevolver", "__version__", "compression", "crevolve", "profiling",
    "schedules", "storage",
]
