"""The claims scorecard: registry checks and status logic (reproduced / deviates / pending)."""

import math

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
        file="d.nc",
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
    store.write(tiny_dataset, tmp_path / "d.nc", paper="p", figure="f", params={})
    entries = [
        _entry(id="ok", paper_value=2.4),  # 2.5 vs 2.4: 4 % < 10 %
        _entry(id="off", paper_value=3.0),  # 17 % > 10 %: deviates, value kept
        _entry(id="abs", paper_value=2.45, tolerance=0.1, tolerance_kind="absolute"),
        _entry(id="bound", relation=">", paper_value=2.0),
        _entry(id="bound-fails", relation="<", paper_value=2.0),
        _entry(id="sel", variable="x", select={"t": 3.0}, paper_value=9.0),
        _entry(id="missing", file="nope.nc"),
        _entry(id="not-computed", variable="x", select={"t": 99.0}),
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
    assert table.loc["missing", "status"] == "pending"
    assert math.isnan(table.loc["missing", "reproduced"])
    assert table.loc["not-computed", "status"] == "pending"
    assert "not computed" in table.loc["not-computed", "note"]
    line = claims.summary_line(table.reset_index())
    assert line.startswith("claims: 4 reproduced, 2 deviates, 2 pending (of 8)")


def test_non_scalar_selection_is_an_error(tmp_path, tiny_dataset):
    store.write(tiny_dataset, tmp_path / "d.nc", paper="p", figure="f", params={})
    with pytest.raises(claims.ClaimsError, match="exactly one"):
        claims.evaluate([_entry(variable="x")], root=tmp_path)


@pytest.mark.parametrize(
    "entry, match",
    [
        ({k: v for k, v in _entry().items() if k != "file"}, "missing keys"),
        (_entry(relation="~"), "relation"),
        (_entry(tolerance=0), "tolerance > 0"),
        (_entry(extra=1), "unknown keys"),
        (_entry(paper_value="4.1"), "number"),
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
