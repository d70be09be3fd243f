"""spinbridge.store: atomic writes, provenance attrs, and clear errors on damaged files."""

import json

import pytest
import xarray as xr

from spinbridge import store


def test_roundtrip_keeps_data_and_adds_provenance(tmp_path, tiny_dataset):
    path = store.write(
        tiny_dataset,
        tmp_path / "a" / "x.nc",
        paper=store.PAPERS["katz2022"],
        figure="Fig. 0",
        params={"b": 2, "a": [1, 2]},
        seed=7,
    )
    ds = store.read(path)
    xr.testing.assert_allclose(ds[["x", "scalar"]], tiny_dataset[["x", "scalar"]])
    for key in store.REQUIRED_ATTRS:
        assert key in ds.attrs
    assert ds.attrs["seed"] == 7
    assert ds.attrs["paper"] == "10.1103/PRXQuantum.3.010305"
    assert ds.attrs["config_sha256"] == store.config_sha256({"a": [1, 2], "b": 2})
    assert json.loads(ds.attrs["params"]) == {"a": [1, 2], "b": 2}
    assert ds["x"].encoding.get("zlib") or ds["x"].encoding.get("compression")


def test_config_hash_ignores_key_order_but_not_values():
    assert store.config_sha256({"a": 1, "b": 2}) == store.config_sha256({"b": 2, "a": 1})
    assert store.config_sha256({"a": 1}) != store.config_sha256({"a": 1.0000001})


def test_write_refuses_variables_without_units(tmp_path, tiny_dataset):
    bad = tiny_dataset.copy()
    bad["x"].attrs.pop("units")
    with pytest.raises(store.StoreError, match="x"):
        store.write(bad, tmp_path / "x.nc", paper="p", figure="f", params={})
    assert not list(tmp_path.iterdir())


def test_crash_mid_write_leaves_no_file_and_keeps_the_old_one(tmp_path, tiny_dataset, monkeypatch):
    target = tmp_path / "x.nc"

    def crash(self, path, *args, **kwargs):
        with open(path, "wb") as fh:
            fh.write(b"CDF\x01 half a file")
        raise KeyboardInterrupt("killed mid-write")

    monkeypatch.setattr(xr.Dataset, "to_netcdf", crash)
    with pytest.raises(KeyboardInterrupt):
        store.write(tiny_dataset, target, paper="p", figure="f", params={})
    assert list(tmp_path.iterdir()) == []  # neither the target nor a temporary file

    monkeypatch.undo()
    store.write(tiny_dataset, target, paper="p", figure="old", params={})
    monkeypatch.setattr(xr.Dataset, "to_netcdf", crash)
    with pytest.raises(KeyboardInterrupt):
        store.write(tiny_dataset, target, paper="p", figure="new", params={})
    monkeypatch.undo()
    assert store.read(target).attrs["figure"] == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.nc"]


def test_truncated_file_names_the_file_the_rule_and_a_command_snakemake_accepts(
    tmp_path, tiny_dataset, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # the repository root, where snakemake runs
    path = tmp_path / "results" / "cells" / "K-3He.nc"
    store.write(tiny_dataset, path, paper="p", figure="f", params={})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(store.StoreError, match=r"K-3He\.nc.*cells_parameters") as err:
        store.read(path)
    # a target relative to the working directory: Snakemake rejects absolute --forcerun paths
    assert "--force results/cells/K-3He.nc`" in str(err.value)


def test_data_changed_after_writing_fail_the_checksum(tmp_path, tiny_dataset):
    import netCDF4

    path = store.write(tiny_dataset, tmp_path / "x.nc", paper="p", figure="f", params={})
    with netCDF4.Dataset(path, "a") as nc:
        nc["x"][2] = -1.0
    with pytest.raises(store.StoreError, match="do not match the checksum"):
        store.read(path)


def test_a_file_copied_over_another_is_refused(tmp_path, tiny_dataset):
    k = tiny_dataset.assign_attrs(cell="K-3He")
    rb = tiny_dataset.assign_attrs(cell="Rb-129Xe")
    store.write(k, tmp_path / "K-3He.nc", paper="p", figure="f", params={})
    store.write(rb, tmp_path / "Rb-129Xe.nc", paper="p", figure="f", params={})
    assert store.read(tmp_path / "K-3He.nc", expect={"cell": "K-3He"}).attrs["cell"] == "K-3He"
    (tmp_path / "K-3He.nc").write_bytes((tmp_path / "Rb-129Xe.nc").read_bytes())
    with pytest.raises(store.StoreError, match="cell is 'Rb-129Xe', expected 'K-3He'"):
        store.read(tmp_path / "K-3He.nc", expect={"cell": "K-3He"})


def test_a_pipeline_file_copied_to_another_name_is_refused(tmp_path, tiny_dataset, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store.write(tiny_dataset, "results/cells/Rb-129Xe.nc", paper="p", figure="f", params={})
    assert (
        store.read("results/cells/Rb-129Xe.nc").attrs["written_as"] == "results/cells/Rb-129Xe.nc"
    )
    target = tmp_path / "results" / "cells" / "K-3He.nc"
    target.write_bytes((tmp_path / "results" / "cells" / "Rb-129Xe.nc").read_bytes())
    with pytest.raises(store.StoreError, match="written as results/cells/Rb-129Xe.nc"):
        store.read(target)


def test_outputs_follow_the_umask(tmp_path, tiny_dataset):
    import os

    old = os.umask(0o022)
    try:
        path = store.write(tiny_dataset, tmp_path / "x.nc", paper="p", figure="f", params={})
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["x.nc"]  # no temporary file left


def test_missing_file_and_missing_attrs_are_explained(tmp_path, tiny_dataset):
    with pytest.raises(store.StoreError, match="no such file"):
        store.read(tmp_path / "nope.nc")
    tiny_dataset.to_netcdf(tmp_path / "plain.nc")
    with pytest.raises(store.StoreError, match="provenance"):
        store.read(tmp_path / "plain.nc")


def test_provenance_lookup_leaves_the_git_index_alone(tmp_path, tiny_dataset, repo):
    index = repo / ".git" / "index"
    if not index.exists():
        pytest.skip("not a git checkout")
    before = index.stat().st_mtime_ns
    store.write(tiny_dataset, tmp_path / "x.nc", paper="p", figure="f", params={})
    assert index.stat().st_mtime_ns == before
