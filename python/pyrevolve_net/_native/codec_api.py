"""ctypes bindings of CodecExports (src/Interop/CodecExports.cs). Buffers cross as (pointer, length)."""
from __future__ import annotations

import ctypes
import json
from typing import Any

import numpy as np

from . import Handle, check, function

# Codec ids: src/Core/Compression/CodecId.cs.
CODEC_IDS = {"noop": 0, "bitcomp": 1, "bounded": 2, "lossless": 3, "cvxcompress": 4}
CODEC_NAMES = {v: k for k, v in CODEC_IDS.items()}

_P = ctypes.c_void_p
_I64 = ctypes.c_int64
_I32 = ctypes.c_int32


def create(codec_id: str, params: dict[str, Any]) -> Handle:
    text = json.dumps(params).encode()
    out = ctypes.c_int64()
    f = function("CodecExports", "CodecCreate", (_I32, ctypes.c_char_p, _I32, _P))
    check(f(CODEC_IDS[codec_id], text, len(text), ctypes.addressof(out)))
    return Handle(out.value)


def max_encoded_size(handle: Handle, count: int) -> int:
    out = ctypes.c_int64()
    check(function("CodecExports", "CodecMaxEncodedSize", (_I64, _I64, _P))(handle.value, count, ctypes.addressof(out)))
    return out.value


def encode_into(handle: Handle, data: np.ndarray, out: np.ndarray) -> int:
    """Encodes the C-contiguous float32 ``data`` into the uint8 buffer ``out``; returns the stream length."""
    shape = (ctypes.c_int64 * data.ndim)(*data.shape)
    written = ctypes.c_int64()
    f = function("CodecExports", "CodecEncode", (_I64, _P, _I64, _P, _I32, _P, _I64, _P))
    check(f(handle.value, data.ctypes.data, data.size, ctypes.addressof(shape), data.ndim, out.ctypes.data,
            out.nbytes, ctypes.addressof(written)))
    return written.value


def decode_into(handle: Handle, stream: np.ndarray, out: np.ndarray) -> None:
    """Decodes the uint8 array ``stream`` into the C-contiguous float32 array ``out``."""
    f = function("CodecExports", "CodecDecode", (_I64, _P, _I64, _P, _I64))
    check(f(handle.value, stream.ctypes.data, stream.nbytes, out.ctypes.data, out.size))


def get_config(handle: Handle) -> dict[str, Any]:
    f = function("CodecExports", "CodecGetConfig", (_I64, _P, _I32, _P))
    n = ctypes.c_int32()
    check(f(handle.value, None, 0, ctypes.addressof(n)))
    buf = ctypes.create_string_buffer(n.value + 1)
    check(f(handle.value, buf, n.value + 1, ctypes.addressof(n)))
    return json.loads(buf.raw[:n.value].decode())


def peek_header(stream: np.ndarray) -> tuple[str, tuple[int, ...]]:
    """(codec name, shape) of an encoded stream; CorruptCheckpointError when the header is bad."""
    codec = ctypes.c_int32()
    shape = (ctypes.c_int64 * 3)()
    rank = ctypes.c_int32()
    f = function("CodecExports", "CodecPeekHeader", (_P, _I64, _P, _P, _P))
    check(f(stream.ctypes.data, stream.nbytes, ctypes.addressof(codec), ctypes.addressof(shape), ctypes.addressof(rank)))
    return CODEC_NAMES.get(codec.value, f"unknown({codec.value})"), tuple(shape[:rank.value])
