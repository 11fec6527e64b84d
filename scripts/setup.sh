#!/usr/bin/env bash
# Idempotent set-up shared by the demo and the test commands: Debian packages, .venv, the native build and
# an editable install. Quick when everything is already in place.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(python3-numpy python3-pytest python3-nbclient python3-nbformat python3-ipykernel python3-venv
              python3-setuptools python3-pip python3-wheel python3-tqdm python3-matplotlib python3-tabulate)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "== installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "the .NET SDK 10 is required (dotnet on PATH)" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv (Debian python3, system site packages)"
  /usr/bin/python3 -m venv --system-site-packages .venv
fi

# The native core, published where the package looks for it (python/pyrevolve_net/_bin).
echo "== building the C# core"
dotnet build Bridge.sln -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet publish src/Interop/Interop.csproj -c Release --no-build -o python/pyrevolve_net/_bin --nologo -v quiet

stamp=.venv/.pyrevolve-net-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ setup.py -nt "$stamp" ]; then
  echo "== installing pyrevolve-net into .venv (editable)"
  PYREVOLVE_NET_SKIP_DOTNET=1 .venv/bin/python -m pip install --no-build-isolation --no-deps -q -e . 
  touch "$stamp"
fi
