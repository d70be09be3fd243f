"""Physical constants in the papers' (Gaussian cgs) units.

CODATA 2018 values. Gyromagnetic ratios are angular frequencies per gauss [rad s^-1 G^-1];
magnetic moments are in erg/G (emu).
"""

import math

HBAR_ERG_S: float = 1.054571817e-27
"""Reduced Planck constant [erg s]."""

MU_B_ERG_G: float = 9.2740100783e-21
"""Bohr magneton [erg/G]."""

MU_N_ERG_G: float = 5.0507837461e-24
"""Nuclear magneton [erg/G]."""

G_S: float = 2.00231930436256
"""Free-electron g-factor (magnitude)."""

GAMMA_E_RAD_S_G: float = G_S * MU_B_ERG_G / HBAR_ERG_S
"""Electron gyromagnetic ratio |gamma_e| = g_s mu_B / hbar [rad s^-1 G^-1] (2 pi 2.8025 MHz/G)."""

TWO_PI: float = 2.0 * math.pi
