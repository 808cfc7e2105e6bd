"""The operator command that makes a platform administrator on a deployed stage."""

from __future__ import annotations

import pytest

from tools import agora_admin


@pytest.fixture(autouse=True)
def _restore_environment(monkeypatch):
    """The command names its stage and region in os.environ: give them back afterwards."""
    import os

    for name in ("AGORA_STAGE", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.setenv(name, os.environ[name])


def test_it_creates_an_administrator_with_the_password_from_the_environment(aws, monkeypatch,
                                                                             capsys):
    from chalicelib.identity import login
    from chalicelib.identity.user_tables import User

    monkeypatch.setenv("AGORA_ADMIN_PASSWORD", "operator chosen passphrase")
    assert agora_admin.main(["promote", "--stage", "test", "--email", "Ops@Example.org",
                             "--name", "Ops"]) == 0
    out = capsys.readouterr().out
    assert "a new platform administrator account" in out and "ops@example.org" not in out.lower()
    user = User.get(out.split("user id ")[1].split(":")[0])
    assert user.platform_admin and user.status == "active" and user.name == "Ops"
    pair = login.login("ops@example.org", "operator chosen passphrase")
    import jwt

    assert jwt.decode(pair.access_token, options={"verify_signature": False})["adm"] is True


def test_it_promotes_an_existing_account_without_asking_a_password(aws, monkeypatch, make_user,
                                                                   capsys):
    from chalicelib.identity.user_tables import Session, User

    monkeypatch.delenv("AGORA_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("getpass.getpass", lambda *_: pytest.fail("asked for a password"))
    user_id, _ = make_user("carol@example.org")
    assert agora_admin.main(["promote", "--stage", "test", "--email", "carol@example.org"]) == 0
    out = capsys.readouterr().out
    assert "keeps its own password" in out and "1 of its sessions ended" in out
    assert User.get(user_id).platform_admin
    assert all(s.revoked for s in Session.scan() if s.user_id == user_id)


def test_the_password_is_asked_at_a_prompt_and_checked(aws, monkeypatch):
    monkeypatch.delenv("AGORA_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["password1234", "password1234"])
    monkeypatch.setattr("getpass.getpass", lambda *_: next(answers))
    with pytest.raises(SystemExit, match="too easy to guess"):
        agora_admin.main(["promote", "--stage", "test", "--email", "new@example.org"])
    answers = iter(["one long passphrase", "another long passphrase"])
    with pytest.raises(SystemExit, match="differ"):
        agora_admin.main(["promote", "--stage", "test", "--email", "new@example.org"])


def test_the_password_is_never_an_argument(aws, capsys):
    with pytest.raises(SystemExit) as caught:
        agora_admin.main(["promote", "--stage", "test", "--email", "a@example.org",
                          "--password", "on the command line"])
    assert caught.value.code == 2


def test_a_process_bound_to_another_stage_refuses(aws, monkeypatch):
    monkeypatch.setenv("AGORA_ADMIN_PASSWORD", "operator chosen passphrase")
    with pytest.raises(SystemExit, match="already bound"):
        agora_admin.main(["promote", "--stage", "prod", "--email", "ops@example.org"])


def test_an_unconfirmed_registration_gets_the_operators_password_not_the_registrants(
        aws, monkeypatch, capsys):
    """Issue 13 item 1: someone registered ops@ and never confirmed; the operator promotes."""
    from chalicelib.identity import login, registration
    from chalicelib.identity.user_tables import User
    from chalicelib.platform.errors import Unauthorized

    registration.register(name="Intruder", email="ops@example.org",
                          password="the intruder's long passphrase")
    monkeypatch.setenv("AGORA_ADMIN_PASSWORD", "operator chosen passphrase")
    assert agora_admin.main(["promote", "--stage", "test", "--email", "ops@example.org"]) == 0
    out = capsys.readouterr().out
    assert "unconfirmed registration" in out and "password you gave" in out
    with pytest.raises(Unauthorized):
        login.login("ops@example.org", "the intruder's long passphrase")
    pair = login.login("ops@example.org", "operator chosen passphrase")
    import jwt

    assert jwt.decode(pair.access_token, options={"verify_signature": False})["adm"] is True
    assert [u.name for u in User.scan()] == ["Administrator"]


def test_a_suspended_account_is_refused_and_nothing_changes(aws, make_user):
    from chalicelib.identity.user_tables import User

    user_id, _ = make_user("sus@example.org")
    User(user_id).update(actions=[User.status.set("suspended")])
    with pytest.raises(SystemExit, match="suspended"):
        agora_admin.main(["promote", "--stage", "test", "--email", "sus@example.org"])
    assert not User.get(user_id).platform_admin
