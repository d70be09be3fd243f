"""Snakemake script: Sundar Fig. 1(d), truncated Wigner with 4 and with 20 levels for one N."""

import numpy as np

from spinbridge import pair_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        times = np.linspace(0.0, p["times"]["nchi_t_max"], p["times"]["n_times"])
        ds = pair_datasets.levels_dataset(
            p["N"], times, n_traj=p["n_traj"], seed=p["seed"], pumps=p["pumps"], step=p["step"]
        )
        log.info(
            "N = %d: xi2_min sqrt(N) (4, 20 levels) = %s; relative change %.4f",
            p["N"],
            ds.xi2_min_sqrtN.values,
            float(ds.xi2_min_rel_change),
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["sundar2023"],
            figure="Fig. 1(d), 4 and 20 levels",
            params=p,
            seed=p["seed"],
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
