"""Valid example calls of the Fano-fit modules: fano, spectra and fano_fits.

One fast call per public function (Jiang et al., PNAS (2025), Eq. (2)): the Fano parameter and
the line's frequency may be negative or zero, the background B zero; the fit gets a small
synthetic spectrum (30 points), the reader the example file of examples/spectra/.
"""

from pathlib import Path

import numpy as np

from spinbridge.fano import FanoFit, fano_amplitude
from tests.fuzz.cases import case

_EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "spectra" / "fano_synthetic.csv")
_NU = np.linspace(3.0, 4.4, 30)
_PROFILE = dict(q=-6.0, nu_b_hz=3.5, gamma_b_s=0.9, A=2.0, B=0.3)
_Y = fano_amplitude(_NU, **_PROFILE)
_FIT = FanoFit(
    q=-6.0,
    q_err=0.05,
    nu_b_hz=3.5,
    nu_b_hz_err=1e-3,
    gamma_b_s=0.9,
    gamma_b_s_err=0.01,
    A=2.0,
    A_err=0.02,
    B=0.3,
    B_err=0.01,
    redchi=1.0,
    n_points=_NU.size,
    background="constant",
)
_MAY_BE_NEGATIVE = ("q", "nu_b_hz")

CASES = [
    case(
        "fano",
        "fano_power",
        may_be_negative=_MAY_BE_NEGATIVE,
        may_be_zero=("B",),
        frequency_hz=_NU,
        background="constant",
        **_PROFILE,
    ),
    case(
        "fano",
        "fano_amplitude",
        may_be_negative=_MAY_BE_NEGATIVE,
        may_be_zero=("B",),
        frequency_hz=_NU,
        background="lorentzian",
        **_PROFILE,
    ),
    case(
        "fano",
        "fit_fano",
        frequency_hz=_NU,
        response=_Y,
        response_err=0.01 * _Y,
        background="constant",
        n_starts=2,
    ),
    case("spectra", "read_spectrum", path=_EXAMPLE),
    case(
        "spectra",
        "user_data_problems",
        entries=[{"name": "example", "path": _EXAMPLE}],
        root=".",
    ),
    case("fano_fits", "fit_dataset", frequency_hz=_NU, response=_Y, response_err=None, fit=_FIT),
    case(
        "fano_fits", "fit_figure", frequency_hz=_NU, response=_Y, response_err=0.01 * _Y, fit=_FIT
    ),
]
