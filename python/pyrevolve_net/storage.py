"""Checkpoint storages with pyrevolve's ``pyrevolve.storage`` interface.

The Revolvers of this package store checkpoints in the C# core (an aligned memory pool, or disk files with
checksums and write-behind); these classes describe such a tier to :class:`MultiLevelRevolver`
(``n_ckp``, ``wd``, ``rd``, where the files go) and also work on their own, as in pyrevolve: ``save(key,
arrays)`` / ``load(key, locations)``, and the stack interface ``push`` / ``peek`` / ``pop``.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from typing import Any, Callable, Iterable

import numpy as np

from .profiling import Profiler

__all__ = ["Storage", "NumpyStorage", "BytesStorage", "DiskStorage"]


def _positive(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must be non-negative, got {value}")
    return int(value)


class Storage:
    """Base: ``size_ckp`` elements (bytes for BytesStorage) per checkpoint, ``n_ckp`` checkpoints."""

    kind = "memory"

    def __init__(self, size_ckp: int, n_ckp: int, dtype: Any, profiler: Profiler | None = None, wd: float = 0,
                 rd: float = 0, name: str = "storage") -> None:
        self.size_ckp = _positive("size_ckp", size_ckp)
        self.n_ckp = _positive("n_ckp", n_ckp)
        self.dtype = np.dtype(dtype)
        self.profiler = profiler or Profiler()
        self.wd = float(wd)
        self.rd = float(rd)
        self.name = name
        self._stack: list[int] = []

    @property
    def maxsize(self) -> int:
        return self.size_ckp * self.n_ckp

    @property
    def maxsize_in_bytes(self) -> int:
        return self.maxsize * self.dtype.itemsize

    @property
    def nckp(self) -> int:
        return self.n_ckp

    @property
    def size(self) -> int:
        return len(self._stack) * self.size_ckp

    def save(self, key: int, data: Iterable[np.ndarray]) -> None:
        raise NotImplementedError

    def load(self, key: int, locations: Iterable[np.ndarray]) -> None:
        raise NotImplementedError

    def _check_key(self, key: int) -> int:
        key = _positive("key", key)
        if key >= self.n_ckp:
            raise IndexError(f"checkpoint key {key} out of range: this storage holds {self.n_ckp}")
        return key

    # Stack interface (used by multi-level schedules).
    def isFull(self) -> bool:  # noqa: N802 - pyrevolve's name
        return len(self._stack) >= self.n_ckp

    def isEmpty(self) -> bool:  # noqa: N802 - pyrevolve's name
        return not self._stack

    def push(self, data: Iterable[np.ndarray]) -> None:
        if self.isFull():
            raise ValueError(f"{self.name} is full ({self.n_ckp} checkpoints)")
        key = len(self._stack)
        self.save(key, data)
        self._stack.append(key)

    def peek(self, locations: Iterable[np.ndarray]) -> None:
        if self._stack:
            self.load(self._stack[-1], locations)

    def pop(self, locations: Iterable[np.ndarray]) -> None:
        if not self._stack:
            raise ValueError(f"{self.name} is empty")
        self.load(self._stack.pop(), locations)


def _flat(arrays: Iterable[np.ndarray]) -> list[np.ndarray]:
    out = []
    for a in arrays:
        a = np.asarray(a)
        if a.ndim and a.strides[-1] != a.itemsize:
            raise ValueError("checkpoint arrays must have unit stride in their last dimension")
        out.append(a)
    return out


class NumpyStorage(Storage):
    """Checkpoints in one preallocated ``(n_ckp, size_ckp)`` array."""

    def __init__(self, size_ckp: int, n_ckp: int, dtype: Any, profiler: Profiler | None = None, wd: float = 0,
                 rd: float = 0, name: str = "MemoryStorage") -> None:
        super().__init__(size_ckp, n_ckp, dtype, profiler, wd, rd, name)
        self.storage = np.zeros((self.n_ckp, self.size_ckp), dtype=self.dtype)
        self.shapes: dict[int, list[tuple[int, ...]]] = {}

    def __getitem__(self, key: int) -> np.ndarray:
        return self.storage[key]

    def save(self, key: int, data: Iterable[np.ndarray]) -> None:
        key = self._check_key(key)
        row, pos, shapes = self.storage[key], 0, []
        with self.profiler.get_timer("storage", "copy_save"):
            for a in _flat(data):
                n = a.size
                if pos + n > self.size_ckp:
                    raise ValueError(f"checkpoint data ({pos + n} elements) exceeds size_ckp={self.size_ckp}")
                row[pos:pos + n] = a.reshape(-1)
                pos += n
                shapes.append(a.shape)
        self.shapes[key] = shapes

    def load(self, key: int, locations: Iterable[np.ndarray]) -> None:
        key = self._check_key(key)
        row, pos = self.storage[key], 0
        with self.profiler.get_timer("storage", "copy_load"):
            for loc in _flat(locations):
                n = loc.size
                loc[...] = row[pos:pos + n].reshape(loc.shape)
                pos += n


class BytesStorage(Storage):
    """Compressed checkpoints in one byte buffer. ``size_ckp`` is in bytes; as in pyrevolve, a slot may hold up
    to ``size_ckp * dtype.itemsize`` bytes (room for incompressible data), and slots do not overlap here."""

    def __init__(self, size_ckp: int, n_ckp: int, dtype: Any, compression: tuple[Callable, Callable],
                 auto_pickle: bool = False, profiler: Profiler | None = None, wd: float = 0, rd: float = 0,
                 name: str = "ByteStorage") -> None:
        super().__init__(size_ckp, n_ckp, dtype, profiler, wd, rd, name)
        if not (isinstance(compression, tuple) and len(compression) == 2 and all(map(callable, compression))):
            raise TypeError("compression must be a (compressor, decompressor) pair, e.g. from init_compression()")
        self.compressor, self.decompressor = compression
        self.auto_pickle = auto_pickle
        self.slot_bytes = self.size_ckp * self.dtype.itemsize
        self.storage = bytearray(self.slot_bytes * self.n_ckp)
        self.metadata: dict[int, list[tuple[int, Any]]] = {}

    def save(self, key: int, data: Iterable[np.ndarray]) -> None:
        key = self._check_key(key)
        start = pos = key * self.slot_bytes
        meta = []
        for a in data:
            obj = self.compressor(np.asarray(a))
            n = len(obj.data)
            if pos + n - start > self.slot_bytes:
                raise ValueError(f"compressed checkpoint ({pos + n - start} bytes) exceeds the slot size {self.slot_bytes}")
            self.storage[pos:pos + n] = bytes(obj.data)
            meta.append((n, obj))
            pos += n
        self.metadata[key] = meta

    def load(self, key: int, locations: Iterable[np.ndarray]) -> None:
        key = self._check_key(key)
        if key not in self.metadata:
            raise KeyError(f"no checkpoint saved under key {key}")
        pos = key * self.slot_bytes
        for loc, (n, obj) in zip(locations, self.metadata[key]):
            obj.data = bytes(self.storage[pos:pos + n])
            loc[...] = np.asarray(self.decompressor(obj)).reshape(np.shape(loc))
            pos += n


class DiskStorage(Storage):
    """Checkpoints as raw files in a private directory under ``filedir`` (removed when the object goes)."""

    kind = "disk"

    def __init__(self, size_ckp: int, n_ckp: int, dtype: Any, profiler: Profiler | None = None,
                 filedir: str | os.PathLike[str] | None = "./", singlefile: bool = True, wd: float = 0, rd: float = 0,
                 name: str = "DiskStorage", keepfiles: bool = False) -> None:
        super().__init__(size_ckp, n_ckp, dtype, profiler, wd, rd, name)
        self.filedir = os.fspath(filedir if filedir is not None else "./")
        if not os.path.isdir(self.filedir):
            raise ValueError(f"filedir {self.filedir!r} is not a directory")
        self.singlefile = bool(singlefile)
        self.keepfiles = keepfiles
        self.datdir = tempfile.mkdtemp(prefix=f"pyrevolve-net-{os.getpid()}-", dir=self.filedir)
        self.shapes: dict[int, list[tuple[int, ...]]] = {}
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.datdir, True) if not keepfiles else None

    def _path(self, key: int) -> str:
        return os.path.join(self.datdir, "checkpoints.dat" if self.singlefile else f"checkpoint.k{key}")

    def save(self, key: int, data: Iterable[np.ndarray]) -> None:
        key = self._check_key(key)
        arrays = [np.ascontiguousarray(a, dtype=self.dtype) for a in data]
        path = self._path(key)
        mode = "r+b" if os.path.exists(path) else "wb"
        with open(path, mode) as f:
            if self.singlefile:
                f.seek(key * self.size_ckp * self.dtype.itemsize)
            for a in arrays:
                a.tofile(f)
        self.shapes[key] = [a.shape for a in arrays]

    def load(self, key: int, locations: Iterable[np.ndarray]) -> None:
        key = self._check_key(key)
        with open(self._path(key), "rb") as f:
            if self.singlefile:
                f.seek(key * self.size_ckp * self.dtype.itemsize)
            for loc in locations:
                n = int(np.prod(np.shape(loc)))
                values = np.fromfile(f, dtype=self.dtype, count=n)
                if values.size != n:
                    raise OSError(f"checkpoint {key} in {self.datdir} is truncated")
                loc[...] = values.reshape(np.shape(loc))

    def removeDatdir(self) -> None:  # noqa: N802 - pyrevolve's name
        if self._finalizer is not None:
            self._finalizer()
        else:
            shutil.rmtree(self.datdir, ignore_errors=True)
