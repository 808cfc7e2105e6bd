"""Moderation: flags, the queue, decisions, appeals and the log."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import AgoraBlueprint, Req

bp = AgoraBlueprint(__name__)
TAG = "Moderation"


@bp.op("POST", "/contributions/{id}/flags", body="moderation_schemas:FlagIn", status=202, tag=TAG,
       participation=True, errors=(403, 404, 409, 422, 503))
def flag_contribution(req: Req) -> None:
    """Flag a contribution (once per person; a second flag is 409 `already_flagged`). When
    the community's threshold of flaggers is reached it is hidden at once."""
    from chalicelib.moderation import flags

    flags.flag("contribution", req.params["id"], req.user, req.body.reason, req.body.note)


@bp.op("POST", "/comments/{id}/flags", body="moderation_schemas:FlagIn", status=202, tag=TAG,
       participation=True, errors=(403, 404, 409, 422, 503))
def flag_comment(req: Req) -> None:
    """Flag a comment (once per person; a second flag is 409 `already_flagged`)."""
    from chalicelib.moderation import flags

    flags.flag("comment", req.params["id"], req.user, req.body.reason, req.body.note)


@bp.op("GET", "/communities/{cid}/moderation", query="moderation_schemas:QueueQuery",
       response="moderation_schemas:CaseList", tag=TAG, errors=(403, 404))
def moderation_queue(req: Req) -> dict[str, Any]:
    """Moderators: open cases, most urgent first (flags, then reach, then age)."""
    from chalicelib.moderation import cases

    q = req.query
    return cases.queue(req.params["cid"], req.user, req.accept_language, q.limit, q.cursor)


@bp.op("GET", "/communities/{cid}/moderation/log", query="moderation_schemas:LogQuery",
       response="moderation_schemas:LogList", tag=TAG, errors=(403, 404))
def moderation_log(req: Req) -> dict[str, Any]:
    """Moderators: every decision, newest first (who, when, what, why)."""
    from chalicelib.moderation import decision_log

    q = req.query
    return decision_log.log(req.params["cid"], req.user, req.accept_language, q.limit, q.cursor)


@bp.op("GET", "/moderation/{item_id}", response="moderation_schemas:CaseOut", tag=TAG,
       errors=(404,))
def moderation_case(req: Req) -> dict[str, Any]:
    """A case: in full to moderators; to its author, the decision and its reasons."""
    from chalicelib.moderation import cases

    return cases.view(req.params["item_id"], req.user, req.accept_language)


@bp.op("POST", "/moderation/{item_id}/decision", body="moderation_schemas:DecisionIn",
       response="moderation_schemas:CaseOut", tag=TAG, errors=(403, 404, 409, 503))
def decide(req: Req) -> dict[str, Any]:
    """Moderators restore or remove, with a reason (and the rule applied); the author is
    told why and how to appeal. An appeal is decided by another moderator."""
    from chalicelib.moderation import cases
    from chalicelib.platform import sanitise

    body = req.body
    reason = sanitise.plain(body.reason, "reason", max_length=2000)
    rule = sanitise.plain(body.rule, "rule", max_length=200, required=False) \
        if body.rule else None
    return cases.decide(req.params["item_id"], req.user, body.action, reason, rule or None,
                        req.accept_language)


@bp.op("POST", "/moderation/{item_id}/appeal", body="moderation_schemas:AppealIn",
       response="moderation_schemas:CaseOut", status=202, tag=TAG, errors=(403, 404, 409, 503))
def appeal(req: Req) -> dict[str, Any]:
    """The author contests a removal, once: another moderator reviews it."""
    from chalicelib.moderation import cases

    return cases.appeal(req.params["item_id"], req.user, req.body.statement,
                        req.accept_language)
