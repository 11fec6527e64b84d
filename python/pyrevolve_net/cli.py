"""The ``pyrevolve-net`` command (also ``python -m pyrevolve_net``).

``plan``: what an adjoint run costs under a checkpointing schedule, before running it (see docs/cli.md)::

    python -m pyrevolve_net plan --steps 10000 --snapshots 20
    python -m pyrevolve_net plan --steps 10000 --schedule hrevolve --ram 10 --disk 100 --state-size 1000x1000

Exit status: 0 on success, 2 for bad arguments (the message names the option), 1 when planning fails.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from typing import Callable, Sequence

import numpy as np

from . import __version__
from .planning import SCHEDULES, Costs, Plan, PlanError, checkpoint_nbytes, driver_actions, plan, schedule_spec

__all__ = ["main", "build_parser", "format_plan"]

# Planning parameters (PlanError.parameter) -> the option that sets them.
_OPTIONS = {"steps": "--steps", "snapshots": "--snapshots", "ram": "--ram", "disk": "--disk", "period": "--period",
            "schedule": "--schedule", "uf": "--uf", "ub": "--ub", "wd": "--wd", "rd": "--rd",
            "checkpoint_bytes": "--checkpoint-bytes"}


def _int_at_least(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def _cost(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {text}")
    return value


def _shape(text: str) -> tuple[int, ...]:
    try:
        shape = tuple(int(p) for p in text.lower().replace("*", "x").replace(",", "x").split("x"))
    except ValueError:
        shape = ()
    if not shape or min(shape) < 1:
        raise argparse.ArgumentTypeError(f"expected positive dimensions like 1000x1000, got {text!r}")
    return shape


def _dtype(text: str) -> np.dtype:
    try:
        return np.dtype(text)
    except TypeError:
        raise argparse.ArgumentTypeError(f"not a numpy dtype: {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pyrevolve-net", description="Optimal adjoint checkpointing tools.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = commands.add_parser(
        "plan", help="the cost of an adjoint run under a checkpointing schedule",
        description="Runs a checkpointing schedule through one adjoint pass (no model) and prints its cost.")
    p.add_argument("--steps", type=_int_at_least(1), required=True, help="number of forward steps")
    p.add_argument("--schedule", choices=SCHEDULES, default="revolve", metavar="NAME",
                   help=f"one of {', '.join(SCHEDULES)} (default: %(default)s)")
    p.add_argument("--snapshots", type=_int_at_least(0),
                   help="RAM checkpoints (revolve, disk-revolve, periodic-disk-revolve, multistage, mixed; "
                        "the RAM default for hrevolve and two-level)")
    p.add_argument("--ram", type=_int_at_least(0), help="RAM checkpoints (overrides --snapshots)")
    p.add_argument("--disk", type=_int_at_least(0),
                   help="disk checkpoints (hrevolve, multistage; mixed: its checkpoints on disk; "
                        "two-level: at most this many periodic disk checkpoints)")
    p.add_argument("--period", type=_int_at_least(1), help="two-level: steps between disk checkpoints")
    p.add_argument("--trajectory", choices=("maximum", "revolve"), default="maximum",
                   help="multistage and two-level step rule (default: %(default)s)")
    costs = p.add_argument_group("costs", "weights of the makespan; revolve-family schedules optimise them")
    for name, default, what in (("uf", 1.0, "a forward step"), ("ub", 1.0, "an adjoint step"),
                                ("wd", 2.0, "a disk write"), ("rd", 2.0, "a disk read")):
        costs.add_argument(f"--{name}", type=_cost, default=default, help=f"cost of {what} (default: %(default)s)")
    size = p.add_argument_group("checkpoint size", "for the byte figures (one checkpoint = one state)")
    exclusive = size.add_mutually_exclusive_group()
    exclusive.add_argument("--checkpoint-bytes", type=_int_at_least(1), metavar="BYTES", help="bytes per checkpoint")
    exclusive.add_argument("--state-size", type=_shape, metavar="SHAPE", help="state array shape, e.g. 1000x1000")
    size.add_argument("--dtype", type=_dtype, help="state dtype with --state-size (default: float64)")
    p.add_argument("--actions", type=_int_at_least(0), nargs="?", const=-1, metavar="N",
                   help="also list the actions (the first N, or all)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_plan_command, command_parser=p)
    return parser


def _bytes(n: int | None) -> str:
    if n is None:
        return ""
    value, unit = float(n), "B"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if value < 1024 or unit == "PiB":
            break
        value /= 1024
    return f"  ({value:.1f} {unit}, {n} bytes)" if unit != "B" else f"  ({n} bytes)"


def format_plan(p: Plan) -> str:
    """The human-readable report."""
    c = p.costs
    rows = [
        ("schedule", p.schedule),
        ("steps", str(p.steps)),
        ("forward steps", str(p.forward_steps)),
        ("recompute ratio", f"{p.recompute_ratio:.4f}"),
        ("recomputed steps", str(p.recomputed_steps)),
        ("adjoint steps", str(p.reverse_steps)),
        ("peak RAM checkpoints", f"{p.peak_ram_checkpoints}{_bytes(p.peak_ram_bytes)}"),
        ("peak DISK checkpoints", f"{p.peak_disk_checkpoints}{_bytes(p.peak_disk_bytes)}"),
        ("peak working units", f"{p.peak_work_units}{_bytes(p.peak_work_bytes)}"),
        ("RAM writes / reads", f"{p.ram_writes} / {p.ram_reads}"),
        ("disk writes / reads", f"{p.disk_writes} / {p.disk_reads}"),
        ("weighted cost", f"{p.makespan:g}  (uf={c.uf:g} ub={c.ub:g} wd={c.wd:g} rd={c.rd:g})"),
        ("actions", str(p.actions)),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def _plan_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.dtype is not None and args.state_size is None:
        parser.error("argument --dtype: needs --state-size")
    nbytes = args.checkpoint_bytes
    if args.state_size is not None:
        nbytes = checkpoint_nbytes(args.state_size, args.dtype if args.dtype is not None else np.float64)
    costs = Costs(args.uf, args.ub, args.wd, args.rd)
    params = {"snapshots": args.snapshots, "ram": args.ram, "disk": args.disk, "period": args.period,
              "trajectory": args.trajectory}
    try:
        spec = schedule_spec(args.schedule, args.steps, costs=costs, **params)
    except PlanError as e:
        parser.error(f"argument {_OPTIONS.get(e.parameter, e.parameter)}: {e}")
    try:
        result = plan(spec, args.steps, costs=costs, checkpoint_bytes=nbytes)
    except (ValueError, TypeError) as e:  # the schedule class itself refused the numbers
        parser.error(f"argument --schedule {args.schedule}: {spec}: {e}")
    actions: list[str] = []
    if args.actions is not None:
        # The analysis consumed its schedule; the listing runs a second one in Python.
        stream = driver_actions(spec.build(), args.steps)
        limit = None if args.actions < 0 else args.actions
        actions = [str(a) for a in itertools.islice(stream, limit)]
    if args.json:
        out = result.as_dict()
        if args.actions is not None:
            out["action_list"] = actions
        print(json.dumps(out, indent=2))
        return 0
    print(format_plan(result))
    if args.actions is not None:
        print(f"\nactions ({len(actions)} of {result.actions}):")
        index_width = len(str(max(len(actions) - 1, 0)))
        for i, a in enumerate(actions):
            print(f"  {i:>{index_width}}  {a}")
        if len(actions) < result.actions:
            print(f"  ... {result.actions - len(actions)} more")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args.command_parser, args)
    except Exception as e:  # noqa: BLE001 - a failure of the core or the schedule: report it, don't dump a trace
        first_line = str(e).splitlines()[0] if str(e) else type(e).__name__
        print(f"pyrevolve-net: error: {type(e).__name__}: {first_line}", file=sys.stderr)
        return 1
