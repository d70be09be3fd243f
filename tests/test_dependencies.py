"""Static import closure of scripts and notebooks: the `code` inputs of every rule."""

import json

import pytest

from spinbridge.dependencies import imported_modules, library_files


@pytest.fixture
def package(tmp_path):
    """A small package `spinbridge` with absolute, relative, nested and lazy imports."""
    pkg = tmp_path / "src" / "spinbridge"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""pkg"""\n')
    (pkg / "a.py").write_text("from spinbridge import b\nimport numpy as np\n")
    (pkg / "b.py").write_text("from .c import thing\n")
    (pkg / "c.py").write_text("thing = 1\n")
    (pkg / "d.py").write_text("def f():\n    from spinbridge.sub import e\n    return e\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "e.py").write_text("from .. import c\n")
    (pkg / "unused.py").write_text("import spinbridge.a\n")
    return tmp_path


def test_closure_follows_absolute_relative_and_lazy_imports(package):
    script = package / "s.py"
    script.write_text("from spinbridge import a, d\n")
    mods = imported_modules([script], package / "src")
    assert mods == [
        "spinbridge",
        "spinbridge.a",
        "spinbridge.b",
        "spinbridge.c",
        "spinbridge.d",
        "spinbridge.sub",
        "spinbridge.sub.e",
    ]  # not `unused`, not numpy


def test_from_import_of_a_name_is_not_a_module(package):
    script = package / "s.py"
    script.write_text("from spinbridge.b import thing\n")
    assert imported_modules([script], package / "src") == [
        "spinbridge",
        "spinbridge.b",
        "spinbridge.c",
    ]


def test_notebook_code_cells_are_read_and_magics_skipped(package):
    nb = package / "n.ipynb"
    cells = [
        {"cell_type": "markdown", "source": ["from spinbridge import d\n"]},
        {"cell_type": "code", "source": ["%matplotlib inline\n", "import spinbridge.c\n"]},
    ]
    nb.write_text(json.dumps({"cells": cells}))
    assert imported_modules([nb], package / "src") == ["spinbridge", "spinbridge.c"]


def test_library_files_are_relative_paths(package):
    script = package / "s.py"
    script.write_text("import spinbridge.c\n")
    files = library_files([script], package / "src", relative_to=package)
    assert files == ["src/spinbridge/__init__.py", "src/spinbridge/c.py"]


def test_missing_entry_point_and_syntax_errors_name_the_file(package):
    with pytest.raises(FileNotFoundError, match="nope.py"):
        imported_modules([package / "nope.py"], package / "src")
    bad = package / "bad.py"
    bad.write_text("from spinbridge import (\n")
    with pytest.raises(SyntaxError) as err:
        imported_modules([bad], package / "src")
    assert err.value.filename.endswith("bad.py")


def test_every_script_of_the_repository_resolves(repo):
    for script in sorted((repo / "scripts").glob("*.py")):
        files = library_files([script], repo / "src", relative_to=repo)
        assert "src/spinbridge/__init__.py" in files or not files, script.name
