"""Snakemake script: one Fig. 2 panel of katz2022 (stochastic collisions) -> NetCDF.

Reads ``params.cfg`` (the panel's dict of ``katz2022.stochastic.panels``, schema defaults filled)
and ``wildcards.panel``; writes ``output[0]``.
"""

from spinbridge import collision_fits, collisions, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        cfg = dict(snakemake.params.cfg)
        panel = snakemake.wildcards.panel
        ds = collision_fits.panel_summary(collisions.simulate(**cfg))
        ds.attrs["title"] = f"Katz 2022 Fig. 2({panel}): stochastic collision simulation"
        ds.attrs["panel"] = panel
        summary = {k: float(ds[k]) for k in ds.data_vars if ds[k].ndim == 0}
        log.info("Fig. 2(%s): %d records, %s", panel, ds.sizes["t"], summary)
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["katz2022"],
            figure=f"Fig. 2({panel})",
            params=cfg,
            seed=cfg["seed"],
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
