"""Link previews: the small HTML head a social network's crawler reads when a public page's
address is pasted (Open Graph and Twitter card tags), still `noindex`. Pure: the texts come in
already made safe (`sanitise.summary`), the address is the platform's own."""

from __future__ import annotations

import html

KINDS = ("communities", "projects", "modules", "contributions")
SITE = "Agora"


def page_url(frontend_url: str, kind: str, item_id: str) -> str:
    """The web app's page of the item (the address that was shared)."""
    return f"{frontend_url.rstrip('/')}/{kind}/{item_id}"


def render(*, title: str, text: str, url: str, locale: str) -> str:
    """The preview page. `title` and `text` are escaped text (quotes included); `url` and
    `locale` are escaped here."""
    href = html.escape(url, quote=True)
    lang = html.escape(locale, quote=True)
    metas = [("name", "robots", "noindex, nofollow"), ("name", "description", text),
             ("property", "og:type", "website"), ("property", "og:site_name", SITE),
             ("property", "og:title", title), ("property", "og:description", text),
             ("property", "og:url", href), ("property", "og:locale", lang),
             ("name", "twitter:card", "summary"), ("name", "twitter:title", title),
             ("name", "twitter:description", text)]
    head = "".join(f'<meta {attr}="{name}" content="{value}">' for attr, name, value in metas)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<title>{title} · {SITE}</title>{head}<link rel="canonical" href="{href}">'
            f'</head><body><h1>{title}</h1><p>{text}</p><p><a href="{href}">{href}</a></p>'
            f'</body></html>')
