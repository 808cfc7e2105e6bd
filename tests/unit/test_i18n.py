"""Locale choice and multilingual text."""

from __future__ import annotations

import pytest

from chalicelib.platform import i18n, sanitise
from chalicelib.platform.errors import ValidationFailed


@pytest.mark.parametrize("header,expected", [
    ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", ["fr", "en", "de"]),
    ("en;q=0.2, de", ["de", "en"]),
    ("es;q=0, fr", ["fr"]),
    ("", []),
    (None, []),
    ("garbage;;;, ,q=1, x-y-z-very-long-tag-that-is-wrong", ["garbage", "x"]),
    ("toolongprimary, fr", ["fr"]),
    ("de;q=abc, fr", ["fr"]),
])
def test_accept_language_is_parsed_by_quality(header, expected):
    assert i18n.parse_accept_language(header) == expected


def test_profile_beats_accept_language_beats_community_default():
    offered = ["en", "fr", "de"]
    assert i18n.choose(profile="de", accept_language="fr", offered=offered,
                       default="en") == "de"
    assert i18n.choose(profile=None, accept_language="es, fr;q=0.5", offered=offered,
                       default="en") == "fr"
    assert i18n.choose(profile=None, accept_language="es", offered=offered,
                       default="en") == "en"


def test_a_profile_locale_the_community_does_not_offer_is_skipped():
    assert i18n.choose(profile="es", accept_language="de", offered=["en", "de"],
                       default="en") == "de"


def test_pick_falls_back_to_the_default_then_any_and_says_which():
    texts = {"fr": "Bonjour", "de": "Hallo"}
    assert i18n.pick(texts, "de", "fr") == ("Hallo", "de")
    assert i18n.pick(texts, "es", "fr") == ("Bonjour", "fr")
    assert i18n.pick(texts, "es", "en") == ("Hallo", "de")
    assert i18n.pick({}, "en", "en") == ("", None)


def test_as_map_takes_a_string_or_a_map_of_supported_locales():
    clean = sanitise.plain_cleaner(50)
    assert i18n.as_map("Hi", field="title", locale="fr", clean=clean) == {"fr": "Hi"}
    assert i18n.as_map({"en": "Hi", "de": "Hallo"}, field="title", locale="fr",
                       clean=clean) == {"en": "Hi", "de": "Hallo"}
    with pytest.raises(ValidationFailed) as raised:
        i18n.as_map({"xx": "?"}, field="title", locale="en", clean=clean)
    assert raised.value.errors[0].field == "title.xx"
