"""Drop-in ``pyrevolve.profiling``: re-exports ``pyrevolve_net.profiling``."""
from pyrevolve_net.profiling import *  # noqa: F401,F403
from pyrevolve_net.profiling import __all__  # noqa: F401
