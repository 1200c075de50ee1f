"""The layout the guide asks for: analytics/ never imports streamlit, and no import circles in it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = ROOT / "analytics"


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, top_level_only: bool) -> set[str]:
    """Modules a file imports (absolute names; relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            subs = {f"{base}.{alias.name}" for alias in node.names}
            # `from pkg import module` imports that module; `from pkg import name` imports pkg itself.
            found |= subs if subs <= set(MODULES) else {base} | (subs & set(MODULES))
    return found


FILES = sorted(DOMAIN.rglob("*.py"))
MODULES = {_module(p): p for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_never_imports_streamlit(path: Path) -> None:
    bad = sorted(m for m in _imports(path, top_level_only=False) if m == "streamlit" or m.startswith("streamlit."))
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}: Streamlit belongs in app.py, pages/ and ui/"


def test_no_import_circles_in_the_domain() -> None:
    """Module-level imports between analytics modules form no cycle (a package may import its own parts)."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = {m for m in _imports(path, top_level_only=True) if m in MODULES and m != name}
        # A part importing its own package's __init__ is a cycle only if that __init__ imports the part.
        graph[name] = targets
    seen: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node)
    assert not cycles, "import circles: " + "; ".join(" -> ".join(c) for c in cycles)
