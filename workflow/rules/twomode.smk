"""Stage `twomode`: Katz 2022 Sec. V-VI, the two-mode approximation (Eq. 28), Figs. 3-6.

gamma and the storage detuning come from the K-3He cell (Sec. VII.A); J and Delta from the ratios
each figure states. One job per figure; the magnetometer (Fig. 6) is in normalized units. On a
cluster the five, a few seconds each, go out as one job (group `twomode`).
"""

register_stage(
    "twomode",
    [
        "results/katz2022/regimes.nc",
        "results/katz2022/fock_exchange.nc",
        "results/katz2022/squeezing_exchange.nc",
        "results/katz2022/squeezing_transfer.nc",
        "results/katz2022/magnetometer.nc",
    ],
)


rule twomode_regimes:
    """Katz Fig. 3: coherent-state populations in the decoupled, overdamped and strong regimes."""
    input:
        cell="results/cells/K-3He.nc",
        code=code("scripts/twomode_regimes.py"),
    output:
        "results/katz2022/regimes.nc",
    log:
        "results/logs/twomode/regimes.log",
    benchmark:
        "results/benchmarks/twomode/regimes.tsv"
    group:
        "twomode"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.9 s, 143 MB
        mem_mb=700,
        runtime=2,
    params:
        cfg=lambda wc: config_keys("katz2022.twomode", ["regimes", "storage_field_over_resonance"]),
    script:
        "../../scripts/twomode_regimes.py"


rule twomode_fock_exchange:
    """Katz Fig. 4(a), Sec. VI.A: Fock-state transfer, Eqs. (31)-(35), (F3), (F6)."""
    input:
        cell="results/cells/K-3He.nc",
        code=code("scripts/twomode_fock_exchange.py"),
    output:
        "results/katz2022/fock_exchange.nc",
    log:
        "results/logs/twomode/fock_exchange.log",
    benchmark:
        "results/benchmarks/twomode/fock_exchange.tsv"
    group:
        "twomode"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.6 s, 162 MB
        mem_mb=800,
        runtime=2,
    params:
        cfg=lambda wc: config_keys(
            "katz2022.twomode", ["fock_exchange", "storage_field_over_resonance"]
        ),
    script:
        "../../scripts/twomode_fock_exchange.py"


rule twomode_squeezing_exchange:
    """Katz Fig. 4(b), Sec. VI.B: variances of X_A and P_B during the exchange of squeezing."""
    input:
        cell="results/cells/K-3He.nc",
        code=code("scripts/twomode_squeezing_exchange.py"),
    output:
        "results/katz2022/squeezing_exchange.nc",
    log:
        "results/logs/twomode/squeezing_exchange.log",
    benchmark:
        "results/benchmarks/twomode/squeezing_exchange.tsv"
    group:
        "twomode"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.7 s, 163 MB
        mem_mb=800,
        runtime=2,
    params:
        cfg=lambda wc: config_keys(
            "katz2022.twomode", ["squeezing_exchange", "storage_field_over_resonance"]
        ),
    script:
        "../../scripts/twomode_squeezing_exchange.py"


rule twomode_squeezing_transfer:
    """Katz Fig. 5, Eqs. (37)-(38): squeezing transferred at T_pi, closed form and exact."""
    input:
        cell="results/cells/K-3He.nc",
        code=code("scripts/twomode_squeezing_transfer.py"),
    output:
        "results/katz2022/squeezing_transfer.nc",
    log:
        "results/logs/twomode/squeezing_transfer.log",
    benchmark:
        "results/benchmarks/twomode/squeezing_transfer.tsv"
    group:
        "twomode"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.5 s, 141 MB
        mem_mb=700,
        runtime=2,
    params:
        cfg=lambda wc: config_keys("katz2022.twomode.squeezing_transfer"),
    script:
        "../../scripts/twomode_squeezing_transfer.py"


rule twomode_magnetometer:
    """Katz Fig. 6, Eqs. (41)-(43), App. G: magnetometer projection-noise limits vs T."""
    input:
        code=code("scripts/twomode_magnetometer.py"),
    output:
        "results/katz2022/magnetometer.nc",
    log:
        "results/logs/twomode/magnetometer.log",
    benchmark:
        "results/benchmarks/twomode/magnetometer.tsv"
    group:
        "twomode"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.6 s, 160 MB
        mem_mb=800,
        runtime=2,
    params:
        cfg=lambda wc: config_keys("katz2022.twomode.magnetometer"),
    script:
        "../../scripts/twomode_magnetometer.py"
