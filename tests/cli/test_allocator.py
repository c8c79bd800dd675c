"""``tessera serve`` re-executes itself under jemalloc when the system has it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tessera.cli.allocator import MARK, find_jemalloc, preload_env, requested
from tessera.errors import ConfigError

LIB = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"


def test_serve_is_re_executed_with_jemalloc_preloaded() -> None:
    env = preload_env(["tessera", "serve", "-w", "ws"], {"PATH": "/bin"}, LIB)
    assert env == {"PATH": "/bin", "LD_PRELOAD": LIB, MARK: "jemalloc"}
    kept = preload_env(["tessera", "serve"], {"LD_PRELOAD": "/x/libfoo.so"}, LIB)
    assert kept is not None and kept["LD_PRELOAD"] == f"{LIB} /x/libfoo.so"


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["tessera", "demo"], {}),  # other commands run as they are
        (["tessera", "serve"], {MARK: "jemalloc"}),  # already re-executed: never twice
        (["tessera", "serve", "--allocator", "system"], {}),
        (["tessera", "serve", "--allocator=system"], {}),
        (["tessera", "serve"], {"TESSERA_ALLOCATOR": "system"}),
        (["tessera", "serve"], {"LD_PRELOAD": "/opt/libjemalloc.so.2"}),  # preloaded already
    ],
)
def test_no_re_execution(argv: list[str], env: dict[str, str]) -> None:
    assert preload_env(argv, env, LIB) is None


def test_auto_without_the_library_runs_as_is_and_jemalloc_insists() -> None:
    assert preload_env(["tessera", "serve"], {}, None) is None
    with pytest.raises(ConfigError, match="libjemalloc2"):
        preload_env(["tessera", "serve", "--allocator", "jemalloc"], {}, None)
    with pytest.raises(ConfigError, match="expected one of"):
        preload_env(["tessera", "serve", "--allocator", "tcmalloc"], {}, LIB)


def test_the_option_wins_over_the_variable() -> None:
    env = {"TESSERA_ALLOCATOR": "system"}
    assert requested(["tessera", "serve", "--allocator", "JEMALLOC"], env) == "jemalloc"
    assert requested(["tessera", "serve"], env) == "system"


def test_find_jemalloc_looks_in_the_given_folders(tmp_path: Path) -> None:
    assert find_jemalloc([str(tmp_path)]) is None
    (tmp_path / "libjemalloc.so.2").write_bytes(b"")
    assert find_jemalloc([str(tmp_path)]) == str(tmp_path / "libjemalloc.so.2")
