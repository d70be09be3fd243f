"""Snakemake script: Sundar Fig. 1(d), the exact pair chain of Eq. (1) for one N -> NetCDF."""

import numpy as np

from spinbridge import pair_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        times = np.linspace(0.0, p["times"]["nchi_t_max"], p["times"]["n_times"])
        ds = pair_datasets.exact_dataset(
            p["N"],
            times,
            p["pumps"],
            departure_rel_dev=p["departure_rel_dev"],
            early_nchi_t=p["early_nchi_t"],
        )
        log.info(
            "N = %d: xi2_min sqrt(N) = %.4f at nbar/sqrt(N) = %.3f; UPA departure at "
            "nbar/sqrt(N) = %.3f",
            p["N"],
            float(ds.xi2_min_sqrtN),
            float(ds.nbar_at_min_over_sqrtN),
            float(ds.departure_nbar_over_sqrtN),
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["sundar2023"],
            figure="Fig. 1(d)",
            params=p,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
