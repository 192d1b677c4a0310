"""The layout rules of the README, checked on the import graph of the project's modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

PACKAGES = ("cases", "networks", "ioa_portal")


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    root = Path(settings.BASE_DIR)
    found = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path, root)] = path
    return found


def _imports(path: Path, known: set[str]) -> set[str]:
    """Project modules imported at module level (not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name in known}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, known) for name, path in modules.items()}


def test_no_module_imports_itself_through_others(graph):
    def parent_packages(name):
        parts = name.split(".")
        return {".".join(parts[:i]) for i in range(1, len(parts))}

    def cycle_from(start):
        stack, seen = [(start, [start])], set()
        while stack:
            name, path = stack.pop()
            for target in graph.get(name, ()):
                # Importing a submodule runs its package's __init__ first: not a cycle.
                if target in parent_packages(name):
                    continue
                if target == start:
                    return path + [target]
                if target not in seen:
                    seen.add(target)
                    stack.append((target, path + [target]))
        return None

    cycles = [cycle for name in graph if (cycle := cycle_from(name))]
    assert not cycles, cycles[0]


def test_networks_never_imports_cases(graph):
    wrong = {
        m: sorted(i)
        for m, i in graph.items()
        if m.startswith("networks") and any(t == "cases" or t.startswith("cases.") for t in i)
    }
    assert not wrong


def test_shared_helpers_import_no_app(graph):
    wrong = {
        m: sorted(i)
        for m, i in graph.items()
        if m.startswith("ioa_portal.lib") and any(not t.startswith("ioa_portal.lib") for t in i)
    }
    assert not wrong


def test_views_modules_are_imported_only_by_url_files(graph):
    wrong = {
        m: sorted(t for t in i if ".views." in t or t.endswith(".views"))
        for m, i in graph.items()
        if not (m.endswith("urls") or m.endswith("_urls"))
    }
    wrong = {m: t for m, t in wrong.items() if t and not m.startswith(tuple(t))}
    # A views package's own modules may share its helpers; nothing else imports views.
    wrong = {
        m: t
        for m, t in wrong.items()
        if not any(m.rsplit(".", 1)[0] == x.rsplit(".", 1)[0] for x in t)
    }
    assert not wrong


def test_management_commands_do_not_import_other_commands(graph):
    wrong = {
        m: sorted(t for t in i if ".management.commands." in t)
        for m, i in graph.items()
        if ".management.commands." in m
    }
    assert not {m: t for m, t in wrong.items() if t}
