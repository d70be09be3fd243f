"""Snakemake script: Sundar Fig. 3(a), sqrt(N) Delta phi versus time for a group of detunings."""

from spinbridge import pair_decoherence_scans, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        p = dict(snakemake.params.cfg)
        ds = pair_decoherence_scans.decoherence_sensitivity(
            p["N"],
            p["C"],
            p["delta_over_sqrtN_kappa"],
            n_traj=p["n_traj"],
            seed=p["seed"],
            pumps=p["pumps"],
            step=p["step"],
        )
        log.info(
            "x = %s: best sqrt(N) Delta phi %s",
            p["delta_over_sqrtN_kappa"],
            ds.sqrtN_dphi.min("nchi_t").values,
        )
        store.write(
            ds,
            snakemake.output[0],
            paper=store.PAPERS["sundar2023"],
            figure="Fig. 3(a)",
            params=p,
            seed=p["seed"],
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
