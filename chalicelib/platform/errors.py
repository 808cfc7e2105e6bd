"""Errors the domain raises. The API turns each into an RFC 9457 problem answer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    status = 400
    code = "bad_request"
    title = "Bad request"

    def __init__(
        self,
        detail: str = "",
        *,
        code: str | None = None,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        if code:
            self.code = code
        self.errors = errors or []
        self.headers = headers or {}


class ValidationFailed(DomainError):
    status = 400
    code = "validation_error"
    title = "The request is not valid"

    @classmethod
    def field(cls, field: str, message: str, *, code: str | None = None) -> ValidationFailed:
        return cls(f"{field}: {message}", code=code, errors=[FieldError(field, message)])

    @classmethod
    def naming(cls, errors: list[FieldError]) -> ValidationFailed:
        """The problem that names each of `errors` (`field: message; ...`)."""
        return cls("; ".join(f"{e.field}: {e.message}" for e in errors)[:500], errors=errors)


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"
    title = "Authentication required"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    title = "Not allowed"


class NotFound(DomainError):
    status = 404
    code = "not_found"
    title = "Not found"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = "Conflict"


class PayloadTooLarge(DomainError):
    status = 413
    code = "payload_too_large"
    title = "The request body is too large"


class Unprocessable(DomainError):
    status = 422
    code = "unprocessable"
    title = "The request breaks a rule of the platform"


class TooManyRequests(DomainError):
    status = 429
    code = "too_many_requests"
    title = "Too many attempts"

    def __init__(self, retry_after: int, detail: str = "") -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, int(retry_after)))})
        self.retry_after = max(1, int(retry_after))


class Unavailable(DomainError):
    status = 503
    code = "unavailable"
    title = "Temporarily unavailable"
