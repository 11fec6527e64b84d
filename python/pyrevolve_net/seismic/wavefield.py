"""A saved wavefield kept compressed (DevitoPRO's ``TimeFunction(save=nt, compression=...)``).

``forward(save=True, compression='bitcomp', nbits=9)`` returns one: every u(t) compressed in C# as the forward
writes it, decompressed when the adjoint reads it. ``decompress(u)`` (or ``u[t]``) gives numpy arrays back.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .._native import Handle
from .._native import seismic_api as api
from ..compression import Codec, get_codec

__all__ = ["CompressedWavefield", "decompress", "as_codec"]


def as_codec(compression: Any, params: dict[str, Any]) -> Codec | None:
    """``compression``: None, a codec id (``'bitcomp'``; parameters from ``params``, e.g. ``nbits=9``), a config
    dict (``{'id': 'bounded', 'rel_tolerance': 1e-3}``) or a :class:`~pyrevolve_net.compression.Codec`."""
    if compression is None:
        if params:
            raise TypeError(f"codec parameters {', '.join(sorted(params))} need compression=")
        return None
    if isinstance(compression, Codec):
        if params:
            raise TypeError("give codec parameters either in the Codec or as keywords, not both")
        return compression
    if isinstance(compression, str):
        return Codec(compression, **params)
    if isinstance(compression, dict):
        if params:
            raise TypeError("give codec parameters either in the compression dict or as keywords, not both")
        return get_codec(compression)
    raise TypeError(f"compression must be a codec id, a config dict or a Codec, not {type(compression).__name__}")


class CompressedWavefield:
    """u(t) for t = 0..nt-1 on the computational grid, compressed. ``len(u)``, ``u.shape`` (nt, *grid),
    ``u[t]`` (one step, decompressed), ``u.nbytes`` (compressed bytes), ``u.ratio``, ``u.codec``."""

    def __init__(self, handle: Handle, codec: Codec) -> None:
        self._handle = handle
        self.codec = codec
        info = api.wavefield_info(handle)
        self.grid_shape = tuple(int(d) for d in (info.shape0, info.shape1, info.shape2)[: info.rank])
        self.shape = (int(info.steps),) + self.grid_shape
        self.dtype = np.dtype(np.float32)

    def _info(self) -> api.WavefieldInfo:
        return api.wavefield_info(self._handle)

    def __len__(self) -> int:
        return self.shape[0]

    @property
    def nbytes(self) -> int:
        """Bytes of the compressed data."""
        return int(self._info().compressed_bytes)

    @property
    def raw_nbytes(self) -> int:
        return int(self._info().raw_bytes)

    @property
    def ratio(self) -> float:
        """Uncompressed / compressed bytes."""
        info = self._info()
        return info.raw_bytes / info.compressed_bytes if info.compressed_bytes else 1.0

    def __getitem__(self, t: int) -> np.ndarray:
        if isinstance(t, (bool, np.bool_)) or not isinstance(t, (int, np.integer)):
            raise TypeError(f"index a CompressedWavefield with one time step (an int), not {type(t).__name__}")
        t = int(t) + (len(self) if t < 0 else 0)
        if not 0 <= t < len(self):
            raise IndexError(f"time step {t} outside 0..{len(self) - 1}")
        out = np.empty(self.grid_shape, dtype=np.float32)
        api.wavefield_read(self._handle, t, out)
        return out

    def close(self) -> None:
        """Free the compressed data now (also done when the object is collected)."""
        self._handle.close()

    def __repr__(self) -> str:
        return (f"CompressedWavefield(shape={self.shape}, codec={self.codec.get_config()}, "
                f"nbytes={self.nbytes}, ratio={self.ratio:.1f})")


def decompress(u: CompressedWavefield, t: int | None = None) -> np.ndarray:
    """DevitoPRO's ``decompress``: the whole wavefield (nt, *grid) as float32, or one step ``t``."""
    if not isinstance(u, CompressedWavefield):
        raise TypeError(f"decompress takes a CompressedWavefield (forward(save=True, compression=...)), not {type(u).__name__}")
    if t is not None:
        return u[t]
    out = np.empty(u.shape, dtype=np.float32)
    for step in range(len(u)):
        api.wavefield_read(u._handle, step, out[step])
    return out
