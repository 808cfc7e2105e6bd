"""Link previews' pure parts: the page's tags and the short text made safe (issue 22)."""

from __future__ import annotations

from html.parser import HTMLParser

from chalicelib.opendata import preview_rules
from chalicelib.platform import sanitise


class _Metas(HTMLParser):
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


def test_summary_is_plain_short_and_safe_in_an_attribute():
    assert sanitise.summary("<p>Green <em>places</em>\n\n for&nbsp;all</p>") == \
        "Green places for all"
    assert sanitise.summary('&quot;a&quot; &lt;b&gt; & \'c\'') == \
        "&quot;a&quot; &lt;b&gt; &amp; &#x27;c&#x27;"
    cut = sanitise.summary("word " * 100, 20)
    assert len(cut) == 20 and cut.endswith("…")
    assert sanitise.summary("") == ""


def test_the_page_carries_open_graph_and_twitter_tags_and_noindex():
    page = preview_rules.render(title=sanitise.summary('A "quoted" &lt;title&gt;'),
                                text=sanitise.summary("Short text"),
                                url='https://agora.example/contributions/c1"><x',
                                locale='fr"')
    parsed = _Metas()
    parsed.feed(page)
    assert parsed.metas["robots"] == "noindex, nofollow"
    assert parsed.metas["og:title"] == parsed.metas["twitter:title"] == 'A "quoted" <title>'
    assert parsed.metas["og:description"] == parsed.metas["twitter:description"] == "Short text"
    assert parsed.metas["og:url"] == 'https://agora.example/contributions/c1"><x'
    assert parsed.metas["twitter:card"] == "summary" and parsed.metas["og:type"] == "website"
    assert "x" not in parsed.tags and "script" not in parsed.tags


def test_page_url_is_the_web_apps_page():
    assert preview_rules.page_url("https://a.example/", "modules", "m1") == \
        "https://a.example/modules/m1"
