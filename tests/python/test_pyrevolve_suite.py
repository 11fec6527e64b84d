"""pyrevolve's own test scenarios (written afresh) against the drop-in: counts, storages, compression,
multi-level. Disk storages write under the current directory, as pyrevolve's tests do; each test runs in a
temporary one and checks that nothing is left behind."""
from __future__ import annotations

import gc
import os

import numpy as np
import pytest

from pyrevolve import MultiLevelRevolver, Operator, Profiler, SingleLevelRevolver
from pyrevolve.compression import compressors_available, init_compression
from pyrevolve.storage import BytesStorage, DiskStorage, NumpyStorage
from models import CountingCheckpoint, CountingOperator, Field


@pytest.fixture(autouse=True)
def in_tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    yield
    gc.collect()
    assert os.listdir(tmp_path) == [], "disk checkpoints left behind"


class Inc(Operator):
    """Forward: u += steps. Reverse: v = 1 - u (so v == 0 at the end only if the last adjoint step sees u == 1)."""

    def __init__(self, direction, u, v=None):
        self.direction, self.u, self.v, self.counter = direction, u, v, 0

    def apply(self, **kwargs):
        n = kwargs["t_end"] - kwargs["t_start"]
        if self.direction == 1:
            self.u += n
        else:
            self.v[:] = 1 - self.u
        self.counter += n


@pytest.mark.parametrize("scheme", compressors_available)
def test_bytes_storage_round_trip(scheme):
    store = BytesStorage(100, 5, np.float32, init_compression({"scheme": scheme}), False)
    # cvxcompress has no hard bound: its quantization step is compscale (1e-3) x max|u|, so half of it is the error
    atol = 0.5e-3 * 5 if scheme == "cvxcompress" else 1e-6
    a, b = np.zeros((5, 5), np.float32), np.ones((3, 3), np.float32)
    a1, b1 = np.empty_like(a), np.empty_like(b)
    for i in range(5):
        store.save(0, [a + i, b + i])
        store.load(0, [a1, b1])
        np.testing.assert_allclose(a1, a + i, atol=atol)
        np.testing.assert_allclose(b1, b + i, atol=atol)


GRID = [(10, c) for c in (2, 4, 6, 8, 9, 10, 11, 12)]


@pytest.mark.parametrize("nt,ncp", GRID)
@pytest.mark.parametrize("singlefile", [True, False])
@pytest.mark.parametrize("disk", [True, False])
def test_single_level_forward_reverse_and_counts(nt, ncp, singlefile, disk):
    df = np.zeros((nt, ncp))
    db = np.zeros((nt, ncp))
    f, b = Inc(1, df), Inc(-1, df, db)
    rev = SingleLevelRevolver(Field(df), f, b, ncp, nt, diskstorage=disk, filedir="./", singlefile=singlefile)
    rev.apply_forward()
    assert f.counter == nt and b.counter == 0
    rev.apply_reverse()
    assert b.counter == nt and np.count_nonzero(db) == 0

    cp, f2, b2 = CountingCheckpoint(), CountingOperator(), CountingOperator()
    rev = SingleLevelRevolver(cp, f2, b2, ncp, nt, diskstorage=disk, filedir="./", singlefile=singlefile)
    rev.apply_forward()
    assert cp.loads == 0
    rev.apply_reverse()
    assert cp.loads >= cp.saves


@pytest.mark.parametrize("nt", [1, 5, 10, 20])
@pytest.mark.parametrize("costs", [(0, 0, 0, 0, 1, 1), (2, 2, 2, 2, 1, 1), (0, 2, 2, 0, 2, 1), (2, 0, 0, 2, 1, 2)])
@pytest.mark.parametrize("singlefile", [True, False])
def test_multilevel(nt, costs, singlefile):
    mwd, mrd, dwd, drd, uf, ub = costs
    df = np.zeros((10, 10))
    db = np.zeros((10, 10))
    cp = Field(df)
    f, b = Inc(1, df), Inc(-1, df, db)
    profiler = Profiler()
    levels = [NumpyStorage(cp.size, nt, cp.dtype, profiler, wd=mwd, rd=mrd),
              DiskStorage(cp.size, nt, cp.dtype, profiler, filedir="./", singlefile=singlefile, wd=dwd, rd=drd)]
    rev = MultiLevelRevolver(cp, f, b, nt, storage_list=levels, uf=uf, ub=ub)
    rev.apply_forward()
    assert f.counter == nt and b.counter == 0
    rev.apply_reverse()
    assert np.count_nonzero(db) == 0
    # Same fields as the memory revolver with every step stored.
    df2, db2 = np.zeros((10, 10)), np.zeros((10, 10))
    from pyrevolve import MemoryRevolver
    rev2 = MemoryRevolver(Field(df2), Inc(1, df2), Inc(-1, df2, db2), nt, nt)
    rev2.apply_forward()
    rev2.apply_reverse()
    np.testing.assert_array_equal(df, df2)
    np.testing.assert_array_equal(db, db2)
    del levels, rev


def test_multilevel_needs_a_storage_list():
    with pytest.raises(ValueError, match="storage_list"):
        MultiLevelRevolver(CountingCheckpoint(), CountingOperator(), CountingOperator(), 10, storage_list=None)
    with pytest.raises(ValueError, match="storage_list"):
        MultiLevelRevolver(CountingCheckpoint(), CountingOperator(), CountingOperator(), 10, storage_list=[])
