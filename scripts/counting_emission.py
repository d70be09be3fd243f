"""Snakemake script: master-equation TC emission and t_pulse (Masson Eq. (2)) -> NetCDF."""

from spinbridge import sequence_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        ds = sequence_datasets.emission_dataset(
            spins=p["spins"],
            couplings=p["couplings"],
            trace_couplings=p["trace_couplings"],
            trace_t_max_kappa=p["trace_t_max_kappa"],
            trace_points=p["trace_points"],
            anti_tc_spins=p["anti_tc_spins"],
            g_MHz=p["g_MHz"],
            kappa_MHz=p["kappa_MHz"],
            gamma_MHz=p["gamma_MHz"],
            omega_over_delta=p["omega_over_delta"],
            n_atoms=p["n_atoms"],
        )
        log.info(
            "t_pulse = %.3g us, cascade time = %.3g us, sqrt(S) lambda / (kappa/2) = %.3g; "
            "photons / S (TC) worst %.8f, photons / 2S (anti-TC) worst %.8f",
            float(ds.t_pulse_us),
            float(ds.cascade_time_us),
            float(ds.coupling_ratio),
            float(ds.tc_photons_per_spin_worst),
            float(ds.anti_tc_photons_per_spin_worst),
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["masson2021"],
            figure="Eq. (2), timescale estimate",
            params=p,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
