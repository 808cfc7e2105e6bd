"""Publishing terms of use stopped at any AWS call (tests/fault_support.py): a version is
either not published (the admin publishes again) or published and announced to every
account exactly once, by the outbox if the process stopped before sending."""

from __future__ import annotations

from typing import Any

from tests.fault_support import stop_at_each_call, until_quiet
from tests.support import sign_in


def test_a_publication_stopped_at_any_call_is_announced_once(api, make_user):
    from chalicelib.identity import terms
    from chalicelib.notifications.notification_tables import Notification

    admin_id, _ = make_user(platform_admin=True)
    people = [make_user(f"reader{n}@people.test")[0] for n in range(2)]

    def told(user_id: str) -> int:
        return len([n for n in Notification.query(user_id) if n.kind == "terms.published"])

    def setup(n: int) -> tuple[int, str]:
        return terms.current_version() or 0, sign_in(admin_id, platform_admin=True)

    def publish(ctx: tuple[int, str]) -> Any:
        return api.post("/terms", {"text": {"en": f"Version after {ctx[0]}"}}, token=ctx[1])

    def check(ctx: tuple[int, str], cut: int, stopped: bool) -> None:
        if stopped and (terms.current_version() or 0) == ctx[0]:
            assert publish(ctx).status_code == 201, cut  # nothing stored: publish again
        until_quiet()
        versions = terms.current_version() or 0
        assert versions == ctx[0] + 1, f"cut at call {cut}"
        for user_id in [admin_id, *people]:
            assert told(user_id) == versions, f"cut at call {cut}"

    assert stop_at_each_call(setup, publish, check) >= 2
