"""`POST /visits`: one page view, counted without tracking. The API call makes no DynamoDB
call and sets nothing: it reduces the request to what `visit_rules` keeps and sends one
message to the analytics queue, where `visit_counter` adds it to per-day counters."""

from __future__ import annotations

from typing import Any

from chalicelib.analytics import visit_rules
from chalicelib.platform import clock, ids


def record(body: Any, headers: Any) -> None:
    """Whoever asks (signed in or not: the caller is never looked at). The User-Agent is
    parsed here and dropped; the IP address is never read."""
    from chalicelib.platform.aws import queues

    visit = visit_rules.Visit(
        id=ids.new_id(), page=body.page, target=body.id, at=clock.now(),
        language=visit_rules.language(body.locale),
        country=visit_rules.country(headers.get("cloudfront-viewer-country")),
        browser=visit_rules.browser_family(headers.get("user-agent")))
    queues.publish(queues.ANALYTICS, visit.as_message())
