"""Dense reference for the pair-production tests: Eq. (1) of Sundar et al. (2023) in the full
four-mode Fock space of fixed total atom number.

Nothing here uses the pair chain: the basis is every ``(n_gA, n_eA, n_gB, n_eB)`` with the given
total, the operators are built from ``a_i^dag a_j`` matrix elements, and states are propagated by
``scipy.linalg.expm`` (Fock pumps) or by ``numpy.linalg.eigh`` of each total-number block
(coherent pumps, whose blocks are many). Only the total number is assumed conserved.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import scipy.linalg

G_A, E_A, G_B, E_B = range(4)  # mode order (n_gA, n_eA, n_gB, n_eB)


class Block:
    """Operators of Eq. (1) on a set of Fock states closed under ``a_i^dag a_j`` of one ensemble:
    all states of ``n_total`` atoms, or (:meth:`sector`) all with ``N_A = n_a``, ``N_B = n_b``."""

    def __init__(self, n_total: int, states=None):
        if states is None:
            states = [
                s for s in itertools.product(range(n_total + 1), repeat=4) if sum(s) == n_total
            ]
        self.states = states
        self.index = {s: i for i, s in enumerate(self.states)}
        self.dim = len(self.states)
        n = np.array(self.states, dtype=float)
        self.number = [np.diag(n[:, i]) for i in range(4)]
        sp_a, sp_b = self.hop(E_A, G_A), self.hop(E_B, G_B)  # S^+ = a_e^dag a_g
        self.spin = {
            "Ax": (sp_a + sp_a.T) / 2,
            "Ay": (sp_a - sp_a.T) / 2j,
            "Az": (self.number[E_A] - self.number[G_A]) / 2,
            "Bx": (sp_b + sp_b.T) / 2,
            "By": (sp_b - sp_b.T) / 2j,
            "Bz": (self.number[E_B] - self.number[G_B]) / 2,
        }
        s_plus = sp_a + sp_b
        self.interaction = s_plus @ s_plus.T

    @classmethod
    def sector(cls, n_a: int, n_b: int) -> Block:
        """The two-ensemble space of ``n_a`` atoms in A and ``n_b`` in B (dim (n_a+1)(n_b+1))."""
        states = [(n_a - i, i, j, n_b - j) for i in range(n_a + 1) for j in range(n_b + 1)]
        return cls(n_a + n_b, states)

    def hop(self, i: int, j: int) -> np.ndarray:
        """``a_i^dag a_j`` (i != j) in this block."""
        out = np.zeros((self.dim, self.dim))
        for col, s in enumerate(self.states):
            if s[j] == 0:
                continue
            t = list(s)
            t[j] -= 1
            t[i] += 1
            out[self.index[tuple(t)], col] = math.sqrt(s[j] * (s[i] + 1))
        return out

    def hamiltonian(self, delta_over_chi: float) -> np.ndarray:
        """Eq. (1) in units of hbar chi."""
        return self.interaction + delta_over_chi * (self.spin["Bz"] - self.spin["Az"])

    def pump_state(self, n_a: int, n_b: int) -> np.ndarray:
        psi = np.zeros(self.dim, complex)
        psi[self.index[(n_a, 0, 0, n_b)]] = 1.0
        return psi


def operator(block: Block, coefficients: dict[str, float]) -> np.ndarray:
    """``sum_i c_i S_i`` over the single-ensemble components named in ``coefficients``."""
    return sum(c * block.spin[name] for name, c in coefficients.items())


S1_MINUS = {"Bx": 1.0, "Ay": -1.0}
S2_MINUS = {"By": 1.0, "Ax": -1.0}


def _accumulate(block: Block, psis: np.ndarray, acc: dict) -> None:
    """Add ``<O>`` and ``<{O, O'}>/2 = Re <O psi|O' psi>`` of the weighted states ``psis``."""
    ops = {"s1": operator(block, S1_MINUS), "s2": operator(block, S2_MINUS)}
    ops["pairs"] = block.number[E_A] + block.number[G_B]
    images = {name: op @ psis for name, op in ops.items()}
    for name in ops:
        acc[name] = acc.get(name, 0) + np.einsum("it,it->t", psis.conj(), images[name]).real
    for a, b in (("s1", "s1"), ("s2", "s2"), ("s1", "s2")):
        both = np.einsum("it,it->t", images[a].conj(), images[b]).real
        acc[a + b] = acc.get(a + b, 0) + both


def _squeezing(acc: dict, n_atoms: float) -> dict[str, np.ndarray]:
    v11 = acc["s1s1"] - acc["s1"] ** 2
    v22 = acc["s2s2"] - acc["s2"] ** 2
    c12 = acc["s1s2"] - acc["s1"] * acc["s2"]
    v_min = (v11 + v22) / 2 - np.hypot((v11 - v22) / 2, c12)
    return {"xi2": 4 / n_atoms * v11, "xi2_opt": 4 / n_atoms * v_min, "nbar": acc["pairs"]}


def fock_squeezing(n_atoms: int, nchi_t, delta_over_nchi: float = 0.5) -> dict[str, np.ndarray]:
    """xi2, xi2_opt, nbar from ``|N/2, 0, 0, N/2>`` by ``expm`` at each time."""
    block = Block(n_atoms)
    h = block.hamiltonian(delta_over_nchi * n_atoms)
    psi0 = block.pump_state(n_atoms // 2, n_atoms // 2)
    psis = np.stack(
        [scipy.linalg.expm(-1j * h * t / n_atoms) @ psi0 for t in np.atleast_1d(nchi_t)], axis=1
    )
    acc: dict = {}
    _accumulate(block, psis, acc)
    return _squeezing(acc, n_atoms)


def coherent_squeezing(
    n_atoms: float, nchi_t, max_total: int, delta_over_nchi: float = 0.5
) -> dict[str, np.ndarray]:
    """The same from coherent pumps of mean ``N/2`` each (amplitudes real), blocks up to
    ``max_total`` atoms (the Poisson(N) tail beyond is dropped)."""
    times = np.atleast_1d(np.asarray(nchi_t, float)) / n_atoms
    alpha = math.sqrt(n_atoms / 2)
    acc: dict = {}
    for n_total in range(max_total + 1):
        block = Block(n_total)
        psi0 = np.zeros(block.dim, complex)
        for a in range(n_total + 1):
            b = n_total - a
            amp = (
                math.exp(-n_atoms / 2)
                * alpha ** (a + b)
                / math.sqrt(math.factorial(a) * math.factorial(b))
            )
            psi0 += amp * block.pump_state(a, b)
        energies, vectors = np.linalg.eigh(block.hamiltonian(delta_over_nchi * n_atoms))
        psis = vectors @ (np.exp(-1j * np.outer(energies, times)) * (vectors.T @ psi0)[:, None])
        _accumulate(block, psis, acc)
    return _squeezing(acc, n_atoms)


def mixture_squeezing(
    n_atoms: float, nchi_t, max_occupation: int, delta_over_nchi: float = 0.5
) -> dict[str, np.ndarray]:
    """The same as a Poisson(N/2) x Poisson(N/2) mixture of pump sectors, each simulated in its
    full two-ensemble space (occupations above ``max_occupation`` dropped)."""
    times = np.atleast_1d(np.asarray(nchi_t, float)) / n_atoms
    mean = n_atoms / 2
    weight = [math.exp(-mean) * mean**a / math.factorial(a) for a in range(max_occupation + 1)]
    acc: dict = {}
    for n_a, n_b in itertools.product(range(max_occupation + 1), repeat=2):
        block = Block.sector(n_a, n_b)
        energies, vectors = np.linalg.eigh(block.hamiltonian(delta_over_nchi * n_atoms))
        psi0 = math.sqrt(weight[n_a] * weight[n_b]) * block.pump_state(n_a, n_b)
        psis = vectors @ (np.exp(-1j * np.outer(energies, times)) * (vectors.T @ psi0)[:, None])
        _accumulate(block, psis, acc)
    return _squeezing(acc, n_atoms)


def sector_moments(n_a: int, n_b: int, nchi_t, n_atoms: int, delta_over_nchi: float):
    """``<S_i>`` (t, 6) and ``<{S_i, S_j}>/2`` (t, 6, 6) from the pump state ``(n_a, n_b)``."""
    block = Block(n_a + n_b)
    h = block.hamiltonian(delta_over_nchi * n_atoms)
    psi0 = block.pump_state(n_a, n_b)
    names = ("Ax", "Ay", "Az", "Bx", "By", "Bz")
    ops = [block.spin[k] for k in names]
    means, seconds = [], []
    for t in np.atleast_1d(nchi_t):
        psi = scipy.linalg.expm(-1j * h * t / n_atoms) @ psi0
        means.append([np.vdot(psi, o @ psi).real for o in ops])
        seconds.append([[np.vdot(psi, (o @ p + p @ o) @ psi).real / 2 for p in ops] for o in ops])
    return np.array(means), np.array(seconds)


# Ramsey sequences of Fig. 2, written out pulse by pulse: (generator, angle) applied in order,
# then the read-out operator. The phase pulse's angle is filled in at call time.
RAMSEY = {
    "differential": (
        [
            ({"By": 1.0, "Ax": 1.0}, math.pi / 2),
            ({"Bz": 1.0, "Az": -1.0}, None),
            ({"Bx": 1.0, "Ay": 1.0}, math.pi / 2),
        ],
        {"Bz": 1.0, "Az": -1.0},
    ),
    "sum": (
        [
            ({"By": 1.0, "Ax": -1.0}, math.pi / 2),
            ({"Az": 1.0, "Bz": 1.0}, None),
            ({"Bx": 1.0, "Ay": -1.0}, math.pi / 2),
        ],
        {"Az": 1.0, "Bz": 1.0},
    ),
}


def ramsey(n_atoms: int, nchi_t: float, phis, protocol: str, delta_over_nchi: float = 0.5):
    """``<O>`` and ``(Delta O)^2`` after the pulses of ``protocol`` on the state at ``nchi_t``
    grown from ``|N/2, 0, 0, N/2>`` (Fock pumps), each pulse ``expm(-i angle G)``."""
    block = Block(n_atoms)
    h = block.hamiltonian(delta_over_nchi * n_atoms)
    psi = scipy.linalg.expm(-1j * h * nchi_t / n_atoms) @ block.pump_state(
        n_atoms // 2, n_atoms // 2
    )
    pulses, readout = RAMSEY[protocol]
    o = operator(block, readout)
    signal, var = [], []
    for phi in np.atleast_1d(phis):
        out = psi
        for gen, angle in pulses:
            theta = phi if angle is None else angle
            out = scipy.linalg.expm(-1j * theta * operator(block, gen)) @ out
        mean = np.vdot(out, o @ out).real
        signal.append(mean)
        var.append(np.vdot(o @ out, o @ out).real - mean**2)
    return np.array(signal), np.array(var)
