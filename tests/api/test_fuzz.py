"""Property-based fuzzing of every route in the OpenAPI document (schemathesis strategies
driven through chalice.test.Client). No input may produce a 5xx. Routes added later join
automatically, because the document is generated from the route declarations."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

EXAMPLES = int(os.environ.get("AGORA_FUZZ_EXAMPLES", "25"))


def _operations(document: dict[str, Any]) -> list[Any]:
    import schemathesis

    schema = schemathesis.openapi.from_dict(document)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def admin_token(make_user) -> str:
    _, token = make_user(platform_admin=True, name="Fuzz Admin")
    return token


def _call(client: Any, case: Any, token: str | None) -> Any:
    kwargs = case.as_transport_kwargs(base_url="")
    headers = {k: str(v) for k, v in (kwargs.get("headers") or {}).items()}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    path = kwargs["url"]
    params = kwargs.get("params") or {}
    if params:
        from urllib.parse import urlencode

        path += "?" + urlencode(params, doseq=True)
    body = kwargs.get("data") or kwargs.get("content") or b""
    if isinstance(body, dict):  # a form (`POST /notifications/unsubscribe/{token}`)
        from urllib.parse import urlencode

        body = urlencode(body, doseq=True)
    if kwargs.get("json") is not None:
        import json

        body = json.dumps(kwargs["json"])
        headers.setdefault("Content-Type", "application/json")
    return client.http.request(kwargs["method"], path, headers=headers, body=body)


@pytest.mark.slow
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "admin"])
def test_no_input_makes_a_5xx(client, api, admin_token, signed_in):
    document = api.get("/openapi.json").json
    failures: list[str] = []
    token = admin_token if signed_in else None
    for operation in _operations(document):

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            response = _call(client, case, token)
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path}: {response.status_code} "
                f"{response.body[:300]!r}")

        try:
            check()
        except AssertionError as exc:
            failures.append(str(exc).split("\n")[0])
    assert not failures, "\n".join(failures)
