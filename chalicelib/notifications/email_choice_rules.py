"""TODO docstring"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from chalicelib.platform import ids
from chalicelib.platform.errors import FieldError, NotFound, Unprocessable, ValidationFailed

ACCOUNT, FOLLOWED, INTERACTIONS, ADMIN = "account", "followed", "interactions", "admin"
CATEGORIES = (ACCOUNT, FOLLOWED, INTERACTIONS, ADMIN)
# Email on/off when a person never chose: administrators' mail is opt-in (the moderation
# promise: moderators are emailed about new cases "if they opted in").
DEFAULTS = {ACCOUNT: True, FOLLOWED: True, INTERACTIONS: True, ADMIN: False}
DIGESTIBLE = (FOLLOWED, INTERACTIONS)
# The one-click link of a digest email names "digest": it stops what the digest bundles.
DIGEST = "digest"
UNSUBSCRIBABLE = (FOLLOWED, INTERACTIONS, ADMIN, DIGEST)


# --- settings ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    followed: bool = DEFAULTS[FOLLOWED]
    interactions: bool = DEFAULTS[INTERACTIONS]
    admin: bool = DEFAULTS[ADMIN]
    digest: bool = False

    def email_on(self, category: str) -> bool:
        if category == ACCOUNT:
            return True
        return bool(getattr(self, category, False))

    def as_dict(self) -> dict[str, bool]:
        return {ACCOUNT: True, FOLLOWED: self.followed, INTERACTIONS: self.interactions,
                ADMIN: self.admin, DIGEST: self.digest}


def settings_from(stored: dict[str, Any] | None) -> Settings:
    """Stored choices (None where a person never chose) over the defaults."""
    stored = stored or {}
    values = {name: bool(stored[name]) for name in (FOLLOWED, INTERACTIONS, ADMIN, DIGEST)
              if stored.get(name) is not None}
    return Settings(**values)


def settings_change(requested: dict[str, bool | None]) -> dict[str, bool]:
    """The choices a PUT asks to store; `account` cannot be turned off (422 naming it)."""
    if requested.get(ACCOUNT) is False:
        raise Unprocessable("Emails about your account cannot be turned off.",
                            code="account_required",
                            errors=[FieldError(ACCOUNT, "cannot be turned off")])
    return {name: bool(value) for name, value in requested.items()
            if value is not None and name != ACCOUNT}


def unsubscribe_change(category: str) -> dict[str, bool]:
    """What one click on an unsubscribe link turns off."""
    if category == DIGEST:
        return {name: False for name in DIGESTIBLE}
    return {category: False}


# --- one-click unsubscribe links ----------------------------------------------------------

_SIG_BYTES = 16


def _signature(user_id: str, category: str, key: str) -> str:
    mac = hmac.new(key.encode(), f"unsubscribe:{user_id}:{category}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:_SIG_BYTES]).decode().rstrip("=")


def unsubscribe_token(user_id: str, category: str, *, key: str) -> str:
    """`<user id>-<category>-<signature>`: fits a path segment; user ids and categories hold
    no dash, the signature may."""
    if category not in UNSUBSCRIBABLE:
        raise ValueError(f"no unsubscribe link for category {category!r}")
    return f"{user_id}-{category}-{_signature(user_id, category, key)}"


def read_unsubscribe_token(token: str, *, key: str) -> tuple[str, str]:
    """(user id, category) of a genuine token. A malformed token is 400 naming `token`; a
    well-formed one with a wrong signature is 404 (nothing is said about who exists)."""
    user_id, _, rest = token.partition("-")
    category, _, signature = rest.partition("-")
    if not ids.is_id(user_id) or category not in UNSUBSCRIBABLE or not signature:
        raise ValidationFailed.field("token", "is not an unsubscribe token",
                                     code="invalid_token")
    if not hmac.compare_digest(signature, _signature(user_id, category, key)):
        raise NotFound("This unsubscribe link is not valid.")
    return user_id, category


def one_click_requested(content_type: str, body: bytes) -> bool:
    """RFC 8058: the POST body is `List-Unsubscribe=One-Click`, sent as
    application/x-www-form-urlencoded or multipart/form-data."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        from urllib.parse import parse_qs

        try:
            text = body.decode("utf-8") if isinstance(body, bytes) else str(body)
            fields = parse_qs(text, keep_blank_values=True)
        except UnicodeDecodeError:
            return False
        return fields.get("List-Unsubscribe") == ["One-Click"]
    if kind == "multipart/form-data":
        from email.parser import BytesParser
        from email.policy import HTTP

        try:
            message = BytesParser(policy=HTTP).parsebytes(
                b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
                + (body if isinstance(body, bytes) else str(body).encode()))
        except (UnicodeEncodeError, ValueError, TypeError):
            return False
        if not message.is_multipart():
            return False
        for part in message.iter_parts():
            if part.get_param("name", header="content-disposition") == "List-Unsubscribe":
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes) and payload.strip() == b"One-Click":
                    return True
        return False
    return False
