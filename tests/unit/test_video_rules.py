"""Video addresses: the usual YouTube and Vimeo forms read into (provider, id), anything else
refused; the OpenAPI pattern decides exactly as the server does."""

from __future__ import annotations

import re

import pytest

from chalicelib.platform import video_rules as videos

YT = "dQw4w9WgXcQ"
ACCEPTED = [
    (f"https://www.youtube.com/watch?v={YT}", ("youtube", YT)),
    (f"https://youtube.com/watch?v={YT}&t=42s", ("youtube", YT)),
    (f"https://www.youtube.com/watch?feature=share&v={YT}", ("youtube", YT)),
    (f"https://m.youtube.com/watch?v={YT}", ("youtube", YT)),
    (f"https://youtu.be/{YT}", ("youtube", YT)),
    (f"https://youtu.be/{YT}?si=abc_DEF-1&t=10", ("youtube", YT)),
    (f"https://www.youtube.com/shorts/{YT}", ("youtube", YT)),
    (f"https://www.youtube.com/embed/{YT}?start=5", ("youtube", YT)),
    (f"https://www.youtube.com/live/{YT}", ("youtube", YT)),
    (f"https://www.youtube-nocookie.com/embed/{YT}", ("youtube", YT)),
    ("https://vimeo.com/76979871", ("vimeo", "76979871")),
    ("http://vimeo.com/76979871#t=30s", ("vimeo", "76979871")),
    ("https://vimeo.com/channels/staffpicks/76979871", ("vimeo", "76979871")),
    ("https://vimeo.com/groups/shortfilms/videos/76979871", ("vimeo", "76979871")),
    ("https://player.vimeo.com/video/76979871?h=1a2b3c", ("vimeo", "76979871")),
]
REFUSED = [
    "", "dQw4w9WgXcQ", "javascript:alert(1)", f"ftp://youtube.com/watch?v={YT}",
    f"https://youtube.com.evil.example/watch?v={YT}", f"https://evil.example/watch?v={YT}",
    f"https://www.youtube.com/watch?v={YT[:-1]}",             # ten characters
    f"https://www.youtube.com/watch?v={YT}X",                 # twelve
    f"https://www.youtube.com/watch?v={YT}\"onload=alert(1)",
    f"https://www.youtube.com/watch?v={YT} ", "https://vimeo.com/abc",
    "https://vimeo.com/channels/staffpicks", "https://www.youtube.com/@channel",
    f"https://www.youtube.com/watch?v={YT}<script>", "https://vimeo.com/1234567890123",
    f"https://www.youtube.com/watch?v=ÿ{YT}",
]


@pytest.mark.parametrize("url,expected", ACCEPTED)
def test_the_usual_forms_are_read(url, expected):
    assert videos.parse(url) == expected


@pytest.mark.parametrize("url", REFUSED)
def test_anything_else_is_refused(url):
    assert videos.parse(url) is None


@pytest.mark.parametrize("url", [u for u, _ in ACCEPTED] + REFUSED)
def test_the_contract_pattern_decides_as_the_server(url):
    pattern = re.compile(videos.PATTERN, re.ASCII)
    assert "(?<" not in videos.PATTERN and "\\w" not in videos.PATTERN  # ECMA = Python here
    assert (pattern.match(url) is not None) == (videos.parse(url) is not None)


def test_repeats_are_kept_once_in_order_and_the_first_bad_one_named():
    assert videos.normalise([f"https://youtu.be/{YT}", "https://vimeo.com/1",
                             f"https://www.youtube.com/watch?v={YT}"]) == [
        ("youtube", YT), ("vimeo", "1")]
    with pytest.raises(ValueError, match=r"videos\[1\]"):
        videos.normalise(["https://vimeo.com/1", "https://example.org/video"])


def test_stored_values_are_answered_and_damaged_ones_left_out():
    stored = videos.stored([("youtube", YT), ("vimeo", "42")])
    assert stored == [f"youtube:{YT}", "vimeo:42"]
    assert videos.answered([*stored, "youtube:<bad>", "dailymotion:x", "vimeo:"]) == [
        {"provider": "youtube", "id": YT}, {"provider": "vimeo", "id": "42"}]
    assert videos.answered(None) == []
