"""Snakemake script: fit the seed ensembles of the katz2022 `rates` stage -> one NetCDF table."""

from collections import defaultdict

from spinbridge import collisions, store
from spinbridge.runtime import log_to


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        cfg = dict(snakemake.params.cfg)
        members = defaultdict(list)
        for path in snakemake.input:
            ds = store.read(path)
            members[ds.attrs["case"]].append(ds)
        order = [c for c in cfg["cases"] if c in members]
        summary = collisions.rates_summary({c: members[c] for c in order})
        for case in order:
            row = summary.sel(case=case)
            log.info(
                "%s: 2J/Eq.(8) = %.4f +- %.4f, alpha = %.3f +- %.3f (derived %.3f), "
                "gamma_B/(p gamma_A) = %.3f +- %.3f, eps/Eq.(9) = %.3f",
                case,
                *(
                    float(row[k])
                    for k in (
                        "exchange_ratio",
                        "exchange_ratio_err",
                        "alpha_fit",
                        "alpha_fit_err",
                        "alpha_derived",
                        "gamma_B_ratio",
                        "gamma_B_ratio_err",
                        "eps_ratio",
                    )
                ),
            )
        store.write(
            summary,
            snakemake.output[0],
            paper=store.PAPERS["katz2022"],
            figure="Sec. III.C, Eqs. (8)-(9) (stochastic rates)",
            params=cfg,
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
