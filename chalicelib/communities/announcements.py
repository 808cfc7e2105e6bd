"""Updates (news) and events that community admins publish to followers. Publishing stores
the item and enqueues one notification event for the community's followers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.communities.visibility_rules import require_admin
from chalicelib.platform import clock, i18n, ids, notices, sanitise, video_rules
from chalicelib.platform.dynamo.transactions import Transaction
from chalicelib.platform.errors import ValidationFailed

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.principal import Principal

MAX_EVENT_SPAN = 366 * 24 * 3600


def check_event_times(starts_at: float, ends_at: float) -> None:
    if ends_at < starts_at:
        raise ValidationFailed.field("ends_at", "must not be before starts_at")
    if ends_at - starts_at > MAX_EVENT_SPAN:
        raise ValidationFailed.field("ends_at", "an event lasts at most a year")


def _videos(urls: list[str] | None) -> list[str] | None:
    return video_rules.stored(video_rules.normalise(urls)) if urls else None


def present_update(update: Any, scope: Scope) -> dict[str, Any]:
    title, used = scope.text(update.title)
    body, _ = i18n.pick(update.body, used or scope.locale, scope.community.default_locale)
    return {"id": update.update_id, "community_id": update.community_id,
            "project_id": update.project_id, "title": title,
            "body": body, "locale": used, "videos": video_rules.answered(update.videos),
            "created_at": clock.iso(update.created_at)}


def present_event(event: Any, scope: Scope) -> dict[str, Any]:
    title, used = scope.text(event.title)
    description, _ = i18n.pick(event.description, used or scope.locale,
                               scope.community.default_locale)
    return {"id": event.event_id, "community_id": event.community_id,
            "project_id": event.project_id, "title": title,
            "description": description, "locale": used, "place": event.place,
            "starts_at": clock.iso(event.starts_at), "ends_at": clock.iso(event.ends_at),
            "videos": video_rules.answered(event.videos),
            "created_at": clock.iso(event.created_at)}


def _admin_scope(community_id: str, principal: Principal, body: Any,
                 accept_language: str) -> Scope:
    """The community, for one of its admins, and the project the news names (a project of
    another community, or none, is a 400 naming `project_id`), in one BatchGetItem."""
    from chalicelib.communities.scope import authorise, project_key, project_of

    project_id = getattr(body, "project_id", None)
    scope = authorise(community_id, principal, accept_language, [project_key(project_id)])
    require_admin(scope.viewer)
    if project_id:
        project = project_of(scope.found, project_id)
        if project is None or project.community_id != community_id:
            raise ValidationFailed.field("project_id", "is not a project of this community")
        scope.project = project
    return scope


def publish_update(community_id: str, principal: Principal, body: Any,
                   accept_language: str) -> dict[str, Any]:
    from chalicelib.communities.announcement_tables import Update

    scope = _admin_scope(community_id, principal, body, accept_language)
    locale = scope.writing_locale()
    update = Update(community_id, ids.new_id(),
                    title=i18n.as_map(body.title, field="title", locale=locale,
                                      clean=sanitise.plain_cleaner(200)),
                    body=i18n.as_map(body.body, field="body", locale=locale,
                                     clean=sanitise.rich_cleaner()),
                    videos=_videos(body.videos), project_id=body.project_id,
                    created_by=principal.user_id, created_at=clock.now())
    tx = Transaction().put("update", update, condition=Update.update_id.does_not_exist())
    notices.publish_in(tx, kind="community.update", category="followed",
                       audience=notices.followers(community_id, body.project_id),
                       community_id=community_id,
                       subject={"type": "update", "id": update.update_id},
                       actor_id=principal.user_id,
                       data={"title": notices.plain_map(update.title),
                             "url": notices.url(f"/communities/{community_id}/updates/"
                                                f"{update.update_id}")})
    tx.commit()  # a new id: nothing can fail
    return present_update(update, scope)


def list_updates(community_id: str, principal: Principal | None, accept_language: str,
                 limit: int, cursor: str | None) -> dict[str, Any]:
    from chalicelib.communities.announcement_tables import Update
    from chalicelib.communities.scope import authorise
    from chalicelib.platform.dynamo import cursors

    scope = authorise(community_id, principal, accept_language)
    shape = {"community_id": "S", "update_id": "S"}
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), shape, {"community_id": community_id})
    result = Update.query(community_id, scan_index_forward=False, limit=limit,
                          last_evaluated_key=start)
    items = [present_update(u, scope) for u in result]
    last = result.last_evaluated_key
    return {"items": items, "next_cursor": cursors.encode({"k": last}) if last else None}


def publish_event(community_id: str, principal: Principal, body: Any,
                  accept_language: str) -> dict[str, Any]:
    from chalicelib.communities.announcement_tables import Event

    scope = _admin_scope(community_id, principal, body, accept_language)
    starts_at, ends_at = body.starts_at.timestamp(), body.ends_at.timestamp()
    check_event_times(starts_at, ends_at)
    locale = scope.writing_locale()
    event = Event(community_id, ids.new_id(),
                  title=i18n.as_map(body.title, field="title", locale=locale,
                                    clean=sanitise.plain_cleaner(200)),
                  description=i18n.as_map(body.description, field="description",
                                          locale=locale, clean=sanitise.rich_cleaner()),
                  place=sanitise.plain(body.place, "place", max_length=300)
                  if body.place else None,
                  starts_at=starts_at, ends_at=ends_at, videos=_videos(body.videos),
                  project_id=body.project_id, created_by=principal.user_id,
                  created_at=clock.now())
    tx = Transaction().put("event", event, condition=Event.event_id.does_not_exist())
    notices.publish_in(tx, kind="community.event", category="followed",
                       audience=notices.followers(community_id, body.project_id),
                       community_id=community_id,
                       subject={"type": "event", "id": event.event_id},
                       actor_id=principal.user_id,
                       data={"title": notices.plain_map(event.title),
                             "starts_at": clock.iso(starts_at), "ends_at": clock.iso(ends_at),
                             "place": sanitise.unescaped(event.place) if event.place else None,
                             "url": notices.url(f"/communities/{community_id}/events/"
                                                f"{event.event_id}")})
    tx.commit()  # a new id: nothing can fail
    return present_event(event, scope)


def list_events(community_id: str, principal: Principal | None, accept_language: str,
                when: str, limit: int, cursor: str | None) -> dict[str, Any]:
    """Upcoming events (not over yet), soonest ending first; or past ones, latest first."""
    from chalicelib.communities.announcement_tables import Event
    from chalicelib.communities.scope import authorise
    from chalicelib.platform.dynamo import cursors

    scope = authorise(community_id, principal, accept_language)
    shape = {"community_id": "S", "event_id": "S", "ends_at": "N"}
    state = cursors.decode(cursor) or {}
    if state and state.get("w") != when:
        raise ValidationFailed.field("cursor", "belongs to another list")
    start = cursors.checked_key(state.get("k"), shape, {"community_id": community_id})
    now = clock.now()
    if when == "upcoming":
        # A cursor's key must lie inside the key condition: an event of the previous page
        # may have ended since.
        low = min(now, float(start["ends_at"]["N"])) if start else now
        condition = Event.ends_at >= low
    else:
        condition = Event.ends_at < now
    result = Event.by_end.query(community_id, condition, scan_index_forward=when == "upcoming",
                                limit=limit, last_evaluated_key=start)
    items = [present_event(e, scope) for e in result]
    last = result.last_evaluated_key
    return {"items": items,
            "next_cursor": cursors.encode({"w": when, "k": last}) if last else None}
