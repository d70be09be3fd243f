"""Stage `stochastic`: Katz 2022 Sec. III, the stochastic many-body collision simulation.

Fig. 2 (a)-(e), one job per panel, and seed ensembles at parameter sets the paper never used (one
job per case and seed), fitted into one table of 2J, alpha, gamma_B and eps.

On a cluster the panels and the seeds go out in batches (groups `stochastic_panels` and
`stochastic_seeds`, batch sizes: group-components in workflow/profiles/slurm) and the fit with its
table as one job; panel and seed resources come from the cost models of spinbridge.resources.
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
    group:
        "stochastic_panels"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # cost model (the script): 2 x (96 s, 303 MB) for panel e, measured 137 s, 222 MB; + 400 MB
        # and 1 min for Snakemake in a cluster job (see cells.smk)
        mem_mb=lambda wc: 400 + stochastic_cost(_STOCH["panels"][wc.panel]).mem_mb,
        runtime=lambda wc: 1 + stochastic_cost(_STOCH["panels"][wc.panel]).runtime_minutes,
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
    group:
        "stochastic_seeds"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # cost model (the script): 1 min, 601 MB per member, measured at most 5.3 s, 236 MB (case
        # D1); + 400 MB and 1 min for Snakemake in a cluster job (see cells.smk)
        mem_mb=lambda wc: 400 + stochastic_rates_cost(_RATES["cases"][wc.case]).mem_mb,
        runtime=lambda wc: 1 + stochastic_rates_cost(_RATES["cases"][wc.case]).runtime_minutes,
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
    group:
        "stochastic_rates"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.3 s, 202 MB
        mem_mb=900,
        runtime=2,
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
    group:
        "stochastic_rates"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.2 s, 193 MB
        mem_mb=800,
        runtime=2,
    script:
        "../../scripts/stochastic_rates_table.py"
