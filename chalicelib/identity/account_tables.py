"""Writes and lookups of accounts: creation with their uniqueness claims, activation, password,
profile, email and SSO changes. Every change that touches a uniqueness claim and the account
happens in one transaction, so a race leaves either both or neither."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.models import Model

from chalicelib.identity.user_tables import Session, Unique, User

ACTIVE_OR_PENDING = ("active", "pending")


@dataclass
class Tx:
    """A TransactWrite whose failed conditions come back as the labels given to its items."""

    checks: list[tuple[str, type[Model], str, Any]] = field(default_factory=list)
    deletes: list[tuple[str, Model, Any]] = field(default_factory=list)
    puts: list[tuple[str, Model, Any]] = field(default_factory=list)
    updates: list[tuple[str, Model, list[Any], Any]] = field(default_factory=list)

    def put(self, label: str, model: Model, condition: Any = None) -> Tx:
        self.puts.append((label, model, condition))
        return self

    def delete(self, label: str, model: Model, condition: Any = None) -> Tx:
        self.deletes.append((label, model, condition))
        return self

    def update(self, label: str, model: Model, actions: list[Any], condition: Any = None) -> Tx:
        self.updates.append((label, model, actions, condition))
        return self

    def commit(self) -> set[str]:
        """Empty when written; else the labels whose condition failed (nothing was written).
        Other failures (conflicts, throttling) raise."""
        from pynamodb.connection import Connection
        from pynamodb.transactions import TransactWrite

        from chalicelib.platform.config import settings

        try:
            with TransactWrite(connection=Connection(region=settings().region)) as tx:
                for _, cls, key, condition in self.checks:
                    tx.condition_check(cls, key, condition=condition)
                for _, model, condition in self.deletes:
                    tx.delete(model, condition=condition)
                for _, model, condition in self.puts:
                    tx.save(model, condition=condition)
                for _, model, actions, condition in self.updates:
                    tx.update(model, actions=actions, condition=condition)
        except TransactWriteError as err:
            # DynamoDB reports reasons in the order items were sent: checks, deletes, puts,
            # updates (that is how PynamoDB sends them).
            labels = ([c[0] for c in self.checks] + [d[0] for d in self.deletes]
                      + [p[0] for p in self.puts] + [u[0] for u in self.updates])
            failed = {label for label, reason in zip(labels, err.cancellation_reasons or [],
                                                     strict=False)
                      if reason is not None and reason.code == "ConditionalCheckFailed"}
            if not failed:
                raise
            return failed
        return set()


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
    from botocore.exceptions import ClientError

    from chalicelib.platform.aws.clients import client

    current, previous = f"{ATTEMPTS}{window}", f"{ATTEMPTS}{window - 1}"
    try:
        answer = client("dynamodb").update_item(
            TableName=Unique.Meta.table_name, Key={"key": {"S": claim}},
            UpdateExpression="ADD #now :one REMOVE #old",
            ConditionExpression="attribute_exists(user_id)",
            ExpressionAttributeNames={"#now": current, "#old": f"{ATTEMPTS}{window - 2}"},
            ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="ALL_NEW")
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return None
        raise
    item = answer["Attributes"]
    counts = {name: int(value["N"]) for name, value in item.items()
              if name.startswith(ATTEMPTS) and "N" in value}
    return SignIn(claim=claim, window=window, owner=item["user_id"]["S"],
                  previous=counts.get(previous, 0), current=counts.get(current, 1),
                  stale=tuple(n for n in counts if n not in (current, previous)))


def refund_sign_in(attempt: SignIn) -> None:
    """Take back an attempt that was not a failure (the claim may be gone: nothing to do)."""
    try:
        Unique(attempt.claim).update(actions=attempt.refund_actions(),
                                     condition=Unique.user_id.exists())
    except UpdateError as err:
        if err.cause_response_code != "ConditionalCheckFailedException":
            raise


# --- creation and activation ----------------------------------------------------------------------

def create(user: User, unique_keys: list[str], extra: list[Model] | None = None) -> set[str]:
    """Create `user` with its uniqueness claims (and e.g. its confirmation token) at once.
    Empty on success, else the claim keys already held by someone (nothing written)."""
    tx = Tx()
    for key in unique_keys:
        tx.put(key, Unique(key, user_id=user.user_id), Unique.key.does_not_exist())
    tx.put("user", user, User.user_id.does_not_exist())
    for item in extra or []:
        tx.put("extra", item, type(item)._hash_key_attribute().does_not_exist())
    return tx.commit()


def activate(user_id: str, *, now: float, password_hash: str | None = None,
             name: str | None = None) -> bool:
    """Pending -> active on a confirmed email. False when there was nothing to confirm."""
    actions = [User.status.set("active"), User.confirmed_at.set(now)]
    if password_hash:
        actions += [User.password_hash.set(password_hash), User.password_changed_at.set(now)]
    if name:
        actions.append(User.name.set(name))
    try:
        User(user_id).update(actions=actions, condition=User.status == "pending")
        return True
    except UpdateError as err:
        if err.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise


def set_password(user_id: str, password_hash: str, *, now: float,
                 confirm_email: bool = False) -> bool:
    """False when the account is gone (or going)."""
    actions = [User.password_hash.set(password_hash), User.password_changed_at.set(now)]
    if confirm_email:
        # Following a reset link proves the address: a pending account becomes active.
        actions += [User.status.set("active"), User.confirmed_at.set(now)]
    condition = User.user_id.exists() & User.status.is_in(*ACTIVE_OR_PENDING, "suspended")
    try:
        User(user_id).update(actions=actions, condition=condition)
        return True
    except UpdateError as err:
        if err.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise


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
        try:
            User(user.user_id).update(actions=actions, condition=User.user_id.exists())
            return set()
        except UpdateError as err:
            if err.cause_response_code == "ConditionalCheckFailedException":
                return {"user"}
            raise
    old_key, new_key = pseudonym_keys
    tx = Tx()
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
    tx = Tx()
    tx.put("email", Unique(new_key, user_id=user.user_id), Unique.key.does_not_exist())
    if old_key:
        tx.delete("old_email", Unique(old_key), Unique.user_id == user.user_id)
    same = (User.email == user.email) if user.email else User.email.does_not_exist()
    actions = [User.email.set(new_email), User.pending_email.remove(), User.updated_at.set(now)]
    if user.status == "pending":
        actions += [User.status.set("active"), User.confirmed_at.set(now)]
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
        actions += [User.status.set("active"), User.confirmed_at.set(now)]
    tx = Tx()
    tx.put("sso", Unique(unique_key, user_id=user.user_id), Unique.key.does_not_exist())
    tx.update("user", User(user.user_id), actions,
              User.user_id.exists() & User.status.is_in(*ACTIVE_OR_PENDING, "suspended"))
    return tx.commit()


def set_media(user_id: str, attribute: str, key: str) -> str | bool | None:
    """Point the profile's avatar or cover at `key` unless a newer upload already holds it.
    Returns the key it replaced (or None), or False when `key` lost (older, or no account)."""
    column = getattr(User, attribute)
    condition = User.user_id.exists() & (column.does_not_exist() | (column < key))
    try:
        answer = User._get_connection().update_item(
            user_id, actions=[column.set(key)], condition=condition, return_values="UPDATED_OLD")
    except UpdateError as err:
        if err.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    old = (answer.get("Attributes") or {}).get(column.attr_name, {})
    return old.get("S")


def pending_email(user_id: str, address: str | None) -> None:
    action = User.pending_email.set(address) if address else User.pending_email.remove()
    User(user_id).update(actions=[action], condition=User.user_id.exists())


# --- visits -------------------------------------------------------------------------------------

def record_visit(session_id: str, user_id: str, *, previous: float | None, now: float) -> bool:
    """Write `last_visit_at` at most once per session and period: the session's `visit_at` is
    the guard, so concurrent requests write it once."""
    guard = (Session.visit_at == previous) if previous is not None else \
        Session.visit_at.does_not_exist()
    failed = (Tx()
              .update("session", Session(session_id), [Session.visit_at.set(now)],
                      Session.session_id.exists() & guard)
              .update("user", User(user_id), [User.last_visit_at.set(now)],
                      User.user_id.exists())
              .commit())
    return not failed
