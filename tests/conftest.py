"""Shared fixtures: the repository root and a minimal valid dataset."""

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def tiny_dataset() -> xr.Dataset:
    t = np.arange(5.0)
    return xr.Dataset(
        {
            "x": ("t", t**2, {"units": "1", "long_name": "a square"}),
            "scalar": ((), 2.5, {"units": "s-1", "long_name": "a rate"}),
        },
        coords={"t": ("t", t, {"units": "tau", "long_name": "time"})},
    )
