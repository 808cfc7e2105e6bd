"""GET /communities/{cid}/members: admins only, paginated, filtered by role through the
`by_role` index, display names as other members see them and never an email."""

from __future__ import annotations

import json

from tests.api.participation import world


def _join(api, cid, token):
    assert api.post(f"/communities/{cid}/join", {}, token=token).status_code == 200


def _all_pages(api, path, token, limit):
    items, cursor, pages = [], None, 0
    while True:
        query = f"{path}{'&' if '?' in path else '?'}limit={limit}"
        answer = api.get(query + (f"&cursor={cursor}" if cursor else ""), token=token)
        assert answer.status_code == 200, answer.json
        pages += 1
        items += answer.json["items"]
        cursor = answer.json["next_cursor"]
        if not cursor:
            return items, pages


def test_admins_page_through_members_with_names_roles_and_join_dates(api, make_user):
    w = world(api, make_user)
    cid = w.community_id
    people = {}
    for n in range(5):
        uid, token = make_user(f"member{n}@people.test", name=f"Member {n}")
        _join(api, cid, token)
        people[uid] = token
    pseudo, pseudo_token = make_user("pseudo@people.test", name="Real Name",
                                     pseudonym="Kestrel", display="pseudonym")
    _join(api, cid, pseudo_token)
    hidden, hidden_token = make_user("anon@people.test", name="Secret", display="anonymous")
    _join(api, cid, hidden_token)
    items, pages = _all_pages(api, f"/communities/{cid}/members", w.admin, 2)
    assert pages == 4  # 8 members (the creating admin included), 2 a page
    assert len({i["uid"] for i in items}) == 8
    by_id = {i["uid"]: i for i in items}
    assert by_id[w.admin_id]["role"] == "admin"
    assert by_id[pseudo]["display_name"] == "Kestrel"
    assert by_id[hidden]["display_name"] == "Anonymous"
    assert {by_id[u]["display_name"] for u in people} == {f"Member {n}" for n in range(5)}
    assert all(i["joined_at"].endswith("Z") and i["role"] == "member"
               for u, i in by_id.items() if u != w.admin_id)
    assert "@" not in json.dumps(items)  # never an email


def test_role_filter_reads_full_pages_of_that_role(api, make_user):
    w = world(api, make_user)
    cid = w.community_id
    moderators = set()
    for n in range(7):
        uid, token = make_user(name=f"P{n}")
        _join(api, cid, token)
        if n % 2:
            assert api.put(f"/communities/{cid}/members/{uid}", {"role": "moderator"},
                           token=w.admin).status_code == 204
            moderators.add(uid)
    items, pages = _all_pages(api, f"/communities/{cid}/members?role=moderator", w.admin, 2)
    assert {i["uid"] for i in items} == moderators and pages == 2  # 3 moderators: 2 + 1
    assert {i["role"] for i in items} == {"moderator"}
    first = api.get(f"/communities/{cid}/members?role=moderator&limit=2", token=w.admin).json
    assert len(first["items"]) == 2  # a filtered page is full, not filtered after the query
    # a cursor of one role's list does not serve another's
    other = api.get(f"/communities/{cid}/members?role=member&cursor={first['next_cursor']}",
                    token=w.admin)
    assert other.status_code == 400 and other.json["errors"][0]["field"] == "cursor"
    bad = api.get(f"/communities/{cid}/members?role=owner", token=w.admin)
    assert bad.status_code == 400 and bad.json["errors"][0]["field"] == "role"


def test_only_admins_see_the_list_and_outsiders_of_a_private_community_get_404(api, make_user):
    w = world(api, make_user, visibility="private")
    cid = w.community_id
    code = api.post(f"/communities/{cid}/access-code", token=w.admin).json["access_code"]
    member_id, member = make_user()
    assert api.post(f"/communities/{cid}/join", {"access_code": code},
                    token=member).status_code == 200
    answer = api.get(f"/communities/{cid}/members", token=member)
    assert answer.status_code == 403 and answer.json["code"] == "not_admin"
    assert api.put(f"/communities/{cid}/members/{member_id}", {"role": "moderator"},
                   token=w.admin).status_code == 204
    assert api.get(f"/communities/{cid}/members", token=member).status_code == 403
    _, outsider = make_user()
    assert api.get(f"/communities/{cid}/members", token=outsider).status_code == 404
    assert api.get(f"/communities/{cid}/members").status_code == 401
    # a community admin who is not a platform admin reads it
    assert api.put(f"/communities/{cid}/members/{member_id}", {"role": "admin"},
                   token=w.admin).status_code == 204
    answer = api.get(f"/communities/{cid}/members", token=member)
    assert answer.status_code == 200 and len(answer.json["items"]) == 2


def test_the_list_costs_one_query_and_one_batch_read_after_authorising(api, make_user):
    from bench import counting
    from chalicelib import tables as registry
    from chalicelib.platform.aws import clients as aws

    counting.install()
    aws.reset_clients()
    for model in registry.all_models():
        model._connection = None
    w = world(api, make_user)
    for _ in range(5):
        _join(api, w.community_id, make_user()[1])
    for query in ("?limit=3", "?role=member&limit=3"):
        with counting.counting() as calls:
            answer = api.get(f"/communities/{w.community_id}/members{query}", token=w.admin)
        assert answer.status_code == 200 and len(answer.json["items"]) == 3
        # the session, the authorising read, one query, one batch read
        assert calls["dynamodb"] == 4, calls
