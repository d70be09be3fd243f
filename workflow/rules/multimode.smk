"""Stage `multimode`: Katz 2022 Sec. IV.D, VII.B, App. E, the coupled diffusion modes (Eq. 27).

Fig. 1(d) (the modes and their overlaps), Fig. 7 (a) Fock-state and (b) squeezing exchange with
the two-mode curves, for the configured cell and a comparison cell, and the truncation check (one
job per mode count, merged). The storage step reuses katz2022.twomode.storage_field_over_resonance.
On a cluster the mode counts go out in batches (group `multimode_counts`, batch size:
group-components in workflow/profiles/slurm) and the other rules as one job (group `multimode`).
"""

_MM = config["katz2022"]["multimode"]
for _key in ("cell", "comparison_cell"):
    if _MM[_key] not in config["cells"]:
        raise ValueError(
            f"katz2022.multimode.{_key} = {_MM[_key]!r}: not a cell; choose one of "
            f"{sorted(config['cells'])}"
        )
if _MM["n_modes"] not in sorted(_MM["convergence_mode_counts"])[:-1]:
    raise ValueError(
        f"katz2022.multimode.n_modes = {_MM['n_modes']} must be one of "
        f"katz2022.multimode.convergence_mode_counts below the largest, "
        f"{sorted(_MM['convergence_mode_counts'])[:-1]} (the truncation check compares it)"
    )
_MM_CELLS = {
    "cell": f"results/cells/{_MM['cell']}.nc",
    "comparison_cell": f"results/cells/{_MM['comparison_cell']}.nc",
}
_MM_FIG7_KEYS = [
    "alkali_boundary",
    "cell",
    "comparison_cell",
    "n_modes",
    "n_times",
    "noble_boundary",
    "stated_occupations",
    "t_max_over_transfer_time",
]


register_stage(
    "multimode",
    [
        "results/katz2022/diffusion_modes.nc",
        "results/katz2022/multimode_fock.nc",
        "results/katz2022/multimode_squeezed.nc",
        "results/katz2022/multimode_convergence.nc",
    ],
)


rule multimode_diffusion_modes:
    """Katz Fig. 1(d), Sec. VII.B, App. E: diffusion modes, rates, overlaps c_mn of the cells."""
    input:
        **_MM_CELLS,
        code=code("scripts/multimode_diffusion_modes.py"),
    output:
        "results/katz2022/diffusion_modes.nc",
    log:
        "results/logs/multimode/diffusion_modes.log",
    benchmark:
        "results/benchmarks/multimode/diffusion_modes.tsv"
    group:
        "multimode"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 200 modes per species, two cells: 1.4 s, 159 MB
        mem_mb=800,
        runtime=2,
    params:
        cfg=lambda wc: config_keys(
            "katz2022.multimode",
            [
                "alkali_boundary",
                "cell",
                "comparison_cell",
                "n_modes",
                "noble_boundary",
                "profile_modes",
                "profile_points",
            ],
        ),
    script:
        "../../scripts/multimode_diffusion_modes.py"


rule multimode_fock:
    """Katz Fig. 7(a): m excitations into the noble-gas uniform mode, Eq. (27) and two-mode."""
    input:
        **_MM_CELLS,
        code=code("scripts/multimode_fock.py"),
    output:
        "results/katz2022/multimode_fock.nc",
    log:
        "results/logs/multimode/fock.log",
    benchmark:
        "results/benchmarks/multimode/fock.tsv"
    group:
        "multimode"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 200 modes per species, two cells: 9.3 s, 230 MB
        mem_mb=900,
        runtime=2,
    params:
        cfg=lambda wc: config_keys("katz2022.multimode", ["excitations", *_MM_FIG7_KEYS]),
        storage=lambda wc: config_keys("katz2022.twomode", ["storage_field_over_resonance"]),
    script:
        "../../scripts/multimode_fock.py"


rule multimode_squeezed:
    """Katz Fig. 7(b): exchange of a squeezed alkali uniform mode, Eq. (27) and two-mode."""
    input:
        **_MM_CELLS,
        code=code("scripts/multimode_squeezed.py"),
    output:
        "results/katz2022/multimode_squeezed.nc",
    log:
        "results/logs/multimode/squeezed.log",
    benchmark:
        "results/benchmarks/multimode/squeezed.tsv"
    group:
        "multimode"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 200 modes per species, two cells: 7.5 s, 228 MB
        mem_mb=900,
        runtime=2,
    params:
        cfg=lambda wc: config_keys("katz2022.multimode", ["squeezing_db", *_MM_FIG7_KEYS]),
        storage=lambda wc: config_keys("katz2022.twomode", ["storage_field_over_resonance"]),
    script:
        "../../scripts/multimode_squeezed.py"


rule multimode_convergence_count:
    """Katz Sec. VII.B: the Fig. 7 fidelity and squeezing at T_pi with {n_modes} modes per species."""
    input:
        cell=_MM_CELLS["cell"],
        code=code("scripts/multimode_convergence_count.py"),
    output:
        "results/katz2022/multimode_convergence/n{n_modes}.nc",
    log:
        "results/logs/multimode/convergence_count_{n_modes}.log",
    benchmark:
        "results/benchmarks/multimode/convergence_count_{n_modes}.tsv"
    wildcard_constraints:
        n_modes="[0-9]+",
    group:
        "multimode_counts"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 3.9-5 s and 183-190 MB at 200 modes, 16-47 s and 305-400 MB at 400: peak RSS
        # ~ (150 + N^2/640) MB, time ~ 47 s (N/400)^3 (O(N^3) eigensystems); so 2 x RSS + 400 MB
        # and 2 x time + 1 min, in whole minutes
        mem_mb=lambda wc: 700 + int(wc.n_modes) ** 2 // 300,
        runtime=lambda wc: 2 + int(wc.n_modes) ** 3 // 40_000_000,
    params:
        cfg=lambda wc: config_keys(
            "katz2022.multimode",
            [
                "alkali_boundary",
                "cell",
                "excitations",
                "noble_boundary",
                "squeezing_db",
                "stated_occupations",
            ],
        ),
    script:
        "../../scripts/multimode_convergence_count.py"


rule multimode_convergence:
    """Katz Sec. VII.B: the truncation check over the mode counts, relative to the largest."""
    input:
        parts=expand(
            "results/katz2022/multimode_convergence/n{n_modes}.nc",
            n_modes=_MM["convergence_mode_counts"],
        ),
        code=code("scripts/multimode_convergence.py"),
    output:
        "results/katz2022/multimode_convergence.nc",
    log:
        "results/logs/multimode/convergence.log",
    benchmark:
        "results/benchmarks/multimode/convergence.tsv"
    group:
        "multimode"
    conda:
        "../../envs/spinbridge.yaml"
    threads: 1
    resources:
        # measured: 1.6 s, 161 MB
        mem_mb=800,
        runtime=2,
    params:
        cfg=lambda wc: config_keys("katz2022.multimode", ["convergence_mode_counts", "n_modes"]),
    script:
        "../../scripts/multimode_convergence.py"
