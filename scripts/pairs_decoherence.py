"""Snakemake script: Sundar Fig. 3 and Eq. (7): detuning groups and per-N scans merged, with the
experimental estimates that follow Eq. (7) -> NetCDF.

Reads ``input.detunings`` (Fig. 3(a) groups) and ``input.scans`` (Fig. 3(b), one file per N);
params: config sundar2023.experiment.
"""

from spinbridge import pair_sensitivity_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        paper = store.PAPERS["sundar2023"]
        detunings = [store.read(f, expect={"paper": paper}) for f in snakemake.input.detunings]
        scans = [store.read(f, expect={"paper": paper}) for f in snakemake.input.scans]
        p = dict(snakemake.params.cfg)
        e = p["experiment"]
        experiment = pair_sensitivity_datasets.experiment_dataset(
            e["n_atoms"],
            e["collective_cooperativities"],
            kappa_hz=e["kappa_hz"],
            g_hz=e["g_hz"],
            gamma_hz=e["gamma_hz"],
        )
        ds = pair_sensitivity_datasets.decoherence_dataset(detunings, scans, experiment)
        log.info(
            "best N^(3/4) Delta phi / Eq. (7) = %s at detuning / Eq. (7)'s = %s; N C from "
            "kappa, g, gamma = %.4g",
            ds.opt_N34_ratio_to_eq7.values,
            ds.opt_delta_ratio_to_eq7.values,
            float(ds.NC_from_parameters),
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=paper,
            figure="Fig. 3, Eq. (7)",
            params=p,
            seed=ds.attrs["seed"],
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
