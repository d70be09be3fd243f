"""Snakemake script: Jiang Eq. (5), noble-gas rate and amplification vs J/beta -> NetCDF."""

from spinbridge import response_datasets, store, strong_coupling_datasets
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        names = p["strong_coupling"]["cells"]
        cells = {
            name: response_datasets.cell_inputs(store.read(path, expect={"cell": name}))
            for name, path in zip(names, snakemake.input.cells, strict=True)
        }
        settings = {k: v for k, v in p["strong_coupling"].items() if k != "cells"}
        ds = strong_coupling_datasets.strong_coupling_dataset(cells, **settings)
        log.info(
            "cells %s: J/beta %s, Gamma~_b/2pi %s Hz, exact peak %s, paper's |q| %s",
            names,
            ds.cell_J_over_beta.values,
            ds.cell_noble_linewidth.values,
            ds.cell_amplification.values.round(1),
            ds.cell_q_strong.values.round(1),
        )
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["jiang2025"], figure="Eq. (5)", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
