"""Figures and tables of Katz et al., PRX Quantum 3, 010305 (2022), from notebooks/katz2022.ipynb."""

KATZ2022_TARGETS = [
    "results/notebooks/katz2022.ipynb",
    "results/tables/cell_parameters.csv",
    "results/figures/katz2022/cell_rates.png",
]


rule katz2022_notebook:
    """Katz 2022: cell-parameter table (Sec. VII.A) and J, gamma vs alkali density."""
    input:
        unpack(katz2022_notebook_inputs),
    output:
        notebook="results/notebooks/katz2022.ipynb",
        cell_table="results/tables/cell_parameters.csv",
        cell_table_tex="results/tables/cell_parameters.tex",
        fig_cell_rates=report(
            "results/figures/katz2022/cell_rates.png",
            caption="../report/katz2022_cell_rates.rst",
            category="Katz 2022",
            subcategory="Cell parameters",
        ),
        fig_cell_rates_pdf="results/figures/katz2022/cell_rates.pdf",
    log:
        "results/logs/notebooks/katz2022.log",
    benchmark:
        "results/benchmarks/notebooks/katz2022.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        nb={"figure_cell": config["katz2022"]["figure_cell"]},
    script:
        "../../scripts/run_notebook.py"
