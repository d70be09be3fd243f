"""Stage `stochastic`: Katz 2022 Sec. III, the stochastic many-body collision simulation.

Fig. 2 (a)-(e), one job per panel, and the `rates` stage: seed ensembles at parameter sets the
paper never used (one job per case and seed), fitted into one table of 2J, alpha, gamma_B, eps.
"""

_STOCH = config["katz2022"]["stochastic"]
_RATES = _STOCH["rates"]
_RATE_SEEDS = [_RATES["seed"] + i for i in range(_RATES["n_seeds"])]

STOCHASTIC_TARGETS = [
    *expand("results/katz2022/stochastic/{panel}.nc", panel=list(_STOCH["panels"])),
    "results/katz2022/stochastic_rates.nc",
]


rule stochastic_panel:
    """Katz Fig. 2: one panel of the stochastic collision simulation."""
    output:
        "results/katz2022/stochastic/{panel}.nc",
    log:
        "results/logs/katz2022/stochastic_{panel}.log",
    benchmark:
        "results/benchmarks/katz2022/stochastic_{panel}.tsv"
    wildcard_constraints:
        panel="[a-z]",
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=15,
    params:
        cfg=lambda wc: canonical(_STOCH["panels"][wc.panel]),
    script:
        "../../scripts/stochastic_panel.py"


rule stochastic_rates_seed:
    """Katz Sec. III.C: one seed of one rates case (exchange or decay runs) -> time series."""
    output:
        "results/katz2022/stochastic_rates/{case}/seed{seed}.nc",
    log:
        "results/logs/katz2022/stochastic_rates/{case}_seed{seed}.log",
    benchmark:
        "results/benchmarks/katz2022/stochastic_rates/{case}_seed{seed}.tsv"
    wildcard_constraints:
        case="[A-Za-z0-9_-]+",
        seed="[0-9]+",
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        cfg=lambda wc: canonical(_RATES["cases"][wc.case]),
        seed=lambda wc: int(wc.seed),
    script:
        "../../scripts/stochastic_rates_seed.py"


rule stochastic_rates:
    """Katz Eqs. (8), (9), Sec. III.C: fitted 2J, alpha, gamma_B, eps of every rates case."""
    input:
        expand(
            "results/katz2022/stochastic_rates/{case}/seed{seed}.nc",
            case=list(_RATES["cases"]),
            seed=_RATE_SEEDS,
        ),
    output:
        "results/katz2022/stochastic_rates.nc",
    log:
        "results/logs/katz2022/stochastic_rates.log",
    benchmark:
        "results/benchmarks/katz2022/stochastic_rates.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        cfg=canonical(_RATES),
    script:
        "../../scripts/stochastic_rates.py"
