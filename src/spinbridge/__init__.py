"""spinbridge: reproducible analysis of four papers on collective spin ensembles.

The physics lives in one module per model (``cells``, ``collisions``, ``counting``, ...); ``store``
holds the NetCDF conventions, ``plotting`` the shared figure style, ``claims`` the scorecard.
"""

__version__ = "0.1.0"
