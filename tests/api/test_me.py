"""GET and PATCH /me: the person's own profile."""

from __future__ import annotations

import pytest


def test_me_needs_a_token(api):
    assert api.get("/me").status_code == 401
    assert api.patch("/me", {"name": "X"}).status_code == 401


def test_me_shows_the_own_profile_with_the_email(api, make_user):
    user_id, token = make_user("ada@example.org", name="Ada", pseudonym="Countess",
                               display="pseudonym", locale="fr")
    me = api.get("/me", token=token).json
    assert me["id"] == user_id and me["email"] == "ada@example.org"
    assert (me["name"], me["pseudonym"], me["display"], me["locale"]) == (
        "Ada", "Countess", "pseudonym", "fr")
    assert me["interests"] == [] and me["avatar_url"] is None
    assert "password_hash" not in me and me["has_password"] is False
    assert api.get("/me", token=token).headers["X-Robots-Tag"] == "noindex, nofollow"


def test_patch_changes_only_what_is_sent(api, make_user):
    _, token = make_user(name="Ada")
    answer = api.patch("/me", {"description": "Mathematician.\nPoet of science.",
                               "interests": ["Engines", "engines", "Poetry"], "locale": "de"},
                       token=token)
    assert answer.status_code == 200
    me = api.get("/me", token=token).json
    assert me["name"] == "Ada" and me["locale"] == "de"
    assert me["description"] == "Mathematician.\nPoet of science."
    assert me["interests"] == ["Engines", "Poetry"]
    cleared = api.patch("/me", {"description": None, "interests": None}, token=token).json
    assert cleared["description"] is None and cleared["interests"] == []


def test_pseudonyms_are_unique_case_insensitively(api, make_user):
    _, ada = make_user(name="Ada")
    _, bob = make_user(name="Bob")
    assert api.patch("/me", {"pseudonym": "Countess"}, token=ada).status_code == 200
    taken = api.patch("/me", {"pseudonym": "countess"}, token=bob)
    assert taken.status_code == 409 and taken.json["code"] == "pseudonym_taken"
    # Ada changes hers: the old one is free again, the new one is hers.
    assert api.patch("/me", {"pseudonym": "Enchantress"}, token=ada).status_code == 200
    assert api.patch("/me", {"pseudonym": "COUNTESS"}, token=bob).status_code == 200
    assert api.patch("/me", {"pseudonym": "enchantress"}, token=bob).status_code == 409
    # Changing only the case of one's own pseudonym is fine.
    assert api.patch("/me", {"pseudonym": "ENCHANTRESS"}, token=ada).json["pseudonym"] == \
        "ENCHANTRESS"
    from chalicelib.identity.user_tables import Unique

    keys = sorted(u.key for u in Unique.scan() if u.key.startswith("pseudonym#"))
    assert keys == ["pseudonym#countess", "pseudonym#enchantress"]


def test_removing_a_pseudonym_releases_it(api, make_user):
    _, ada = make_user(name="Ada", pseudonym="Countess")
    _, bob = make_user(name="Bob")
    assert api.patch("/me", {"pseudonym": None}, token=ada).json["pseudonym"] is None
    assert api.patch("/me", {"pseudonym": "Countess"}, token=bob).status_code == 200


def test_display_modes(api, make_user):
    _, token = make_user(name="Ada")
    no_pseudonym = api.patch("/me", {"display": "pseudonym"}, token=token)
    assert no_pseudonym.status_code == 400
    assert no_pseudonym.json["errors"][0]["field"] == "display"
    api.patch("/me", {"display": "pseudonym", "pseudonym": "Countess"}, token=token)
    assert api.get("/me", token=token).json["display"] == "pseudonym"
    api.patch("/me", {"display": "anonymous"}, token=token)
    assert api.get("/me", token=token).json["display"] == "anonymous"
    assert api.patch("/me", {"display": "everyone"}, token=token).status_code == 400


@pytest.mark.parametrize("body,field", [
    ({"name": ""}, "name"), ({"name": None}, "name"), ({"locale": "xx"}, "locale"),
    ({"pseudonym": "no"}, "pseudonym"), ({"pseudonym": "Anonymous"}, "pseudonym"),
    ({"interests": "parks"}, "interests"), ({"interests": [""]}, "interests.0"),
    ({"email": "new@example.org"}, "email"), ({"platform_admin": True}, "platform_admin"),
])
def test_bad_patches_name_the_field(api, make_user, body, field):
    _, token = make_user()
    answer = api.patch("/me", body, token=token)
    assert answer.status_code == 400
    assert field in [e["field"] for e in answer.json["errors"]]


def test_a_deleted_account_has_no_profile(api, make_user):
    from chalicelib.identity.user_tables import User

    user_id, token = make_user()
    User(user_id).update(actions=[User.status.set("deleting")])
    assert api.get("/me", token=token).status_code == 404
