"""Platform administrators: bootstrapped from the environment (`make run`) or by the
operator command (`python -m tools.agora_admin`) against a deployed stage.

Promotion never hands the role to a credential the operator did not set or the owner did
not prove. An account whose address was confirmed keeps its owner's password (the operator's
is not used); an unconfirmed account was made by whoever registered the address, perhaps
not its owner, so its password, data and confirmation links are discarded and it gets the
operator's password; a suspended or deleted account is refused. The answer says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.identity import email_rules as emails
from chalicelib.platform import clock, ids

CREATED = "created"
PROMOTED = "promoted"
ALREADY = "already"
REPLACED = "replaced_unconfirmed"


class PromotionRefused(Exception):
    """Nothing was changed; the message says why and what to do."""


class PasswordNeeded(PromotionRefused):
    """The account has to get the operator's password (new, or unconfirmed)."""


@dataclass(frozen=True)
class Promotion:
    user_id: str
    outcome: str  # CREATED | PROMOTED | ALREADY | REPLACED
    sessions_ended: int = 0

    def report(self) -> str:
        """What happened, for the operator (no email address: terminals get logged)."""
        head = f"user id {self.user_id}: "
        if self.outcome == CREATED:
            return head + "a new platform administrator account, with the password you gave."
        if self.outcome == ALREADY:
            return head + ("already an active platform administrator: nothing changed (its "
                           "password is its own; the one you gave, if any, was not used).")
        if self.outcome == REPLACED:
            return head + ("the address had an unconfirmed registration (someone registered "
                           "it and never confirmed it). Its password, name, pseudonym, linked "
                           "sign-ins and outstanding emailed links were discarded; the account "
                           "is now a confirmed platform administrator with the password you "
                           "gave.")
        return head + (f"an existing account, its address confirmed by its owner, is now a "
                       f"platform administrator. It keeps its own password (the one you "
                       f"gave, if any, was not used); {self.sessions_ended} of its sessions "
                       f"ended, so that its next sign-in carries the role.")


def needs_password(email: str) -> bool:
    """Would promoting `email` install the operator's password (no account, or an
    unconfirmed one)?"""
    from chalicelib.identity import account_tables as accounts

    owner = accounts.owner_of(emails.unique_key(emails.validated(email)))
    user = accounts.get(owner) if owner else None
    return user is None or user.status == "pending"


def ensure_platform_admin(email: str, password: str | None,
                          name: str = "Administrator") -> Promotion:
    """Create the account, or promote the existing one (see the module). Idempotent."""
    from chalicelib.identity import account_tables as accounts

    address = emails.validated(email)
    key = emails.unique_key(address)
    for _ in range(3):  # the account may change between the read and the write: read again
        owner = accounts.owner_of(key)
        user = accounts.get(owner) if owner else None
        if user is None:
            done = _create(address, key, _required(password), name)
        elif user.status == "pending":
            done = _replace_unconfirmed(user, _required(password), name)
        elif user.status == "active":
            done = _promote(user)
        else:
            raise PromotionRefused(f"user id {user.user_id} is {user.status}: nothing was "
                                   "changed (lift the suspension first, or choose another "
                                   "address)")
        if done is not None:
            return done
    raise PromotionRefused("the account kept changing meanwhile: run the command again")


def _required(password: str | None) -> str:
    if not password:
        raise PasswordNeeded("this account needs a password from you: none was given")
    return password


def _hash(password: str) -> str:
    from chalicelib.identity import credentials

    return credentials.hash_new(password)


def _create(address: str, key: str, password: str, name: str) -> Promotion | None:
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity.user_tables import User

    now = clock.now()
    user = User(ids.new_id(), email=address, name=name, status="active", platform_admin=True,
                created_at=now, confirmed_at=now, password_hash=_hash(password),
                password_changed_at=now)
    if accounts.create(user, [key]):
        return None  # the address was claimed meanwhile
    return Promotion(user.user_id, CREATED)


def _replace_unconfirmed(user: Any, password: str, name: str) -> Promotion | None:
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import onetime_tables as onetime
    from chalicelib.identity import session_tables as sessions

    now = clock.now()
    values: dict[str, Any] = {
        "status": "active", "confirmed_at": now, "platform_admin": True, "name": name,
        "password_hash": _hash(password), "password_changed_at": now,  # older reset links void
        "registration": None,  # its confirmation links no longer confirm anything
        "requested_pseudonym": None, "pseudonym": None, "display": "name", "locale": "en",
        "description": None, "interests": None, "sso": None, "created_at": now}
    from chalicelib.identity import profiles

    # Accounts registered before pseudonyms waited for the confirmation may hold a claim.
    key = profiles.pseudonym_key(user.pseudonym) if user.pseudonym else None
    if not accounts.discard_registration(user, values, key):
        return None
    cursor: str | None = None
    while True:  # its outstanding links (confirmation, reset, SSO link) go too
        cursor = onetime.erase_user(user.user_id, cursor, 100)
        if not cursor:
            break
    sessions.revoke_all(user.user_id)
    return Promotion(user.user_id, REPLACED)


def _promote(user: Any) -> Promotion | None:
    from chalicelib.identity import session_tables as sessions
    from chalicelib.identity.user_tables import User
    from chalicelib.platform.dynamo.transactions import conditionally

    if user.platform_admin:
        return Promotion(user.user_id, ALREADY)
    if not conditionally(lambda: User(user.user_id).update(
            actions=[User.platform_admin.set(True)], condition=User.status == "active")):
        return None
    # Tokens carry the role: make them sign in again.
    return Promotion(user.user_id, PROMOTED, sessions.revoke_all(user.user_id))
