"""``python -m pyrevolve_net``: the command line (see :mod:`pyrevolve_net.cli`)."""
from .cli import main

raise SystemExit(main())
