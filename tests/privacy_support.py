"""Helpers for privacy tests and the bench: a person who published many items, written in
bulk straight to storage, and the erasure and export queues driven the way Lambda drives
them, counting only the handlers' own AWS calls."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tests.notify_support import delete, handler, receive, sqs_event

PASSWORD = "a perfectly long passphrase"
HANDLERS = {"erasure": "erase_account", "exports": "build_export"}


def seed_author(items: int, *, comments: int | None = None) -> str:
    """A person with a password and a session, who published `items` contributions in one
    ideas module (each with its thread head and the author's seen mark, as `create` writes
    them), `comments` comments (default: as many) on them, and who follows and upvoted."""
    from chalicelib.communities.community_tables import Community, Follow
    from chalicelib.communities.project_tables import Project
    from chalicelib.contributions.comment_tables import Comment, head_of
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.contributions.mark_tables import Mark, contribution_key, module_key
    from chalicelib.modules.module_tables import Module
    from chalicelib.platform import clock, ids
    from tests.support import create_user

    now = clock.now()
    user_id, _ = create_user(name="Prolific Person", pseudonym=f"p{ids.new_id()[-8:]}",
                             password=PASSWORD)
    community_id, project_id, module_id = ids.new_id(), ids.new_id(), ids.new_id()
    Community(community_id, name={"en": "Bench"}, created_at=now, follower_count=1).save()
    Project(project_id, community_id=community_id, title={"en": "P"}, created_at=now,
            module_count=1).save()
    Module(module_id, community_id=community_id, project_id=project_id, type="ideas",
           title={"en": "M"}, opens_at=now - 60, closes_at=now + 86400, created_at=now,
           contribution_count=items, retention="consultation").save()
    Follow(community_id, user_id, followed_at=now).save()
    made = []
    with Contribution.batch_write() as contributions, Comment.batch_write() as heads, \
            Mark.batch_write() as marks:
        for n in range(items):
            c = Contribution(ids.new_id(), community_id=community_id, project_id=project_id,
                             module_id=module_id, module_type="ideas", author_id=user_id,
                             display="name", title={"en": f"Idea {n}"},
                             body={"en": "<p>Some text</p>"}, created_at=now + n,
                             feed_module_id=module_id, feed_community_id=community_id,
                             upvote_count=1, engagement=1)
            made.append(c)
            contributions.save(c)
            heads.save(head_of(c))
            marks.save(Mark(user_id, contribution_key(c.contribution_id), seen_at=now,
                            upvoted_at=now, module_id=module_id))
        marks.save(Mark(user_id, module_key(module_id), seen_count=items, module_id=module_id))
    with Comment.batch_write() as batch:
        for n in range(items if comments is None else comments):
            c = made[n % len(made)] if made else None
            if c is None:
                break
            batch.save(Comment(ids.new_id(), contribution_id=c.contribution_id,
                               community_id=community_id, module_id=module_id,
                               thread_key=f"{n:06d}", author_id=user_id, display="name",
                               body={"en": "A comment"}, created_at=now + n,
                               thread_contribution_id=c.contribution_id))
    return user_id


def start_erasure(user_id: str) -> None:
    from chalicelib.identity import session_tables as sessions
    from chalicelib.privacy import erasure

    session_id = sessions.session_ids_of(user_id)[0]
    erasure.request_deletion(user_id, session_id, password=PASSWORD)


def run_queue(queue: str, counter: Counter[str] | None = None) -> tuple[int, list[int]]:
    """Deliver every message of `queue` to its handler, one message per invocation, until
    the queue is empty. Answers (messages handled, DynamoDB calls of each message); when
    `counter` is given, it adds the handlers' AWS calls."""
    from bench import counting

    handled, per_message = 0, []
    while True:
        messages = receive(queue, max_messages=1)
        if not messages:
            return handled, per_message
        with counting.counting() as calls:
            answer = handler(HANDLERS[queue])(sqs_event(messages), None)
        assert not answer.get("batchItemFailures"), answer
        if counter is not None:
            counter.update(calls)
        per_message.append(int(calls.get("dynamodb", 0)))
        delete(queue, messages)
        handled += 1


def erase(user_id: str, counter: Counter[str] | None = None) -> tuple[int, list[int]]:
    start_erasure(user_id)
    return run_queue("erasure", counter)


def export(user_id: str, counter: Counter[str] | None = None) -> tuple[int, list[int]]:
    from chalicelib.privacy import export as export_domain

    export_domain.request_export(user_id)
    return run_queue("exports", counter)


def warm_queue_urls() -> None:
    from chalicelib.platform.aws import queues

    for name in (queues.ERASURE, queues.EXPORTS, queues.NOTIFY):
        queues.queue_url(name)  # a warm Lambda knows the URLs already


def figures(counter: Counter[str]) -> dict[str, Any]:
    from bench import counting

    return counting.figures(counter)
