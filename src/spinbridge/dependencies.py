"""Which library modules a script or notebook runs: the code inputs of a Snakemake rule.

A rule's output depends on its script and on every ``spinbridge`` module the script imports,
directly or through other modules. Declaring those module files as the rule's inputs makes
Snakemake rerun exactly the jobs whose code changed (and everything downstream of them), and
nothing else. The imports are read statically (:mod:`ast`), including imports inside functions;
importing ``spinbridge.x`` also runs ``spinbridge/__init__.py``, which is therefore always listed.
"""

from __future__ import annotations

import ast
import json
import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["imported_modules", "library_files"]

PACKAGE = "spinbridge"


def _source(path: Path) -> str:
    """Python source of a script, or the code cells of a Jupyter notebook joined together."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return text
    cells = json.loads(text).get("cells", [])
    code = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        lines = src if isinstance(src, str) else "".join(src)
        # IPython magics and shell escapes are not Python; they import nothing of ours
        keep = (ln for ln in lines.splitlines() if not ln.lstrip().startswith(("%", "!")))
        code.append("\n".join(keep))
    return "\n\n".join(code)


def _module_name(path: Path, src_root: Path) -> str | None:
    """``spinbridge.x`` for ``<src_root>/spinbridge/x.py`` (None outside the package)."""
    try:
        rel = path.resolve().relative_to(src_root.resolve())
    except ValueError:
        return None
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(tree: ast.AST, current: str | None) -> set[str]:
    """Absolute names of every module an AST imports (``from a import b`` yields a and a.b)."""
    names: set[str] = set()
    package = current.rsplit(".", 1)[0] if current and "." in current else current
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import inside the package
                if package is None:
                    continue
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _file_of(module: str, src_root: Path) -> Path | None:
    """The source file of a ``spinbridge`` module, or None for a name that is not a module."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = src_root.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imported_modules(
    entry_points: Iterable[str | os.PathLike], src_root: str | os.PathLike
) -> list[str]:
    """Every ``spinbridge`` module the entry points import, transitively, sorted by name.

    Parameters
    ----------
    entry_points : iterable of path-like
        Python scripts (``.py``) or notebooks (``.ipynb``; their code cells are read).
    src_root : path-like
        The folder that holds the ``spinbridge`` package (``src/`` of the repository).

    Returns
    -------
    list of str
        Dotted module names, ``spinbridge`` itself included when anything of it is imported.

    Raises
    ------
    FileNotFoundError
        If an entry point does not exist.
    SyntaxError
        If an entry point or a module is not valid Python (the message names the file).
    """
    src_root = Path(src_root)
    found: set[str] = set()
    todo: list[tuple[Path, str | None]] = []
    for entry in entry_points:
        path = Path(entry)
        if not path.is_file():
            raise FileNotFoundError(f"entry point {path} does not exist")
        todo.append((path, _module_name(path, src_root)))
    while todo:
        path, current = todo.pop()
        tree = ast.parse(_source(path), filename=str(path))
        for name in sorted(_imports(tree, current)):
            parts = name.split(".")
            # importing a.b.c runs a/__init__, a/b/__init__ and a/b/c
            for k in range(1, len(parts) + 1):
                prefix = ".".join(parts[:k])
                if prefix in found:
                    continue
                file = _file_of(prefix, src_root)
                if file is not None:
                    found.add(prefix)
                    todo.append((file, prefix))
    return sorted(found)


def library_files(
    entry_points: Iterable[str | os.PathLike],
    src_root: str | os.PathLike,
    relative_to: str | os.PathLike | None = None,
) -> list[str]:
    """Source files of :func:`imported_modules`, as paths (relative to ``relative_to`` if given).

    This is what a rule declares as its ``code`` input: ``input: code=library_files([script])``.
    """
    src_root = Path(src_root)
    files = [_file_of(m, src_root) for m in imported_modules(entry_points, src_root)]
    out = []
    for f in files:
        assert f is not None  # imported_modules lists only names that have a file
        out.append(str(f if relative_to is None else Path(os.path.relpath(f, relative_to))))
    return out
