"""Snakemake script: one cell of config.yaml -> results/cells/{cell}.nc (Katz Sec. V, VII.A)."""

from spinbridge import cells, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        cfg = dict(snakemake.params.cfg)
        ds = cells.cell_parameters(**cfg)
        ds.attrs["title"] = f"Cell parameters of {snakemake.wildcards.cell}"
        ds.attrs["cell"] = snakemake.wildcards.cell
        log.info(
            "%s: q = %.4f, J = %.4g s^-1, gamma = %.4g s^-1, B_res = %.4g mG",
            snakemake.wildcards.cell,
            float(ds.q),
            float(ds.J),
            float(ds.gamma),
            float(ds.B_resonance),
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["katz2022"],
            figure="Sec. VII.A (cell parameters)",
            params=cfg,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
