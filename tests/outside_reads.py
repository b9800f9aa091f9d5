"""Catches any file opened outside the repository while the tests run.

An audit hook on `open` (every Python-level open: `open`, `Path.read_text`, `io.open_code`)
records each path that lies outside the repository and outside the places a Python program
legitimately reads from: its own installation and packages, the system's shared files, the
temporary folder and the user's caches. The tests' autouse fixture fails any test during which
such a path was opened, so a test or module that reads from a folder beside the repository
fails on a machine where that folder happens to exist, not only on a fresh clone where it does
not."""

import os
import site
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYSTEM_FOLDERS = ("/usr", "/etc", "/dev", "/proc", "/sys", "/lib", "/var/lib", "/run")


def _allowed_folders() -> tuple[str, ...]:
    folders = {
        str(ROOT),
        tempfile.gettempdir(),
        os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache")),
        *SYSTEM_FOLDERS,
    }
    for folder in (sys.prefix, sys.base_prefix, sys.exec_prefix, *site.getsitepackages()):
        folders |= {folder, os.path.realpath(folder)}
    return tuple(sorted(folder.rstrip("/") + "/" for folder in folders))


ALLOWED = _allowed_folders()
opened_outside: list[str] = []


def is_outside(path: str) -> bool:
    absolute = os.path.normpath(os.path.abspath(path))
    return not (absolute + "/").startswith(ALLOWED)


def _on_audit_event(event: str, args: tuple) -> None:
    if event != "open" or not args or isinstance(args[0], int) or args[0] is None:
        return
    path = os.fsdecode(args[0])
    if is_outside(path):
        opened_outside.append(os.path.normpath(os.path.abspath(path)))


def install() -> None:
    """Once per test process (an audit hook cannot be removed)."""
    sys.addaudithook(_on_audit_event)


def take() -> list[str]:
    """The outside paths opened since the last call."""
    paths = list(dict.fromkeys(opened_outside))
    opened_outside.clear()
    return paths
