"""Snakemake script: Sundar Fig. 1(d) dashed lines and Eqs. (3), (5), (6) in the UPA -> NetCDF."""

import numpy as np

from spinbridge import pair_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        times = np.linspace(0.0, p["times"]["nchi_t_max"], p["times"]["n_times"])
        ds = pair_datasets.upa_dataset(p["upa"]["n_atoms"], times, p["upa"]["phases_rad"])
        log.info(
            "Eq. (6) minimum: N^(3/2) (Delta phi)^2 = %s at nbar/sqrt(N) = %s",
            ds.eq6_opt_N32_dphi2.values,
            ds.eq6_opt_nbar_over_sqrtN.values,
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["sundar2023"],
            figure="Fig. 1(d), Eqs. (3), (5), (6)",
            params=p,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
