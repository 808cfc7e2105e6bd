"""Link previews (issue 22): a public page's title and short text as Open Graph and Twitter
card tags, `noindex`, every text escaped; anything not public answers 404 as an unknown id,
so no preview ever shows private content."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from tests.api.participation import world


def raw(api: Any, path: str, lang: str = "en") -> Any:
    return api.client.http.request("GET", path, headers={"Accept-Language": lang})


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.metas: dict[str, str] = {}
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        key = values.get("property") or values.get("name")
        if tag == "meta" and key:
            self.metas[key] = values.get("content") or ""


def parsed(answer: Any) -> _Page:
    page = _Page()
    page.feed(answer.body.decode())
    return page


def test_each_public_page_has_its_preview_in_the_crawlers_language(api, make_user):
    w = world(api, make_user, languages=["en", "fr"])
    api.patch(f"/communities/{w.community_id}",
              {"description": {"en": "<p>Green <em>places</em> for all</p>",
                               "fr": "<p>Des espaces verts</p>"}}, token=w.admin)
    mid = w.module("ideas", title="Ideas for the park")
    _, token = make_user()
    c = w.contribute(mid, token, title="Benches", body="<p>More benches   in the\nshade</p>")
    for path, title, text in (
            (f"/previews/communities/{w.community_id}", "Riverside", "Green places for all"),
            (f"/previews/projects/{w.project_id}", "Parks", ""),
            (f"/previews/modules/{mid}", "Ideas for the park", ""),
            (f"/previews/contributions/{c['id']}", "Benches", "More benches in the shade")):
        answer = raw(api, path)
        assert answer.status_code == 200, path
        assert answer.headers["Content-Type"].startswith("text/html")
        assert answer.headers["X-Robots-Tag"] == "noindex, nofollow"
        assert "max-age=300" in answer.headers["Cache-Control"]
        page = parsed(answer)
        kind = path.split("/")[2]
        assert page.metas["og:title"] == page.metas["twitter:title"] == title, path
        assert page.metas["og:description"] == page.metas["twitter:description"] == text
        assert page.metas["robots"] == "noindex, nofollow"
        assert page.metas["twitter:card"] == "summary"
        assert page.metas["og:url"].endswith(f"/{kind}/{path.rsplit('/', 1)[1]}")
        assert "script" not in page.tags
    french = parsed(raw(api, f"/previews/communities/{w.community_id}", "fr-FR"))
    assert french.metas["og:title"] == "Bord de rivière"
    assert french.metas["og:description"] == "Des espaces verts"
    assert french.metas["og:locale"] == "fr"


def test_every_text_is_escaped_and_kept_short(api, make_user):
    w = world(api, make_user)
    mid = w.module("ideas")
    _, token = make_user()
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)> & \'q\''
    c = w.contribute(mid, token, title=hostile, body="word " * 200)
    answer = raw(api, f"/previews/contributions/{c['id']}")
    text = answer.body.decode()
    assert "<script" not in text and "<img" not in text and "onerror=alert" not in text.replace(
        "onerror=alert(2)&gt;", "")
    assert not re.search(r'content="[^"]*"[^ >]', text)  # no attribute broken out of
    page = parsed(answer)
    assert "&" in page.metas["og:title"] and '"' in page.metas["og:title"]
    assert len(page.metas["og:description"]) <= 200 and page.metas["og:description"].endswith("…")


def test_nothing_private_hidden_deleted_or_unknown_has_a_preview(api, make_user):
    from chalicelib.contributions import content_access

    w = world(api, make_user, visibility="private")
    mid = w.module("ideas", title="Secret module")
    c = w.contribute(mid, w.admin, title="Secret idea")
    for path in (f"/previews/communities/{w.community_id}", f"/previews/projects/{w.project_id}",
                 f"/previews/modules/{mid}", f"/previews/contributions/{c['id']}"):
        answer = raw(api, path)
        assert answer.status_code == 404, path
        assert "Secret" not in answer.body.decode() and "Riverside" not in answer.body.decode()
    public = world(api, make_user)
    mid = public.module("ideas")
    _, token = make_user()
    hidden = public.contribute(mid, token, title="Hidden idea")
    content_access.set_hidden(content_access.get(hidden["id"]), True)
    deleted = public.contribute(mid, token, title="Deleted idea")
    assert api.delete(f"/contributions/{deleted['id']}", token=token).status_code == 204
    for cid in (hidden["id"], deleted["id"], "nope"):
        answer = raw(api, f"/previews/contributions/{cid}")
        assert answer.status_code == 404, cid
        assert "idea" not in answer.body.decode()
    for kind in ("communities", "projects", "modules"):
        assert raw(api, f"/previews/{kind}/unknown").status_code == 404
