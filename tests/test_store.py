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


def test_truncated_file_names_the_file_and_the_rule(tmp_path, tiny_dataset):
    path = tmp_path / "results" / "cells" / "K-3He.nc"
    store.write(tiny_dataset, path, paper="p", figure="f", params={})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(store.StoreError, match=r"K-3He\.nc.*cell_parameters"):
        store.read(path)


def test_missing_file_and_missing_attrs_are_explained(tmp_path, tiny_dataset):
    with pytest.raises(store.StoreError, match="no such file"):
        store.read(tmp_path / "nope.nc")
    tiny_dataset.to_netcdf(tmp_path / "plain.nc")
    with pytest.raises(store.StoreError, match="provenance"):
        store.read(tmp_path / "plain.nc")
