"""Notification settings, the in-app notifications, and the one-click unsubscribe links."""

from __future__ import annotations

from chalicelib.notifications import email_choice_rules as choices
from chalicelib.platform.http.routing import AgoraBlueprint, Reply, Req

bp = AgoraBlueprint(__name__)

HTML = "text/html; charset=utf-8"


@bp.op("GET", "/me/notification-settings", response="notification_schemas:NotificationSettingsOut",
       tag="Notifications")
def get_settings(req: Req) -> dict[str, bool]:
    """Email on/off per category, and the daily digest."""
    from chalicelib.notifications import notifications

    return notifications.current_settings(req.user.user_id)


@bp.op("PUT", "/me/notification-settings", body="notification_schemas:NotificationSettingsIn",
       response="notification_schemas:NotificationSettingsOut", tag="Notifications", errors=(422,))
def put_settings(req: Req) -> dict[str, bool]:
    """Turn email categories on or off (`account` cannot be off: 422), and the digest."""
    from chalicelib.notifications import notifications

    return notifications.change_settings(req.user.user_id, req.body.model_dump())


@bp.op("GET", "/me/notifications", query="notification_schemas:NotificationsQuery",
       response="notification_schemas:NotificationList", tag="Notifications")
def list_notifications(req: Req) -> dict:
    """In-app notifications, newest first, with their read state."""
    from chalicelib.notifications import notifications

    return notifications.list_notifications(req.user.user_id, locale=req.user.locale,
                                            limit=req.query.limit, cursor=req.query.cursor,
                                            platform_admin=req.user.platform_admin)


@bp.op("POST", "/me/notifications/read", body="notification_schemas:MarkReadIn", status=204,
       tag="Notifications")
def mark_read(req: Req) -> None:
    """Mark notifications read: `{ids: [...]}` or `{all: true}`."""
    from chalicelib.notifications import notifications
    from chalicelib.platform.errors import ValidationFailed

    if bool(req.body.ids) == bool(req.body.all):
        raise ValidationFailed.field("ids", "give either ids or all: true")
    notifications.mark_read(req.user.user_id, req.body.ids, everything=bool(req.body.all))


@bp.op("GET", "/notifications/unsubscribe/{token}", auth="none", tag="Notifications",
       content_type=HTML, errors=(404,))
def unsubscribe_page(req: Req) -> Reply:
    """The page an unsubscribe link opens: it asks to confirm (a GET changes nothing, so
    link scanners cannot unsubscribe anyone)."""
    from chalicelib.notifications import notifications

    token = req.params["token"]
    category, locale = notifications.unsubscribe(token, confirm=False)
    return Reply(body=_page(token, category, locale, done=False), content_type=HTML)


_ONE_CLICK = {"type": "object", "required": ["List-Unsubscribe"],
              "properties": {"List-Unsubscribe": {"const": "One-Click"}}}
ONE_CLICK = {"required": True, "description": "RFC 8058: `List-Unsubscribe=One-Click`.",
             "content": {kind: {"schema": _ONE_CLICK, "example": {"List-Unsubscribe": "One-Click"}}
                         for kind in ("application/x-www-form-urlencoded",
                                      "multipart/form-data")}}


@bp.op("POST", "/notifications/unsubscribe/{token}", auth="none", tag="Notifications",
       content_type=HTML, errors=(404,), request_body=ONE_CLICK)
def unsubscribe(req: Req) -> Reply:
    """RFC 8058 one-click unsubscribe, without login: the body `List-Unsubscribe=One-Click`
    (application/x-www-form-urlencoded or multipart/form-data) turns the link's category off."""
    from chalicelib.notifications import notifications
    from chalicelib.platform.errors import ValidationFailed

    content_type = str(req.headers.get("content-type") or "")
    if not choices.one_click_requested(content_type, req.request.raw_body or b""):
        raise ValidationFailed.field("List-Unsubscribe", "the body must be "
                                     "List-Unsubscribe=One-Click (RFC 8058)")
    token = req.params["token"]
    category, locale = notifications.unsubscribe(token, confirm=True)
    return Reply(body=_page(token, category, locale, done=True), content_type=HTML)


def _page(token: str, category: str, locale: str, *, done: bool) -> str:
    from chalicelib.platform.config import settings
    from chalicelib.platform.mail_templates import render

    cfg = settings()
    _, _, html = render("notify_unsubscribe", locale, category=category, done=done,
                        action_url=f"{cfg.api_url}/notifications/unsubscribe/{token}",
                        settings_url=f"{cfg.frontend_url}/settings/notifications")
    return html or ""
