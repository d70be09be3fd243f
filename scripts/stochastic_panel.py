"""Snakemake script: one Fig. 2 panel of katz2022 (stochastic collisions) -> NetCDF."""

from spinbridge import collisions, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        panel = snakemake.wildcards.panel
        ds = collisions.simulate(
            p["n_alkali"],
            p["n_noble"],
            p["phi_mean"],
            p["phi_std"],
            p["n_steps"],
            initial=p["initial"],
            record_every=p["record_every"],
            detuning=p.get("detuning", 0.0),
            resonance=p.get("resonance", "paper"),
            seed=p["seed"],
        )
        ds = collisions.panel_summary(ds)
        ds.attrs["title"] = f"Katz 2022 Fig. 2({panel}): stochastic collision simulation"
        ds.attrs["panel"] = panel
        summary = {k: float(ds[k]) for k in ds.data_vars if ds[k].ndim == 0}
        log.info("Fig. 2(%s): %d records, %s", panel, ds.sizes["t"], summary)
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["katz2022"],
            figure=f"Fig. 2({panel})",
            params=p,
            seed=p["seed"],
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
