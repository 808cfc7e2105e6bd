"""What one page view keeps (issue 18 item 5): a country code, a language, a browser
family, and nothing of the person."""

from __future__ import annotations

import pytest

from chalicelib.analytics import visit_rules as rules

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")


def test_the_country_is_two_letters_from_the_cdn_or_unknown():
    assert rules.country("fr") == "FR"
    assert rules.country(None) == rules.country("") == "unknown"
    assert rules.country("XX") == rules.country("FRA") == rules.country("1<") == "unknown"


def test_the_language_is_one_of_the_platforms():
    assert rules.language("fr-BE") == "fr"
    assert rules.language("de_AT") == "de"
    assert rules.language("pt") == rules.language(None) == "unknown"


def test_the_browser_family_comes_from_the_parser_and_nothing_else_of_the_agent():
    assert rules.browser_family(FIREFOX) == "Firefox"
    assert rules.browser_family(IPHONE) == "Mobile Safari"
    assert rules.browser_family("curl/8.0") in ("curl", "Other")
    assert rules.browser_family(None) == "unknown"
    assert rules.browser_family("x" * 100_000) == "Other"


def test_a_visit_message_holds_no_more_than_the_view():
    visit = rules.Visit(id="01ABC", page="module", target="M1", at=1.0, language="fr",
                        country="FR", browser="Firefox")
    assert set(visit.as_message()) == {"kind", "id", "page", "target", "at", "language",
                                       "country", "browser"}
    assert rules.parse(visit.as_message()) == visit


@pytest.mark.parametrize("body", [None, [], {"kind": "contribution"},
                                  {"kind": "visit", "page": "user", "target": "x", "id": "a",
                                   "at": 1},
                                  {"kind": "visit", "page": "module", "target": "../x",
                                   "id": "a", "at": 1},
                                  {"kind": "visit", "page": "module", "target": "M",
                                   "id": "a", "at": True}])
def test_a_message_that_is_no_visit_is_refused(body):
    with pytest.raises(ValueError):
        rules.parse(body)


def test_a_batch_adds_up_per_community_day():
    a = rules.Visit(id="1", page="module", target="M", at=0, language="fr", country="FR",
                    browser="Firefox")
    b = rules.Visit(id="2", page="community", target="C", at=0)
    counts = rules.add_up([(a, "C", "M", "2026-12-03"), (b, "C", None, "2026-12-03"),
                           (a, "D", "N", "2026-12-04")])
    assert set(counts) == {("C", "2026-12-03"), ("D", "2026-12-04")}
    day = counts[("C", "2026-12-03")]
    assert day["vis|c"] == 2 and day["vis|m|M"] == 1
    assert day["vis|l|fr"] == day["vis|l|unknown"] == 1
    assert sum(n for name, n in day.items() if name.startswith("vis|k|")) == 2
