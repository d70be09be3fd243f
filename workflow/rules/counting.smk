"""Stage `counting`: Masson & Parkins (arXiv 2021) photon-counting heralding, Figs. 2-6.

The input functions counting_chunks / counting_efficiency_labels / counting_chunk_files live in
common.smk (Snakemake's lint wants functions apart from rules).

On a cluster the average-QFI chunks go out in batches (group `counting_qfi_chunks`, batch size:
group-components in workflow/profiles/slurm; the N range of one chunk is masson2021.qfi.chunk_size)
and every other rule of the stage, each a few seconds, as one job (group `counting`).
"""

register_stage(
    "counting",
    [
        "results/masson2021/dicke_populations.nc",
        "results/masson2021/qfi_scaling.nc",
        "results/masson2021/qfi_efficiency.nc",
        "results/masson2021/pulse_sequence.nc",
        "results/masson2021/sampled_qfi.nc",
        "results/masson2021/emission.nc",
        "results/tables/masson2021_fits.csv",
    ],
)


rule counting_populations:
    """Masson Fig. 2, Eqs. (7)-(8): |c_S|^2 of |m_F=0>^N, its tail and peak."""
    input:
        code=code("scripts/counting_populations.py"),
    output:
        "results/masson2021/dicke_populations.nc",
    log:
        "results/logs/counting/populations.log",
    benchmark:
        "results/benchmarks/counting/populations.tsv"
    group:
        "counting"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 0.79 s, 98 MB
        mem_mb=700,
        runtime=2,
    params:
        cfg=lambda wc: config_keys("masson2021.populations"),
    script:
        "../../scripts/counting_populations.py"


rule counting_qfi_chunk:
    """Masson Eqs. (9), (12): average QFI for N in [lo, hi] at one detection efficiency."""
    input:
        code=code("scripts/counting_qfi_chunk.py"),
    output:
        "results/masson2021/qfi_chunks/eta{eta}_N{lo}-{hi}.nc",
    log:
        "results/logs/counting/qfi_chunk_eta{eta}_N{lo}-{hi}.log",
    benchmark:
        "results/benchmarks/counting/qfi_chunk_eta{eta}_N{lo}-{hi}.tsv"
    wildcard_constraints:
        eta="[0-9.]+",
        lo="[0-9]+",
        hi="[0-9]+",
    group:
        "counting_qfi_chunks"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # cost model (the script): 1 min, 613 MB at N 751-1000, measured at most 6.1 s, 116 MB per
        # chunk; + 400 MB and 1 min for Snakemake in a cluster job (see cells.smk)
        mem_mb=lambda wc: 400 + average_qfi_chunk_cost(int(wc.lo), int(wc.hi)).mem_mb,
        runtime=lambda wc: 1 + average_qfi_chunk_cost(int(wc.lo), int(wc.hi)).runtime_minutes,
    params:
        cfg=lambda wc: {"efficiency": float(wc.eta), "n_min": int(wc.lo), "n_max": int(wc.hi)},
    script:
        "../../scripts/counting_qfi_chunk.py"


rule counting_qfi_scaling:
    """Masson Fig. 3: ideal-detector average QFI vs N, power-law fits per parity and N window."""
    input:
        chunks=counting_chunk_files(["1"]),
        code=code("scripts/counting_qfi_scaling.py"),
    output:
        "results/masson2021/qfi_scaling.nc",
    log:
        "results/logs/counting/qfi_scaling.log",
    benchmark:
        "results/benchmarks/counting/qfi_scaling.tsv"
    group:
        "counting"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 0.74 s, 115 MB
        mem_mb=700,
        runtime=2,
    params:
        cfg=lambda wc: config_keys(
            "masson2021.qfi", ["fit_windows", "claim_window", "inset_n_atoms"]
        ),
    script:
        "../../scripts/counting_qfi_scaling.py"


rule counting_qfi_efficiency:
    """Masson Fig. 4, Eq. (13): average QFI for finite efficiency, fits, and p(n)."""
    input:
        chunks=counting_chunk_files(counting_efficiency_labels()),
        code=code("scripts/counting_qfi_efficiency.py"),
    output:
        "results/masson2021/qfi_efficiency.nc",
    log:
        "results/logs/counting/qfi_efficiency.log",
    benchmark:
        "results/benchmarks/counting/qfi_efficiency.tsv"
    group:
        "counting"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 0.84 s, 113 MB
        mem_mb=700,
        runtime=2,
    params:
        cfg=lambda wc: config_keys(
            "masson2021.qfi",
            ["fit_windows", "claim_window", "count_n_atoms", "count_efficiencies"],
        ),
    script:
        "../../scripts/counting_qfi_efficiency.py"


rule counting_pulse_sequence:
    """Masson Fig. 5, Eqs. (14)-(15): posterior over S along a TC/anti-TC pulse sequence."""
    input:
        code=code("scripts/counting_pulse_sequence.py"),
    output:
        "results/masson2021/pulse_sequence.nc",
    log:
        "results/logs/counting/pulse_sequence.log",
    benchmark:
        "results/benchmarks/counting/pulse_sequence.tsv"
    group:
        "counting"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 0.79 s, 98 MB
        mem_mb=700,
        runtime=2,
    params:
        cfg=lambda wc: config_keys("masson2021.pulse_sequence"),
    script:
        "../../scripts/counting_pulse_sequence.py"


rule counting_sampled_qfi:
    """Masson Fig. 6: Monte Carlo sample-mean QFI vs number of pulses."""
    input:
        code=code("scripts/counting_sampled_qfi.py"),
    output:
        "results/masson2021/sampled_qfi.nc",
    log:
        "results/logs/counting/sampled_qfi.log",
    benchmark:
        "results/benchmarks/counting/sampled_qfi.tsv"
    group:
        "counting"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 0.84 s, 98 MB
        mem_mb=700,
        runtime=2,
    params:
        cfg=lambda wc: config_keys("masson2021.sampling"),
    script:
        "../../scripts/counting_sampled_qfi.py"


rule counting_emission:
    """Masson Eq. (2): master-equation TC emission (S <= 8) and the t_pulse estimate."""
    input:
        code=code("scripts/counting_emission.py"),
    output:
        "results/masson2021/emission.nc",
    log:
        "results/logs/counting/emission.log",
    benchmark:
        "results/benchmarks/counting/emission.tsv"
    group:
        "counting"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 16 s, 145 MB
        mem_mb=700,
        runtime=2,
    params:
        cfg=lambda wc: config_keys("masson2021.emission"),
    script:
        "../../scripts/counting_emission.py"


rule counting_fits_table:
    """Masson Figs. 3-4: every power-law fit (prefactor, exponent, 1 sigma, N range) as a table."""
    input:
        qfi_scaling="results/masson2021/qfi_scaling.nc",
        qfi_efficiency="results/masson2021/qfi_efficiency.nc",
        code=code("scripts/counting_fits_table.py"),
    output:
        csv="results/tables/masson2021_fits.csv",
    log:
        "results/logs/counting/fits_table.log",
    benchmark:
        "results/benchmarks/counting/fits_table.tsv"
    group:
        "counting"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 0.85 s, 91 MB
        mem_mb=700,
        runtime=2,
    script:
        "../../scripts/counting_fits_table.py"
