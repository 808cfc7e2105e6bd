"""The strike ladder: what a removal does to its author's account, applied once per removal.

Each removal is recorded on the author's standing (`removals[<case key>]`, with its strike
number) in the decision's own transaction. Its rung (`moderation.Policy.rung_for`) is then
applied here: the rung is recorded on the standing by a conditional write (`rungs[<case
key>]` must not exist), so a repeated or redelivered decision finds it and does nothing. A
warning's notice is promised in that same transaction (the outbox); a suspension or a
deletion runs after the record, which is taken back if it fails, so that a retry applies it.

Rungs: `warning` (an account email and in-app notice), `suspension` (sign-in refused and
sessions ended until the end of the suspension; the notice says until when), `deletion`
(an email, then the same erasure as `DELETE /me`, without a password).
"""

from __future__ import annotations

from typing import Any

from chalicelib.moderation import moderation_rules as moderation
from chalicelib.moderation.moderation_rules import DAY, Policy, Rung
from chalicelib.platform import clock, ids


def apply(author_id: str, key: str, strike: int, policy: Policy) -> str | None:
    """Apply the rung of strike `strike` (the removal of case `key`), once. Answers the rung
    applied by this call, or None (no rung for this strike, or applied already)."""
    from chalicelib.moderation.moderation_tables import Standing
    from chalicelib.platform.aws import queues
    from chalicelib.platform.dynamo.transactions import Transaction

    rung = policy.rung_for(strike)
    if rung is None:
        return None
    now = clock.now()
    record = {"action": rung.action, "strike": strike, "at": now,
              **({"days": rung.days} if rung.days else {})}
    tx = Transaction().update(
        "rung", Standing(author_id), [Standing.rungs[key].set(record)],
        condition=Standing.user_id.exists() & Standing.rungs[key].does_not_exist())
    if rung.action == "warning":
        tx.publish(queues.NOTIFY, _notice_event(author_id, "warning", strike, policy))
    if tx.commit():
        return None  # applied already (or the standing is gone with the account)
    if rung.action == "warning":
        return rung.action
    try:
        _effect(author_id, rung, strike, policy, now)
    except Exception:
        Standing(author_id).update(actions=[Standing.rungs[key].remove()])
        raise
    return rung.action


def _effect(author_id: str, rung: Rung, strike: int, policy: Policy, now: float) -> None:
    if rung.action == "suspension":
        until = suspend(author_id, now + rung.days * DAY)
        if until is not None:
            _notice(author_id, "suspension", strike, policy, until=until)
    elif rung.action == "deletion":
        delete_account(author_id, strike, policy)


def suspend(user_id: str, until: float) -> float | None:
    """Suspend the account until `until` (see `identity.accounts.suspend`)."""
    from chalicelib.identity import accounts

    return accounts.suspend(user_id, until)


def _notice(user_id: str, rung: str, strike: int, policy: Policy,
            until: float | None = None) -> None:
    """Queue the account notice of a rung now (a suspension's: the rung's record is taken
    back if this fails)."""
    from chalicelib.platform.aws import queues

    queues.publish(queues.NOTIFY, _notice_event(user_id, rung, strike, policy, until))


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
