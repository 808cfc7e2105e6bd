"""The terms of use: platform admins publish a new version (text per locale, sanitised);
every account is told (category `account`, email and in-app) by one notification event
promised in the publication's own transaction, which the pipeline fans out over every
account in bounded pages (`accounts.account_page`); a person accepts the current version
(`POST /me/terms/accept`), registration accepts the one current then.

Until they accept, participation writes answer 403 `terms_not_accepted`: the routes
declared `participation=True` authenticate with the session, the account and `current`
in one BatchGetItem (`authentication.authenticate`), so the check costs no extra call and
is exact the moment a version is published (no cache to go stale)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.identity import terms_rules
from chalicelib.platform import clock
from chalicelib.platform.errors import Conflict, Forbidden, NotFound

if TYPE_CHECKING:
    from chalicelib.platform.principal import Principal

MAX_TEXT = 100_000
ATTEMPTS = 3


def current_version() -> int | None:
    from chalicelib.identity import terms_tables

    item = terms_tables.current()
    return int(item.version) if item is not None else None


def accepted_on_registering(now: float) -> dict[str, Any]:
    """Registering accepts the terms current at that moment: which version, and when."""
    version = current_version()
    return {"terms_version": version, "terms_accepted_at": now if version else None}


def present(item: Any) -> dict[str, Any]:
    from chalicelib.platform.dynamo.attribute_values import as_dict

    return {"version": int(item.version), "published_at": clock.iso(item.published_at),
            "text": as_dict(item.text)}


def current_terms() -> dict[str, Any]:
    """The current version with its text (404 before any was published)."""
    from chalicelib.identity import terms_tables

    version = current_version()
    item = terms_tables.version_item(version) if version is not None else None
    if item is None:
        raise NotFound("No terms of use are published yet.", code="no_terms")
    return present(item)


def publish(principal: Principal, texts: dict[str, str]) -> dict[str, Any]:
    """Platform admins: the next version, and the notice to every account, at once."""
    from chalicelib.identity import terms_tables
    from chalicelib.identity.terms_tables import Terms
    from chalicelib.platform import notices, sanitise
    from chalicelib.platform.dynamo.transactions import Transaction

    if not principal.platform_admin:
        raise Forbidden("Only platform administrators publish terms of use.",
                        code="not_platform_admin")
    text = {locale: sanitise.rich(value, f"text.{locale}", max_length=MAX_TEXT)
            for locale, value in texts.items()}
    for _ in range(ATTEMPTS):
        read = current_version()
        now = clock.now()
        item = Terms(terms_tables.version_id((read or 0) + 1), version=(read or 0) + 1,
                     published_at=now, text=text)
        tx = Transaction()
        terms_tables.publish_in(tx, read, item)
        notices.publish_in(tx, kind="terms.published", category="account",
                           audience={"accounts": "all"}, community_id=None,
                           subject={"type": "terms", "id": str(item.version)}, actor_id=None,
                           data={"version": int(item.version), "url": notices.url("/terms")})
        if not tx.commit():
            return present(item)
    raise Conflict("Another version was published meanwhile; try again.",
                   code="terms_changed")


def status_of(user: Any, current: Any) -> dict[str, Any]:
    """`GET /me`'s `terms`, from the account and the `current` item."""
    return terms_rules.status(getattr(user, "terms_version", None),
                              int(current.version) if current is not None else None)


def accept(principal: Principal, version: int) -> None:
    """Accept the current version (204, idempotent); an older or unknown one is 409
    `terms_outdated`: the person read a text that is no longer current."""
    from chalicelib.identity import account_tables, terms_tables
    from chalicelib.platform.dynamo.transactions import Transaction

    tx = Transaction()
    terms_tables.is_current_in(tx, version)
    account_tables.accept_terms_in(tx, principal.user_id, version, clock.now())
    failed = tx.commit()
    if "terms" in failed:
        raise Conflict("This is not the current version of the terms of use.",
                       code="terms_outdated")
    if failed:
        raise NotFound("This account no longer exists.", code="account_gone")


def require_accepted(user: Any, current: Any) -> None:
    """403 `terms_not_accepted` while a newer version waits for the person's acceptance."""
    if terms_rules.pending(getattr(user, "terms_version", None),
                           int(current.version) if current is not None else None):
        raise Forbidden("Accept the current terms of use first (POST /me/terms/accept).",
                        code="terms_not_accepted")
