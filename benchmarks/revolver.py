"""Revolver speed from Python (pyrevolve drop-in), with baselines measured in the same run.

1. Overhead per time step: trivial operators, 8 KiB state, nt = 10,000, ncp = 10 and 100. The time of a
   whole forward+reverse run divided by the number of operator steps it makes (forward + reverse).
   Baseline: the same Python operator calls made in a plain loop (what any driver must pay).
2. Saves and loads of a 16 MiB state: per checkpoint, against np.copyto of the same buffer into as many
   destination buffers as the revolver has slots (round robin).
3. Disk tier hidden behind computation: an operator that sleeps longer than the I/O; wall time of the
   disk revolver vs the memory revolver on the same schedule.
4. Compressed checkpoints (native codecs in the engine): a 2 x 8 MiB float32 state holding a wavefield pair
   (shared/data/wavefields when present, else a synthetic wave); per save, the time the caller waits (the
   memory tier codes in the background) and the time until the tier is settled, against np.copyto; the
   stored ratio; per load, the decode time.

Run: .venv/bin/python benchmarks/revolver.py [--quick]
"""
from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np

import pyrevolve
from pyrevolve import Checkpoint, Operator


class State(Checkpoint):
    def __init__(self, nbytes: int) -> None:
        self.u = np.zeros(nbytes // 8)

    dtype = np.float64

    @property
    def size(self) -> int:
        return self.u.size

    def get_data(self, timestep):
        return [self.u]

    def get_data_location(self, timestep):
        return [self.u]


class Nop(Operator):
    def __init__(self) -> None:
        self.steps = 0

    def apply(self, t_start, t_end):
        self.steps += t_end - t_start


class Sleepy(Operator):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def apply(self, t_start, t_end):
        time.sleep(self.seconds * (t_end - t_start))


def overhead(nt: int, ncp: int, repeat: int) -> tuple[float, float, int]:
    best = float("inf")
    calls = 0
    for _ in range(repeat):
        f, b = Nop(), Nop()
        rev = pyrevolve.Revolver(State(8192), f, b, ncp, nt)
        t = time.perf_counter()
        rev.apply_forward()
        rev.apply_reverse()
        best = min(best, time.perf_counter() - t)
        calls = f.steps + b.steps
    # Baseline: the same number of Python operator calls in a plain loop.
    op = Nop()
    t = time.perf_counter()
    for i in range(calls):
        op.apply(t_start=i, t_end=i + 1)
    base = time.perf_counter() - t
    return best / calls * 1e6, base / calls * 1e6, calls


def save_load(repeat: int) -> tuple[float, float, float]:
    nbytes = 16 * 2**20
    state = State(nbytes)
    state.u[:] = np.random.default_rng(0).random(state.u.size)
    f, b = Nop(), Nop()
    nt, ncp = 40, 6
    times = []
    for _ in range(repeat):
        rev = pyrevolve.Revolver(state, f, b, ncp, nt)
        rev.apply_forward()
        s = rev.apply_reverse()
        times.append((s.save_seconds / max(1, s.ram.saves), s.load_seconds / max(1, s.ram.loads)))
    save = min(t[0] for t in times)
    load = min(t[1] for t in times)
    # Baseline: np.copyto between the state and as many buffers as the pool has slots, round robin (the same
    # memory traffic as a store of numpy arrays; a single destination would stay in the L3 cache).
    slots = [np.empty_like(state.u) for _ in range(ncp)]
    copies = []
    for i in range(4 * ncp):
        t = time.perf_counter()
        np.copyto(slots[i % ncp], state.u)
        copies.append(time.perf_counter() - t)
    return save * 1e3, load * 1e3, min(copies) * 1e3


def disk_hidden(seconds_per_step: float) -> tuple[float, float]:
    nt, ncp = 60, 6
    state = State(16 * 2**20)
    out = []
    for disk in (False, True):
        with tempfile.TemporaryDirectory() as d:
            rev = pyrevolve.SingleLevelRevolver(state, Sleepy(seconds_per_step), Sleepy(seconds_per_step), ncp, nt,
                                                diskstorage=disk, filedir=d)
            t = time.perf_counter()
            rev.apply_forward()
            rev.apply_reverse()
            out.append(time.perf_counter() - t)
    return out[0], out[1]


class WavePair(Checkpoint):
    """Two float32 time levels of a 2-D wave (the seismic solver's checkpoint)."""

    dtype = np.float32

    def __init__(self, n: int) -> None:
        x = np.linspace(0, 1, n, dtype=np.float32)
        r = np.hypot(*np.meshgrid(x - 0.4, x - 0.55, indexing="ij"))
        self.u = [(np.sin(60 * (r - 0.002 * k)) * np.exp(-((r - 0.3) / 0.08) ** 2)).astype(np.float32) for k in (0, 1)]

    @property
    def size(self) -> int:
        return sum(a.size for a in self.u)

    def get_data(self, timestep):
        return self.u

    def get_data_location(self, timestep):
        return self.u


def compressed(repeat: int) -> list[tuple[str, float, float, float, float]]:
    state = WavePair(1448)  # 2 x 8 MiB
    nt, ncp = 40, 6
    rows = []
    for params in ({"scheme": "noop"}, {"scheme": "lossless"}, {"scheme": "bitcomp", "nbits": 9},
                   {"scheme": "bitcomp", "nbits": 9, "zero_exact": True, "entropy": True},
                   {"scheme": "bounded", "rel_tolerance": 1e-3}, {"scheme": "cvxcompress", "compscale": 1e-2}):
        best = None
        for _ in range(repeat):
            f, b = Nop(), Nop()
            rev = pyrevolve.Revolver(state, f, b, ncp, nt, compression_params=params)
            rev.apply_forward()
            s = rev.apply_reverse()
            sample = (s.save_seconds / s.ram.saves, s.load_seconds / s.ram.loads, s.compression_ratio)
            best = sample if best is None or sample[0] < best[0] else best
        name = " ".join(f"{k}={v}" for k, v in params.items() if k != "scheme")
        rows.append((f"{params['scheme']} {name}".strip(), best[0] * 1e3, best[1] * 1e3, best[2], 0.0))
    slots = [[np.empty_like(a) for a in state.u] for _ in range(ncp)]
    copies = []
    for i in range(4 * ncp):
        t = time.perf_counter()
        for dst, src in zip(slots[i % ncp], state.u):
            np.copyto(dst, src)
        copies.append(time.perf_counter() - t)
    return [(n, sv, ld, r, min(copies) * 1e3) for n, sv, ld, r, _ in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    overhead(200, 10, 1)  # warm up the runtime

    print("1. overhead per operator step (8 KiB state), target <= 5 us")
    for ncp in (10, 100):
        us, base, calls = overhead(10_000, ncp, repeat)
        print(f"   nt=10000 ncp={ncp:3d}: {us:6.2f} us/step over {calls} steps "
              f"(plain Python loop of the same calls: {base:5.2f} us; engine share {us - base:5.2f} us)")

    save, load, copy = save_load(repeat)
    print("2. 16 MiB checkpoint: save {:.2f} ms ({:.2f}x np.copyto), load {:.2f} ms ({:.2f}x), np.copyto {:.2f} ms; "
          "target <= 1.5x".format(save, save / copy, load, load / copy, copy))

    print("4. compressed 2 x 8 MiB wavefield checkpoints (save: the engine's save time, background coding included "
          "when the next call waits for it; np.copyto of the same bytes for scale):")
    for name, save_ms, load_ms, ratio, copy_ms in compressed(repeat):
        print(f"   {name:<42} ratio {ratio:6.1f}  save {save_ms:7.2f} ms ({save_ms / copy_ms:5.1f}x copy)  "
              f"load {load_ms:7.2f} ms ({load_ms / copy_ms:5.1f}x)  np.copyto {copy_ms:.2f} ms")

    mem, disk = disk_hidden(0.03)
    print(f"3. disk tier with a 30 ms/step operator, 16 MiB state: memory {mem:.2f} s, disk {disk:.2f} s "
          f"({(disk / mem - 1) * 100:+.1f}%); target within 10%")


if __name__ == "__main__":
    main()
