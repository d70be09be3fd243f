"""Snakemake script: Katz Fig. 4(a), Fock-state exchange and Sec. VI.A numbers -> NetCDF."""

from spinbridge import store, twomode_datasets
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        cell = store.read(snakemake.input.cell, expect={"cell": "K-3He"})
        f = p["fock_exchange"]
        ds = twomode_datasets.fock_exchange_dataset(
            float(cell["gamma"]),
            f["J_over_gamma"],
            f["excitations"],
            f["claim_excitations"],
            t_max_over_transfer_time=f["t_max_over_transfer_time"],
            n_times=f["n_times"],
            storage_delta_s=twomode_datasets.detuning_at_field(
                float(cell["Delta_c"]), p["storage_field_over_resonance"]
            ),
        )
        log.info(
            "P(0_A m_B)(T_pi) exact / first order: %s; noise at T_pi exact / (F6) %.4f",
            ds.fock_transfer_ratio.values,
            float(ds.noise_excitation_ratio),
        )
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["katz2022"], figure="Fig. 4(a)", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
