"""What notifications hold about a person, as erasure steps and export sections: the in-app
notifications, what waits for the digest, and their email settings."""

from __future__ import annotations

from typing import Any

from chalicelib.notifications.notification_tables import (
    DigestEntry,
    Notification,
    NotificationSettings,
    erase_digest_entries,
    erase_notifications,
    erase_settings,
    get_settings,
)
from chalicelib.platform import clock
from chalicelib.platform.personal_data import ErasureStep, ExportSection

ERASURE = [
    ErasureStep("notifications", "content", erase_notifications, covers=(Notification,)),
    ErasureStep("notification_digest", "content", erase_digest_entries, covers=(DigestEntry,)),
    ErasureStep("notification_settings", "content", erase_settings,
                covers=(NotificationSettings,)),
]


def notifications(user_id: str) -> dict[str, Any]:
    """Notification settings and the in-app notifications still kept (180 days)."""
    settings = get_settings(user_id)
    return {
        "settings": settings.choices() if settings else {},
        "items": [{"id": n.notification_id,
                   "created_at": clock.iso(n.created_at) if n.created_at else None,
                   "read": bool(n.read), "data": n.data.as_dict() if n.data else {}}
                  for n in Notification.query(user_id)],
    }


def email_choices(user_id: str) -> dict[str, Any]:
    """Notifications' part of the `consents` section."""
    settings = get_settings(user_id)
    return {"email_notifications": settings.choices() if settings else {}}


EXPORT = [
    ExportSection("notifications", notifications),
    ExportSection("consents", email_choices),
]
