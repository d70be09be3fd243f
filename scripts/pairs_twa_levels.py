"""Snakemake script: Sundar Fig. 1(d), TWA with 4 and 20 levels, per-N files merged over N.

Reads ``input.parts`` (one file per N, each with its ``N`` attr); the claims cite the numbers at
the largest N through the ``*_largest`` variables.
"""

from spinbridge import pair_datasets, store
from spinbridge.runtime import log_to

LARGEST = ("xi2_min_sqrtN", "xi2_min_sqrtN_err", "xi2_min_rel_change")


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
