"""The shared figure style and display helpers."""

import numpy as np
import pytest

from spinbridge import plotting


def test_log_spaced_indices_are_sorted_unique_and_cover_the_ends():
    idx = plotting.log_spaced_indices(np.arange(1000), per_decade=25)
    assert idx[0] == 0 and idx[-1] == 999
    assert np.all(np.diff(idx) > 0)
    # about 25 per decade over 3 decades, fewer where the first decade has fewer points
    assert 40 <= len(idx) <= 75
    with pytest.raises(ValueError, match="non-empty"):
        plotting.log_spaced_indices(0)
