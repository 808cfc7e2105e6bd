"""Who may see and do what. Pure rules over a `Viewer` (who asks, and their role in the
community the object belongs to).

- A public community and its content are visible to everyone; a private one only to its
  members (any role) and platform admins. To anyone else it does not exist: 404.
- Hidden (moderation) or deleted content is visible to nobody but, when hidden, to its
  author and the community's moderators (marked hidden).
- Moderators (role moderator or admin) moderate and edit content; admins manage the
  community, its projects and modules. Platform admins may do everything everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.platform.errors import Forbidden, NotFound, Unauthorized

ROLES = ("member", "moderator", "admin")


@dataclass(frozen=True)
class Viewer:
    user_id: str | None = None
    platform_admin: bool = False
    role: str | None = None  # the role in the community at hand, if any

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None


def sees_community(visibility: str, viewer: Viewer) -> bool:
    return visibility == "public" or viewer.platform_admin or viewer.role in ROLES


def moderates(viewer: Viewer) -> bool:
    return viewer.platform_admin or viewer.role in ("moderator", "admin")


def administers(viewer: Viewer) -> bool:
    return viewer.platform_admin or viewer.role == "admin"


def sees_item(*, hidden: bool, deleted: bool, author_id: str | None, viewer: Viewer) -> bool:
    if deleted:
        return False
    if not hidden:
        return True
    return moderates(viewer) or (viewer.user_id is not None and viewer.user_id == author_id)


def may_edit(*, author_id: str | None, viewer: Viewer) -> bool:
    return moderates(viewer) or (viewer.user_id is not None and viewer.user_id == author_id)


def require_community(visibility: str | None, viewer: Viewer, what: str = "community") -> None:
    if visibility is None or not sees_community(visibility, viewer):
        raise NotFound(f"No such {what}.")


def require_admin(viewer: Viewer) -> None:
    if not viewer.signed_in:
        raise Unauthorized("Sign in first.")
    if not administers(viewer):
        raise Forbidden("Only the community's administrators may do this.", code="not_admin")


def require_moderator(viewer: Viewer) -> None:
    if not viewer.signed_in:
        raise Unauthorized("Sign in first.")
    if not moderates(viewer):
        raise Forbidden("Only the community's moderators may do this.", code="not_moderator")
