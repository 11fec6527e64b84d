"""Runs examples/marmousi_gradient.ipynb (built by scripts/build_marmousi_notebook.py) in a kernel on this
interpreter and checks what it prints and draws: the Marmousi model, a shot record, the stored-wavefield gradient,
two checkpointed gradients (recompute ratio against Revolve's theory, bitwise equality) and the gradient figure.
"""
from __future__ import annotations

import json
import sys

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "marmousi_gradient.ipynb"
KERNEL = "pyrevolve-net-marmousi-test"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> list[nbformat.NotebookNode]:
    kernels = tmp_path_factory.mktemp("kernels")
    (kernels / KERNEL).mkdir()
    (kernels / KERNEL / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "pyrevolve-net test (this interpreter)", "language": "python"}))
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    # Run where the notebook lives, as Jupyter does (it imports smooth from examples/marmousi_gradient.py).
    NotebookClient(nb, km=km, timeout=300, resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return [c for c in nb.cells if c.cell_type == "code"]


def _stdout(cells: list[nbformat.NotebookNode]) -> str:
    return "".join(o["text"] for c in cells for o in c.outputs if o.output_type == "stream" and o.name == "stdout")


def test_notebook_is_built_by_its_script() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_marmousi_notebook
    finally:
        sys.path.pop(0)
    assert nbformat.writes(build_marmousi_notebook.build()) + "\n" == NOTEBOOK.read_text(encoding="utf-8")


def test_checkpointed_gradients_match_the_stored_one(executed: list[nbformat.NotebookNode]) -> None:
    out = _stdout(executed)
    assert "every checkpointed gradient bitwise equal to the stored one: True" in out
    rows = [line.split() for line in out.splitlines() if "of store-all" in line]
    assert len(rows) == 2, out
    for row in rows:
        ckp, fwd, ratio, theory, bitwise = int(row[4]), int(row[7]), float(row[8]), float(row[9]), row[10]
        assert bitwise == "True" and ckp >= 1 and fwd > ckp
        assert abs(ratio - theory) <= 0.02, row          # measured = Revolve's numforw + 1
    assert int(rows[0][4]) > int(rows[1][4]) and float(rows[0][8]) < float(rows[1][8])
    store_all = [line.split() for line in out.splitlines() if line.split()[:1] == ["store-all"]]
    assert len(store_all) == 1 and store_all[0][-1] == "ref"


def test_figures_are_drawn(executed: list[nbformat.NotebookNode]) -> None:
    pngs = [c for c in executed if any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert len(pngs) == 4                               # model, shot record, starting model, gradient
    assert "plot_gradient" in pngs[-1].source and "plot_shotrecord" in pngs[1].source
