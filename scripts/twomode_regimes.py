"""Snakemake script: Katz Fig. 3, coherent-state exchange in three coupling regimes -> NetCDF."""

from spinbridge import store, twomode_datasets
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        cell = store.read(snakemake.input.cell, expect={"cell": "K-3He"})
        storage = twomode_datasets.detuning_at_field(
            float(cell["Delta_c"]), p["storage_field_over_resonance"]
        )
        r = p["regimes"]
        ds = twomode_datasets.regimes_dataset(
            float(cell["gamma"]),
            r["panels"],
            n_excitations=r["n_excitations"],
            n_times=r["n_times"],
            storage_delta_s=storage,
        )
        log.info(
            "gamma = %.4g s^-1; alkali decay / gamma %s; stored fraction %s",
            float(ds.gamma),
            ds.alkali_decay_rate.values,
            ds.stored_fraction.values,
        )
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["katz2022"], figure="Fig. 3", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
