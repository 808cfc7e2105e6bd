"""`make run`'s web server sends the CSP CloudFront sends (infra/web.py): the two video
players in frames only, nowhere else (issue 22)."""

from __future__ import annotations

from infra import web
from local import webapp

PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def _directives(csp: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}


def test_the_video_players_are_allowed_in_frames_only():
    for csp in (webapp.content_security_policy("http://127.0.0.1:8000", ["http://m.local"]),
                web.content_security_policy(api_origin="https://api.example.org",
                                            media_origins=["https://m.example.org"])):
        directives = _directives(csp)
        assert directives["frame-src"] == PLAYERS
        assert directives["frame-ancestors"] == ["'none'"]
        for name, values in directives.items():
            if name != "frame-src":
                assert not set(values) & set(PLAYERS), name


def test_social_crawlers_on_a_public_page_are_sent_to_the_apis_preview():
    twitter = "Twitterbot/1.0"
    assert webapp.preview_path("/contributions/c1", twitter) == "/previews/contributions/c1"
    assert webapp.preview_path("/modules/m1/", "facebookexternalhit/1.1") == \
        "/previews/modules/m1"
    assert webapp.preview_path("/communities/x", "Mozilla/5.0 Chrome/131.0") is None
    assert webapp.preview_path("/account", twitter) is None
    assert webapp.preview_path("/communities/x/events/e", twitter) is None
