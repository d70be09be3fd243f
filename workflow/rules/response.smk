"""Stage `response`: Jiang 2025, the coupled alkali / noble-gas response (Eqs. 1-5), Figs. 1-4.

Gamma_a, Gamma_b, J, lambda M_z^b and lambda M_z^a come from the cell jiang2025.cell (the cells
stage); bias fields, drives, grids, the AC field and the noise floor from config jiang2025. One
job per dataset; the strong-coupling sweep also reads the cells of jiang2025.strong_coupling.
"""

# the keys of jiang2025 that every rule at the operating point reads (with its own section)
OPERATING_POINT = ["cell", "bias_field_mG", "probe_axis", "field_inhomogeneity"]

register_stage(
    "response",
    [
        "results/jiang2025/response.nc",
        "results/jiang2025/dressed_rates.nc",
        "results/jiang2025/fano_profiles.nc",
        "results/jiang2025/sensitivity.nc",
        "results/jiang2025/strong_coupling.nc",
    ],
)


rule response_spectra:
    """Jiang Figs. 1B-D and 3B-C: alkali alone, noble gas alone, coupled; x/y drives vs B_z."""
    input:
        cell=lambda wc: f"results/cells/{config['jiang2025']['cell']}.nc",
        code=code("scripts/response_spectra.py"),
    output:
        "results/jiang2025/response.nc",
    log:
        "results/logs/response/spectra.log",
    benchmark:
        "results/benchmarks/response/spectra.tsv"
    group:
        "response"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        cfg=lambda wc: canonical(
            {
                **config_keys("jiang2025", [*OPERATING_POINT, "drive_axis"]),
                "response": config_keys("jiang2025.response"),
            }
        ),
    script:
        "../../scripts/response_spectra.py"


rule response_dressed_rates:
    """Jiang Fig. 3A, Eq. (4): dressed 129Xe rate vs B_z with and without the field gradient."""
    input:
        cell=lambda wc: f"results/cells/{config['jiang2025']['cell']}.nc",
        code=code("scripts/response_dressed_rates.py"),
    output:
        "results/jiang2025/dressed_rates.nc",
    log:
        "results/logs/response/dressed_rates.log",
    benchmark:
        "results/benchmarks/response/dressed_rates.tsv"
    group:
        "response"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        cfg=lambda wc: canonical(
            {
                **config_keys("jiang2025", ["cell", "field_inhomogeneity"]),
                "dressed_rates": config_keys("jiang2025.dressed_rates"),
            }
        ),
    script:
        "../../scripts/response_dressed_rates.py"


rule response_fano_profiles:
    """Jiang Fig. 2, Eqs. (2)-(3): profiles for several q (AC z field), each fitted."""
    input:
        cell=lambda wc: f"results/cells/{config['jiang2025']['cell']}.nc",
        code=code("scripts/response_fano_profiles.py"),
    output:
        "results/jiang2025/fano_profiles.nc",
    log:
        "results/logs/response/fano_profiles.log",
    benchmark:
        "results/benchmarks/response/fano_profiles.tsv"
    group:
        "response"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        cfg=lambda wc: canonical(
            {
                **config_keys("jiang2025", OPERATING_POINT),
                "fano_profiles": config_keys("jiang2025.fano_profiles"),
            }
        ),
    script:
        "../../scripts/response_fano_profiles.py"


rule response_sensitivity:
    """Jiang Fig. 4: sensitivity to a normal and to a pseudo-magnetic field on 129Xe."""
    input:
        cell=lambda wc: f"results/cells/{config['jiang2025']['cell']}.nc",
        code=code("scripts/response_sensitivity.py"),
    output:
        "results/jiang2025/sensitivity.nc",
    log:
        "results/logs/response/sensitivity.log",
    benchmark:
        "results/benchmarks/response/sensitivity.tsv"
    group:
        "response"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        cfg=lambda wc: canonical(
            {
                **config_keys("jiang2025", OPERATING_POINT),
                "sensitivity": config_keys("jiang2025.sensitivity"),
            }
        ),
    script:
        "../../scripts/response_sensitivity.py"


rule response_strong_coupling:
    """Jiang Eq. (5) and the K-3He outlook: Gamma~_b and |q| vs J/beta at delta = 0."""
    input:
        cells=lambda wc: [
            f"results/cells/{name}.nc" for name in config["jiang2025"]["strong_coupling"]["cells"]
        ],
        code=code("scripts/response_strong_coupling.py"),
    output:
        "results/jiang2025/strong_coupling.nc",
    log:
        "results/logs/response/strong_coupling.log",
    benchmark:
        "results/benchmarks/response/strong_coupling.tsv"
    group:
        "response"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        cfg=lambda wc: {"strong_coupling": config_keys("jiang2025.strong_coupling")},
    script:
        "../../scripts/response_strong_coupling.py"
