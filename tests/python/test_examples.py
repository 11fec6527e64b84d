"""The example scripts run and print what they promise."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def _run(name: str) -> str:
    return subprocess.run([sys.executable, str(ROOT / "examples" / name)], capture_output=True, text=True,
                          check=True, timeout=300).stdout


def test_use_classic() -> None:
    out = _run("use_classic.py").splitlines()
    assert out[-1] == "u=30, v=30"
    # 30 adjoint steps drawn, one per line, at decreasing positions.
    marks = [line for line in out if line.strip() == "<"]
    assert [len(line) for line in marks] == list(range(30, 0, -1))


def test_use_modernised() -> None:
    out = _run("use_modernised.py")
    assert "u=[30. 30. 30. 30.]" in out and "v=[30. 30. 30. 30.]" in out
    assert "forward steps run" in out
