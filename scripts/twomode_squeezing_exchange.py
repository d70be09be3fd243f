"""Snakemake script: Katz Fig. 4(b), exchange of a squeezed alkali state -> NetCDF."""

from spinbridge import store, twomode_datasets, twomode_variance_datasets
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        cell = store.read(snakemake.input.cell, expect={"cell": "K-3He"})
        s = p["squeezing_exchange"]
        ds = twomode_variance_datasets.squeezing_exchange_dataset(
            float(cell["gamma"]),
            s["J_over_gamma"],
            s["squeezing_db"],
            s["polarizations"],
            t_max_over_transfer_time=s["t_max_over_transfer_time"],
            n_times=s["n_times"],
            storage_delta_s=twomode_datasets.detuning_at_field(
                float(cell["Delta_c"]), p["storage_field_over_resonance"]
            ),
        )
        log.info(
            "initial <dP_B^2> %s dB; <dP_B^2>(T_pi) %s dB",
            ds.initial_variance_P_B_db.values,
            ds.transfer_variance_P_B_db.values,
        )
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["katz2022"], figure="Fig. 4(b)", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
