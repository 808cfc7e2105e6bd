"""Bootstrapping the platform administrator (`make run` with AGORA_ADMIN_EMAIL): idempotent,
promotes a confirmed account without touching its password, and never hands the role to the
password of an unconfirmed registration (issue 13 item 1)."""

from __future__ import annotations

import pytest

OPERATOR = "the operator's own passphrase"
INTRUDER = "the intruder's long passphrase"


def test_ensure_platform_admin_is_idempotent(aws):
    from chalicelib.identity import platform_admins as admins
    from chalicelib.identity.user_tables import User

    first = admins.ensure_platform_admin("Admin@Example.org", "a long enough passphrase")
    second = admins.ensure_platform_admin("admin@example.org", "a long enough passphrase")
    assert (first.outcome, second.outcome) == (admins.CREATED, admins.ALREADY)
    assert first.user_id == second.user_id
    user = User.get(first.user_id)
    assert user.platform_admin and user.status == "active"
    assert user.password_hash and "passphrase" not in user.password_hash


def test_a_confirmed_account_is_promoted_and_keeps_its_owners_password(aws, make_user):
    from chalicelib.identity import login
    from chalicelib.identity import platform_admins as admins
    from chalicelib.identity.user_tables import User
    from chalicelib.platform.errors import Unauthorized

    user_id, _ = make_user("carol@example.org", password="carol's own passphrase")
    done = admins.ensure_platform_admin("carol@example.org", OPERATOR)
    assert (done.user_id, done.outcome, done.sessions_ended) == (user_id, admins.PROMOTED, 1)
    assert "keeps its own password" in done.report() and "was not used" in done.report()
    assert User.get(user_id).platform_admin
    login.login("carol@example.org", "carol's own passphrase")
    with pytest.raises(Unauthorized):
        login.login("carol@example.org", OPERATOR)


def test_an_unconfirmed_registration_is_discarded_not_promoted(aws):
    """The attack: someone registers ops@ and never confirms; the operator bootstraps ops@."""
    from chalicelib.identity import login, registration
    from chalicelib.identity import platform_admins as admins
    from chalicelib.identity.user_tables import Unique, User
    from chalicelib.platform.errors import Unauthorized, ValidationFailed
    from tests.api.identity_support import last_token

    registration.register(name="Intruder", email="ops@example.org", password=INTRUDER,
                          pseudonym="Chief", source_ip="203.0.113.9")
    link = last_token("ops@example.org", "/confirm")
    from chalicelib.identity import password_reset

    password_reset.forgot("ops@example.org")
    reset_link = last_token("ops@example.org", "/reset-password")
    done = admins.ensure_platform_admin("ops@example.org", OPERATOR, name="Ops")
    assert done.outcome == admins.REPLACED
    assert "unconfirmed registration" in done.report() and "discarded" in done.report()
    with pytest.raises(Unauthorized):
        login.login("ops@example.org", INTRUDER)
    pair = login.login("ops@example.org", OPERATOR)
    import jwt

    assert jwt.decode(pair.access_token, options={"verify_signature": False})["adm"] is True
    user = User.get(done.user_id)
    assert (user.name, user.status, user.requested_pseudonym) == ("Ops", "active", None)
    assert Unique.count("pseudonym#chief") == 0
    with pytest.raises(ValidationFailed):  # the intruder's link confirms nothing now
        registration.confirm(link, INTRUDER)
    with pytest.raises(ValidationFailed):  # nor does a reset link sent before
        password_reset.reset(reset_link, INTRUDER)
    login.login("ops@example.org", OPERATOR)


def test_an_unconfirmed_account_needs_the_operators_password(aws):
    from chalicelib.identity import platform_admins as admins
    from chalicelib.identity import registration
    from chalicelib.identity.user_tables import User

    registration.register(name="Intruder", email="ops@example.org", password=INTRUDER)
    with pytest.raises(admins.PasswordNeeded):
        admins.ensure_platform_admin("ops@example.org", None)
    assert [u.platform_admin for u in User.scan()] == [False]


def test_a_suspended_account_is_refused(aws, make_user):
    from chalicelib.identity import platform_admins as admins
    from chalicelib.identity.user_tables import User

    user_id, _ = make_user("sus@example.org")
    User(user_id).update(actions=[User.status.set("suspended")])
    with pytest.raises(admins.PromotionRefused, match="suspended"):
        admins.ensure_platform_admin("sus@example.org", OPERATOR)
    user = User.get(user_id)
    assert (user.status, user.platform_admin) == ("suspended", False)


def test_make_run_says_what_it_did(aws, make_user):
    from local import run

    make_user("carol@example.org", password="carol's own passphrase")
    said = run._ensure_admin("carol@example.org", OPERATOR)
    assert "keeps its own password" in said and "carol@" not in said
    assert "kept (from an earlier start)" in run._ensure_admin("carol@example.org", OPERATOR)
