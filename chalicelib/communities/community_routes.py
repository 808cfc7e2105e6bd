"""Communities: creation, customisation, membership, access codes, follows, updates, events."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import PAGE, AgoraBlueprint, Req

bp = AgoraBlueprint(__name__)
TAG = "Communities"


@bp.op("POST", "/communities", body="community_schemas:CommunityIn",
       response="community_schemas:CommunityOut", status=201, tag=TAG, errors=(403,))
def create_community(req: Req) -> dict[str, Any]:
    """Platform admins create a community; they become its first admin."""
    from chalicelib.communities import communities

    return communities.create(req.user, req.body, req.accept_language)


@bp.op("GET", "/communities", query=PAGE, response="community_schemas:CommunityList",
       auth="optional", tag=TAG)
def list_communities(req: Req) -> dict[str, Any]:
    """Public communities, plus the private ones the caller belongs to."""
    from chalicelib.communities import communities

    return communities.listing(req.principal, req.accept_language, req.query.limit,
                               req.query.cursor)


@bp.op("GET", "/communities/{cid}", response="community_schemas:CommunityOut", auth="optional",
       tag=TAG)
def get_community(req: Req) -> dict[str, Any]:
    """A community (404 for a private one, unless the caller is a member)."""
    from chalicelib.communities import communities

    return communities.get(req.params["cid"], req.principal, req.accept_language)


@bp.op("PATCH", "/communities/{cid}", body="community_schemas:CommunityPatch",
       response="community_schemas:CommunityPatchOut", tag=TAG, errors=(403,))
def patch_community(req: Req) -> dict[str, Any]:
    """Admins change the name and description (per locale), languages, visibility and
    flag threshold."""
    from chalicelib.communities import communities

    return communities.patch(req.params["cid"], req.user, req.body, req.accept_language)


@bp.op("POST", "/communities/{cid}/access-code", response="community_schemas:AccessCodeOut",
       status=201, tag=TAG, errors=(403,))
def rotate_access_code(req: Req) -> dict[str, str]:
    """Admins get a new access code; the previous one stops working. Shown once."""
    from chalicelib.communities import communities

    return communities.rotate_access_code(req.params["cid"], req.user)


@bp.op("POST", "/communities/{cid}/join", participation=True, body="community_schemas:JoinIn",
       response="community_schemas:MembershipOut", tag=TAG)
def join_community(req: Req) -> dict[str, Any]:
    """Become a member: freely of a public community, with the access code of a private one
    (a wrong code answers 404, like an unknown community)."""
    from chalicelib.communities import memberships

    return memberships.join(req.params["cid"], req.user, req.body.access_code)


@bp.op("GET", "/communities/{cid}/members", query="community_schemas:MembersQuery",
       response="community_schemas:MemberList", tag=TAG, errors=(403,))
def list_members(req: Req) -> dict[str, Any]:
    """Admins: the members with their display name (never an email), role and join date;
    `?role=` keeps one role."""
    from chalicelib.communities import member_list

    q = req.query
    return member_list.members(req.params["cid"], req.user, q.role, q.limit, q.cursor)


@bp.op("PUT", "/communities/{cid}/members/{uid}", body="community_schemas:MemberIn", status=204,
       tag=TAG, errors=(403, 409))
def put_member(req: Req) -> None:
    """Admins add a person or change their role (member, moderator, admin)."""
    from chalicelib.communities import memberships

    memberships.set_member(req.params["cid"], req.params["uid"], req.body.role, req.user)


@bp.op("DELETE", "/communities/{cid}/members/{uid}", status=204, tag=TAG, errors=(403, 409))
def delete_member(req: Req) -> None:
    """Admins remove a member; anyone may remove themselves (leave). The last admin stays."""
    from chalicelib.communities import memberships

    memberships.remove_member(req.params["cid"], req.params["uid"], req.user)


@bp.op("PUT", "/communities/{cid}/follow", participation=True, status=204, tag=TAG)
def follow_community(req: Req) -> None:
    """Follow for news, updates, events and new consultations."""
    from chalicelib.communities import follows

    follows.follow(req.params["cid"], req.user, True)


@bp.op("DELETE", "/communities/{cid}/follow", status=204, tag=TAG)
def unfollow_community(req: Req) -> None:
    """Stop following."""
    from chalicelib.communities import follows

    follows.follow(req.params["cid"], req.user, False)


@bp.op("POST", "/communities/{cid}/media", body="community_schemas:CommunityMediaIn",
       response="community_schemas:Upload", status=201, tag=TAG, errors=(403,))
def community_media(req: Req) -> dict[str, Any]:
    """Admins upload a logo or cover: a presigned S3 POST limited by type and size."""
    from chalicelib.communities import communities

    body = req.body
    return communities.media_upload(req.params["cid"], req.user, body.kind, body.content_type,
                                    body.size)


@bp.op("POST", "/communities/{cid}/updates", body="community_schemas:UpdateIn",
       response="community_schemas:UpdateOut", status=201, tag=TAG, errors=(403,))
def post_update(req: Req) -> dict[str, Any]:
    """Admins publish news to followers."""
    from chalicelib.communities import announcements

    return announcements.publish_update(req.params["cid"], req.user, req.body,
                                        req.accept_language)


@bp.op("GET", "/communities/{cid}/updates", query=PAGE,
       response="community_schemas:UpdateList", auth="optional", tag=TAG)
def list_updates(req: Req) -> dict[str, Any]:
    """A community's news, newest first."""
    from chalicelib.communities import announcements

    return announcements.list_updates(req.params["cid"], req.principal, req.accept_language,
                                      req.query.limit, req.query.cursor)


@bp.op("POST", "/communities/{cid}/events", body="community_schemas:EventIn",
       response="community_schemas:EventOut", status=201, tag=TAG, errors=(403,))
def post_event(req: Req) -> dict[str, Any]:
    """Admins publish an event (title, starts_at, ends_at, place) to followers."""
    from chalicelib.communities import announcements

    return announcements.publish_event(req.params["cid"], req.user, req.body,
                                       req.accept_language)


@bp.op("GET", "/communities/{cid}/events", query="community_schemas:EventsQuery",
       response="community_schemas:EventList", auth="optional", tag=TAG)
def list_events(req: Req) -> dict[str, Any]:
    """Upcoming events (soonest first) or, with `when=past`, past ones (latest first)."""
    from chalicelib.communities import announcements

    q = req.query
    return announcements.list_events(req.params["cid"], req.principal, req.accept_language,
                                     q.when, q.limit, q.cursor)
