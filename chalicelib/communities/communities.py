"""Communities: creation by platform admins, customisation by their admins, membership
(roles), private access codes, follows.

A private community's access code is shown once, when an admin rotates it, and stored only
as a keyed hash. Joining with a wrong code answers 404, exactly like an unknown community.
Counters (members, admins, followers) change in the same transaction as the relation, and a
community always keeps at least one admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.communities.access_code_rules import hash_code, new_access_code
from chalicelib.communities.visibility_rules import administers, require_admin
from chalicelib.platform import clock, i18n, ids, sanitise
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import ValidationFailed

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.principal import Principal

IMAGE_URL_TTL = 3600


# ---- rules -------------------------------------------------------------------------------


def check_languages(languages: list[str], default: str) -> tuple[list[str], str]:
    unknown = [loc for loc in languages if loc not in i18n.supported()]
    if unknown:
        raise ValidationFailed.field(
            "languages", f"unsupported: {', '.join(unknown)} (use {', '.join(i18n.supported())})")
    unique = list(dict.fromkeys(languages))
    if default not in unique:
        raise ValidationFailed.field("default_locale", "must be one of the languages")
    return unique, default


# ---- reads -------------------------------------------------------------------------------

def image_url(key: str | None) -> str | None:
    if not key:
        return None
    from chalicelib.platform.aws import media

    return media.download_url(key, IMAGE_URL_TTL)


def present(community: Any, scope_locale: str, *, role: str | None = None,
            following: bool = False, admin: bool = False,
            viewer: bool = True) -> dict[str, Any]:
    name, used = i18n.pick(community.name, scope_locale, community.default_locale)
    description, _ = i18n.pick(community.description, used or scope_locale,
                               community.default_locale)
    out: dict[str, Any] = {
        "id": community.community_id,
        "name": name,
        "description": description,
        "locale": used,
        "visibility": community.visibility,
        "languages": list(community.languages or []),
        "default_locale": community.default_locale,
        "logo_url": image_url(community.logo_key),
        "cover_url": image_url(community.cover_key),
        "member_count": int(community.member_count or 0),
        "follower_count": int(community.follower_count or 0),
        "created_at": clock.iso(community.created_at),
    }
    if viewer:
        out["viewer"] = {"role": role, "following": following}
    if admin:
        out["flag_threshold"] = int(community.flag_threshold)
        out["translations"] = {"name": as_dict(community.name),
                               "description": as_dict(community.description)}
    return out


def get(community_id: str, principal: Principal | None, accept_language: str) -> dict[str, Any]:
    from chalicelib.communities.community_tables import Follow
    from chalicelib.communities.scope import authorise

    user_id = principal.user_id if principal else None
    scope = authorise(community_id, principal, accept_language,
                      [(Follow, community_id, user_id) if user_id else None])
    return present_scope(scope)


def present_scope(scope: Scope) -> dict[str, Any]:
    from chalicelib.communities.community_tables import Follow

    following = bool(scope.viewer.user_id and scope.found.get(
        Follow, scope.community_id, scope.viewer.user_id))
    return present(scope.community, scope.locale, role=scope.viewer.role, following=following,
                   admin=administers(scope.viewer))


def public_page(limit: int, key: Any) -> tuple[list[Any], Any]:
    from chalicelib.communities.community_tables import Community
    from chalicelib.platform.dynamo import cursors

    shape = {"community_id": "S", "visibility": "S", "created_at": "N"}
    start = cursors.checked_key(key, shape, {"visibility": "public"})
    result = Community.by_visibility.query("public", scan_index_forward=False, limit=limit,
                                           last_evaluated_key=start)
    return list(result), result.last_evaluated_key


def _private_page(principal: Principal, limit: int,
                  key: Any) -> tuple[list[Any], dict[str, str], Any]:
    """Private communities the caller belongs to (platform admins: every private one)."""
    from chalicelib.communities.community_tables import Community, Membership
    from chalicelib.platform.dynamo import cursors
    from chalicelib.platform.dynamo.batch_get import get_many

    if principal.platform_admin:
        shape = {"community_id": "S", "visibility": "S", "created_at": "N"}
        start = cursors.checked_key(key, shape, {"visibility": "private"})
        result = Community.by_visibility.query("private", scan_index_forward=False,
                                               limit=limit, last_evaluated_key=start)
        items = list(result)
        found = get_many([(Membership, c.community_id, principal.user_id) for c in items])
        roles = {c.community_id: m.role for c in items
                 if (m := found.get(Membership, c.community_id, principal.user_id))}
        return items, roles, result.last_evaluated_key
    shape = {"community_id": "S", "user_id": "S"}
    start = cursors.checked_key(key, shape, {"user_id": principal.user_id})
    memberships_page = Membership.by_user.query(principal.user_id, limit=limit,
                                                last_evaluated_key=start)
    memberships = list(memberships_page)
    found = get_many([(Community, m.community_id, None) for m in memberships])
    items = [c for c in (found.get(Community, m.community_id) for m in memberships)
             if c is not None and c.visibility == "private"]
    roles = {m.community_id: m.role for m in memberships}
    return items, roles, memberships_page.last_evaluated_key


def listing(principal: Principal | None, accept_language: str, limit: int,
            cursor: str | None) -> dict[str, Any]:
    """Public communities, newest first; signed-in people first get the private ones they
    belong to (platform admins: every private one). The cursor carries the phase."""
    from chalicelib.communities.community_tables import Membership
    from chalicelib.platform.dynamo import cursors
    from chalicelib.platform.dynamo.batch_get import get_many

    state = cursors.decode(cursor) or {"p": "private" if principal else "public"}
    phase = state.get("p")
    if phase not in ("private", "public") or (phase == "private" and principal is None):
        raise ValidationFailed.field("cursor", "is not a cursor this API gave")
    items: list[Any] = []
    roles: dict[str, str] = {}
    next_state: dict[str, Any] | None = None
    if phase == "private" and principal is not None:
        found_items, roles, last = _private_page(principal, limit, state.get("k"))
        items += found_items
        next_state = {"p": "private", "k": last} if last else None
        if last is None:
            phase, state = "public", {}  # the private ones are done: fill up with public ones
    if phase == "public" and len(items) < limit:
        public, last = public_page(limit - len(items), state.get("k"))
        items += public
        next_state = {"p": "public", "k": last} if last else None
        if principal is not None and public:
            found = get_many([(Membership, c.community_id, principal.user_id) for c in public])
            for c in public:
                membership = found.get(Membership, c.community_id, principal.user_id)
                if membership is not None:
                    roles[c.community_id] = membership.role
    elif phase == "public" and next_state is None:
        next_state = {"p": "public"}
    from chalicelib.communities.scope import answer_locale

    out = []
    for community in items:
        role = roles.get(community.community_id)
        locale = answer_locale(community, principal, accept_language)
        out.append(present(community, locale, role=role,
                           admin=bool(principal and (principal.platform_admin
                                                     or role == "admin")),
                           viewer=principal is not None))
    return {"items": out, "next_cursor": cursors.encode(next_state) if next_state else None}


# ---- writes ------------------------------------------------------------------------------

def create(principal: Principal, body: Any, accept_language: str) -> dict[str, Any]:
    from chalicelib.communities import membership_tables as memberships
    from chalicelib.communities.community_tables import Community
    from chalicelib.platform.errors import Forbidden

    if not principal.platform_admin:
        raise Forbidden("Only platform administrators create communities.",
                        code="not_platform_admin")
    languages = body.languages or [body.default_locale or "en"]
    default = body.default_locale or languages[0]
    languages, default = check_languages(languages, default)
    writing = i18n.choose(profile=principal.locale, accept_language=accept_language,
                          offered=languages, default=default)
    now = clock.now()
    community = Community(
        ids.new_id(),
        name=i18n.as_map(body.name, field="name", locale=writing,
                         clean=sanitise.plain_cleaner(200)),
        description=i18n.as_map(body.description, field="description", locale=writing,
                                clean=sanitise.rich_cleaner()),
        default_locale=default, languages=languages, visibility=body.visibility,
        flag_threshold=body.flag_threshold, created_by=principal.user_id, created_at=now,
        admin_count=1, member_count=1, follower_count=0,
    )
    memberships.create_community(community, principal.user_id, now)
    return present(community, writing, role="admin", admin=True)


def patch(community_id: str, principal: Principal, body: Any,
          accept_language: str) -> dict[str, Any]:
    from chalicelib.communities.community_tables import Community
    from chalicelib.communities.scope import authorise

    scope = authorise(community_id, principal, accept_language)
    require_admin(scope.viewer)
    community = scope.community
    fields = body.model_fields_set
    actions: list[Any] = []
    locale = scope.locale
    if "name" in fields and body.name is not None:
        name = as_dict(community.name)
        name.update(i18n.as_map(body.name, field="name", locale=locale,
                                clean=sanitise.plain_cleaner(200)))
        actions.append(Community.name.set(name))
        community.name = name
    if "description" in fields and body.description is not None:
        description = as_dict(community.description)
        description.update(i18n.as_map(body.description, field="description", locale=locale,
                                       clean=sanitise.rich_cleaner()))
        actions.append(Community.description.set(description))
        community.description = description
    if {"languages", "default_locale"} & fields:
        languages, default = check_languages(
            body.languages or list(community.languages or []),
            body.default_locale or community.default_locale)
        actions += [Community.languages.set(languages), Community.default_locale.set(default)]
        community.languages, community.default_locale = languages, default
    going_private = (body.visibility == "private" and community.visibility != "private")
    if "visibility" in fields and body.visibility is not None:
        actions.append(Community.visibility.set(body.visibility))
        community.visibility = body.visibility
    if "flag_threshold" in fields and body.flag_threshold is not None:
        actions.append(Community.flag_threshold.set(body.flag_threshold))
        community.flag_threshold = body.flag_threshold
    if actions:
        now = clock.now()
        actions.append(Community.updated_at.set(now))
        community.update(actions=actions, condition=Community.community_id.exists())
    from chalicelib.communities.scope import answer_locale

    scope.locale = answer_locale(community, principal, accept_language)
    answer = present_scope(scope)
    if going_private:
        from chalicelib.communities import visibility_change

        answer["ended_follows"] = visibility_change.end_outsider_follows(community_id)
        answer["follower_count"] = max(0, answer["follower_count"] - answer["ended_follows"])
    return answer


def rotate_access_code(community_id: str, principal: Principal) -> dict[str, str]:
    from chalicelib.communities.community_tables import Community
    from chalicelib.communities.scope import authorise
    from chalicelib.platform.aws.secrets import secret

    scope = authorise(community_id, principal, "")
    require_admin(scope.viewer)
    code = new_access_code()
    Community(community_id).update(
        actions=[Community.access_code_hash.set(hash_code(code, secret("access_code_key"))),
                 Community.updated_at.set(clock.now())],
        condition=Community.community_id.exists())
    return {"access_code": code}


# ---- media -------------------------------------------------------------------------------

def media_upload(community_id: str, principal: Principal, kind: str, content_type: str,
                 size: int) -> dict[str, Any]:
    """A presigned upload for the logo or the cover. Both use the `logo/` upload kind
    (images, 5 MB): `logo/<community id>/<logo|cover>-<upload id>`. The upload checker
    links it to the community once its real type is verified."""
    from chalicelib.communities.scope import authorise
    from chalicelib.platform import upload_rules as uploads
    from chalicelib.platform.aws import media

    scope = authorise(community_id, principal, "")
    require_admin(scope.viewer)
    allowed, max_bytes = uploads.KINDS["logo"]
    if content_type not in allowed:
        raise ValidationFailed.field("content_type", f"must be one of {', '.join(allowed)}")
    if size > max_bytes:
        raise ValidationFailed.field("size", f"at most {max_bytes} bytes")
    key = f"logo/{community_id}/{kind}-{ids.new_id()}"
    return media.presigned_upload(key, content_type, max_bytes)


def link_media(key: str, content_type: str) -> None:
    """Upload checker callback (media_links.LINKERS["logo"])."""
    from chalicelib.communities import community_tables
    from chalicelib.platform.aws import media

    parts = key.split("/")
    if len(parts) != 3 or "-" not in parts[2]:
        media.delete([key])
        return
    community_id, (kind, _, _upload) = parts[1], parts[2].partition("-")
    old = community_tables.get(community_id) if kind in ("logo", "cover") else None
    if old is None:
        media.delete([key])
        return
    previous = old.logo_key if kind == "logo" else old.cover_key
    if previous == key:
        return  # a redelivery
    if not community_tables.set_image(community_id, f"{kind}_key", key):
        media.delete([key])
        return
    if previous:
        media.delete([previous])
