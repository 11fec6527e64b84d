"""Checkpoint codec benchmark: ratio, error and speed of the native codecs beside zfp, blosc and memcpy.

For each wavefield sample (shared/data/wavefields) and codec setting: compression ratio, max error / max|u|,
relative L2 error, compress and decompress MB/s (input bytes per second), all single-threaded and measured
in the same run. Native codecs are timed through the zero-copy calls a storage tier uses (encode into and
decode from preallocated buffers); zfpy and blosc through their own Python APIs (blosc: nthreads=1);
memcpy is np.copyto into a preallocated array. Each time is the best of --repeat runs of >= 0.1 s.

Run: .venv/bin/python benchmarks/codecs.py [--quick] [--big] [--repeat 5] [--codec bounded --codec zfpy ...]
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from pyrevolve_net._native import codec_api
from pyrevolve_net.compression import get_codec

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PYREVOLVE_NET_SHARED", ROOT.parent / "shared"))
if not (SHARED / "data" / "wavefields").is_dir():
    SHARED = Path("/work/shared")
WAVEFIELDS = SHARED / "data" / "wavefields"

NATIVE = [
    {"id": "noop"},
    {"id": "lossless"},
    {"id": "lossless", "mode": "compact"},
    {"id": "bitcomp", "nbits": 9},
    {"id": "bitcomp", "nbits": 16},
    {"id": "bitcomp", "nbits": 9, "zero_exact": True},
    {"id": "bitcomp", "nbits": 9, "entropy": True},
    {"id": "bitcomp", "nbits": 9, "zero_exact": True, "entropy": True},
    {"id": "bounded", "rel_tolerance": 1e-3},
    {"id": "bounded", "rel_tolerance": 2.5e-3},
    {"id": "bounded", "rel_tolerance": 1e-4},
    {"id": "cvxcompress", "compscale": 1e-2},
    {"id": "cvxcompress", "compscale": 1e-3},
]


def best_time(fn: Callable[[], Any], repeat: int) -> float:
    fn()
    best = float("inf")
    for _ in range(repeat):
        n, t0 = 0, time.perf_counter()
        while True:
            fn()
            n += 1
            dt = time.perf_counter() - t0
            if dt >= 0.1:
                break
        best = min(best, dt / n)
    return best


def metrics(u: np.ndarray, v: np.ndarray) -> tuple[float, float]:
    u64, v64 = u.astype(np.float64), v.astype(np.float64).reshape(u.shape)
    m = np.abs(u64).max()
    err = np.abs(u64 - v64).max() / m if m else 0.0
    l2 = np.linalg.norm(u64 - v64) / np.linalg.norm(u64) if m else 0.0
    return float(err), float(l2)


def row(name: str, setting: str, u: np.ndarray, nbytes: int, back: np.ndarray, t_enc: float, t_dec: float) -> dict:
    err, l2 = metrics(u, back)
    return {"sample": name, "codec": setting, "ratio": u.nbytes / nbytes, "max_err": err, "rel_l2": l2,
            "enc_MBs": u.nbytes / t_enc / 1e6, "dec_MBs": u.nbytes / t_dec / 1e6}


def bench_native(name: str, u: np.ndarray, cfg: dict, repeat: int) -> dict:
    codec = get_codec(cfg)
    h = codec._handle
    buf = np.empty(codec_api.max_encoded_size(h, u.size), dtype=np.uint8)
    n = codec_api.encode_into(h, u, buf)
    stream = buf[:n].copy()
    out = np.empty_like(u)
    t_enc = best_time(lambda: codec_api.encode_into(h, u, buf), repeat)
    t_dec = best_time(lambda: codec_api.decode_into(h, stream, out), repeat)
    return row(name, setting_of(cfg), u, n, out, t_enc, t_dec)


def setting_of(cfg: dict) -> str:
    return cfg["id"] + "".join(f" {k}={v}" for k, v in cfg.items() if k != "id")


def bench_zfp(name: str, u: np.ndarray, rel: float, repeat: int) -> dict | None:
    try:
        import zfpy  # type: ignore[import-not-found]
    except ImportError:
        return None
    tol = rel * float(np.abs(u).max())
    blob = zfpy.compress_numpy(u, tolerance=tol)
    back = zfpy.decompress_numpy(blob)
    t_enc = best_time(lambda: zfpy.compress_numpy(u, tolerance=tol), repeat)
    t_dec = best_time(lambda: zfpy.decompress_numpy(blob), repeat)
    return row(name, f"zfpy tolerance={rel:g}*max", u, len(blob), back, t_enc, t_dec)


def bench_blosc(name: str, u: np.ndarray, repeat: int) -> dict | None:
    try:
        import blosc  # type: ignore[import-not-found]
    except ImportError:
        return None
    blosc.set_nthreads(1)
    raw = u.tobytes()
    blob = blosc.compress(raw, typesize=4, clevel=5, shuffle=blosc.SHUFFLE, cname="lz4")
    back = np.frombuffer(blosc.decompress(blob), dtype=np.float32)
    t_enc = best_time(lambda: blosc.compress(raw, typesize=4, clevel=5, shuffle=blosc.SHUFFLE, cname="lz4"), repeat)
    t_dec = best_time(lambda: blosc.decompress(blob), repeat)
    return row(name, "blosc lz4+shuffle clevel=5", u, len(blob), back, t_enc, t_dec)


def bench_memcpy(name: str, u: np.ndarray, repeat: int) -> dict:
    out = np.empty_like(u)
    t = best_time(lambda: np.copyto(out, u), repeat)
    return row(name, "memcpy (np.copyto)", u, u.nbytes, u, t, t)


def samples(big: bool) -> list[tuple[str, np.ndarray]]:
    meta = json.loads((WAVEFIELDS / "samples.json").read_text())
    out = [(m["file"], np.fromfile(WAVEFIELDS / m["file"], dtype="<f4").reshape(m["shape"])) for m in meta]
    if big:
        u = dict(out)["u2d_vlate_512x512.f32"]
        out.append(("u2d_vlate tiled 4096x4096 (64 MiB)", np.tile(u, (8, 8))))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one timing run per case")
    ap.add_argument("--big", action="store_true", help="add a 64 MiB tiled sample")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the rows as JSON")
    ap.add_argument("--codec", action="append", default=[], metavar="NAME",
                    help="only settings whose name contains NAME (repeatable, e.g. --codec entropy=True --codec "
                         "bounded --codec zfpy); default all")
    args = ap.parse_args()
    repeat = 1 if args.quick else args.repeat

    def want(setting: str) -> bool:
        return not args.codec or any(c in setting for c in args.codec)

    rows = []
    print(f"| sample | codec, setting | ratio | max err/max | rel. L2 | compress MB/s | decompress MB/s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, u in samples(args.big):
        u = np.ascontiguousarray(u, dtype=np.float32)
        cases: list[dict | None] = [bench_memcpy(name, u, repeat)] if want("memcpy (np.copyto)") else []
        cases += [bench_native(name, u, cfg, repeat) for cfg in NATIVE if want(setting_of(cfg))]
        cases += [bench_zfp(name, u, rel, repeat) for rel in (1e-2, 1e-3) if want(f"zfpy tolerance={rel:g}*max")]
        if want("blosc lz4+shuffle clevel=5"):
            cases.append(bench_blosc(name, u, repeat))
        for r in cases:
            if r is None:
                continue
            rows.append(r)
            print(f"| {r['sample']} | {r['codec']} | {r['ratio']:.2f} | {r['max_err']:.2e} | {r['rel_l2']:.2e} "
                  f"| {r['enc_MBs']:.0f} | {r['dec_MBs']:.0f} |", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
