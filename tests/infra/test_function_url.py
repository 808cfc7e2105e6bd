"""The API function behind a Lambda function URL: payload 2.0 events reach the same routes,
middleware and problem+json answers as API Gateway's REST events."""

from __future__ import annotations

import json

from chalicelib.api import function_url


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
