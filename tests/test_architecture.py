"""Who may import whom, read from the source with `ast`, so the architecture note stays true.

- The ticket core (tickets, auth, org, mail, health and the core modules) imports no feature;
  a feature is every package or module under backoffice/ that is neither core nor wiring,
  so a new one is covered the day it is added. The wiring (`backoffice/__init__.py`,
  `cli.py`, `scheduler.py`) may import anything.
- No import circle between modules, counting imports inside functions too.
- No module imports another module's `_private` name.
- Views are thin: at most 15 lines of body (docstring aside), unless allowed below.
- Views are thin: see above.
- A blueprint is created in its package's `blueprint.py`, the front door, which declares
  every URL of the package (`add_url_rule`); no other module declares a route, so view
  modules never import their blueprint and no route exists by accident.

Every failure names the file and line and says what is wrong.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "backoffice"

CORE = {
    "backoffice.amounts",
    "backoffice.tickets",
    "backoffice.auth",
    "backoffice.org",
    "backoffice.mail",
    "backoffice.health",
    "backoffice.models",
    "backoffice.extensions",
    "backoffice.errors",
    "backoffice.i18n",
    "backoffice.signals",
    "backoffice.security",
    "backoffice.quarters",
    "backoffice.csv_cells",
    "backoffice.xlsx_cells",
    "backoffice.field_bounds",
    "backoffice.audit",
    "backoffice.form_submission",
    "backoffice.links",
    "backoffice.templating",
    "backoffice.spreadsheets",
    "backoffice.date_formats",
    "backoffice.extension_points",
    "backoffice.request_values",
}
WIRING = {"backoffice", "backoffice.cli", "backoffice.scheduler"}

MAX_VIEW_LINES = 15
# "module:function" → why it may be longer. Keep it short; each entry needs its reason.
LONG_VIEWS_ALLOWED: dict[str, str] = {}

ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported backoffice module
    names: tuple[str, ...]  # names taken from it (`from target import a, b`)
    line: int
    type_only: bool  # under `if TYPE_CHECKING:`: no import at run time

    def where(self) -> str:
        return f"{path_of(self.source)}:{self.line}"


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    imports: list[Import] = field(default_factory=list)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        found[name] = Module(name, path, ast.parse(path.read_text(), str(path)))
    for module in found.values():
        module.imports = list(imports_of(module, set(found)))
    return found


def path_of(name: str) -> str:
    return str(modules()[name].path.relative_to(ROOT))


def type_checking_lines(tree: ast.Module) -> set[int]:
    lines = set()
    for node in ast.walk(tree):
        test = node.test if isinstance(node, ast.If) else None
        if isinstance(test, ast.Name | ast.Attribute) and "TYPE_CHECKING" in ast.unparse(test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(module: Module, known: set[str]):  # noqa: ANN201
    """Every import of a backoffice module, wherever it stands (functions included)."""
    type_only = type_checking_lines(module.tree)
    is_package = module.path.name == "__init__.py"
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    yield Import(module.name, alias.name, (), node.lineno, node.lineno in type_only)
        elif isinstance(node, ast.ImportFrom):
            base = resolve(module.name, is_package, node.module, node.level)
            if base not in known:
                continue
            plain = []
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in known:  # `from package import module`
                    yield Import(module.name, submodule, (), node.lineno, node.lineno in type_only)
                else:
                    plain.append(alias.name)
            if plain:
                names = tuple(plain)
                yield Import(module.name, base, names, node.lineno, node.lineno in type_only)


def resolve(importer: str, is_package: bool, target: str | None, level: int) -> str:
    if level == 0:
        return target or ""
    parts = importer.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def top_level(name: str) -> str:
    """`backoffice.tickets.views` → `backoffice.tickets`; `backoffice` stays itself."""
    return ".".join(name.split(".")[:2])


def failures(messages: list[str]) -> str:
    return f"{len(messages)} problem(s):\n" + "\n".join(sorted(messages))


# --- the rules ----------------------------------------------------------------------------


def test_the_core_imports_no_feature():
    features = {top_level(name) for name in modules()} - CORE - WIRING
    wrong = [
        f"{i.where()}: core module {i.source} imports feature {i.target}; "
        "let the feature listen to a signal or ask for it in a composition module"
        for module in modules().values()
        if top_level(module.name) in CORE
        for i in module.imports
        if top_level(i.target) in features
    ]
    assert not wrong, failures(wrong)


def import_graph() -> dict[str, list[Import]]:
    graph: dict[str, list[Import]] = {name: [] for name in modules()}
    for module in modules().values():
        for i in module.imports:
            if i.type_only or i.target == i.source:
                continue
            graph[i.source].append(i)
    return graph


def strongly_connected(graph: dict[str, list[Import]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that import each other round in a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for edge in graph[node]:
            if edge.target not in index:
                visit(edge.target)
                low[node] = min(low[node], low[edge.target])
            elif edge.target in on_stack:
                low[node] = min(low[node], index[edge.target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_there_is_no_import_circle():
    graph = import_graph()
    wrong = []
    for group in strongly_connected(graph):
        members = set(group)
        edges = [
            f"    {i.where()}: imports {i.target}"
            for name in group
            for i in graph[name]
            if i.target in members
        ]
        wrong.append(f"import circle between {', '.join(group)}:\n" + "\n".join(edges))
    assert not wrong, failures(wrong)


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_imports_a_private_name_of_another():
    wrong = []
    for module in modules().values():
        wrong += [
            f"{i.where()}: imports {name} from {i.target}; give it a public name in a "
            "module named for what it does"
            for i in module.imports
            for name in i.names
            if is_private(name)
        ]
        aliases = {
            alias.asname or alias.name: f"{resolve_alias(module, node)}.{alias.name}"
            for node in ast.walk(module.tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        aliases = {name: target for name, target in aliases.items() if target in modules()}
        wrong += [
            f"{path_of(module.name)}:{node.lineno}: uses {node.attr} of {aliases[node.value.id]}"
            for node in ast.walk(module.tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and is_private(node.attr)
        ]
    assert not wrong, failures(wrong)


def resolve_alias(module: Module, node: ast.ImportFrom) -> str:
    return resolve(module.name, module.path.name == "__init__.py", node.module, node.level)


def body_lines(function: ast.FunctionDef) -> int:
    body = function.body
    has_docstring = (
        isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )
    statements = body[1:] if has_docstring and len(body) > 1 else body
    return (function.end_lineno or function.lineno) - statements[0].lineno + 1


def test_views_are_thin(app):
    """Every view the app serves, found through its URL map and unwrapped from decorators."""
    wrong = []
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        function = inspect.unwrap(view)
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
        lines = body_lines(tree.body[0])
        key = f"{function.__module__}:{function.__name__}"
        if lines > MAX_VIEW_LINES and key not in LONG_VIEWS_ALLOWED:
            where = f"{path_of(function.__module__)}:{function.__code__.co_firstlineno}"
            wrong.append(
                f"{where}: view {function.__name__} ({endpoint}) has {lines} lines "
                f"(at most {MAX_VIEW_LINES}); move the work into a service or the form"
            )
    assert not wrong, failures(wrong)


def test_every_blueprint_is_created_in_its_package_front_door():
    wrong = [
        f"{path_of(module.name)}:{node.lineno}: creates a Blueprint outside a blueprint.py; "
        "move it to the package's front door"
        for module in modules().values()
        if module.path.name != "blueprint.py"
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Call) and ast.unparse(node.func).split(".")[-1] == "Blueprint"
    ]
    assert not wrong, failures(wrong)


def route_declarations(module: Module) -> list[ast.AST]:
    """`@bp.route(...)`-style decorators and `bp.add_url_rule(...)` calls in a module."""
    decorators = [
        decorator
        for node in ast.walk(module.tree)
        if isinstance(node, ast.FunctionDef)
        for decorator in node.decorator_list
        if isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr in ROUTE_DECORATORS
    ]
    calls = [
        node
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "add_url_rule"
    ]
    return decorators + calls


def test_routes_are_declared_only_in_front_doors():
    wrong = [
        f"{path_of(module.name)}:{node.lineno}: declares a route outside blueprint.py; "
        "declare it in the package's front door with add_url_rule"
        for module in modules().values()
        if module.path.name != "blueprint.py"
        for node in route_declarations(module)
    ]
    assert not wrong, failures(wrong)


TRANSLATING = {"gettext", "ngettext", "lazy_gettext", "pgettext", "lazy_ngettext"}


def test_texts_are_translated_through_i18n():
    """Flask-Babel's own `gettext` looks the translations up anew at every text (a list page
    says some 440); `backoffice.i18n`'s look them up once per request and locale."""
    wrong = [
        f"{path_of(module.name)}:{node.lineno}: imports {alias.name} from flask_babel; "
        "import it from backoffice.i18n"
        for module in modules().values()
        if module.name != "backoffice.i18n"
        for node in ast.walk(module.tree)
        if isinstance(node, ast.ImportFrom) and node.module == "flask_babel"
        for alias in node.names
        if alias.name in TRANSLATING
    ]
    assert not wrong, failures(wrong)
