"""Video links on contributions, updates and events: validated and normalised into
`{provider, id}` (nothing fetched from the provider), editable, in open data, gone with the
content when the account is erased."""

from __future__ import annotations

from typing import Any

from tests.api.participation import iso, world
from tests.support import every_stored_value, run_queues

YT = "dQw4w9WgXcQ"
PASSWORD = "a perfectly long passphrase"


def test_a_contribution_carries_its_videos_normalised(api, make_user):
    from tests.fault_support import faults

    w = world(api, make_user)
    mid = w.module("ideas")
    _, token = make_user(name="Vera Video")
    with faults() as calls:  # nothing is fetched from the providers: no HTTP call but AWS
        made = w.contribute(mid, token, title="Watch", videos=[
            f"https://www.youtube.com/watch?v={YT}&t=3", f"https://youtu.be/{YT}",
            "https://vimeo.com/channels/staffpicks/76979871"])
    assert all(c.split(".")[0] in ("dynamodb", "sqs", "secretsmanager") for c in calls), calls
    expected = [{"provider": "youtube", "id": YT}, {"provider": "vimeo", "id": "76979871"}]
    assert made["videos"] == expected
    assert api.get(f"/contributions/{made['id']}").json["videos"] == expected
    feed = api.get(f"/modules/{mid}/contributions?sort=latest").json["items"]
    assert feed[0]["videos"] == expected
    opendata = api.get(f"/opendata/communities/{w.community_id}/contributions").json["items"]
    assert opendata[0]["videos"] == expected
    csv = api.client.http.request(
        "GET", f"/opendata/communities/{w.community_id}/export?format=csv", headers={})
    assert f"youtube:{YT} vimeo:76979871" in csv.body.decode()

    edited = api.patch(f"/contributions/{made['id']}", {"videos": ["https://vimeo.com/1"]},
                       token=token)
    assert edited.status_code == 200 and edited.json["videos"] == [
        {"provider": "vimeo", "id": "1"}]
    cleared = api.patch(f"/contributions/{made['id']}", {"videos": []}, token=token)
    assert cleared.json["videos"] == []
    plain = w.contribute(mid, token, title="No video")
    assert plain["videos"] == []


def _problem_field(answer: Any) -> str:
    assert answer.status_code == 400, answer.json
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    return " ".join(str(e.get("field", "")) for e in answer.json.get("errors", [])) or \
        str(answer.json)


def test_anything_but_a_video_address_is_a_400_naming_videos(api, make_user):
    w = world(api, make_user)
    mid = w.module("ideas")
    _, token = make_user()
    for bad in (["https://example.org/video.mp4"], ["javascript:alert(1)"], "not a list",
                [f"https://youtu.be/{YT}"] * 6, [42]):
        answer = api.post(f"/modules/{mid}/contributions",
                          {"title": "T", "body": "B", "videos": bad}, token=token)
        assert "videos" in _problem_field(answer), bad
    made = w.contribute(mid, token, title="Fine")
    answer = api.patch(f"/contributions/{made['id']}", {"videos": ["https://vimeo.com/x"]},
                       token=token)
    assert "videos" in _problem_field(answer)


def test_updates_and_events_carry_videos(api, make_user):
    w = world(api, make_user)
    update = api.post(f"/communities/{w.community_id}/updates",
                      {"title": "News", "body": "Our meeting",
                       "videos": [f"https://www.youtube.com/embed/{YT}"]}, token=w.admin)
    assert update.status_code == 201, update.json
    assert update.json["videos"] == [{"provider": "youtube", "id": YT}]
    listed = api.get(f"/communities/{w.community_id}/updates").json["items"]
    assert listed[0]["videos"] == [{"provider": "youtube", "id": YT}]
    event = api.post(f"/communities/{w.community_id}/events",
                     {"title": "Meeting", "starts_at": iso(3600), "ends_at": iso(7200),
                      "videos": ["https://player.vimeo.com/video/42"]}, token=w.admin)
    assert event.status_code == 201, event.json
    assert event.json["videos"] == [{"provider": "vimeo", "id": "42"}]
    bad = api.post(f"/communities/{w.community_id}/updates",
                   {"title": "News", "body": "B", "videos": ["https://evil.example/"]},
                   token=w.admin)
    assert "videos" in _problem_field(bad)


def test_an_erased_author_leaves_no_video_link(api, make_user):
    w = world(api, make_user)
    mid = w.module("ideas")
    _, token = make_user("vid@example.org", name="Vid", password=PASSWORD)
    made = w.contribute(mid, token, title="Mine", videos=[f"https://youtu.be/{YT}"])
    run_queues()
    assert api.delete("/me", {"password": PASSWORD}, token=token).status_code == 202
    run_queues(max_rounds=400)
    assert YT not in every_stored_value()
    assert api.get(f"/contributions/{made['id']}").json["videos"] == []
