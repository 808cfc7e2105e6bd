"""Audience statistics without tracking: what one page view becomes, and how a batch of them
adds up (pure: tests call these directly).

A view is reduced, in the API process, to the page's kind and id, its language, the
viewer's country (the CDN's `CloudFront-Viewer-Country` header: two letters, when present)
and the browser's family (parsed from the User-Agent by ua-parser's maintained rules): no
IP address, no User-Agent, no user id, no session id, no cookie, nothing that could link two
views of the same person. The counter then adds views to per-day counters of the page's
community; no item is kept per view.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

PAGES = ("community", "project", "module", "contribution")
LANGUAGES = ("en", "fr", "de", "es")
UNKNOWN = "unknown"
MAX_FAMILY = 40
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_FAMILY = re.compile(r"[^A-Za-z0-9 ._-]")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Counter names on a community's day item (`d#YYYY-MM-DD`): `vis|c` (the community's
# views), `vis|m|<module>` (views of a module and its contributions), and one partition of
# the views per breakdown: `vis|l|<language>`, `vis|k|<country>`, `vis|b|<browser family>`.
PREFIX = "vis"
BREAKDOWNS = {"l": "by_language", "k": "by_country", "b": "by_browser"}


def country(header: str | None) -> str:
    """An ISO 3166 alpha-2 code from the CDN's header, else "unknown" (no header locally,
    or one the CDN could not place: it sends "XX" then)."""
    value = (header or "").strip().upper()
    return value if _COUNTRY.match(value) and value != "XX" else UNKNOWN


def language(locale: str | None) -> str:
    """The page's language, reduced to one of the platform's (a region is dropped)."""
    base = re.split(r"[-_]", (locale or "").strip().lower(), maxsplit=1)[0]
    return base if base in LANGUAGES else UNKNOWN


def browser_family(user_agent: str | None) -> str:
    """The browser's family ("Firefox", "Chrome Mobile", "Other") by ua-parser; the
    User-Agent itself goes no further than this function."""
    if not user_agent:
        return UNKNOWN
    parsed = _parser().parse_user_agent(user_agent[:1000])
    family = _FAMILY.sub("", parsed.family if parsed else "")[:MAX_FAMILY].strip()
    return family or "Other"


@cache
def _parser() -> Any:
    """The browser domain only, its rules compiled as they are first tried (a cold API
    process would otherwise compile them all, about a second, before its first answer)."""
    from ua_parser import BasicResolver, Parser, load_lazy_builtins

    return Parser(BasicResolver(load_lazy_builtins()))


@dataclass(frozen=True)
class Visit:
    """One view as the queue carries it: `id` is a random id of the view itself (it makes a
    redelivery count once), `at` its time; nothing in it names or links a person."""

    id: str
    page: str
    target: str
    at: float
    language: str = UNKNOWN
    country: str = UNKNOWN
    browser: str = UNKNOWN

    def as_message(self) -> dict[str, Any]:
        return {"kind": "visit", "id": self.id, "page": self.page, "target": self.target,
                "at": self.at, "language": self.language, "country": self.country,
                "browser": self.browser}


def parse(body: Any) -> Visit:
    """A visit message, or ValueError (the message then fails and reaches the DLQ)."""
    if not isinstance(body, dict) or body.get("kind") != "visit":
        raise ValueError("not a visit")
    page, target, at = body.get("page"), body.get("target"), body.get("at")
    visit_id = body.get("id")
    if page not in PAGES or not isinstance(target, str) or not _ID.match(target):
        raise ValueError("a visit names a page and its id")
    if not isinstance(visit_id, str) or not _ID.match(visit_id):
        raise ValueError("a visit has an id")
    if not isinstance(at, int | float) or isinstance(at, bool):
        raise ValueError("a visit has a time")
    return Visit(id=visit_id, page=page, target=target, at=float(at),
                 language=language(body.get("language")),
                 country=country(body.get("country")),
                 browser=_FAMILY.sub("", str(body.get("browser") or UNKNOWN))[:MAX_FAMILY]
                 or UNKNOWN)


def counters(visit: Visit, module_id: str | None) -> Counter[str]:
    """The counters one view adds to its community's day item."""
    names = [f"{PREFIX}|c", f"{PREFIX}|l|{visit.language}", f"{PREFIX}|k|{visit.country}",
             f"{PREFIX}|b|{visit.browser}"]
    if module_id:
        names.append(f"{PREFIX}|m|{module_id}")
    return Counter(names)


def add_up(resolved: list[tuple[Visit, str, str | None, str]]) -> dict[tuple[str, str],
                                                                      Counter[str]]:
    """A batch's views `(visit, community, module or None, day)` as one Counter per
    community day: one update per item in the batch's transaction."""
    out: dict[tuple[str, str], Counter[str]] = {}
    for visit, community_id, module_id, day in resolved:
        out.setdefault((community_id, day), Counter()).update(counters(visit, module_id))
    return out
