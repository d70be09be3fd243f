"""Snakemake script: merge ideal-detector QFI chunks, fit a N^b, add the N = 40 inset (Fig. 3)."""

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
        inset = counting_datasets.inset_dataset(p["inset_n_atoms"])
        ds = xr.merge([avg, fits, inset], combine_attrs="override")
        ds.attrs = {"title": "Masson Fig. 3: ideal-detector average QFI"}
        ds.attrs.update(fits.attrs)
        ds.attrs.update(inset.attrs)
        for parity in ("even", "odd"):
            f = ds.sel(efficiency=1.0, parity=parity)
            log.info(
                "%s N, window %s: F = %.3f N^%.4f",
                parity,
                fits.attrs["claim_window"],
                float(f.claim_prefactor),
                float(f.claim_exponent),
            )
        store.write(
            ds, snakemake.output[0], paper=store.PAPERS["masson2021"], figure="Fig. 3", params=p
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
