"""Stage `fits`: Fano fits (Jiang 2025, Eq. 2) of users' measured spectra.

One job per entry of config["jiang2025"]["user_data"] ({name, path, background}): the CSV file is
an input, so editing it reruns its fit. A malformed file stops the run before any job: the config
check reads every file with spinbridge.spectra and names its file, line and column.
"""

_USER_DATA = {e["name"]: e for e in config["jiang2025"]["user_data"]}  # defaults filled


register_stage(
    "fits",
    [
        *expand("results/fits/{name}.nc", name=list(_USER_DATA)),
        *expand("results/figures/fits/{name}.{ext}", name=list(_USER_DATA), ext=["pdf", "png"]),
    ],
)


rule fits_user_spectrum:
    """Jiang Eq. (2), Fig. 2(A): Fano fit of one measured spectrum (data, fit, residuals, figure)."""
    input:
        spectrum=lambda wc: _USER_DATA[wc.name]["path"],
        code=code("scripts/fits_user_spectrum.py"),
    output:
        data="results/fits/{name}.nc",
        png=report(
            "results/figures/fits/{name}.png",
            caption="../report/fits_user_spectrum.rst",
            category="Fits of measured spectra",
            subcategory="Jiang 2025 Eq. (2)",
        ),
        pdf="results/figures/fits/{name}.pdf",
    log:
        "results/logs/fits/user_spectrum_{name}.log",
    benchmark:
        "results/benchmarks/fits/user_spectrum_{name}.tsv"
    wildcard_constraints:
        name="[A-Za-z0-9_-]+",
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        cfg=lambda wc: canonical(_USER_DATA[wc.name]),
    script:
        "../../scripts/fits_user_spectrum.py"
