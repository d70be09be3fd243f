"""Notebooks are committed without outputs and are parameterized for papermill."""

import json

import pytest

from tests.conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stripped(path):
    nb = json.loads(path.read_text())
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name} cell {i} has outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has a count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_a_parameters_cell_with_inputs_and_outputs(path):
    nb = json.loads(path.read_text())
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    src = "".join(tagged[0]["source"])
    assert "inputs = " in src and "outputs = " in src


def _load_script(name):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class _Named(dict):
    """A stand-in for Snakemake's named input/output lists."""

    def __getattr__(self, key):
        return self[key]


def test_notebook_runner_keeps_the_kernel_key_out_of_shared_folders(tmp_path, monkeypatch):
    """The kernel's connection file (it holds the HMAC key) lives next to the output, and goes."""
    import types

    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Py"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("inputs = {}\noutputs = {}", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os, pathlib\n"
            "d = pathlib.Path(os.environ['JUPYTER_RUNTIME_DIR'])\n"
            "pathlib.Path(outputs['seen']).write_text(str(d))"
        ),
    ]
    src = tmp_path / "n.ipynb"
    nbformat.write(nb, src)
    out = tmp_path / "results" / "notebooks" / "n.ipynb"
    seen = tmp_path / "seen.txt"
    monkeypatch.delenv("JUPYTER_RUNTIME_DIR", raising=False)
    fake = types.SimpleNamespace(
        input=_Named(notebook=str(src), code=["src/spinbridge/__init__.py"]),
        output=_Named(notebook=str(out), seen=str(seen)),
        params=types.SimpleNamespace(nb={}),
        log=[str(tmp_path / "n.log")],
    )
    _load_script("run_notebook").main(fake)
    runtime = seen.read_text()
    assert runtime.startswith(str(out.parent)) and ".jupyter." in runtime
    assert out.exists()
    assert [p.name for p in out.parent.iterdir()] == ["n.ipynb"]  # runtime folder removed
