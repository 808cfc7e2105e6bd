"""Notification events this area causes (updates, events, new modules, and interactions with
a person's contributions), in the contract of docs/architecture.md. The API only enqueues;
the pipeline expands the audience and delivers as each person's settings allow.

`publish_in(tx, ...)` promises the event in the transaction of the change that causes it
(the outbox): written together or not at all, and delivered even if the process stops
right after."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib.platform import ids
from chalicelib.platform.dynamo.attribute_values import as_dict


def event(*, kind: str, category: str, audience: dict[str, Any], community_id: str | None,
          subject: dict[str, str], actor_id: str | None, data: dict[str, Any],
          event_id: str | None = None) -> dict[str, Any]:
    """A notification event. A caller that may send the same notice twice (a retried
    scheduled run) fixes `event_id` in advance: the pipeline delivers an event id once per
    person."""
    return {"event_id": event_id or ids.new_id(), "kind": kind, "category": category,
            "audience": audience, "community_id": community_id, "subject": subject,
            "actor_id": actor_id, "data": data}


def publish_in(tx: Any, **fields: Any) -> dict[str, Any] | None:
    """Add the event to `tx` (a `Transaction`); None when it has nobody to tell (an explicit
    audience of the actor alone)."""
    from chalicelib.platform.aws import queues

    message = event(**fields)
    audience = message["audience"]
    ids_ = audience.get("user_ids")
    if ids_ is not None:
        ids_ = [u for u in ids_ if u and u != message["actor_id"]]  # never the actor
        if not ids_:
            return None
        audience["user_ids"] = ids_
    tx.publish(queues.NOTIFY, message)
    return message


def followers(community_id: str, project_id: str | None = None,
              module_id: str | None = None) -> dict[str, Any]:
    """The audience "everyone following this module, its project or its community, once"
    (the pipeline pages it through `communities.audiences.following_page`)."""
    if project_id is None and module_id is None:
        return {"followers_of": community_id}
    return {"following": {"community": community_id, "project": project_id,
                          "module": module_id}}


def plain_map(texts: Mapping[str, Any] | None) -> dict[str, str]:
    """Stored (HTML-escaped) texts back to plain text: templates escape for themselves."""
    from chalicelib.platform.sanitise import unescaped

    return {k: unescaped(str(v)) for k, v in as_dict(texts).items()}


def url(path: str) -> str:
    from chalicelib.platform.config import settings

    return settings().frontend_url + path
