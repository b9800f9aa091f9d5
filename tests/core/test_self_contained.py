"""The project stands on its own: nothing in it reads a file outside the repository.

Two guards: every test runs under an audit hook that fails it when a file outside the
repository is opened (tests/outside_reads.py, wired in tests/conftest.py), and the source is
scanned for paths that climb out of the repository, which catches code no test happens to
run."""

import ast
import re
import subprocess
from contextlib import suppress
from pathlib import Path

import pytest

from tests import outside_reads

ROOT = outside_reads.ROOT
# A path that climbs out ("../x", "x/../y"), or a folder the project's sources once lived
# beside ("shared/standards", "shared/seeds", "shared/realdata").
CLIMBING = re.compile(r"(^|[/\\])\.\.[/\\]|(^|/)shared/(standards|seeds|realdata)\b")
PARENT = ".."
# Walking up from the repository root (`BASE_DIR.parent`, `ROOT.parents`); `parents[2]` of a
# file two folders deep is the root itself and is fine.
ROOT_NAMES = {"BASE_DIR", "ROOT"}
PATH_CALLS = {"Path", "PurePath", "join", "joinpath", "open"}
# This file's own examples of what the scan must find.
SCANNER = Path(__file__).resolve()


def project_files(*suffixes: str) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if name.endswith(suffixes) and (ROOT / name).exists()]


def climbing_paths(source: str, filename: str = "<source>") -> list[str]:
    """Each string constant that names a path out of the repository, each bare ".." used as
    a path part, and each step up from the repository root, as "line: text"."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        for part in _path_parts(node):
            if isinstance(part, ast.Constant) and part.value == PARENT:
                found.append(f"{part.lineno}: {PARENT!r} as a path part")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if CLIMBING.search(node.value):
                found.append(f"{node.lineno}: {node.value!r}")
        elif isinstance(node, ast.Attribute) and node.attr in ("parent", "parents"):
            name = getattr(node.value, "id", None) or getattr(node.value, "attr", None)
            if name in ROOT_NAMES:
                found.append(f"{node.lineno}: {name}.{node.attr}")
    return found


def _path_parts(node) -> list:
    """The operands of `a / b` and the arguments of Path(...), os.path.join(...), open(...)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return [node.left, node.right]
    if isinstance(node, ast.Call):
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name in PATH_CALLS:
            return list(node.args)
    return []


def test_no_python_source_names_a_path_outside_the_repository():
    problems = [
        f"{path.relative_to(ROOT)}:{problem}"
        for path in project_files(".py")
        if path.resolve() != SCANNER
        for problem in climbing_paths(path.read_text(), str(path))
    ]
    assert problems == []


def test_no_build_or_settings_file_names_a_path_outside_the_repository():
    problems = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in project_files("Makefile", ".toml", ".cfg", ".ini", ".sh", ".env.example")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if not line.lstrip().startswith("#") and CLIMBING.search(line)
    ]
    assert problems == []


@pytest.mark.parametrize(
    "source",
    [
        'open("../standards/360giving/360-giving-schema.json")',
        'os.path.join(settings.BASE_DIR, "..", "seeds")',
        'Path(settings.BASE_DIR) / ".." / "shared"',
        "settings.BASE_DIR.parent / 'shared'",
        "[base / 'x' for base in settings.BASE_DIR.parents]",
        # A folder named like the one beside the repository, at an absolute path (built here so
        # that this file itself names no such path).
        f"DATA = {'/'.join(['/srv', 'shared', 'seeds', 'report.pdf'])!r}",
    ],
)
def test_the_scan_finds_a_path_out_of_the_repository(source):
    assert climbing_paths(source) != []


def test_the_scan_leaves_paths_inside_the_repository_alone():
    source = (
        'BASE_DIR / "standards" / "360giving"\n'
        "Path(__file__).resolve().parents[2]\n"
        'f"{start}..{end}"\n'
        'value.split("..")\n'
    )
    assert climbing_paths(source) == []


def test_opening_a_file_beside_the_repository_is_caught(tmp_path):
    beside = ROOT.parent / "shared" / "standards" / "360giving" / "360-giving-schema.json"
    with suppress(OSError):  # the hook sees the attempt whether or not the file exists
        beside.read_text()
    assert outside_reads.take() == [str(beside)]

    (tmp_path / "scratch.txt").write_text("inside the temporary folder")
    (ROOT / "README.md").read_text()
    assert outside_reads.take() == []
