"""Snakemake script: Katz Fig. 6, magnetometer projection-noise limits (normalized) -> NetCDF."""

from spinbridge import store, twomode_variance_datasets
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        ds = twomode_variance_datasets.magnetometer_dataset(
            T_min=p["T_min"],
            T_max=p["T_max"],
            n_times=p["n_times"],
            J_over_Delta=p["J_over_Delta"],
            squeezing_db=p["squeezing_db"],
        )
        log.info(
            "dB_init = dB_F at gamma_B T = %.4g; (G17)/(G14) over Eq. (43) at T_max: %.4g",
            float(ds.crossover_time),
            float(ds.eq43_ratio_long),
        )
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["katz2022"], figure="Fig. 6", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
