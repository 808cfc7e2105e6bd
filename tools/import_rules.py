"""import-linter's contract for the shape inside and between feature packages
(docs/architecture.md). The order of the features and "platform/ imports no feature" are
import-linter's own `layers` contract (pyproject.toml); this one adds what a layers contract
cannot say:

- a feature's tables are its own: no other feature imports them;
- only tables modules and `platform/` import PynamoDB; only `platform/` imports boto3 or
  botocore;
- pure rules (`*_rules`) import no tables, no AWS and no use case;
- tables modules import no use case, route, handler or schema;
- routes and handlers are entry points: nothing in `chalicelib` imports them;
- no import circle between modules.

`problems` is pure (module names in, sentences out) and tested directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from importlinter import Contract, ContractCheck, fields, output

ROOT = "chalicelib"
PLATFORM = f"{ROOT}.platform"
STORAGE_LIBRARIES = frozenset({"pynamodb"})
AWS_LIBRARIES = frozenset({"boto3", "botocore"})


def feature_of(module: str) -> str | None:
    """`chalicelib.identity.login` -> "identity"; platform, the root and outsiders -> None."""
    parts = module.split(".")
    if len(parts) < 3 or parts[0] != ROOT or parts[1] == "platform":
        return None
    return parts[1]


def kind_of(module: str) -> str:
    """What a module is, from its name: tables, rules, schemas, entry (routes, handlers) or
    use case. Platform modules, the root registry and outside packages are "other"."""
    if feature_of(module) is None:
        return "other"
    name = module.rsplit(".", 1)[-1]
    for suffix, kind in (("_tables", "tables"), ("_rules", "rules"), ("_schemas", "schemas"),
                         ("_routes", "entry"), ("_handlers", "entry")):
        if name.endswith(suffix):
            return kind
    return "use case"


def _top(module: str) -> str:
    return module.split(".", 1)[0]


def edge_problem(importer: str, imported: str) -> str | None:
    """The rule `importer -> imported` breaks, or None."""
    own, other = feature_of(importer), feature_of(imported)
    kind, target = kind_of(importer), kind_of(imported)
    library = _top(imported)
    in_platform = importer == PLATFORM or importer.startswith(PLATFORM + ".")
    if library in AWS_LIBRARIES and not in_platform:
        return f"{importer} imports {library}: only platform/ talks to AWS"
    if library in STORAGE_LIBRARIES and not (in_platform or kind == "tables"
                                             or importer == f"{ROOT}.tables"):
        return f"{importer} imports {library}: only tables modules and platform/ do"
    if other is None:
        return None
    if target == "tables" and own is not None and own != other:
        return f"{importer} imports {imported}: another feature's tables"
    if target == "entry":
        return f"{importer} imports {imported}: routes and handlers are entry points"
    if kind == "rules" and target != "rules":
        return f"{importer} imports {imported}: pure rules import only rules and platform/"
    if kind == "tables" and target != "tables":
        return f"{importer} imports {imported}: tables import only tables and platform/"
    return None


def cycles(modules: Iterable[str], imports: Callable[[str], Iterable[str]]) -> list[list[str]]:
    """Import circles among `modules` (strongly connected components of more than one module,
    or a module importing itself), each sorted, found by Tarjan's algorithm without recursion."""
    inside = set(modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(inside):
        if start in index:
            continue
        work = [(start, iter(sorted(m for m in imports(start) if m in inside)))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            advanced = False
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(m for m in imports(nxt) if m in inside))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in set(imports(node)):
                    found.append(sorted(component))
    return found


def problems(modules: Iterable[str], imports: Callable[[str], Iterable[str]]) -> list[str]:
    """Every broken rule among `modules`, given what each one imports directly."""
    ours = sorted(m for m in modules if m == ROOT or m.startswith(ROOT + "."))
    found = [problem for module in ours for imported in sorted(imports(module))
             if (problem := edge_problem(module, imported))]
    found += [f"import circle: {' -> '.join(circle)}" for circle in cycles(ours, imports)]
    return found


class FeatureShapeContract(Contract):
    """Configured in pyproject.toml; takes no options beyond import-linter's own."""

    note = fields.StringField(required=False)

    def check(self, graph, verbose: bool) -> ContractCheck:  # noqa: ANN001 (grimp's graph)
        found = problems(graph.modules, graph.find_modules_directly_imported_by)
        return ContractCheck(kept=not found, metadata={"problems": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for problem in check.metadata["problems"]:
            output.print_error(f"- {problem}")
        output.new_line()
