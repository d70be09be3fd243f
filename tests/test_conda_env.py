"""envs/spinbridge.yaml (the conda environment of every rule) and pyproject.toml cannot drift.

The environment holds what the rules' scripts and notebooks import: pyproject's dependencies, with
conda-forge's names, and the same version ranges. Snakemake itself and the release tools stay out.
"""

import re
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from tests.conftest import REPO

# pip name -> conda-forge name, where they differ
CONDA_NAME = {
    "matplotlib": "matplotlib-base",  # the library without the Qt GUI backends
}
# dependencies the rule environment does not need, and why
NOT_IN_ENV = {
    "snakemake": "runs the workflow; a job's script reaches it through Snakemake's own preamble",
    "rocrate": "scripts/release/write_crate.py runs from .venv after the workflow, not in a rule",
}


def _pyproject() -> tuple[dict[str, SpecifierSet], SpecifierSet]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    deps = {}
    for line in project["dependencies"]:
        req = Requirement(line)
        deps[canonicalize_name(req.name)] = req.specifier
    return deps, SpecifierSet(project["requires-python"])


def _env() -> dict[str, SpecifierSet]:
    env = yaml.safe_load((REPO / "envs" / "spinbridge.yaml").read_text())
    deps = {}
    for entry in env["dependencies"]:
        assert isinstance(entry, str), f"unexpected entry in envs/spinbridge.yaml: {entry!r}"
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", entry.strip())
        assert m, entry
        name = canonicalize_name(m.group(1))
        assert name not in deps, f"{name} listed twice in envs/spinbridge.yaml"
        deps[name] = SpecifierSet(m.group(2).replace(" ", ""))
    return deps


def test_env_and_pyproject_name_the_same_packages():
    pyproject, _ = _pyproject()
    env = _env()
    expected = {CONDA_NAME.get(n, n) for n in pyproject if n not in NOT_IN_ENV} | {"python"}
    assert set(env) == expected, (
        f"only in envs/spinbridge.yaml: {sorted(set(env) - expected)}; "
        f"missing there: {sorted(expected - set(env))}"
    )


@pytest.mark.parametrize("pip_name", sorted(set(_pyproject()[0]) - set(NOT_IN_ENV)))
def test_env_and_pyproject_allow_the_same_versions(pip_name):
    pyproject, _ = _pyproject()
    conda_name = CONDA_NAME.get(pip_name, pip_name)
    env = _env()
    assert conda_name in env, f"{pip_name} ({conda_name}) missing in envs/spinbridge.yaml"
    assert env[conda_name] == pyproject[pip_name], (
        f"{pip_name}: pyproject.toml allows {pyproject[pip_name]}, "
        f"envs/spinbridge.yaml ({conda_name}) {env[conda_name]}"
    )


def test_env_python_starts_at_requires_python():
    _, requires_python = _pyproject()
    python = _env()["python"]
    lower = [s.version for s in requires_python if s.operator == ">="]
    assert lower and [s.version for s in python if s.operator == ">="] == lower
    assert any(s.operator == "<" for s in python), "pin the newest Python the env may resolve to"


def test_every_exception_is_a_real_dependency():
    pyproject, _ = _pyproject()
    assert set(NOT_IN_ENV) <= set(pyproject)
    assert set(CONDA_NAME) <= set(pyproject)
