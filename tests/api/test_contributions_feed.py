"""The module feed: defaults, sorts, the unread order and its marking, and pagination."""

from __future__ import annotations

from tests.api.participation import world


def _ids(answer) -> list[str]:
    return [c["id"] for c in answer.json["items"]]


def _walk(api, path: str, token: str | None = None, limit: int = 3) -> list[str]:
    """Every id of a paginated list, following next_cursor to the end."""
    ids: list[str] = []
    cursor = None
    for _ in range(100):
        url = f"{path}{'&' if '?' in path else '?'}limit={limit}"
        if cursor:
            url += f"&cursor={cursor}"
        answer = api.get(url, token=token)
        assert answer.status_code == 200, answer.json
        ids += _ids(answer)
        cursor = answer.json["next_cursor"]
        if not cursor:
            return ids
    raise AssertionError("the cursor never ended")


def _seed(api, make_user, n: int = 7):
    from chalicelib.platform import clock

    w = world(api, make_user)
    mid = w.module("ideas")
    _, author = make_user(name="Author")
    ids = []
    for k in range(n):
        clock.advance(1)
        ids.append(w.contribute(mid, author, title=f"Idea {k}")["id"])
    return w, mid, author, ids


def test_visitors_get_latest_and_signed_in_people_unread(api, make_user):
    _w, mid, _, ids = _seed(api, make_user, 3)
    answer = api.get(f"/modules/{mid}/contributions")
    assert answer.json["sort"] == "latest" and _ids(answer) == ids[::-1]
    _, reader = make_user()
    answer = api.get(f"/modules/{mid}/contributions", token=reader)
    assert answer.json["sort"] == "unread"
    assert [c["seen"] for c in answer.json["items"]] == [False, False, False]


def test_unread_first_then_newest_and_opening_marks_seen(api, make_user):
    _w, mid, _, ids = _seed(api, make_user, 6)
    _, reader = make_user()
    for opened in (ids[5], ids[2]):  # the newest and an older one
        assert api.get(f"/contributions/{opened}", token=reader).json["seen"] is True
    order = _walk(api, f"/modules/{mid}/contributions", token=reader, limit=2)
    unread = [ids[4], ids[3], ids[1], ids[0]]
    assert order == [*unread, ids[5], ids[2]]
    first = api.get(f"/modules/{mid}/contributions?limit=10", token=reader).json["items"]
    assert [c["seen"] for c in first] == [False] * 4
    # Having read everything, the feed is simply newest first.
    for cid in unread:
        api.get(f"/contributions/{cid}", token=reader)
    assert _walk(api, f"/modules/{mid}/contributions", token=reader) == ids[::-1]


def test_every_sort_pages_through_everything_once(api, make_user):
    _w, mid, _author, ids = _seed(api, make_user, 7)
    _, fan = make_user()
    api.post(f"/contributions/{ids[1]}/comments", {"body": "a"}, token=fan)
    api.post(f"/contributions/{ids[1]}/comments", {"body": "b"}, token=fan)
    api.post(f"/contributions/{ids[3]}/comments", {"body": "c"}, token=fan)
    api.put(f"/contributions/{ids[6]}/upvote", token=fan)
    api.put(f"/contributions/{ids[6]}/reactions/clap", token=fan)
    api.put(f"/contributions/{ids[6]}/reactions/heart", token=fan)
    for sort in ("latest", "most_commented", "most_engaged", "unread"):
        walked = _walk(api, f"/modules/{mid}/contributions?sort={sort}", token=fan)
        assert sorted(walked) == sorted(ids), sort
    commented = _walk(api, f"/modules/{mid}/contributions?sort=most_commented")
    assert commented[:2] == [ids[1], ids[3]]
    engaged = _walk(api, f"/modules/{mid}/contributions?sort=most_engaged")
    assert engaged[:3] == [ids[6], ids[1], ids[3]]


def test_cursors_from_elsewhere_are_refused(api, make_user):
    w, mid, _, _ = _seed(api, make_user, 3)
    other = w.module("ideas")
    cursor = api.get(f"/modules/{mid}/contributions?limit=1").json["next_cursor"]
    for path in (f"/modules/{other}/contributions?sort=latest&cursor={cursor}",
                 f"/modules/{mid}/contributions?sort=most_engaged&cursor={cursor}",
                 f"/modules/{mid}/contributions?cursor=garbage"):
        answer = api.get(path)
        assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "cursor"


def test_the_unread_walk_ends_when_nothing_seen_is_left(api, make_user):
    _, mid, _, ids = _seed(api, make_user, 5)
    _, reader = make_user()
    pages, cursor = [], None
    while True:
        url = f"/modules/{mid}/contributions?limit=2" + (f"&cursor={cursor}" if cursor else "")
        answer = api.get(url, token=reader).json
        pages.append([c["id"] for c in answer["items"]])
        cursor = answer["next_cursor"]
        if not cursor:
            break
    assert pages == [ids[4:2:-1], ids[2:0:-1], ids[:1]]  # no empty "seen" pages after
