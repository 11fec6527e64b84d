"""ctypes bindings of SeismicExports (src/Interop/SeismicExports.cs, SeismicRecords.cs).

Arrays cross as (pointer, length) pairs of C-contiguous float32/float64 numpy buffers that C# reads or writes in
place; the callers in ``pyrevolve_net.seismic`` own and validate them.
"""
from __future__ import annotations

import ctypes
from typing import Any

import numpy as np

from . import Handle, check, function

_P = ctypes.c_void_p
_I64 = ctypes.c_int64
_I32 = ctypes.c_int32
_D = ctypes.c_double


class SolverInfo(ctypes.Structure):
    _fields_ = [(n, ctypes.c_int64) for n in (
        "nt", "nrec", "nsrc", "shape0", "shape1", "shape2", "checkpoint_bytes")] + [
        (n, ctypes.c_double) for n in ("dt", "tn", "critical_dt")]


class GradientInfo(ctypes.Structure):
    _fields_ = [("misfit", ctypes.c_double)] + [(n, ctypes.c_int64) for n in (
        "steps", "forward_steps", "reverse_steps", "checkpoints", "checkpoint_bytes", "peak_storage_bytes",
        "predicted_forward_steps")] + [(n, ctypes.c_double) for n in (
        "forward_seconds", "reverse_seconds", "total_seconds", "compression_ratio")]


class WavefieldInfo(ctypes.Structure):
    _fields_ = [(n, ctypes.c_int64) for n in (
        "steps", "rank", "shape0", "shape1", "shape2", "compressed_bytes", "raw_bytes", "reserved_bytes")]


assert ctypes.sizeof(SolverInfo) == 80 and ctypes.sizeof(GradientInfo) == 96 and ctypes.sizeof(WavefieldInfo) == 64


def _ptr(a: np.ndarray | None) -> tuple[int | None, int]:
    if a is None:
        return None, 0
    assert a.flags.c_contiguous
    return a.ctypes.data, a.size


def create(vp: np.ndarray, spacing: np.ndarray, origin: np.ndarray, space_order: int, nbl: int,
           rec: np.ndarray, src: np.ndarray, t0: float, tn: float, f0: float, dt: float | None) -> Handle:
    f = function("SeismicExports", "SeismicSolverCreate",
                 (_I32, _P, _P, _P, _I32, _I32, _P, _P, _I64, _P, _I64, _D, _D, _D, _D, _P))
    shape = np.ascontiguousarray(vp.shape, dtype=np.int64)
    out = ctypes.c_int64()
    check(f(vp.ndim, shape.ctypes.data, spacing.ctypes.data, origin.ctypes.data, space_order, nbl, vp.ctypes.data,
            rec.ctypes.data, rec.shape[0], src.ctypes.data, src.shape[0], t0, tn, f0, dt if dt else 0.0,
            ctypes.addressof(out)))
    return Handle(out.value)


def info(handle: Handle) -> SolverInfo:
    s = SolverInfo()
    check(function("SeismicExports", "SeismicSolverInfo", (_I64, _P))(handle.value, ctypes.addressof(s)))
    return s


def wavelet(handle: Handle, out: np.ndarray) -> None:
    check(function("SeismicExports", "SeismicWavelet", (_I64, _P, _I64))(handle.value, *_ptr(out)))


def forward(handle: Handle, vp: np.ndarray | None, rec: np.ndarray, u: np.ndarray | None) -> None:
    f = function("SeismicExports", "SeismicForward", (_I64, _P, _I64, _P, _I64, _P, _I64))
    check(f(handle.value, *_ptr(vp), *_ptr(rec), *_ptr(u)))


def forward_compressed(handle: Handle, vp: np.ndarray | None, rec: np.ndarray, codec: Handle) -> Handle:
    f = function("SeismicExports", "SeismicForwardCompressed", (_I64, _P, _I64, _P, _I64, _I64, _P))
    out = ctypes.c_int64()
    check(f(handle.value, *_ptr(vp), *_ptr(rec), codec.value, ctypes.addressof(out)))
    return Handle(out.value)


def wavefield_info(handle: Handle) -> WavefieldInfo:
    w = WavefieldInfo()
    check(function("SeismicExports", "SeismicWavefieldInfo", (_I64, _P))(handle.value, ctypes.addressof(w)))
    return w


def wavefield_read(handle: Handle, t: int, out: np.ndarray) -> None:
    check(function("SeismicExports", "SeismicWavefieldRead", (_I64, _I64, _P, _I64))(handle.value, t, *_ptr(out)))


def adjoint(handle: Handle, vp: np.ndarray | None, rec: np.ndarray, srca: np.ndarray, v: np.ndarray | None) -> None:
    f = function("SeismicExports", "SeismicAdjoint", (_I64, _P, _I64, _P, _I64, _P, _I64, _P, _I64))
    check(f(handle.value, *_ptr(vp), *_ptr(rec), *_ptr(srca), *_ptr(v)))


def gradient(handle: Handle, vp: np.ndarray | None, data: np.ndarray, is_residual: bool, mode: int,
             n_checkpoints: int | None, memory_budget: int, schedule: Any, u: np.ndarray | None,
             grad: np.ndarray, codec: Handle | None = None, expected_ratio: float = 0.0,
             compressed_u: Handle | None = None) -> GradientInfo:
    f = function("SeismicExports", "SeismicGradient",
                 (_I64, _P, _I64, _P, _I64, _I32, _I32, _I64, _I64, _I64, _P, _I64, _I64, _D, _I64, _P, _I64, _P))
    r = GradientInfo()
    check(f(handle.value, *_ptr(vp), *_ptr(data), int(is_residual), mode, n_checkpoints or 0, memory_budget,
            schedule.value if schedule is not None else 0, *_ptr(u), codec.value if codec is not None else 0,
            expected_ratio, compressed_u.value if compressed_u is not None else 0, *_ptr(grad), ctypes.addressof(r)))
    return r


def critical_dt(spacing: np.ndarray, space_order: int, vmax: float) -> float:
    out = ctypes.c_double()
    f = function("SeismicExports", "SeismicCriticalDt", (_I32, _P, _I32, _D, _P))
    check(f(spacing.size, spacing.ctypes.data, space_order, vmax, ctypes.addressof(out)))
    return out.value
