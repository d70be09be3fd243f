"""Stage `pairs`: Sundar et al., PRL 130, 113202 (2023), pair production in 87Sr, Figs. 1(d), 2, 3.

The UPA (Eqs. 3, 5, 6) and the Ramsey protocols (Fig. 2) are one job each. The exact pair chain
and the truncated Wigner runs (4 levels; 4 and 20 levels) fan out as one job per N, Fig. 3(a) as
one job per group of sundar2023.decoherence.detunings_per_job detunings and Fig. 3(b) as one job
per N; small rules merge them into the public files (per-job files under
results/sundar2023/<product>/). Resources of the fanned-out jobs come from the cost models of
spinbridge.pair_costs. On a cluster the merges and single jobs go out as one job (group `pairs`),
the fanned-out jobs in batches (group `pairs_jobs`).
"""

from spinbridge import pair_costs as _pair_costs

_PAIRS = config["sundar2023"]
_PAIRS_DECO = _PAIRS["decoherence"]
_PAIRS_X = _PAIRS_DECO["fig3a_delta_over_sqrtN_kappa"]
_PAIRS_GROUP = _PAIRS_DECO["detunings_per_job"]
_PAIRS_GROUPS = [_PAIRS_X[i : i + _PAIRS_GROUP] for i in range(0, len(_PAIRS_X), _PAIRS_GROUP)]

register_stage(
    "pairs",
    [
        "results/sundar2023/upa.nc",
        "results/sundar2023/exact_squeezing.nc",
        "results/sundar2023/twa_squeezing.nc",
        "results/sundar2023/twa_levels.nc",
        "results/sundar2023/ramsey.nc",
        "results/sundar2023/decoherence.nc",
    ],
)


rule pairs_upa:
    """Sundar Fig. 1(d) dashed lines, Eqs. (3), (5), (6) and the beyond-UPA optimum."""
    input:
        code=code("scripts/pairs_upa.py"),
    output:
        "results/sundar2023/upa.nc",
    log:
        "results/logs/pairs/upa.log",
    benchmark:
        "results/benchmarks/pairs/upa.tsv"
    group:
        "pairs"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.4 s, 159 MB
        mem_mb=1000,  # measured peak <= 300 MB, doubled, + 400 MB for Snakemake in a cluster job
        runtime=2,
    params:
        cfg=lambda wc: canonical(
            {"times": config_keys("sundar2023.times"), "upa": config_keys("sundar2023.upa")}
        ),
    script:
        "../../scripts/pairs_upa.py"


rule pairs_exact_squeezing_atoms:
    """Sundar Fig. 1(d): the exact pair chain of Eq. (1) for one N."""
    input:
        code=code("scripts/pairs_exact_squeezing_atoms.py"),
    output:
        "results/sundar2023/exact_squeezing/N{n}.nc",
    log:
        "results/logs/pairs/exact_squeezing_N{n}.log",
    benchmark:
        "results/benchmarks/pairs/exact_squeezing_N{n}.tsv"
    wildcard_constraints:
        n="[0-9]+",
    priority: 10  # the longest job of the stage (N = 1e4): start it first
    group:
        "pairs_jobs"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=lambda wc: 400 + _pair_costs.exact_cost(int(wc.n)).mem_mb,
        runtime=lambda wc: 1 + _pair_costs.exact_cost(int(wc.n)).runtime_minutes,
    params:
        cfg=lambda wc: canonical(
            {
                "N": int(wc.n),
                **config_keys("sundar2023", ["pumps", "departure_rel_dev", "early_nchi_t"]),
                "times": config_keys("sundar2023.times"),
            }
        ),
    script:
        "../../scripts/pairs_exact_squeezing_atoms.py"


rule pairs_exact_squeezing:
    """Sundar Fig. 1(d) and inset: the exact chain of every N in one file."""
    input:
        parts=expand("results/sundar2023/exact_squeezing/N{n}.nc", n=_PAIRS["exact"]["n_atoms"]),
        code=code("scripts/pairs_exact_squeezing.py"),
    output:
        "results/sundar2023/exact_squeezing.nc",
    log:
        "results/logs/pairs/exact_squeezing.log",
    benchmark:
        "results/benchmarks/pairs/exact_squeezing.tsv"
    group:
        "pairs"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.3 s, 162 MB
        mem_mb=1000,  # measured peak <= 300 MB, doubled, + 400 MB for Snakemake in a cluster job
        runtime=2,
    params:
        cfg=lambda wc: config_keys("sundar2023.exact"),
    script:
        "../../scripts/pairs_exact_squeezing.py"


rule pairs_twa_squeezing_atoms:
    """Sundar Fig. 1(d): truncated Wigner squeezing of the quartet for one N."""
    input:
        code=code("scripts/pairs_twa_squeezing_atoms.py"),
    output:
        "results/sundar2023/twa_squeezing/N{n}.nc",
    log:
        "results/logs/pairs/twa_squeezing_N{n}.log",
    benchmark:
        "results/benchmarks/pairs/twa_squeezing_N{n}.tsv"
    wildcard_constraints:
        n="[0-9]+",
    group:
        "pairs_jobs"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=lambda wc: 400
        + _pair_costs.twa_cost(
            _PAIRS["twa"]["n_traj"], 4, _PAIRS["times"]["nchi_t_max"], _PAIRS["twa"]["step"]
        ).mem_mb,
        runtime=lambda wc: 1
        + _pair_costs.twa_cost(
            _PAIRS["twa"]["n_traj"], 4, _PAIRS["times"]["nchi_t_max"], _PAIRS["twa"]["step"]
        ).runtime_minutes,
    params:
        cfg=lambda wc: canonical(
            {
                "N": int(wc.n),
                **config_keys("sundar2023", ["pumps", "departure_rel_dev", "early_nchi_t"]),
                **config_keys("sundar2023.twa", ["n_traj", "seed", "step"]),
                "times": config_keys("sundar2023.times"),
            }
        ),
    script:
        "../../scripts/pairs_twa_squeezing_atoms.py"


rule pairs_twa_squeezing:
    """Sundar Fig. 1(d) and inset: the truncated Wigner runs of every N in one file."""
    input:
        parts=expand("results/sundar2023/twa_squeezing/N{n}.nc", n=_PAIRS["twa"]["n_atoms"]),
        code=code("scripts/pairs_twa_squeezing.py"),
    output:
        "results/sundar2023/twa_squeezing.nc",
    log:
        "results/logs/pairs/twa_squeezing.log",
    benchmark:
        "results/benchmarks/pairs/twa_squeezing.tsv"
    group:
        "pairs"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.3 s, 162 MB
        mem_mb=1000,  # measured peak <= 300 MB, doubled, + 400 MB for Snakemake in a cluster job
        runtime=2,
    params:
        cfg=lambda wc: config_keys("sundar2023.twa", ["n_atoms"]),
    script:
        "../../scripts/pairs_twa_squeezing.py"


rule pairs_twa_levels_atoms:
    """Sundar Fig. 1(d): truncated Wigner with 4 and with 20 levels (same draws) for one N."""
    input:
        code=code("scripts/pairs_twa_levels_atoms.py"),
    output:
        "results/sundar2023/twa_levels/N{n}.nc",
    log:
        "results/logs/pairs/twa_levels_N{n}.log",
    benchmark:
        "results/benchmarks/pairs/twa_levels_N{n}.tsv"
    wildcard_constraints:
        n="[0-9]+",
    group:
        "pairs_jobs"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # 4 + 20 modes per trajectory
        mem_mb=lambda wc: 400
        + _pair_costs.twa_cost(
            _PAIRS["twa_levels"]["n_traj"],
            24,
            _PAIRS["times"]["nchi_t_max"],
            _PAIRS["twa_levels"]["step"],
        ).mem_mb,
        runtime=lambda wc: 1
        + _pair_costs.twa_cost(
            _PAIRS["twa_levels"]["n_traj"],
            24,
            _PAIRS["times"]["nchi_t_max"],
            _PAIRS["twa_levels"]["step"],
        ).runtime_minutes,
    params:
        cfg=lambda wc: canonical(
            {
                "N": int(wc.n),
                "pumps": _PAIRS["pumps"],
                **config_keys("sundar2023.twa_levels", ["n_traj", "seed", "step"]),
                "times": config_keys("sundar2023.times"),
            }
        ),
    script:
        "../../scripts/pairs_twa_levels_atoms.py"


rule pairs_twa_levels:
    """Sundar Fig. 1(d): 4 against 20 levels for every N in one file."""
    input:
        parts=expand("results/sundar2023/twa_levels/N{n}.nc", n=_PAIRS["twa_levels"]["n_atoms"]),
        code=code("scripts/pairs_twa_levels.py"),
    output:
        "results/sundar2023/twa_levels.nc",
    log:
        "results/logs/pairs/twa_levels.log",
    benchmark:
        "results/benchmarks/pairs/twa_levels.tsv"
    group:
        "pairs"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.3 s, 163 MB
        mem_mb=1000,  # measured peak <= 300 MB, doubled, + 400 MB for Snakemake in a cluster job
        runtime=2,
    params:
        cfg=lambda wc: config_keys("sundar2023.twa_levels", ["n_atoms"]),
    script:
        "../../scripts/pairs_twa_levels.py"


rule pairs_ramsey:
    """Sundar Fig. 2, Eqs. (4)-(6): differential and sum Ramsey protocols on the exact state."""
    input:
        code=code("scripts/pairs_ramsey.py"),
    output:
        "results/sundar2023/ramsey.nc",
    log:
        "results/logs/pairs/ramsey.log",
    benchmark:
        "results/benchmarks/pairs/ramsey.tsv"
    group:
        "pairs"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 2.0 s, 203 MB
        mem_mb=1000,  # measured peak <= 300 MB, doubled, + 400 MB for Snakemake in a cluster job
        runtime=2,
    params:
        cfg=lambda wc: canonical(
            {"pumps": _PAIRS["pumps"], "ramsey": config_keys("sundar2023.ramsey")}
        ),
    script:
        "../../scripts/pairs_ramsey.py"


rule pairs_decoherence_detunings:
    """Sundar Fig. 3(a): sqrt(N) Delta phi versus time for one group of detunings."""
    input:
        code=code("scripts/pairs_decoherence_detunings.py"),
    output:
        "results/sundar2023/decoherence/detunings{group}.nc",
    log:
        "results/logs/pairs/decoherence_detunings{group}.log",
    benchmark:
        "results/benchmarks/pairs/decoherence_detunings{group}.tsv"
    wildcard_constraints:
        group="[0-9]+",
    group:
        "pairs_jobs"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=lambda wc: 400
        + _pair_costs.decoherence_cost(
            _PAIRS_DECO["n_traj"],
            len(_PAIRS_GROUPS[int(wc.group)]),
            _PAIRS_DECO["fig3a_n_atoms"],
        ).mem_mb,
        runtime=lambda wc: 1
        + _pair_costs.decoherence_cost(
            _PAIRS_DECO["n_traj"],
            len(_PAIRS_GROUPS[int(wc.group)]),
            _PAIRS_DECO["fig3a_n_atoms"],
        ).runtime_minutes,
    params:
        cfg=lambda wc: canonical(
            {
                "N": _PAIRS_DECO["fig3a_n_atoms"],
                "C": _PAIRS_DECO["cooperativity"],
                "delta_over_sqrtN_kappa": _PAIRS_GROUPS[int(wc.group)],
                "pumps": _PAIRS["pumps"],
                **config_keys("sundar2023.decoherence", ["n_traj", "seed", "step"]),
            }
        ),
    script:
        "../../scripts/pairs_decoherence_detunings.py"


rule pairs_decoherence_scan:
    """Sundar Fig. 3(b): the best N^(3/4) Delta phi over time versus detuning for one N."""
    input:
        code=code("scripts/pairs_decoherence_scan.py"),
    output:
        "results/sundar2023/decoherence/scan_N{n}.nc",
    log:
        "results/logs/pairs/decoherence_scan_N{n}.log",
    benchmark:
        "results/benchmarks/pairs/decoherence_scan_N{n}.tsv"
    wildcard_constraints:
        n="[0-9]+",
    group:
        "pairs_jobs"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=lambda wc: 400
        + _pair_costs.decoherence_cost(
            _PAIRS_DECO["n_traj"], _PAIRS_DECO["fig3b_n_detunings"], int(wc.n)
        ).mem_mb,
        runtime=lambda wc: 1
        + _pair_costs.decoherence_cost(
            _PAIRS_DECO["n_traj"], _PAIRS_DECO["fig3b_n_detunings"], int(wc.n)
        ).runtime_minutes,
    params:
        cfg=lambda wc: canonical(
            {
                "N": int(wc.n),
                "C": _PAIRS_DECO["cooperativity"],
                "delta_over_sqrtN_kappa_min": _PAIRS_DECO["fig3b_delta_over_sqrtN_kappa_min"],
                "delta_over_sqrtN_kappa_max": _PAIRS_DECO["fig3b_delta_over_sqrtN_kappa_max"],
                "n_detunings": _PAIRS_DECO["fig3b_n_detunings"],
                "pumps": _PAIRS["pumps"],
                **config_keys("sundar2023.decoherence", ["n_traj", "seed", "step"]),
            }
        ),
    script:
        "../../scripts/pairs_decoherence_scan.py"


rule pairs_decoherence:
    """Sundar Fig. 3, Eq. (7) and the experimental estimates after it, in one file."""
    input:
        detunings=expand(
            "results/sundar2023/decoherence/detunings{group}.nc",
            group=range(len(_PAIRS_GROUPS)),
        ),
        scans=expand("results/sundar2023/decoherence/scan_N{n}.nc", n=_PAIRS_DECO["fig3b_n_atoms"]),
        code=code("scripts/pairs_decoherence.py"),
    output:
        "results/sundar2023/decoherence.nc",
    log:
        "results/logs/pairs/decoherence.log",
    benchmark:
        "results/benchmarks/pairs/decoherence.tsv"
    group:
        "pairs"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.5 s, 198 MB
        mem_mb=1000,  # measured peak <= 300 MB, doubled, + 400 MB for Snakemake in a cluster job
        runtime=2,
    params:
        cfg=lambda wc: {"experiment": config_keys("sundar2023.experiment")},
    script:
        "../../scripts/pairs_decoherence.py"
