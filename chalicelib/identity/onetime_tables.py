"""One-time tokens: email confirmation, password reset, email change, SSO state, SSO login
codes, SSO link confirmations and sign-in unlock links.

The secret travels in a link or a redirect; only its hash (salted with its purpose, so a
token of one kind can never be spent as another) is stored. A token is spent by a
conditional delete that returns the deleted item, so two requests presenting the same token
cannot both succeed. `expires_at` is a TTL attribute and is also checked by the delete's
condition, since DynamoDB's sweep is late.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, TTLMixin, table_name

CONFIRM = "confirm"
RESET = "reset"
EMAIL_CHANGE = "email_change"
SSO_STATE = "sso_state"
SSO_CODE = "sso_code"
SSO_LINK = "sso_link"
UNLOCK = "unlock"
PURPOSES = (CONFIRM, RESET, EMAIL_CHANGE, SSO_STATE, SSO_CODE, SSO_LINK, UNLOCK)


class TokensByUser(GlobalSecondaryIndex["OneTimeToken"]):
    """A person's outstanding links (sparse: SSO state has no person yet), for erasure."""

    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)


class OneTimeToken(Model, TTLMixin):
    class Meta(BaseMeta):
        table_name = table_name("onetime")

    personal = ("user_id", "data")

    token_hash = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()
    user_id = UnicodeAttribute(null=True)
    data = MapAttribute(null=True)  # purpose-specific strings (new email, PKCE verifier, ...)
    created_at = NumberAttribute()
    by_user = TokensByUser()

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.data.as_dict()) if self.data is not None else {}


def token_hash(purpose: str, secret: str) -> str:
    return hashlib.sha256(f"{purpose}:{secret}".encode()).hexdigest()


def _at(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def build(purpose: str, secret: str, *, now: float, ttl: int, user_id: str | None = None,
          data: dict[str, Any] | None = None) -> OneTimeToken:
    """The item for `secret`, to save alone (`issue`) or inside a transaction."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return OneTimeToken(token_hash(purpose, secret), purpose=purpose, user_id=user_id,
                        data=data or None, created_at=now, expires_at=_at(now + ttl))


def condition_new() -> Any:
    return OneTimeToken.token_hash.does_not_exist()


def issue(purpose: str, secret: str, *, now: float, ttl: int, user_id: str | None = None,
          data: dict[str, Any] | None = None) -> None:
    try:
        build(purpose, secret, now=now, ttl=ttl, user_id=user_id, data=data).save(
            condition=condition_new())
    except PutError as err:  # 256 random bits: a collision means something is very wrong
        raise RuntimeError("one-time token collision") from err


def peek(purpose: str, secret: str, *, now: float) -> OneTimeToken | None:
    """Read a live token without spending it (to validate input before `consume`)."""
    if not secret:
        return None
    try:
        item = OneTimeToken.get(token_hash(purpose, secret), consistent_read=True)
    except OneTimeToken.DoesNotExist:
        return None
    return item if item.purpose == purpose and item.is_live(now) else None


def consume(purpose: str, secret: str, *, now: float) -> OneTimeToken | None:
    """Spend a token: the item if it was live and unspent, else None. Exactly one caller wins."""
    if not secret:
        return None
    condition = (OneTimeToken.token_hash.exists() & (OneTimeToken.purpose == purpose)
                 & (OneTimeToken.expires_at > _at(now)))
    from chalicelib.platform.dynamo.transactions import conditionally

    answers: list[dict[str, Any]] = []
    if not conditionally(lambda: answers.append(OneTimeToken._get_connection().delete_item(
            token_hash(purpose, secret), condition=condition, return_values="ALL_OLD"))):
        return None
    attributes = answers[0].get("Attributes")
    return OneTimeToken.from_raw_data(attributes) if attributes else None


TABLES: list[type[Model]] = [OneTimeToken]


def erase_user(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Erasure step: delete one page of the person's outstanding links."""
    from chalicelib.platform.dynamo.index_pages import delete_page

    return delete_page(lambda **kw: OneTimeToken.by_user.query(user_id, **kw), OneTimeToken,
                       cursor, limit)
