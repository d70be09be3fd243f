"""Snakemake script: Katz Fig. 1(d), diffusion modes of the cells and their overlaps -> NetCDF."""

from spinbridge import multimode_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        cells = {
            p[key]: store.read(snakemake.input[key], expect={"cell": p[key]})
            for key in ("cell", "comparison_cell")
        }
        ds = multimode_datasets.diffusion_modes_dataset(
            cells,
            n_modes=p["n_modes"],
            alkali_boundary=p["alkali_boundary"],
            noble_boundary=p["noble_boundary"],
            profile_modes=p["profile_modes"],
            profile_points=p["profile_points"],
        )
        log.info(
            "modes slower than J (alkali, noble): %s, %s; last noble rate / J %s",
            ds.n_alkali_modes_slower_than_J.values,
            ds.n_noble_modes_slower_than_J.values,
            ds.noble_last_rate_over_J.values,
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["katz2022"],
            figure="Fig. 1(d), Sec. VII.B, App. E",
            params=p,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
