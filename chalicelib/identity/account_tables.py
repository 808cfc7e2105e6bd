"""Writes and lookups of accounts: creation with their uniqueness claims, activation, password,
profile, email and SSO changes. Every change that touches a uniqueness claim and the account
happens in one transaction, so a race leaves either both or neither."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pynamodb.models import Model

from chalicelib.identity.user_tables import Session, Unique, User
from chalicelib.platform.dynamo.transactions import Transaction, conditionally

ACTIVE_OR_PENDING = ("active", "pending")
# Activated otherwise than by its registration's link, an account forgets the pseudonym asked
# at registration (never claimed: the person chooses one in their profile).
NO_WISH = [User.requested_pseudonym.remove()]


def _at(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


# --- reads -----------------------------------------------------------------------------------

def get(user_id: str) -> User | None:
    try:
        return User.get(user_id, consistent_read=True)
    except User.DoesNotExist:
        return None


def owner_of(unique_key: str) -> str | None:
    try:
        return Unique.get(unique_key, consistent_read=True).user_id
    except Unique.DoesNotExist:
        return None


def login_lookup(owner: str | None, counter_keys: list[str], *,
                 now: float) -> tuple[User | None, dict[str, int]]:
    """The account signing in and the login throttle counters, in one BatchGetItem across
    the two tables (a login stays within three DynamoDB calls). A counter past its expiry
    counts 0, even before DynamoDB's TTL sweep removes it."""
    from chalicelib.identity.throttle_tables import ThrottleCounter
    from chalicelib.platform.aws.clients import client

    users, counters = User.Meta.table_name, ThrottleCounter.Meta.table_name
    request: dict[str, Any] = {}
    if owner:
        request[users] = {"Keys": [{"user_id": {"S": owner}}], "ConsistentRead": True}
    if counter_keys:
        request[counters] = {"Keys": [{"key": {"S": k}} for k in dict.fromkeys(counter_keys)],
                             "ConsistentRead": True, "ProjectionExpression": "#k, #c, #e",
                             "ExpressionAttributeNames": {"#k": "key", "#c": "count",
                                                          "#e": "expires_at"}}
    user: User | None = None
    counts = {k: 0 for k in counter_keys}
    for _ in range(5):
        if not request:
            break
        answer = client("dynamodb").batch_get_item(RequestItems=request)
        for item in answer.get("Responses", {}).get(users, []):
            user = User.from_raw_data(item)
        for item in answer.get("Responses", {}).get(counters, []):
            expires = float(item.get("expires_at", {}).get("N", "inf"))
            if expires > now:
                counts[item["key"]["S"]] = int(item.get("count", {}).get("N", "0"))
        request = answer.get("UnprocessedKeys") or {}
    return user, counts


# --- sign-in attempts, counted on the email's claim -------------------------------------------

ATTEMPTS = "la_"  # `la_<window index>`: sign-in attempts in that window


@dataclass(frozen=True)
class SignIn:
    """One sign-in attempt, counted on the email's claim BEFORE the password is checked:
    the atomic ADD gives every concurrent attempt its own number, so no burst of guesses
    in flight at once can get past the limit. A successful (or refused) attempt is refunded."""

    claim: str
    window: int
    owner: str
    previous: int  # attempts in the window before
    current: int   # attempts in this window, this one included
    stale: tuple[str, ...] = ()  # counters of older windows still on the claim

    def refund_actions(self) -> list[Any]:
        from pynamodb.expressions.operand import Path

        return [Path(f"{ATTEMPTS}{self.window}").add(-1),
                *(Path(name).remove() for name in self.stale)]


def count_sign_in(claim: str, window: int) -> SignIn | None:
    """Count an attempt on the claim `claim` (an `email#...` key) in `window`, dropping the
    counter of two windows before; None when nobody holds that claim."""

    from chalicelib.platform.aws.clients import client

    current, previous = f"{ATTEMPTS}{window}", f"{ATTEMPTS}{window - 1}"
    answers: list[dict[str, Any]] = []
    if not conditionally(lambda: answers.append(client("dynamodb").update_item(
            TableName=Unique.Meta.table_name, Key={"key": {"S": claim}},
            UpdateExpression="ADD #now :one REMOVE #old",
            ConditionExpression="attribute_exists(user_id)",
            ExpressionAttributeNames={"#now": current, "#old": f"{ATTEMPTS}{window - 2}"},
            ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="ALL_NEW"))):
        return None
    item = answers[0]["Attributes"]
    counts = {name: int(value["N"]) for name, value in item.items()
              if name.startswith(ATTEMPTS) and "N" in value}
    return SignIn(claim=claim, window=window, owner=item["user_id"]["S"],
                  previous=counts.get(previous, 0), current=counts.get(current, 1),
                  stale=tuple(n for n in counts if n not in (current, previous)))


def refund_sign_in(attempt: SignIn) -> None:
    """Take back an attempt that was not a failure (the claim may be gone: nothing to do)."""
    conditionally(lambda: Unique(attempt.claim).update(actions=attempt.refund_actions(),
                                                       condition=Unique.user_id.exists()))


# --- creation and activation ----------------------------------------------------------------------

def create(user: User, unique_keys: list[str], extra: list[Model] | None = None) -> set[str]:
    """Create `user` with its uniqueness claims (and e.g. its confirmation token) at once.
    Empty on success, else the claim keys already held by someone (nothing written)."""
    tx = Transaction()
    for key in unique_keys:
        tx.put(key, Unique(key, user_id=user.user_id), Unique.key.does_not_exist())
    tx.put("user", user, User.user_id.does_not_exist())
    for item in extra or []:
        tx.put("extra", item, type(item)._hash_key_attribute().does_not_exist())
    return tx.commit()


def _actions(values: dict[str, Any]) -> list[Any]:
    return [getattr(User, name).remove() if value is None else getattr(User, name).set(value)
            for name, value in values.items()]


def renew_registration(user_id: str, values: dict[str, Any], link: Model) -> bool:
    """An unconfirmed account's registration replaced by a newer one (its data and id:
    links of the older one no longer confirm anything), with the newer one's link, at once.
    False when the account is no longer unconfirmed."""
    return not (Transaction()
                .update("user", User(user_id), _actions(values), User.status == "pending")
                .put("link", link, type(link)._hash_key_attribute().does_not_exist())
                .commit())


def activate(user_id: str, registration: str, values: dict[str, Any],
             pseudonym_key: str | None = None) -> set[str]:
    """Pending -> active through the link of the account's live `registration`, the claim
    on its pseudonym taken in the same transaction. Empty on success, else "user" (not
    pending, or another registration is live) and/or "pseudonym" (taken meanwhile)."""
    tx = Transaction()
    if pseudonym_key:
        tx.put("pseudonym", Unique(pseudonym_key, user_id=user_id), Unique.key.does_not_exist())
    tx.update("user", User(user_id), _actions(values),
              (User.status == "pending") & (User.registration == registration))
    return tx.commit()


def discard_registration(user: User, values: dict[str, Any], pseudonym_key: str | None) -> bool:
    """Overwrite an unconfirmed account as a whole (its password, data and live registration
    go), then free the pseudonym and SSO claims it held. False when it was no longer
    unconfirmed (nothing written)."""
    if not conditionally(lambda: User(user.user_id).update(
            actions=_actions(values), condition=User.status == "pending")):
        return False
    claims = [pseudonym_key] if pseudonym_key else []
    claims += [f"sso#{p}#{s}" for p, s in (user.sso.as_dict() if user.sso else {}).items()]
    for key in claims:  # a claim someone else holds now stays
        conditionally(lambda key=key: Unique(key).delete(condition=Unique.user_id == user.user_id))
    return True


def set_password(user_id: str, password_hash: str, *, now: float,
                 confirm_email: bool = False) -> bool:
    """False when the account is gone (or going)."""
    actions = [User.password_hash.set(password_hash), User.password_changed_at.set(now)]
    if confirm_email:
        # Following a reset link proves the address: a pending account becomes active.
        actions += [User.status.set("active"), User.confirmed_at.set(now), *NO_WISH]
    condition = User.user_id.exists() & User.status.is_in(*ACTIVE_OR_PENDING, "suspended")
    return conditionally(lambda: User(user_id).update(actions=actions, condition=condition))


# --- profile --------------------------------------------------------------------------------

def update_profile(user: User, values: dict[str, Any],
                   pseudonym_keys: tuple[str | None, str | None] | None = None) -> set[str]:
    """Set (or, for None, remove) profile attributes. When the pseudonym changes, the claim on
    the new one is taken and the old one released in the same transaction.
    Empty on success, else "pseudonym" (taken) or "user" (changed meanwhile)."""
    actions = []
    for name, value in values.items():
        attribute = getattr(User, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    if not actions:
        return set()
    if pseudonym_keys is None or pseudonym_keys[0] == pseudonym_keys[1]:
        written = conditionally(lambda: User(user.user_id).update(
            actions=actions, condition=User.user_id.exists()))
        return set() if written else {"user"}
    old_key, new_key = pseudonym_keys
    tx = Transaction()
    if new_key:
        tx.put("pseudonym", Unique(new_key, user_id=user.user_id), Unique.key.does_not_exist())
    if old_key:
        tx.delete("old_pseudonym", Unique(old_key), Unique.user_id == user.user_id)
    same = (User.pseudonym == user.pseudonym) if user.pseudonym else User.pseudonym.does_not_exist()
    tx.update("user", User(user.user_id), actions, User.user_id.exists() & same)
    return tx.commit()


def switch_email(user: User, new_email: str, *, old_key: str | None, new_key: str,
                 now: float) -> set[str]:
    """Move the account to a confirmed new address. Empty on success, else "email" (the new
    address was claimed meanwhile) or "user" (the account changed meanwhile)."""
    tx = Transaction()
    tx.put("email", Unique(new_key, user_id=user.user_id), Unique.key.does_not_exist())
    if old_key:
        tx.delete("old_email", Unique(old_key), Unique.user_id == user.user_id)
    same = (User.email == user.email) if user.email else User.email.does_not_exist()
    actions = [User.email.set(new_email), User.pending_email.remove(), User.updated_at.set(now)]
    if user.status == "pending":
        actions += [User.status.set("active"), User.confirmed_at.set(now), *NO_WISH]
    tx.update("user", User(user.user_id), actions,
              same & User.status.is_in(*ACTIVE_OR_PENDING, "suspended"))
    return tx.commit()


def link_sso(user: User, provider: str, subject: str, unique_key: str, *, now: float,
             confirm_email: bool) -> set[str]:
    """Record that `provider`'s `subject` signs in as this account."""
    links = dict(user.sso.as_dict()) if user.sso is not None else {}
    links[provider] = subject
    actions = [User.sso.set(links)]
    if confirm_email and user.status == "pending":
        # The registration's password was chosen by whoever registered, perhaps not the
        # owner who proves the address here: it goes (a reset link sets one).
        actions += [User.status.set("active"), User.confirmed_at.set(now), *NO_WISH,
                    User.password_hash.remove()]
    tx = Transaction()
    tx.put("sso", Unique(unique_key, user_id=user.user_id), Unique.key.does_not_exist())
    tx.update("user", User(user.user_id), actions,
              User.user_id.exists() & User.status.is_in(*ACTIVE_OR_PENDING, "suspended"))
    return tx.commit()


def set_media(user_id: str, attribute: str, key: str) -> str | bool | None:
    """Point the profile's avatar or cover at `key` unless a newer upload already holds it.
    Returns the key it replaced (or None), or False when `key` lost (older, or no account)."""
    column = getattr(User, attribute)
    condition = User.user_id.exists() & (column.does_not_exist() | (column < key))
    answers: list[Any] = []
    if not conditionally(lambda: answers.append(User._get_connection().update_item(
            user_id, actions=[column.set(key)], condition=condition,
            return_values="UPDATED_OLD"))):
        return False
    old = (answers[0].get("Attributes") or {}).get(column.attr_name, {})
    return old.get("S")


def pending_email(user_id: str, address: str | None) -> None:
    action = User.pending_email.set(address) if address else User.pending_email.remove()
    User(user_id).update(actions=[action], condition=User.user_id.exists())


# --- visits -------------------------------------------------------------------------------------

def record_visit(session_id: str, user_id: str, *, previous: float | None,
                 now: float) -> bool | None:
    """Write `last_visit_at` at most once per session and period: the session's `visit_at` is
    the guard, so concurrent requests write it once. False when another request wrote it;
    None when the table was busy (a visit is best effort)."""
    from chalicelib.platform.dynamo.transactions import busy_errors

    guard = (Session.visit_at == previous) if previous is not None else \
        Session.visit_at.does_not_exist()
    try:
        failed = (Transaction()
                  .update("session", Session(session_id), [Session.visit_at.set(now)],
                          condition=Session.session_id.exists() & guard)
                  .update("user", User(user_id), [User.last_visit_at.set(now)],
                          condition=User.user_id.exists())
                  .commit())
    except busy_errors():
        return None
    return not failed


# --- suspension -----------------------------------------------------------------------------

def set_suspended(user_id: str, until: float) -> bool:
    """False when the account is neither active nor suspended (gone, or going)."""
    return conditionally(lambda: User(user_id).update(
        actions=[User.status.set("suspended"), User.suspended_until.set(until)],
        condition=User.status.is_in("active", "suspended")))


def suspended_pages(limit: int) -> Iterator[list[User]]:
    """Pages of suspended accounts (status and end of suspension only)."""
    start: dict[str, Any] | None = None
    while True:
        page = User.by_status.query("suspended", limit=limit, last_evaluated_key=start)
        keys = [u.user_id for u in page]
        start = page.last_evaluated_key
        if keys:
            yield list(User.batch_get(keys, attributes_to_get=[
                "user_id", "status", "suspended_until"]))
        if not start:
            return


def lift_suspension(user_id: str, until: Any) -> bool:
    """Active again, unless the suspension changed meanwhile (False)."""
    return conditionally(lambda: User(user_id).update(
        actions=[User.status.set("active"), User.suspended_until.remove()],
        condition=(User.status == "suspended") & (User.suspended_until == until)))


def mark_deleting_in(tx: Transaction, user_id: str, allowed_from: tuple[str, ...]) -> None:
    """Status `deleting` (login stops at once); fails as `account` when it was not in
    `allowed_from`."""
    tx.update("account", User(user_id), [User.status.set("deleting")],
              condition=User.status.is_in(*allowed_from))


def live_check(tx: Transaction, label: str, user_id: str, gone: tuple[str, ...]) -> None:
    tx.check(label, User, user_id,
             condition=User.user_id.exists() & ~User.status.is_in(*gone))


def accept_terms_in(tx: Transaction, user_id: str, version: int, now: float) -> None:
    """The person accepted `version` of the terms of use (label `user`)."""
    tx.update("user", User(user_id), [User.terms_version.set(version),
                                      User.terms_accepted_at.set(now)],
              condition=User.user_id.exists() & ~User.status.is_in("deleting", "deleted"))


ACCOUNT_PAGE_SHAPE = {"status": "S", "created_at": "N", "user_id": "S"}


def account_page(status: str, start: dict[str, Any] | None,
                 limit: int) -> tuple[list[str], dict[str, Any] | None]:
    """One page of the ids of the accounts in `status`, oldest first, through the keys-only
    `by_status` index (never a Scan), and where the next page starts."""
    result = User.by_status.query(status, limit=limit, last_evaluated_key=start)
    return [u.user_id for u in result], result.last_evaluated_key
