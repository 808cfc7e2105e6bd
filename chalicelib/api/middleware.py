"""Cross-cutting HTTP behaviour: one structured log line per request, problem+json for the
errors Chalice produces itself, and the noindex header on every API answer."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from chalicelib.api.problems import as_problem, unexpected_error

if TYPE_CHECKING:
    from chalice.app import Request, Response


def http_middleware(request: Request, get_response: Callable[[Request], Response]) -> Response:
    started = time.perf_counter()
    try:
        response = as_problem(get_response(request))
    except Exception:
        response = unexpected_error(request)
    response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
    _cors(request, response)
    from chalicelib.services.log import logger

    context = request.context or {}
    logger.info("request", extra={
        "request_id": context.get("requestId", ""),
        "method": request.method,
        "route": context.get("resourcePath", ""),
        "status": response.status_code,
        "latency_ms": round((time.perf_counter() - started) * 1000, 2),
    })
    return response


def _cors(request: Request, response: Response) -> None:
    from chalicelib.config import settings

    origin = request.headers.get("origin")
    response.headers.pop("Access-Control-Allow-Origin", None)
    if origin and origin in settings().frontend_origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
