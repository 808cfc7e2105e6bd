"""The strike ladder: what a removal does to its author's account, applied once per removal.

Each removal is recorded on the author's standing (`removals[<case key>]`, with its strike
number) in the decision's own transaction. Its rung (`moderation.Policy.rung_for`) is then
applied here: the rung is first recorded on the standing by a conditional write
(`rungs[<case key>]` must not exist), so a repeated or redelivered decision finds it and does
nothing; if the effect fails, the record is taken back so that a retry applies it.

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
    from pynamodb.exceptions import UpdateError

    from chalicelib.moderation.moderation_tables import Standing

    rung = policy.rung_for(strike)
    if rung is None:
        return None
    now = clock.now()
    record = {"action": rung.action, "strike": strike, "at": now,
              **({"days": rung.days} if rung.days else {})}
    try:
        Standing(author_id).update(actions=[Standing.rungs[key].set(record)],
                                   condition=Standing.user_id.exists()
                                   & Standing.rungs[key].does_not_exist())
    except UpdateError as err:
        if err.cause_response_code == "ConditionalCheckFailedException":
            return None  # applied already (or the standing is gone with the account)
        raise
    try:
        _effect(author_id, rung, strike, policy, now)
    except Exception:
        Standing(author_id).update(actions=[Standing.rungs[key].remove()])
        raise
    return rung.action


def _effect(author_id: str, rung: Rung, strike: int, policy: Policy, now: float) -> None:
    if rung.action == "warning":
        _notice(author_id, "warning", strike, policy)
    elif rung.action == "suspension":
        until = suspend(author_id, now + rung.days * DAY)
        if until is not None:
            _notice(author_id, "suspension", strike, policy, until=until)
    elif rung.action == "deletion":
        delete_account(author_id, strike, policy)


def suspend(user_id: str, until: float) -> float | None:
    """Suspend an active (or suspended) account until `until` (a longer running suspension
    stays), and end its sessions. Answers the end of the suspension, or None when the
    account is gone."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.identity import session_tables as sessions
    from chalicelib.identity.user_tables import User

    try:
        user = User.get(user_id, consistent_read=True)
    except User.DoesNotExist:
        return None
    current = float(user.suspended_until or 0) if user.status == "suspended" else 0.0
    end = max(until, current)
    try:
        User(user_id).update(
            actions=[User.status.set("suspended"), User.suspended_until.set(end)],
            condition=User.status.is_in("active", "suspended"))
    except UpdateError as err:
        if err.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    sessions.revoke_all(user_id)
    return end


def _notice(user_id: str, rung: str, strike: int, policy: Policy,
            until: float | None = None) -> None:
    """The account notice of a rung (category `account`: it cannot be turned off)."""
    from chalicelib.notifications import notifications
    from chalicelib.platform.aws import queues

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
    try:
        queues.publish(queues.NOTIFY, event.as_message())
    except Exception:
        from chalicelib.platform.log import logger

        logger.exception("moderation notice not queued", extra={"event_id": event.event_id})
        raise


def delete_account(user_id: str, strike: int, policy: Policy) -> bool:
    """The last rung: tell the person (by email, now: once the erasure starts the pipeline
    no longer writes to them), then start the erasure. Idempotent."""
    from chalicelib.identity import account_mail
    from chalicelib.identity.user_tables import User
    from chalicelib.privacy import erasure

    try:
        user = User.get(user_id, consistent_read=True)
    except User.DoesNotExist:
        return False
    if user.status in ("deleting", "deleted"):
        erasure.start_for_moderation(user_id)  # make sure it runs
        return False
    if user.email:
        account_mail.send("moderation_account_deleted", user.email, user.locale,
                          strikes=strike,
                          window_days=policy.strike_window // DAY)
    return erasure.start_for_moderation(user_id)


# ---- suspensions that ended ------------------------------------------------------------

def lift_ended_suspensions(limit: int = 100) -> int:
    """Scheduled: accounts whose suspension ended become active again (sign-in already
    works once it ends; participation and email need the status back). Reads the
    `by_status` index page by page, and each page's accounts with one BatchGetItem."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.identity.user_tables import User

    now = clock.now()
    lifted = 0
    start: dict[str, Any] | None = None
    while True:
        page = User.by_status.query("suspended", limit=limit, last_evaluated_key=start)
        keys = [u.user_id for u in page]
        start = page.last_evaluated_key
        if keys:
            for user in User.batch_get(keys, attributes_to_get=[
                    "user_id", "status", "suspended_until"]):
                until = float(user.suspended_until) if user.suspended_until else None
                if not moderation.suspension_over(user.status, until, now):
                    continue
                try:
                    User(user.user_id).update(
                        actions=[User.status.set("active"), User.suspended_until.remove()],
                        condition=(User.status == "suspended")
                        & (User.suspended_until == user.suspended_until))
                    lifted += 1
                except UpdateError as err:
                    if err.cause_response_code != "ConditionalCheckFailedException":
                        raise
        if not start:
            return lifted
