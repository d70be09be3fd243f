"""Snakemake script: Jiang Figs. 1B-D and 3B-C, coupled Rb-129Xe response spectra -> NetCDF."""

from spinbridge import response_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        cell = store.read(snakemake.input.cell, expect={"cell": p["cell"]})
        ds = response_datasets.spectra_dataset(
            response_datasets.cell_inputs(cell),
            bias_field_mG=p["bias_field_mG"],
            drive=p["drive_axis"],
            probe=p["probe_axis"],
            inhomogeneity=p["field_inhomogeneity"],
            **p["response"],
        )
        log.info(
            "nu~_b = %.5f Hz, Gamma~_b = %.4g s^-1; q(x, y) at %s mG: %s",
            float(ds.dressed_noble_frequency),
            float(ds.dressed_noble_rate),
            ds.bias_field.values,
            ds.profile_q.values.round(1),
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["jiang2025"],
            figure="Figs. 1B-D, 3B-C",
            params=p,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
