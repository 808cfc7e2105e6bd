"""CORS, in one place for every door (API Gateway, the function URL, `chalice local`).

The API uses bearer tokens, never cookies; still, only the configured frontend origins
(AGORA_FRONTEND_ORIGINS) get CORS headers, on preflights and on answers alike."""

from __future__ import annotations

ALLOW_HEADERS = "Authorization,Content-Type,Accept-Language,Idempotency-Key"
EXPOSE_HEADERS = "Location,Retry-After"
PREFLIGHT_MAX_AGE = "600"


def allowed(origin: str | None) -> bool:
    from chalicelib.platform.config import settings

    return bool(origin) and str(origin).rstrip("/") in settings().frontend_origins


def answer_headers(origin: str | None) -> dict[str, str]:
    """Headers for an answer to a request from `origin`."""
    if not allowed(origin):
        return {}
    return {"Access-Control-Allow-Origin": str(origin).rstrip("/"),
            "Access-Control-Expose-Headers": EXPOSE_HEADERS}


def preflight_headers(origin: str | None, requested_method: str | None,
                      methods: list[str]) -> dict[str, str]:
    """Headers for a preflight (OPTIONS) of a path that has `methods`."""
    if not allowed(origin) or not requested_method:
        return {}
    return {**answer_headers(origin),
            "Access-Control-Allow-Methods": ",".join(sorted({*methods, "OPTIONS"})),
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": PREFLIGHT_MAX_AGE}
