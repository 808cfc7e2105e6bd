"""Link previews of public pages (a community, a project, a module, a contribution): its
title and a short text, in the community's language for the crawler. Anything not public
(a private community's content, a hidden or deleted contribution, an unknown id) answers
404 exactly as an unknown id, so no preview ever shows private content. One or two
GetItems: the item, then its community."""

from __future__ import annotations

from typing import Any

from chalicelib.opendata import preview_rules
from chalicelib.platform import i18n, sanitise
from chalicelib.platform.errors import NotFound


def _item(kind: str, item_id: str) -> tuple[Any, str, Any, Any]:
    """(the community's id, kind of texts, title texts, text texts) of the item, or 404."""
    if kind == "communities":
        return item_id, "community", None, None
    if kind == "projects":
        from chalicelib.communities.scope import load_project

        project = load_project(item_id)
        return project.community_id, kind, project.title, project.description
    if kind == "modules":
        from chalicelib.modules import module_access

        module = module_access.load(item_id)
        return module.community_id, kind, module.title, module.description
    from chalicelib.contributions import content_access

    c = content_access.load(item_id)
    if c.hidden:
        raise NotFound("No such contribution.")
    return c.community_id, kind, c.title, c.body


def preview(kind: str, item_id: str, accept_language: str) -> str:
    from chalicelib.communities.scope import answer_locale, get_community
    from chalicelib.platform.config import settings

    if kind not in preview_rules.KINDS:
        raise NotFound("No such page.")
    community_id, what, title, text = _item(kind, item_id)
    community = get_community(community_id)
    if community is None or community.visibility != "public":
        raise NotFound("No such page.")  # as an unknown id: a private item is not confirmed
    if what == "community":
        title, text = community.name, community.description
    locale = answer_locale(community, None, accept_language)
    default = community.default_locale
    picked_title, _ = i18n.pick(title, locale, default)
    picked_text, _ = i18n.pick(text, locale, default)
    if not picked_title:  # a debate's argument has no title: its text's start
        picked_title = picked_text
    return preview_rules.render(
        title=sanitise.summary(picked_title, 90), text=sanitise.summary(picked_text, 200),
        url=preview_rules.page_url(settings().frontend_url, kind, item_id), locale=locale)
