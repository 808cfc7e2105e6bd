"""Open data: public, visible contributions with counts and no personal data at all."""

from __future__ import annotations

import csv
import io
import json

from tests.api.participation import world


def raw_get(api, path: str):
    """The Api helper parses JSON; exports are files."""
    return api.client.http.request("GET", path, headers={})


def test_open_data_carries_no_personal_value_of_any_author(api, make_user):
    w = world(api, make_user)
    mid = w.module("map")
    people = {
        "named": make_user("named.person@people.test", name="Named Person"),
        "pseudo": make_user("pseudo.person@people.test", name="Real Hidden Name",
                            pseudonym="Nightowl42", display="pseudonym"),
        "anon": make_user("anon.person@people.test", name="Secret Author",
                          pseudonym="Shadow99"),
    }
    locations = {"named": (48.1111, 2.1111), "pseudo": (48.2222, 2.2222),
                 "anon": (48.3333, 2.3333)}
    displays = {"named": "name", "pseudo": "pseudonym", "anon": "anonymous"}
    ids = []
    for key, (_, token) in people.items():
        lat, lon = locations[key]
        c = w.contribute(mid, token, title=f"About {key}", body="Fix the road",
                         display=displays[key], location={"lat": lat, "lon": lon})
        ids.append(c["id"])
        api.post(f"/contributions/{c['id']}/comments", {"body": "me too"}, token=token)
        api.put(f"/contributions/{ids[0]}/upvote", token=token)
    hidden = w.contribute(mid, people["named"][1], title="Hidden one",
                          location={"lat": 1, "lon": 1})
    from chalicelib.contributions import content_access

    content_access.set_hidden(content_access.get(hidden["id"]), True)

    cid = w.community_id
    listed = api.get(f"/opendata/communities/{cid}/contributions")
    jsonl = raw_get(api, f"/opendata/communities/{cid}/export")
    as_csv = raw_get(api, f"/opendata/communities/{cid}/export?format=csv")
    communities = api.get("/opendata/communities")
    for answer in (listed, jsonl, as_csv, communities):
        assert answer.status_code == 200
        text = answer.body.decode()
        for key, (user_id, _) in people.items():
            for value in (user_id, f"{key}.person@people.test", "Named Person",
                          "Real Hidden Name", "Nightowl42", "Secret Author", "Shadow99",
                          str(locations[key][0]), str(locations[key][1])):
                assert value not in text, (key, value)
        assert w.admin_id not in text and "Ada Admin" not in text
    items = listed.json["items"]
    assert sorted(i["id"] for i in items) == sorted(ids)
    assert {i["id"]: i["counts"]["upvotes"] for i in items}[ids[0]] == 3
    assert all(i["counts"]["comments"] == 1 for i in items)
    lines = [json.loads(line) for line in jsonl.body.decode().splitlines()]
    assert sorted(r["id"] for r in lines) == sorted(ids)
    assert jsonl.headers["Content-Type"].startswith("application/x-ndjson")
    rows = list(csv.DictReader(io.StringIO(as_csv.body.decode())))
    assert sorted(r["id"] for r in rows) == sorted(ids) and rows[0]["title_en"].startswith("About")
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    assert [c["id"] for c in communities.json["items"]] == [cid]


def test_csv_cells_never_start_a_formula(api, make_user):
    w = world(api, make_user)
    mid = w.module("ideas")
    _, token = make_user()
    w.contribute(mid, token, title="=HYPERLINK(\"http://evil\")", body="+cmd")
    text = raw_get(api, f"/opendata/communities/{w.community_id}/export?format=csv").body.decode()
    row = next(iter(csv.DictReader(io.StringIO(text))))
    assert row["title_en"].startswith("'=") and row["body_en"].startswith("'+")


def test_the_export_comes_in_parts(api, make_user, monkeypatch):
    from chalicelib.opendata import opendata

    monkeypatch.setattr(opendata, "EXPORT_ROWS", 2)
    w = world(api, make_user)
    mid = w.module("ideas")
    _, token = make_user()
    ids = {w.contribute(mid, token, title=f"n{k}")["id"] for k in range(5)}
    seen: set[str] = set()
    url = f"/opendata/communities/{w.community_id}/export"
    for _ in range(10):
        answer = raw_get(api, url)
        seen |= {json.loads(line)["id"] for line in answer.body.decode().splitlines()}
        link = answer.headers.get("Link")
        if not link:
            break
        url = link.split(">")[0].lstrip("<")
    assert seen == ids
