"""Queries checked without pydantic (chalicelib/platform/http/query_rules): the rules file is
the models' own, and its answers are pydantic's, value for value and error for error."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from chalicelib.platform.errors import ValidationFailed
from chalicelib.platform.http import query_rules
from chalicelib.platform.http.models import load_model
from chalicelib.platform.http.validation import field_errors, validate
from tools import query_rules as generator

RULED = sorted(query_rules._all())
FEED = "chalicelib.contributions.contribution_query_schemas:FeedQuery"


def test_the_rules_file_is_written_from_the_models_the_routes_declare():
    assert query_rules.RULES.read_text() == generator.text(), \
        "run `python -m tools.query_rules`"


def test_a_model_with_a_validator_or_an_alias_is_left_to_pydantic():
    assert generator.rules("chalicelib.analytics.analytics_schemas:AnalyticsQuery") is None
    assert set(RULED) | {"chalicelib.analytics.analytics_schemas:AnalyticsQuery"} == \
        set(generator.query_models())
    assert FEED in RULED


def test_a_feed_query_has_its_defaults_and_its_values():
    assert vars(validate(FEED, {}, source="query")) == {
        "limit": 20, "cursor": None, "sort": None, "status": None, "bbox": None}
    q = validate(FEED, {"limit": " 7 ", "sort": "latest", "other": "x"}, source="query")
    assert (q.limit, q.sort) == (7, "latest")


def test_every_wrong_parameter_is_named_with_pydantics_words():
    with pytest.raises(ValidationFailed) as caught:
        validate(FEED, {"limit": "500", "sort": "best", "bbox": "x" * 201}, source="query")
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("limit", "Input should be less than or equal to 100"),
        ("sort", "Input should be 'unread', 'latest', 'most_commented' or 'most_engaged'"),
        ("bbox", "String should have at most 200 characters")]
    assert caught.value.detail.startswith("limit: Input should be less than or equal to 100; ")


@pytest.mark.parametrize(("rule", "raw", "expected"), [
    ({"kind": "integer"}, "1_000.00", (1000, None)),
    ({"kind": "integer"}, "5_", (None, query_rules.NOT_AN_INTEGER)),
    ({"kind": "integer"}, "5\x1c", (None, query_rules.NOT_AN_INTEGER)),
    ({"kind": "integer", "minimum": 1}, "-0", (None, "Input should be greater than or equal to 1")),
    ({"kind": "string", "minLength": 1}, "", (None, "String should have at least 1 character")),
    ({"kind": "string", "pattern": "^[a-z]+$"}, "ab\n", (None, "String should match pattern "
                                                              "'^[a-z]+$'")),
    ({"kind": "enum", "enum": ["json"]}, "csv", (None, "Input should be 'json'")),
])
def test_one_parameter(rule: dict[str, Any], raw: str, expected: tuple[Any, Any]):
    assert query_rules.check(rule, raw) == expected


def _pydantic(ref: str, data: dict[str, str]) -> tuple[Any, Any]:
    model = load_model(ref)
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        return None, [(e.field, e.message) for e in field_errors(exc, "query")]
    return {name: getattr(parsed, name) for name in model.model_fields}, None


def _ours(ref: str, data: dict[str, str]) -> tuple[Any, Any]:
    try:
        return vars(query_rules.parse(query_rules._all()[ref], data)), None
    except ValidationFailed as exc:
        return None, [(e.field, e.message) for e in exc.errors]


_SPACES = st.sampled_from(["", " ", "\t", "\n", "\xa0", "\x1c", "\u3000", "\x85"])
_NUMBERISH = st.builds(lambda *parts: "".join(parts), _SPACES, st.sampled_from(
    ["", "+", "-", "+-", " "]), st.from_regex(r"[0-9_]{0,5}", fullmatch=True), st.sampled_from(
    ["", ".", ".0", ".00", ".5", ".0_0", "e1", "_"]), _SPACES)
_TEXT = st.one_of(
    _NUMBERISH,
    st.text(alphabet="0123456789+-._ e\t\n\xa0\x1c\u3000x", max_size=8),
    st.sampled_from(["1", "20", "100", "101", "0", "unread", "latest", "past", "jsonl", "csv",
                     "admin", "member", "implemented", "x" * 200, "x" * 201, "x" * 2049]),
    st.text(max_size=12))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ref=st.sampled_from(RULED), data=st.data())
def test_every_query_is_answered_as_pydantic_answers_it(ref: str, data: st.DataObject):
    keys = [r["key"] for r in query_rules._all()[ref]] + ["unknown"]
    query = data.draw(st.dictionaries(st.sampled_from(keys), _TEXT, max_size=len(keys)))
    assert _ours(ref, query) == _pydantic(ref, query)
