"""The layers import only downwards: core below everything, pcc_portal's shared helpers below
the apps, and panel (which composes the others' figures into papers) above them.

Read from the source with `ast`, so an import inside a function counts as much as one at the
top of a module."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = {"performance", "finance", "funds", "panel"}
# What each package may not import.
FORBIDDEN = {
    "core": APPS | {"pcc_portal"},
    "pcc_portal": APPS,
    "performance": {"panel"},
    "finance": {"panel"},
    "funds": {"panel"},
}


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """(top-level package, line) for every absolute import in the module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {(alias.name.split(".")[0], node.lineno) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.module.split(".")[0], node.lineno))
        elif _is_import_module_call(node):
            found.add((str(node.args[0].value).split(".")[0], node.lineno))
    return found


def _is_import_module_call(node) -> bool:
    """importlib.import_module("performance.demo") with the name written out."""
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "attr", "") == "import_module"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
    )


def upward_imports(package: str) -> list[str]:
    forbidden = FORBIDDEN[package]
    return [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for name, line in sorted(imported_packages(path))
        if name in forbidden
    ]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(package):
    assert upward_imports(package) == []


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "import json\n"
        "def home():\n"
        "    from performance.selectors import plans_with_priorities\n"
        "    import panel.models\n"
    )
    assert imported_packages(module) == {("json", 1), ("performance", 3), ("panel", 4)}
