"""Snakemake script: Sundar Fig. 2, Eqs. (4)-(6), Ramsey protocols on the exact state -> NetCDF."""

import numpy as np

from spinbridge import pair_sensitivity_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        r = p["ramsey"]
        phi = np.linspace(-r["phi_max_rad"], r["phi_max_rad"], r["n_phases"])
        ds = pair_sensitivity_datasets.ramsey_dataset(r["n_atoms"], r["nchi_t"], phi, p["pumps"])
        log.info(
            "amplitude / (N/2) = %s; N (Delta phi)^2 at phi = 0: %s; dynamic range %s",
            ds.amplitude_over_half_N.values[0],
            ds.N_dphi2_at_phi0.values[0],
            ds.dynamic_range.values[0],
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["sundar2023"],
            figure="Fig. 2, Eqs. (4)-(6)",
            params=p,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
