"""Checkpoint compression hooks, compatible with pyrevolve's ``pyrevolve.compression``.

``init_compression({'scheme': ...})`` returns a ``(compress, decompress)`` pair: ``compress(ndarray) ->
CompressedObject`` and ``decompress(CompressedObject) -> ndarray``. Schemes: ``None`` (raw bytes),
``'blosc'`` (when python3-blosc is installed), ``'zfp'`` (when python3-zfpy is installed; fixed-accuracy
mode with ``tolerance``), ``'custom'`` (``compressor(params, ndarray)`` and ``decompressor(params, obj)``
callables in the dict), and the native codecs of the C# core: ``'noop'``, ``'bitcomp'``, ``'bounded'``,
``'lossless'`` (their parameters as in :func:`get_codec`). Unlike pyrevolve, an unknown or missing scheme is a
``ValueError`` naming it.

Native codecs, numcodecs style::

    codec = get_codec({'id': 'bitcomp', 'nbits': 9})       # or Codec('bitcomp', nbits=9)
    blob = codec.encode(u)                                  # float32 ndarray (1-3 dims, C-contiguous) -> bytes
    v = codec.decode(blob)                                  # -> ndarray of u's shape; decode(blob, out=v) reuses v
    codec.get_config()                                      # {'id': 'bitcomp', 'nbits': 9, 'zero_exact': False, ...}

Every blob carries a header (codec, shape, parameters, checksum), so :func:`decode` reads any blob without
knowing its codec; damaged or truncated blobs raise :class:`pyrevolve_net.CorruptCheckpointError`.
Codecs: ``noop`` (copy); ``bitcomp`` (``nbits`` 1..24, default 9, error <= (max-min)/(2**nbits-1)/2;
``zero_exact`` keeps zeros exact; ``entropy`` adds Lorenzo prediction + Huffman coding; refuses NaN/Inf);
``bounded`` (hard bound ``tolerance``, or ``rel_tolerance`` x max|u|, default 1e-3; NaN/Inf kept exactly);
``lossless`` (every bit pattern kept; ``mode`` "fast" (default: bit packing, ~1.3x at GB/s) or "compact"
(Huffman, ~1.4x, slower); either stream decodes with either); ``cvxcompress`` (block wavelet with per-band steps, ``compscale``
default 1e-3: rel. L2 about 0.2-0.4 x compscale, ``block`` 8/16/32/64, ``threads`` 1 (0: all cores); no hard bound;
refuses NaN/Inf).
"""
from __future__ import annotations

import importlib.util
import pickle
from functools import partial
from typing import Any, Callable

import numpy as np

__all__ = [
    "CODEC_PARAMETERS",
    "Codec",
    "CompressedObject",
    "decode",
    "get_codec",
    "stream_info",
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


# Native codecs: parameter -> (accepted Python types, default). Mirrors src/Core/Compression/CodecFactory.cs.
CODEC_PARAMETERS: dict[str, dict[str, tuple[tuple[type, ...], Any]]] = {
    "noop": {},
    "bitcomp": {"nbits": ((int,), 9), "zero_exact": ((bool,), False), "entropy": ((bool,), False)},
    "bounded": {"tolerance": ((int, float, type(None)), None), "rel_tolerance": ((int, float, type(None)), None)},
    "lossless": {"mode": ((str,), "fast")},
    "cvxcompress": {"compscale": ((int, float), 1e-3), "block": ((int,), 32), "threads": ((int,), 1)},
}


class Codec:
    """A native codec (numcodecs convention): ``encode(ndarray) -> bytes``, ``decode(bytes, out=None) -> ndarray``.

    Encoding reads the array in place (no copy in) and copies the stream once into the returned ``bytes``;
    decoding writes straight into ``out`` or a fresh array. The codec is thread-safe; the GIL is released
    while the C# core works. ``close()`` (or ``with``) frees the native object early.
    """

    def __init__(self, codec_id: str, **params: Any) -> None:
        if not isinstance(codec_id, str):
            raise TypeError(f"codec id must be a str, not {type(codec_id).__name__}")
        if codec_id not in CODEC_PARAMETERS:
            raise ValueError(f"unknown codec id {codec_id!r}; known: {', '.join(sorted(CODEC_PARAMETERS))}")
        spec = CODEC_PARAMETERS[codec_id]
        for name, value in params.items():
            if name not in spec:
                raise ValueError(f"unknown parameter {name!r} for codec {codec_id!r}; it takes: "
                                 + (", ".join(spec) if spec else "no parameters"))
            types, _ = spec[name]
            if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                raise TypeError(f"parameter {name!r} of codec {codec_id!r} must be "
                                f"{' or '.join(t.__name__ for t in types)}, not {type(value).__name__}")
        from ._native import codec_api

        self._api = codec_api
        self.codec_id = codec_id
        self._handle = codec_api.create(codec_id, {k: v for k, v in params.items() if v is not None})
        self._config = codec_api.get_config(self._handle)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "Codec":
        return get_codec(config)

    def get_config(self) -> dict[str, Any]:
        return dict(self._config)

    def encode(self, buf: np.ndarray) -> bytes:
        if not isinstance(buf, np.ndarray):
            raise TypeError(f"encode needs a numpy.ndarray of float32, not {type(buf).__name__}")
        if buf.dtype != np.float32:
            raise TypeError(f"encode needs dtype float32, not {buf.dtype} (convert with arr.astype(np.float32))")
        if not buf.flags.c_contiguous:
            raise ValueError("encode needs a C-contiguous array (use np.ascontiguousarray)")
        if not 1 <= buf.ndim <= 3:
            raise ValueError(f"encode takes arrays of 1 to 3 dimensions, not {buf.ndim}")
        if buf.size == 0:
            raise ValueError("encode needs a non-empty array")
        if not buf.dtype.isnative:
            raise TypeError("encode needs native (little-endian) float32")
        out = np.empty(self._api.max_encoded_size(self._handle, buf.size), dtype=np.uint8)
        n = self._api.encode_into(self._handle, buf, out)
        return out[:n].tobytes()

    def decode(self, buf: Any, out: np.ndarray | None = None) -> np.ndarray:
        stream = _as_bytes_array(buf)
        _, shape = self._api.peek_header(stream)
        if out is None:
            out = np.empty(shape, dtype=np.float32)
        else:
            _check_out(out, shape)
        self._api.decode_into(self._handle, stream, out)
        return out

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "Codec":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self._config.items() if k != "id")
        return f"Codec({self.codec_id!r}{', ' if params else ''}{params})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Codec) and self._config == other._config

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._config.items())))


def get_codec(config: dict[str, Any]) -> Codec:
    """A codec from its config, numcodecs style: ``get_codec({'id': 'bounded', 'rel_tolerance': 1e-3})``."""
    if not isinstance(config, dict):
        raise TypeError(f"codec config must be a dict with an 'id' key, not {type(config).__name__}")
    params = dict(config)
    codec_id = params.pop("id", None)
    if codec_id is None:
        raise ValueError("codec config needs an 'id' key (one of: " + ", ".join(sorted(CODEC_PARAMETERS)) + ")")
    return Codec(codec_id, **params)


def _as_bytes_array(buf: Any) -> np.ndarray:
    if isinstance(buf, np.ndarray):
        if not buf.flags.c_contiguous:
            raise ValueError("the encoded buffer must be contiguous")
        return buf.reshape(-1).view(np.uint8)
    try:
        return np.frombuffer(buf, dtype=np.uint8)
    except TypeError:
        raise TypeError(f"decode needs bytes-like data, not {type(buf).__name__}") from None


def _check_out(out: np.ndarray, shape: tuple[int, ...]) -> None:
    if not isinstance(out, np.ndarray):
        raise TypeError(f"out must be a numpy.ndarray, not {type(out).__name__}")
    if out.dtype != np.float32:
        raise TypeError(f"out must have dtype float32, not {out.dtype}")
    if not out.flags.c_contiguous or not out.flags.writeable:
        raise ValueError("out must be a writeable C-contiguous array")
    if out.size != int(np.prod(shape)):
        raise ValueError(f"out holds {out.size} values but the stream has shape {shape}")


def stream_info(buf: Any) -> tuple[str, tuple[int, ...]]:
    """(codec id, shape) of an encoded blob, read from its header."""
    from ._native import codec_api

    return codec_api.peek_header(_as_bytes_array(buf))


def decode(buf: Any, out: np.ndarray | None = None) -> np.ndarray:
    """Decodes any blob made by a native codec (the codec and its parameters come from the header)."""
    codec_id, _ = stream_info(buf)
    if codec_id not in CODEC_PARAMETERS:
        from ._native import CorruptCheckpointError

        raise CorruptCheckpointError(f"the blob was written by codec {codec_id!r}, which this build cannot read")
    return Codec(codec_id).decode(buf, out)


def _native_compress(codec_id: str, params: dict[str, Any], data: np.ndarray) -> CompressedObject:
    codec = Codec(codec_id, **params)
    arr = np.ascontiguousarray(data, dtype=np.float32)
    return CompressedObject(codec.encode(arr), shape=data.shape, dtype=data.dtype, metadata={"codec": codec.get_config()})


def _native_decompress(codec_id: str, params: dict[str, Any], obj: CompressedObject) -> np.ndarray:
    out = decode(obj.data)
    return out.reshape(obj.shape).astype(obj.dtype, copy=False) if obj.shape is not None else out


compressors: dict[Any, Callable[..., CompressedObject]] = {None: _none_compress, "blosc": _blosc_compress, "zfp": _zfp_compress}
decompressors: dict[Any, Callable[..., np.ndarray]] = {None: _none_decompress, "blosc": _blosc_decompress, "zfp": _zfp_decompress}
compressors_known = {"blosc": "python3-blosc", "zfp": "python3-zfpy"}
DEFAULTS: dict[Any, dict[str, Any]] = {None: {}, "blosc": {"chunk_size": 1_000_000}, "zfp": {"tolerance": 1e-7, "parallel": True}}
compressors_available: list[Any] = [None] + [
    scheme for scheme, module in (("blosc", "blosc"), ("zfp", "zfpy")) if importlib.util.find_spec(module) is not None
]
for _name in CODEC_PARAMETERS:
    compressors[_name] = partial(_native_compress, _name)
    decompressors[_name] = partial(_native_decompress, _name)
    compressors_known[_name] = "the pyrevolve_net native core"
    DEFAULTS[_name] = {}
    compressors_available.append(_name)


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
