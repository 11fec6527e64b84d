"""Schedule speed from Python: construct and iterate completely through the bridge (no model work).

Prints, per case, the time, the number of actions, microseconds per action, and the speed-up over the
reference checkpoint_schedules 1.0.4 (pure Python) figures measured on this machine kind (issue 2; the
reference cannot be installed here, so its figures are constants, not re-measured). Then how the cost grows
with max_n for each schedule (the exponent of t ~ max_n^k between the two largest sizes).

Run: .venv/bin/python benchmarks/schedules.py [--quick]
"""
from __future__ import annotations

import argparse
import math
import subprocess
import sys
import time
from typing import Callable

import checkpoint_schedules as cs

# Reference figures (seconds) from the issue, measured on this machine kind with checkpoint_schedules 1.0.4.
REFERENCE = {
    "Revolve(1000, 10)": 2.9,
    "Revolve(10000, 10)": 120.0,  # "over 120 s"
    "HRevolve(1000, 10, 10)": 2.8,
    "HRevolve(5000, 10, 10)": 78.0,
    "DiskRevolve(1000, 100)": 35.0,
    "MixedCheckpointSchedule(1000, 100)": 53.0,
    "PeriodicDiskRevolve(100000, 100)": 74.0,
}

CASES: list[tuple[str, Callable[[], cs.CheckpointSchedule], int, float | None]] = [
    # name, factory, max_n, target seconds (None: informative)
    ("Revolve(1000, 10)", lambda: cs.Revolve(1000, 10), 1000, 0.029),
    ("Revolve(10000, 10)", lambda: cs.Revolve(10000, 10), 10000, 1.2),
    ("Revolve(100000, 10)", lambda: cs.Revolve(100000, 10), 100000, 2.0),
    ("MultistageCheckpointSchedule(100000, 10, 10)", lambda: cs.MultistageCheckpointSchedule(100000, 10, 10), 100000, 2.0),
    ("PeriodicDiskRevolve(100000, 100)", lambda: cs.PeriodicDiskRevolve(100000, 100), 100000, 0.74),
    ("HRevolve(1000, 10, 10)", lambda: cs.HRevolve(1000, 10, 10), 1000, 0.028),
    ("HRevolve(5000, 10, 10)", lambda: cs.HRevolve(5000, 10, 10), 5000, 0.78),
    ("DiskRevolve(1000, 100)", lambda: cs.DiskRevolve(1000, 100), 1000, 0.35),
    ("DiskRevolve(3000, 100)", lambda: cs.DiskRevolve(3000, 100), 3000, 2.0),
    ("MixedCheckpointSchedule(1000, 100)", lambda: cs.MixedCheckpointSchedule(1000, 100), 1000, 0.5),
    ("MixedCheckpointSchedule(3000, 100)", lambda: cs.MixedCheckpointSchedule(3000, 100), 3000, 2.0),
    ("TwoLevelCheckpointSchedule(100, 10)@100000", lambda: cs.TwoLevelCheckpointSchedule(100, 10), 100000, None),
    ("SingleDiskStorageSchedule()@100000", lambda: cs.SingleDiskStorageSchedule(), 100000, None),
]


def run(factory: Callable[[], cs.CheckpointSchedule], max_n: int) -> tuple[float, int]:
    """Construct and drive through one adjoint pass as checkpoint_schedules' drivers do; returns (s, actions)."""
    t0 = time.perf_counter()
    schedule = factory()
    count = 0
    forward, end_reverse = cs.Forward, cs.EndReverse
    for action in schedule:
        count += 1
        if type(action) is forward and min(action.n1, max_n) == max_n:
            schedule.finalize(max_n)
        elif type(action) is end_reverse:
            break
    return time.perf_counter() - t0, count


def best_of(factory: Callable[[], cs.CheckpointSchedule], max_n: int, repeat: int) -> tuple[float, int]:
    results = [run(factory, max_n) for _ in range(repeat)]
    return min(r[0] for r in results), results[0][1]


def cold(index: int) -> float:
    """The case's time in a fresh process (runtime started first, no table cached): construction included."""
    code = (f"import sys; sys.path.insert(0, {str(__import__('pathlib').Path(__file__).parent)!r}); "
            f"import schedules as b; b.run(lambda: b.cs.Revolve(50, 5), 50); "
            f"name, f, n, _ = b.CASES[{index}]; print(b.run(f, n)[0])")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one repetition per case")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    run(lambda: cs.Revolve(50, 5), 50)  # start the runtime outside the timings

    print("cold: first construction in a fresh process (tables built); warm: best of repeats (tables cached).")
    print("Targets and speed-ups use the cold time.")
    print(f"{'case':48} {'cold':>8} {'warm':>8} {'actions':>8} {'us/act':>7} {'target':>8} {'vs reference':>13}")
    for i, (name, factory, max_n, target) in enumerate(CASES):
        t, n = best_of(factory, max_n, repeat)
        c = cold(i)
        ref = REFERENCE.get(name)
        speedup = f"{ref / c:12.0f}x" if ref else f"{'':>13}"
        status = "" if target is None else ("ok" if c <= target else "MISSED")
        tgt = "" if target is None else f"{target:.3f}s"
        print(f"{name:48} {c:7.3f}s {t:7.3f}s {n:8d} {t / n * 1e6:7.2f} {tgt:>8} {speedup} {status}")

    print("\nGrowth of the cost with max_n (first run at each size, in this process; ms; exponent k of t ~ max_n^k")
    print("between the two largest sizes):")
    growth: list[tuple[str, Callable[[int], cs.CheckpointSchedule], list[int]]] = [
        ("Revolve(n, 10)", lambda n: cs.Revolve(n, 10), [1000, 10000, 100000]),
        ("MultistageCheckpointSchedule(n, 10, 10)", lambda n: cs.MultistageCheckpointSchedule(n, 10, 10), [1000, 10000, 100000]),
        ("PeriodicDiskRevolve(n, 100)", lambda n: cs.PeriodicDiskRevolve(n, 100), [1000, 10000, 100000]),
        ("HRevolve(n, 10, 10)", lambda n: cs.HRevolve(n, 10, 10), [500, 1000, 2000, 4000]),
        ("DiskRevolve(n, 100)", lambda n: cs.DiskRevolve(n, 100), [500, 1000, 2000, 4000]),
        ("MixedCheckpointSchedule(n, 100)", lambda n: cs.MixedCheckpointSchedule(n, 100), [500, 1000, 2000, 4000]),
        ("TwoLevelCheckpointSchedule(100, 10)", lambda n: cs.TwoLevelCheckpointSchedule(100, 10), [1000, 10000, 100000]),
    ]
    for name, make, sizes in growth:
        times = [run(lambda n=n: make(n), n)[0] for n in sizes]
        k = math.log(times[-1] / times[-2]) / math.log(sizes[-1] / sizes[-2])
        cells = "  ".join(f"{n}: {t * 1e3:8.1f}" for n, t in zip(sizes, times))
        print(f"{name:42} {cells}   k = {k:.2f}")


if __name__ == "__main__":
    main()
