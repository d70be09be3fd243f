"""Input functions and helpers shared by the rules (Snakemake's lint wants them apart from rules)."""

import glob

CLAIMS_REGISTRY = sorted(glob.glob(os.path.join(workflow.basedir, "workflow/claims/*.yaml")))


def canonical(value):
    """A config sub-tree with keys sorted at every level, for use as a rule's ``params``.

    Snakemake compares params by their repr, so without this a reordered (but equal) config would
    re-run jobs; with it, only a changed value does.
    """
    if isinstance(value, dict):
        return {k: canonical(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


def katz2022_notebook_inputs(wildcards):
    """The notebook, every cell file (one table column each), the Fig. 2 panels and the rates."""
    return {
        "notebook": "notebooks/katz2022.ipynb",
        **{f"cell_{name}": f"results/cells/{name}.nc" for name in config["cells"]},
        **{
            f"stochastic_{p}": f"results/katz2022/stochastic/{p}.nc"
            for p in config["katz2022"]["stochastic"]["panels"]
        },
        "rates": "results/katz2022/stochastic_rates.nc",
    }


def claims_inputs(wildcards):
    """Registry files + the NetCDF files they cite that some stage of this DAG produces.

    A claim whose file no stage lists among its targets is reported as `pending`.
    """
    from spinbridge.claims import load_registry

    produced = {
        os.path.normpath(p)
        for name, value in globals().items()
        if name.endswith("_TARGETS") and name != "CLAIMS_TARGETS" and isinstance(value, list)
        for p in value
    }
    files = sorted(
        {
            e["file"]
            for e in load_registry(CLAIMS_REGISTRY)
            if os.path.normpath(e["file"]) in produced
        }
    )
    return {"registry": CLAIMS_REGISTRY, "data": files}


def print_claims_summary():
    """Print the one-line scorecard summary (called from the Snakefile's onsuccess)."""
    path = "results/tables/claims.csv"
    if os.path.exists(path):
        import pandas as pd
        from spinbridge.claims import summary_line

        print(summary_line(pd.read_csv(path), path))


# ---- counting stage (Masson 2021): N chunks and efficiency labels of the average-QFI sweep ----
def masson2021_chunks():
    """N ranges (lo, hi) of the average-QFI sweep jobs."""
    q = config["masson2021"]["qfi"]
    size, n_max = q["chunk_size"], q["n_atoms_max"]
    return [(lo, min(lo + size - 1, n_max)) for lo in range(1, n_max + 1, size)]


def masson2021_efficiency_labels():
    """Efficiency wildcard values: '1' (ideal detector) first, then config's eta < 1."""
    etas = [1.0] + [e for e in config["masson2021"]["qfi"]["efficiencies"] if e != 1.0]
    return [f"{e:g}" for e in etas]


def masson2021_chunk_files(labels):
    """Sweep-chunk files of the given efficiency labels (all N chunks each)."""
    return [
        f"results/masson2021/qfi_chunks/eta{label}_N{lo}-{hi}.nc"
        for label in labels
        for lo, hi in masson2021_chunks()
    ]
