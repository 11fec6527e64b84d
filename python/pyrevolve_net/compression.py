"""Checkpoint compression hooks, compatible with pyrevolve's ``pyrevolve.compression``.

``init_compression({'scheme': ...})`` returns a ``(compress, decompress)`` pair: ``compress(ndarray) ->
CompressedObject`` and ``decompress(CompressedObject) -> ndarray``. Schemes: ``None`` (raw bytes),
``'blosc'`` (when python3-blosc is installed), ``'zfp'`` (when python3-zfpy is installed; fixed-accuracy
mode with ``tolerance``), ``'custom'`` (``compressor(params, ndarray)`` and ``decompressor(params, obj)``
callables in the dict). Unlike pyrevolve, an unknown or missing scheme is a ``ValueError`` naming it.
"""
from __future__ import annotations

import importlib.util
import pickle
from functools import partial
from typing import Any, Callable

import numpy as np

__all__ = [
    "CompressedObject",
    "DEFAULTS",
    "compressors",
    "compressors_available",
    "compressors_known",
    "decompressors",
    "init_compression",
]


class CompressedObject:
    """Compressed bytes plus what is needed to rebuild the array (shape, dtype, scheme metadata)."""

    def __init__(self, data: bytes | bytearray | memoryview, shape: tuple[int, ...] | None = None,
                 dtype: Any = None, metadata: dict[str, Any] | None = None) -> None:
        self.data = data
        self.shape = shape
        self.dtype = dtype
        self.metadata = dict(metadata or {})
        self.metadata.setdefault("shape", shape)
        self.metadata.setdefault("dtype", dtype)

    @property
    def pickled(self) -> bytes:
        return pickle.dumps(self)

    def __len__(self) -> int:
        return len(self.data)


def _none_compress(params: dict[str, Any], data: np.ndarray) -> CompressedObject:
    return CompressedObject(np.ascontiguousarray(data).tobytes(), shape=data.shape, dtype=data.dtype)


def _none_decompress(params: dict[str, Any], obj: CompressedObject) -> np.ndarray:
    return np.frombuffer(obj.data, dtype=obj.dtype).reshape(obj.shape)


def _blosc_compress(params: dict[str, Any], data: np.ndarray) -> CompressedObject:
    import blosc  # type: ignore[import-not-found]

    raw = np.ascontiguousarray(data).tobytes()
    step = int(params.get("chunk_size", DEFAULTS["blosc"]["chunk_size"]))
    chunks = [blosc.compress(raw[i:i + step], typesize=data.dtype.itemsize) for i in range(0, len(raw), step)]
    return CompressedObject(b"".join(chunks), shape=data.shape, dtype=data.dtype,
                            metadata={"chunks": [len(c) for c in chunks]})


def _blosc_decompress(params: dict[str, Any], obj: CompressedObject) -> np.ndarray:
    import blosc  # type: ignore[import-not-found]

    out, pos = [], 0
    for n in obj.metadata["chunks"]:
        out.append(blosc.decompress(bytes(obj.data[pos:pos + n])))
        pos += n
    return np.frombuffer(b"".join(out), dtype=obj.dtype).reshape(obj.shape)


def _zfp_compress(params: dict[str, Any], data: np.ndarray) -> CompressedObject:
    import zfpy  # type: ignore[import-not-found]

    kwargs = {k: v for k, v in params.items() if k in ("tolerance", "precision", "rate")}
    return CompressedObject(zfpy.compress_numpy(np.ascontiguousarray(data), **kwargs), shape=data.shape, dtype=data.dtype)


def _zfp_decompress(params: dict[str, Any], obj: CompressedObject) -> np.ndarray:
    import zfpy  # type: ignore[import-not-found]

    return np.asarray(zfpy.decompress_numpy(bytes(obj.data))).reshape(obj.shape)


compressors: dict[Any, Callable[..., CompressedObject]] = {None: _none_compress, "blosc": _blosc_compress, "zfp": _zfp_compress}
decompressors: dict[Any, Callable[..., np.ndarray]] = {None: _none_decompress, "blosc": _blosc_decompress, "zfp": _zfp_decompress}
compressors_known = {"blosc": "python3-blosc", "zfp": "python3-zfpy"}
DEFAULTS: dict[Any, dict[str, Any]] = {None: {}, "blosc": {"chunk_size": 1_000_000}, "zfp": {"tolerance": 1e-7, "parallel": True}}
compressors_available: list[Any] = [None] + [
    scheme for scheme, module in (("blosc", "blosc"), ("zfp", "zfpy")) if importlib.util.find_spec(module) is not None
]


def init_compression(params: dict[str, Any] | None) -> tuple[Callable[[np.ndarray], CompressedObject], Callable[[CompressedObject], np.ndarray]]:
    """The ``(compress, decompress)`` pair for ``params['scheme']``, with the other params bound."""
    if params is None:
        params = {"scheme": None}
    if not isinstance(params, dict):
        raise TypeError(f"compression_params must be a dict with a 'scheme' key, not {type(params).__name__}")
    params = dict(params)
    scheme = params.pop("scheme", None)
    if scheme == "custom":
        compressor, decompressor = params.pop("compressor", None), params.pop("decompressor", None)
        if not callable(compressor) or not callable(decompressor):
            raise ValueError("the 'custom' compression scheme needs callable 'compressor' and 'decompressor' entries")
        return partial(compressor, params), partial(decompressor, params)
    if scheme not in compressors:
        raise ValueError(f"unknown compression scheme {scheme!r}; known: None, 'custom', "
                         + ", ".join(repr(s) for s in compressors_known))
    if scheme not in compressors_available:
        raise ValueError(f"compression scheme {scheme!r} needs the Debian package {compressors_known[scheme]}")
    merged = {**DEFAULTS[scheme], **params}
    return partial(compressors[scheme], merged), partial(decompressors[scheme], merged)
