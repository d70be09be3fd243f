"""Stage `counting`: Masson & Parkins (arXiv 2021) photon-counting heralding, Figs. 2-6.

The input functions masson2021_chunks / masson2021_efficiency_labels / masson2021_chunk_files live
in common.smk (Snakemake's lint wants functions apart from rules).
"""

MASSON2021_FIGURES = [
    "fig2_populations",
    "fig3_qfi_ideal",
    "fig4_qfi_efficiency",
    "fig5_pulse_sequence",
    "fig6_sampled_qfi",
    "count_distribution",
    "fit_windows",
    "emission",
]

COUNTING_TARGETS = [
    "results/masson2021/dicke_populations.nc",
    "results/masson2021/qfi_scaling.nc",
    "results/masson2021/qfi_efficiency.nc",
    "results/masson2021/pulse_sequence.nc",
    "results/masson2021/sampled_qfi.nc",
    "results/masson2021/emission.nc",
    "results/notebooks/masson2021.ipynb",
    "results/tables/masson2021_fits.csv",
    *[f"results/figures/masson2021/{name}.png" for name in MASSON2021_FIGURES],
]


rule masson2021_populations:
    """Masson Fig. 2, Eqs. (7)-(8): |c_S|^2 of |m_F=0>^N, its tail and peak."""
    output:
        "results/masson2021/dicke_populations.nc",
    log:
        "results/logs/masson2021/dicke_populations.log",
    benchmark:
        "results/benchmarks/masson2021/dicke_populations.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        cfg=lambda wc: canonical(config["masson2021"]["populations"]),
    script:
        "../../scripts/masson2021_populations.py"


rule masson2021_qfi_chunk:
    """Masson Eqs. (9), (12): average QFI for N in [lo, hi] at one detection efficiency."""
    output:
        "results/masson2021/qfi_chunks/eta{eta}_N{lo}-{hi}.nc",
    log:
        "results/logs/masson2021/qfi_chunk_eta{eta}_N{lo}-{hi}.log",
    benchmark:
        "results/benchmarks/masson2021/qfi_chunk_eta{eta}_N{lo}-{hi}.tsv"
    wildcard_constraints:
        eta="[0-9.]+",
        lo="[0-9]+",
        hi="[0-9]+",
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        cfg=lambda wc: {"efficiency": float(wc.eta), "n_min": int(wc.lo), "n_max": int(wc.hi)},
    script:
        "../../scripts/masson2021_qfi_chunk.py"


rule masson2021_qfi_scaling:
    """Masson Fig. 3: ideal-detector average QFI vs N, power-law fits per parity and N window."""
    input:
        chunks=masson2021_chunk_files(["1"]),
    output:
        "results/masson2021/qfi_scaling.nc",
    log:
        "results/logs/masson2021/qfi_scaling.log",
    benchmark:
        "results/benchmarks/masson2021/qfi_scaling.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        cfg=lambda wc: canonical(config["masson2021"]["qfi"]),
    script:
        "../../scripts/masson2021_qfi_scaling.py"


rule masson2021_qfi_efficiency:
    """Masson Fig. 4, Eq. (13): average QFI for finite efficiency, fits, and p(n)."""
    input:
        chunks=masson2021_chunk_files(masson2021_efficiency_labels()),
    output:
        "results/masson2021/qfi_efficiency.nc",
    log:
        "results/logs/masson2021/qfi_efficiency.log",
    benchmark:
        "results/benchmarks/masson2021/qfi_efficiency.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        cfg=lambda wc: canonical(config["masson2021"]["qfi"]),
    script:
        "../../scripts/masson2021_qfi_efficiency.py"


rule masson2021_pulse_sequence:
    """Masson Fig. 5, Eqs. (14)-(15): posterior over S along a TC/anti-TC pulse sequence."""
    output:
        "results/masson2021/pulse_sequence.nc",
    log:
        "results/logs/masson2021/pulse_sequence.log",
    benchmark:
        "results/benchmarks/masson2021/pulse_sequence.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        cfg=lambda wc: canonical(config["masson2021"]["pulse_sequence"]),
    script:
        "../../scripts/masson2021_pulse_sequence.py"


rule masson2021_sampled_qfi:
    """Masson Fig. 6: Monte Carlo sample-mean QFI vs number of pulses."""
    output:
        "results/masson2021/sampled_qfi.nc",
    log:
        "results/logs/masson2021/sampled_qfi.log",
    benchmark:
        "results/benchmarks/masson2021/sampled_qfi.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        cfg=lambda wc: canonical(config["masson2021"]["sampling"]),
    script:
        "../../scripts/masson2021_sampled_qfi.py"


rule masson2021_emission:
    """Masson Eq. (2): master-equation TC emission (S <= 8) and the t_pulse estimate."""
    output:
        "results/masson2021/emission.nc",
    log:
        "results/logs/masson2021/emission.log",
    benchmark:
        "results/benchmarks/masson2021/emission.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        cfg=lambda wc: canonical(config["masson2021"]["emission"]),
    script:
        "../../scripts/masson2021_emission.py"


rule masson2021_notebook:
    """Masson Figs. 2-6, p(n), fit-window dependence, emission check and the fits table."""
    input:
        notebook="notebooks/masson2021.ipynb",
        populations="results/masson2021/dicke_populations.nc",
        qfi_scaling="results/masson2021/qfi_scaling.nc",
        qfi_efficiency="results/masson2021/qfi_efficiency.nc",
        pulse_sequence="results/masson2021/pulse_sequence.nc",
        sampled_qfi="results/masson2021/sampled_qfi.nc",
        emission="results/masson2021/emission.nc",
    output:
        notebook="results/notebooks/masson2021.ipynb",
        fits_table="results/tables/masson2021_fits.csv",
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
        "results/logs/notebooks/masson2021.log",
    benchmark:
        "results/benchmarks/notebooks/masson2021.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        nb=lambda wc: {"fig2_spin_max": config["masson2021"]["populations"]["tail_spin_cut"]},
    script:
        "../../scripts/run_notebook.py"
