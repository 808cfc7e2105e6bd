"""The fan-out to everyone following a module, its project or its community (issue 18 item
2): the pages yield each person once, whatever they follow and however small the pages; a
fan-out stopped at any call, or delivered twice, still reaches every follower, and never
notifies anyone twice in-app."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.fault_support import stop_at_each_call, until_quiet
from tests.notify_support import handler, receive, seed_community, seed_people, sqs_event
from tests.support import run_queues

PROJECT, MODULE = "01PROJECTPROJECTPROJECT000", "01MODULEMODULEMODULEMODULE"


def _follow_targets(community_id: str, kind: str, target_id: str, user_ids: list[str]) -> None:
    from chalicelib.communities import target_follow_tables as store

    for user_id in user_ids:
        store.new(kind, target_id, community_id, user_id, 0.0).save()


def _audience(n: int = 2) -> tuple[str, list[str]]:
    """A community followed by `n` people; `n` more follow the project, of whom one follows
    the community too; `n` more the module, of whom one follows the project and one the
    community too: 3n distinct people."""
    community_id, by_community = seed_community(n)
    by_project = seed_people(n)
    by_module = seed_people(n)
    _follow_targets(community_id, "project", PROJECT, by_project + by_community[:1])
    _follow_targets(community_id, "module", MODULE,
                    by_module + by_project[:1] + by_community[1:2])
    return community_id, by_community + by_project + by_module


@pytest.mark.parametrize("limit", [1, 2, 500])
def test_the_pages_yield_each_follower_once(aws, limit):
    from chalicelib.communities import audiences

    community_id, everyone = _audience()
    got = list(audiences.following(community_id, PROJECT, MODULE, limit=limit))
    assert sorted(got) == sorted(everyone)
    assert len(got) == len(set(got))
    # A page is a function of its state: redelivered, it is the same page.
    page = {"phase": "m"}
    assert audiences.following_page(community_id, PROJECT, MODULE, limit=2, page=page) == \
        audiences.following_page(community_id, PROJECT, MODULE, limit=2, page=page)
    # Without a project or module named, the community's followers alone.
    assert sorted(audiences.following(community_id, limit=limit)) == sorted(everyone[:2])


def test_a_page_state_it_did_not_make_fails_the_message(aws):
    from chalicelib.communities import audiences

    with pytest.raises(ValueError):
        audiences.following_page("C", None, None, limit=2, page={"phase": "x"})


def _publish(community_id: str, title: str) -> str:
    from chalicelib.notifications import notifications
    from chalicelib.platform import notices

    return notifications.publish("module.results", "followed",
                                 notices.followers(community_id, PROJECT, MODULE),
                                 community_id=community_id,
                                 subject={"type": "module", "id": MODULE},
                                 data={"title": {"en": title}, "url": "/modules/x"})


def _in_app(event_id: str) -> list[str]:
    from chalicelib.notifications.notification_tables import Notification

    return [n.user_id for n in Notification.scan() if n.notification_id == event_id]


def test_a_fanout_stopped_at_any_call_reaches_every_follower_once(aws, sent_mail,
                                                                   monkeypatch):
    from chalicelib.notifications import delivery

    monkeypatch.setattr(delivery, "FANOUT_PAGE", 2)  # several pages per phase
    community_id, everyone = _audience()

    def check(event_id: str, cut: int, stopped: bool) -> None:
        until_quiet()
        assert sorted(_in_app(event_id)) == sorted(everyone), f"cut {cut}"
        mails = Counter(m["To"] for m in sent_mail() if f"Results {cut}" in str(m))
        assert len(mails) == len(everyone) and max(mails.values()) <= 2, f"cut {cut}"

    runs = stop_at_each_call(lambda cut: _publish(community_id, f"Results {cut}"),
                             lambda _: run_queues(), check, every=5)
    assert runs >= 4


def test_a_fanout_delivered_twice_notifies_nobody_twice(aws, sent_mail):
    community_id, everyone = _audience()
    event_id = _publish(community_id, "Results twice")
    fan_out = handler("fan_out_notifications")
    first = receive("notify")
    assert len(first) == 1
    fan_out(sqs_event(first), None)
    fan_out(sqs_event(first), None)  # SQS delivers it again: the page is claimed
    deliveries = receive("deliver")
    send = handler("send_notifications")
    send(sqs_event(deliveries), None)
    send(sqs_event(deliveries), None)  # and the deliveries too: the people are claimed
    run_queues()
    assert sorted(_in_app(event_id)) == sorted(everyone)
    mails = Counter(m["To"] for m in sent_mail() if "Results twice" in str(m))
    assert len(mails) == len(everyone) and set(mails.values()) == {1}


