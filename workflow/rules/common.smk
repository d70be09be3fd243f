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
    """The notebook plus every cell file (the table has one column per cell)."""
    return {
        "notebook": "notebooks/katz2022.ipynb",
        **{f"cell_{name}": f"results/cells/{name}.nc" for name in config["cells"]},
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
