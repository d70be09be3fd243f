"""Snakemake script: Katz Fig. 5, squeezing transferred at T_pi, Eq. (38) and exact -> NetCDF."""

from spinbridge import store, twomode_variance_datasets
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        cell = store.read(snakemake.input.cell, expect={"cell": "K-3He"})
        ds = twomode_variance_datasets.squeezing_transfer_dataset(
            float(cell["gamma"]),
            p["J_over_gamma"],
            max_squeezing_db=p["max_squeezing_db"],
            n_squeezing=p["n_squeezing"],
            solver_squeezing_db=p["solver_squeezing_db"],
            limit_squeezing_db=p["limit_squeezing_db"],
        )
        worst = float(ds.eq38_over_exact_variance.max())
        log.info("largest Eq. (38) / exact variance: %.4g", worst)
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["katz2022"], figure="Fig. 5", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
