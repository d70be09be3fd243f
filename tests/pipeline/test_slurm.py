"""The smoke DAG through sbatch on a one-node SLURM cluster, bit for bit equal to the local run.

tests/cluster/start_slurm.sh installs and starts SLURM with slurmdbd accounting on this machine
(root and Debian's package registry needed; otherwise every test here is skipped with the script's
reason). The DAG on config/smoke.yaml then runs in a temporary copy of the repository with
``--profile workflow/profiles/slurm``, the account and partition given as the profile tells users
to; every job goes through sbatch and every data variable of every NetCDF file is compared with a
local run of the same config. The cluster is stopped afterwards, also when a test fails.
``SPINBRIDGE_SLURM_TESTS=0`` skips these tests.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from tests.conftest import REPO
from tests.pipeline.test_smoke_pipeline import SMOKE, SNAKEMAKE, _copy_repo, _job_counts, _snakemake

pytestmark = [pytest.mark.pipeline, pytest.mark.slurm]

CLUSTER = REPO / "tests" / "cluster"
CANNOT_START = 77  # start_slurm.sh: SLURM cannot run on this machine (skip, not fail)
ACCOUNT = "spinbridge"  # registered by start_slurm.sh
PARTITION = "main"  # tests/cluster/slurm.conf.in
# Hang guards: installing and starting took 20 s on a 2-core machine (15 s of it apt), a restart
# 5-15 s; the smoke DAG through SLURM 4-7 min. A run past the limit is stopped (TERM, then KILL 30 s
# later: a hung Snakemake may ignore TERM) and the test fails.
START_TIMEOUT_S = 420
RUN_TIMEOUT_S = 720


def _run(cmd: list[str], cwd: Path, timeout: float, env: dict | None = None):
    """Run ``cmd`` in its own process group; on timeout kill the whole group, not just its head."""
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        raise AssertionError(f"{cmd[0]} still running after {timeout} s:\n{out[-5000:]}") from None
    return proc.returncode, out


@dataclass
class SlurmRun:
    """What a SLURM run of the smoke DAG left: its copy, log, and sacct's rows of its jobs."""

    work: Path
    log: str
    job_ids: list[str]  # SLURM job ids, in submission order
    sacct: list[dict[str, str]] = field(default_factory=list)  # jobs and steps
    run_jobs: set[str] = field(default_factory=set)  # sacct -X --name <run id>
    squeue_log: str = ""  # one job rerun with the accounting-free status command


SACCT_FIELDS = "JobIDRaw,JobID,State,ReqCPUS,ReqMem,Timelimit,Elapsed,MaxRSS,Comment"


def _sacct(*args: str) -> list[dict[str, str]]:
    out = subprocess.run(
        ["sacct", "--parsable2", "--noheader", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    keys = SACCT_FIELDS.split(",")
    return [dict(zip(keys, line.split("|"))) for line in out.splitlines() if line]


@pytest.fixture(scope="module")
def slurm_run(tmp_path_factory) -> SlurmRun:
    if os.environ.get("SPINBRIDGE_SLURM_TESTS") == "0":
        pytest.skip("SLURM tests disabled (SPINBRIDGE_SLURM_TESTS=0)")
    rc, out = _run([str(CLUSTER / "start_slurm.sh")], REPO, START_TIMEOUT_S)
    if rc == CANNOT_START:
        pytest.skip(f"no SLURM: {out.strip().splitlines()[-1]}")
    started_here = "already running" not in out
    try:
        assert rc == 0, f"tests/cluster/start_slurm.sh failed (exit {rc}):\n{out}"
        work = _copy_repo(tmp_path_factory.mktemp("slurm"))
        cmd = [
            *("timeout", "-k", "30", str(RUN_TIMEOUT_S)),
            *SNAKEMAKE,
            *SMOKE,
            *("--profile", "workflow/profiles/slurm"),
            # what the profile asks users to give (or to write into it)
            *("--default-resources", f"slurm_account={ACCOUNT}", f"slurm_partition={PARTITION}"),
            # the plugin's first status check comes 40 s after a submission by default
            *("--slurm-init-seconds-before-status-checks", "2"),
        ]
        env = {**os.environ, "CI": "1"}
        rc, log = _run(cmd, work, RUN_TIMEOUT_S + 60, env=env)
        assert rc not in (124, 137), f"the SLURM run took over {RUN_TIMEOUT_S} s:\n{log[-8000:]}"
        assert rc == 0, f"the SLURM run failed (exit {rc}):\n{log[-8000:]}"
        # the fallback the profile documents for clusters without job accounting
        squeue = [*cmd, "--slurm-status-command", "squeue", "--verbose"]
        squeue += ["--forcerun", "cells_table", "results/tables/cell_parameters.csv"]
        rc, squeue_log = _run(squeue, work, RUN_TIMEOUT_S + 60, env=env)
        assert rc == 0, (
            f"the run with squeue status checks failed (exit {rc}):\n{squeue_log[-8000:]}"
        )
        ids = re.findall(r"has been submitted with SLURM jobid (\d+)", log)
        run_id = re.search(r"SLURM run ID: (\S+)", log).group(1)
        return SlurmRun(
            work=work,
            log=log,
            squeue_log=squeue_log,
            job_ids=ids,
            sacct=_sacct("-o", SACCT_FIELDS, "-j", ",".join(ids)) if ids else [],
            run_jobs={
                row["JobIDRaw"]
                for row in _sacct("-X", "-o", SACCT_FIELDS, "-S", "now-1days", "--name", run_id)
            },
        )
    finally:
        if started_here:
            _run([str(CLUSTER / "stop_slurm.sh")], REPO, 120)


def _jobs(run: SlurmRun) -> dict[str, dict[str, str]]:
    return {row["JobIDRaw"]: row for row in run.sacct if "." not in row["JobID"]}


def _steps(run: SlurmRun) -> list[dict[str, str]]:
    """Job steps that ran Snakemake jobs (srun steps are numbered; not .batch or .extern)."""
    return [row for row in run.sacct if re.fullmatch(r"\d+\.\d+", row["JobID"])]


def test_every_job_went_through_sbatch_and_completed(slurm_run):
    jobs = _jobs(slurm_run)
    assert slurm_run.job_ids, slurm_run.log[-5000:]
    assert set(jobs) == set(slurm_run.job_ids), "sacct does not know every submitted job"
    assert slurm_run.run_jobs == set(slurm_run.job_ids), "the plugin's sacct query misses jobs"
    assert {j["State"] for j in jobs.values()} == {"COMPLETED"}, jobs
    # every rule job of the DAG finished inside a SLURM job (alone or in a group), none on the
    # submitting host: `all` is the only local rule
    counts = _job_counts(slurm_run.log)
    finished = re.findall(r"^Finished jobid: \S+ \(Rule: (\w+)\)", slurm_run.log, re.M)
    assert counts and sorted(finished) == sorted(r for r, n in counts.items() for _ in range(n))
    assert set(re.findall(r"^localrule (\w+):", slurm_run.log, re.M)) == {"all"}
    # a SLURM job runs each connected part of its group in one srun step; tiny jobs are grouped,
    # so there are fewer SLURM jobs than rule jobs
    steps = {row["JobID"].split(".")[0] for row in _steps(slurm_run)}
    assert steps == set(jobs)
    assert len(jobs) < len(finished) - 1


def test_squeue_follows_jobs_on_a_cluster_without_accounting(slurm_run):
    """`slurm-status-command: squeue` (profile comment): the job is followed by squeue alone."""
    commands = set(
        re.findall(r"Status query timing \(cycle\): command=(\w+)", slurm_run.squeue_log)
    )
    assert commands == {"squeue"}, slurm_run.squeue_log[-5000:]
    assert "has been submitted with SLURM jobid" in slurm_run.squeue_log


def _declared(log: str) -> dict[str, dict[str, str]]:
    """SLURM job id -> the resources Snakemake printed for an ungrouped rule's job."""
    requests = {}
    for block in re.split(r"\n(?=\[)", log):  # one block per job or group job
        rule = re.search(r"^rule (\w+):", block, re.M)
        jobid = re.search(r"^\s+jobid: (\d+)", block, re.M)
        resources = re.search(r"^\s+resources: (.*)$", block, re.M)
        if rule and jobid and resources:
            submitted = rf"Job {jobid.group(1)} has been submitted with SLURM jobid (\d+)"
            slurm = re.search(submitted, log)
            if slurm:
                values = dict(kv.split("=", 1) for kv in resources.group(1).split(", "))
                requests[slurm.group(1)] = {"rule": rule.group(1), **values}
    return requests


def _minutes(timelimit: str) -> int:
    days, _, hms = timelimit.rpartition("-")
    h, m, s = (int(x) for x in hms.split(":"))
    return (int(days or 0) * 24 + h) * 60 + m + (s > 0)


def _mb(size: str) -> float:
    """sacct sizes such as 157172K, 601M, 2G -> MB (an empty field: no sample taken)."""
    if not size:
        return 0.0
    scale = {"K": 1 / 1024, "M": 1.0, "G": 1024.0, "T": 1024.0**2}
    return float(size[:-1]) * scale[size[-1]] if size[-1] in scale else float(size) / 2**20


def test_sbatch_asks_for_each_rules_threads_memory_and_runtime(slurm_run):
    jobs = _jobs(slurm_run)
    declared = _declared(slurm_run.log)
    assert declared, "no ungrouped job in the log"
    for slurm_id, res in declared.items():
        job = jobs[slurm_id]
        assert _mb(job["ReqMem"]) == int(res["mem_mb"]), (res["rule"], job)
        assert _minutes(job["Timelimit"]) == int(res["runtime"]), (res["rule"], job)
        assert job["ReqCPUS"] == "1", (res["rule"], job)  # threads: 1 in every rule
    # a group job asks for one CPU (profile `cores: 1`: its jobs run one after the other)
    assert {job["ReqCPUS"] for job in jobs.values()} == {"1"}


def test_requests_cover_what_the_jobs_used(slurm_run):
    """Peak memory of each SLURM job (its batch step, which runs Snakemake, plus the largest of the
    job steps, which run one after the other) stays below the request; sacct samples every second
    (slurm.conf.in: JobAcctGatherFrequency=1), so a shorter peak may go unseen."""
    steps: dict[str, list[float]] = {}
    batch: dict[str, float] = {}
    for row in slurm_run.sacct:
        job, _, step = row["JobID"].partition(".")
        if step == "batch":
            batch[job] = _mb(row["MaxRSS"])
        elif step.isdigit():
            steps.setdefault(job, []).append(_mb(row["MaxRSS"]))
    for job_id, job in _jobs(slurm_run).items():
        used = batch.get(job_id, 0.0) + max(steps.get(job_id, [0.0]))
        assert 0 < used < _mb(job["ReqMem"]), (job["Comment"], used, job)


@pytest.fixture(scope="module")
def local_run(slurm_run, tmp_path_factory) -> Path:
    """The same config run locally (as test_smoke_pipeline's smoke_run, which is module-scoped)."""
    work = _copy_repo(tmp_path_factory.mktemp("local"))
    _snakemake(work, *SMOKE, "--cores", "2")
    return work


def _raw_variables(path: Path) -> dict[str, np.ndarray]:
    """Every variable and coordinate as stored: no decoding, scaling or masking."""
    with xr.open_dataset(path, engine="netcdf4", decode_cf=False) as ds:
        return {str(name): ds[name].values for name in ds.variables}


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "O":
        return [str(x) for x in a.ravel()] == [str(x) for x in b.ravel()]
    return np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()


def test_slurm_and_local_runs_give_bitwise_identical_data(slurm_run, local_run):
    """Same config and seeds, another executor: every data variable and coordinate of every NetCDF
    file equal bit for bit (attrs such as `created` and `git_commit` may differ)."""
    local = {p.relative_to(local_run) for p in (local_run / "results").rglob("*.nc")}
    remote = {p.relative_to(slurm_run.work) for p in (slurm_run.work / "results").rglob("*.nc")}
    assert local and remote == local, sorted(remote ^ local)
    differ = []
    for rel in sorted(local):
        a, b = _raw_variables(local_run / rel), _raw_variables(slurm_run.work / rel)
        assert a.keys() == b.keys(), rel
        differ += [f"{rel}:{name}" for name in a if not _same_bits(a[name], b[name])]
    assert not differ, f"{len(differ)} variables differ: {differ[:20]}"
