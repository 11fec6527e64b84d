#!/usr/bin/env bash
# Every test: the C# suite (xunit) and the Python suite (pytest, notebooks included).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "== dotnet test"
dotnet test Bridge.sln -c Release --no-build --nologo
echo "== pytest"
.venv/bin/python -m pytest tests/python "$@"
