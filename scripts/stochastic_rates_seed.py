"""Snakemake script: one seed of one case of the katz2022 stochastic `rates` stage -> NetCDF."""

from spinbridge import collisions, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        seed = int(snakemake.params.seed)
        kw = {k: p[k] for k in ("n_steps_noble", "record_every_noble") if k in p}
        ds = collisions.rates_member(
            p["kind"],
            p["n_alkali"],
            p["n_noble"],
            p["phi_mean"],
            p["phi_std"],
            p["n_steps"],
            p["record_every"],
            resonance=p.get("resonance", "exact"),
            detuning=p.get("detuning", 0.0),
            seed=seed,
            **kw,
        )
        ds.attrs["case"] = snakemake.wildcards.case
        log.info("case %s seed %d: %s", snakemake.wildcards.case, seed, p)
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["katz2022"],
            figure="Sec. III.C (exchange and decay rates)",
            params={**p, "seed": seed},
            seed=seed,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
