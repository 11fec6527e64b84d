"""Drop-in ``checkpoint_schedules``: re-exports :mod:`pyrevolve_net.schedules` (nothing else lives here)."""
from pyrevolve_net.schedules import *  # noqa: F401,F403
from pyrevolve_net.schedules import __all__  # noqa: F401

__version__ = "1.0.4"
