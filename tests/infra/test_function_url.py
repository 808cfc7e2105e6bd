"""The API function behind a Lambda function URL: payload 2.0 events reach the same routes,
middleware and problem+json answers as API Gateway's REST events."""

from __future__ import annotations

import json

from chalicelib.platform.http import function_url


def _url_event(path: str, method: str = "GET", query: str = "", headers: dict | None = None,
               body: str | None = None, cookies: list[str] | None = None) -> dict:
    event = {
        "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": query,
        "headers": {"host": "abc.lambda-url.eu-west-1.on.aws", **(headers or {})},
        "requestContext": {"requestId": "req-1", "domainName": "abc.lambda-url.eu-west-1.on.aws",
                           "http": {"method": method, "path": path, "sourceIp": "192.0.2.1",
                                    "userAgent": "test"}},
        "isBase64Encoded": False,
    }
    if body is not None:
        event["body"] = body
    if cookies:
        event["cookies"] = cookies
    return event


def test_match_prefers_literal_segments_and_decodes_parameters():
    routes = ["/communities/{community_id}", "/communities/mine", "/a/{x}/b", "/"]
    assert function_url.match("/communities/mine", routes) == ("/communities/mine", {})
    assert function_url.match("/communities/C%201", routes) == (
        "/communities/{community_id}", {"community_id": "C 1"})
    assert function_url.match("/a/1/b/", routes) == ("/a/{x}/b", {"x": "1"})
    assert function_url.match("/", routes) == ("/", {})
    assert function_url.match("/a//b", routes) is None
    assert function_url.match("/nowhere", routes) is None


def test_the_rest_event_carries_query_headers_cookies_and_the_source_ip():
    rest = function_url.rest_event(
        _url_event("/things/7", "POST", query="a=1&a=2&b=", headers={"Content-Type": "x/y"},
                   body="{}", cookies=["s=1", "t=2"]), ["/things/{id}"])
    assert rest["requestContext"]["resourcePath"] == "/things/{id}"
    assert rest["requestContext"]["httpMethod"] == "POST"
    assert rest["pathParameters"] == {"id": "7"}
    assert rest["multiValueQueryStringParameters"] == {"a": ["1", "2"], "b": [""]}
    assert rest["headers"]["content-type"] == "x/y"
    assert rest["headers"]["cookie"] == "s=1; t=2"
    assert rest["requestContext"]["identity"]["sourceIp"] == "192.0.2.1"
    assert rest["body"] == "{}"


def test_the_answer_joins_repeated_headers_and_moves_cookies():
    answer = function_url.url_response({
        "statusCode": 201, "headers": {"Content-Type": "application/json"},
        "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"], "Vary": ["Origin", "Accept"]},
        "body": "{}"})
    assert answer == {"statusCode": 201, "body": "{}", "isBase64Encoded": False,
                      "headers": {"Content-Type": "application/json", "Vary": "Origin,Accept"},
                      "cookies": ["a=1", "b=2"]}


def test_a_function_url_request_runs_the_route(app):
    answer = function_url.handler(_url_event("/health"), None)
    assert answer["statusCode"] == 200
    assert json.loads(answer["body"])["status"] == "ok"
    assert answer["headers"]["Content-Type"] == "application/json"


def test_unknown_paths_and_methods_answer_problem_json(app):
    missing = function_url.handler(_url_event("/no/such/thing"), None)
    assert missing["statusCode"] == 404
    assert missing["headers"]["Content-Type"] == "application/problem+json"
    assert json.loads(missing["body"])["code"] == "not_found"
    wrong = function_url.handler(_url_event("/health", "DELETE"), None)
    assert wrong["statusCode"] == 405
    assert wrong["headers"]["Content-Type"] == "application/problem+json"


def test_api_gateway_events_pass_straight_through(app):
    rest = function_url.rest_event(_url_event("/health"), list(app.routes))
    answer = function_url.handler(rest, None)
    assert answer["statusCode"] == 200
    assert "multiValueHeaders" in answer  # Chalice's REST (payload 1.0) answer, unchanged


def _origin() -> str:
    from chalicelib.platform.config import settings

    return settings().frontend_origins[0]


def test_a_preflight_from_a_configured_origin_is_answered_through_either_door(app):
    headers = {"origin": _origin(), "access-control-request-method": "GET",
               "access-control-request-headers": "authorization"}
    through_url = function_url.handler(_url_event("/health", "OPTIONS", headers=headers), None)
    rest = function_url.rest_event(_url_event("/health", "OPTIONS", headers=headers),
                                   list(app.routes))
    through_gateway = function_url.handler(rest, None)
    for answer in (through_url, through_gateway):
        assert answer["statusCode"] == 204
        assert answer["headers"]["Access-Control-Allow-Origin"] == _origin()
        assert "GET" in answer["headers"]["Access-Control-Allow-Methods"]
        assert "Authorization" in answer["headers"]["Access-Control-Allow-Headers"]
        assert "Origin" in answer["headers"]["Vary"]


def test_another_origin_gets_no_cors_headers(app):
    headers = {"origin": "https://evil.example", "access-control-request-method": "GET"}
    preflight = function_url.handler(_url_event("/health", "OPTIONS", headers=headers), None)
    answer = function_url.handler(_url_event("/health", headers=headers), None)
    for response in (preflight, answer):
        assert not any(k.lower().startswith("access-control-") for k in response["headers"])
    assert answer["statusCode"] == 200


def test_answers_to_a_configured_origin_carry_allow_origin(app):
    answer = function_url.handler(_url_event("/health", headers={"origin": _origin()}), None)
    assert answer["statusCode"] == 200
    assert answer["headers"]["Access-Control-Allow-Origin"] == _origin()
    problem = function_url.handler(_url_event("/health", "DELETE",
                                              headers={"origin": _origin()}), None)
    assert problem["statusCode"] == 405
    assert problem["headers"]["Access-Control-Allow-Origin"] == _origin()
