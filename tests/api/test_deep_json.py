"""Issue 13 item 6: a body nested however deep is a 400 problem+json, never a 500 (Python's
parser raises RecursionError past ~1,000 levels; pydantic and json.dumps recurse too)."""

from __future__ import annotations

import pytest

HOSTILE = {
    "200 KB of [": "[" * 200_000,
    "5,000 deep arrays": "[" * 5000 + "]" * 5000,
    "5,000 deep objects": '{"a":' * 5000 + "1" + "}" * 5000,
    "900 deep (parses, deeper than any body)": "[" * 900 + "]" * 900,
    "deep inside a field": '{"email": "a@b.test", "password": ' + "[" * 3000 + "]" * 3000 + "}",
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_deep_json_to_login_is_a_400_problem(api, body):
    response = api.post("/auth/login", body)
    assert response.status_code == 400, response.body[:300]
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json["code"] == "invalid_json"
    assert response.json["errors"][0]["field"] == "body"


def test_every_route_with_a_body_refuses_deep_json(app, api, make_user):
    """Every operation that declares a body, signed in as a platform admin so that
    authentication is not what answers first."""
    from chalicelib.platform.http.routing import OPERATIONS

    _, token = make_user(platform_admin=True)
    deep = "[" * 5000 + "]" * 5000
    seen = 0
    for op in OPERATIONS:
        if not op.body:
            continue
        path = op.path.replace("{", "").replace("}", "")
        path = "/".join("01HZZZZZZZZZZZZZZZZZZZZZZZ" if part.endswith("_id") or part == "id"
                        else part for part in path.split("/"))
        response = api.call(op.method, path, deep, token=token)
        assert response.status_code < 500, f"{op.method} {op.path}: {response.body[:200]}"
        seen += 1
    assert seen > 20


def test_a_deep_cursor_is_a_400(api):
    import base64

    cursor = base64.urlsafe_b64encode(b"[" * 1500).decode().rstrip("=")
    response = api.get(f"/communities?cursor={cursor}")
    assert response.status_code == 400, response.body[:300]
