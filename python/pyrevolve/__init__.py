"""Drop-in ``pyrevolve``: re-exports pyrevolve_net's implementation of pyrevolve 2.2's API (nothing else lives here).

As in pyrevolve, the top-level ``Action`` and ``CRevolve`` are the classic interface's (``crevolve``)."""
from pyrevolve_net.checkpoint import Checkpoint, Operator
from pyrevolve_net.compression import init_compression as init
from pyrevolve_net.crevolve import Action, CRevolve, RevolveError, adjust, expense, maxrange, numforw
from pyrevolve_net.profiling import Profiler, Timer
from pyrevolve_net.revolver import (
    BaseRevolver,
    DiskRevolver,
    MemoryRevolver,
    MultiLevelRevolver,
    Revolver,
    RevolverSummary,
    SingleLevelRevolver,
)
from pyrevolve_net.storage import BytesStorage, DiskStorage, NumpyStorage, Storage

from . import compression, crevolve, profiling, storage  # noqa: E402

__version__ = "2.2.7"

__all__ = [
    "Action", "BaseRevolver", "BytesStorage", "CRevolve", "Checkpoint", "DiskRevolver", "DiskStorage",
    "MemoryRevolver", "MultiLevelRevolver", "NumpyStorage", "Operator", "Profiler", "RevolveError", "Revolver",
    "RevolverSummary", "SingleLevelRevolver", "Storage", "Timer", "adjust", "compression", "crevolve", "expense",
    "init", "maxrange", "numforw", "profiling", "storage",
]
