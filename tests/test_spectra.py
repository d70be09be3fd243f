"""Users' spectra (spinbridge.spectra): the CSV format, and every malformed file refused with a
message naming the file, the line and the column, before anything is fitted or written."""

from __future__ import annotations

import importlib.util
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from spinbridge import config, fano, spectra
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "spectra" / "fano_synthetic.csv"
HEADER = "frequency_Hz,response,response_err"


def _rows(n: int = 10, start: float = 5.0) -> list[str]:
    nu = start + 0.01 * np.arange(n)
    y = fano.fano_amplitude(nu, q=-4.0, nu_b_hz=start + 0.05, gamma_b_s=0.1, A=1.0, B=0.1)
    return [f"{f:.4f},{r:.6f},0.01" for f, r in zip(nu, y)]


def _write(tmp_path: Path, lines: list[str], name: str = "spectrum.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


GOOD = [HEADER, *_rows()]


def _replace(line_index: int, text: str) -> list[str]:
    """GOOD with line ``line_index`` (0-based, the header is 0) replaced."""
    lines = list(GOOD)
    lines[line_index] = text
    return lines


# (case, file lines, line number of the problem, column named, words of the message)
MALFORMED = [
    ("empty file", [], 1, "frequency_Hz", "no header and no data"),
    ("only comments", ["# a comment", "", "# another"], 3, "frequency_Hz", "no header"),
    ("no header", GOOD[1:], 1, "frequency_Hz", "must be the header"),
    ("missing column", ["frequency_Hz,response_err", *GOOD[1:]], 1, "response", "missing column"),
    ("unknown column", ["frequency_Hz,response,phase", *GOOD[1:]], 1, "phase", "unknown column"),
    ("column twice", ["frequency_Hz,response,response", *GOOD[1:]], 1, "response", "twice"),
    ("non-numeric cell", _replace(4, "5.0300,abc,0.01"), 5, "response", "'abc' is not a number"),
    ("empty cell", _replace(3, "5.0200,,0.01"), 4, "response", "empty cell"),
    ("NaN", _replace(2, "5.0100,nan,0.01"), 3, "response", "'nan' is not finite"),
    ("inf", _replace(6, "inf,1.0,0.01"), 7, "frequency_Hz", "'inf' is not finite"),
    ("missing value", _replace(5, "5.0400,1.0"), 6, "response_err", "missing value"),
    ("extra cell", _replace(5, "5.0400,1.0,0.01,7"), 6, "cell 4", "4 cells"),
    ("unsorted", _replace(5, "5.0100,1.0,0.01"), 6, "frequency_Hz", "sorted by increasing"),
    ("duplicate", _replace(3, "5.0100,1.0,0.01"), 4, "frequency_Hz", "repeats line 3"),
    ("negative response", _replace(8, "5.0700,-0.2,0.01"), 9, "response", "< 0"),
    ("zero error", _replace(9, "5.0800,1.0,0"), 10, "response_err", "must be > 0"),
    ("negative error", _replace(1, "5.0000,1.0,-0.01"), 2, "response_err", "must be > 0"),
    ("seven points", ["# seven rows", *GOOD[:8]], 9, "frequency_Hz", "7 data rows"),
]


@pytest.mark.parametrize(
    "lines, line, column, words", [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_malformed_file_names_file_line_and_column(tmp_path, lines, line, column, words):
    path = _write(tmp_path, lines)
    with pytest.raises(spectra.SpectrumFileError) as err:
        spectra.read_spectrum(path)
    message = str(err.value)
    assert message.startswith(f"{path}, line {line}, column {column}: "), message
    assert words in message
    assert (err.value.path, err.value.line, err.value.column) == (str(path), line, column)
    assert isinstance(err.value, ValueError)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spectrum.csv"]  # nothing written


def test_non_utf8_bytes_name_their_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(("\n".join(GOOD[:4]) + "\n5.0300,1.0,0.01 \xb5V\n").encode("latin-1"))
    with pytest.raises(spectra.SpectrumFileError, match=r"line 5, column at character 17"):
        spectra.read_spectrum(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(spectra.SpectrumFileError, match=r"nope\.csv: cannot read the file"):
        spectra.read_spectrum(tmp_path / "nope.csv")


def test_path_must_be_a_path():
    with pytest.raises(TypeError, match="path"):
        spectra.read_spectrum(3.0)


def test_well_formed_variants_read_the_same_numbers(tmp_path):
    reference = spectra.read_spectrum(_write(tmp_path, GOOD, "plain.csv"))
    reordered = ["response_err,frequency_Hz,response"] + [
        ",".join([r.split(",")[2], *r.split(",")[:2]]) for r in GOOD[1:]
    ]
    variants = {
        "comments and blanks": ["# measured 2025", "", *GOOD[:5], "  ", "# note", *GOOD[5:]],
        "spaces": [" , ".join(c.strip() for c in line.split(",")) for line in GOOD],
        "reordered columns": reordered,
    }
    for name, lines in variants.items():
        got = spectra.read_spectrum(_write(tmp_path, lines, f"{name}.csv"))
        for a, b in zip(got, reference):
            np.testing.assert_array_equal(a, b, err_msg=name)
    crlf = tmp_path / "crlf.csv"
    crlf.write_bytes(("\ufeff" + "\r\n".join(GOOD) + "\r\n").encode("utf-8"))  # BOM, Windows
    for a, b in zip(spectra.read_spectrum(crlf), reference):
        np.testing.assert_array_equal(a, b)


def test_without_errors_column_the_errors_are_none(tmp_path):
    lines = ["frequency_Hz,response"] + [",".join(r.split(",")[:2]) for r in GOOD[1:]]
    freq, resp, err = spectra.read_spectrum(_write(tmp_path, lines))
    assert err is None and freq.shape == resp.shape == (10,)
    assert freq.dtype == resp.dtype == np.float64


def _load_generator():
    spec = importlib.util.spec_from_file_location(
        "make_fano_synthetic", REPO / "examples" / "spectra" / "make_fano_synthetic.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_file_is_what_its_generator_writes(tmp_path, monkeypatch, capsys):
    generator = _load_generator()
    monkeypatch.setattr(generator, "OUT", tmp_path / "again.csv")
    generator.main()
    assert (tmp_path / "again.csv").read_bytes() == EXAMPLE.read_bytes()


def test_example_file_fits_to_its_generator_parameters():
    truth = _load_generator().TRUTH
    spectrum = spectra.read_spectrum(EXAMPLE)
    fit = fano.fit_fano(*spectrum)
    for name, value in truth.items():
        pull = (getattr(fit, name) - value) / getattr(fit, f"{name}_err")
        assert abs(pull) < 4, f"{name}: {getattr(fit, name)} vs {value}"  # 4 sigma, 5 params


# --------------------------------------------------------------------- config.user_data
def test_user_data_problems_of_good_entries_is_empty():
    entries = [{"name": "example", "path": str(EXAMPLE.relative_to(REPO))}]
    assert spectra.user_data_problems(entries, root=REPO) == []


def test_user_data_problems_names_key_file_line_and_column(tmp_path):
    bad = _write(tmp_path, _replace(4, "5.0300,abc,0.01"), "bad.csv")
    entries = [
        {"name": "ok", "path": str(EXAMPLE)},
        {"name": "broken", "path": "bad.csv"},
        {"name": "ok", "path": str(EXAMPLE)},
        {"name": "has space", "path": "missing.csv"},
    ]
    problems = spectra.user_data_problems(entries, root=tmp_path)
    assert problems == [
        f"jiang2025.user_data[1] (broken): {bad}, line 5, column response: 'abc' is not a number",
        "jiang2025.user_data[2] (ok): the name is also used by jiang2025.user_data[0]",
        f"jiang2025.user_data[3].name = 'has space': must match {spectra.NAME_PATTERN}",
        f"jiang2025.user_data[3] (has space): {tmp_path / 'missing.csv'}: cannot read the file "
        "(No such file or directory)",
    ]


def test_user_data_problems_refuses_wrong_types():
    with pytest.raises(TypeError, match="entries"):
        spectra.user_data_problems("example.csv")
    with pytest.raises(TypeError, match="entries"):
        spectra.user_data_problems(["example.csv"])
    with pytest.raises(TypeError, match="root"):
        spectra.user_data_problems([], root=1)


def test_config_check_stops_on_a_malformed_spectrum(tmp_path, monkeypatch):
    """spinbridge.config.check_semantics (run by the Snakefile before any job) reads every file."""
    _write(tmp_path, _replace(6, "5.0500,1.0,nan"), "bad.csv")
    cfg = yaml.safe_load((REPO / "config" / "smoke.yaml").read_text())
    cfg["jiang2025"]["user_data"] = [{"name": "mine", "path": "bad.csv"}]
    monkeypatch.chdir(tmp_path)  # paths in the config are relative to the run's directory
    with pytest.raises(config.ConfigError) as err:
        config.check_semantics(cfg)
    assert (
        "jiang2025.user_data[0] (mine): bad.csv, line 7, column response_err: 'nan' is not finite"
        in str(err.value)
    )
    cfg["jiang2025"]["user_data"][0]["path"] = str(EXAMPLE)
    config.check_semantics(cfg)  # a good file passes


# ------------------------------------------------------- the rule path, in a copy of the repo
def _copy_repo(dest: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for rel in filter(None, (f.decode() for f in files)):
        src = REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / "results").mkdir(exist_ok=True)
    return dest


def _snakemake(work: Path, *args: str) -> subprocess.CompletedProcess:
    exe = str(Path(sys.executable).with_name("snakemake"))
    env = {**os.environ, "CI": "1"}
    return subprocess.run(
        [exe, *args], cwd=work, capture_output=True, text=True, env=env, timeout=900
    )


def _smoke_with_user_data(work: Path, entries: list[dict]) -> Path:
    cfg = yaml.safe_load((work / "config" / "smoke.yaml").read_text())
    cfg.setdefault("jiang2025", {})["user_data"] = entries
    path = work / "user.yaml"
    path.write_text(yaml.safe_dump(cfg))
    return path


@pytest.mark.pipeline
def test_a_malformed_spectrum_stops_snakemake_before_any_job(tmp_path):
    work = _copy_repo(tmp_path / "repo")
    _write(work, _replace(4, "5.0300,abc,0.01"), "mine.csv")
    cfgfile = _smoke_with_user_data(work, [{"name": "mine", "path": "mine.csv"}])
    out = _snakemake(work, "--configfile", str(cfgfile), "--cores", "1", "results/fits/mine.nc")
    assert out.returncode != 0
    assert "mine.csv, line 5, column response: 'abc' is not a number" in out.stdout + out.stderr
    assert [p.name for p in (work / "results").iterdir()] == [".gitkeep"]  # nothing written


@pytest.mark.pipeline
def test_the_fit_rule_writes_data_and_figures(tmp_path):
    from spinbridge import store

    work = _copy_repo(tmp_path / "repo")
    cfgfile = _smoke_with_user_data(
        work,
        [{"name": "ex-1", "path": "examples/spectra/fano_synthetic.csv", "background": "constant"}],
    )
    targets = ["results/fits/ex-1.nc", "results/figures/fits/ex-1.png"]
    out = _snakemake(work, "--configfile", str(cfgfile), "--cores", "1", *targets)
    assert out.returncode == 0, out.stderr[-3000:]
    ds = store.read(work / "results" / "fits" / "ex-1.nc")
    fit = fano.fit_fano(*spectra.read_spectrum(EXAMPLE))
    assert float(ds.q) == pytest.approx(fit.q, rel=1e-12)  # the same computation
    assert ds.gamma_b_s.attrs["units"] == "s-1" and ds.nu_b_hz.attrs["units"] == "Hz"
    assert math.isfinite(float(ds.gamma_b_s_err)) and ds.attrs["background"] == "constant"
    for suffix in ("png", "pdf"):
        assert (work / "results" / "figures" / "fits" / f"ex-1.{suffix}").stat().st_size > 1000
    assert (work / "results" / "logs" / "fits" / "user_spectrum_ex-1.log").is_file()
