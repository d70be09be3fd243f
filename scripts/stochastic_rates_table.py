"""Snakemake script: results/katz2022/stochastic_rates.nc -> the rates table as CSV.

Reads ``input[0]`` (the fitted rates of every case); writes ``output[0]``
(results/tables/katz2022_stochastic_rates.csv) atomically. No params.
"""

from spinbridge import collision_fits, store, tables
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        table = collision_fits.rates_table(store.read(snakemake.input[0]))
        tables.write_table(table, snakemake.output[0])
        log.info("rates table: %d cases, columns %s", len(table), list(table.columns))


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
