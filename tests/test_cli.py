"""The installed ``spinbridge`` console command (``spinbridge fit-fano``), run as users run it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from spinbridge import cli, fano, spectra
from tests.conftest import REPO

SPINBRIDGE = str(Path(sys.executable).with_name("spinbridge"))
EXAMPLE = REPO / "examples" / "spectra" / "fano_synthetic.csv"


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([SPINBRIDGE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_help_lists_the_subcommands():
    out = _run("--help")
    assert out.returncode == 0, out.stderr
    assert "fit-fano" in out.stdout
    sub = _run("fit-fano", "--help")
    assert sub.returncode == 0
    for word in ("FILE.csv", "--background", "lorentzian", "--plot", "frequency_Hz"):
        assert word in sub.stdout


def test_no_subcommand_prints_usage_and_fails():
    out = _run()
    assert out.returncode == 2 and "usage: spinbridge" in out.stderr


def _value(stdout: str, label: str) -> tuple[float, float]:
    m = re.search(rf"^\s*{re.escape(label)}\s*=\s*(\S+) \+/- (\S+)", stdout, re.M)
    assert m, f"{label} not in:\n{stdout}"
    return float(m.group(1)), float(m.group(2))


def test_fit_fano_prints_every_parameter_with_its_error(tmp_path):
    out = _run("fit-fano", str(EXAMPLE), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    fit = fano.fit_fano(*spectra.read_spectrum(EXAMPLE))
    shown = {
        "q": (fit.q, fit.q_err),
        "nu_b": (fit.nu_b_hz, fit.nu_b_hz_err),
        "Gamma_b": (fit.gamma_b_s, fit.gamma_b_s_err),
        "1/Gamma_b": (1 / fit.gamma_b_s, fit.gamma_b_s_err / fit.gamma_b_s**2),
        "Gamma_b/2pi": (1e3 * fit.gamma_b_s / (2 * 3.141592653589793), 1e3 * fit.linewidth_hz_err),
        "A": (fit.A, fit.A_err),
        "B": (fit.B, fit.B_err),
    }
    for label, (value, err) in shown.items():
        got, got_err = _value(out.stdout, label)
        assert got == pytest.approx(value, abs=0.051 * err)  # printed to 2 digits of the error
        assert got_err == pytest.approx(err, rel=0.051)  # two significant digits
    assert re.search(r"Gamma_b\s*=.*s\^-1", out.stdout) and re.search(
        r"1/Gamma_b.* s$", out.stdout, re.M
    )
    assert "mHz" in out.stdout and f"reduced chi^2   = {fit.redchi:.3g}" in out.stdout
    assert list(tmp_path.iterdir()) == []  # nothing written without --plot


@pytest.mark.parametrize("suffix", ["png", "pdf"])
def test_plot_is_written_only_when_asked(tmp_path, suffix):
    target = tmp_path / "figs" / f"fit.{suffix}"
    out = _run("fit-fano", str(EXAMPLE), "--background", "lorentzian", "--plot", str(target))
    assert out.returncode == 0, out.stderr
    assert "lorentzian background" in out.stdout
    magic = {"png": b"\x89PNG", "pdf": b"%PDF"}[suffix]
    assert target.read_bytes()[:4] == magic
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left


def test_malformed_file_exits_2_with_one_line_naming_file_line_column(tmp_path):
    bad = tmp_path / "bad.csv"
    lines = EXAMPLE.read_text().splitlines()
    lines[9] = lines[9].split(",")[0] + ",n/a,0.01"  # line 10 of the file
    bad.write_text("\n".join(lines) + "\n")
    plot = tmp_path / "out" / "fit.png"
    out = _run("fit-fano", str(bad), "--plot", str(plot))
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert f"{bad}, line 10, column response: 'n/a' is not a number" in out.stderr
    assert not (tmp_path / "out").exists()  # nothing written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]


def test_missing_file_exits_2(tmp_path):
    out = _run("fit-fano", str(tmp_path / "none.csv"))
    assert out.returncode == 2 and "cannot read the file" in out.stderr
    assert out.stderr.count("\n") == 1


def test_bad_plot_suffix_is_a_usage_error_before_any_work(tmp_path):
    out = _run("fit-fano", str(EXAMPLE), "--plot", str(tmp_path / "fit.jpg"))
    assert out.returncode == 2 and ".png, .pdf, .svg" in out.stderr
    assert out.stdout == "" and list(tmp_path.iterdir()) == []


def test_a_spectrum_without_a_line_exits_1(tmp_path, capsys):
    flat = tmp_path / "flat.csv"
    flat.write_text("frequency_Hz,response\n" + "".join(f"{1 + i / 10},0\n" for i in range(10)))
    assert cli.main(["fit-fano", str(flat), "--plot", str(tmp_path / "f.png")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "response must not be zero everywhere" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flat.csv"]


def test_dip_outside_the_data_is_a_warning_on_stderr(tmp_path, capsys):
    width = 0.061 / (2 * 3.141592653589793)
    nu = [7.3 + width * (-10 + 0.25 * i) for i in range(81)]
    y = fano.fano_amplitude(nu, q=1000.0, nu_b_hz=7.3, gamma_b_s=0.061, A=0.8, B=0.04)
    path = tmp_path / "peak_only.csv"
    path.write_text(
        "frequency_Hz,response\n" + "".join(f"{f:.8f},{r:.8g}\n" for f, r in zip(nu, y))
    )
    status = cli.main(["fit-fano", str(path)])
    err = capsys.readouterr().err
    assert status in (0, 1)
    assert "include the dip in the frequency span" in err or "widen the frequency span" in err
