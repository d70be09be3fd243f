"""Snakemake script: Sundar Fig. 3(b), best N^(3/4) Delta phi versus detuning for one N."""

import numpy as np

from spinbridge import pair_sensitivity_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        x = np.geomspace(
            p["delta_over_sqrtN_kappa_min"], p["delta_over_sqrtN_kappa_max"], p["n_detunings"]
        )
        ds = pair_sensitivity_datasets.scan_dataset(
            p["N"], p["C"], x, n_traj=p["n_traj"], seed=p["seed"], pumps=p["pumps"], step=p["step"]
        )
        log.info(
            "N = %d: best N^(3/4) Delta phi %.4f at x = %.4f; Eq. (7): %.4f at x = %.4f",
            p["N"],
            float(ds.opt_N34_dphi),
            float(ds.opt_delta_over_sqrtN_kappa),
            float(ds.eq7_N34_dphi),
            float(ds.eq7_delta_over_sqrtN_kappa),
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["sundar2023"],
            figure="Fig. 3(b)",
            params=p,
            seed=p["seed"],
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
