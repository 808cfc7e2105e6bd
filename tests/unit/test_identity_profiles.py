"""Profile field rules (pure)."""

from __future__ import annotations

import pytest

from chalicelib.identity import profiles
from chalicelib.platform.errors import ValidationFailed


def test_names_are_trimmed_and_bounded():
    assert profiles.clean_name("  Ada   Lovelace ") == "Ada Lovelace"
    for bad in ("", "   ", "x" * 101, "Ada\u0000"):
        with pytest.raises(ValidationFailed) as caught:
            profiles.clean_name(bad)
        assert caught.value.errors[0].field == "name"


@pytest.mark.parametrize("value,ok", [("Zoé_42", True), ("ab", False), ("x" * 33, False),
                                      ("Anonymous", False), ("deleted participant", False),
                                      ("-dash", False), ("bad<script>", False),
                                      ("Jean-Luc O'Neil", True)])
def test_pseudonym_rules(value, ok):
    if ok:
        assert profiles.clean_pseudonym(value)
    else:
        with pytest.raises(ValidationFailed):
            profiles.clean_pseudonym(value)


def test_pseudonym_keys_compare_case_insensitively_after_normalisation():
    assert profiles.pseudonym_key("Zoé") == profiles.pseudonym_key("ZOE\u0301")
    assert profiles.pseudonym_key("Straße") == profiles.pseudonym_key("STRASSE")


def test_interests_are_deduplicated_and_bounded():
    assert profiles.clean_interests(["Parks", "parks", " Bikes "]) == ["Parks", "Bikes"]
    assert profiles.clean_interests([]) is None
    with pytest.raises(ValidationFailed) as caught:
        profiles.clean_interests(["ok", ""])
    assert caught.value.errors[0].field == "interests.1"
    with pytest.raises(ValidationFailed):
        profiles.clean_interests([f"topic {i}" for i in range(21)])


def test_description_keeps_newlines_refuses_control_characters():
    assert profiles.clean_description(" line one\nline two ") == "line one\nline two"
    with pytest.raises(ValidationFailed):
        profiles.clean_description("bell\u0007")
    with pytest.raises(ValidationFailed):
        profiles.clean_description("x" * 2001)


def test_locales(aws):
    assert profiles.clean_locale("fr-CA") == "fr"
    with pytest.raises(ValidationFailed):
        profiles.clean_locale("xx")
    assert profiles.preferred_locale("it-IT, de;q=0.8, fr;q=0.9") == "fr"
    assert profiles.preferred_locale("garbage;q=x") == "en"
    assert profiles.preferred_locale("") == "en"


def test_display_pseudonym_needs_a_pseudonym():
    with pytest.raises(ValidationFailed) as caught:
        profiles.plan_update({"display": "name", "pseudonym": None}, {"display": "pseudonym"})
    assert caught.value.errors[0].field == "display"
    with pytest.raises(ValidationFailed):
        profiles.plan_update({"display": "pseudonym", "pseudonym": "Zed"}, {"pseudonym": None})
    assert profiles.plan_update({"display": "name", "pseudonym": None},
                                {"display": "pseudonym", "pseudonym": "Zed"}) == {
        "display": "pseudonym", "pseudonym": "Zed"}


def test_plan_update_only_touches_what_was_sent():
    assert profiles.plan_update({}, {}) == {}
    assert profiles.plan_update({}, {"description": None}) == {"description": None}
    with pytest.raises(ValidationFailed):
        profiles.plan_update({}, {"name": None})


