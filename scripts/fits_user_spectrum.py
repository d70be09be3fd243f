"""Snakemake script: Jiang Eq. (2) Fano fit of one measured spectrum -> NetCDF and figure."""

import logging
import warnings

from spinbridge import fano, fano_fits, plotting, spectra, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        logging.getLogger("fontTools").setLevel(logging.WARNING)  # PDF font subsetting chatter
        p = dict(snakemake.params.cfg)
        spectrum = spectra.read_spectrum(snakemake.input.spectrum)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = fano.fit_fano(*spectrum, background=p["background"])
        for warning in caught:
            log.warning("%s: %s", p["name"], warning.message)
        log.info(
            "%s: %d points, q = %.6g +/- %.2g, nu_b = %.8g +/- %.2g Hz, Gamma_b = %.6g +/- %.2g "
            "s^-1, reduced chi^2 %.3g",
            p["name"],
            fit.n_points,
            fit.q,
            fit.q_err,
            fit.nu_b_hz,
            fit.nu_b_hz_err,
            fit.gamma_b_s,
            fit.gamma_b_s_err,
            fit.redchi,
        )
        ds = fano_fits.fit_dataset(*spectrum, fit, name=p["name"], source=p["path"])
        plotting.apply_style()
        fig = fano_fits.fit_figure(*spectrum, fit, title=f"{p['name']} ({p['path']})")
        plotting.save_figure(fig, snakemake.output.png)
        store.write(
            ds,
            snakemake.output.data,
            paper=store.PAPERS["jiang2025"],
            figure="Eq. (2), Fig. 2(A): Fano fit of a measured spectrum",
            params=p,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
