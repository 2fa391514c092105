"""The shape of the house (docs/DESIGN.md), checked by reading the source with `ast`.

Nothing is imported: each test parses src/bipub/**/*.py and looks at the
import statements (at any depth: an import inside a function counts, because
it runs sooner or later) and at the text.  Imports under `if TYPE_CHECKING:`
are left out: they never run.

If one of these fails, the message says which module and line broke which rule
and what to do instead.  Do not add to an allow-list without a one-line reason.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PKG = SRC / "bipub"

# The layers of docs/DESIGN.md, by the first name under bipub.
BOTTOM = {"model", "findings", "pair", "text", "registry", "schema", "paths", "atomic", "outline"}
STAGES = {"source", "importer", "terms", "translate", "check", "memory", "formats", "render"}
TOP = {"pipeline", "project", "config", "report", "cli", "desk"}
# The applications on top: the CLI and the editors' desk (a local web app that runs builds).
APPS = {"cli", "desk"}
MAX_LINES = 450



def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PKG.rglob("*.py"))}


@cache
def _tree(name: str) -> ast.Module:
    path = _modules()[name]
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk_runtime(node: ast.AST):
    """Every node under `node`, leaving out `if TYPE_CHECKING:` bodies."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for other in child.orelse:
                yield other
                yield from _walk_runtime(other)
            continue
        yield child
        yield from _walk_runtime(child)


@cache
def _imports(name: str) -> tuple[tuple[str, int], ...]:
    """(bipub module imported, line) for every runtime import in module `name`."""
    modules = _modules()
    is_package = modules[name].name == "__init__.py"
    found = []
    for node in _walk_runtime(_tree(name)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in modules else target, node.lineno))
    return tuple(sorted({(t, line) for t, line in found if t in modules and t != name}))


def _layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def _where(name: str, line: int) -> str:
    return f"{_modules()[name].relative_to(SRC.parent)}:{line}"


def test_the_import_graph_has_no_cycle():
    graph = {name: sorted({t for t, _ in _imports(name)}) for name in _modules()}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, (
        "modules import each other in a circle (a late import inside a function counts too); "
        "move what both need into a lower module, or pass it in as an argument:\n  "
        + "\n  ".join(" -> ".join(c) for c in cycles))


def test_imports_point_down_the_layers():
    wrong = []
    for name in _modules():
        layer = _layer(name)
        for target, line in _imports(name):
            to = _layer(target)
            if layer in BOTTOM and to not in BOTTOM:
                wrong.append(f"{_where(name, line)}: {name} is shared bottom code and imports {target}; "
                             "the bottom (model, findings, pair, text, registry, schema, paths, atomic, "
                             "outline) imports nothing above it")
            elif layer in STAGES and to in TOP:
                wrong.append(f"{_where(name, line)}: the stage {name} imports {target}; a stage gets "
                             "what it needs (paths, config values) as arguments from the CLI or pipeline")
            elif to == "cli" and layer != "cli" and name != "bipub.__main__":
                wrong.append(f"{_where(name, line)}: {name} imports the CLI ({target}); only "
                             "bipub.__main__ does, everything else is called by it")
            elif to == "desk" and layer not in APPS:
                wrong.append(f"{_where(name, line)}: {name} imports the desk app ({target}); only "
                             "the CLI starts it, nothing below uses it")
            elif layer == "formats" and to in {"memory", "pipeline"}:
                wrong.append(f"{_where(name, line)}: {name} imports {target}; the exchange formats sit "
                             "below the memory (memory.review imports formats, not the other way)")
    assert not wrong, "imports that point up the layers of docs/DESIGN.md:\n  " + "\n  ".join(wrong)


def test_no_module_is_over_450_lines():
    long = [f"{p.relative_to(SRC.parent)}: {n} lines"
            for p in _modules().values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, (f"modules over {MAX_LINES} lines; split each along a seam a newcomer "
                      "would name (one concern per module):\n  " + "\n  ".join(long))


# `relative_to(` used to check that a path is inside a folder (not to show it).
CONTAINMENT = {
    "bipub.formats.omegat": "an OmegaT project's files are named by their place inside its source/ folder",
}


def test_one_function_shows_paths():
    found = []
    for name, path in _modules().items():
        if name == "bipub.paths" or name in CONTAINMENT:
            continue
        for node in ast.walk(_tree(name)):
            if isinstance(node, ast.FunctionDef) and node.name == "relative_to":
                found.append(f"{_where(name, node.lineno)}: defines its own relative_to()")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "relative_to"):
                found.append(f"{_where(name, node.lineno)}: calls .relative_to()")
    assert not found, ("a path is shown to the user only through bipub.paths.shown(path, root) "
                       "(project.show(path) in a command); is_relative_to() checks containment:\n  "
                       + "\n  ".join(found))


# A character class holding the CJK Unified Ideographs block, written as escapes or as characters.
_IDEOGRAPH_RANGE = re.compile(r"(\\u4e00|\\u3400|一|㐀)\s*-\s*(\\u9f\w\w|\\u4dbf|龥|鿿|龟|鿕|\\U000\w+)"
                              r"|\\u[23]\w\w\w-\\u9f\w\w")


def test_one_ideograph_pattern():
    found = []
    for name, path in _modules().items():
        if name == "bipub.text.normalize":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _IDEOGRAPH_RANGE.search(line):
                found.append(f"{_where(name, number)}: {line.strip()[:90]}")
            elif re.search(r"[\"']\\u4e00[\"']\s*<=", line):
                found.append(f"{_where(name, number)}: {line.strip()[:90]}")
    assert not found, ("what counts as a Chinese character is defined once, in bipub.text.normalize "
                       "(HAN, has_chinese, and the named classes beside them); use those:\n  "
                       + "\n  ".join(found))
