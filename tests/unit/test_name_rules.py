"""Issue 13 item 5: names and pseudonyms refuse markup, invisible characters and the
platform's own labels, look-alikes included (pure rules, and the profile cleaners that apply
them at registration, on profile changes and for SSO names)."""

from __future__ import annotations

import pytest

from chalicelib.identity import name_rules, profiles
from chalicelib.platform.errors import ValidationFailed

RESERVED_LOOKALIKES = ["Admın", "Moderator.", "Deleted participant", "Anonymous", "ADMIN",
                       "Аdmin",  # Cyrillic А
                       "Ａｄｍｉｎ", "Adm1n", "M0derator", "ᴀnonymous", "Anonymоus",
                       "D e l e t e d  participant", "deleted-participant", "Anonyme",
                       "Modérateur", "Agora", "System", "Administrator!"]
MARKUP = ["<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "Ada <b>", "a>b",
          "Ａ＜script＞", "Tom &lt;b&gt;", "&#60;svg&#62;"]
INVISIBLE = ["Ada\u0000", "Ada\u200b", "Ada\u202eevil", "Ada\u2028", "Ada\ufeff", "\u0007bell"]
FINE = ["Ada Lovelace", "Zoë Martín", "Łukasz", "Li Wei", "Jean-Luc O'Neil", "Tom & Jerry",
        "Adminah", "Emil", "Moderato Cantabile", "Sysadmin Sam"]


@pytest.mark.parametrize("value", RESERVED_LOOKALIKES)
def test_reserved_words_and_their_lookalikes_are_refused(value):
    assert name_rules.problem(value) == "is reserved by the platform"


@pytest.mark.parametrize("value", MARKUP)
def test_markup_is_refused(value):
    assert "markup" in (name_rules.problem(value) or "")


@pytest.mark.parametrize("value", INVISIBLE)
def test_control_and_invisible_characters_are_refused(value):
    assert "invisible" in (name_rules.problem(value) or "")


@pytest.mark.parametrize("value", FINE)
def test_ordinary_names_pass(value):
    assert name_rules.problem(value) is None


def test_skeletons_fold_lookalikes_together():
    assert name_rules.skeleton("Admın") == name_rules.skeleton("admin")
    assert name_rules.skeleton("Аdmіn") == name_rules.skeleton("Admin")  # Cyrillic А, і
    assert name_rules.skeleton("Moderator.") == name_rules.skeleton("moderator")


@pytest.mark.parametrize("value", RESERVED_LOOKALIKES[:6] + MARKUP[:3] + INVISIBLE[:3])
def test_the_profile_cleaners_apply_the_rules(value):
    with pytest.raises(ValidationFailed) as caught:
        profiles.clean_name(value)
    assert caught.value.errors[0].field == "name"
    with pytest.raises(ValidationFailed) as caught:
        profiles.clean_pseudonym(value)
    assert caught.value.errors[0].field == "pseudonym"
