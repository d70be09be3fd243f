"""Snakemake script: Jiang Fig. 3A, dressed 129Xe decoherence vs bias field -> NetCDF."""

from spinbridge import response_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        cell = store.read(snakemake.input.cell, expect={"cell": p["cell"]})
        ds = response_datasets.dressed_rates_dataset(
            response_datasets.cell_inputs(cell),
            inhomogeneity=p["field_inhomogeneity"],
            **p["dressed_rates"],
        )
        log.info(
            "max Gamma~_b = [%.4g s]^-1 at %.4g mG; minima [%s s]^-1 at %s mG",
            float(ds.max_time),
            float(ds.max_rate_field),
            ds.min_time.values.round(1),
            ds.min_rate_field.values.round(2),
        )
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["jiang2025"], figure="Fig. 3A", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
