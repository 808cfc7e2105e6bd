"""Who sees what."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from chalicelib.communities import visibility_rules as visibility
from chalicelib.communities.visibility_rules import Viewer
from chalicelib.identity import author_rules as authors
from chalicelib.platform.errors import Forbidden, NotFound, Unauthorized

VISITOR = Viewer()
OUTSIDER = Viewer(user_id="U1")
MEMBER = Viewer(user_id="U2", role="member")
MODERATOR = Viewer(user_id="U3", role="moderator")
ADMIN = Viewer(user_id="U4", role="admin")
PLATFORM = Viewer(user_id="U5", platform_admin=True)


@pytest.mark.parametrize("viewer,sees", [(VISITOR, False), (OUTSIDER, False), (MEMBER, True),
                                         (MODERATOR, True), (ADMIN, True), (PLATFORM, True)])
def test_private_communities_exist_only_for_members_and_platform_admins(viewer, sees):
    assert visibility.sees_community("private", viewer) is sees
    assert visibility.sees_community("public", viewer) is True
    if not sees:
        with pytest.raises(NotFound):
            visibility.require_community("private", viewer)


def test_hidden_items_show_to_their_author_and_moderators_only():
    hidden = {"hidden": True, "deleted": False, "author_id": "U2"}
    assert visibility.sees_item(**hidden, viewer=MEMBER)       # the author
    assert visibility.sees_item(**hidden, viewer=MODERATOR)
    assert not visibility.sees_item(**hidden, viewer=OUTSIDER)
    assert not visibility.sees_item(**hidden, viewer=VISITOR)
    assert not visibility.sees_item(hidden=False, deleted=True, author_id="U2", viewer=MEMBER)


def test_roles_gate_administration():
    with pytest.raises(Unauthorized):
        visibility.require_admin(VISITOR)
    with pytest.raises(Forbidden):
        visibility.require_admin(MODERATOR)
    visibility.require_admin(ADMIN)
    visibility.require_admin(PLATFORM)
    visibility.require_moderator(MODERATOR)


def test_authors_show_as_chosen_and_never_fall_back_to_the_name():
    user = SimpleNamespace(name="Jeanne Martin", pseudonym="jm75", status="active")
    assert authors.display_name("name", user) == "Jeanne Martin"
    assert authors.display_name("pseudonym", user) == "jm75"
    assert authors.display_name("anonymous", user) == "Anonymous"
    assert authors.display_name("pseudonym", SimpleNamespace(
        name="Jeanne Martin", pseudonym=None, status="active")) == "Anonymous"
    assert authors.display_name("name", None) == "Deleted participant"
    assert authors.display_name("name", SimpleNamespace(
        name="X", pseudonym=None, status="deleted")) == "Deleted participant"
    assert authors.display_name("anonymous", None) == "Anonymous"
