"""Run-time plumbing shared by scripts: logging into a rule's log file and quiet progress bars."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

__all__ = ["log_to", "progress", "progress_enabled", "sweep_debris"]

T = TypeVar("T")

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def progress_enabled() -> bool:
    """Progress bars only on an interactive terminal and never under CI (``CI`` set)."""
    if os.environ.get("CI") or os.environ.get("SPINBRIDGE_NO_PROGRESS"):
        return False
    return sys.stderr.isatty()


def progress(
    iterable: Iterable[T], total: int | None = None, desc: str = "", **kwargs
) -> Iterable[T]:
    """Wrap ``iterable`` in a tqdm bar on a terminal; return it unchanged otherwise."""
    if not progress_enabled():
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, leave=False, **kwargs)


@contextlib.contextmanager
def log_to(path: str | os.PathLike | None, level: int = logging.INFO) -> Iterator[logging.Logger]:
    """Send ``logging`` output to ``path`` (the rule's ``log:`` file) and to stderr.

    Exceptions raised inside the block are logged with their traceback before propagating, so the
    log file explains a failed job (Snakemake shows it with ``--show-failed-logs``).
    """
    root = logging.getLogger()
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(path, mode="w"))
    old_level = root.level
    for h in handlers:
        h.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(h)
    root.setLevel(level)
    logger = logging.getLogger("spinbridge")
    try:
        yield logger
    except BaseException:
        logger.exception("job failed")
        raise
    finally:
        for h in handlers:
            root.removeHandler(h)
            h.close()
        root.setLevel(old_level)


def export_pythonpath(src: str | os.PathLike) -> None:
    """Prepend ``src`` to PYTHONPATH so every job (local, conda, cluster) imports this checkout."""
    old = os.environ.get("PYTHONPATH", "")
    parts = [str(src), *(p for p in old.split(os.pathsep) if p and p != str(src))]
    os.environ["PYTHONPATH"] = os.pathsep.join(parts)


def sweep_debris(root: str | os.PathLike) -> list[Path]:
    """Remove what killed jobs leave behind under ``root``: hidden ``.*.tmp`` files and folders.

    Every temporary file of a job (a NetCDF or table being written, a notebook being executed, a
    kernel's runtime folder) is named ``.<name>.<random>.tmp`` next to its output and is removed by
    the job itself; a job killed by a signal cannot, so the next run starts with this sweep.
    Returns the removed paths.
    """
    import shutil

    removed = []
    root = Path(root)
    if not root.is_dir():
        return removed
    for path in sorted(root.rglob(".*.tmp"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed
