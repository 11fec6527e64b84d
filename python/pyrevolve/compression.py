"""Drop-in ``pyrevolve.compression``: re-exports ``pyrevolve_net.compression``."""
from pyrevolve_net.compression import *  # noqa: F401,F403
from pyrevolve_net.compression import __all__  # noqa: F401
