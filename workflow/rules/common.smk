"""Helpers shared by the rules (Snakemake's lint wants functions apart from rules).

Naming scheme (every stage follows it):

* a stage is one file ``workflow/rules/<stage>.smk`` named for what it computes (``cells``,
  ``stochastic``, ``counting``, ...); notebooks are the ``figures`` stage, the scorecard ``claims``;
* its rules are ``<stage>_<product>`` and each runs ``scripts/<stage>_<product>.py`` (notebook
  rules ``figures_<paper>`` run the generic ``scripts/run_notebook.py``);
* logs and benchmarks go to ``results/{logs,benchmarks}/<stage>/<product>[_<wildcards>].{log,tsv}``;
* a stage registers what ``rule all`` builds with ``register_stage("<stage>", [targets])``.
"""

import glob

from spinbridge import resources as _resources
from spinbridge.dependencies import library_files

# relative paths: the DAG must not change when the checkout moves
CLAIMS_REGISTRY = sorted(glob.glob("workflow/claims/*.yaml", root_dir=workflow.basedir))

STAGE_TARGETS = {}
"""Stage name -> the files the default target builds for it (filled by register_stage)."""


def register_stage(stage, targets):
    """Declare the final products of a stage: ``rule all`` builds them, claims may cite them."""
    if stage in STAGE_TARGETS:
        raise ValueError(f"stage {stage!r} registered twice")
    STAGE_TARGETS[stage] = [str(t) for t in targets]
    return STAGE_TARGETS[stage]


def all_targets():
    """Every registered stage's targets, in registration order."""
    return [t for targets in STAGE_TARGETS.values() for t in targets]


def code(*entry_points):
    """The library modules that scripts/notebooks import (transitively): a rule's ``code`` input.

    Editing one of these files reruns exactly the jobs whose code imports it, and what depends on
    their outputs. Paths are relative to the repository root, like every other input.
    """
    root = workflow.basedir
    return library_files(
        [os.path.join(root, e) for e in entry_points],
        src_root=os.path.join(root, "src"),
        relative_to=root,
    )


def canonical(value):
    """A config sub-tree with keys sorted at every level, for use as a rule's ``params``.

    Snakemake compares params by their repr, so without this a reordered (but equal) config would
    rerun jobs; with it, only a changed value does.
    """
    if isinstance(value, dict):
        return {k: canonical(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


def config_keys(path, keys=None):
    """The config entries at dotted ``path`` that a rule reads (all of them when ``keys`` is None).

    A rule's params are exactly the keys its script reads, so that changing any other key reruns
    nothing; e.g. ``config_keys("masson2021.qfi", ["fit_windows", "claim_window"])``.
    """
    node = config
    for part in path.split("."):
        node = node[part]
    if keys is not None:
        node = {k: node[k] for k in keys}
    return canonical(node)


def stochastic_cost(run):
    """Estimated cost of one Fig. 2 panel (its config dict)."""
    return _resources.stochastic_run_cost(
        run["n_alkali"], run["n_noble"], run["n_steps"], run["record_every"], run["initial"]
    )


def stochastic_rates_cost(case):
    """Estimated cost of one rates member (a case's config dict)."""
    return _resources.stochastic_case_cost(case)


def claims_inputs(wildcards):
    """The registry files and every NetCDF file a claim cites (each must be a stage's target)."""
    from spinbridge.claims import check_sources, load_registry

    entries = load_registry(CLAIMS_REGISTRY)
    produced = {
        os.path.normpath(t)
        for stage, targets in STAGE_TARGETS.items()
        if stage != "claims"
        for t in targets
    }
    check_sources(entries, produced)
    return {"registry": CLAIMS_REGISTRY, "data": sorted({e["file"] for e in entries})}


def print_claims_summary():
    """Print the one-line scorecard summary (called from the Snakefile's onsuccess)."""
    path = "results/tables/claims.csv"
    if os.path.exists(path):
        import pandas as pd
        from spinbridge.claims import summary_line

        print(summary_line(pd.read_csv(path), path))


def average_qfi_chunk_cost(lo, hi):
    """Estimated cost of one average-QFI sweep chunk (N in [lo, hi])."""
    return _resources.average_qfi_chunk_cost(lo, hi)


# ---- counting stage (Masson 2021): N chunks and efficiency labels of the average-QFI sweep ----
def counting_chunks():
    """N ranges (lo, hi) of the average-QFI sweep jobs."""
    q = config["masson2021"]["qfi"]
    size, n_max = q["chunk_size"], q["n_atoms_max"]
    return [(lo, min(lo + size - 1, n_max)) for lo in range(1, n_max + 1, size)]


def counting_efficiency_labels():
    """Efficiency wildcard values: '1' (ideal detector) first, then config's eta < 1."""
    etas = [1.0] + [e for e in config["masson2021"]["qfi"]["efficiencies"] if e != 1.0]
    return [f"{e:g}" for e in etas]


def counting_chunk_files(labels):
    """Sweep-chunk files of the given efficiency labels (all N chunks each)."""
    return [
        f"results/masson2021/qfi_chunks/eta{label}_N{lo}-{hi}.nc"
        for label in labels
        for lo, hi in counting_chunks()
    ]
