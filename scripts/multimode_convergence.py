"""Snakemake script: Katz Sec. VII.B truncation check, the mode counts merged -> NetCDF."""

from spinbridge import multimode_variance_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        parts = [store.read(path) for path in snakemake.input.parts]
        ds = multimode_variance_datasets.merge_convergence(parts, p["n_modes"])
        log.info(
            "relative change of the fidelity vs %d modes: %s",
            ds.attrs["reference_n_modes"],
            ds.relative_change_fidelity.values,
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["katz2022"],
            figure="Sec. VII.B (truncation)",
            params=p,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
