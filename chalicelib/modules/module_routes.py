"""Modules and questionnaires: definitions, windows, questions and responses."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import PAGE, AgoraBlueprint, Req

bp = AgoraBlueprint(__name__)
TAG = "Modules"


@bp.op("POST", "/projects/{pid}/modules", body="module_schemas:ModuleIn",
       response="module_schemas:ModuleOut", status=201, tag=TAG, errors=(403,))
def create_module(req: Req) -> dict[str, Any]:
    """Admins open a module (debate, questionnaire, ideas, budget, map); followers hear."""
    from chalicelib.modules import modules

    return modules.create(req.params["pid"], req.user, req.body, req.accept_language)


@bp.op("GET", "/projects/{pid}/modules", query=PAGE, response="module_schemas:ModuleList",
       auth="optional", tag=TAG)
def list_modules(req: Req) -> dict[str, Any]:
    """A project's modules, oldest first."""
    from chalicelib.modules import modules

    return modules.listing(req.params["pid"], req.principal, req.accept_language,
                           req.query.limit, req.query.cursor)


@bp.op("GET", "/modules/{mid}", response="module_schemas:ModuleOut", auth="optional", tag=TAG)
def get_module(req: Req) -> dict[str, Any]:
    """A module; signed-in people learn whether they have responded or voted."""
    from chalicelib.modules import modules

    return modules.get(req.params["mid"], req.principal, req.accept_language)


@bp.op("PATCH", "/modules/{mid}", body="module_schemas:ModulePatch",
       response="module_schemas:ModuleOut",
       tag=TAG, errors=(403, 409))
def patch_module(req: Req) -> dict[str, Any]:
    """Admins edit a module (budget rules only until the first ballot)."""
    from chalicelib.modules import modules

    return modules.patch(req.params["mid"], req.user, req.body, req.accept_language)


@bp.op("POST", "/modules/{mid}/questions", body="module_schemas:QuestionIn",
       response="module_schemas:QuestionOut", status=201, tag=TAG, errors=(403, 422))
def add_question(req: Req) -> dict[str, Any]:
    """Admins add a question to a questionnaire."""
    from chalicelib.modules import questionnaires as questionnaire

    return questionnaire.add_question(req.params["mid"], req.user, req.body,
                                      req.accept_language)


@bp.op("DELETE", "/modules/{mid}/questions/{qid}", status=204, tag=TAG,
       errors=(403, 404, 409, 422))
def remove_question(req: Req) -> None:
    """Admins remove a question of a questionnaire, until someone responds (409 after)."""
    from chalicelib.modules import questionnaires as questionnaire

    questionnaire.remove_question(req.params["mid"], req.params["qid"], req.user,
                                  req.accept_language)


@bp.op("GET", "/modules/{mid}/questions", response="module_schemas:QuestionList", auth="optional",
       tag=TAG, errors=(422,))
def list_questions(req: Req) -> dict[str, Any]:
    """A questionnaire's questions, in order."""
    from chalicelib.modules import questionnaires as questionnaire

    return questionnaire.list_questions(req.params["mid"], req.principal, req.accept_language)


@bp.op("POST", "/modules/{mid}/responses", participation=True, body="module_schemas:ResponseIn",
       response="module_schemas:ResponseOut", status=201, tag=TAG, errors=(409, 422))
def respond(req: Req) -> dict[str, Any]:
    """Respond to a questionnaire, once (409 on a second response)."""
    from chalicelib.modules import questionnaires as questionnaire

    return questionnaire.respond(req.params["mid"], req.user, req.body, req.accept_language)


@bp.op("POST", "/modules/{mid}/open", body="module_schemas:ModuleOpenIn",
       response="module_schemas:ModuleOut",
       tag=TAG, errors=(403, 409))
def open_module(req: Req) -> dict[str, Any]:
    """Admins open an upcoming module now, or reopen a closed one until a new `closes_at`."""
    from chalicelib.modules import modules

    return modules.open_now(req.params["mid"], req.user, req.body, req.accept_language)


@bp.op("POST", "/modules/{mid}/close", response="module_schemas:ModuleOut", tag=TAG,
       errors=(403, 409))
def close_module(req: Req) -> dict[str, Any]:
    """Admins close a module now: participation stops at once."""
    from chalicelib.modules import modules

    return modules.close_now(req.params["mid"], req.user, req.accept_language)


@bp.op("POST", "/modules/{mid}/results/publish", response="module_schemas:ModuleOut", tag=TAG,
       errors=(403,))
def publish_results(req: Req) -> dict[str, Any]:
    """Admins publish the results: `GET /modules/{mid}/results` answers everyone who may see
    the module, whatever its `results` rule."""
    from chalicelib.modules import modules

    return modules.publish_results(req.params["mid"], req.user, req.accept_language, True)


@bp.op("POST", "/modules/{mid}/results/unpublish", response="module_schemas:ModuleOut", tag=TAG,
       errors=(403,))
def unpublish_results(req: Req) -> dict[str, Any]:
    """Admins withdraw the publication (the module's `results` rule applies again)."""
    from chalicelib.modules import modules

    return modules.publish_results(req.params["mid"], req.user, req.accept_language, False)


@bp.op("PUT", "/modules/{mid}/follow", participation=True, status=204, tag=TAG)
def follow_module(req: Req) -> None:
    """Follow one module: its opening, answers and results (once, even for someone who
    follows its project or community too). Idempotent."""
    from chalicelib.modules import module_follows

    module_follows.follow(req.params["mid"], req.user, True)


@bp.op("DELETE", "/modules/{mid}/follow", status=204, tag=TAG)
def unfollow_module(req: Req) -> None:
    """Stop following a module. Idempotent."""
    from chalicelib.modules import module_follows

    module_follows.follow(req.params["mid"], req.user, False)


@bp.op("GET", "/me/follows", query=PAGE, response="module_schemas:FollowList", tag="Me")
def my_follows(req: Req) -> dict[str, Any]:
    """What the person follows and may still see: communities, then projects and modules."""
    from chalicelib.modules import module_follows

    return module_follows.listing(req.user, req.accept_language, req.query.limit,
                                  req.query.cursor)
