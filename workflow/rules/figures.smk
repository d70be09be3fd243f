"""Stage `figures`: papermill-executed notebooks that plot every figure of a paper.

Notebooks only load, plot and display; every number they show comes from the NetCDF files and
tables of the stages upstream. Each rule runs scripts/run_notebook.py (its contract is there).
"""

_MASSON2021_FIGURES = [
    "fig2_populations",
    "fig3_qfi_ideal",
    "fig4_qfi_efficiency",
    "fig5_pulse_sequence",
    "fig6_sampled_qfi",
    "count_distribution",
    "fit_windows",
    "emission",
]

_JIANG2025_FIGURES = ["fig1", "fig2", "fig3", "fig4", "strong_coupling"]

_SUNDAR2023_FIGURES = ["fig1d", "fig2", "fig3", "levels"]

register_stage(
    "figures",
    [
        "results/notebooks/katz2022.ipynb",
        "results/figures/katz2022/cell_rates.png",
        "results/figures/katz2022/fig2.png",
        *[f"results/figures/katz2022/fig{n}.png" for n in (3, 4, 5, 6)],
        *[f"results/figures/katz2022/{n}.png" for n in ("fig1d", "fig7", "fig7_convergence")],
        "results/notebooks/masson2021.ipynb",
        *[f"results/figures/masson2021/{name}.png" for name in _MASSON2021_FIGURES],
        "results/notebooks/jiang2025.ipynb",
        *[f"results/figures/jiang2025/{name}.png" for name in _JIANG2025_FIGURES],
        "results/notebooks/sundar2023.ipynb",
        *[f"results/figures/sundar2023/{name}.png" for name in _SUNDAR2023_FIGURES],
    ],
)


rule figures_katz2022:
    """Katz 2022: J and gamma vs density (Sec. V), Figs. 2-6, the cell and rates tables displayed."""
    input:
        unpack(lambda wc: {f"cell_{name}": f"results/cells/{name}.nc" for name in config["cells"]}),
        unpack(
            lambda wc: {
                f"stochastic_{p}": f"results/katz2022/stochastic/{p}.nc"
                for p in config["katz2022"]["stochastic"]["panels"]
            }
        ),
        notebook="notebooks/katz2022.ipynb",
        cell_table="results/tables/cell_parameters.csv",
        rates_table="results/tables/katz2022_stochastic_rates.csv",
        twomode_regimes="results/katz2022/regimes.nc",
        twomode_fock_exchange="results/katz2022/fock_exchange.nc",
        twomode_squeezing_exchange="results/katz2022/squeezing_exchange.nc",
        twomode_squeezing_transfer="results/katz2022/squeezing_transfer.nc",
        twomode_magnetometer="results/katz2022/magnetometer.nc",
        multimode_diffusion_modes="results/katz2022/diffusion_modes.nc",
        multimode_fock="results/katz2022/multimode_fock.nc",
        multimode_squeezed="results/katz2022/multimode_squeezed.nc",
        multimode_convergence="results/katz2022/multimode_convergence.nc",
        code=code("scripts/run_notebook.py", "notebooks/katz2022.ipynb"),
    output:
        notebook="results/notebooks/katz2022.ipynb",
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
        fig3=report(
            "results/figures/katz2022/fig3.png",
            caption="../report/katz2022_fig3.rst",
            category="Katz 2022",
            subcategory="Fig. 3 coupling regimes",
        ),
        fig3_pdf="results/figures/katz2022/fig3.pdf",
        fig4=report(
            "results/figures/katz2022/fig4.png",
            caption="../report/katz2022_fig4.rst",
            category="Katz 2022",
            subcategory="Fig. 4 exchange of nonclassical states",
        ),
        fig4_pdf="results/figures/katz2022/fig4.pdf",
        fig5=report(
            "results/figures/katz2022/fig5.png",
            caption="../report/katz2022_fig5.rst",
            category="Katz 2022",
            subcategory="Fig. 5 squeezing transfer",
        ),
        fig5_pdf="results/figures/katz2022/fig5.pdf",
        fig6=report(
            "results/figures/katz2022/fig6.png",
            caption="../report/katz2022_fig6.rst",
            category="Katz 2022",
            subcategory="Fig. 6 magnetometer",
        ),
        fig6_pdf="results/figures/katz2022/fig6.pdf",
        fig1d=report(
            "results/figures/katz2022/fig1d.png",
            caption="../report/katz2022_fig1d.rst",
            category="Katz 2022",
            subcategory="Fig. 1(d) diffusion modes",
        ),
        fig1d_pdf="results/figures/katz2022/fig1d.pdf",
        fig7=report(
            "results/figures/katz2022/fig7.png",
            caption="../report/katz2022_fig7.rst",
            category="Katz 2022",
            subcategory="Fig. 7 multimode exchange",
        ),
        fig7_pdf="results/figures/katz2022/fig7.pdf",
        fig7_convergence=report(
            "results/figures/katz2022/fig7_convergence.png",
            caption="../report/katz2022_fig7_convergence.rst",
            category="Katz 2022",
            subcategory="Fig. 7 multimode exchange",
        ),
        fig7_convergence_pdf="results/figures/katz2022/fig7_convergence.pdf",
    log:
        "results/logs/figures/katz2022.log",
    benchmark:
        "results/benchmarks/figures/katz2022.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        nb=lambda wc: {"figure_cell": config_keys("katz2022.figure_cell")},
    script:
        "../../scripts/run_notebook.py"


rule figures_masson2021:
    """Masson Figs. 2-6, p(n), the fit-window dependence of the exponents and the emission check."""
    input:
        notebook="notebooks/masson2021.ipynb",
        populations="results/masson2021/dicke_populations.nc",
        qfi_scaling="results/masson2021/qfi_scaling.nc",
        qfi_efficiency="results/masson2021/qfi_efficiency.nc",
        pulse_sequence="results/masson2021/pulse_sequence.nc",
        sampled_qfi="results/masson2021/sampled_qfi.nc",
        emission="results/masson2021/emission.nc",
        fits_table="results/tables/masson2021_fits.csv",
        code=code("scripts/run_notebook.py", "notebooks/masson2021.ipynb"),
    output:
        notebook="results/notebooks/masson2021.ipynb",
        fig2=report(
            "results/figures/masson2021/fig2_populations.png",
            caption="../report/masson2021_fig2.rst",
            category="Masson 2021",
        ),
        fig3=report(
            "results/figures/masson2021/fig3_qfi_ideal.png",
            caption="../report/masson2021_fig3.rst",
            category="Masson 2021",
        ),
        fig4=report(
            "results/figures/masson2021/fig4_qfi_efficiency.png",
            caption="../report/masson2021_fig4.rst",
            category="Masson 2021",
        ),
        fig5=report(
            "results/figures/masson2021/fig5_pulse_sequence.png",
            caption="../report/masson2021_fig5.rst",
            category="Masson 2021",
        ),
        fig6=report(
            "results/figures/masson2021/fig6_sampled_qfi.png",
            caption="../report/masson2021_fig6.rst",
            category="Masson 2021",
        ),
        fig_counts=report(
            "results/figures/masson2021/count_distribution.png",
            caption="../report/masson2021_counts.rst",
            category="Masson 2021",
        ),
        fig_fit_windows=report(
            "results/figures/masson2021/fit_windows.png",
            caption="../report/masson2021_fit_windows.rst",
            category="Masson 2021",
        ),
        fig_emission=report(
            "results/figures/masson2021/emission.png",
            caption="../report/masson2021_emission.rst",
            category="Masson 2021",
        ),
        fig2_pdf="results/figures/masson2021/fig2_populations.pdf",
        fig3_pdf="results/figures/masson2021/fig3_qfi_ideal.pdf",
        fig4_pdf="results/figures/masson2021/fig4_qfi_efficiency.pdf",
        fig5_pdf="results/figures/masson2021/fig5_pulse_sequence.pdf",
        fig6_pdf="results/figures/masson2021/fig6_sampled_qfi.pdf",
        fig_counts_pdf="results/figures/masson2021/count_distribution.pdf",
        fig_fit_windows_pdf="results/figures/masson2021/fit_windows.pdf",
        fig_emission_pdf="results/figures/masson2021/emission.pdf",
    log:
        "results/logs/figures/masson2021.log",
    benchmark:
        "results/benchmarks/figures/masson2021.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        nb=lambda wc: {"fig2_spin_max": config_keys("masson2021.populations.tail_spin_cut")},
    script:
        "../../scripts/run_notebook.py"


rule figures_jiang2025:
    """Jiang 2025 Figs. 1-4 (coupled response, Fano fits, decoherence, sensitivity) and Eq. (5)."""
    input:
        notebook="notebooks/jiang2025.ipynb",
        response="results/jiang2025/response.nc",
        dressed_rates="results/jiang2025/dressed_rates.nc",
        fano_profiles="results/jiang2025/fano_profiles.nc",
        sensitivity="results/jiang2025/sensitivity.nc",
        strong_coupling="results/jiang2025/strong_coupling.nc",
        code=code("scripts/run_notebook.py", "notebooks/jiang2025.ipynb"),
    output:
        notebook="results/notebooks/jiang2025.ipynb",
        fig1=report(
            "results/figures/jiang2025/fig1.png",
            caption="../report/jiang2025_fig1.rst",
            category="Jiang 2025",
            subcategory="Fig. 1 coupled response",
        ),
        fig1_pdf="results/figures/jiang2025/fig1.pdf",
        fig2=report(
            "results/figures/jiang2025/fig2.png",
            caption="../report/jiang2025_fig2.rst",
            category="Jiang 2025",
            subcategory="Fig. 2 amplification and deamplification",
        ),
        fig2_pdf="results/figures/jiang2025/fig2.pdf",
        fig3=report(
            "results/figures/jiang2025/fig3.png",
            caption="../report/jiang2025_fig3.rst",
            category="Jiang 2025",
            subcategory="Fig. 3 decoherence and drive geometry",
        ),
        fig3_pdf="results/figures/jiang2025/fig3.pdf",
        fig4=report(
            "results/figures/jiang2025/fig4.png",
            caption="../report/jiang2025_fig4.rst",
            category="Jiang 2025",
            subcategory="Fig. 4 sensitivity",
        ),
        fig4_pdf="results/figures/jiang2025/fig4.pdf",
        strong_coupling=report(
            "results/figures/jiang2025/strong_coupling.png",
            caption="../report/jiang2025_strong_coupling.rst",
            category="Jiang 2025",
            subcategory="Eq. (5) strong coupling",
        ),
        strong_coupling_pdf="results/figures/jiang2025/strong_coupling.pdf",
    log:
        "results/logs/figures/jiang2025.log",
    benchmark:
        "results/benchmarks/figures/jiang2025.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        nb=lambda wc: {"figure_drive": config_keys("jiang2025.drive_axis")},
    script:
        "../../scripts/run_notebook.py"


rule figures_sundar2023:
    """Sundar 2023 Fig. 1(d) with inset, Fig. 2 (Eqs. 4-6), Fig. 3 (Eq. 7), 20 vs 4 levels."""
    input:
        notebook="notebooks/sundar2023.ipynb",
        upa="results/sundar2023/upa.nc",
        exact="results/sundar2023/exact_squeezing.nc",
        twa="results/sundar2023/twa_squeezing.nc",
        levels="results/sundar2023/twa_levels.nc",
        ramsey="results/sundar2023/ramsey.nc",
        decoherence="results/sundar2023/decoherence.nc",
        code=code("scripts/run_notebook.py", "notebooks/sundar2023.ipynb"),
    output:
        notebook="results/notebooks/sundar2023.ipynb",
        fig1d=report(
            "results/figures/sundar2023/fig1d.png",
            caption="../report/sundar2023_fig1d.rst",
            category="Sundar 2023",
            subcategory="Fig. 1(d) squeezing",
        ),
        fig1d_pdf="results/figures/sundar2023/fig1d.pdf",
        fig2=report(
            "results/figures/sundar2023/fig2.png",
            caption="../report/sundar2023_fig2.rst",
            category="Sundar 2023",
            subcategory="Fig. 2 Ramsey protocols",
        ),
        fig2_pdf="results/figures/sundar2023/fig2.pdf",
        fig3=report(
            "results/figures/sundar2023/fig3.png",
            caption="../report/sundar2023_fig3.rst",
            category="Sundar 2023",
            subcategory="Fig. 3 decoherence",
        ),
        fig3_pdf="results/figures/sundar2023/fig3.pdf",
        levels=report(
            "results/figures/sundar2023/levels.png",
            caption="../report/sundar2023_levels.rst",
            category="Sundar 2023",
            subcategory="Fig. 1(d) squeezing",
        ),
        levels_pdf="results/figures/sundar2023/levels.pdf",
    log:
        "results/logs/figures/sundar2023.log",
    benchmark:
        "results/benchmarks/figures/sundar2023.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    script:
        "../../scripts/run_notebook.py"
