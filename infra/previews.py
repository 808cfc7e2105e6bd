"""Link previews for the static web app (issue 22): a CloudFront Function (viewer request,
JavaScript runtime 2.0) sends the known social crawlers asking for a public page's address
(`/communities/{id}`, `/projects/{id}`, `/modules/{id}`, `/contributions/{id}`) to the API's
preview of it (`GET /previews/<kind>/<id>`: Open Graph and Twitter card tags, `noindex`, 404
for anything not public). Everyone else gets the SPA unchanged.

How: the distribution has the API as a second origin, behind a `/previews/*` behaviour; the
function rewrites a crawler's URI to `/previews/<kind>/<id>` (so CloudFront caches the
preview under its own key, never in place of the SPA's page) and picks that origin with
`cf.selectRequestOriginById` (behaviours are chosen before the function runs, so the URI
alone would not change the origin). Chosen over Lambda@Edge (a function in us-east-1,
logs in every region, seconds of cold start for a crawler) and over prerendered shells
(the content changes all day; a shell per item would mean a build per contribution)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

PREVIEW_ORIGIN_ID = "agora-api-previews"
PREVIEW_PATH = "/previews/*"
KINDS = ("communities", "projects", "modules", "contributions")
# User agents of the link-preview fetchers of social networks and messengers (not search
# engines: the pages stay noindex). Matched case-insensitively as substrings.
CRAWLERS = ("facebookexternalhit", "facebookcatalog", "meta-externalagent", "Facebot",
            "Twitterbot", "LinkedInBot", "Slackbot", "Slack-ImgProxy", "WhatsApp",
            "TelegramBot", "Discordbot", "Mastodon", "Pleroma", "Akkoma", "Misskey",
            "Bluesky Cardyb", "redditbot", "Pinterestbot", "SkypeUriPreview",
            "Iframely", "Embedly", "vkShare", "XING-contenttabreceiver", "Viber")
PAGE_PATTERN = r"^/(" + "|".join(KINDS) + r")/([A-Za-z0-9_-]{1,64})/?$"


def api_origin(api_url: str) -> tuple[str, str]:
    """(host, origin path) of the API for CloudFront: `https://x.execute-api.../api` is
    `("x.execute-api...", "/api")`; a custom domain has no path. https only."""
    parts = urlsplit(api_url.strip())
    if parts.scheme != "https" or not parts.hostname or parts.port not in (None, 443):
        raise ValueError(f"api_url: previews need an https API on port 443, not {api_url!r}")
    return parts.hostname, parts.path.rstrip("/")


def crawler_pattern() -> str:
    """One regular expression (JavaScript syntax) matching any crawler's user agent."""
    assert all(re.fullmatch(r"[A-Za-z0-9 -]+", c) for c in CRAWLERS)  # no regex syntax
    return "|".join(CRAWLERS)


def function_code() -> str:
    """The CloudFront Function (runtime 2.0). Plain ES5 apart from the import, well within
    the 10 KB a function may be."""
    return f"""import cf from 'cloudfront';
var PAGE = new RegExp({json.dumps(PAGE_PATTERN)});
var CRAWLER = new RegExp({json.dumps(crawler_pattern())}, 'i');
function handler(event) {{
    var request = event.request;
    var agent = request.headers['user-agent'];
    var page = PAGE.exec(request.uri);
    if (page && agent && CRAWLER.test(agent.value)) {{
        request.uri = '/previews/' + page[1] + '/' + page[2];
        request.querystring = {{}};
        cf.selectRequestOriginById({json.dumps(PREVIEW_ORIGIN_ID)});
    }}
    return request;
}}
"""
