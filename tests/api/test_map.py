"""Map modules: contributions inside a bbox, read through the geohash index."""

from __future__ import annotations

import random

from tests.api.participation import world

PARIS = (48.8566, 2.3522)


def _map(api, make_user, points):
    w = world(api, make_user)
    mid = w.module("map")
    _, token = make_user()
    ids = {}
    for n, (lat, lon) in enumerate(points):
        c = w.contribute(mid, token, title=f"Pothole {n}", location={"lat": lat, "lon": lon})
        ids[c["id"]] = (lat, lon)
    return w, mid, ids


def _all(api, mid, bbox, limit=5):
    out, cursor = [], None
    for _ in range(200):
        url = f"/modules/{mid}/contributions?bbox={bbox}&limit={limit}"
        answer = api.get(url + (f"&cursor={cursor}" if cursor else ""))
        assert answer.status_code == 200, answer.json
        out += answer.json["items"]
        cursor = answer.json["next_cursor"]
        if not cursor:
            return out
    raise AssertionError("no end")


def test_a_bbox_answers_exactly_the_contributions_inside(api, make_user):
    rng = random.Random(7)
    points = [(PARIS[0] + rng.uniform(-0.05, 0.05), PARIS[1] + rng.uniform(-0.08, 0.08))
              for _ in range(25)] + [(-0.001, -0.001), (0.001, 0.001), (52.52, 13.40)]
    _w, mid, ids = _map(api, make_user, points)
    for box in [(2.30, 48.84, 2.38, 48.88), (-0.01, -0.01, 0.01, 0.01), (-180, -90, 180, 90)]:
        bbox = ",".join(str(v) for v in box)
        found = _all(api, mid, bbox)
        expected = {cid for cid, (lat, lon) in ids.items()
                    if box[1] <= lat <= box[3] and box[0] <= lon <= box[2]}
        assert sorted(c["id"] for c in found) == sorted(expected), bbox
        assert all(c["location"] for c in found)


def test_a_bbox_reads_only_its_cells(api, make_user, monkeypatch):
    """Far-away contributions are never read: the index ranges exclude them."""
    from chalicelib.contributions.contribution_tables import Contribution

    _w, mid, _ids = _map(api, make_user, [PARIS, (52.52, 13.40), (40.71, -74.0)])
    read: list[str] = []
    original = Contribution.from_raw_data.__func__

    def spy(cls, data):
        item = original(cls, data)
        read.append(item.contribution_id)
        return item

    monkeypatch.setattr(Contribution, "from_raw_data", classmethod(spy))
    found = api.get(f"/modules/{mid}/contributions?bbox=2.3,48.8,2.4,48.9").json["items"]
    assert len(found) == 1 and set(read) == {found[0]["id"]}


def test_bbox_input_is_checked(api, make_user):
    w, mid, _ = _map(api, make_user, [PARIS])
    for bad in ("1,2,3", "a,b,c,d", "3,0,1,1", "0,0,1,100"):
        answer = api.get(f"/modules/{mid}/contributions?bbox={bad}")
        assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "bbox"
    ideas = w.module("ideas")
    answer = api.get(f"/modules/{ideas}/contributions?bbox=0,0,1,1")
    assert answer.status_code == 400
    cursor = api.get(f"/modules/{mid}/contributions?bbox=-180,-90,180,90&limit=1").json[
        "next_cursor"]
    if cursor:
        answer = api.get(f"/modules/{mid}/contributions?bbox=0,0,1,1&cursor={cursor}")
        assert answer.status_code == 400


def test_moving_a_map_contribution_moves_it_on_the_map(api, make_user):
    _w, mid, ids = _map(api, make_user, [PARIS])
    cid = next(iter(ids))
    from chalicelib.contributions.contribution_tables import Contribution

    author = Contribution.get(cid).author_id
    from chalicelib.identity import sessions

    token = sessions.start(author).access_token
    answer = api.patch(f"/contributions/{cid}", {"location": {"lat": 52.52, "lon": 13.40}},
                       token=token)
    assert answer.status_code == 200
    assert _all(api, mid, "2.3,48.8,2.4,48.9") == []
    assert [c["id"] for c in _all(api, mid, "13.3,52.4,13.5,52.6")] == [cid]
