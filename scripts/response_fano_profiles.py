"""Snakemake script: Jiang Fig. 2, Fano profiles for several q, each fitted -> NetCDF."""

from spinbridge import amplification_datasets, response_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        cell = store.read(snakemake.input.cell, expect={"cell": p["cell"]})
        ds = amplification_datasets.fano_profiles_dataset(
            response_datasets.cell_inputs(cell),
            bias_field_mG=p["bias_field_mG"],
            probe=p["probe_axis"],
            inhomogeneity=p["field_inhomogeneity"],
            **p["fano_profiles"],
        )
        log.info(
            "fitted q %s; Eq. (3) %s; shift per unit q %s Hz",
            ds.q_fit.values.round(1),
            ds.q_eq3.values.round(1),
            ds.shift_per_q.values,
        )
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["jiang2025"], figure="Fig. 2", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
