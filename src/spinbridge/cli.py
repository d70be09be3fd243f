"""The ``spinbridge`` command line: tools for one's own data next to the pipeline.

    spinbridge fit-fano FILE.csv [--background constant|lorentzian] [--plot out.png]

``fit-fano`` fits the Fano profile of Jiang et al., PNAS (2025), Eq. (2) to a measured spectrum
(the CSV format of :mod:`spinbridge.spectra`) and prints q, the dressed noble-gas frequency and
decoherence rate (also as 1/Gamma_b and Gamma_b / 2 pi), A, B and the reduced chi^2 with their
1-sigma errors. Exit status: 0 on success, 1 when the fit does not converge, 2 for a malformed
file or bad usage (one line on stderr, no traceback). ``--plot`` writes the data, the fit and the
residuals (PNG, PDF or SVG by the suffix), atomically; nothing is written otherwise.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

from spinbridge import __version__

__all__ = ["build_parser", "main"]

_PLOT_FORMATS = ("png", "pdf", "svg")


def build_parser() -> argparse.ArgumentParser:
    """The ``spinbridge`` argument parser, one subcommand per tool."""
    parser = argparse.ArgumentParser(
        prog="spinbridge",
        description="Tools of the spinbridge pipeline for your own data (run the pipeline itself "
        "with `make reproduce` or snakemake).",
    )
    parser.add_argument("--version", action="version", version=f"spinbridge {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    fit = sub.add_parser(
        "fit-fano",
        help="fit the Fano profile (Jiang et al. 2025, Eq. 2) to a measured spectrum",
        description="Fit F = A (q + eps)^2 / (1 + eps^2) + B, eps = 2 pi (nu - nu_b) / Gamma_b "
        "(Jiang et al., PNAS 2025, Eq. 2) to the amplitude sqrt(F) of a measured spectrum and "
        "print the parameters with 1-sigma errors. FILE is a CSV file with the header "
        "frequency_Hz,response[,response_err] (lines starting with # are comments); the "
        "frequencies must increase and there must be at least 8 rows. Without response_err every "
        "point has the same weight and the errors are scaled by the reduced chi^2.",
    )
    fit.add_argument("file", metavar="FILE.csv", help="the measured spectrum")
    fit.add_argument(
        "--background",
        choices=("constant", "lorentzian"),
        default="constant",
        help="constant: A (q+eps)^2/(1+eps^2) + B (default); "
        "lorentzian: A [(q+eps)^2 + B]/(1+eps^2)",
    )
    fit.add_argument(
        "--plot",
        metavar="OUT",
        help="also write a figure of the data, the fit and the residuals (suffix .png, .pdf or "
        ".svg)",
    )
    fit.set_defaults(run=_fit_fano)
    return parser


def _pm(value: float, err: float) -> str:
    """``value +/- err`` with the error to two significant digits."""
    if not (err > 0 and math.isfinite(err)):
        return f"{value:.6g} +/- {err:.2g}"
    decimals = min(max(0, 1 - math.floor(math.log10(err))), 15)
    return f"{value:.{decimals}f} +/- {err:.{decimals}f}"


def _report(path: str, fit, weighted: bool) -> str:
    weighting = "weighted by response_err" if weighted else "unweighted, errors scaled by chi^2"
    lines = [
        f"{path}: {fit.n_points} points, {fit.background} background, {weighting}",
        f"  q               = {_pm(fit.q, fit.q_err)}",
        f"  nu_b            = {_pm(fit.nu_b_hz, fit.nu_b_hz_err)} Hz",
        f"  Gamma_b         = {_pm(fit.gamma_b_s, fit.gamma_b_s_err)} s^-1",
        f"  1/Gamma_b       = {_pm(fit.decoherence_time_s, fit.decoherence_time_s_err)} s",
        f"  Gamma_b/2pi     = {_pm(1e3 * fit.linewidth_hz, 1e3 * fit.linewidth_hz_err)} mHz",
        f"  dip (eps = -q)  = {fit.dip_hz:.6g} Hz",
        f"  A               = {_pm(fit.A, fit.A_err)}",
        f"  B               = {_pm(fit.B, fit.B_err)}",
        f"  reduced chi^2   = {fit.redchi:.3g} ({fit.n_points - 5} degrees of freedom)",
    ]
    return "\n".join(lines)


def _save_atomically(fig, target: Path) -> None:
    """Write ``fig`` to a temporary file next to ``target``, then rename it onto ``target``."""
    import matplotlib.pyplot as plt

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 -> what a plain open() would give
        fig.savefig(tmp, format=target.suffix.lstrip(".").lower(), bbox_inches="tight")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        plt.close(fig)


def _fit_fano(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from spinbridge import fano, spectra

    plot = Path(args.plot) if args.plot else None
    if plot is not None and plot.suffix.lstrip(".").lower() not in _PLOT_FORMATS:
        parser.error(f"--plot {args.plot}: the suffix must be one of .png, .pdf, .svg")
    try:
        spectrum = spectra.read_spectrum(args.file)
    except spectra.SpectrumFileError as exc:
        print(f"spinbridge fit-fano: error: {exc}", file=sys.stderr)
        return 2
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = fano.fit_fano(*spectrum, background=args.background)
    except ValueError as exc:
        print(f"spinbridge fit-fano: {args.file}: {exc}", file=sys.stderr)
        return 1
    for warning in caught:
        print(f"spinbridge fit-fano: warning: {warning.message}", file=sys.stderr)
    print(_report(args.file, fit, spectrum.response_err is not None))
    if plot is not None:
        from spinbridge import fano_fits

        fig = fano_fits.fit_figure(*spectrum, fit, title=Path(args.file).name)
        _save_atomically(fig, plot)
        print(f"plot -> {plot}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``spinbridge`` with ``argv`` (default: the process arguments); return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments after the program name.

    Returns
    -------
    int
        0 on success, 1 when a fit does not converge, 2 for bad usage or a malformed input file.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    return args.run(args, parser)
