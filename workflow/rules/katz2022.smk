"""Figures and tables of Katz et al., PRX Quantum 3, 010305 (2022), from notebooks/katz2022.ipynb."""

KATZ2022_TARGETS = [
    "results/notebooks/katz2022.ipynb",
    "results/tables/cell_parameters.csv",
    "results/figures/katz2022/cell_rates.png",
    "results/figures/katz2022/fig2.png",
    "results/tables/katz2022_stochastic_rates.csv",
]


rule katz2022_notebook:
    """Katz 2022: cell table (Sec. VII.A), J and gamma vs density, Fig. 2 and the rates table."""
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
        fig2=report(
            "results/figures/katz2022/fig2.png",
            caption="../report/katz2022_fig2.rst",
            category="Katz 2022",
            subcategory="Fig. 2 stochastic simulation",
        ),
        fig2_pdf="results/figures/katz2022/fig2.pdf",
        rates_table="results/tables/katz2022_stochastic_rates.csv",
    log:
        "results/logs/notebooks/katz2022.log",
    benchmark:
        "results/benchmarks/notebooks/katz2022.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        nb={"figure_cell": config["katz2022"]["figure_cell"]},
    script:
        "../../scripts/run_notebook.py"
