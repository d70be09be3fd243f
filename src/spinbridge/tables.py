"""Tables as CSV (for machines) and LaTeX (for papers), written atomically."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd

__all__ = ["format_number", "to_latex", "write_table"]

_TEX_ESCAPES = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$"}


def format_number(x: object, digits: int = 4) -> str:
    """Numbers with ``digits`` significant figures, LaTeX scientific notation when large/small."""
    if isinstance(x, str):
        return "".join(_TEX_ESCAPES.get(c, c) for c in x)
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(v):
        return "--"
    if v != 0 and (abs(v) >= 1e4 or abs(v) < 1e-2):
        mant, exp = f"{v:.{digits - 1}e}".split("e")
        return rf"${mant} \times 10^{{{int(exp)}}}$"
    return f"{v:.{digits}g}"


def to_latex(df: pd.DataFrame, caption: str = "", label: str = "") -> str:
    """A booktabs ``table`` environment of ``df`` (no jinja2 needed)."""
    cols = list(df.columns)
    lines = [
        r"\begin{table}",
        r"\centering",
        *([rf"\caption{{{format_number(caption)}}}"] if caption else []),
        *([rf"\label{{{label}}}"] if label else []),
        r"\begin{tabular}{" + "l" * len(cols) + "}",
        r"\toprule",
        " & ".join(format_number(str(c)) for c in cols) + r" \\",
        r"\midrule",
    ]
    for row in df.itertuples(index=False):
        lines.append(" & ".join(format_number(v) for v in row) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}", ""]
    return "\n".join(lines)


def _atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    tmp.replace(path)


def write_table(
    df: pd.DataFrame,
    csv_path: str | os.PathLike,
    tex_path: str | os.PathLike | None = None,
    *,
    caption: str = "",
    label: str = "",
) -> list[Path]:
    """Write ``df`` as CSV (full precision) and optionally as a LaTeX table; return the paths."""
    out = [Path(csv_path)]
    _atomic_write_text(out[0], df.to_csv(index=False, float_format="%.6g"))
    if tex_path is not None:
        out.append(Path(tex_path))
        _atomic_write_text(out[1], to_latex(df, caption=caption, label=label))
    return out
