"""The bridge to the C# core: the only module that knows ctypes and libhostfxr.

The installed .NET runtime is found the way clr-loader finds it (``DOTNET_ROOT``, then the ``dotnet`` on
``PATH``, newest ``host/fxr/*``), started once per process on first use through the documented native
hosting API (``hostfxr_initialize_for_runtime_config`` + ``load_assembly_and_get_function_pointer``), and
each ``[UnmanagedCallersOnly]`` export of ``PyRevolveNet.Interop`` becomes a ctypes function.

Every export returns a status code; :func:`check` turns a failure into a Python exception carrying the
.NET message. Python callbacks never let an exception unwind into C#: :class:`CallbackGuard` stores it,
returns a failure status, and re-raises the original exception (type, message, traceback) once the outer
call has returned.
"""
from __future__ import annotations

import ctypes
import glob
import os
import re
import shutil
import threading
from pathlib import Path
from typing import Any, Callable

__all__ = [
    "CorruptCheckpointError",
    "NativeError",
    "check",
    "function",
    "free_handle",
    "Handle",
    "CallbackGuard",
    "runtime_info",
]

ABI_VERSION = 1
_PKG = Path(__file__).resolve().parent.parent
_ASSEMBLY = "PyRevolveNet.Interop"
_HDT_LOAD_ASSEMBLY_AND_GET_FUNCTION_POINTER = 5
_UNMANAGEDCALLERSONLY_METHOD = ctypes.c_void_p(-1)

_INSTALL_HINT = (
    "pyrevolve_net needs the .NET runtime (version 10 or newer). Install it (Debian/Ubuntu: "
    "`apt-get install dotnet-runtime-10.0`, or see https://dotnet.microsoft.com/download), "
    "or set DOTNET_ROOT to the folder that holds `host/fxr`."
)


class NativeError(RuntimeError):
    """An unexpected failure inside the .NET core (a bug: please report it with the message)."""


class CorruptCheckpointError(OSError):
    """Stored checkpoint data failed its integrity check (corrupted or truncated)."""


def _version_key(path: str) -> tuple:
    name = os.path.basename(os.path.dirname(path))
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.\-+]", name))


def _find_hostfxr() -> str:
    roots = []
    if os.environ.get("DOTNET_ROOT"):
        roots.append(os.environ["DOTNET_ROOT"])
    exe = shutil.which("dotnet")
    if exe:
        roots.append(os.path.dirname(os.path.realpath(exe)))
    roots += ["/usr/share/dotnet", "/usr/lib/dotnet", "/usr/local/share/dotnet", os.path.expanduser("~/.dotnet")]
    for root in roots:
        found = glob.glob(os.path.join(root, "host", "fxr", "*", "libhostfxr.so")) + glob.glob(
            os.path.join(root, "host", "fxr", "*", "libhostfxr.dylib")
        )
        if found:
            return max(found, key=_version_key)
    raise ImportError("no .NET runtime found (looked in DOTNET_ROOT, the `dotnet` on PATH and the usual places). " + _INSTALL_HINT)


def _find_binaries() -> Path:
    candidates = [Path(os.environ["PYREVOLVE_NET_BIN"])] if os.environ.get("PYREVOLVE_NET_BIN") else []
    candidates.append(_PKG / "_bin")
    for c in candidates:
        if (c / f"{_ASSEMBLY}.dll").is_file() and (c / f"{_ASSEMBLY}.runtimeconfig.json").is_file():
            return c
    raise ImportError(
        f"the pyrevolve_net native core is not built (no {_ASSEMBLY}.dll in {candidates[-1]}). "
        "From a source checkout run `bash scripts/test.sh` or "
        f"`dotnet publish src/Interop/Interop.csproj -c Release -o {candidates[-1]}`; or reinstall with `pip install .`."
    )


# Located at import, so a missing runtime is a clear ImportError; started lazily on first call.
_HOSTFXR_PATH = _find_hostfxr()
_BIN = _find_binaries()

_LoadFn = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p,
    ctypes.POINTER(ctypes.c_void_p),
)
_lock = threading.RLock()
_load_fn: Any = None
_pid: int | None = None
_functions: dict[tuple[str, str], Any] = {}


def _start_runtime() -> Any:
    global _load_fn, _pid
    if _load_fn is not None:
        if os.getpid() != _pid:
            raise RuntimeError(
                "the .NET runtime was started in a parent process and cannot be used after fork(); "
                "start worker processes with the 'spawn' method (multiprocessing.set_start_method('spawn'))"
            )
        return _load_fn
    hostfxr = ctypes.CDLL(_HOSTFXR_PATH)
    handle = ctypes.c_void_p()
    config = str(_BIN / f"{_ASSEMBLY}.runtimeconfig.json").encode()
    rc = hostfxr.hostfxr_initialize_for_runtime_config(ctypes.c_char_p(config), None, ctypes.byref(handle))
    if rc not in (0, 1, 2) or not handle.value:
        raise ImportError(
            f"could not start the .NET runtime from {_HOSTFXR_PATH} (hostfxr status {rc & 0xFFFFFFFF:#x}); "
            "a runtime of version 10 or newer is required. " + _INSTALL_HINT
        )
    fp = ctypes.c_void_p()
    rc = hostfxr.hostfxr_get_runtime_delegate(handle, _HDT_LOAD_ASSEMBLY_AND_GET_FUNCTION_POINTER, ctypes.byref(fp))
    hostfxr.hostfxr_close(handle)
    if rc != 0 or not fp.value:
        raise ImportError(f"the .NET runtime did not provide its loader (hostfxr status {rc & 0xFFFFFFFF:#x})")
    _load_fn = _LoadFn(fp.value)
    _pid = os.getpid()
    version = _raw_function("CommonExports", "GetAbiVersion", ctypes.c_int, ())()
    if version != ABI_VERSION:
        raise ImportError(f"the native core speaks ABI {version}, this Python package {ABI_VERSION}: rebuild it")
    return _load_fn


def _raw_function(type_name: str, method: str, restype: Any, argtypes: tuple) -> Any:
    load = _load_fn
    out = ctypes.c_void_p()
    qualified = f"PyRevolveNet.Interop.{type_name}, {_ASSEMBLY}".encode()
    rc = load(str(_BIN / f"{_ASSEMBLY}.dll").encode(), qualified, method.encode(), _UNMANAGEDCALLERSONLY_METHOD, None, ctypes.byref(out))
    if rc != 0 or not out.value:
        raise NativeError(f"export {type_name}.{method} not found in the native core (status {rc & 0xFFFFFFFF:#x})")
    # CFUNCTYPE functions release the GIL for the duration of the call.
    return ctypes.CFUNCTYPE(restype, *argtypes)(out.value)


def function(type_name: str, method: str, argtypes: tuple, restype: Any = ctypes.c_int) -> Callable[..., Any]:
    """The export ``type_name.method`` as a ctypes function (cached; starts the runtime on first use)."""
    key = (type_name, method)
    f = _functions.get(key)
    if f is None or _pid != os.getpid():
        with _lock:
            _start_runtime()
            f = _functions.get(key)
            if f is None:
                f = _functions[key] = _raw_function(type_name, method, restype, argtypes)
    return f


def last_error() -> str:
    get = function("CommonExports", "GetLastError", (ctypes.c_void_p, ctypes.c_int))
    n = get(None, 0)
    buf = ctypes.create_string_buffer(n + 1)
    get(buf, n + 1)
    return buf.raw[:n].decode("utf-8", "replace")


_EXCEPTIONS: dict[int, type[BaseException]] = {
    1: ValueError,
    2: TypeError,
    3: RuntimeError,
    4: ValueError,
    5: OSError,
    6: MemoryError,
    8: CorruptCheckpointError,
}

CALLBACK_FAILED = 7


def check(status: int, guard: "CallbackGuard | None" = None) -> None:
    """Raises the Python exception for a non-zero status (the stored one for a failed callback)."""
    if status == 0:
        return
    if guard is not None:
        guard.reraise()
    message = last_error()
    if status == CALLBACK_FAILED:
        raise RuntimeError(f"a callback failed but its exception was lost: {message}")
    exc = _EXCEPTIONS.get(status)
    if exc is None:
        raise NativeError(f"internal error in the pyrevolve_net .NET core: {message}")
    raise exc(message)


class Handle:
    """Owns one native handle; frees it exactly once (close(), context manager, or garbage collection)."""

    __slots__ = ("_value", "__weakref__")

    def __init__(self, value: int) -> None:
        self._value = value

    @property
    def value(self) -> int:
        if not self._value:
            raise ValueError("this object has been closed")
        return self._value

    def close(self) -> None:
        value, self._value = self._value, 0
        if value:
            check(function("CommonExports", "FreeHandle", (ctypes.c_int64,))(value))

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - nothing useful can be done at interpreter shutdown
            pass


def free_handle(value: int) -> None:
    check(function("CommonExports", "FreeHandle", (ctypes.c_int64,))(value))


def live_handle_count() -> int:
    return int(function("CommonExports", "LiveHandleCount", (), ctypes.c_int64)())


class CallbackGuard:
    """Wraps Python callbacks handed to C#: an exception is stored, C# gets status 7, and the caller
    re-raises it after the native call returns (``check(status, guard)``)."""

    __slots__ = ("error",)

    def __init__(self) -> None:
        self.error: BaseException | None = None

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., int]:
        def callback(*args: Any) -> int:
            if self.error is not None:
                return CALLBACK_FAILED
            try:
                fn(*args)
                return 0
            except BaseException as e:  # noqa: BLE001 - re-raised by reraise()
                self.error = e
                return CALLBACK_FAILED

        return callback

    def reraise(self) -> None:
        error, self.error = self.error, None
        if error is not None:
            raise error.with_traceback(error.__traceback__)


def runtime_info() -> dict[str, str]:
    """Where the runtime and the native core were found (for bug reports)."""
    return {"hostfxr": _HOSTFXR_PATH, "native_core": str(_BIN), "abi": str(ABI_VERSION)}
