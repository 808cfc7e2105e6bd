"""Contributions, their comments, upvotes, reactions, favourites and attachments."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import AgoraBlueprint, Req

bp = AgoraBlueprint(__name__)
TAG = "Contributions"


@bp.op("POST", "/modules/{mid}/contributions", body="contribution_schemas:ContributionIn",
       participation=True, response="contribution_schemas:CreatedContribution", status=201, tag=TAG,
       errors=(403, 422))
def create_contribution(req: Req) -> dict[str, Any]:
    """Contribute to an open module; `uploads` holds a presigned upload per attachment."""
    from chalicelib.contributions import contributions

    return contributions.create(req.params["mid"], req.user, req.body, req.accept_language)


@bp.op("GET", "/modules/{mid}/contributions", query="contribution_query_schemas:FeedQuery",
       response="contribution_schemas:Feed", auth="optional", tag=TAG)
def list_contributions(req: Req) -> dict[str, Any]:
    """A module's contributions: `sort` unread (signed-in default), latest (visitors'
    default), most_commented, most_engaged; `bbox` on map modules."""
    from chalicelib.contributions import feeds

    q = req.query
    return feeds.page(req.params["mid"], req.principal, req.accept_language, sort=q.sort,
                      bbox=q.bbox, limit=q.limit, cursor=q.cursor, status=q.status)


@bp.op("GET", "/contributions/{id}", query="contribution_query_schemas:ContributionGetQuery",
       response="contribution_schemas:ContributionOut", auth="optional", tag=TAG)
def get_contribution(req: Req) -> dict[str, Any]:
    """A contribution with its first page of comments; opening it marks it seen."""
    from chalicelib.contributions import contributions

    q = req.query
    return contributions.get(req.params["id"], req.principal, req.accept_language, q.limit,
                             q.cursor)


@bp.op("PATCH", "/contributions/{id}", body="contribution_schemas:ContributionPatch",
       participation=True,
       response="contribution_schemas:ContributionOut", tag=TAG, errors=(403, 409, 422))
def patch_contribution(req: Req) -> dict[str, Any]:
    """The author (while the module is open) or a moderator edits."""
    from chalicelib.contributions import contributions

    return contributions.patch(req.params["id"], req.user, req.body, req.accept_language)


@bp.op("DELETE", "/contributions/{id}", status=204, tag=TAG, errors=(403,))
def delete_contribution(req: Req) -> None:
    """The author or a moderator deletes a contribution (its content is erased)."""
    from chalicelib.contributions import contributions

    contributions.delete(req.params["id"], req.user)


@bp.op("POST", "/contributions/{id}/comments", body="contribution_schemas:CommentIn",
       participation=True,
       response="contribution_schemas:Comment", status=201, tag=TAG, errors=(403, 422))
def add_comment(req: Req) -> dict[str, Any]:
    """Comment, or reply to a comment with `parent_id`."""
    from chalicelib.contributions import comments

    return comments.add(req.params["id"], req.user, req.body, req.accept_language)


@bp.op("GET", "/contributions/{id}/comments", query="contribution_query_schemas:CommentsQuery",
       response="contribution_schemas:CommentList", auth="optional", tag=TAG)
def list_comments(req: Req) -> dict[str, Any]:
    """Comments in thread order (replies follow their parent)."""
    from chalicelib.contributions import comments

    q = req.query
    return comments.listing(req.params["id"], req.principal, req.accept_language, q.limit,
                            q.cursor)


@bp.op("PATCH", "/comments/{id}", participation=True, body="contribution_schemas:CommentPatch",
       response="contribution_schemas:Comment", tag=TAG, errors=(403, 404, 422))
def edit_comment(req: Req) -> dict[str, Any]:
    """The author edits their comment while the module is open (no history is kept)."""
    from chalicelib.contributions import comment_changes

    return comment_changes.edit(req.params["id"], req.user, req.body, req.accept_language)


@bp.op("DELETE", "/comments/{id}", status=204, tag=TAG, errors=(403, 404, 409))
def delete_comment(req: Req) -> None:
    """The author, or a moderator of the community, deletes a comment: with replies it
    stays in the thread as `deleted` (no body, no author), without it disappears."""
    from chalicelib.contributions import comment_changes

    comment_changes.delete(req.params["id"], req.user)


@bp.op("PUT", "/contributions/{id}/answer", body="contribution_schemas:AnswerIn",
       response="contribution_schemas:AnsweredContribution", tag=TAG,
       errors=(403, 409, 422))
def answer_contribution(req: Req) -> dict[str, Any]:
    """Community admins answer officially (status, text, a budget idea's revised cost);
    the author, the upvoters and the module's followers are told."""
    from chalicelib.contributions import answers

    return answers.answer(req.params["id"], req.user, req.body, req.accept_language)


@bp.op("PUT", "/contributions/{id}/upvote", participation=True, status=204, tag=TAG,
       errors=(422,))
def upvote(req: Req) -> None:
    """Upvote (one per person, idempotent)."""
    from chalicelib.contributions import upvotes as ideas

    ideas.upvote(req.params["id"], req.user, True)


@bp.op("DELETE", "/contributions/{id}/upvote", status=204, tag=TAG, errors=(422,))
def remove_upvote(req: Req) -> None:
    """Withdraw one's upvote (idempotent)."""
    from chalicelib.contributions import upvotes as ideas

    ideas.upvote(req.params["id"], req.user, False)


REACTION = {"reaction": {"type": "string", "enum": ["thumbs_up", "heart", "clap", "bulb",
                                                    "thinking", "sad"]}}


@bp.op("PUT", "/contributions/{id}/reactions/{reaction}", status=204, tag=TAG, errors=(422,),
       participation=True, params=REACTION)
def react(req: Req) -> None:
    """React with one of: thumbs_up, heart, clap, bulb, thinking, sad (once each)."""
    from chalicelib.contributions import reactions

    reactions.react(req.params["id"], req.params["reaction"], req.user, True)


@bp.op("DELETE", "/contributions/{id}/reactions/{reaction}", status=204, tag=TAG,
       errors=(422,), params=REACTION)
def remove_reaction(req: Req) -> None:
    """Withdraw a reaction (idempotent)."""
    from chalicelib.contributions import reactions

    reactions.react(req.params["id"], req.params["reaction"], req.user, False)


@bp.op("PUT", "/contributions/{id}/favorite", participation=True, status=204, tag=TAG)
def save_favorite(req: Req) -> None:
    """Save a contribution to one's favourites."""
    from chalicelib.contributions import reactions

    reactions.favorite(req.params["id"], req.user, True)


@bp.op("DELETE", "/contributions/{id}/favorite", status=204, tag=TAG)
def remove_favorite(req: Req) -> None:
    """Remove a contribution from one's favourites."""
    from chalicelib.contributions import reactions

    reactions.favorite(req.params["id"], req.user, False)


@bp.op("POST", "/contributions/{id}/attachments", body="contribution_schemas:AttachmentsIn",
       response="contribution_schemas:Uploads", status=201, tag=TAG, errors=(403, 422),
       participation=True)
def add_attachments(req: Req) -> dict[str, Any]:
    """The author adds attachments: one presigned upload each (images, PDF; 10 MB)."""
    from chalicelib.contributions import attachments

    return attachments.add(req.params["id"], req.user, req.body.attachments)
