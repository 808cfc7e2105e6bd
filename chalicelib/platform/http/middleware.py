"""Cross-cutting HTTP behaviour: one structured log line per request, problem+json for the
errors Chalice produces itself, the noindex header on every API answer, and CORS."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from chalicelib.platform.http.problems import as_problem, unexpected_error

if TYPE_CHECKING:
    from chalice.app import Request, Response


def http_middleware(request: Request, get_response: Callable[[Request], Response]) -> Response:
    started = time.perf_counter()
    try:
        if request.method == "OPTIONS":
            response = _preflight(request)
        else:
            response = as_problem(get_response(request))
            if response.status_code == 405:
                _allow(request, response)
    except Exception:
        response = unexpected_error(request)
    response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
    _cors(request, response)
    from chalicelib.platform.log import logger

    context = request.context or {}
    logger.info("request", extra={
        "request_id": context.get("requestId", ""),
        "method": request.method,
        "route": context.get("resourcePath", ""),
        "status": response.status_code,
        "latency_ms": round((time.perf_counter() - started) * 1000, 2),
    })
    return response


def _allow(request: Request, response: Response) -> None:
    from chalicelib.platform.http.methods import allow_header, methods_by_path

    path = (request.context or {}).get("resourcePath", "")
    for name in [n for n in response.headers if n.lower() == "allow"]:
        del response.headers[name]
    response.headers["Allow"] = allow_header(methods_by_path().get(path, set()))


def _preflight(request: Request) -> Response:
    from chalice import Response

    from chalicelib.platform.http import cors
    from chalicelib.platform.http.routing import OPERATIONS

    path = (request.context or {}).get("resourcePath", "")
    methods = [op.method for op in OPERATIONS if op.path == path]
    return Response(body="", status_code=204, headers=cors.preflight_headers(
        request.headers.get("origin"), request.headers.get("access-control-request-method"),
        methods))


def _cors(request: Request, response: Response) -> None:
    from chalicelib.platform.http import cors

    for name in [n for n in response.headers if n.lower().startswith("access-control-")]:
        if request.method != "OPTIONS":
            del response.headers[name]
    response.headers.update(cors.answer_headers(request.headers.get("origin")))
    vary = response.headers.get("Vary", "")
    if "Origin" not in vary:
        response.headers["Vary"] = f"{vary},Origin" if vary else "Origin"
