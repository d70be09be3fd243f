"""Snakemake script: average QFI for one chunk of N at one efficiency (Masson Eqs. (9), (12))."""

from spinbridge import counting_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        n_atoms = range(int(p["n_min"]), int(p["n_max"]) + 1)
        ds = counting_datasets.average_qfi_dataset(n_atoms, [p["efficiency"]])
        ds.attrs["title"] = (
            f"Masson average QFI, eta = {p['efficiency']}, N = {p['n_min']}..{p['n_max']}"
        )
        log.info("eta = %g, N = %d..%d done", p["efficiency"], p["n_min"], p["n_max"])
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["masson2021"], figure="Figs. 3-4", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
