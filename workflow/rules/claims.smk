"""Stage `claims`: the scorecard of every quantitative claim -> results/tables/claims.csv."""

CLAIMS_TARGETS = ["results/tables/claims.csv"]


rule claims:
    """Compare every registered claim with the reproduced value (status reproduced/deviates/pending)."""
    input:
        unpack(claims_inputs),
    output:
        "results/tables/claims.csv",
    log:
        "results/logs/claims.log",
    benchmark:
        "results/benchmarks/claims.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../../scripts/claims.py"
