"""FWI gradient from compressed data against the exact gradient (Marmousi, one shot).

The exact gradient stores every wavefield uncompressed. Then, for each codec and setting, the gradient is
computed (a) from a compressed saved wavefield (DevitoPRO's ``TimeFunction(save=nt, compression=...)``) and
(b) from compressed checkpoints (Revolve with ``--checkpoints`` of them, restored and recomputed from). Prints
the relative L2 error and the angle to the exact gradient, the mean compression ratio (raw / stored bytes of
everything kept) and the time; then what a memory budget buys: a budget of ``--budget`` raw checkpoints holds
that many times the planned ratio compressed ones, so far fewer steps are recomputed. Saves a plot of error
against ratio.

    python examples/compressed_gradient.py                  # 251x101, about half a minute on 2 cores
    python examples/compressed_gradient.py --size 501x201 --tn 3000 --out figs
"""
from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from marmousi_gradient import parse_sizes, smooth
from pyrevolve_net.seismic import AcousticWaveSolver, AcquisitionGeometry, Model, demo_model

SETTINGS: list[tuple[str, dict]] = [
    ("lossless", {}),
    ("bitcomp", {"nbits": 9}),
    ("bitcomp", {"nbits": 9, "zero_exact": True, "entropy": True}),
    ("bitcomp", {"nbits": 7, "zero_exact": True, "entropy": True}),
    ("bounded", {"rel_tolerance": 1e-3}),
    ("bounded", {"rel_tolerance": 1e-2}),
    ("cvxcompress", {"compscale": 1e-3}),
    ("cvxcompress", {"compscale": 1e-2}),
]


def errors(g: np.ndarray, ref: np.ndarray) -> tuple[float, float]:
    """Relative L2 error and angle in degrees (2 asin(|a/|a| - b/|b|| / 2): exact for tiny angles)."""
    a, b = g.astype(np.float64).ravel(), ref.astype(np.float64).ravel()
    rel = float(np.linalg.norm(a - b) / np.linalg.norm(b))
    chord = np.linalg.norm(a / np.linalg.norm(a) - b / np.linalg.norm(b))
    return rel, math.degrees(2 * math.asin(min(1.0, chord / 2)))


def label(codec: str, params: dict) -> str:
    return codec + "".join(f" {k}={v}" for k, v in params.items())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", default="251x101", help="grid NXxNZ of the 7.5 km x 3 km model (default %(default)s)")
    p.add_argument("--tn", type=float, default=2000.0, help="record length in ms (default %(default)s)")
    p.add_argument("--f0", type=float, default=0.006, help="Ricker peak frequency in kHz (default %(default)s)")
    p.add_argument("--checkpoints", type=int, default=20, help="Revolve checkpoints of the checkpointed runs")
    p.add_argument("--budget", type=int, default=8, help="memory budget in raw checkpoints for the budget runs")
    p.add_argument("--out", default=None, help="directory for the figure (default: a new temporary directory)")
    p.add_argument("--no-plots", action="store_true")
    args = p.parse_args(argv)
    (nx, nz), = parse_sizes(args.size)
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="compressed-gradient-"))
    out.mkdir(parents=True, exist_ok=True)

    true_model = demo_model("marmousi2d-isotropic", shape=(nx, nz), nbl=20, space_order=4)
    start = Model(smooth(true_model.vp, sigma_points=max(2.0, nx / 60)), true_model.origin, true_model.spacing,
                  true_model.shape, space_order=4, nbl=20)
    width = true_model.domain_size[0]
    rec = np.stack([np.linspace(0, width, min(nx, 201)), np.full(min(nx, 201), 20.0)], axis=1)
    src = [[width / 2, 20.0]]
    geometry = AcquisitionGeometry(true_model, rec, src, 0.0, args.tn, f0=args.f0)
    d_obs, _, _ = AcousticWaveSolver(true_model, geometry).forward()
    solver = AcousticWaveSolver(start, AcquisitionGeometry(start, rec, src, 0.0, args.tn, f0=args.f0, dt=geometry.dt))
    t0 = time.perf_counter()
    _, exact, s_exact = solver.gradient(d_obs, checkpointing=False)
    t_exact = time.perf_counter() - t0
    print(f"Marmousi {nx}x{nz}, nt = {solver.geometry.nt}; exact gradient (every wavefield stored, "
          f"{s_exact.peak_storage_bytes / 1e6:.0f} MB): {t_exact:.2f} s\n")

    header = f"{'codec, setting':<44} {'kept':>12} {'ratio':>7} {'rel. error':>10} {'angle deg':>9} {'time s':>7}"
    print(header)
    print("-" * len(header))
    points: list[tuple[str, str, float, float]] = []
    for codec, params in SETTINGS:
        for kept, kwargs in (("wavefield", {"checkpointing": False}), ("checkpoints", {"n_checkpoints": args.checkpoints})):
            t0 = time.perf_counter()
            _, g, s = solver.gradient(d_obs, compression=codec, **params, **kwargs)
            elapsed = time.perf_counter() - t0
            rel, angle = errors(g, exact)
            points.append((label(codec, params), kept, s.compression_ratio, rel))
            print(f"{label(codec, params):<44} {kept:>12} {s.compression_ratio:>7.1f} {rel:>10.2e} {angle:>9.4f} {elapsed:>7.2f}")

    budget = args.budget * s_exact.checkpoint_bytes
    print(f"\nMemory budget of {args.budget} raw checkpoints ({budget / 1e6:.1f} MB):")
    print(f"{'codec':<44} {'checkpoints':>11} {'fwd steps':>9} {'ratio':>7} {'rel. error':>10} {'time s':>7}")
    for codec, params, expected in (("none", {}, None), ("bounded", {"rel_tolerance": 1e-3}, 20.0),
                                    ("bitcomp", {"nbits": 12}, None)):
        kwargs = {} if codec == "none" else {"compression": codec, **params}
        if expected:
            kwargs["expected_ratio"] = expected
        t0 = time.perf_counter()
        _, g, s = solver.gradient(d_obs, memory_budget=budget, **kwargs)
        elapsed = time.perf_counter() - t0
        name = label(codec, params) + (f" expected_ratio={expected:g}" if expected else "")
        print(f"{name:<44} {s.checkpoints:>11} {s.forward_steps:>9} {s.compression_ratio:>7.1f} "
              f"{errors(g, exact)[0]:>10.2e} {elapsed:>7.2f}")

    best = [pt for pt in points if pt[3] <= 1e-3 and pt[2] >= 30]
    print(f"\nsettings with relative error <= 1e-3 at ratio >= 30: "
          + (", ".join(f"{n} ({k}: {r:.0f}x, {e:.1e})" for n, k, r, e in best) if best else "none"))
    if not args.no_plots:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4.5))
        for kept, marker in (("wavefield", "o"), ("checkpoints", "s")):
            pts = [pt for pt in points if pt[1] == kept and pt[3] > 0]
            ax.scatter([pt[2] for pt in pts], [pt[3] for pt in pts], marker=marker, label=f"compressed {kept}")
            for name, _, r, e in pts:
                ax.annotate(name.replace("zero_exact=True entropy=True", "ze+ent"), (r, e), fontsize=6,
                            xytext=(3, 2), textcoords="offset points")
        ax.set(xscale="log", yscale="log", xlabel="mean compression ratio", ylabel="gradient relative L2 error",
               title=f"Marmousi {nx}x{nz}: FWI gradient from compressed data")
        ax.axhline(1e-3, color="grey", lw=0.5, ls="--")
        ax.axvline(30, color="grey", lw=0.5, ls="--")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / f"compressed_gradient_{nx}x{nz}.png", dpi=120)
        plt.close(fig)
    print(f"figure in {out}" + (" (skipped)" if args.no_plots else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
