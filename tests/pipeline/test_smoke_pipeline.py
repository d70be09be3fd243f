"""The whole DAG on config/smoke.yaml, in a temporary copy of the repository.

Every declared output exists, a second run does nothing, changing a config key reruns exactly the
rules that read it (and what depends on their outputs), editing a library module reruns exactly the
jobs whose code imports it, and a bad config stops before any job with a message naming the key.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from spinbridge import claims, store
from tests.conftest import REPO

pytestmark = pytest.mark.pipeline

SNAKEMAKE = [str(Path(sys.executable).with_name("snakemake"))]
SMOKE = ["--configfile", "config/smoke.yaml"]


def _copy_repo(dest: Path) -> Path:
    """Copy what a fresh clone has: tracked and untracked-but-not-ignored files."""
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for rel in filter(None, (f.decode() for f in files)):
        src = REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / "results").mkdir(exist_ok=True)
    return dest


def _snakemake(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "1"}
    proc = subprocess.run(
        [*SNAKEMAKE, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=1500
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"snakemake {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def _job_counts(dry_run_output: str) -> dict[str, int]:
    """Parse Snakemake's 'Job stats' table of a dry run into {rule: count}."""
    counts: dict[str, int] = {}
    if "Job stats:" not in dry_run_output:
        return counts
    table = dry_run_output.split("Job stats:", 1)[1]
    for line in table.splitlines()[3:]:
        m = re.match(r"^(\S+)\s+(\d+)$", line.strip())
        if not m:
            break
        if m.group(1) != "total":
            counts[m.group(1)] = int(m.group(2))
    return counts


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory) -> Path:
    work = _copy_repo(tmp_path_factory.mktemp("spinbridge"))
    _snakemake(work, *SMOKE, "--cores", "2", "--show-failed-logs")
    return work


def test_every_declared_output_exists(smoke_run):
    summary = _snakemake(smoke_run, *SMOKE, "--summary").stdout
    rows = [line.split("\t") for line in summary.splitlines()[1:] if "\t" in line]
    assert rows, summary
    missing = [r[0] for r in rows if not (smoke_run / r[0]).exists()]
    assert not missing, f"declared outputs not produced: {missing}"
    for required in [
        "results/cells/K-3He.nc",
        "results/cells/Rb-129Xe.nc",
        "results/tables/cell_parameters.csv",
        "results/tables/cell_parameters.tex",
        "results/figures/katz2022/cell_rates.pdf",
        "results/figures/katz2022/cell_rates.png",
        "results/notebooks/katz2022.ipynb",
        "results/tables/claims.csv",
    ]:
        assert (smoke_run / required).stat().st_size > 0, required
    for nc in (smoke_run / "results").rglob("*.nc"):
        store.read(nc)  # every intermediate follows the conventions


def test_claims_table_has_the_public_columns(smoke_run):
    table = pd.read_csv(smoke_run / "results" / "tables" / "claims.csv")
    assert list(table.columns[: len(claims.COLUMNS)]) == claims.COLUMNS
    assert set(table["status"]) <= set(claims.STATUSES)
    cells = table.set_index("id")
    assert cells.loc["katz2022-q", "status"] == "reproduced"
    assert cells.loc["katz2022-J", "reproduced"] == pytest.approx(1000, rel=0.05)


def test_second_run_does_nothing(smoke_run):
    out = _snakemake(smoke_run, *SMOKE, "-n")
    assert "Nothing to be done" in out.stdout + out.stderr


def _claimed(work: Path, path: str) -> bool:
    """Whether some registered claim cites ``path`` (then the scorecard depends on it)."""
    entries = claims.load_registry(sorted((work / "workflow" / "claims").glob("*.yaml")))
    return any(os.path.normpath(e["file"]) == path for e in entries)


def _set(cfg: dict, dotted: str, value) -> None:
    *parents, leaf = dotted.split(".")
    node = cfg
    for key in parents:
        node = node[key]
    assert leaf in node, f"{dotted} is not a key of config/smoke.yaml"
    node[leaf] = value


# config key -> (new value, {rule: jobs that rerun}, files whose change reaches the scorecard).
# Each rule's params are exactly the keys it reads, so a key reruns the rules that read it and the
# rules downstream of their outputs, and nothing else.
RESPONSE_RULES = [
    "response_spectra",
    "response_dressed_rates",
    "response_fano_profiles",
    "response_sensitivity",
    "response_strong_coupling",
]

RERUNS = {
    "cells.Rb-129Xe.p_noble": (
        0.3,
        {
            "cells_parameters": 1,
            "cells_table": 1,
            "figures_katz2022": 1,
            # Jiang's coupled response takes Gamma_a, Gamma_b, J and lambda M from the cell
            **dict.fromkeys(RESPONSE_RULES, 1),
            "figures_jiang2025": 1,
        },
        ["results/cells/Rb-129Xe.nc"],
    ),
    "jiang2025.sensitivity.noise_floor_fT": (
        500.0,
        {"response_sensitivity": 1, "figures_jiang2025": 1},
        ["results/jiang2025/sensitivity.nc"],
    ),
    "sundar2023.ramsey.n_phases": (
        31,
        {"pairs_ramsey": 1, "figures_sundar2023": 1},
        ["results/sundar2023/ramsey.nc"],
    ),
    "katz2022.figure_cell": ("Rb-129Xe", {"figures_katz2022": 1}, []),
    "katz2022.stochastic.panels.e.seed": (
        7,
        {"stochastic_panel": 1, "figures_katz2022": 1},
        ["results/katz2022/stochastic/e.nc"],
    ),
    "katz2022.twomode.magnetometer.squeezing_db": (
        5.0,
        {"twomode_magnetometer": 1, "figures_katz2022": 1},
        ["results/katz2022/magnetometer.nc"],
    ),
    "masson2021.qfi.inset_n_atoms": (
        14,
        {"counting_qfi_scaling": 1, "counting_fits_table": 1, "figures_masson2021": 1},
        ["results/masson2021/qfi_scaling.nc"],
    ),
    "masson2021.qfi.count_n_atoms": (
        30,
        {"counting_qfi_efficiency": 1, "counting_fits_table": 1, "figures_masson2021": 1},
        ["results/masson2021/qfi_efficiency.nc"],
    ),
    "masson2021.emission.kappa_MHz": (
        0.25,
        {"counting_emission": 1, "figures_masson2021": 1},
        ["results/masson2021/emission.nc"],
    ),
    "masson2021.pulse_sequence.seed": (
        7,
        {"counting_pulse_sequence": 1, "figures_masson2021": 1},
        ["results/masson2021/pulse_sequence.nc"],
    ),
    "masson2021.sampling.seed": (
        7,
        {"counting_sampled_qfi": 1, "figures_masson2021": 1},
        ["results/masson2021/sampled_qfi.nc"],
    ),
}


@pytest.mark.parametrize("key", list(RERUNS))
def test_changing_a_config_key_reruns_exactly_the_rules_that_read_it(smoke_run, tmp_path, key):
    value, expected, sources = RERUNS[key]
    expected = dict(expected)
    if any(_claimed(smoke_run, f) for f in sources):
        expected["claims_scorecard"] = 1
    cfg = yaml.safe_load((smoke_run / "config" / "smoke.yaml").read_text())
    _set(cfg, key, value)
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(cfg))
    out = _snakemake(smoke_run, "--configfile", str(edited), "-n")
    counts = _job_counts(out.stdout)
    counts.pop("all", None)
    assert counts == expected, f"{key}: {out.stdout[-3000:]}"


# library module -> {rule: jobs} that import it (directly or through other modules), plus the
# jobs downstream of their outputs
MODULE_RERUNS = {
    "src/spinbridge/plotting.py": {
        "figures_katz2022": 1,
        "figures_masson2021": 1,
        "figures_jiang2025": 1,
        "figures_sundar2023": 1,
        "fits_user_spectrum": 1,  # the fit figure of each users' spectrum
    },
    "src/spinbridge/cells.py": {
        "cells_parameters": 3,
        "cells_table": 1,
        # the two-mode figures take J, gamma and the resonance from the K-3He cell
        "twomode_regimes": 1,
        "twomode_fock_exchange": 1,
        "twomode_squeezing_exchange": 1,
        "twomode_squeezing_transfer": 1,
        # ... and the multimode figures the cell's radius, diffusion coefficients and rates
        "multimode_diffusion_modes": 1,
        "multimode_fock": 1,
        "multimode_squeezed": 1,
        "multimode_convergence_count": 4,  # the smoke config's four mode counts
        "multimode_convergence": 1,
        "figures_katz2022": 1,
        # ... and Jiang's coupled response the Rb-129Xe cell's rates and fields
        **dict.fromkeys(RESPONSE_RULES, 1),
        "figures_jiang2025": 1,
        "claims_scorecard": 1,
    },
}


@pytest.fixture
def smoke_copy(smoke_run, tmp_path) -> Path:
    """A copy of the finished smoke run (files, mtimes and Snakemake's metadata)."""
    dest = tmp_path / "copy"
    shutil.copytree(smoke_run, dest, symlinks=True)
    return dest


@pytest.mark.parametrize("module", list(MODULE_RERUNS))
def test_editing_a_library_module_reruns_exactly_its_dependent_jobs(smoke_copy, module):
    path = smoke_copy / module
    path.write_text(path.read_text() + "\n# an edit\n")
    out = _snakemake(smoke_copy, *SMOKE, "-n")
    counts = _job_counts(out.stdout)
    counts.pop("all", None)
    assert counts == MODULE_RERUNS[module], out.stdout[-3000:]
    assert "Updated input files" in out.stdout or "updated input files" in out.stdout


def test_every_rule_declares_the_library_modules_it_imports(smoke_run):
    """Each job's `code` input equals the static import closure of its script (and notebook)."""
    from spinbridge.dependencies import library_files

    _snakemake(smoke_run, *SMOKE, "--lint")  # parses the workflow
    for smk in sorted((smoke_run / "workflow" / "rules").glob("*.smk")):
        text = smk.read_text()
        for block in re.split(r"\n(?=rule )", text)[1:]:
            name = re.match(r"rule (\w+):", block).group(1)
            script = re.search(r'script:\s*"\.\./\.\./(scripts/\w+\.py)"', block)
            if not script:
                continue
            code = re.search(r"code=code\(([^)]*)\)", block)
            assert code, f"rule {name} in {smk.name} has no code=code(...) input"
            entries = re.findall(r'"([^"]+)"', code.group(1))
            assert entries[0] == script.group(1), f"rule {name}: code() must start with its script"
            assert library_files([smoke_run / e for e in entries], smoke_run / "src")


def test_bad_value_stops_before_any_job(tmp_path):
    work = _copy_repo(tmp_path / "repo")
    cfg = yaml.safe_load((work / "config" / "smoke.yaml").read_text())
    cfg["cells"]["K-3He"]["p_alkali"] = 1.5
    (work / "bad.yaml").write_text(yaml.safe_dump(cfg))
    out = _snakemake(work, "--configfile", "bad.yaml", "--cores", "1", check=False)
    assert out.returncode != 0
    text = out.stdout + out.stderr
    assert "cells.K-3He.p_alkali = 1.5: must be <= 1" in text
    assert [p.name for p in (work / "results").iterdir()] == [".gitkeep"]  # nothing written


def _data_digests(work: Path) -> dict[str, str]:
    """content_sha256 of every NetCDF under results/: the data, bit for bit."""
    return {
        str(p.relative_to(work)): store.read(p).attrs["content_sha256"]
        for p in sorted((work / "results").rglob("*.nc"))
    }


def test_a_killed_and_resumed_run_gives_bitwise_identical_data_and_no_debris(smoke_run, tmp_path):
    import signal
    import time

    work = _copy_repo(tmp_path / "repo")
    env = {**os.environ, "CI": "1"}
    proc = subprocess.Popen(
        [*SNAKEMAKE, *SMOKE, "--cores", "2"],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((work / "results").rglob("*.nc"))) < 5:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)  # Snakemake and every job it started, mid-run
    proc.wait()
    killed_at = len(list((work / "results").rglob("*.nc")))
    assert killed_at < len(_data_digests(smoke_run)), "the run finished before it was killed"
    # what a kill during a write leaves behind: a hidden temporary next to an output
    (work / "results" / "cells").mkdir(parents=True, exist_ok=True)
    (work / "results" / "cells" / ".K-3He.nc.x1y2z3.tmp").write_bytes(b"half a file")
    _snakemake(work, *SMOKE, "--unlock")
    _snakemake(work, *SMOKE, "--cores", "2", "--rerun-incomplete")
    assert _data_digests(work) == _data_digests(smoke_run)
    assert not list((work / "results").rglob(".*.tmp")), "temporary files left behind"
    assert not list((work / "src").rglob("*.nb[ic]")), "numba cache written into src/"
