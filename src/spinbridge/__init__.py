"""spinbridge: reproducible analysis of four papers on collective spin ensembles.

The physics lives in one module per model (``cells``, ``collisions``, ``counting``, ...); ``store``
holds the NetCDF conventions, ``plotting`` the shared figure style, ``claims`` the scorecard.

Importing the package points numba's on-disk cache of compiled kernels at the user's cache folder
(``$XDG_CACHE_HOME/spinbridge/numba``, default ``~/.cache/spinbridge/numba``) unless
``NUMBA_CACHE_DIR`` is set, so that nothing is written into the source tree.
"""

import os as _os
from pathlib import Path as _Path

__version__ = "0.1.0"

_os.environ.setdefault(
    "NUMBA_CACHE_DIR",
    str(
        _Path(_os.environ.get("XDG_CACHE_HOME") or _Path.home() / ".cache") / "spinbridge" / "numba"
    ),
)
