"""The code's shape (docs/architecture.md): every table that holds personal data is erased by
some feature's declared step; modules and functions stay small; the import rules' contract
(tools/import_rules.py, run by `lint-imports` in `make test`) catches what it must."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CODE = Path(__file__).resolve().parents[2] / "chalicelib"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_every_table_with_personal_data_is_covered_by_an_erasure_step(aws):
    from chalicelib.privacy import erasure
    from chalicelib.tables import all_models

    covered = {model for step in erasure.steps() for model in step.covers}
    forgotten = [m.__name__ for m in all_models() if m.personal and m not in covered]
    assert forgotten == [], f"no erasure step covers {forgotten}"


def test_the_erasure_runs_phase_by_phase_and_ends_with_the_account(aws):
    from chalicelib.platform.personal_data import PHASES
    from chalicelib.privacy import erasure

    phases = [PHASES.index(step.phase) for step in erasure.steps()]
    assert phases == sorted(phases)
    assert [s.name for s in erasure.steps()][-1] == "account"


def _python_files() -> list[Path]:
    return sorted(CODE.rglob("*.py"))


def test_no_module_is_longer_than_400_lines():
    long = {str(p.relative_to(CODE)): n for p in _python_files()
            if (n := len(p.read_text().splitlines())) > MAX_FILE_LINES}
    assert long == {}


def test_no_function_is_longer_than_60_lines():
    long = {}
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([d.lineno for d in node.decorator_list] + [node.lineno])
                if node.end_lineno - first + 1 > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(CODE)}:{node.name}"] = node.end_lineno - first + 1
    assert long == {}


@pytest.mark.parametrize(("importer", "imported", "broken"), [
    ("chalicelib.moderation.flags", "chalicelib.contributions.contribution_tables", True),
    ("chalicelib.moderation.flags", "chalicelib.contributions.content_access", False),
    ("chalicelib.contributions.contribution_tables",
     "chalicelib.contributions.comment_tables", False),
    ("chalicelib.contributions.contribution_tables", "chalicelib.contributions.feeds", True),
    ("chalicelib.identity.login", "pynamodb.models", True),
    ("chalicelib.identity.user_tables", "pynamodb.models", False),
    ("chalicelib.identity.user_tables", "botocore.exceptions", True),
    ("chalicelib.platform.dynamo.transactions", "botocore.exceptions", False),
    ("chalicelib.modules.budget_rules", "chalicelib.modules.modules", True),
    ("chalicelib.modules.budget_rules", "chalicelib.platform.errors", False),
    ("chalicelib.modules.modules", "chalicelib.modules.module_routes", True),
])
def test_the_import_rules_name_what_breaks_them(importer, imported, broken):
    from tools.import_rules import edge_problem

    assert (edge_problem(importer, imported) is not None) is broken


def test_the_import_rules_find_circles():
    from tools.import_rules import problems

    graph = {"chalicelib.a.one": {"chalicelib.a.two"}, "chalicelib.a.two": {"chalicelib.a.three"},
             "chalicelib.a.three": {"chalicelib.a.one"}, "chalicelib.a.four": {"chalicelib.a.one"}}
    assert problems(graph, graph.__getitem__) == [
        "import circle: chalicelib.a.one -> chalicelib.a.three -> chalicelib.a.two"]
