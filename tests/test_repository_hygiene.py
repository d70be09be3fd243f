"""The shape the project holds itself to: small modules and functions, notebooks that only plot,
files that speak of the science and the software."""

import ast
import json
import re

import pytest

from tests.conftest import REPO

MAX_MODULE_LINES = 650  # "about 600": one idea per module
MAX_FUNCTION_LINES = 80  # lines of code (docstring excluded); longer only with a "Length:" reason

MODULES = sorted((REPO / "src" / "spinbridge").glob("*.py"))
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
TEXT_DIRS = ["src", "scripts", "workflow", "tests", "benchmarks", "notebooks"]
# the project's development process, spelled so that this file does not match itself
PROCESS = re.compile(r"\b(" + "is" + r"sues?\s*#?\s*\d+|accept" + r"ance of|#\d+\))", re.I)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_holds_one_idea(path):
    n = len(path.read_text().splitlines())
    assert n <= MAX_MODULE_LINES, f"{path.name}: {n} lines; split it by what it computes"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_long_functions_say_why(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            n = node.end_lineno - node.lineno + 1
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                n -= body[0].end_lineno - body[0].lineno + 1  # the docstring is not code
            doc = ast.get_docstring(node) or ""
            assert n <= MAX_FUNCTION_LINES or "Length:" in doc, (
                f"{path.name}:{node.lineno} {node.name} has {n} lines and no 'Length:' reason"
            )


def _code_cells(path):
    nb = json.loads(path.read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


# plotting helpers may be defined in a notebook; nothing that computes
PLOT_HELPER = re.compile(r"(plot|draw|label|title|format|style|annotate|save|axis|legend|marker)")
COMPUTES = re.compile(
    r"\b(polyfit|curve_fit|least_squares|expm|fft|np\.(sin|cos|exp|log|sqrt)\(|math\.(sin|cos|exp|"
    r"sqrt)\(|to_csv|to_netcdf|write_table|store\.write)"
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_only_load_plot_and_display(path):
    for i, src in enumerate(_code_cells(path)):
        tree = ast.parse("\n".join(ln for ln in src.splitlines() if not ln.startswith("%")))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                assert PLOT_HELPER.search(node.name), (
                    f"{path.name} cell {i} defines {node.name}(): computing belongs in the library"
                )
        m = COMPUTES.search(src)
        assert not m, (
            f"{path.name} cell {i} computes or writes data ({m.group(0)}): use the library"
        )


def _text_files():
    for d in TEXT_DIRS:
        for p in sorted((REPO / d).rglob("*")):
            if p.is_file() and p.suffix in {".py", ".smk", ".yaml", ".rst", ".ipynb", ".md"}:
                yield p
    yield REPO / "README.md"
    yield REPO / "Snakefile"


def test_files_speak_of_the_science_not_of_the_process():
    hits = [
        f"{p.relative_to(REPO)}:{n}: {line.strip()[:90]}"
        for p in _text_files()
        for n, line in enumerate(p.read_text(errors="replace").splitlines(), 1)
        if PROCESS.search(line)
    ]
    assert not hits, "\n".join(hits)


def test_readme_points_only_inside_the_repository():
    assert "../shared" not in (REPO / "README.md").read_text()


@pytest.mark.parametrize("path", sorted((REPO / "scripts").glob("*.py")), ids=lambda p: p.name)
def test_scripts_take_defaults_from_the_schema_only(path):
    """A rule script passes the validated params on; ``.get(key, default)`` is a second default."""
    calls = [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and len(node.args) >= 2
    ]
    assert not calls, f"{path.name}: .get(key, default) at lines {calls}"
