"""The Python-to-.NET bridge: handles, errors crossing the boundary, missing runtime."""
from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

import pytest

import checkpoint_schedules as cs
from pyrevolve_net import _native


def test_closed_schedule_is_a_clear_error_and_double_close_is_harmless() -> None:
    s = cs.SingleMemoryStorageSchedule()
    s.close()
    s.close()
    with pytest.raises(ValueError, match="closed"):
        next(s)


def test_double_free_of_a_raw_handle_is_reported_not_undefined() -> None:
    s = cs.NoneCheckpointSchedule()
    raw = s._handle.value
    _native.free_handle(raw)
    with pytest.raises(ValueError, match="invalid handle"):
        _native.free_handle(raw)
    with pytest.raises(ValueError, match="invalid handle"):
        next(s)
    s._handle._value = 0  # already freed above


def test_schedules_release_their_native_handle() -> None:
    gc.collect()
    before = _native.live_handle_count()
    for _ in range(50):
        s = cs.SingleMemoryStorageSchedule()
        next(s)
        del s
    gc.collect()
    assert _native.live_handle_count() == before


def test_native_state_errors_become_runtime_error_with_the_net_message() -> None:
    s = cs.NoneCheckpointSchedule()
    with pytest.raises(RuntimeError, match="Invalid checkpointing state"):
        s.finalize(3)


def test_missing_runtime_is_a_clear_import_error() -> None:
    code = textwrap.dedent("""
        import glob, os
        os.environ.pop("DOTNET_ROOT", None)
        glob.glob = lambda *a, **k: []
        try:
            import pyrevolve_net
        except ImportError as e:
            print("IMPORT-ERROR:", e)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "IMPORT-ERROR:" in out and ".NET runtime" in out and "install" in out.lower()


def test_runtime_info_names_the_runtime() -> None:
    info = _native.runtime_info()
    assert info["hostfxr"].endswith(("libhostfxr.so", "libhostfxr.dylib"))
