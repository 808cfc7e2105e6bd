"""Bootstrapping the platform administrator is idempotent and promotes an existing account."""

from __future__ import annotations


def test_ensure_platform_admin_is_idempotent(aws):
    from chalicelib.identity import platform_admins as admins
    from chalicelib.identity.user_tables import User

    first = admins.ensure_platform_admin("Admin@Example.org", "a long enough passphrase")
    second = admins.ensure_platform_admin("admin@example.org", "a long enough passphrase")
    assert first == second
    user = User.get(first)
    assert user.platform_admin and user.status == "active"
    assert user.password_hash and "passphrase" not in user.password_hash


def test_an_existing_account_is_promoted(aws, make_user):
    from chalicelib.identity import platform_admins as admins
    from chalicelib.identity.user_tables import User

    user_id, _ = make_user("carol@example.org")
    assert admins.ensure_platform_admin("carol@example.org", "whatever passphrase") == user_id
    assert User.get(user_id).platform_admin
