"""Unknown paths answer 404 and methods a path lacks 405 with `Allow`, problem+json, through the
app (API Gateway's events and the test client), the function URL and `chalice local` (the last
in tests/api/test_schemathesis.py, over HTTP)."""

from __future__ import annotations

import json

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _paths() -> dict[str, set[str]]:
    import app  # noqa: F401
    from chalicelib.platform.http.methods import methods_by_path

    return methods_by_path()


def test_every_method_a_path_lacks_is_405_with_allow(api, make_user):
    _, token = make_user(platform_admin=True, name="Method Admin")
    for path, methods in _paths().items():
        concrete = path.replace("{", "").replace("}", "")
        for method in [*METHODS, "TRACE"]:
            if method in methods:
                continue
            response = api.call(method, concrete, token=token)
            assert response.status_code == 405, (method, path, response.status_code)
            assert response.headers["Content-Type"] == "application/problem+json"
            allowed = {m.strip() for m in response.headers["Allow"].split(",")}
            assert allowed == methods | {"OPTIONS"}, (method, path)
            assert response.json["code"] == "method_not_allowed"


def test_a_405_route_never_shadows_a_real_one(api):
    assert api.get("/health").status_code == 200
    assert api.post("/auth/login", {"email": "a@example.org", "password": "x" * 12}
                    ).status_code == 401


def _url_event(method: str, path: str) -> dict:
    return {"version": "2.0", "rawPath": path, "rawQueryString": "", "headers": {},
            "requestContext": {"http": {"method": method, "path": path,
                                        "sourceIp": "127.0.0.1"}, "requestId": "r1"}}


def test_the_function_url_answers_404_and_405(aws):
    from chalicelib.platform.http import function_url

    unknown = function_url.handler(_url_event("GET", "/no/such/path"), None)
    assert unknown["statusCode"] == 404
    assert unknown["headers"]["Content-Type"] == "application/problem+json"
    for method in ("DELETE", "TRACE"):
        wrong = function_url.handler(_url_event(method, "/health"), None)
        assert wrong["statusCode"] == 405, method
        assert wrong["headers"]["Allow"] == "GET, OPTIONS"
        assert json.loads(wrong["body"])["code"] == "method_not_allowed"


def test_the_openapi_document_has_no_405_routes(api):
    document = api.get("/openapi.json").json
    assert "/{proxy+}" not in document["paths"]
    assert "delete" not in document["paths"]["/health"]
