"""Snakemake script: |c_S|^2 of |m_F=0>^N, tail, peak (Masson Fig. 2, Eqs. (7)-(8)) -> NetCDF."""

from spinbridge import counting_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        ds = counting_datasets.population_dataset(
            n_atoms=p["n_atoms"],
            spin_cut=p["tail_spin_cut"],
            scan_n_atoms=p["scan_n_atoms"],
            check_n_atoms=p["check_n_atoms"],
        )
        log.info(
            "N = %d: tail(S > %d) = %.4g, peak S = %d, norm error = %.2g",
            p["n_atoms"],
            p["tail_spin_cut"],
            float(ds.tail_population),
            int(ds.peak_spin),
            float(ds.norm_error),
        )
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["masson2021"], figure="Fig. 2", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
