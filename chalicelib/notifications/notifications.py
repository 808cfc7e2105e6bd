"""Notifications: what an event is, who may get it by email, and the signed one-click
unsubscribe links.

The rules here are plain functions (tests call them directly). `publish` is the one function
the areas that cause notifications call: it builds an event of the contract in
docs/architecture.md ("Notification events") and enqueues it, one SQS call whatever the
audience's size; the pipeline (`chalicelib.notifications.delivery`) does the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.notifications.email_choice_rules import (
    ACCOUNT,
    CATEGORIES,
    DIGESTIBLE,
    Settings,
    read_unsubscribe_token,
    settings_change,
    settings_from,
    unsubscribe_change,
)
from chalicelib.platform import clock, ids
from chalicelib.platform.errors import NotFound, ValidationFailed
from chalicelib.platform.sanitise import escaped_leaves

KINDS = ("community.update", "community.event", "module.opened", "module.results",
         "contribution.comment", "comment.reply", "contribution.reaction", "contribution.upvote",
         "contribution.answer", "moderation.case",
         "moderation.outcome", "moderation.warning", "terms.published")
# `{"accounts": "all"}`: every account (new terms of use), fanned out page by page.
AUDIENCES = ("followers_of", "following", "user_ids", "moderators_of", "accounts")
LOCALES = ("en", "fr", "de", "es")

MAX_USER_IDS = 1000          # an explicit audience travels inside the event
MAX_DATA_BYTES = 8 * 1024    # keeps a batch of delivery messages under SQS's 256 KB
NOTIFICATION_TTL = 180 * 24 * 3600
DIGEST_HOUR_UTC = 7          # digests leave once a day, at this hour


class BadEvent(ValueError):
    """An event that breaks the contract. No retry can mend it: it ends in the DLQ."""


@dataclass(frozen=True)
class Event:
    event_id: str
    kind: str
    category: str
    audience: dict[str, Any]
    community_id: str | None = None
    subject: dict[str, Any] | None = None
    actor_id: str | None = None
    data: dict[str, Any] | None = None

    def as_message(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "kind": self.kind, "category": self.category,
                "audience": self.audience, "community_id": self.community_id,
                "subject": self.subject, "actor_id": self.actor_id, "data": self.data or {}}


def _is_str_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 64


def _check_following(value: Any) -> None:
    """`{community, project?, module?}`: the followers of any of them, each once."""
    if not isinstance(value, dict) or not set(value) <= {"community", "project", "module"}:
        raise BadEvent("audience.following names community, and maybe project and module")
    if not _is_str_id(value.get("community")):
        raise BadEvent("audience.following.community must be a community id")
    for name in ("project", "module"):
        if value.get(name) is not None and not _is_str_id(value[name]):
            raise BadEvent(f"audience.following.{name} must be an id or null")


def build_event(kind: str, category: str, audience: dict[str, Any], *,
                community_id: str | None = None, subject: dict[str, Any] | None = None,
                actor_id: str | None = None, data: dict[str, Any] | None = None,
                event_id: str | None = None) -> Event:
    """A valid event, or BadEvent saying what is wrong."""
    if kind not in KINDS:
        raise BadEvent(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if category not in CATEGORIES:
        raise BadEvent(f"category {category!r} is not one of {', '.join(CATEGORIES)}")
    if not isinstance(audience, dict) or len(audience) != 1:
        raise BadEvent("audience names exactly one of " + ", ".join(AUDIENCES))
    (key, value), = audience.items()
    from chalicelib.notifications import audience_sources

    known = (*AUDIENCES, *audience_sources.names())
    if key not in known:
        raise BadEvent("audience names exactly one of " + ", ".join(known))
    if key == "user_ids":
        if not isinstance(value, list) or not all(_is_str_id(v) for v in value):
            raise BadEvent("audience.user_ids must be a list of ids")
        if len(value) > MAX_USER_IDS:
            raise BadEvent(f"audience.user_ids holds at most {MAX_USER_IDS} ids")
    elif key == "following":
        _check_following(value)
    elif key == "accounts":
        if value != "all":
            raise BadEvent("audience.accounts must be \"all\"")
    elif not _is_str_id(value):
        raise BadEvent(f"audience.{key} must be an id")
    for name, optional in (("community_id", community_id), ("actor_id", actor_id)):
        if optional is not None and not _is_str_id(optional):
            raise BadEvent(f"{name} must be an id or null")
    if subject is not None and not isinstance(subject, dict):
        raise BadEvent("subject must be an object or null")
    if data is not None and not isinstance(data, dict):
        raise BadEvent("data must be an object or null")
    try:
        size = len(json.dumps(data or {}, separators=(",", ":")).encode())
    except (TypeError, ValueError) as exc:
        raise BadEvent(f"data must be JSON: {exc}") from None
    if size > MAX_DATA_BYTES:
        raise BadEvent(f"data is {size} bytes, at most {MAX_DATA_BYTES}")
    event_id = event_id if event_id is not None else ids.new_id(int(clock.now() * 1000))
    if not isinstance(event_id, str) or not ids.is_id(event_id):
        raise BadEvent("event_id must be an id made by ids.new_id()")
    return Event(event_id=event_id, kind=kind, category=category, audience=dict(audience),
                 community_id=community_id, subject=subject, actor_id=actor_id,
                 data=data or {})


def parse_event(message: Any) -> Event:
    """An event read from the queue (another area may have enqueued it by hand)."""
    if not isinstance(message, dict):
        raise BadEvent("an event is a JSON object")
    try:
        return build_event(message["kind"], message["category"], message["audience"],
                           community_id=message.get("community_id"),
                           subject=message.get("subject"), actor_id=message.get("actor_id"),
                           data=message.get("data"), event_id=message["event_id"])
    except KeyError as exc:
        raise BadEvent(f"the event lacks {exc.args[0]}") from None


def publish(kind: str, category: str, audience: dict[str, Any], *,
            community_id: str | None = None, subject: dict[str, Any] | None = None,
            actor_id: str | None = None, data: dict[str, Any] | None = None) -> str:
    """Enqueue a notification event for the pipeline; answer its event_id.

    One SQS call and no database call, whatever the audience's size: the fan-out handler
    expands the audience later, in bounded pages."""
    from chalicelib.platform.aws import queues

    event = build_event(kind, category, audience, community_id=community_id,
                        subject=subject, actor_id=actor_id, data=data)
    queues.publish(queues.NOTIFY, event.as_message())
    return event.event_id


# --- who gets what ----------------------------------------------------------------------

@dataclass(frozen=True)
class Recipient:
    user_id: str
    email: str | None
    locale: str
    status: str
    restrictions: dict[str, Any]
    settings: Settings
    platform_admin: bool = False


@dataclass(frozen=True)
class Plan:
    user_id: str
    in_app: bool
    email: bool = False
    digest: bool = False


def plan(category: str, person: Recipient, *, actor_id: str | None) -> Plan:
    """How one person hears of one event: in-app, by email now, or in tomorrow's digest."""
    if person.user_id == actor_id or person.status in ("deleting", "deleted"):
        return Plan(person.user_id, in_app=False)
    reachable = bool(person.email) and (
        person.status == "active" or (person.status == "suspended" and category == ACCOUNT))
    if not reachable or not person.settings.email_on(category):
        return Plan(person.user_id, in_app=True)
    if (category in DIGESTIBLE and person.settings.digest
            and not digest_restricted(person.restrictions)):
        return Plan(person.user_id, in_app=True, digest=True)
    return Plan(person.user_id, in_app=True, email=True)


def digest_restricted(restrictions: dict[str, Any] | None) -> bool:
    """A person who objected to the processing a digest needs is left out of digests."""
    return bool((restrictions or {}).get("digest"))


def recipients_of(user_ids: list[str], actor_id: str | None) -> list[str]:
    """Each id once, in order, never the actor."""
    seen: set[str] = set()
    out = []
    for user_id in user_ids:
        if user_id != actor_id and user_id not in seen:
            seen.add(user_id)
            out.append(user_id)
    return out


def chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[start:start + size] for start in range(0, len(items), size)]


def locale_of(value: str | None) -> str:
    return value if value in LOCALES else "en"


def localized(value: Any, locale: str) -> str:
    """A text given per locale ({"en": ..., "fr": ...}) in the reader's locale, or a fallback."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value:
        for key in (locale, "en"):
            if isinstance(value.get(key), str):
                return str(value[key])
        first = next((v for v in value.values() if isinstance(v, str)), "")
        return str(first)
    return ""


def one_line(text: str, limit: int = 200) -> str:
    """A mail subject: one line (a newline in a title must not break the headers), bounded."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def link_for(data: dict[str, Any], frontend_url: str) -> str:
    """Where an email points: the event's frontend path, never another site."""
    url = data.get("url") if isinstance(data, dict) else None
    if isinstance(url, str):
        if url.startswith("/") and not url.startswith("//"):
            return frontend_url + url
        if url.startswith(frontend_url + "/"):
            return url
    return frontend_url + "/notifications"


def digest_due(first_pending_at: float) -> float:
    """When a digest holding an item pending since `first_pending_at` leaves: the next
    DIGEST_HOUR_UTC o'clock, so a schedule firing more often than daily changes nothing."""
    moment = datetime.fromtimestamp(first_pending_at, tz=UTC)
    due = moment.replace(hour=DIGEST_HOUR_UTC, minute=0, second=0, microsecond=0)
    if due <= moment:
        due += timedelta(days=1)
    return due.timestamp()


def id_ceiling(at: float) -> str:
    """The greatest id made at or before `at`: "everything up to now" for read marks."""
    return ids.new_id(int(at * 1000))[:10] + "Z" * 16


# --- what the routes do -----------------------------------------------------------------

def current_settings(user_id: str) -> dict[str, bool]:
    from chalicelib.notifications import notification_tables as store

    stored = store.get_settings(user_id)
    return settings_from(stored.choices() if stored else None).as_dict()


def change_settings(user_id: str, requested: dict[str, bool | None]) -> dict[str, bool]:
    from chalicelib.notifications import notification_tables as store

    item = store.set_choices(user_id, settings_change(requested))
    return settings_from(item.choices()).as_dict()


def list_notifications(user_id: str, *, locale: str | None, limit: int,
                       cursor: str | None, platform_admin: bool = False) -> dict[str, Any]:
    """Newest first, with read state: a GetItem (the read-all mark), one Query, and one
    BatchGetItem when the page names communities (a community the reader may no longer see
    keeps its notifications out of the list)."""
    from chalicelib.notifications import notification_tables as store
    from chalicelib.notifications import reach
    from chalicelib.platform.dynamo import cursors

    before = (cursors.decode(cursor) or {}).get("before")
    if before is not None and not (isinstance(before, str) and ids.is_id(before)):
        raise ValidationFailed.field("cursor", "does not belong to this list")
    stored = store.get_settings(user_id)
    read_through = stored.read_through if stored else None
    rows, last = store.list_page(user_id, limit=limit, before=before)
    now = clock.now()
    live = [row for row in rows if row.is_live(now)]
    if len(live) < len(rows):
        rows, last = live, None  # the list is newest first: all that follows expired too
    rows = reach.still_visible(user_id, rows, platform_admin=platform_admin)
    lang = locale_of(locale)
    items = []
    for row in rows:
        # Data is kept as plain text for email templates (which escape for themselves);
        # answers return it escaped like every text (docs/text-fields.md).
        data = escaped_leaves(row.data.as_dict() if row.data else {})
        items.append({
            "id": row.notification_id, "kind": row.kind, "category": row.category,
            "community_id": row.community_id,
            "subject": row.subject.as_dict() if row.subject else None,
            "title": localized(data.get("title"), lang),
            "url": raw_url if isinstance(raw_url := (row.data.as_dict() if row.data else {})
                                       .get("url"), str) else None,
            "data": data, "created_at": clock.iso(row.created_at),
            "read": bool(row.read) or bool(read_through and row.notification_id <= read_through),
        })
    return {"items": items, "next_cursor": cursors.encode({"before": last}) if last else None}


def mark_read(user_id: str, notification_ids: list[str] | None, *, everything: bool) -> None:
    """Mark the named notifications read (a BatchGet and a BatchWrite), or all of them (one
    conditional update of the read-all mark, whatever their number)."""
    from chalicelib.notifications import notification_tables as store

    if everything:
        store.mark_all_read(user_id, id_ceiling(clock.now()))
        return
    unread = [n for n in store.existing(user_id, notification_ids or []) if not n.read]
    for item in unread:
        item.read = True
    store.write_notifications(unread)


def unsubscribe(token: str, *, confirm: bool) -> tuple[str, str]:
    """(category, locale) of a genuine link; with `confirm`, that category's email is off.
    Unknown or erased people answer 404 like a forged link."""
    from chalicelib.identity import accounts
    from chalicelib.notifications import notification_tables as store
    from chalicelib.platform.aws.secrets import secret

    user_id, category = read_unsubscribe_token(token, key=secret("link_signing_key"))
    user = accounts.many([user_id], ["status", "locale"]).get(user_id)
    if accounts.is_gone(user):
        raise NotFound("This unsubscribe link is not valid.")
    if confirm:
        store.set_choices(user_id, unsubscribe_change(category))
    return category, locale_of(user.locale)
