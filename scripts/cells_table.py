"""Snakemake script: every cell's parameters -> results/tables/cell_parameters.{csv,tex}.

Reads ``input`` entries named ``cell_<name>`` (results/cells/<name>.nc, one per configured cell,
in config order); writes ``output.csv`` and ``output.tex`` atomically. No params.
"""

from spinbridge import cells, store, tables
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        named = {
            key.removeprefix("cell_"): path
            for key, path in snakemake.input.items()
            if key.startswith("cell_")
        }
        datasets = {name: store.read(path, expect={"cell": name}) for name, path in named.items()}
        table = cells.parameter_table(datasets)
        species = ", ".join(
            f"{name}: {ds.attrs['alkali']}-{ds.attrs['noble']}" for name, ds in datasets.items()
        )
        tables.write_table(
            table,
            snakemake.output.csv,
            snakemake.output.tex,
            caption=(
                "Cell parameters (inputs) and derived quantities, Katz et al. (2022) Sec. VII.A"
                f" ({species})"
            ),
            label="tab:cell_parameters",
        )
        log.info("cell table: %d rows x %d cells (%s)", len(table), len(datasets), species)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
