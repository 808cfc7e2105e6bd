"""The API function's entry point in AWS (the CDK stack points its handler here).

Two front doors, one app: API Gateway's REST events go to the Chalice app as they are; Lambda
function URL events (payload format 2.0, which Chalice does not read) are matched to a route,
turned into the REST event the app expects, and the answer back into the function URL's
format. Both run the same routes, middleware and problem+json answers.

CORS is the middleware's (`platform/http/cors.py`), the same behind either door: a preflight
(OPTIONS) on a known path answers 204, with the CORS headers only when the Origin is a
configured one, and every answer to a configured Origin carries Access-Control-Allow-Origin.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, unquote


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from app import app

    if event.get("version") != "2.0" or "http" not in (event.get("requestContext") or {}):
        return serve(app, event, context)
    rest = rest_event(event, list(app.routes))
    if rest is None:
        return not_found(event)
    return url_response(serve(app, rest, context))


def serve(app: Any, rest: dict[str, Any], context: Any) -> dict[str, Any]:
    """A REST event through the app (its middleware answers preflights and CORS)."""
    answer: dict[str, Any] = app(rest, context)
    return answer


def match(path: str, routes: list[str]) -> tuple[str, dict[str, str]] | None:
    """The route a path belongs to and its path parameters; literal segments win over
    parameters, from the left, as in API Gateway."""
    parts = [unquote(p) for p in path.strip("/").split("/")] if path.strip("/") else []
    best: tuple[tuple[bool, ...], str, dict[str, str]] | None = None
    for route in routes:
        pattern = route.strip("/").split("/") if route.strip("/") else []
        if len(pattern) != len(parts):
            continue
        params: dict[str, str] = {}
        rank: list[bool] = []
        for want, got in zip(pattern, parts, strict=True):
            if want.startswith("{") and want.endswith("}"):
                if not got:
                    break
                params[want[1:-1]] = got
                rank.append(False)
            elif want == got:
                rank.append(True)
            else:
                break
        else:
            if best is None or tuple(rank) > best[0]:
                best = (tuple(rank), route, params)
    return (best[1], best[2]) if best else None


def rest_event(event: dict[str, Any], routes: list[str]) -> dict[str, Any] | None:
    """The API Gateway REST (payload 1.0) event for a function URL event, or None when no
    route has that path."""
    http = event["requestContext"]["http"]
    path = event.get("rawPath") or http.get("path") or "/"
    found = match(path, routes)
    if found is None:
        return None
    route, params = found
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    if event.get("cookies"):
        headers["cookie"] = "; ".join(event["cookies"])
    query = parse_qs(event.get("rawQueryString") or "", keep_blank_values=True)
    return {
        "resource": route,
        "path": path,
        "httpMethod": http["method"],
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": params or None,
        "stageVariables": None,
        "body": event.get("body"),
        "isBase64Encoded": bool(event.get("isBase64Encoded")),
        "requestContext": {
            "resourcePath": route,
            "httpMethod": http["method"],
            "path": path,
            "stage": "$default",
            "requestId": event["requestContext"].get("requestId", ""),
            "domainName": event["requestContext"].get("domainName", ""),
            "identity": {"sourceIp": http.get("sourceIp", ""),
                         "userAgent": http.get("userAgent", "")},
        },
    }


def url_response(answer: dict[str, Any]) -> dict[str, Any]:
    """A Chalice (payload 1.0) answer in the function URL's format: repeated headers joined,
    Set-Cookie values as `cookies`."""
    headers = {k: str(v) for k, v in (answer.get("headers") or {}).items()}
    cookies: list[str] = []
    for name, values in (answer.get("multiValueHeaders") or {}).items():
        if name.lower() == "set-cookie":
            cookies.extend(str(v) for v in values)
        else:
            headers[name] = ",".join(str(v) for v in values)
    for name in [n for n in headers if n.lower() == "set-cookie"]:
        cookies.append(headers.pop(name))
    result: dict[str, Any] = {"statusCode": answer["statusCode"], "headers": headers,
                              "body": answer.get("body") or "",
                              "isBase64Encoded": bool(answer.get("isBase64Encoded"))}
    if cookies:
        result["cookies"] = cookies
    return result


def not_found(event: dict[str, Any]) -> dict[str, Any]:
    from chalicelib.platform.http.problems import PROBLEM_TYPE, problem

    return {"statusCode": 404,
            "headers": {"Content-Type": PROBLEM_TYPE, "X-Robots-Tag": "noindex, nofollow"},
            "body": json.dumps(problem(404, "not_found", "Not found",
                                       "No route matches this path.")),
            "isBase64Encoded": False}
