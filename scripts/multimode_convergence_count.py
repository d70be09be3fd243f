"""Snakemake script: Katz Sec. VII.B truncation check, the Fig. 7 numbers at one mode count."""

from spinbridge import multimode_variance_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        count = int(snakemake.wildcards.n_modes)
        cell = store.read(snakemake.input.cell, expect={"cell": p["cell"]})
        ds = multimode_variance_datasets.multimode_convergence_dataset(
            cell,
            count,
            excitations=p["excitations"],
            squeezing_db=p["squeezing_db"],
            alkali_boundary=p["alkali_boundary"],
            noble_boundary=p["noble_boundary"],
            stated_occupations=p["stated_occupations"],
        )
        log.info(
            "%d modes: fidelity %s, squeezing %s dB at T_pi",
            count,
            ds.fidelity_at_T_pi.values,
            ds.transferred_squeezing_db.values,
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["katz2022"],
            figure="Sec. VII.B (truncation)",
            params={**p, "n_modes": count},
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
