#!/usr/bin/env bash
# The demo: plan an adjoint run (default 10000 steps, 20 snapshots) and print its cost and schedule summary.
# Usage: bash scripts/demo.sh [STEPS] [SNAPSHOTS] [extra options for `python -m pyrevolve_net plan`]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" >&2
steps="${1:-10000}"; snaps="${2:-20}"; shift $(( $# > 2 ? 2 : $# ))
cd "$ROOT"
exec .venv/bin/python -m pyrevolve_net plan --steps "$steps" --snapshots "$snaps" "$@"
