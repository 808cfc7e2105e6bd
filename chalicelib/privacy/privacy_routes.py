"""The GDPR rights of the signed-in person: erasure, export, restriction and objection."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import AgoraBlueprint, Reply, Req

bp = AgoraBlueprint(__name__)


@bp.op("DELETE", "/me", body="privacy_schemas:DeleteMeIn", status=202, tag="Privacy",
       errors=(403, 409))
def delete_me(req: Req) -> Reply:
    """Delete my account: sign-in stops at once; content is anonymised and personal data
    erased in the background."""
    from chalicelib.privacy import erasure

    erasure.request_deletion(req.user.user_id, req.user.session_id,
                             password=req.body.password)
    return Reply(body={}, status=202)


@bp.op("POST", "/me/export", status=202, tag="Privacy", response="privacy_schemas:ExportStatusOut",
       errors=(429,))
def request_export(req: Req) -> dict[str, Any]:
    """Build a copy of my data in the background; a download link is emailed."""
    from chalicelib.privacy import export

    export.request_export(req.user.user_id)
    return export.status(req.user.user_id)


@bp.op("GET", "/me/export", response="privacy_schemas:ExportStatusOut", tag="Privacy")
def export_status(req: Req) -> dict[str, Any]:
    """Where my export is: `{status, download_url?, expires_at?}`."""
    from chalicelib.privacy import export

    return export.status(req.user.user_id)


@bp.op("GET", "/me/restrictions", response="privacy_schemas:RestrictionsOut", tag="Privacy")
def get_restrictions(req: Req) -> dict[str, Any]:
    """My restrictions of and objections to processing."""
    from chalicelib.identity import restrictions

    return restrictions.current(req.user.user_id)


@bp.op("PUT", "/me/restrictions", body="privacy_schemas:RestrictionsIn",
       response="privacy_schemas:RestrictionsOut", tag="Privacy")
def put_restrictions(req: Req) -> dict[str, Any]:
    """Restrict or object to processing (`analytics`: left out of statistics)."""
    from chalicelib.identity import restrictions

    return restrictions.set_restrictions(req.user.user_id, req.body.model_dump())
