"""Text people write is stored safe to show in a browser.

- Plain fields (titles, names, comments, prompts) keep no markup at all: tags are removed
  (a script's content with them) and `<`, `>` and `&` are escaped, so the stored text is
  safe to insert as HTML and shows as the person typed it.
- Rich fields (descriptions and contribution bodies) keep a small allowlist of formatting
  tags; links keep only http(s) and mailto targets and get `rel="noopener noreferrer
  nofollow"`. Everything else, event handlers and `javascript:` URLs included, is removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from chalicelib.platform.errors import ValidationFailed

RICH_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "blockquote",
             "code", "pre", "a", "h3", "h4"}
RICH_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _normalised(text: str) -> str:
    return _CONTROL_RE.sub("", unicodedata.normalize("NFC", text)).strip()


def plain(text: str, field: str = "text", *, max_length: int = 200,
          required: bool = True) -> str:
    import nh3

    if len(text) > max_length:
        raise ValidationFailed.field(field, f"at most {max_length} characters")
    cleaned = nh3.clean(_normalised(text), tags=set()).strip()
    if required and not cleaned:
        raise ValidationFailed.field(field, "is empty once markup is removed")
    return cleaned


def rich(text: str, field: str = "body", *, max_length: int = 20000,
         required: bool = True) -> str:
    import nh3

    if len(text) > max_length:
        raise ValidationFailed.field(field, f"at most {max_length} characters")
    cleaned = nh3.clean(_normalised(text), tags=RICH_TAGS, attributes=RICH_ATTRIBUTES,
                        url_schemes=URL_SCHEMES,
                        link_rel="noopener noreferrer nofollow").strip()
    if required and not nh3.clean(cleaned, tags=set()).strip():
        raise ValidationFailed.field(field, "is empty once markup is removed")
    return cleaned


def plain_cleaner(max_length: int = 200, required: bool = True) -> Callable[[str, str], str]:
    return lambda text, field: plain(text, field, max_length=max_length, required=required)


def rich_cleaner(max_length: int = 20000,
                 required: bool = True) -> Callable[[str, str], str]:
    return lambda text, field: rich(text, field, max_length=max_length, required=required)


def escaped(text: str) -> str:
    """Plain text in the form every answer returns it (docs/text-fields.md): HTML-escaped
    exactly once (`&`, `<`, `>` as entities), whether `text` was stored escaped (fields
    cleaned by `plain`) or as typed (names, texts kept raw for email). Idempotent."""
    import html

    return html.escape(html.unescape(text), quote=False)


def escaped_leaves(value: object) -> object:
    """`escaped` applied to every string inside a JSON-like value (iteratively bounded by
    the value's own size: notification data is at most 8 KB)."""
    if isinstance(value, str):
        return escaped(value)
    if isinstance(value, dict):
        return {k: escaped_leaves(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escaped_leaves(v) for v in value]
    return value


def unescaped(text: str) -> str:
    """Stored plain text back to what the person typed (for plain-text email and CSV)."""
    import html

    return html.unescape(text)


def summary(text: str, max_length: int = 200) -> str:
    """Stored text (plain or rich) as one short line of plain text, safe inside an HTML
    element or a quoted attribute: tags removed, entities read, whitespace collapsed, cut at
    `max_length` characters (an ellipsis marks the cut), then escaped, quotes included."""
    import html

    import nh3

    words = " ".join(html.unescape(nh3.clean(text or "", tags=set())).split())
    if len(words) > max_length:
        words = words[:max_length - 1].rstrip() + "…"
    return html.escape(words, quote=True)
