"""Snakemake script: average QFI for finite efficiency, fits, and p(n) (Masson Fig. 4, Eq. (13))."""

import xarray as xr

from spinbridge import counting_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        avg = counting_datasets.combine_sweep_chunks(
            [store.read(f) for f in snakemake.input.chunks]
        )
        fits = counting_datasets.power_law_fits(
            avg["average_qfi"], p["fit_windows"], p["claim_window"]
        )
        counts = counting_datasets.count_distribution_dataset(
            p["count_n_atoms"], p["count_efficiencies"]
        )
        ds = xr.merge([avg, fits, counts], combine_attrs="override")
        ds.attrs = {"title": "Masson Fig. 4: average QFI for finite detection efficiency"}
        ds.attrs.update(fits.attrs)
        ds.attrs.update(counts.attrs)
        for eta in ds.efficiency.values:
            f = ds.sel(efficiency=eta, parity="all")
            log.info(
                "eta = %g, window %s: F = %.3f N^%.4f",
                eta,
                fits.attrs["claim_window"],
                float(f.claim_prefactor),
                float(f.claim_exponent),
            )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["masson2021"],
            figure="Fig. 4, Eq. (13)",
            params=p,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
