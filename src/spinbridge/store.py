"""NetCDF conventions of every spinbridge intermediate: atomic writes, provenance, checked reads.

Every file written by :func:`write` carries the attrs ``title, paper, figure, spinbridge_version,
git_commit, created, config_sha256, seed, params`` and every variable and coordinate carries
``units`` and ``long_name``. :func:`read` checks those conventions and turns a truncated or corrupt
file into an error that names the file and the rule that makes it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from spinbridge import __version__

__all__ = [
    "PAPERS",
    "REQUIRED_ATTRS",
    "StoreError",
    "config_sha256",
    "content_sha256",
    "read",
    "var_attrs",
    "write",
]

PAPERS: dict[str, str] = {
    "katz2022": "10.1103/PRXQuantum.3.010305",
    "jiang2025": "10.1073/pnas.2419683122",
    "sundar2023": "10.1103/PhysRevLett.130.113202",
    "masson2021": "Masson & Parkins, arXiv preprint (14 Dec 2021)",
}
"""Paper key -> DOI (or, for the preprint without a DOI in our copy, its citation)."""

REQUIRED_ATTRS: tuple[str, ...] = (
    "content_sha256",
    "title",
    "paper",
    "figure",
    "spinbridge_version",
    "git_commit",
    "created",
    "config_sha256",
    "seed",
    "written_as",
)

# Output path prefix -> rule that makes it, for error messages on read.
_RULE_OF_PREFIX: tuple[tuple[str, str], ...] = (
    ("results/cells/", "cells_parameters"),
    ("results/katz2022/stochastic/", "stochastic_panel"),
    ("results/katz2022/stochastic_rates/", "stochastic_rates_seed"),
    ("results/katz2022/stochastic_rates.nc", "stochastic_rates"),
    ("results/masson2021/qfi_chunks/", "counting_qfi_chunk"),
    ("results/masson2021/", "a counting_* rule"),
    ("results/katz2022/", "a katz2022 rule"),
    ("results/jiang2025/", "a jiang2025 rule"),
    ("results/sundar2023/", "a sundar2023 rule"),
)


class StoreError(RuntimeError):
    """A NetCDF file is missing, unreadable, or breaks the spinbridge conventions."""


def var_attrs(units: str, long_name: str, **extra: Any) -> dict[str, Any]:
    """The attrs every stored variable and coordinate carries: ``units``, ``long_name`` (+ extras).

    The one helper for variable attributes: ``xr.DataArray(x, attrs=var_attrs("s-1", "rate J"))``
    or, in a Dataset constructor, ``("t", t, var_attrs("1", "time in collision steps"))``.

    Parameters
    ----------
    units : str
        UDUNITS-style units (``"1"`` for dimensionless).
    long_name : str
        What the variable is, with the paper's equation number where there is one.
    **extra
        Further attrs (e.g. ``description``).
    """
    if not isinstance(units, str) or not isinstance(long_name, str) or not long_name:
        raise ValueError(
            f"var_attrs needs str units and a non-empty long_name, got {units!r}, {long_name!r}"
        )
    return {"units": units, "long_name": long_name, **extra}


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in sorted(obj.items(), key=lambda kv: str(kv[0]))}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    return str(obj)


def config_sha256(params: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of ``params`` (sorted keys): the rule's fingerprint."""
    text = json.dumps(_jsonable(params), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _git_commit() -> str:
    """HEAD of the checkout the library runs from (``-dirty`` with uncommitted changes).

    ``GIT_OPTIONAL_LOCKS=0`` keeps ``git status`` from refreshing (writing) the index.
    """
    here = Path(__file__).resolve().parent
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=here,
            env=env,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=here,
            env=env,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        return out + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _check_units(ds: xr.Dataset, where: str) -> None:
    missing = [
        f"{name} ({', '.join(a for a in ('units', 'long_name') if a not in ds[name].attrs)})"
        for name in list(ds.data_vars) + list(ds.coords)
        if not {"units", "long_name"} <= set(ds[name].attrs)
    ]
    if missing:
        raise StoreError(f"{where}: variables without units/long_name attrs: {'; '.join(missing)}")


def write(
    ds: xr.Dataset,
    path: str | os.PathLike,
    *,
    paper: str,
    figure: str,
    params: Mapping[str, Any],
    seed: int | None = None,
) -> Path:
    """Write ``ds`` to NetCDF atomically, with provenance attrs.

    The data go to a temporary file in the target's folder (netcdf4 engine, zlib level 4), which is
    renamed onto ``path`` only once complete: a crash mid-write leaves no file at ``path``.

    Parameters
    ----------
    ds : xarray.Dataset
        Every data variable and coordinate must have ``units`` and ``long_name`` attrs.
    path : path-like
        Target file (its folder is created).
    paper : str
        DOI of the paper (see :data:`PAPERS`).
    figure : str
        The figure/table/section the data reproduce, e.g. ``"Fig. 2(a)"``.
    params : mapping
        The rule's parameters (the config sub-dict it used); hashed into ``config_sha256`` and kept
        as JSON in the ``params`` attr.
    seed : int, optional
        Random seed, stored as ``seed`` (-1 when not random).

    Returns
    -------
    pathlib.Path
        The written path.
    """
    path = Path(path)
    _check_units(ds, f"store.write({path})")
    out = ds.copy()
    out.attrs = dict(ds.attrs)
    out.attrs.update(
        title=str(ds.attrs.get("title", figure)),
        paper=paper,
        figure=figure,
        spinbridge_version=__version__,
        git_commit=_git_commit(),
        created=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        config_sha256=config_sha256(params),
        seed=-1 if seed is None else int(seed),
        params=json.dumps(_jsonable(params), sort_keys=True),
        written_as=_target_name(path),
    )
    encoding = {
        name: {"zlib": True, "complevel": 4}
        for name in out.data_vars
        if out[name].dtype.kind in "fiub" and out[name].ndim > 0
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        out.to_netcdf(tmp, engine="netcdf4", encoding=encoding)
        _seal(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def content_sha256(ds: xr.Dataset) -> str:
    """SHA-256 of every variable's name, dtype, shape and values (attrs excluded).

    Computed on the data as read back from disk, so the value recorded at write time and the one
    recomputed by :func:`read` agree exactly for an intact file.
    """
    h = hashlib.sha256()
    for name in sorted(map(str, ds.variables)):
        values = ds[name].values
        h.update(f"{name}|{values.dtype.str}|{values.shape}|".encode())
        if values.dtype.kind == "O":
            h.update("\x1f".join(map(str, values.reshape(-1))).encode())
        else:
            h.update(np.ascontiguousarray(values).tobytes())
    return h.hexdigest()


def _seal(tmp: Path) -> None:
    """Record the content checksum in the written file and give it the umask's permissions."""
    import netCDF4

    with xr.open_dataset(tmp, engine="netcdf4") as ds:
        digest = content_sha256(ds.load())
    with netCDF4.Dataset(tmp, "a") as nc:
        nc.setncattr("content_sha256", digest)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; outputs follow the umask


def _rule_for(path: Path) -> str:
    text = path.as_posix()
    for prefix, rule in _RULE_OF_PREFIX:
        if prefix in text:
            return rule
    return "that declares it as output"


def _target_name(path: Path) -> str:
    """The path as Snakemake names the target: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read(path: str | os.PathLike, *, expect: Mapping[str, Any] | None = None) -> xr.Dataset:
    """Open a spinbridge NetCDF file, load it into memory and check it.

    Parameters
    ----------
    path : path-like
        A file written by :func:`write`.
    expect : mapping, optional
        Attrs the caller relies on, e.g. ``{"cell": "K-3He"}`` or ``{"paper": PAPERS["katz2022"],
        "config_sha256": ...}``: a file copied over another, or made for other parameters, fails.

    Raises
    ------
    StoreError
        If the file is missing, truncated/corrupt, lacks the provenance attrs or the
        ``units``/``long_name`` of a variable, its data differ from the checksum recorded at write
        time, or an expected attr differs; the message names the file and the command that
        regenerates it.
    """
    path = Path(path)
    hint = (
        f"regenerate it (rule {_rule_for(path)}) with "
        f"`snakemake --profile workflow/profiles/default --force {_target_name(path)}`"
    )
    if not path.exists():
        raise StoreError(f"{path}: no such file; {hint}")
    try:
        with xr.open_dataset(path, engine="netcdf4") as ds:
            loaded = ds.load()
    except Exception as exc:  # netCDF4 raises OSError/RuntimeError/ValueError for damaged files
        raise StoreError(
            f"{path}: not a readable NetCDF file ({exc}); it may be truncated; {hint}"
        ) from exc
    missing = [a for a in REQUIRED_ATTRS if a not in loaded.attrs]
    if missing:
        raise StoreError(f"{path}: missing provenance attrs {missing}; {hint}")
    _check_units(loaded, str(path))
    if content_sha256(loaded) != loaded.attrs["content_sha256"]:
        raise StoreError(
            f"{path}: its data do not match the checksum recorded when it was written "
            f"(modified or damaged after writing); {hint}"
        )
    written = str(loaded.attrs["written_as"])
    here = path.resolve().as_posix()
    if not os.path.isabs(written) and not here.endswith("/" + written):
        raise StoreError(
            f"{path}: this file was written as {written} (copied or moved here?); {hint}"
        )
    wrong = {
        key: (loaded.attrs.get(key), value)
        for key, value in (expect or {}).items()
        if loaded.attrs.get(key) != value
    }
    if wrong:
        detail = ", ".join(f"{k} is {got!r}, expected {want!r}" for k, (got, want) in wrong.items())
        raise StoreError(f"{path}: not the file this step expects ({detail}); {hint}")
    return loaded
