"""Password rules and hashing: 12 to 128 characters, zxcvbn score 3 or more with the reason
when refused, bcrypt over a peppered HMAC pre-hash so long passwords are not truncated."""

from __future__ import annotations

import pytest

from chalicelib.identity import password_hashing as passwords
from chalicelib.identity import password_rules as password_policy
from chalicelib.platform.errors import ValidationFailed

STRONG = "correct horse battery staple"


@pytest.mark.parametrize("password,reason", [
    ("short", "at least 12 characters"),
    ("x" * 129, "at most 128 characters"),
    ("password1234", "too easy to guess"),
    ("aaaaaaaaaaaaaaaa", "Repeats"),
])
def test_weak_passwords_are_refused_with_the_reason(password, reason):
    problem = password_policy.weakness(password)
    assert problem is not None and reason in problem


def test_the_persons_own_name_and_email_count_against_the_password():
    password = "zyxwquorrelmeep"
    assert password_policy.weakness(password) is None
    assert password_policy.weakness(password, ("Zyxw Quorrel",
                                               "zyxwquorrelmeep@example.org")) is not None


def test_no_composition_rules():
    assert password_policy.weakness(STRONG) is None           # no digit, no capital
    assert password_policy.weakness("Xq7#kP2!vR9@") is None   # exactly twelve characters


def test_require_strong_names_the_field():
    with pytest.raises(ValidationFailed) as caught:
        password_policy.require_strong("password1234", field="new_password")
    assert caught.value.errors[0].field == "new_password"
    assert caught.value.code == "weak_password"


def test_long_passwords_are_not_truncated_at_72_bytes():
    base = "ü" * 40  # 80 bytes in UTF-8, beyond bcrypt's 72
    hashed = passwords.hash_password(base + "A", pepper="pepper", rounds=4)
    assert passwords.verify_password(base + "A", hashed, pepper="pepper")
    assert not passwords.verify_password(base + "B", hashed, pepper="pepper")
    long_one = "y" * 128
    hashed = passwords.hash_password(long_one, pepper="pepper", rounds=4)
    assert passwords.verify_password(long_one, hashed, pepper="pepper")
    assert not passwords.verify_password("y" * 127 + "z", hashed, pepper="pepper")


def test_the_pepper_is_needed_and_the_salt_differs():
    one = passwords.hash_password(STRONG, pepper="pepper", rounds=4)
    two = passwords.hash_password(STRONG, pepper="pepper", rounds=4)
    assert one != two and one.startswith("$2b$04$")
    assert STRONG not in one
    assert not passwords.verify_password(STRONG, one, pepper="another pepper")


def test_the_cost_comes_from_configuration(aws):
    from chalicelib.identity import credentials

    assert credentials.hash_new(STRONG).startswith("$2b$04$")  # AGORA_BCRYPT_ROUNDS=4


def test_unicode_forms_of_one_password_match():
    composed, decomposed = "caf\u00e9 au lait s'il vous plait", "cafe\u0301 au lait s'il vous plait"
    hashed = passwords.hash_password(composed, pepper="p", rounds=4)
    assert passwords.verify_password(decomposed, hashed, pepper="p")


def test_verify_without_a_hash_is_false_and_still_costs_a_check(aws, monkeypatch):
    import bcrypt

    from chalicelib.identity import credentials

    calls = []
    real = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda *a: calls.append(1) or real(*a))
    assert credentials.verify(STRONG, None) is False
    assert calls == [1]
