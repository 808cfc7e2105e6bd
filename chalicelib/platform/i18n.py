"""Which language an answer is in, and multilingual text.

Titles and bodies are maps locale -> text. An answer shows each text in one locale, chosen
in this order among the languages the community offers: the caller's profile locale, else
the first offered language of `Accept-Language`, else the community's default. When a text
lacks that locale it falls back to the community's default, then to any locale it has; each
answer says which locale it used (`locale`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import ValidationFailed

LOCALE_RE = re.compile(r"^[a-z]{2}$")
_TAG_RE = re.compile(r"^([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*$|^\*$")


def supported() -> tuple[str, ...]:
    from chalicelib.platform.config import settings

    return settings().locales


def parse_accept_language(header: str | None) -> list[str]:
    """Primary language subtags in order of preference (q=0 dropped, malformed parts
    ignored): 'fr-CH, fr;q=0.9, en;q=0.8' -> ['fr', 'en']."""
    if not header:
        return []
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header[:500].split(",")):
        pieces = [p.strip() for p in part.split(";")]
        tag = pieces[0]
        if not tag or not _TAG_RE.match(tag) or tag == "*":
            continue
        quality = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = -1.0
        if not 0 < quality <= 1:
            continue
        ranked.append((-quality, position, tag.split("-")[0].lower()))
    out: list[str] = []
    for _, _, primary in sorted(ranked):
        if primary not in out:
            out.append(primary)
    return out


def choose(*, profile: str | None, accept_language: str | None, offered: Iterable[str],
           default: str) -> str:
    """The locale an answer uses."""
    offered_list = [loc for loc in offered if loc in supported()] or [default]
    if profile and profile in offered_list:
        return profile
    for wanted in parse_accept_language(accept_language):
        if wanted in offered_list:
            return wanted
    return default if default in supported() else offered_list[0]


def pick(texts: Mapping[str, Any] | None, wanted: str, default: str) -> tuple[str, str | None]:
    """(text, the locale it is in) for `wanted`, falling back to `default`, then to any."""
    values = {k: v for k, v in as_dict(texts).items() if isinstance(v, str) and v}
    for locale in (wanted, default):
        if locale in values:
            return values[locale], locale
    if values:
        locale = sorted(values)[0]
        return values[locale], locale
    return "", None


def as_map(value: str | Mapping[str, str] | None, *, field: str, locale: str,
           clean: Any) -> dict[str, str]:
    """Multilingual input: a string (stored under `locale`, the caller's) or a map
    locale -> text. Each text goes through `clean` (a sanitiser raising on bad text)."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {locale: clean(value, f"{field}")}
    out: dict[str, str] = {}
    for key, text in value.items():
        if key not in supported():
            raise ValidationFailed.field(
                f"{field}.{key}", f"is not a supported locale ({', '.join(supported())})")
        out[key] = clean(text, f"{field}.{key}")
    if not out:
        raise ValidationFailed.field(field, "needs at least one locale")
    return out

