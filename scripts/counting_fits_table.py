"""Snakemake script: every power-law fit of Masson Figs. 3-4 (after Eqs. (9), (13)) -> CSV table."""

from spinbridge import counting_datasets, store, tables
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        table = counting_datasets.fits_table(
            store.read(snakemake.input.qfi_scaling), store.read(snakemake.input.qfi_efficiency)
        )
        paths = tables.write_table(table, snakemake.output.csv)
        log.info(
            "%d fits (%d in the claim window) -> %s", len(table), table.claim_window.sum(), paths
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
