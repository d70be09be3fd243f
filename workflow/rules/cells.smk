"""Stage `cells`: derived parameters of every vapor cell in config["cells"] (Katz Sec. V, VII.A).

Resources (here and in every stage) follow the `benchmark:` files of a paper-scale run
(results/benchmarks/): mem_mb = 2 x the measured peak RSS (at least 150 MB, what the imports alone
take: the benchmark's sampling misses the peak of a sub-second script) + 400 MB for the two
Snakemake processes that wrap a job on a cluster (sacct on the test cluster: 157 MB batch step,
~145 MB in the job step, and the shared libraries it counts once per process), rounded up to
100 MB; runtime = 2 x the measured wall time + 1 min for Snakemake's start inside the job, in whole
minutes. Rules sized by config use the cost models of spinbridge.resources (2 x the estimate) + the
same 400 MB and 1 min. Jobs of a few seconds share a `group:` so that the SLURM profile submits a
stage, or a batch of a sweep, as one job.
"""

register_stage(
    "cells",
    [
        *expand("results/cells/{cell}.nc", cell=list(config["cells"])),
        "results/tables/cell_parameters.csv",
        "results/tables/cell_parameters.tex",
    ],
)


rule cells_parameters:
    """Katz Eqs. (2), (18), (26) and Sec. V: q, zeta, k_SE, J, gamma, Delta_c, B for one cell."""
    input:
        code=code("scripts/cells_parameters.py"),
    output:
        "results/cells/{cell}.nc",
    log:
        "results/logs/cells/parameters_{cell}.log",
    benchmark:
        "results/benchmarks/cells/parameters_{cell}.tsv"
    group:
        "cells"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 0.75 s, 99 MB (the largest of the cells)
        mem_mb=700,
        runtime=2,
    params:
        cfg=lambda wc: config_keys(f"cells.{wc.cell}"),
    script:
        "../../scripts/cells_parameters.py"


rule cells_table:
    """Katz Sec. VII.A: inputs and derived quantities of every cell, one column per cell."""
    input:
        unpack(lambda wc: {f"cell_{name}": f"results/cells/{name}.nc" for name in config["cells"]}),
        code=code("scripts/cells_table.py"),
    output:
        csv="results/tables/cell_parameters.csv",
        tex="results/tables/cell_parameters.tex",
    log:
        "results/logs/cells/table.log",
    benchmark:
        "results/benchmarks/cells/table.tsv"
    group:
        "cells"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 0.51 s, 7 MB
        mem_mb=700,
        runtime=2,
    script:
        "../../scripts/cells_table.py"
