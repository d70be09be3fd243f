"""One figure style for every paper, and saving figures as PDF + PNG."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # figures are files: never need a display

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["STYLE", "apply_style", "log_spaced_indices", "save_figure"]

STYLE: dict[str, object] = {
    "figure.figsize": (3.4, 2.6),  # one PRL/PRX column
    "figure.dpi": 150,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    "font.size": 9,
    "axes.labelsize": 9,
    "axes.titlesize": 9,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "xtick.direction": "in",
    "ytick.direction": "in",
    "xtick.top": True,
    "ytick.right": True,
    "lines.linewidth": 1.3,
    "axes.prop_cycle": matplotlib.cycler(
        color=["#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#6a4c93", "#00798c", "#333333"]
    ),
    "pdf.fonttype": 42,
    "svg.fonttype": "none",
    # Reproducible files: no creation date in PDF metadata.
    "pdf.compression": 6,
}


def apply_style() -> None:
    """Apply the spinbridge style to matplotlib's global rcParams."""
    plt.rcParams.update(STYLE)


def save_figure(
    fig: matplotlib.figure.Figure,
    path: str | os.PathLike,
    formats: tuple[str, ...] = ("pdf", "png"),
) -> list[Path]:
    """Save ``fig`` as ``path`` with each suffix in ``formats``; close it; return the paths.

    ``path`` may carry a suffix (it is replaced) or none.
    """
    base = Path(path)
    if base.suffix.lstrip(".") in {"pdf", "png", "svg"}:
        base = base.with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    out = []
    for fmt in formats:
        target = base.with_suffix(f".{fmt}")
        metadata = {"CreationDate": None} if fmt == "pdf" else {}
        fig.savefig(target, format=fmt, metadata=metadata)
        out.append(target)
    plt.close(fig)
    return out


def log_spaced_indices(n, per_decade: int = 25) -> np.ndarray:
    """Indices of about ``per_decade`` points per decade of a series, for markers on a log axis.

    Display only: on a log axis a marker per point of a dense series hides the lines drawn over
    it; these indices keep markers apart. ``n`` is the series (or its length).
    """
    length = n if isinstance(n, int) else len(n)
    if length < 1:
        raise ValueError(f"need a non-empty series, got length {length}")
    num = int(per_decade * np.log10(max(length, 10)))
    return np.unique(np.geomspace(1, length, num).round().astype(int) - 1)
