"""Stage `claims`: the scorecard of every quantitative claim -> results/tables/claims.csv."""

register_stage("claims", ["results/tables/claims.csv"])


rule claims_scorecard:
    """Compare every registered claim with the reproduced value (status reproduced/deviates)."""
    input:
        unpack(claims_inputs),
        code=code("scripts/claims_scorecard.py"),
    output:
        "results/tables/claims.csv",
    log:
        "results/logs/claims/scorecard.log",
    benchmark:
        "results/benchmarks/claims/scorecard.tsv"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 2.3 s, 108 MB
        mem_mb=700,
        runtime=2,
    script:
        "../../scripts/claims_scorecard.py"
