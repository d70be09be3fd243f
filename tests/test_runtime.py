"""Run-time plumbing: the sweep of what killed jobs leave behind."""

from spinbridge.runtime import sweep_debris


def test_sweep_removes_hidden_temporaries_and_nothing_else(tmp_path):
    (tmp_path / "cells").mkdir()
    keep = [tmp_path / "cells" / "K-3He.nc", tmp_path / "tables.tmp", tmp_path / ".hidden"]
    for p in keep:
        p.write_text("x")
    debris_file = tmp_path / "cells" / ".K-3He.nc.abc123.tmp"
    debris_file.write_text("half a file")
    debris_dir = tmp_path / ".katz2022.jupyter.xyz.tmp"
    debris_dir.mkdir()
    (debris_dir / "kernel-1.json").write_text('{"key": "secret"}')
    removed = sweep_debris(tmp_path)
    assert set(removed) == {debris_file, debris_dir}
    assert not debris_file.exists() and not debris_dir.exists()
    assert all(p.exists() for p in keep)


def test_sweep_of_a_missing_folder_does_nothing(tmp_path):
    assert sweep_debris(tmp_path / "results") == []
