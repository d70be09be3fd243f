"""Snakemake script: Sundar Fig. 1(d), the exact pair chain, per-N files merged over N.

Reads ``input.parts`` (one file per N, each with its ``N`` attr); the claims cite the numbers at
the largest N through the ``*_largest`` variables.
"""

from spinbridge import pair_datasets, store
from spinbridge.runtime import log_to

LARGEST = (
    "xi2_min_sqrtN",
    "nbar_at_min_over_sqrtN",
    "dphi2_min_N32",
    "nbar_at_dphi2_min_over_sqrtN",
    "nbar_over_upa_early",
    "early_nchi_t",
)


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        paper = store.PAPERS["sundar2023"]
        parts = [store.read(path, expect={"paper": paper}) for path in snakemake.input.parts]
        ds = pair_datasets.merge_atoms(parts, LARGEST)
        log.info("N = %s: xi2_min sqrt(N) = %s", ds.N.values, ds.xi2_min_sqrtN.values)
        if "xi2_min_exponent" in ds:
            log.info("xi2_min ~ N^b: b = %s", ds.xi2_min_exponent.values)
        p = dict(snakemake.params.cfg)
        seed = ds.attrs.get("seed")  # the parts' seed (-1: not random)
        store.write(ds, snakemake.output[0], paper=paper, figure="Fig. 1(d)", params=p, seed=seed)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
