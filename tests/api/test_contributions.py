"""Contributions: module-type rules, authors as they chose, sanitising, languages, editing,
comments, upvotes, reactions, favourites, hidden content and attachments."""

from __future__ import annotations

import json

import pytest

from tests.api.participation import DAY, world


@pytest.fixture
def w(api, make_user):
    return world(api, make_user)


def test_contributing_to_a_module_that_is_not_open_is_422(api, make_user, w):
    _, token = make_user()
    for opens, closes in ((DAY, 2 * DAY), (-2 * DAY, -DAY)):
        mid = w.module("ideas", opens=opens, closes=closes)
        answer = api.post(f"/modules/{mid}/contributions", {"title": "t", "body": "b"},
                          token=token)
        assert answer.status_code == 422 and answer.json["code"] == "module_closed"
    from chalicelib.platform import clock

    mid = w.module("ideas", opens=60, closes=DAY)
    clock.advance(61)  # (access tokens live 15 minutes)
    assert api.post(f"/modules/{mid}/contributions", {"title": "t", "body": "b"},
                    token=token).status_code == 201


def test_each_module_type_asks_for_its_fields(api, make_user, w):
    _, token = make_user()
    cases = [("debate", {"body": "b"}, "stance"),
             ("ideas", {"body": "b", "stance": "for", "title": "t"}, "stance"),
             ("map", {"body": "b"}, "location"),
             ("budget", {"body": "b", "title": "t"}, "cost"),
             ("ideas", {"body": "b"}, "title"),
             ("map", {"body": "b", "location": {"lat": 91, "lon": 0}}, "location.lat")]
    for type_, body, field in cases:
        mid = w.module(type_, settings={"budget_total": 100} if type_ == "budget" else None)
        answer = api.post(f"/modules/{mid}/contributions", body, token=token)
        assert answer.status_code == 400, (type_, answer.json)
        assert answer.json["errors"][0]["field"] == field, (type_, answer.json)
    mid = w.module("questionnaire")
    answer = api.post(f"/modules/{mid}/contributions", {"body": "b"}, token=token)
    assert answer.status_code == 422 and answer.json["code"] == "wrong_module_type"


def test_a_debate_counts_its_stances(api, make_user, w):
    mid = w.module("debate")
    _, token = make_user()
    for stance in ("for", "for", "against"):
        w.contribute(mid, token, stance=stance)
    module = api.get(f"/modules/{mid}").json
    assert module["counts"]["stances"] == {"for": 2, "against": 1, "neutral": 0}
    assert module["counts"]["contributions"] == 3
    results = api.get(f"/modules/{mid}/results").json
    assert results["stances"] == {"for": 2, "against": 1, "neutral": 0}


def test_authors_show_as_they_chose_and_never_by_id_or_email(api, make_user, w):
    mid = w.module("ideas")
    uid, token = make_user("jeanne@people.test", name="Jeanne Martin", pseudonym="jm75")
    named = w.contribute(mid, token, title="By name")
    pseudo = w.contribute(mid, token, title="By pseudonym", display="pseudonym")
    anon = w.contribute(mid, token, title="Anonymously", display="anonymous")
    assert named["author"] == {"display_name": "Jeanne Martin"}
    assert pseudo["author"] == {"display_name": "jm75"}
    assert anon["author"] == {"display_name": "Anonymous"}
    api.post(f"/contributions/{anon['id']}/comments", {"body": "me again",
                                                       "display": "anonymous"}, token=token)
    _, reader = make_user()
    api.put(f"/contributions/{anon['id']}/favorite", token=reader)
    pages = [api.get(f"/contributions/{anon['id']}", token=reader),
             api.get(f"/contributions/{anon['id']}/comments"),
             api.get(f"/modules/{mid}/contributions?sort=latest"),
             api.get(f"/modules/{mid}/contributions", token=reader),
             api.get("/me/favorites", token=reader)]
    for page in pages:
        assert page.status_code == 200
        text = page.body.decode()
        assert uid not in text and "jeanne@people.test" not in text
    anonymous_view = pages[0].body.decode()
    assert "Jeanne" not in anonymous_view and "jm75" not in anonymous_view
    assert pages[0].json["is_author"] is False
    mine = api.get(f"/contributions/{anon['id']}", token=token).json
    assert mine["is_author"] is True and mine["author"]["display_name"] == "Anonymous"


def test_a_pseudonym_is_required_to_post_under_one(api, make_user, w):
    mid = w.module("ideas")
    _, token = make_user(pseudonym=None)
    answer = api.post(f"/modules/{mid}/contributions",
                      {"title": "t", "body": "b", "display": "pseudonym"}, token=token)
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "display"


def test_deleted_accounts_show_as_deleted_participants(api, make_user, w):
    from chalicelib.identity.user_tables import User

    mid = w.module("ideas")
    uid, token = make_user(name="Gone Soon")
    c = w.contribute(mid, token, title="Left behind")
    User(uid).delete()
    assert api.get(f"/contributions/{c['id']}").json["author"] == {
        "display_name": "Deleted participant"}


def test_stored_text_cannot_run_script(api, make_user, w):
    mid = w.module("ideas")
    _, token = make_user()
    c = w.contribute(mid, token, title="<img src=x onerror=alert(1)>Benches",
                     body="<p>Yes<script>alert(1)</script> <a href='javascript:x()'>l</a></p>")
    for text in (c["title"], c["body"]):
        assert "<script" not in text and "onerror" not in text and "javascript:" not in text
    assert c["title"] == "Benches"
    comment = api.post(f"/contributions/{c['id']}/comments",
                       {"body": "<b onmouseover=alert(1)>hi</b>"}, token=token).json
    assert comment["body"] == "hi"


def test_multilingual_texts_answer_in_the_callers_locale(api, make_user):
    w = world(api, make_user, languages=["en", "fr"])
    mid = w.module("ideas")
    _, token = make_user(locale="fr")
    c = w.contribute(mid, token, title={"en": "Benches", "fr": "Bancs"}, body="Du texte")
    assert c["title"] == "Bancs" and c["locale"] == "fr"
    visitor = api.get(f"/contributions/{c['id']}", headers={"Accept-Language": "en"}).json
    assert visitor["title"] == "Benches" and visitor["locale"] == "en"
    assert visitor["body"] == "Du texte"  # only in French: the fallback
    assert c["translations"]["body"] == {"fr": "Du texte"}  # stored under the writer's locale


def test_authors_and_moderators_edit_and_delete(api, make_user, w):
    mid = w.module("debate")
    author_id, author = make_user()
    _, other = make_user()
    moderator_id, moderator = make_user()
    api.put(f"/communities/{w.community_id}/members/{moderator_id}", {"role": "moderator"},
            token=w.admin)
    c = w.contribute(mid, author, stance="for", body="First")
    assert api.patch(f"/contributions/{c['id']}", {"body": "Mine"},
                     token=other).status_code == 403
    answer = api.patch(f"/contributions/{c['id']}", {"body": "Second", "stance": "against"},
                       token=author)
    assert answer.status_code == 200 and answer.json["body"] == "Second"
    assert api.get(f"/modules/{mid}").json["counts"]["stances"] == {
        "for": 0, "against": 1, "neutral": 0}
    assert api.patch(f"/contributions/{c['id']}", {"body": "Moderated"},
                     token=moderator).status_code == 200
    assert api.patch(f"/contributions/{c['id']}", {"display": "anonymous"},
                     token=moderator).status_code == 403
    assert api.delete(f"/contributions/{c['id']}", token=other).status_code == 403
    assert api.delete(f"/contributions/{c['id']}", token=moderator).status_code == 204
    assert api.get(f"/contributions/{c['id']}", token=author).status_code == 404
    module = api.get(f"/modules/{mid}").json
    assert module["counts"]["contributions"] == 0
    assert module["counts"]["stances"]["against"] == 0
    assert api.get(f"/modules/{mid}/contributions?sort=latest").json["items"] == []
    from chalicelib.contributions.contribution_tables import Contribution

    stored = Contribution.get(c["id"])
    assert stored.deleted and not stored.body.as_dict() and stored.author_id == author_id


def test_comments_thread_replies_under_their_parent(api, make_user, w):
    mid = w.module("ideas")
    _, author = make_user(name="Author")
    _, replier = make_user(name="Replier")
    c = w.contribute(mid, author, title="Trees")
    first = api.post(f"/contributions/{c['id']}/comments", {"body": "first"},
                     token=replier).json
    second = api.post(f"/contributions/{c['id']}/comments", {"body": "second"},
                      token=author).json
    reply = api.post(f"/contributions/{c['id']}/comments",
                     {"body": "reply to first", "parent_id": first["id"]}, token=author).json
    nested = api.post(f"/contributions/{c['id']}/comments",
                      {"body": "deeper", "parent_id": reply["id"]}, token=replier).json
    assert nested["depth"] == 2 and nested["parent_id"] == reply["id"]
    listed = api.get(f"/contributions/{c['id']}/comments").json["items"]
    assert [x["body"] for x in listed] == ["first", "reply to first", "deeper", "second"]
    assert [x["author"]["display_name"] for x in listed] == [
        "Replier", "Author", "Replier", "Author"]
    other = w.contribute(mid, author, title="Other")
    answer = api.post(f"/contributions/{other['id']}/comments",
                      {"body": "x", "parent_id": first["id"]}, token=author)
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "parent_id"
    assert api.get(f"/contributions/{c['id']}").json["counts"]["comments"] == 4
    page = api.get(f"/contributions/{c['id']}/comments?limit=3").json
    rest = api.get(f"/contributions/{c['id']}/comments?limit=3&cursor={page['next_cursor']}")
    assert [x["id"] for x in page["items"] + rest.json["items"]] == [x["id"] for x in listed]
    assert second["parent_id"] is None


def test_upvotes_and_reactions_count_once_per_person(api, make_user, w):
    mid = w.module("ideas")
    _, author = make_user()
    c = w.contribute(mid, author, title="Lights")
    path = f"/contributions/{c['id']}"
    people = [make_user()[1] for _ in range(2)]
    for token in people:
        for _ in range(2):
            assert api.put(f"{path}/upvote", token=token).status_code == 204
            assert api.put(f"{path}/reactions/heart", token=token).status_code == 204
        assert api.put(f"{path}/reactions/clap", token=token).status_code == 204
    api.delete(f"{path}/reactions/clap", token=people[0])
    api.delete(f"{path}/reactions/clap", token=people[0])
    api.delete(f"{path}/upvote", token=people[1])
    counts = api.get(path).json["counts"]
    assert counts == {"upvotes": 1, "comments": 0, "reactions": {"heart": 2, "clap": 1}}
    viewer = api.get(path, token=people[0]).json["viewer"]
    assert viewer["upvoted"] is True and viewer["reactions"] == ["heart"]
    answer = api.put(f"{path}/reactions/poop", token=people[0])
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "reaction"
    engaged = api.get(f"/modules/{mid}/contributions?sort=most_engaged").json["items"]
    assert engaged[0]["id"] == c["id"]


def test_favourites_are_listed_newest_first(api, make_user, w):
    from chalicelib.platform import clock

    mid = w.module("ideas")
    _, author = make_user()
    _, reader = make_user()
    ids = [w.contribute(mid, author, title=f"Idea {n}")["id"] for n in range(3)]
    for cid in ids:
        clock.advance(1)
        assert api.put(f"/contributions/{cid}/favorite", token=reader).status_code == 204
    api.put(f"/contributions/{ids[0]}/favorite", token=reader)  # again: keeps its place
    api.delete(f"/contributions/{ids[1]}/favorite", token=reader)
    saved = api.get("/me/favorites", token=reader).json
    assert [c["id"] for c in saved["items"]] == [ids[2], ids[0]]
    assert api.get(f"/contributions/{ids[0]}", token=reader).json["viewer"]["favorite"]


def test_hidden_content_is_gone_for_the_public_and_marked_for_author_and_moderators(
        api, make_user, w):
    from chalicelib.contributions import content_access

    mid = w.module("ideas")
    _, author = make_user()
    _, stranger = make_user()
    c = w.contribute(mid, author, title="Rude")
    keep = w.contribute(mid, author, title="Kind")
    assert content_access.set_hidden(content_access.get(c["id"]), True)
    assert not content_access.set_hidden(content_access.get(c["id"]), True)  # already hidden
    assert api.get(f"/contributions/{c['id']}").status_code == 404
    assert api.get(f"/contributions/{c['id']}", token=stranger).status_code == 404
    mine = api.get(f"/contributions/{c['id']}", token=author)
    assert mine.status_code == 200 and mine.json["hidden"] is True
    moderated = api.get(f"/contributions/{c['id']}", token=w.admin).json
    assert moderated["hidden"] is True
    for sort in ("latest", "most_commented", "most_engaged"):
        listed = api.get(f"/modules/{mid}/contributions?sort={sort}").json["items"]
        assert [x["id"] for x in listed] == [keep["id"]]
    assert api.get(f"/modules/{mid}").json["counts"]["contributions"] == 1
    opendata = api.get(f"/opendata/communities/{w.community_id}/contributions").json
    assert [x["id"] for x in opendata["items"]] == [keep["id"]]
    assert api.put(f"/contributions/{c['id']}/upvote", token=author).status_code == 404
    assert content_access.set_hidden(content_access.get(c["id"]), False)
    assert api.get(f"/contributions/{c['id']}").status_code == 200
    assert api.get(f"/modules/{mid}").json["counts"]["contributions"] == 2


def test_hidden_comments_leave_the_thread_and_the_count(api, make_user, w):
    from chalicelib.contributions import content_access

    mid = w.module("ideas")
    _, token = make_user()
    c = w.contribute(mid, token, title="t")
    bad = api.post(f"/contributions/{c['id']}/comments", {"body": "rude"}, token=token).json
    api.post(f"/contributions/{c['id']}/comments", {"body": "kind"}, token=token)
    assert content_access.set_hidden(content_access.get_comment(bad["id"]), True)
    listed = api.get(f"/contributions/{c['id']}/comments").json["items"]
    assert [x["body"] for x in listed] == ["kind"]
    assert api.get(f"/contributions/{c['id']}").json["counts"]["comments"] == 1


def test_interactions_notify_the_author_but_never_the_actor(api, make_user, w):
    from tests.api.test_communities import queued

    mid = w.module("ideas")
    author_id, author = make_user()
    fan_id, fan = make_user()
    c = w.contribute(mid, author, title="Solar")
    queued()
    api.put(f"/contributions/{c['id']}/upvote", token=fan)
    api.put(f"/contributions/{c['id']}/upvote", token=fan)  # no second notification
    api.put(f"/contributions/{c['id']}/upvote", token=author)  # own: nobody to tell
    comment = api.post(f"/contributions/{c['id']}/comments", {"body": "+1"}, token=fan).json
    api.post(f"/contributions/{c['id']}/comments", {"body": "thanks",
                                                    "parent_id": comment["id"]}, token=author)
    events = queued()
    kinds = sorted((e["kind"], tuple(e["audience"]["user_ids"])) for e in events)
    assert kinds == [("comment.reply", (fan_id,)), ("contribution.comment", (author_id,)),
                     ("contribution.upvote", (author_id,))]
    assert all(e["category"] == "interactions" for e in events)


def test_attachments_are_checked_before_they_show(client, api, make_user, w):
    from chalicelib.platform.aws import media

    mid = w.module("ideas")
    _, author = make_user()
    _, reader = make_user()
    c = w.contribute(mid, author, title="Plan", attachments=[
        {"name": "plan.pdf", "content_type": "application/pdf", "size": 1000},
        {"name": "photo.png", "content_type": "image/png", "size": 1000}])
    uploads = c["uploads"]
    assert len(uploads) == 2 and all(u["url"] and u["fields"] for u in uploads)
    assert [a["status"] for a in c["attachments"]] == ["pending", "pending"]
    pdf_key, png_key = uploads[0]["key"], uploads[1]["key"]
    media.put(pdf_key, b"%PDF-1.7 real enough", "application/pdf")
    media.put(png_key, b"<script>alert(1)</script>", "image/png")  # lies about its type
    for key in (pdf_key, png_key):
        body = json.dumps({"Records": [{"eventName": "ObjectCreated:Post", "s3": {
            "bucket": {"name": "b"}, "object": {"key": key}}}]})
        event = client.events.generate_sqs_event(message_bodies=[body], queue_name="uploads")
        assert client.lambda_.invoke("check_uploads", event).payload == {
            "batchItemFailures": []}
    shown = api.get(f"/contributions/{c['id']}", token=reader).json["attachments"]
    assert [(a["name"], a["status"]) for a in shown] == [("plan.pdf", "ready")]
    assert shown[0]["url"] and media.head(png_key) is None
    own = api.get(f"/contributions/{c['id']}", token=author).json["attachments"]
    assert sorted(a["status"] for a in own) == ["pending", "ready"]
    more = api.post(f"/contributions/{c['id']}/attachments", {"attachments": [
        {"name": "x.gif", "content_type": "image/gif", "size": 10}]}, token=reader)
    assert more.status_code == 403
    bad = api.post(f"/modules/{mid}/contributions", {"title": "t", "body": "b", "attachments": [
        {"name": "x.exe", "content_type": "application/x-msdownload", "size": 10}]},
        token=author)
    assert bad.status_code == 400


def test_answers_are_not_for_search_engines(api, make_user, w):
    mid = w.module("ideas")
    _, token = make_user()
    c = w.contribute(mid, token, title="t")
    for path in (f"/contributions/{c['id']}", f"/modules/{mid}/contributions",
                 f"/communities/{w.community_id}", "/opendata/communities",
                 f"/opendata/communities/{w.community_id}/export", "/contributions/NOPE",
                 "/me/favorites"):
        answer = api.client.http.request("GET", path, headers={})
        assert answer.headers["X-Robots-Tag"] == "noindex, nofollow", path


def test_forgetting_an_author_leaves_content_by_a_deleted_participant(api, make_user, w):
    from chalicelib.contributions import comment_tables
    from chalicelib.contributions import contribution_tables as store

    mid = w.module("ideas")
    uid, token = make_user(name="Leaving Soon")
    c = w.contribute(mid, token, title="Stays")
    hidden = w.contribute(mid, token, title="Incognito", display="anonymous")
    comment = api.post(f"/contributions/{c['id']}/comments", {"body": "mine"},
                       token=token).json
    assert store.forget_author(c["id"]) and store.forget_author(hidden["id"])
    assert comment_tables.forget_comment_author(comment["id"])
    assert store.forget_author("NOPE") is False  # purged meanwhile: nothing to forget
    shown = api.get(f"/contributions/{c['id']}", token=token).json
    assert shown["author"] == {"display_name": "Deleted participant"}
    assert shown["is_author"] is False
    assert shown["comments"]["items"][0]["author"] == {"display_name": "Deleted participant"}
    anonymous = api.get(f"/contributions/{hidden['id']}", token=token).json
    assert anonymous["author"] == {"display_name": "Anonymous"}
    from chalicelib.contributions.comment_tables import Comment, head_id
    from chalicelib.contributions.contribution_tables import Contribution

    assert Contribution.get(c["id"]).author_id is None
    assert Comment.get(head_id(c["id"])).head_author_id is None
    assert Comment.get(comment["id"]).author_id is None
    assert uid not in api.get(f"/modules/{mid}/contributions?sort=latest").body.decode()


def test_a_module_that_closes_before_the_write_refuses_it(api, make_user, w):
    """The open check is also a condition of the write itself, not only a read before."""
    from chalicelib.contributions import comment_tables
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.contributions.comment_tables import Comment
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.modules import module_access
    from chalicelib.platform import clock
    from chalicelib.platform.dynamo.transactions import Transaction

    mid = w.module("ideas", closes=60)
    _, token = make_user()
    c = w.contribute(mid, token, title="Just in time")
    late = clock.now() + 61
    stored = Contribution.get(c["id"])
    twin = Contribution("01ZZZZZZZZZZZZZZZZZZZZZZZZ", **{
        k: v for k, v in stored.attribute_values.items() if k != "contribution_id"})
    twin.created_at = late
    tx = Transaction()
    store.add_new(tx, twin)
    module_access.count_contribution(tx, mid, None, 1, open_at=late)
    assert tx.commit() == {"module"}
    comment = Comment("01YYYYYYYYYYYYYYYYYYYYYYYY", contribution_id=c["id"],
                      community_id=w.community_id, module_id=mid, thread_key="x",
                      author_id="U", body={"en": "late"}, created_at=late)
    tx = Transaction()
    module_access.require_open(tx, mid, late)
    comment_tables.add_comment_in(tx, comment)
    store.count_comment(tx, "contribution", c["id"], 1, visible=True)
    assert tx.commit() == {"module"}
    assert api.get(f"/modules/{mid}").json["counts"]["contributions"] == 1


def test_forgetting_many_authors_at_once_redoes_a_cancelled_transaction_one_by_one(
        api, make_user):
    """The erasure forgets a page of authors in transactions; one item purged meanwhile
    cancels its transaction, and the rest are then forgotten one at a time."""
    from chalicelib.contributions import comment_tables
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.contributions.comment_tables import Comment
    from chalicelib.contributions.contribution_tables import Contribution

    w = world(api, make_user)
    mid = w.module("ideas")
    _, token = make_user()
    made = [w.contribute(mid, token, title=f"Idea {n}")["id"] for n in range(3)]
    comments = [api.post(f"/contributions/{made[0]}/comments", {"body": f"c{n}"},
                         token=token).json["id"] for n in range(3)]
    store.forget_authors([made[0], "NOPE", *made[1:]])
    comment_tables.forget_comment_authors([comments[0], "NOPE", *comments[1:]])
    assert all(Contribution.get(c).author_id is None for c in made)
    assert all(Comment.get(comment_tables.head_id(c)).head_author_id is None for c in made)
    assert all(Comment.get(c).author_id is None for c in comments)
