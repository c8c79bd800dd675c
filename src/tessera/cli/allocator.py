"""``tessera serve`` under jemalloc when the system has it.

A real-time micro-batch is some 150 small SQL statements; DuckDB parses, binds and plans each
one, allocating and freeing many small objects. With glibc's malloc that costs about a quarter
of a batch on the 2-core reference machine; jemalloc (``libjemalloc2`` on Debian/Ubuntu) cuts
batch time by 20-25 % (docs/benchmarks.md, round 7). The allocator cannot be swapped inside a
running process, so the console entry point re-executes itself once with ``LD_PRELOAD``
before the server starts (same process id: ``exec``, not a child).

``--allocator system`` (or ``TESSERA_ALLOCATOR=system``) keeps the system allocator;
``jemalloc`` insists (an error when it is missing); ``auto`` (default) uses it when found.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tessera.errors import ConfigError

CHOICES = ("auto", "jemalloc", "system")
#: Set in the re-executed process (what it runs under), so it never re-executes again.
MARK = "TESSERA_ALLOCATOR_ACTIVE"
_LIBRARY = "libjemalloc.so.2"
_DIRS = (
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/usr/lib64",
    "/usr/lib",
    "/usr/local/lib",
    "/lib/x86_64-linux-gnu",
    "/lib/aarch64-linux-gnu",
)


def find_jemalloc(dirs: Sequence[str] = _DIRS) -> str | None:
    """Path of the system's jemalloc shared library, or None."""
    for folder in dirs:
        path = Path(folder) / _LIBRARY
        if path.is_file():
            return str(path)
    return None


def requested(argv: Sequence[str], env: Mapping[str, str]) -> str:
    """The allocator asked for: ``--allocator X`` / ``--allocator=X``, else the
    ``TESSERA_ALLOCATOR`` variable, else ``auto``."""
    choice = env.get("TESSERA_ALLOCATOR", "auto")
    for i, arg in enumerate(argv):
        if arg == "--allocator" and i + 1 < len(argv):
            choice = argv[i + 1]
        elif arg.startswith("--allocator="):
            choice = arg.split("=", 1)[1]
    return choice.lower()


def preload_env(
    argv: Sequence[str], env: Mapping[str, str], library: str | None
) -> dict[str, str] | None:
    """The environment to re-execute ``tessera serve`` with, or None to run as is."""
    if len(argv) < 2 or argv[1] != "serve" or env.get(MARK):
        return None
    choice = requested(argv, env)
    if choice not in CHOICES:
        raise ConfigError(f"--allocator: expected one of {', '.join(CHOICES)}, got {choice!r}")
    if choice == "system" or "jemalloc" in env.get("LD_PRELOAD", ""):
        return None
    if library is None:
        if choice == "jemalloc":
            raise ConfigError(
                f"--allocator jemalloc: {_LIBRARY} not found (Debian/Ubuntu: apt install "
                "libjemalloc2), or use --allocator system"
            )
        return None
    new = dict(env)
    new["LD_PRELOAD"] = " ".join(p for p in (library, env.get("LD_PRELOAD", "")) if p)
    new[MARK] = "jemalloc"
    return new


def active() -> str:
    """The allocator this process runs under: ``jemalloc`` when the library is mapped."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return "system"
    return "jemalloc" if "libjemalloc" in maps else "system"


def reexec_under_jemalloc() -> None:
    """Re-execute this ``tessera serve`` with jemalloc preloaded, when it applies (Linux,
    library present, not asked otherwise). Returns only when it does not apply."""
    if not sys.platform.startswith("linux"):
        return
    env = preload_env(sys.argv, os.environ, find_jemalloc())
    if env is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, "-m", "tessera", *sys.argv[1:]], env)
