"""Stage `cells`: derived parameters of every vapor cell in config["cells"] (Katz Sec. V, VII.A)."""

CELLS_TARGETS = expand("results/cells/{cell}.nc", cell=list(config["cells"]))


rule cell_parameters:
    """Katz Eqs. (2), (18), (26) and Sec. V: q, zeta, k_SE, J, gamma, Delta_c, B for one cell."""
    output:
        "results/cells/{cell}.nc",
    log:
        "results/logs/cells/{cell}.log",
    benchmark:
        "results/benchmarks/cells/{cell}.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        cfg=lambda wc: canonical(config["cells"][wc.cell]),
    script:
        "../../scripts/cell_parameters.py"
