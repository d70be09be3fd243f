"""Stage `stochastic`: Katz 2022 Sec. III, the stochastic many-body collision simulation.

Fig. 2 (a)-(e), one job per panel, and seed ensembles at parameter sets the paper never used (one
job per case and seed), fitted into one table of 2J, alpha, gamma_B and eps.
"""

_STOCH = config["katz2022"]["stochastic"]
_RATES = _STOCH["rates"]
_RATE_SEEDS = [_RATES["seed"] + i for i in range(_RATES["n_seeds"])]


register_stage(
    "stochastic",
    [
        *expand("results/katz2022/stochastic/{panel}.nc", panel=list(_STOCH["panels"])),
        "results/katz2022/stochastic_rates.nc",
        "results/tables/katz2022_stochastic_rates.csv",
    ],
)


rule stochastic_panel:
    """Katz Fig. 2: one panel of the stochastic collision simulation."""
    input:
        code=code("scripts/stochastic_panel.py"),
    output:
        "results/katz2022/stochastic/{panel}.nc",
    log:
        "results/logs/stochastic/panel_{panel}.log",
    benchmark:
        "results/benchmarks/stochastic/panel_{panel}.tsv"
    wildcard_constraints:
        panel="[a-z]",
    priority: 10  # the longest jobs of the DAG (the pair panel): start them first
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=lambda wc: stochastic_cost(_STOCH["panels"][wc.panel]).mem_mb,
        runtime=lambda wc: stochastic_cost(_STOCH["panels"][wc.panel]).runtime_minutes,
    params:
        cfg=lambda wc: config_keys(f"katz2022.stochastic.panels.{wc.panel}"),
    script:
        "../../scripts/stochastic_panel.py"


rule stochastic_rates_seed:
    """Katz Sec. III.C: one seed of one rates case (exchange or decay runs) -> time series."""
    input:
        code=code("scripts/stochastic_rates_seed.py"),
    output:
        "results/katz2022/stochastic_rates/{case}/seed{seed}.nc",
    log:
        "results/logs/stochastic/rates_seed_{case}_{seed}.log",
    benchmark:
        "results/benchmarks/stochastic/rates_seed_{case}_{seed}.tsv"
    wildcard_constraints:
        case="[A-Za-z0-9_-]+",
        seed="[0-9]+",
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=lambda wc: stochastic_rates_cost(_RATES["cases"][wc.case]).mem_mb,
        runtime=lambda wc: stochastic_rates_cost(_RATES["cases"][wc.case]).runtime_minutes,
    params:
        cfg=lambda wc: config_keys(f"katz2022.stochastic.rates.cases.{wc.case}"),
        seed=lambda wc: int(wc.seed),
    script:
        "../../scripts/stochastic_rates_seed.py"


rule stochastic_rates:
    """Katz Eqs. (8), (9), Sec. III.C: fitted 2J, alpha, gamma_B, eps of every rates case."""
    input:
        members=expand(
            "results/katz2022/stochastic_rates/{case}/seed{seed}.nc",
            case=list(_RATES["cases"]),
            seed=_RATE_SEEDS,
        ),
        code=code("scripts/stochastic_rates.py"),
    output:
        "results/katz2022/stochastic_rates.nc",
    log:
        "results/logs/stochastic/rates.log",
    benchmark:
        "results/benchmarks/stochastic/rates.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../../scripts/stochastic_rates.py"


rule stochastic_rates_table:
    """Katz Sec. III.C: the rates of every case as a table (values and standard errors)."""
    input:
        rates="results/katz2022/stochastic_rates.nc",
        code=code("scripts/stochastic_rates_table.py"),
    output:
        csv="results/tables/katz2022_stochastic_rates.csv",
    log:
        "results/logs/stochastic/rates_table.log",
    benchmark:
        "results/benchmarks/stochastic/rates_table.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../../scripts/stochastic_rates_table.py"
