"""pyrevolve-net: optimal adjoint checkpointing with a high-performance C# core.

Drop-in for checkpoint_schedules (:mod:`pyrevolve_net.schedules`) and, as it grows, for pyrevolve.
"""
from . import schedules
from ._native import CorruptCheckpointError, NativeError

__version__ = "0.1.0"

__all__ = ["schedules", "CorruptCheckpointError", "NativeError", "__version__"]
