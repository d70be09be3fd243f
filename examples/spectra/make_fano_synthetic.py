"""Write examples/spectra/fano_synthetic.csv: a synthetic spectrum to try `spinbridge fit-fano` on.

    .venv/bin/python examples/spectra/make_fano_synthetic.py

The response amplitude sqrt(F) of Jiang et al., PNAS (2025), Eq. (2) (constant background), at
parameters chosen for this example and not taken from the paper: nu_b = 6.2 Hz, Gamma_b =
0.05 s^-1 (1/Gamma_b = 20 s, Gamma_b / 2 pi = 7.96 mHz), q = -150 (the dip eps = -q lies 1.19 Hz
above the line), A = 0.96 and B = 0.04 (A + B = 1: the amplitude tends to 1, the alkali response
alone, far from the line, |eps| >> |q|). Frequencies: 61 points within +-8 widths of the line
and 70 points from 4.5 to 9.0 Hz (the dip included). Noise: 1 % of the local amplitude
(Gaussian, seed 2025), listed as response_err.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from spinbridge.fano import fano_amplitude

TRUTH = {"q": -150.0, "nu_b_hz": 6.2, "gamma_b_s": 0.05, "A": 0.96, "B": 0.04}
RELATIVE_NOISE = 0.01
SEED = 2025
OUT = Path(__file__).with_name("fano_synthetic.csv")


def main() -> None:
    width_hz = TRUTH["gamma_b_s"] / (2 * np.pi)
    core = TRUTH["nu_b_hz"] + width_hz * np.linspace(-8.0, 8.0, 61)
    nu = np.unique(np.round(np.concatenate([core, np.linspace(4.5, 9.0, 70)]), 6))
    amplitude = fano_amplitude(nu, **TRUTH)
    err = RELATIVE_NOISE * amplitude
    rng = np.random.default_rng(SEED)
    response = amplitude + err * rng.standard_normal(nu.size)
    header = [
        "# Synthetic spectrum, Jiang et al. PNAS (2025) Eq. (2), constant background.",
        "# Example parameters, not the paper's: "
        + ", ".join(f"{k} = {v:g}" for k, v in TRUTH.items()),
        f"# Noise: {RELATIVE_NOISE:.0%} of the local amplitude, seed {SEED};"
        " written by examples/spectra/make_fano_synthetic.py",
        "frequency_Hz,response,response_err",
    ]
    rows = [f"{f:.6f},{r:.6g},{e:.3g}" for f, r, e in zip(nu, response, err, strict=True)]
    OUT.write_text("\n".join(header + rows) + "\n")
    print(f"{len(rows)} points -> {OUT}")


if __name__ == "__main__":
    main()
