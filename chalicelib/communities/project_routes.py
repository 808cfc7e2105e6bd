"""Projects inside communities."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import PAGE, AgoraBlueprint, Req

bp = AgoraBlueprint(__name__)
TAG = "Projects"


@bp.op("POST", "/communities/{cid}/projects", body="community_schemas:ProjectIn",
       response="community_schemas:ProjectOut", status=201, tag=TAG, errors=(403,))
def create_project(req: Req) -> dict[str, Any]:
    """Admins create a project (title, description per locale)."""
    from chalicelib.communities import projects

    return projects.create(req.params["cid"], req.user, req.body, req.accept_language)


@bp.op("GET", "/communities/{cid}/projects", query=PAGE,
       response="community_schemas:ProjectList", auth="optional", tag=TAG)
def list_projects(req: Req) -> dict[str, Any]:
    """A community's projects, newest first."""
    from chalicelib.communities import projects

    return projects.listing(req.params["cid"], req.principal, req.accept_language,
                            req.query.limit, req.query.cursor)


@bp.op("GET", "/projects/{pid}", response="community_schemas:ProjectOut", auth="optional", tag=TAG)
def get_project(req: Req) -> dict[str, Any]:
    """A project."""
    from chalicelib.communities import projects

    return projects.get(req.params["pid"], req.principal, req.accept_language)


@bp.op("PATCH", "/projects/{pid}", body="community_schemas:ProjectPatch",
       response="community_schemas:ProjectOut", tag=TAG, errors=(403,))
def patch_project(req: Req) -> dict[str, Any]:
    """Admins edit a project's title and description (per locale)."""
    from chalicelib.communities import projects

    return projects.patch(req.params["pid"], req.user, req.body, req.accept_language)


@bp.op("PUT", "/projects/{pid}/follow", participation=True, status=204, tag=TAG)
def follow_project(req: Req) -> None:
    """Follow one project: its news, the openings of its modules, their answers and results
    (once, even for someone who follows the community too). Idempotent."""
    from chalicelib.communities import target_follows

    target_follows.follow_project(req.params["pid"], req.user, True)


@bp.op("DELETE", "/projects/{pid}/follow", status=204, tag=TAG)
def unfollow_project(req: Req) -> None:
    """Stop following a project. Idempotent."""
    from chalicelib.communities import target_follows

    target_follows.follow_project(req.params["pid"], req.user, False)
