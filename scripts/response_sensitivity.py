"""Snakemake script: Jiang Fig. 4, normal and pseudo-magnetic field sensitivity -> NetCDF."""

from spinbridge import amplification_datasets, response_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        cell = store.read(snakemake.input.cell, expect={"cell": p["cell"]})
        ds = amplification_datasets.sensitivity_dataset(
            response_datasets.cell_inputs(cell),
            bias_field_mG=p["bias_field_mG"],
            probe=p["probe_axis"],
            inhomogeneity=p["field_inhomogeneity"],
            **p["sensitivity"],
        )
        log.info(
            "sensitivity [fT/Hz^1/2] at eps = 0: %s; at eps = -q: %s",
            ds.sensitivity_at_amplification.values.round(3),
            ds.sensitivity_at_deamplification.values.round(1),
        )
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["jiang2025"], figure="Fig. 4", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
