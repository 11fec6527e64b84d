"""Drop-in ``pyrevolve.storage``: re-exports ``pyrevolve_net.storage``."""
from pyrevolve_net.storage import *  # noqa: F401,F403
from pyrevolve_net.storage import __all__  # noqa: F401
