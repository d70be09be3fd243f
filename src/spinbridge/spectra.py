"""Users' measured spectra: reading and checking a CSV file before anything is fitted or written.

A spectrum is the response amplitude sqrt(F) of Jiang et al., PNAS (2025), Eq. (2), measured at a
set of oscillating-field frequencies (Fig. 2(A)). The file format::

    # optional comment lines (starting with #) and blank lines, anywhere
    frequency_Hz,response,response_err
    7.000,0.981,0.010
    ...

* The header names the columns: ``frequency_Hz`` (Hz) and ``response`` (the amplitude, in any
  unit, >= 0), optionally ``response_err`` (its 1-sigma error, same unit, > 0); in any order.
* One row per frequency, sorted by strictly increasing frequency; at least
  :data:`~spinbridge.fano.MIN_POINTS` rows (five fitted parameters plus three degrees of freedom).
* Every cell a finite number (``nan`` and ``inf`` are refused).

A malformed file raises :class:`SpectrumFileError` (a ``ValueError``) whose message names the
file, the line and the column, e.g. ``data.csv, line 12, column response: 'abc' is not a number``.
"""

from __future__ import annotations

import csv
import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from spinbridge.fano import MIN_POINTS

__all__ = [
    "COLUMNS",
    "NAME_PATTERN",
    "Spectrum",
    "SpectrumFileError",
    "read_spectrum",
    "user_data_problems",
]

COLUMNS: tuple[str, ...] = ("frequency_Hz", "response", "response_err")
"""Column names of a spectrum file; the last is optional."""

NAME_PATTERN = r"^[A-Za-z0-9_-]+$"
"""Allowed names of a user data set (they become file names under results/fits/)."""

_HEADER = "frequency_Hz,response[,response_err]"


class SpectrumFileError(ValueError):
    """A spectrum file is malformed; the message names the file, the line and the column.

    Attributes
    ----------
    path : str
        The file as given.
    line : int or None
        1-based line number of the problem (None when the file cannot be read at all).
    column : str or None
        Column name (or ``"cell <k>"`` for a cell beyond the header).
    problem : str
        What is wrong.
    """

    def __init__(self, path, line: int | None, column: str | None, problem: str):
        self.path, self.line, self.column, self.problem = str(path), line, column, problem
        where = self.path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {problem}")


class Spectrum(NamedTuple):
    """A measured spectrum: unpacks as ``frequency_hz, response, response_err``."""

    frequency_hz: np.ndarray
    response: np.ndarray
    response_err: np.ndarray | None


def _data_lines(path, text: str):
    """(line number, cells) of every non-blank, non-comment line."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            cells = next(csv.reader([stripped]))
        except csv.Error as exc:
            raise SpectrumFileError(path, number, None, f"not a CSV line ({exc})") from None
        yield number, [c.strip() for c in cells]


def _header(path, number: int, cells: list[str]) -> list[str]:
    if "frequency_Hz" not in cells:
        raise SpectrumFileError(
            path,
            number,
            "frequency_Hz",
            f"the first line that is not a comment must be the header {_HEADER!r}, got "
            f"{','.join(cells)!r}",
        )
    for k, name in enumerate(cells):
        if name not in COLUMNS:
            raise SpectrumFileError(
                path, number, name or f"cell {k + 1}", f"unknown column; the header is {_HEADER}"
            )
        if cells.index(name) != k:
            raise SpectrumFileError(path, number, name, "the column is named twice")
    if "response" not in cells:
        raise SpectrumFileError(
            path, number, "response", f"missing column; the header is {_HEADER}"
        )
    return cells


def _number(path, number: int, column: str, cell: str) -> float:
    if not cell:
        raise SpectrumFileError(path, number, column, "empty cell; every cell must be a number")
    try:
        value = float(cell)
    except ValueError:
        raise SpectrumFileError(path, number, column, f"{cell!r} is not a number") from None
    if not math.isfinite(value):
        raise SpectrumFileError(path, number, column, f"{cell!r} is not finite")
    return value


def _check_row(path, number: int, row: dict[str, float], previous) -> None:
    nu = row["frequency_Hz"]
    if previous is not None:
        last_line, last_nu = previous
        if nu == last_nu:
            raise SpectrumFileError(
                path, number, "frequency_Hz", f"{nu:g} Hz repeats line {last_line}; give each once"
            )
        if nu < last_nu:
            raise SpectrumFileError(
                path,
                number,
                "frequency_Hz",
                f"{nu:g} Hz is below {last_nu:g} Hz of line {last_line}: rows must be sorted by "
                "increasing frequency",
            )
    if row["response"] < 0:
        raise SpectrumFileError(
            path, number, "response", f"{row['response']:g} < 0: an amplitude sqrt(F) is >= 0"
        )
    if "response_err" in row and not row["response_err"] > 0:
        raise SpectrumFileError(
            path, number, "response_err", f"{row['response_err']:g}: a 1-sigma error must be > 0"
        )


def _read_text(path) -> str:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SpectrumFileError(
            path, None, None, f"cannot read the file ({exc.strerror})"
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpectrumFileError(
            path, line, f"at character {column}", "not UTF-8 text: a CSV file is expected"
        ) from None


def read_spectrum(path: str | os.PathLike) -> Spectrum:
    """Read and check a measured spectrum (the CSV format of the module docstring).

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file: header ``frequency_Hz,response[,response_err]``, comment lines starting with
        ``#`` and blank lines allowed anywhere.

    Returns
    -------
    Spectrum
        ``(frequency_hz, response, response_err)`` as float arrays; ``response_err`` is None when
        the file has no such column.

    Raises
    ------
    TypeError
        ``path`` is not a str or path-like.
    SpectrumFileError
        The file cannot be read, is empty, lacks the header or a column, has a cell that is not
        a finite number, too few or too many cells in a row, unsorted or repeated frequencies, a
        negative response or a non-positive error, or fewer than :data:`MIN_POINTS` rows; the
        message names the file, the line and the column.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    text = _read_text(path)
    lines = _data_lines(path, text)
    first = next(lines, None)
    if first is None:
        last = max(1, len(text.splitlines()))
        raise SpectrumFileError(
            path, last, "frequency_Hz", f"no header and no data: the file must start with {_HEADER}"
        )
    columns = _header(path, *first)
    rows: list[list[float]] = []
    previous = None
    for number, cells in lines:
        if len(cells) > len(columns):
            raise SpectrumFileError(
                path,
                number,
                f"cell {len(columns) + 1}",
                f"{len(cells)} cells but the header names {len(columns)} columns",
            )
        if len(cells) < len(columns):
            raise SpectrumFileError(
                path, number, columns[len(cells)], f"missing value ({len(cells)} of {len(columns)})"
            )
        row = {c: _number(path, number, c, cell) for c, cell in zip(columns, cells, strict=True)}
        _check_row(path, number, row, previous)
        previous = (number, row["frequency_Hz"])
        rows.append([row.get(c, math.nan) for c in COLUMNS])
    if len(rows) < MIN_POINTS:
        at = previous[0] if previous else first[0]
        raise SpectrumFileError(
            path,
            at,
            "frequency_Hz",
            f"{len(rows)} data rows; a fit of Eq. (2) needs at least {MIN_POINTS} "
            "(five parameters)",
        )
    data = np.array(rows, dtype=float)
    err = data[:, 2] if "response_err" in columns else None
    return Spectrum(data[:, 0], data[:, 1], err)


def user_data_problems(
    entries: Sequence[Mapping], root: str | os.PathLike = ".", key: str = "jiang2025.user_data"
) -> list[str]:
    """Every problem of the users' spectra listed in the config, found before any job runs.

    Each entry ``{name, path, background}`` must have a name matching :data:`NAME_PATTERN`,
    unique among the entries, and a ``path`` (relative to ``root``, the working directory of the
    run) to a file that :func:`read_spectrum` accepts.

    Parameters
    ----------
    entries : sequence of mapping
        The config list (``config["jiang2025"]["user_data"]``).
    root : str or os.PathLike
        Directory that relative paths are resolved against.
    key : str
        Dotted config key of the list, used in the messages.

    Returns
    -------
    list of str
        One line per problem, naming the entry (``key[i] (name)``) and, for a malformed file, the
        file, line and column; empty when every file is fine.

    Raises
    ------
    TypeError
        ``entries`` is not a list of mappings, or ``root`` not a path.
    """
    if not isinstance(entries, Sequence) or isinstance(entries, str):
        raise TypeError(f"entries must be a list of mappings, got {type(entries).__name__}")
    if not isinstance(root, str | os.PathLike):
        raise TypeError(f"root must be a str or os.PathLike, got {type(root).__name__}")
    problems, seen = [], {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise TypeError(f"entries[{i}] must be a mapping, got {type(entry).__name__}")
        name, path = entry.get("name"), entry.get("path")
        where = f"{key}[{i}] ({name})"
        if not isinstance(name, str) or not re.match(NAME_PATTERN, name):
            problems.append(f"{key}[{i}].name = {name!r}: must match {NAME_PATTERN}")
        elif name in seen:
            problems.append(f"{where}: the name is also used by {key}[{seen[name]}]")
        else:
            seen[name] = i
        if not isinstance(path, str) or not path:
            problems.append(f"{key}[{i}].path = {path!r}: must be the path of a CSV file")
            continue
        full = Path(path) if Path(path).is_absolute() else Path(root) / path
        try:
            read_spectrum(full)
        except SpectrumFileError as exc:
            problems.append(f"{where}: {exc}")
    return problems
