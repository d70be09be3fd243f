"""The claims scorecard: registry checks, status logic, and errors that name the claim."""

import numpy as np
import pytest
import yaml

from spinbridge import claims, store


def _entry(**kw):
    base = dict(
        id="t-x",
        paper="katz2022",
        location="Eq. (0)",
        quantity="q",
        paper_value=2.0,
        units="1",
        relation="==",
        tolerance=0.1,
        tolerance_reason="test",
        file="results/d.nc",
        variable="scalar",
    )
    return {**base, **kw}


def test_registry_of_the_repository_loads_with_unique_ids(repo):
    entries = claims.load_registry(sorted((repo / "workflow" / "claims").glob("*.yaml")))
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)) > 0
    for e in entries:
        assert e["paper"] in store.PAPERS, e["id"]


def test_statuses(tmp_path, tiny_dataset):
    store.write(
        tiny_dataset,
        tmp_path / "results" / "d.nc",
        paper=store.PAPERS["katz2022"],
        figure="f",
        params={},
    )
    entries = [
        _entry(id="ok", paper_value=2.4),  # 2.5 vs 2.4: 4 % < 10 %
        _entry(id="off", paper_value=3.0),  # 17 % > 10 %: deviates, value kept
        _entry(id="abs", paper_value=2.45, tolerance=0.1, tolerance_kind="absolute"),
        _entry(id="bound", relation=">", paper_value=2.0),
        _entry(id="bound-fails", relation="<", paper_value=2.0),
        _entry(id="sel", variable="x", select={"t": 3.0}, paper_value=9.0),
    ]
    table = claims.evaluate(entries, root=tmp_path).set_index("id")
    assert list(table.reset_index().columns[: len(claims.COLUMNS)]) == claims.COLUMNS
    assert table.loc["ok", "status"] == "reproduced"
    assert table.loc["off", "status"] == "deviates"
    assert table.loc["off", "reproduced"] == 2.5
    assert table.loc["off", "rel_dev"] == pytest.approx(-0.5 / 3.0)
    assert table.loc["abs", "status"] == "reproduced"
    assert table.loc["bound", "status"] == "reproduced"
    assert table.loc["bound-fails", "status"] == "deviates"
    assert table.loc["sel", "status"] == "reproduced"
    line = claims.summary_line(table.reset_index())
    assert line.startswith("claims: 4 reproduced, 2 deviates (of 6)")


@pytest.mark.parametrize(
    "entry, match",
    [
        (
            _entry(id="no-file", file="results/nope.nc"),
            "claim no-file: results/nope.nc does not exist",
        ),
        (
            _entry(id="typo", variable="scalr"),
            "claim typo: variable 'scalr' is not in results/d.nc",
        ),
        (
            _entry(id="gone", variable="x", select={"t": 99.0}),
            r"claim gone: t = 99.0 is not computed in results/d.nc",
        ),
        (
            _entry(id="dim", variable="x", select={"case": "X1"}),
            r"claim dim: select \['case'\] are not dimensions",
        ),
        (_entry(id="field", quantity="rate at {nope}"), "claim field: quantity field 'nope'"),
    ],
)
def test_a_claim_that_cannot_be_evaluated_is_an_error_naming_it(
    tmp_path, tiny_dataset, entry, match
):
    store.write(
        tiny_dataset,
        tmp_path / "results" / "d.nc",
        paper=store.PAPERS["katz2022"],
        figure="f",
        params={},
    )
    with pytest.raises(claims.ClaimsError, match=match):
        claims.evaluate([entry], root=tmp_path)


def test_quantity_is_rendered_from_the_selected_data_and_attrs(tmp_path, tiny_dataset):
    ds = tiny_dataset.assign(
        n=((), 40, {"units": "1", "long_name": "a size"}),
        y=("t", np.arange(5.0) * 10, {"units": "1", "long_name": "ten t"}),
    )
    ds.attrs["cell"] = "K-3He"
    store.write(
        ds, tmp_path / "results" / "d.nc", paper=store.PAPERS["katz2022"], figure="f", params={}
    )
    entry = _entry(
        quantity="x at t = {t:g}, y = {y:g}, N = {n}, cell {cell}",
        variable="x",
        select={"t": 3.0},
        paper_value=9.0,
    )
    table = claims.evaluate([entry], root=tmp_path)
    assert table.loc[0, "quantity"] == "x at t = 3, y = 30, N = 40, cell K-3He"


def test_non_finite_reproduced_value_is_an_error(tmp_path, tiny_dataset):
    ds = tiny_dataset.assign(scalar=tiny_dataset.scalar * np.nan)
    store.write(
        ds, tmp_path / "results" / "d.nc", paper=store.PAPERS["katz2022"], figure="f", params={}
    )
    with pytest.raises(claims.ClaimsError, match="claim t-x: reproduced value is nan"):
        claims.evaluate([_entry()], root=tmp_path)


def test_claims_citing_files_no_stage_produces_are_named():
    entries = [_entry(id="a", file="results/a.nc"), _entry(id="b", file="results/b.nc")]
    claims.check_sources(entries, {"results/a.nc", "results/b.nc"})
    with pytest.raises(claims.ClaimsError, match=r"b \(results/b.nc\)"):
        claims.check_sources(entries, {"results/c.nc", "results/a.nc"})


def test_non_scalar_selection_is_an_error(tmp_path, tiny_dataset):
    store.write(
        tiny_dataset,
        tmp_path / "results" / "d.nc",
        paper=store.PAPERS["katz2022"],
        figure="f",
        params={},
    )
    with pytest.raises(claims.ClaimsError, match="exactly one"):
        claims.evaluate([_entry(variable="x")], root=tmp_path)


@pytest.mark.parametrize(
    "entry, match",
    [
        ({k: v for k, v in _entry().items() if k != "file"}, "missing keys"),
        (_entry(relation="~"), "relation = '~'"),
        (_entry(tolerance_kind="percent"), "tolerance_kind"),
        (_entry(file="d.csv"), "file = 'd.csv'"),
        (_entry(quantity="broken {"), "not a valid text template"),
        (_entry(tolerance=0), "tolerance > 0"),
        (_entry(extra=1), "unknown keys"),
        (_entry(paper_value="4.1"), "paper_value = '4.1'"),
    ],
)
def test_malformed_entries_name_file_and_entry(tmp_path, entry, match):
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump([entry]))
    with pytest.raises(claims.ClaimsError, match=match) as err:
        claims.load_registry([path])
    assert "c.yaml: entry 1" in str(err.value)


def test_duplicate_ids_are_rejected(tmp_path):
    (tmp_path / "a.yaml").write_text(yaml.safe_dump([_entry()]))
    (tmp_path / "b.yaml").write_text(yaml.safe_dump([_entry()]))
    with pytest.raises(claims.ClaimsError, match="already used"):
        claims.load_registry([tmp_path / "a.yaml", tmp_path / "b.yaml"])


def test_a_claim_reads_only_a_file_of_its_own_paper(tmp_path, tiny_dataset):
    path = tmp_path / "results" / "d.nc"
    store.write(tiny_dataset, path, paper=store.PAPERS["masson2021"], figure="f", params={})
    with pytest.raises(store.StoreError, match="paper is"):
        claims.evaluate([_entry()], root=tmp_path)
