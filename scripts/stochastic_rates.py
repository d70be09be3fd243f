"""Snakemake script: fit the seed ensembles of the katz2022 `rates` stage -> one NetCDF table.

Reads ``input.members`` (every seed file of every case, in the config's case order; each file
names its case in its ``case`` attr); writes ``output[0]``. No params: the case order is the
order of the inputs.
"""

from spinbridge import collision_fits, store
from spinbridge.runtime import log_to

_LOGGED = (
    "exchange_ratio",
    "exchange_ratio_err",
    "alpha_fit",
    "alpha_fit_err",
    "alpha_derived",
    "gamma_B_ratio",
    "gamma_B_ratio_err",
    "eps_ratio",
)


def main(snakemake) -> None:
    with log_to(snakemake.log[0]) as log:
        members: dict[str, list] = {}
        for path in snakemake.input.members:
            ds = store.read(path)
            members.setdefault(ds.attrs["case"], []).append(ds)
        summary = collision_fits.rates_summary(members)
        for case in members:
            row = summary.sel(case=case)
            log.info(
                "%s: 2J/Eq.(8) = %.4f +- %.4f, alpha = %.3f +- %.3f (derived %.3f), "
                "gamma_B/(p gamma_A) = %.3f +- %.3f, eps/Eq.(9) = %.3f",
                case,
                *(float(row[k]) for k in _LOGGED),
            )
        store.write(
            summary,
            snakemake.output[0],
            paper=store.PAPERS["katz2022"],
            figure="Sec. III.C, Eqs. (8)-(9) (stochastic rates)",
            params={"cases": list(members)},
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821  (injected by Snakemake)
