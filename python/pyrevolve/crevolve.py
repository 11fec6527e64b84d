"""Drop-in ``pyrevolve.crevolve``: re-exports ``pyrevolve_net.crevolve``."""
from pyrevolve_net.crevolve import *  # noqa: F401,F403
from pyrevolve_net.crevolve import __all__  # noqa: F401
