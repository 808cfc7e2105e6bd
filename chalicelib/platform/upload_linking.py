"""What happens once an upload has passed its checks: the owner's record points at it.
Each upload kind names the function that links it (profiles, communities, contributions),
imported only when an upload of that kind arrives."""

from __future__ import annotations

import importlib

# kind -> "module:function" taking (key, content_type)
LINKERS: dict[str, str] = {
    "avatar": "chalicelib.identity.profiles:link_media",
    "cover": "chalicelib.identity.profiles:link_media",
    "attachment": "chalicelib.contributions.attachments:link",
    "logo": "chalicelib.communities.communities:link_media",  # community logos and covers
}


def accept(key: str, content_type: str) -> None:
    from chalicelib.platform.upload_rules import kind_of

    ref = LINKERS.get(kind_of(key) or "")
    if ref:
        module, _, name = ref.partition(":")
        getattr(importlib.import_module(module), name)(key, content_type)
