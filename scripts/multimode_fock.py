"""Snakemake script: Katz Fig. 7(a), multimode Fock-state exchange -> NetCDF."""

from spinbridge import multimode_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        cells = {
            p[key]: store.read(snakemake.input[key], expect={"cell": p[key]})
            for key in ("cell", "comparison_cell")
        }
        ds = multimode_datasets.multimode_fock_dataset(
            cells,
            p["excitations"],
            n_modes=p["n_modes"],
            alkali_boundary=p["alkali_boundary"],
            noble_boundary=p["noble_boundary"],
            stated_occupations=p["stated_occupations"],
            t_max_over_transfer_time=p["t_max_over_transfer_time"],
            n_times=p["n_times"],
            storage_field_over_resonance=snakemake.params.storage["storage_field_over_resonance"],
        )
        log.info(
            "fidelity at T_pi (multimode, two-mode): %s, %s",
            ds.fidelity_at_T_pi.values,
            ds.two_mode_fidelity_at_T_pi.values,
        )
        params = {**p, **snakemake.params.storage}
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["katz2022"],
            figure="Fig. 7(a)",
            params=params,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
