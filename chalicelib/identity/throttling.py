"""Throttles on guessing and on mail-sending requests, counted in DynamoDB so they hold across
every Lambda instance.

Failed logins use a sliding-window estimate (the previous window's count, weighted by how much
of it still overlaps the last `window` seconds, plus the current window's), so that no burst
across a window boundary doubles the allowance. Requests that send mail (registration,
confirmation resends, password resets, email changes) count every request in fixed windows:
the atomic `ADD` returns the new total, so concurrent requests cannot all slip under it.
Subjects (emails, client addresses) are stored only as keyed hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass

from chalicelib.platform.errors import TooManyRequests

MINUTE = 60
HOUR = 3600


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window: int  # seconds


LOGIN_ACCOUNT = Rule("login-account", 10, 15 * MINUTE)
LOGIN_ADDRESS = Rule("login-address", 50, 15 * MINUTE)
REGISTER_EMAIL = Rule("register-email", 3, HOUR)
REGISTER_ADDRESS = Rule("register-address", 20, HOUR)
RESEND_EMAIL = Rule("resend-email", 3, HOUR)
RESEND_ADDRESS = Rule("resend-address", 20, HOUR)
RESET_EMAIL = Rule("reset-email", 3, HOUR)
RESET_ADDRESS = Rule("reset-address", 20, HOUR)
EMAIL_CHANGE_ACCOUNT = Rule("email-change-account", 5, HOUR)
SSO_ADDRESS = Rule("sso-address", 30, 15 * MINUTE)
UNLOCK_MAIL = Rule("unlock-mail", 1, 24 * HOUR)  # per account: see sign_in_unlock


# --- rules (pure) -------------------------------------------------------------------------

def window_index(rule: Rule, now: float) -> int:
    return int(now // rule.window)


def window_key(rule: Rule, subject_hash: str, index: int) -> str:
    return f"{rule.name}#{subject_hash}#{index}"


def keyed_hash(value: str, key: str) -> str:
    return hmac.new(key.encode(), value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _after(seconds: float) -> int:
    """Whole seconds strictly after `seconds` (at exactly `seconds` the limit still holds)."""
    return max(1, math.floor(seconds) + 1)


def sliding_retry_after(rule: Rule, previous: int, current: int, now: float) -> int | None:
    """None when one more attempt is allowed; else the seconds until it is.

    Attempts are refused once the estimate reaches `limit`: "more than `limit` failures in
    `window`" never happens."""
    elapsed = now - window_index(rule, now) * rule.window
    fraction = elapsed / rule.window
    estimate = previous * (1 - fraction) + current
    if estimate < rule.limit:
        return None
    if current >= rule.limit:
        # Only the next window can help: there `current` becomes the weighted previous.
        return _after(rule.window - elapsed + rule.window * (1 - rule.limit / current))
    # Here previous > 0: the previous window's weight falls until the estimate drops.
    return _after(rule.window * (1 - fraction - (rule.limit - current) / previous))


def fixed_retry_after(rule: Rule, count: int, now: float) -> int | None:
    """`count` includes this request: at most `limit` requests per window."""
    if count <= rule.limit:
        return None
    end = (window_index(rule, now) + 1) * rule.window
    return _after(end - now)


# --- counting (thin, through storage) --------------------------------------------------------

def subject(value: str) -> str:
    from chalicelib.platform.aws.secrets import secret

    return keyed_hash(value, secret("throttle_key"))


@dataclass(frozen=True)
class Failures:
    """The failure counters of one login attempt: (rule, hashed subject) pairs."""

    pairs: tuple[tuple[Rule, str], ...]

    def keys(self, now: float) -> list[str]:
        out = []
        for rule, subj in self.pairs:
            index = window_index(rule, now)
            out += [window_key(rule, subj, index), window_key(rule, subj, index - 1)]
        return out

    def waits(self, counts: dict[str, int], now: float) -> list[tuple[int, str]]:
        """(seconds to wait, rule) for every counter at its limit."""
        waits = []
        for rule, subj in self.pairs:
            index = window_index(rule, now)
            wait = sliding_retry_after(rule, counts.get(window_key(rule, subj, index - 1), 0),
                                       counts.get(window_key(rule, subj, index), 0), now)
            if wait is not None:
                waits.append((wait, rule.name))
        return waits

    def check(self, counts: dict[str, int], now: float) -> None:
        """Raise 429 when any counter is at its limit."""
        waits = self.waits(counts, now)
        if waits:
            _refuse(max(waits))

    def record(self, now: float) -> None:
        from chalicelib.identity import throttle_tables as throttles

        for rule, subj in self.pairs:
            index = window_index(rule, now)
            throttles.add(window_key(rule, subj, index),
                          expires_at=(index + 2) * rule.window)


def login_failures(email: str, source_ip: str, *, account: bool = True) -> Failures:
    """The counters a failed login adds to: the client address's, and the account's unless
    the attempt was already counted on the email's claim (`reserved_wait`)."""
    pairs = ((LOGIN_ACCOUNT, subject(email)),) if account else ()
    return Failures((*pairs, (LOGIN_ADDRESS, subject(source_ip))))


def reserved_wait(rule: Rule, previous: int, current: int, now: float) -> list[tuple[int, str]]:
    """For an attempt counted before it is checked (`current` includes it): the wait when
    the attempts before it already reached the limit, as `Failures.waits` gives it."""
    wait = sliding_retry_after(rule, previous, current - 1, now)
    return [] if wait is None else [(wait, rule.name)]


def refuse(waits: list[tuple[int, str]]) -> None:
    """429 with the longest of the waits (nothing when there is none)."""
    if waits:
        _refuse(max(waits))


def account_failures(email: str) -> Failures:
    return Failures(((LOGIN_ACCOUNT, subject(email)),))


def check(failures: Failures, now: float) -> None:
    from chalicelib.identity import throttle_tables as throttles

    failures.check(throttles.counts(failures.keys(now), now=now), now)


def consume(rule: Rule, value: str, now: float) -> None:
    """Count this request against `rule` for `value`; 429 when it is one too many."""
    from chalicelib.identity import throttle_tables as throttles

    index = window_index(rule, now)
    count = throttles.add(window_key(rule, subject(value), index),
                          expires_at=(index + 1) * rule.window + MINUTE)
    wait = fixed_retry_after(rule, count, now)
    if wait is not None:
        _refuse((wait, rule.name))


def _refuse(wait_and_rule: tuple[int, str]) -> None:
    from chalicelib.platform.log import logger

    wait, rule = wait_and_rule
    logger.info("throttled", extra={"rule": rule, "retry_after": wait})
    raise TooManyRequests(wait, f"Too many attempts. Try again in {wait} seconds.")
