"""Snakemake script: the claims registry + reproduced NetCDF files -> results/tables/claims.csv."""

from pathlib import Path

from spinbridge import claims
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        entries = claims.load_registry(snakemake.input.registry)
        table = claims.evaluate(entries, root=Path.cwd())
        out = Path(snakemake.output[0])
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.tmp")
        table.to_csv(tmp, index=False, float_format="%.6g")
        tmp.replace(out)
        for row in table.itertuples():
            if row.status != "reproduced":
                log.info(
                    "%s %s: paper %s, reproduced %s",
                    row.status,
                    row.id,
                    row.paper_value,
                    row.reproduced,
                )
        log.info(claims.summary_line(table, out))


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
