"""Build step: compile the C# bridge (src/Interop) into the package's _bin/ before the Python files are
collected, so wheels and installs carry the managed DLLs and a runtimeconfig that rolls forward."""
import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def publish_native() -> None:
    if os.environ.get("PYREVOLVE_NET_SKIP_DOTNET"):
        return
    dotnet = shutil.which("dotnet")
    if dotnet is None:
        raise RuntimeError("building pyrevolve-net needs the .NET SDK 10 (`dotnet` on PATH)")
    out = ROOT / "python" / "pyrevolve_net" / "_bin"
    subprocess.run([dotnet, "publish", str(ROOT / "src" / "Interop" / "Interop.csproj"), "-c", "Release",
                    "-o", str(out), "--nologo", "-v", "quiet"], check=True)


class BuildWithDotnet(build_py):
    def run(self) -> None:
        publish_native()
        super().run()


setup(cmdclass={"build_py": BuildWithDotnet})
