"""Declarative routes: one decorator parses, authenticates, validates and shapes the answer.

A route module declares an operation with `bp.op(...)`. The request and response models are
named by string, relative to the route's own feature ("auth_schemas:LoginIn" in
`chalicelib.identity.auth_routes` is `chalicelib.identity.auth_schemas.LoginIn`; a dotted
module is absolute) and imported on first use, so importing `app.py` stays cheap on a cold
start. The same declarations feed the
OpenAPI document (`chalicelib.platform.http.openapi`), so the contract cannot drift from the code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from chalice import Blueprint, Response

from chalicelib.platform.http.models import load_model
from chalicelib.platform.http.problems import problem_response, unexpected_error

if TYPE_CHECKING:
    from chalice.app import Request

    from chalicelib.platform.principal import Principal

AuthMode = Literal["required", "optional", "none"]

PATH_PARAM_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
PATH_PARAM_SCHEMA = {"type": "string", "pattern": PATH_PARAM_RE.pattern}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
JSON_TYPES = ["application/json", "application/problem+json", "text/plain",
              "application/x-www-form-urlencoded", "application/octet-stream",
              "multipart/form-data"]
NOINDEX = "noindex, nofollow"
PAGE = "chalicelib.platform.http.shapes:Page"  # ?limit= and ?cursor=, for any list


@dataclass
class Operation:
    method: str
    path: str
    name: str
    handler: Callable[[Req], Any]
    body: str | None = None
    query: str | None = None
    response: str | None = None
    status: int = 200
    auth: AuthMode = "required"
    summary: str = ""
    tag: str = ""
    errors: tuple[int, ...] = ()
    path_params: tuple[str, ...] = ()
    content_type: str = "application/json"
    noindex: bool = True
    operation_id: str = ""
    param_schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    other_media: tuple[tuple[str, dict[str, Any]], ...] = ()
    answer_schema: dict[str, Any] | None = None
    links: dict[str, Any] = field(default_factory=dict)
    body_optional: bool | None = None
    request_body: dict[str, Any] | None = None  # a body that is not a JSON model
    # A participation write (contribute, comment, upvote, ...): the authenticator also
    # checks that the caller accepted the current terms of use (403 `terms_not_accepted`).
    participation: bool = False

    @property
    def body_required(self) -> bool:
        """A PUT or PATCH always needs its body; a POST whose fields are all optional may
        come without one (`POST /communities/{cid}/join` to a public community)."""
        if self.body_optional is not None:
            return not self.body_optional
        if self.method in ("PUT", "PATCH") or not self.body:
            return True
        return any(f.is_required() for f in load_model(self.body).model_fields.values())


OPERATIONS: list[Operation] = []
# Paths that have an OPTIONS route: `chalice local` passes preflights to the app only where
# one is declared; the middleware answers them (chalicelib/platform/http/cors.py).
_PREFLIGHT_PATHS: set[tuple[int, str]] = set()


def absolute_ref(ref: str | None, package: str) -> str | None:
    """'module:Name' names a module of `package`; 'a.b.module:Name' is absolute."""
    if ref is None or "." in ref.partition(":")[0]:
        return ref
    return f"{package}.{ref}"




@dataclass
class Reply:
    """What a handler returns when the default status or headers do not fit."""

    body: Any = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None


@dataclass
class Req:
    """What a handler gets: the validated inputs and who is asking."""

    request: Request
    params: dict[str, str]
    body: Any = None
    query: Any = None
    principal: Principal | None = None

    @property
    def user(self) -> Principal:
        from chalicelib.platform.errors import Unauthorized

        if self.principal is None:
            raise Unauthorized("Sign in first.")
        return self.principal

    @property
    def user_id(self) -> str | None:
        return self.principal.user_id if self.principal else None

    @property
    def headers(self) -> Any:
        return self.request.headers

    @property
    def source_ip(self) -> str:
        identity = (self.request.context or {}).get("identity") or {}
        return str(identity.get("sourceIp") or "unknown")

    @property
    def request_id(self) -> str:
        return str((self.request.context or {}).get("requestId") or "")

    @property
    def accept_language(self) -> str:
        return str(self.request.headers.get("accept-language") or "")


class AgoraBlueprint(Blueprint):
    """A Chalice blueprint whose routes are declared as operations."""

    def __init__(self, import_name: str, registry: list[Operation] | None = None) -> None:
        super().__init__(import_name)
        self.package = import_name.rpartition(".")[0]
        self.registry = OPERATIONS if registry is None else registry

    def op(
        self,
        method: str,
        path: str,
        *,
        body: str | None = None,
        query: str | None = None,
        response: str | None = None,
        status: int = 200,
        auth: AuthMode = "required",
        summary: str = "",
        tag: str = "",
        errors: tuple[int, ...] = (),
        content_type: str = "application/json",
        noindex: bool = True,
        operation_id: str = "",
        params: dict[str, dict[str, Any]] | None = None,
        other_media: tuple[tuple[str, dict[str, Any]], ...] = (),
        answer_schema: dict[str, Any] | None = None,
        links: dict[str, Any] | None = None,
        body_optional: bool | None = None,
        request_body: dict[str, Any] | None = None,
        participation: bool = False,
    ) -> Callable[[Callable[[Req], Any]], Callable[[Req], Any]]:
        def register(handler: Callable[[Req], Any]) -> Callable[[Req], Any]:
            operation = Operation(
                method=method.upper(), path=path, name=handler.__name__, handler=handler,
                body=absolute_ref(body, self.package), query=absolute_ref(query, self.package),
                response=absolute_ref(response, self.package), status=status, auth=auth,
                summary=summary or (handler.__doc__ or "").strip().split("\n")[0],
                tag=tag, errors=tuple(sorted({*errors, 403})) if participation else errors,
                path_params=tuple(re.findall(r"{(\w+)}", path)),
                content_type=content_type, noindex=noindex, operation_id=operation_id,
                param_schemas=params or {}, other_media=other_media,
                answer_schema=answer_schema, links=links or {}, body_optional=body_optional,
                request_body=request_body, participation=participation,
            )
            self.registry.append(operation)

            def view(**params: str) -> Response:
                return dispatch(operation, self.current_request, params)

            view.__name__ = f"{handler.__name__}_{method.lower()}"
            view.__doc__ = operation.summary
            self.route(path, methods=[operation.method], content_types=JSON_TYPES)(view)
            self._preflight_route(path, handler.__name__)
            return handler

        return register


    def _preflight_route(self, path: str, name: str) -> None:
        key = (id(self.registry), path)
        if key in _PREFLIGHT_PATHS:
            return
        _PREFLIGHT_PATHS.add(key)

        def preflight() -> Response:  # the middleware answers before this runs
            return Response(body="", status_code=204)

        preflight.__name__ = f"{name}_preflight"
        self.route(path, methods=["OPTIONS"], content_types=JSON_TYPES)(preflight)


def dispatch(op: Operation, request: Request, params: dict[str, str]) -> Response:
    from chalicelib.platform.errors import DomainError

    try:
        req = _build_request(op, request, params)
        result = op.handler(req)
        return _render(op, result)
    except DomainError as err:
        return problem_response(err, noindex=op.noindex)
    except Exception as exc:  # the catch-all: never leak internals; log with the request id
        if _is_throttling(exc):
            from chalicelib.platform.errors import Unavailable

            return problem_response(Unavailable(
                "The service is busy. Try again in a moment.", code="throttled",
                headers={"Retry-After": "1"}), noindex=op.noindex)
        return unexpected_error(request)


THROTTLING = {"ProvisionedThroughputExceededException", "ThrottlingException",
              "RequestLimitExceeded", "TransactionConflictException",
              "Throttling", "ServiceUnavailable", "SlowDown"}  # SES's, SQS's and S3's names


def _is_throttling(exc: BaseException) -> bool:
    """DynamoDB refused for load (after the client's own retries): nothing was written, so the
    caller may simply retry; answer 503 rather than 500."""
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 5:
        code = getattr(current, "cause_response_code", None)
        if code is None:
            response = getattr(current, "response", None)
            if isinstance(response, dict):
                code = response.get("Error", {}).get("Code")
        if code in THROTTLING:
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False


def _build_request(op: Operation, request: Request, params: dict[str, str]) -> Req:
    from chalicelib.platform.errors import FieldError, ValidationFailed
    from chalicelib.platform.http.validation import parse_json, validate

    bad = [FieldError(k, "is not a valid id") for k, v in params.items()
           if not PATH_PARAM_RE.match(v or "")]
    if bad:
        raise ValidationFailed("A path parameter is malformed.", code="invalid_path", errors=bad)
    req = Req(request=request, params=params)
    if op.auth != "none":
        req.principal = _authenticate(request, required=op.auth == "required",
                                      participating=op.participation)
    if op.query:
        req.query = validate(op.query, dict(request.query_params or {}), source="query")
    if op.body:
        req.body = validate(op.body, parse_json(request, required=op.body_required),
                            source="body")
    return req


# (token, participating) -> Principal: a participation write is also checked against the
# terms of use the caller accepted (identity's, through this registry).
Authenticator = Callable[[str, bool], "Principal"]
_authenticators: list[Authenticator] = []


def authenticate_with(authenticator: Authenticator) -> None:
    """The app names the function that turns a bearer token into a `Principal` (identity's),
    so that the platform imports no feature."""
    _authenticators[:] = [authenticator]


def _authenticate(request: Request, *, required: bool,
                  participating: bool = False) -> Principal | None:
    from chalicelib.platform.errors import Unauthorized

    header = request.headers.get("authorization") or ""
    scheme, _, token = header.partition(" ")
    if not header:
        if required:
            raise Unauthorized("Send an access token: `Authorization: Bearer <token>`.")
        return None
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("The Authorization header must be `Bearer <token>`.",
                           code="invalid_token")
    if not _authenticators:
        raise RuntimeError("no authenticator: app.py wires identity's")
    return _authenticators[0](token.strip(), participating)


def _render(op: Operation, result: Any) -> Response:
    status = op.status
    headers: dict[str, str] = {}
    content_type = op.content_type
    if isinstance(result, Reply):
        status = result.status or status
        headers.update(result.headers)
        content_type = result.content_type or content_type
        result = result.body
    if op.noindex:
        headers.setdefault("X-Robots-Tag", NOINDEX)
    if status == 204 or (result is None and status in (202, 204)):
        body: Any = "" if status == 204 else "{}"
        headers.setdefault("Content-Type", "application/json")
        return Response(body=body, status_code=status, headers=headers)
    if hasattr(result, "model_dump_json"):
        body = result.model_dump_json(by_alias=True)
    elif isinstance(result, (str, bytes)):
        body = result
    else:
        body = json.dumps(result, default=str)
    headers.setdefault("Content-Type", content_type)
    return Response(body=body, status_code=status, headers=headers)
