"""RFC 9457 problem+json answers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from chalice import Response

if TYPE_CHECKING:
    from chalice.app import Request

    from chalicelib.platform.errors import DomainError

PROBLEM_TYPE = "application/problem+json"
TYPE_BASE = "https://agora.example/problems/"

# Chalice's own error answers (415, 405, its 400 for binary accept mismatches) carry
# {"Code": ..., "Message": ...}; the middleware rewrites them with these codes.
CHALICE_CODES = {
    "UnsupportedMediaType": ("unsupported_media_type", "Unsupported media type"),
    "MethodNotAllowedError": ("method_not_allowed", "Method not allowed"),
    "BadRequestError": ("bad_request", "Bad request"),
    "BadRequest": ("bad_request", "Bad request"),
    "NotFoundError": ("not_found", "Not found"),
    "InternalServerError": ("internal_error", "Internal server error"),
}


def problem(status: int, code: str, title: str, detail: str = "",
            errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": title,
        "status": status,
        "code": code,
        "detail": detail or title,
    }
    if errors:
        body["errors"] = errors
    return body


def problem_response(err: DomainError, *, noindex: bool = True) -> Response:
    body = problem(err.status, err.code, err.title, err.detail,
                   [{"field": e.field, "message": e.message} for e in err.errors])
    headers = {"Content-Type": PROBLEM_TYPE, **err.headers}
    if noindex:
        headers["X-Robots-Tag"] = "noindex, nofollow"
    return Response(body=json.dumps(body), status_code=err.status, headers=headers)


def unexpected_error(request: Request | None) -> Response:
    from chalicelib.platform.log import logger

    request_id = str(((request.context if request else None) or {}).get("requestId") or "")
    logger.exception("unhandled error", extra={"request_id": request_id})
    body = problem(500, "internal_error", "Internal server error",
                   f"Something went wrong on our side. Quote request id {request_id!r}.")
    return Response(body=json.dumps(body), status_code=500,
                    headers={"Content-Type": PROBLEM_TYPE})


def as_problem(response: Response) -> Response:
    """Rewrite a non-problem error answer produced by Chalice itself."""
    if response.status_code < 400:
        return response
    headers = {k.lower(): v for k, v in (response.headers or {}).items()}
    if headers.get("content-type", "").startswith(PROBLEM_TYPE):
        return response
    body = response.body
    if isinstance(body, (str, bytes)):
        try:
            body = json.loads(body)
        except ValueError:
            body = {}
    chalice_code = body.get("Code") if isinstance(body, dict) else None
    code, title = CHALICE_CODES.get(str(chalice_code), ("error", "Error"))
    detail = str(body.get("Message", title)) if isinstance(body, dict) else title
    if response.status_code >= 500:
        detail = "Something went wrong on our side."
    new_headers = {k: v for k, v in (response.headers or {}).items()
                   if k.lower() != "content-type"}
    new_headers["Content-Type"] = PROBLEM_TYPE
    return Response(body=json.dumps(problem(response.status_code, code, title, detail)),
                    status_code=response.status_code, headers=new_headers)
