"""The signed-in person: profile, email and password changes, avatar and cover uploads.
(Other /me/* routes live with their own areas.)"""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import AgoraBlueprint, Req

bp = AgoraBlueprint(__name__)


@bp.op("GET", "/me", response="me_schemas:MeOut", tag="Me", errors=(404,))
def get_me(req: Req) -> dict[str, Any]:
    """The person's own profile, email included."""
    from chalicelib.identity import profiles

    return profiles.get(req.user.user_id)


@bp.op("PATCH", "/me", body="me_schemas:MePatch", response="me_schemas:MeOut", tag="Me",
       errors=(404, 409))
def patch_me(req: Req) -> dict[str, Any]:
    """Change name, pseudonym, default display, description, interests or locale."""
    from chalicelib.identity import profiles

    patch = {name: getattr(req.body, name) for name in req.body.model_fields_set}
    return profiles.update(req.user.user_id, patch)


@bp.op("POST", "/me/email", body="me_schemas:EmailChangeIn", status=202, tag="Me",
       errors=(404, 429))
def change_email(req: Req) -> None:
    """Ask to move the account to a new address; it changes once the new address confirms."""
    from chalicelib.identity import email_change

    email_change.request(req.user.user_id, req.body.email, req.body.password)


@bp.op("POST", "/me/password", body="me_schemas:PasswordChangeIn", status=204, tag="Me",
       errors=(404, 429))
def change_password(req: Req) -> None:
    """Set a new password; every other session of the person ends."""
    from chalicelib.identity import credentials

    credentials.change_password(req.user.user_id, req.user.session_id,
                                req.body.current_password, req.body.new_password)


@bp.op("POST", "/me/media", body="me_schemas:ProfileMediaIn",
       response="me_schemas:UploadOut", status=201,
       tag="Me",
       errors=(404,))
def upload_media(req: Req) -> dict[str, Any]:
    """A presigned S3 POST for an avatar or cover image (image types, at most 5 MB)."""
    from chalicelib.identity import profiles

    b = req.body
    return profiles.request_upload(req.user.user_id, b.kind, b.content_type, b.size)
