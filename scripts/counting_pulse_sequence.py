"""Snakemake script: posterior over S along a TC/anti-TC sequence (Masson Fig. 5) -> NetCDF."""

from spinbridge import sequence_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        ds = sequence_datasets.simulate_pulse_sequence(
            n_atoms=p["n_atoms"],
            spin_true=p["spin_true"],
            efficiency=p["efficiency"],
            n_pulses=p["n_pulses"],
            seed=p["seed"],
        )
        ds.attrs["title"] = "Masson Fig. 5: posterior over S along a pulse sequence"
        log.info("counts %s, posterior means %s", ds.counts.values, ds.posterior_mean.values)
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["masson2021"],
            figure="Fig. 5",
            params=p,
            seed=p["seed"],
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
