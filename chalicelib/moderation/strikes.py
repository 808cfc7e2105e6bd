"""The strike ladder: what a removal does to its author's account, applied once per removal.

Each removal is recorded on the author's standing (`removals[<case key>]`, with its strike
number) in the decision's own transaction. Its rung (`moderation.Policy.rung_for`) is then
applied here: the rung is recorded on the standing by a conditional write (`rungs[<case
key>]` must not exist), with what it decided (a suspension's end), and the rung's notice is
promised in that same transaction (the outbox): told once, whatever stops where. The rung's
effect on the account (the suspension and its ended sessions, the deletion) follows the
record and is carried out again, from the record, by every repeated or redelivered decision,
each part idempotent: a stop after the record leaves nothing undone for good.

Rungs: `warning` (an account email and in-app notice), `suspension` (sign-in refused and
sessions ended until the end of the suspension; the notice says until when), `deletion`
(an email, then the same erasure as `DELETE /me`, without a password).
"""

from __future__ import annotations

from typing import Any

from chalicelib.moderation import moderation_rules as moderation
from chalicelib.moderation.moderation_rules import DAY, Policy
from chalicelib.platform import clock, ids


def apply(author_id: str, key: str, strike: int, policy: Policy) -> str | None:
    """Apply the rung of strike `strike` (the removal of case `key`). Answers the rung first
    recorded by this call, or None (no rung for this strike, recorded already, or the
    account is gone); an effect recorded already is carried out again (idempotent)."""
    from chalicelib.identity import accounts
    from chalicelib.moderation.moderation_tables import Standing
    from chalicelib.platform.aws import queues
    from chalicelib.platform.dynamo.transactions import Transaction

    rung = policy.rung_for(strike)
    if rung is None:
        return None
    now = clock.now()
    record: dict[str, Any] = {"action": rung.action, "strike": strike, "at": now}
    if rung.days:
        record["days"] = rung.days
    if rung.action == "suspension":
        until = accounts.suspension_end(author_id, now + rung.days * DAY)
        if until is None:
            return None  # the account is gone, or going
        record["until"] = until
    tx = Transaction().update(
        "rung", Standing(author_id), [Standing.rungs[key].set(record)],
        condition=Standing.user_id.exists() & Standing.rungs[key].does_not_exist())
    if rung.action in ("warning", "suspension"):
        tx.publish(queues.NOTIFY, _notice_event(author_id, rung.action, strike, policy,
                                                until=record.get("until")))
    if tx.commit():
        recorded = _recorded(author_id, key)
        if recorded is not None:
            _effect(author_id, recorded, strike, policy, now)
        return None
    _effect(author_id, record, strike, policy, now)
    return rung.action


def _recorded(author_id: str, key: str) -> dict[str, Any] | None:
    """The rung recorded for case `key`, as written (None once the standing is gone)."""
    from chalicelib.moderation.moderation_tables import get_standing
    from chalicelib.platform.dynamo.attribute_values import as_dict

    standing = get_standing(author_id)
    if standing is None:
        return None
    entry = as_dict(as_dict(standing.rungs).get(key))
    return entry or None


def _effect(author_id: str, record: dict[str, Any], strike: int, policy: Policy,
            now: float) -> None:
    """What a recorded rung does to the account (a warning: nothing more than its notice)."""
    if record["action"] == "suspension" and float(record["until"]) > now:
        suspend(author_id, float(record["until"]))
    elif record["action"] == "deletion":
        delete_account(author_id, strike, policy)


def suspend(user_id: str, until: float) -> float | None:
    """Suspend the account until `until` (see `identity.accounts.suspend`)."""
    from chalicelib.identity import accounts

    return accounts.suspend(user_id, until)


def _notice_event(user_id: str, rung: str, strike: int, policy: Policy,
                  until: float | None = None) -> dict[str, Any]:
    """The account notice of a rung (category `account`: it cannot be turned off)."""
    from chalicelib.notifications import notifications

    upcoming = policy.next_rung(strike)
    data: dict[str, Any] = {
        "rung": rung, "strikes": strike, "window_days": policy.strike_window // DAY,
        "url": "/settings/account",
    }
    if until is not None:
        data["until"] = clock.iso(until)
    if upcoming is not None:
        data["next"] = {"strike": upcoming[0], **upcoming[1].describe()}
    event = notifications.build_event("moderation.warning", "account",
                                      {"user_ids": [user_id]}, subject={"type": "account",
                                                                        "id": user_id},
                                      data=data, event_id=ids.new_id())
    return event.as_message()


def delete_account(user_id: str, strike: int, policy: Policy) -> bool:
    """The last rung: tell the person (by email, now: once the erasure starts the pipeline
    no longer writes to them), then start the erasure. Idempotent."""
    from chalicelib.identity import account_deletion, account_mail, accounts

    user = accounts.get(user_id)
    if user is None or user.status == "deleted":
        return False
    if user.status == "deleting":
        account_deletion.resume(user_id)  # make sure it runs
        return False
    if user.email:
        account_mail.send("moderation_account_deleted", user.email, user.locale,
                          strikes=strike,
                          window_days=policy.strike_window // DAY)
    return account_deletion.begin(user)


# ---- suspensions that ended ------------------------------------------------------------

def lift_ended_suspensions(limit: int = 100) -> int:
    """Scheduled: accounts whose suspension ended become active again."""
    from chalicelib.identity import accounts

    now = clock.now()
    return accounts.lift_ended_suspensions(
        lambda status, until: moderation.suspension_over(status, until, now), limit)
