"""Video links: YouTube and Vimeo addresses in their usual forms, read into `(provider, id)`
without fetching anything from the provider. One regular expression decides what is a video
address; the OpenAPI document carries the same expression as the field's `pattern`, so the
contract is exactly as strict as the server. Stored and answered as `{provider, id}`; the web
app builds the privacy-enhanced player address (`embed_url`) only once the person asks."""

from __future__ import annotations

import re
from typing import Literal

Provider = Literal["youtube", "vimeo"]
MAX_VIDEOS = 5
MAX_URL = 300

_SLUG = r"[A-Za-z0-9_-]+"
_YOUTUBE = (r"(?:(?:www\.|m\.)?youtube\.com/"
            r"(?:watch\?(?:[A-Za-z0-9_.~%=-]*&)*v=|embed/|shorts/|live/|v/)"
            r"|youtu\.be/|(?:www\.)?youtube-nocookie\.com/embed/)"
            r"([A-Za-z0-9_-]{11})")
_VIMEO = (rf"(?:(?:www\.)?vimeo\.com/(?:channels/{_SLUG}/|groups/{_SLUG}/videos/|video/)?"
          r"|player\.vimeo\.com/video/)([0-9]{1,12})")
_TAIL = r"(?:[/?&#][A-Za-z0-9_.~%=&#/:+-]*)?"
# The same in an OpenAPI `pattern` (ECMA-262) and in Python's `re`: ASCII classes only, and
# the only capturing groups are the two ids (1: YouTube's, 2: Vimeo's).
PATTERN = rf"^https?://(?:{_YOUTUBE}|{_VIMEO}){_TAIL}$"
_COMPILED = re.compile(PATTERN)
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")


def parse(url: str) -> tuple[Provider, str] | None:
    """`("youtube", "dQw4w9WgXcQ")` for a video address, None for anything else."""
    found = _COMPILED.match(url)
    if found is None:
        return None
    if found.group(1):
        return "youtube", found.group(1)
    return "vimeo", found.group(2)


def normalise(urls: list[str]) -> list[tuple[Provider, str]]:
    """Each address read (ValueError naming the first that is no video address), repeats of
    one video kept once, in the order given."""
    seen: list[tuple[Provider, str]] = []
    for n, url in enumerate(urls):
        video = parse(url)
        if video is None:
            raise ValueError(f"videos[{n}] is not a YouTube or Vimeo address")
        if video not in seen:
            seen.append(video)
    return seen


def stored(videos: list[tuple[Provider, str]]) -> list[str]:
    """As kept in a table: `provider:id`."""
    return [f"{provider}:{video_id}" for provider, video_id in videos]


def answered(values: list[str] | None) -> list[dict[str, str]]:
    """The stored `provider:id` values as `{provider, id}`; anything unreadable left out."""
    out: list[dict[str, str]] = []
    for value in values or []:
        provider, _, video_id = str(value).partition(":")
        if (provider == "youtube" and _YOUTUBE_ID.match(video_id)) or (
                provider == "vimeo" and _VIMEO_ID.match(video_id)):
            out.append({"provider": provider, "id": video_id})
    return out
