"""The packages keep the pipeline's direction: each imports only from the stages below it.

Why: the review behind issue 11 followed one value from YAML to the XML of a .pptx and found the way
doubling back (the linter importing the build, new-month importing the build, the content model
importing section modules). A rule that lives only in a brief is broken by the next hurried import;
this test reads every module's imports (``ast``, so imports inside functions count too) and fails on
any import that points up the stack.

The stages, lowest first (a module may import its own stage and any lower one):

    base (errors, messages, options, bundled, languages, catalogs, helptext)
    < content < plan < sections < render < check < export
    < pipeline (build, batch, sign-off, …) < commands

Imports that break this today are listed in ``KNOWN`` with the issue that removes them. The list may
only shrink: a new violation fails, and so does an entry that no longer occurs (delete it then).

Module-level import cycles fail too, whatever the stages: a cycle makes the import order decide
which names exist, and it is how "one direction" quietly stops being true.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "hpdeck"

BASE = 0
STAGES: dict[str, int] = {
    "errors": BASE,
    "messages": BASE,
    "options": BASE,
    "bundled": BASE,
    "languages": BASE,
    "catalogs": BASE,
    "helptext": BASE,
    "content": 1,
    "plan": 2,
    "sections": 3,
    "render": 4,
    "check": 5,
    "export": 6,
    "pipeline": 7,
    "commands": 8,
    "__main__": 8,
}

# Upward imports still to pay off: (importer, imported), each with the issue that removes it. None
# today; the test fails on an entry that no longer occurs, so this list only shrinks.
KNOWN: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def resolve(name: str) -> str:
    """The module a dotted name lives in (``hpdeck.errors.Problem`` is in ``hpdeck.errors``)."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


@functools.cache
def imports(module: str, *, top_level_only: bool) -> tuple[str, ...]:
    """Every hpdeck module ``module`` imports (a package's ``__init__`` counts when named)."""
    path = MODULES[module]
    source = path.read_text(encoding="utf-8")
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return tuple(imported_names(source, module, package, top_level_only=top_level_only))


def imported_names(
    source: str, module: str, package: str, *, top_level_only: bool
) -> Iterator[str]:
    tree = ast.parse(source)
    nodes = _top_level(tree.body) if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            # ``from a import b`` imports module a.b if there is one, else a name from a.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            if name.startswith("hpdeck."):
                target = resolve(name)
                if target != module:
                    yield target


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements run on import: the module body, its if/try/with and class blocks, not functions.

    ``if TYPE_CHECKING:`` blocks never run, so they cannot take part in a load-time cycle.
    """
    for node in body:
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            continue
        yield node
        if isinstance(node, ast.ClassDef | ast.With):
            yield from _top_level(node.body)
        if isinstance(node, ast.If | ast.Try):
            for block in ("body", "orelse", "finalbody"):
                yield from _top_level(getattr(node, block, []))
            for handler in getattr(node, "handlers", []):
                yield from _top_level(handler.body)


def stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.get(parts[1]) if len(parts) > 1 else BASE


def upward_imports() -> set[tuple[str, str]]:
    found = set()
    for module in MODULES:
        for target in imports(module, top_level_only=False):
            low, high = stage(module), stage(target)
            if low is not None and high is not None and high > low:
                found.add((module, target))
    return found


def test_every_module_has_a_stage() -> None:
    """A new top-level module or package must be placed in the stack, not slip past the rule."""
    assert [m for m in MODULES if stage(m) is None] == []


def test_no_new_upward_import() -> None:
    new = sorted(upward_imports() - KNOWN)
    assert new == [], "import from a higher stage (see this test's docstring):\n" + "\n".join(
        f"  {a} -> {b}" for a, b in new
    )


def test_known_violations_still_exist() -> None:
    """A paid-off debt leaves the list, so the list cannot hide a later return of the import."""
    gone = sorted(KNOWN - upward_imports())
    assert gone == [], "no longer imported; delete from KNOWN:\n" + "\n".join(
        f"  {a} -> {b}" for a, b in gone
    )


def _cycles(*, top_level_only: bool, allowed: set[tuple[str, str]]) -> list[list[str]]:
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        targets = {
            t for t in imports(module, top_level_only=top_level_only) if (module, t) not in allowed
        }
        # Importing a.b.c runs a/__init__ and a/b/__init__ first, unless they are the
        # importer's own packages, which Python has always started before the importer.
        own = {module.rsplit(".", i)[0] for i in range(1, module.count("."))}
        parents = {
            ".".join(target.split(".")[:i])
            for target in targets
            for i in range(2, target.count(".") + 1)
        }
        targets |= parents - own
        graph[module] = {t for t in targets if t in MODULES and t != module}
    cycles: list[list[str]] = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def strongconnect(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                strongconnect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            strongconnect(module)
    return cycles


def test_no_import_cycles_at_load_time() -> None:
    """Modules that need each other while loading; none at all, known debts included."""
    assert _cycles(top_level_only=True, allowed=set()) == []


# Imports inside one stage that close a cycle only through a function body: harmless at load time
# but still two modules that each need the other. Same rule as KNOWN: the list only shrinks.
KNOWN_BACK: set[tuple[str, str]] = set()


def test_no_import_cycles_hidden_in_functions() -> None:
    """All imports (function bodies too) form no cycle once the listed debts are left out."""
    assert _cycles(top_level_only=False, allowed=KNOWN | KNOWN_BACK) == []
    paid = [
        edge
        for edge in sorted(KNOWN_BACK)
        if not _cycles(top_level_only=False, allowed=KNOWN | (KNOWN_BACK - {edge}))
    ]
    assert paid == [], "closes no cycle any more; delete from KNOWN_BACK"


def test_the_reader_sees_imports_inside_functions_and_relative_ones() -> None:
    """The old build <-> lint import hid in a function body; the reader must look there too."""
    source = (
        "from hpdeck import errors\n"
        "from . import fit\n"
        "def later():\n"
        "    from hpdeck.pipeline.build import load_deck\n"
    )
    module, package = "hpdeck.plan.layout", "hpdeck.plan"
    everywhere = set(imported_names(source, module, package, top_level_only=False))
    on_load = set(imported_names(source, module, package, top_level_only=True))
    assert everywhere == {"hpdeck.errors", "hpdeck.plan.fit", "hpdeck.pipeline.build"}
    assert on_load == {"hpdeck.errors", "hpdeck.plan.fit"}


def test_the_pipeline_neither_prints_nor_exits() -> None:
    """The pipeline returns what happened; the command line (commands/) reports it and picks the
    exit code. So a batch can go on past one broken deck, and other callers (the live preview,
    tests) get results instead of a process that ends."""
    found = []
    for module, path in MODULES.items():
        if not module.startswith("hpdeck.pipeline"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names]
                base = node.module if isinstance(node, ast.ImportFrom) else None
                if "click" in (base, *names) or (
                    base == "hpdeck.messages" and {"info", "warn", "detail"} & set(names)
                ):
                    found.append(f"{module}:{node.lineno}: imports {base or names}")
            elif isinstance(node, ast.Name) and node.id in ("print", "SystemExit"):
                found.append(f"{module}:{node.lineno}: {node.id}")
            elif isinstance(node, ast.Attribute) and ast.unparse(node) in (
                "sys.exit",
                "click.echo",
            ):
                found.append(
                    f"{module}:{node.lineno}: {ast.unparse(node)}"
                )  # a worker's os._exit is fine
    assert found == []
