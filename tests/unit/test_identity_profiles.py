"""Profile field rules (pure) and the display names other areas show."""

from __future__ import annotations

import pytest

from chalicelib.domain import people, profiles
from chalicelib.domain.errors import ValidationFailed


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


@pytest.mark.parametrize("args,expected", [
    (("Ada", "Countess", "name", "active", None), "Ada"),
    (("Ada", "Countess", "pseudonym", "active", None), "Countess"),
    (("Ada", "Countess", "name", "active", "pseudonym"), "Countess"),
    (("Ada", None, "name", "active", "pseudonym"), "Ada"),
    (("Ada", "Countess", "anonymous", "active", None), "Anonymous"),
    (("Ada", "Countess", "name", "deleted", None), "Deleted participant"),
    (("Ada", "Countess", "name", "deleting", "name"), "Deleted participant"),
])
def test_labels(args, expected):
    assert people.label(*args) == expected


def test_display_names_is_one_batch_get(aws, make_user):
    from bench import counting
    from chalicelib.services.aws import reset_clients
    from chalicelib.storage.registry import all_models

    counting.install()
    reset_clients()
    for model in all_models():
        model._connection = None
    ada, _ = make_user(name="Ada Lovelace", pseudonym="Countess", display="pseudonym")
    grace, _ = make_user(name="Grace Hopper")
    ghost = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
    with counting.counting() as calls:
        names = people.display_names([ada, grace, ghost, ada], modes={grace: "pseudonym"})
    assert names == {ada: "Countess", grace: "Grace Hopper", ghost: "Deleted participant"}
    assert calls["dynamodb"] == 1
    with counting.counting() as calls:
        assert people.display_names([]) == {}
    assert calls["dynamodb"] == 0
