"""Platform administrators: bootstrapped from the environment (`make run`) or by the
operator command (`python -m tools.agora_admin`) against a deployed stage."""

from __future__ import annotations

from chalicelib.identity import email_rules as emails
from chalicelib.identity import password_hashing as passwords
from chalicelib.platform import clock, ids


def ensure_platform_admin(email: str, password: str, name: str = "Administrator") -> str:
    """Create the account, or promote the existing one. Idempotent. Returns the user id."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import session_tables as sessions
    from chalicelib.identity.user_tables import Unique, User
    from chalicelib.platform.aws.secrets import secret
    from chalicelib.platform.config import settings

    normalised = emails.validated(email)
    key = emails.unique_key(normalised)
    try:
        user_id = Unique.get(key).user_id
        User(user_id).update(actions=[User.platform_admin.set(True), User.status.set("active")])
        sessions.revoke_all(user_id)  # tokens carry the role: make them sign in again
        return user_id
    except Unique.DoesNotExist:
        pass
    user_id = ids.new_id()
    now = clock.now()
    user = User(user_id, email=normalised, name=name, status="active", platform_admin=True,
                created_at=now, confirmed_at=now,
                password_hash=passwords.hash_password(
                    password, pepper=secret("password_pepper"),
                    rounds=settings().bcrypt_rounds))
    if accounts.create(user, [key]):
        raise RuntimeError("the address was claimed meanwhile: run the command again")
    return user_id
