"""Snakemake script: Monte Carlo sample-mean QFI vs number of pulses (Masson Fig. 6) -> NetCDF."""

from spinbridge import sequence_datasets, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        ds = sequence_datasets.sampled_qfi_dataset(
            n_atoms=p["n_atoms"],
            n_states=p["n_states"],
            efficiencies=p["efficiencies"],
            n_pulses=p["n_pulses"],
            seed=p["seed"],
        )
        log.info("final sample mean / ideal: %s", ds.final_ratio.values)
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["masson2021"],
            figure="Fig. 6",
            params=p,
            seed=p["seed"],
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
