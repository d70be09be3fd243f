"""Snakemake script: one seed of one case of the katz2022 stochastic `rates` stage -> NetCDF.

Reads ``params.cfg`` (the case's dict of ``katz2022.stochastic.rates.cases``, schema defaults
filled), ``params.seed`` and ``wildcards.case``; writes ``output[0]``.
"""

from spinbridge import collision_fits, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        cfg = dict(snakemake.params.cfg)
        seed = int(snakemake.params.seed)
        ds = collision_fits.rates_member(**cfg, seed=seed)
        ds.attrs["case"] = snakemake.wildcards.case
        log.info("case %s seed %d: %s", snakemake.wildcards.case, seed, cfg)
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["katz2022"],
            figure="Sec. III.C (exchange and decay rates)",
            params={**cfg, "seed": seed},
            seed=seed,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
