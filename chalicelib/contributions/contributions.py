"""Contributions: what people post in a module (arguments, ideas, budget proposals, map
reports), and the rules of each module type for them.

An author's id is kept on the item (edits, erasure, export, moderation) and never shown: an
answer carries `author: {display_name}` and, for the caller's own items, `is_author: true`.
Opening a contribution marks it seen for the caller (the `unread` feed puts unseen first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.communities.visibility_rules import may_edit, moderates
from chalicelib.contributions import geo_rules as geo
from chalicelib.identity import accounts
from chalicelib.identity import author_rules as authors
from chalicelib.platform import clock, i18n, ids, sanitise, video_rules
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import (
    Conflict,
    Forbidden,
    NotFound,
    Unprocessable,
    ValidationFailed,
)

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.principal import Principal

TITLE_REQUIRED = ("ideas", "budget")
ATTACHMENT_URL_TTL = 3600


# ---- rules -------------------------------------------------------------------------------

def check_type_fields(module_type: str, *, stance: str | None, location: Any,
                      cost: int | None, title: Any, creating: bool) -> None:
    """400 naming the field when a contribution lacks what its module type needs, or brings
    what it does not take."""
    from chalicelib.modules import budget_rules as budget
    from chalicelib.modules import debate_rules as debate

    if module_type == "questionnaire":
        raise Unprocessable("Questionnaires take responses, not contributions.",
                            code="wrong_module_type")
    debate.check_stance(module_type, stance, required=creating)
    if creating and module_type == "map" and location is None:
        raise ValidationFailed.field("location", "map contributions need a location")
    if module_type == "budget" and (creating or cost is not None):
        budget.check_cost(cost)
    if creating and module_type in TITLE_REQUIRED and not title:
        raise ValidationFailed.field("title", f"{module_type} contributions need a title")


def attachment_list(c: Any, *, mine: bool) -> list[dict[str, Any]]:
    """Checked attachments with a download link; the author also sees pending ones."""
    from chalicelib.platform.aws import media

    out = []
    for upload_id, raw in sorted(as_dict(c.attachments).items()):
        entry = as_dict(raw)
        ready = entry.get("status") == "ready"
        if not ready and not mine:
            continue
        out.append({"id": upload_id, "name": entry.get("name", ""),
                    "content_type": entry.get("content_type", ""),
                    "status": "ready" if ready else "pending",
                    "url": media.download_url(entry["key"], ATTACHMENT_URL_TTL)
                    if ready and entry.get("key") else None})
    return out


def counts(c: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "upvotes": int(c.upvote_count or 0),
        "comments": int(c.comment_count or 0),
        "reactions": {k: int(v) for k, v in as_dict(c.reactions).items() if int(v) > 0},
    }
    if c.votes is not None:
        out["votes"] = int(c.votes)
    return out


def present(c: Any, scope: Scope, found: Any, *, seen: bool | None = None,
            viewer: dict[str, Any] | None = None) -> dict[str, Any]:
    title, used = scope.text(c.title)
    body, _ = i18n.pick(c.body, used or scope.locale, scope.community.default_locale)
    mine = scope.viewer.user_id is not None and scope.viewer.user_id == c.author_id
    out: dict[str, Any] = {
        "id": c.contribution_id,
        "module_id": c.module_id,
        "project_id": c.project_id,
        "community_id": c.community_id,
        "module_type": c.module_type,
        "title": title,
        "body": body,
        "locale": used,
        "author": accounts.author_of(c, found),
        "is_author": mine,
        "created_at": clock.iso(c.created_at),
        "updated_at": clock.iso(c.updated_at) if c.updated_at else None,
        "hidden": bool(c.hidden),
        "stance": c.stance,
        "cost": int(c.cost) if c.cost is not None else None,
        "location": ({"lat": float(c.location["lat"]), "lon": float(c.location["lon"])}
                     if c.location else None),
        "attachments": attachment_list(c, mine=mine),
        "videos": video_rules.answered(c.videos),
        "counts": counts(c),
        "status": c.answer_status,
        "answer": answered(c, scope),
    }
    if seen is not None:
        out["seen"] = seen
    if viewer is not None:
        out["viewer"] = viewer
    if mine or moderates(scope.viewer):
        out["translations"] = {"title": as_dict(c.title), "body": as_dict(c.body)}
    return out


def answered(c: Any, scope: Scope) -> dict[str, Any] | None:
    """The official answer, its text in the reader's locale."""
    from chalicelib.contributions import answer_rules

    stored = as_dict(c.answer)
    if not stored:
        return None
    text, _ = i18n.pick(as_dict(stored.get("text")), scope.locale,
                        scope.community.default_locale)
    return answer_rules.shown(stored, text, clock.iso(float(stored["answered_at"])))


def viewer_block(mark: Any) -> dict[str, Any]:
    return {
        "upvoted": bool(mark and mark.upvoted_at),
        "reactions": sorted(mark.reactions or []) if mark else [],
        "favorite": bool(mark and mark.favorite_at),
        "seen": bool(mark and mark.seen_at),
    }


# ---- routes' work ------------------------------------------------------------------------

def create(module_id: str, principal: Principal, body: Any,
           accept_language: str) -> dict[str, Any]:
    from chalicelib.communities import demographics
    from chalicelib.communities.scope import authorise
    from chalicelib.contributions import attachments
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.contributions import mark_tables as marks
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.modules import module_access, modules, phase_rules
    from chalicelib.platform import activities as activity
    from chalicelib.platform.dynamo.transactions import Transaction

    module = module_access.load(module_id)
    scope = authorise(module.community_id, principal, accept_language,
                      [accounts.key(principal.user_id),
                       *demographics.keys(module.community_id, principal.user_id)], "module")
    scope.module = module
    user = accounts.of(scope.found, principal.user_id)
    accounts.require_participant(user)
    location = body.location
    check_type_fields(module.type, stance=body.stance, location=location, cost=body.cost,
                      title=body.title, creating=True)
    now = clock.now()
    modules.require_open(module, now)
    phase_rules.require_posting(phase := module_access.phase(module))
    locale = scope.writing_locale()
    contribution_id = ids.new_id()
    c = Contribution(
        contribution_id, community_id=module.community_id, project_id=module.project_id,
        module_id=module_id, module_type=module.type, author_id=principal.user_id,
        community_visibility=scope.community.visibility,
        display=authors.display_choice(body.display, user),
        title=i18n.as_map(body.title, field="title", locale=locale,
                          clean=sanitise.plain_cleaner(200)),
        body=i18n.as_map(body.body, field="body", locale=locale,
                         clean=sanitise.rich_cleaner()),
        locale=locale, stance=body.stance if module.type == "debate" else None,
        cost=body.cost, created_at=now, reactions={},
        votes=0 if module.type == "budget" else None,
    )
    _place_and_videos(c, body, module.type)
    uploads = attachments.plan(contribution_id, body.attachments or [])
    c.attachments = {u["id"]: u["record"] for u in uploads}
    tx = Transaction()
    store.add_new(tx, c)
    module_access.count_contribution(tx, module_id, c.stance, 1, open_at=now,
                                     phase=phase if module.type == "budget" else ...)
    marks.seen_in(tx, principal.user_id, contribution_id, module_id, now, first=False)
    activity.record_in(tx, "contribution", community_id=c.community_id, module_id=module_id,
                       user_id=principal.user_id, key=contribution_id, at=now)
    if "module" in tx.commit():  # it closed (or its phase moved) since the check above
        if module_access.phase(module_access.load(module_id)) != phase:
            raise phase_rules.WrongPhase("The budget's phase changed: no new ideas now.")
        raise Unprocessable("This module is not open for participation.",
                            code="module_closed")
    out = present(c, scope, scope.found, seen=True)
    out["uploads"] = [u["upload"] for u in uploads]
    out["demographics_pending"] = demographics.pending_in(
        scope.found, module.community_id, principal.user_id, user)
    return out


def _place_and_videos(c: Any, body: Any, module_type: str) -> None:
    """A new contribution's location (and map cell) and video links, checked."""
    if body.location is not None:
        lat, lon = geo.check_point(body.location.lat, body.location.lon)
        c.location = {"lat": lat, "lon": lon}
        if module_type == "map":
            c.geohash = geo.encode(lat, lon)
    if body.videos:
        c.videos = video_rules.stored(video_rules.normalise(body.videos))


def get(contribution_id: str, principal: Principal | None, accept_language: str, limit: int,
        cursor: str | None) -> dict[str, Any]:
    """The contribution with its first page of comments, in three DynamoDB calls at most
    (besides the session check): one Query of its thread (its head, then comments), one
    BatchGetItem (the contribution, its community and module, the caller's membership and
    marks, every author shown), and, the first time the caller opens it, the write that
    marks it seen."""
    from chalicelib.communities.scope import authorise
    from chalicelib.contributions import comments, content_access
    from chalicelib.contributions import mark_tables as marks
    from chalicelib.contributions.mark_tables import Mark
    from chalicelib.modules import module_access

    head, page, next_cursor = comments.page(contribution_id, limit, cursor)
    community_id, module_id, author_key = comments.head_keys(contribution_id, head)
    user_id = principal.user_id if principal else None
    extra: list[Any] = [content_access.key(contribution_id), module_access.key(module_id),
                        author_key]
    if user_id:
        extra.append((Mark, user_id, marks.contribution_key(contribution_id)))
    extra += accounts.author_keys(page)
    scope = authorise(community_id, principal, accept_language, extra, "contribution")
    c = content_access.of(scope.found, contribution_id)
    if c is None or c.deleted:
        raise NotFound("No such contribution.")
    content_access.require_sees(c, scope)
    scope.contribution = c
    scope.module = module_access.of(scope.found, c.module_id)
    wanted = accounts.author_keys([c])
    if wanted and wanted[0] != author_key:  # a head out of step (never, through `edit`)
        from chalicelib.platform.dynamo.batch_get import get_many

        scope.found.merge(get_many(wanted))
    mark = scope.found.get(Mark, user_id, marks.contribution_key(contribution_id)) \
        if user_id else None
    viewer = None
    if user_id:
        viewer = viewer_block(mark)
        if not viewer["seen"] and c.visible:
            marks.mark_seen(user_id, c.contribution_id, c.module_id, clock.now())
            viewer["seen"] = True
    out = present(c, scope, scope.found, seen=viewer["seen"] if viewer else None,
                  viewer=viewer)
    out["comments"] = {"items": [comments.present(m, scope, scope.found) for m in page],
                       "next_cursor": next_cursor}
    return out


def patch(contribution_id: str, principal: Principal, body: Any,
          accept_language: str) -> dict[str, Any]:
    """The author (while the module is open) or a moderator edits. A budget idea's cost
    cannot change once it has votes."""
    from chalicelib.contributions import content_access
    from chalicelib.modules import modules

    scope = content_access.contribution_scope(contribution_id, principal, accept_language,
                                              [accounts.key(principal.user_id)])
    c, module = scope.contribution, scope.module
    if not may_edit(author_id=c.author_id, viewer=scope.viewer):
        raise Forbidden("Only the author or a moderator may edit this.", code="not_author")
    is_author = c.author_id == principal.user_id
    if is_author and not moderates(scope.viewer):
        modules.require_open(module, clock.now())
    check_type_fields(module.type, stance=body.stance, location=body.location,
                      cost=body.cost, title=None, creating=False)
    old_stance, old_display = c.stance, c.display
    values = _edits(body, c, module.type, scope, is_author)
    if "cost" in values:
        from chalicelib.modules import module_access, phase_rules

        phase_rules.require_cost_edit(module_access.phase(module))
    if values:
        c.updated_at = values["updated_at"] = clock.now()
        _apply_edit(c, values, old_stance=old_stance, display_changed=c.display != old_display,
                    unvoted=module.type == "budget" and "cost" in values)
    return present(c, scope, scope.found)


def _edits(body: Any, c: Any, module_type: str, scope: Scope,
           is_author: bool) -> dict[str, Any]:
    """The attributes an edit changes (applied to `c` as well), checked and cleaned."""
    values: dict[str, Any] = {}
    locale = scope.writing_locale()
    if body.title is not None:
        values["title"] = {**as_dict(c.title), **i18n.as_map(
            body.title, field="title", locale=locale, clean=sanitise.plain_cleaner(200))}
    if body.body is not None:
        values["body"] = {**as_dict(c.body), **i18n.as_map(
            body.body, field="body", locale=locale, clean=sanitise.rich_cleaner())}
    if "display" in body.model_fields_set and body.display is not None:
        if not is_author:
            raise Forbidden("Only the author chooses how they are shown.", code="not_author")
        values["display"] = authors.display_choice(body.display,
                                           accounts.of(scope.found, scope.viewer.user_id))
    if body.stance is not None and body.stance != c.stance:
        values["stance"] = body.stance
    if body.location is not None:
        lat, lon = geo.check_point(body.location.lat, body.location.lon)
        values["location"] = {"lat": lat, "lon": lon}
        if module_type == "map":
            values["geohash"] = geo.encode(lat, lon)
    if body.cost is not None and body.cost != c.cost:
        values["cost"] = body.cost
    if body.videos is not None:
        values["videos"] = video_rules.stored(video_rules.normalise(body.videos))
    for name, value in values.items():
        setattr(c, name, value)
    return values


def _apply_edit(c: Any, values: dict[str, Any], *, old_stance: str | None,
                display_changed: bool, unvoted: bool) -> None:
    """One transaction: the edit; the thread head when the author's display changed; a
    visible debate contribution that changes stance moves one count between the module's
    stances."""
    from chalicelib.contributions import comment_tables, content_access
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.modules import module_access
    from chalicelib.platform.dynamo.transactions import Transaction

    tx = Transaction()
    store.edit_in(tx, c, values, unvoted=unvoted)
    if unvoted:
        module_access.unvoted_in(tx, c, _price(c))
    if display_changed:
        tx.put("head", comment_tables.head_of(c))
    if c.stance != old_stance and c.visible and old_stance is not None:
        module_access.move_stance(tx, c.module_id, old_stance, c.stance)
    if not tx.commit():
        return
    current = content_access.get(c.contribution_id)
    if current is None or current.deleted:
        raise NotFound("No such contribution.")
    if unvoted and module_access.votes_of(current) != 0:
        raise Conflict("This idea has votes: its cost can no longer change.",
                       code="idea_has_votes")
    raise Conflict("This contribution changed meanwhile; try again.",
                   code="contribution_changed")


def _price(c: Any) -> int:
    from chalicelib.modules.phase_rules import ballot_cost

    return ballot_cost(c.cost, as_dict(c.answer).get("cost"))


def delete(contribution_id: str, principal: Principal) -> None:
    from chalicelib.contributions import content_access
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.modules import module_access
    from chalicelib.platform.aws import media
    from chalicelib.platform.dynamo.transactions import Transaction

    scope = content_access.contribution_scope(contribution_id, principal, "")
    c = scope.contribution
    if not may_edit(author_id=c.author_id, viewer=scope.viewer):
        raise Forbidden("Only the author or a moderator may delete this.", code="not_author")
    keys = [as_dict(a).get("key") for a in as_dict(c.attachments).values()]
    tx = Transaction()
    store.delete_in(tx, c, clock.now())
    if c.visible:
        module_access.count_contribution(tx, c.module_id, c.stance, -1)
    if not tx.commit():
        media.delete([k for k in keys if k])
