"""Stage `cells`: derived parameters of every vapor cell in config["cells"] (Katz Sec. V, VII.A)."""

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
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
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
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../../scripts/cells_table.py"
