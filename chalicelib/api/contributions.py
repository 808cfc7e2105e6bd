"""Contributions, their comments, upvotes, reactions, favourites and attachments."""

from __future__ import annotations

from typing import Any

from chalicelib.api.routing import AgoraBlueprint, Req

bp = AgoraBlueprint(__name__)
TAG = "Contributions"


@bp.op("POST", "/modules/{mid}/contributions", body="contributions:ContributionIn",
       response="contributions:CreatedContribution", status=201, tag=TAG,
       errors=(403, 422))
def create_contribution(req: Req) -> dict[str, Any]:
    """Contribute to an open module; `uploads` holds a presigned upload per attachment."""
    from chalicelib.domain import contributions

    return contributions.create(req.params["mid"], req.user, req.body, req.accept_language)


@bp.op("GET", "/modules/{mid}/contributions", query="contributions:FeedQuery",
       response="contributions:Feed", auth="optional", tag=TAG)
def list_contributions(req: Req) -> dict[str, Any]:
    """A module's contributions: `sort` unread (signed-in default), latest (visitors'
    default), most_commented, most_engaged; `bbox` on map modules."""
    from chalicelib.domain import feeds

    q = req.query
    return feeds.page(req.params["mid"], req.principal, req.accept_language, sort=q.sort,
                      bbox=q.bbox, limit=q.limit, cursor=q.cursor)


@bp.op("GET", "/contributions/{id}", query="contributions:ContributionGetQuery",
       response="contributions:ContributionOut", auth="optional", tag=TAG)
def get_contribution(req: Req) -> dict[str, Any]:
    """A contribution with its first page of comments; opening it marks it seen."""
    from chalicelib.domain import contributions

    q = req.query
    return contributions.get(req.params["id"], req.principal, req.accept_language, q.limit,
                             q.cursor)


@bp.op("PATCH", "/contributions/{id}", body="contributions:ContributionPatch",
       response="contributions:ContributionOut", tag=TAG, errors=(403, 409, 422))
def patch_contribution(req: Req) -> dict[str, Any]:
    """The author (while the module is open) or a moderator edits."""
    from chalicelib.domain import contributions

    return contributions.patch(req.params["id"], req.user, req.body, req.accept_language)


@bp.op("DELETE", "/contributions/{id}", status=204, tag=TAG, errors=(403,))
def delete_contribution(req: Req) -> None:
    """The author or a moderator deletes a contribution (its content is erased)."""
    from chalicelib.domain import contributions

    contributions.delete(req.params["id"], req.user)


@bp.op("POST", "/contributions/{id}/comments", body="contributions:CommentIn",
       response="contributions:Comment", status=201, tag=TAG, errors=(403, 422))
def add_comment(req: Req) -> dict[str, Any]:
    """Comment, or reply to a comment with `parent_id`."""
    from chalicelib.domain import comments

    return comments.add(req.params["id"], req.user, req.body, req.accept_language)


@bp.op("GET", "/contributions/{id}/comments", query="contributions:CommentsQuery",
       response="contributions:CommentList", auth="optional", tag=TAG)
def list_comments(req: Req) -> dict[str, Any]:
    """Comments in thread order (replies follow their parent)."""
    from chalicelib.domain import comments

    q = req.query
    return comments.listing(req.params["id"], req.principal, req.accept_language, q.limit,
                            q.cursor)


@bp.op("PUT", "/contributions/{id}/upvote", status=204, tag=TAG, errors=(422,))
def upvote(req: Req) -> None:
    """Upvote (one per person, idempotent)."""
    from chalicelib.domain import ideas

    ideas.upvote(req.params["id"], req.user, True)


@bp.op("DELETE", "/contributions/{id}/upvote", status=204, tag=TAG, errors=(422,))
def remove_upvote(req: Req) -> None:
    """Withdraw one's upvote (idempotent)."""
    from chalicelib.domain import ideas

    ideas.upvote(req.params["id"], req.user, False)


@bp.op("PUT", "/contributions/{id}/reactions/{reaction}", status=204, tag=TAG, errors=(422,))
def react(req: Req) -> None:
    """React with one of: thumbs_up, heart, clap, bulb, thinking, sad (once each)."""
    from chalicelib.domain import reactions

    reactions.react(req.params["id"], req.params["reaction"], req.user, True)


@bp.op("DELETE", "/contributions/{id}/reactions/{reaction}", status=204, tag=TAG,
       errors=(422,))
def remove_reaction(req: Req) -> None:
    """Withdraw a reaction (idempotent)."""
    from chalicelib.domain import reactions

    reactions.react(req.params["id"], req.params["reaction"], req.user, False)


@bp.op("PUT", "/contributions/{id}/favorite", status=204, tag=TAG)
def save_favorite(req: Req) -> None:
    """Save a contribution to one's favourites."""
    from chalicelib.domain import reactions

    reactions.favorite(req.params["id"], req.user, True)


@bp.op("DELETE", "/contributions/{id}/favorite", status=204, tag=TAG)
def remove_favorite(req: Req) -> None:
    """Remove a contribution from one's favourites."""
    from chalicelib.domain import reactions

    reactions.favorite(req.params["id"], req.user, False)


@bp.op("POST", "/contributions/{id}/attachments", body="contributions:AttachmentsIn",
       response="contributions:Uploads", status=201, tag=TAG, errors=(403, 422))
def add_attachments(req: Req) -> dict[str, Any]:
    """The author adds attachments: one presigned upload each (images, PDF; 10 MB)."""
    from chalicelib.domain import attachments

    return attachments.add(req.params["id"], req.user, req.body.attachments)
