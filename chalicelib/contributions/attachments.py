"""Attachments to contributions (images and PDFs, 10 MB): presigned uploads, as for avatars.

The contribution records each planned upload as `pending`; the upload checker verifies the
real type and size from the object's first bytes and, if it passes, `link` marks the
attachment `ready` (a refused upload is deleted and stays pending). Only ready attachments
are shown, except to their author. Keys: `attachment/<contribution id>/<upload id>`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.platform import ids, sanitise
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import Forbidden, Unprocessable, ValidationFailed

if TYPE_CHECKING:
    from chalicelib.platform.principal import Principal

MAX_ATTACHMENTS = 10


def plan(contribution_id: str, specs: list[Any]) -> list[dict[str, Any]]:
    from chalicelib.platform import upload_rules as uploads
    from chalicelib.platform.aws import media

    allowed, max_bytes = uploads.KINDS["attachment"]
    out = []
    for n, spec in enumerate(specs):
        if spec.content_type not in allowed:
            raise ValidationFailed.field(f"attachments.{n}.content_type",
                                         f"must be one of {', '.join(allowed)}")
        if spec.size > max_bytes:
            raise ValidationFailed.field(f"attachments.{n}.size", f"at most {max_bytes} bytes")
        upload_id = ids.new_id()
        key = f"attachment/{contribution_id}/{upload_id}"
        out.append({
            "id": upload_id,
            "record": {"key": key, "status": "pending", "content_type": spec.content_type,
                       "name": sanitise.plain(spec.name, f"attachments.{n}.name")},
            "upload": {"attachment_id": upload_id,
                       **media.presigned_upload(key, spec.content_type, max_bytes)},
        })
    return out


def add(contribution_id: str, principal: Principal, specs: list[Any]) -> dict[str, Any]:
    """The author adds attachments to their contribution: presigned uploads."""
    from chalicelib.contributions import content_access
    from chalicelib.contributions import contribution_tables as store

    scope = content_access.contribution_scope(contribution_id, principal, "")
    c = scope.contribution
    if c.author_id != principal.user_id:
        raise Forbidden("Only the author adds attachments.", code="not_author")
    if len(as_dict(c.attachments)) + len(specs) > MAX_ATTACHMENTS:
        raise Unprocessable(f"A contribution has at most {MAX_ATTACHMENTS} attachments.",
                            code="too_many_attachments")
    planned = plan(contribution_id, specs)
    if not store.add_attachments(contribution_id, {p["id"]: p["record"] for p in planned}):
        raise Unprocessable("This contribution can no longer change.", code="deleted")
    return {"uploads": [p["upload"] for p in planned]}


def link(key: str, content_type: str) -> None:
    """Upload checker callback (media_links.LINKERS["attachment"]): idempotent."""
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.platform.aws import media

    parts = key.split("/")
    if len(parts) != 3 or not ids.is_id(parts[1]) or not ids.is_id(parts[2]):
        media.delete([key])
        return
    if not store.attachment_ready(parts[1], parts[2], key, content_type):
        media.delete([key])  # no such planned attachment (or its contribution is gone)
