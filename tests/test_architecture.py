"""The tree keeps its shape: who may import whom, no import cycles, small modules.

docs/architecture.md opens with the map these rules enforce. Every import of
project code, at module level or inside a function, counts: an import hidden
in a function is still a dependency.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "articles", "feedback", "cms", "bench")
# The packages of the articles app; the rest of articles/ (apps.py, admin.py,
# templatetags, management commands) is the unit "articles" itself.
ARTICLES_PACKAGES = (
    "references",
    "evidence",
    "rendering",
    "models",
    "integrity",
    "workflow",
    "public",
    "editorial",
)

# What each unit may import, besides itself. Lower layers never import higher
# ones: screens (public, editorial) call workflow and selectors; workflow calls
# models, rendering, references and integrity.
MAY_IMPORT = {
    "core": set(),
    "articles.references": set(),
    # Registries and citation-manager files: no models, no screens.
    "articles.evidence": {"core", "articles.references"},
    "articles.rendering": {"articles.references"},
    "articles.models": {"core", "articles.references", "articles.rendering"},
    "articles.integrity": {
        "articles.evidence",
        "articles.models",
        "articles.references",
        "articles.rendering",
    },
    # The page cache is purged when a publication or withdrawal commits.
    "articles.workflow": {
        "core",
        "articles.evidence",
        "articles.models",
        "articles.references",
        "articles.rendering",
        "articles.integrity",
        "articles.public.cache",
    },
    "articles.public": {"core", "articles.models", "articles.references"},
    "articles.editorial": {
        "core",
        "articles.evidence",
        "articles.public.selectors",
        "articles.models",
        "articles.references",
        "articles.rendering",
        "articles.integrity",
        "articles.workflow",
        "feedback",
    },
    "articles": {
        "core",
        *(f"articles.{name}" for name in ARTICLES_PACKAGES),
    },
    "feedback": {"core", "articles.models", "articles.workflow"},
    "bench": {
        "core",
        "articles.evidence",
        "articles.models",
        "articles.rendering",
        "articles.integrity",
        "articles.workflow",
    },
    "cms": {
        "core",
        "bench",
        "feedback",
        *(f"articles.{name}" for name in ARTICLES_PACKAGES),
    },
}

MAX_MODULE_LINES = 400
MAX_TEST_MODULE_LINES = 600


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules():
    """Return {module name: path} of every module of app code (no migrations)."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def imports_of(name, path, modules):
    """Return the project modules that module NAME imports."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in modules else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in modules and module != name}


def import_graph():
    modules = app_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def unit_of(module):
    parts = module.split(".")
    if parts[0] == "articles" and len(parts) > 1 and parts[1] in ARTICLES_PACKAGES:
        return ".".join(parts[:2])
    return parts[0]


def allowed(source, target):
    rules = MAY_IMPORT[unit_of(source)]
    return unit_of(target) in rules or any(
        target == rule or target.startswith(rule + ".") for rule in rules
    )


def cycles(graph):
    """Return the strongly connected groups of more than one node (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_every_package_imports_only_what_the_map_allows():
    graph = import_graph()
    wrong = sorted(
        f"{source} imports {target}"
        for source, targets in graph.items()
        for target in targets
        if unit_of(source) != unit_of(target) and not allowed(source, target)
    )
    assert wrong == []


def test_no_import_cycles_between_modules():
    assert cycles(import_graph()) == []


def test_no_import_cycles_between_packages():
    units = defaultdict(set)
    for source, targets in import_graph().items():
        for target in targets:
            if unit_of(source) != unit_of(target):
                units[unit_of(source)].add(unit_of(target))
    assert cycles(units) == []


def test_the_checks_find_what_they_should():
    """The rules above are not vacuous: a cycle and a forbidden import are seen."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert not allowed("articles.models.article", "articles.workflow.review")
    assert not allowed("articles.workflow.review", "articles.public.views")
    assert allowed("articles.workflow.publication", "articles.public.cache")
    graph = import_graph()
    assert "articles.rendering.sanitise" in graph["articles.rendering"]
    assert "core.mail" in graph["articles.workflow.common"]


def test_every_unit_has_a_line_in_the_map():
    units = {unit_of(module) for module in app_modules()}
    assert units == set(MAY_IMPORT)
    text = (ROOT / "docs" / "architecture.md").read_text()
    for unit in units:
        assert f"`{unit.replace('.', '/')}/`" in text, unit


@pytest.mark.parametrize(
    ("folder", "limit"),
    [
        *((package, MAX_MODULE_LINES) for package in PACKAGES),
        ("tests", MAX_TEST_MODULE_LINES),
    ],
)
def test_no_module_is_too_long(folder, limit):
    long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text().splitlines())) > limit
    }
    assert long == {}
