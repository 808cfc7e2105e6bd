"""PATCH and DELETE /comments/{id}: the author edits while the module is open; the author or
a moderator deletes; a deleted comment with replies stays as a placeholder, without replies
it leaves the thread; the contribution's comment count stays exact; moderation stays
consistent."""

from __future__ import annotations

from tests.api.moderation_support import case_of, stage
from tests.api.participation import DAY
from tests.support import sign_in


def _thread(api, contribution_id, token=None):
    answer = api.get(f"/contributions/{contribution_id}/comments", token=token)
    assert answer.status_code == 200, answer.json
    return answer.json["items"]


def _count(api, contribution_id):
    return api.get(f"/contributions/{contribution_id}").json["counts"]["comments"]


def _reply(api, contribution_id, parent_id, token, body="A reply"):
    return api.post(f"/contributions/{contribution_id}/comments",
                    {"body": body, "parent_id": parent_id}, token=token)


def test_the_author_edits_while_the_module_is_open(api, make_user):
    from chalicelib.platform import clock

    s = stage(api, make_user)
    idea = s.contribution()
    comment = s.comment(idea, "First thought")
    answer = api.patch(f"/comments/{comment}", {"body": "Second <b>thought</b>"},
                       token=s.author)
    assert answer.status_code == 200, answer.json
    assert answer.json["body"] == "Second thought"  # as a new comment's text
    assert answer.json["updated_at"] and answer.json["author"]["display_name"] == "Alex Author"
    assert _thread(api, idea)[0]["body"] == "Second thought"
    bad = api.patch(f"/comments/{comment}", {"body": ""}, token=s.author)
    assert bad.status_code == 400 and bad.json["errors"][0]["field"] == "body"
    long = api.patch(f"/comments/{comment}", {"body": "x" * 5001}, token=s.author)
    assert long.status_code == 400 and long.json["errors"][0]["field"] == "body"
    unknown = api.patch(f"/comments/{comment}", {"body": "Hi", "author": "me"},
                        token=s.author)
    assert unknown.status_code == 400
    # nobody else edits, not even a moderator
    assert api.patch(f"/comments/{comment}", {"body": "Mine now"},
                     token=s.moderator).status_code == 403
    assert api.patch(f"/comments/{comment}", {"body": "Mine now"}).status_code == 401
    assert api.patch("/comments/01NOSUCHCOMMENT0000000000", {"body": "Hi"},
                     token=s.author).status_code == 404
    clock.advance(31 * DAY)  # the module closed
    closed = api.patch(f"/comments/{comment}", {"body": "Too late"},
                       token=sign_in(s.author_id))
    assert closed.status_code == 422 and closed.json["code"] == "module_closed"


def test_a_deleted_comment_without_replies_disappears_and_is_uncounted(api, make_user):
    s = stage(api, make_user)
    idea = s.contribution()
    comment = s.comment(idea, "Regret this")
    kept = s.comment(idea, "Keep this")
    assert _count(api, idea) == 2
    _, stranger = make_user()
    assert api.delete(f"/comments/{comment}", token=stranger).status_code == 403
    assert api.delete(f"/comments/{comment}", token=s.author).status_code == 204
    assert [c["id"] for c in _thread(api, idea)] == [kept]
    assert _count(api, idea) == 1
    assert api.delete(f"/comments/{comment}", token=s.author).status_code == 404
    assert api.patch(f"/comments/{comment}", {"body": "Back"}, token=s.author).status_code == 404
    # a moderator deletes anyone's
    assert api.delete(f"/comments/{kept}", token=s.moderator).status_code == 204
    assert _thread(api, idea) == [] and _count(api, idea) == 0


def test_a_deleted_comment_with_replies_stays_as_a_placeholder(api, make_user):
    from chalicelib.contributions.comment_tables import Comment

    s = stage(api, make_user)
    idea = s.contribution()
    parent = s.comment(idea, "Parent words")
    _, replier = make_user(name="Rita Replier")
    reply = _reply(api, idea, parent, replier).json["id"]
    assert _count(api, idea) == 2
    assert api.delete(f"/comments/{parent}", token=s.author).status_code == 204
    thread = _thread(api, idea, token=s.author)
    assert [c["id"] for c in thread] == [parent, reply]
    placeholder = thread[0]
    assert placeholder["deleted"] is True
    assert placeholder["body"] is None and placeholder["author"] is None
    assert "Parent words" not in str(thread) and "Alex" not in str(thread)
    stored = Comment.get(parent)
    assert stored.author_id is None and not stored.body.as_dict()  # erased, not just hidden
    assert _count(api, idea) == 1
    # no reply to a deleted comment
    answer = _reply(api, idea, parent, replier)
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "parent_id"
    # its last reply goes: the placeholder goes with it
    assert api.delete(f"/comments/{reply}", token=replier).status_code == 204
    assert _thread(api, idea) == [] and _count(api, idea) == 0


def test_deep_placeholders_leave_together_when_the_last_reply_goes(api, make_user):
    s = stage(api, make_user)
    idea = s.contribution()
    top = s.comment(idea, "Top")
    middle = _reply(api, idea, top, s.author, "Middle").json["id"]
    leaf = _reply(api, idea, middle, s.author, "Leaf").json["id"]
    sibling = _reply(api, idea, top, s.author, "Sibling").json["id"]
    for gone in (top, middle):
        assert api.delete(f"/comments/{gone}", token=s.author).status_code == 204
    assert [c["id"] for c in _thread(api, idea)] == [top, middle, leaf, sibling]
    assert api.delete(f"/comments/{leaf}", token=s.author).status_code == 204
    assert [c["id"] for c in _thread(api, idea)] == [top, sibling]  # middle left with leaf
    assert api.delete(f"/comments/{sibling}", token=s.author).status_code == 204
    assert _thread(api, idea) == [] and _count(api, idea) == 0


def test_a_flagged_then_deleted_comment_keeps_the_queue_consistent(api, make_user):
    s = stage(api, make_user, threshold=2)
    idea = s.contribution()
    flagged = s.comment(idea, "Rude words")
    s.flagged(flagged, 1, kind="comments")
    assert api.delete(f"/comments/{flagged}", token=s.author).status_code == 204
    queue = s.queue().json["items"]
    entry = next(i for i in queue if i["item"] is None or i["item"]["id"] == flagged)
    assert entry["item"] is None or entry["item"]["deleted"] is True
    assert "Rude words" not in str(queue)
    # a flag on a deleted comment is refused; a decision on it answers and changes nothing
    _, late = s.person("Late Flagger")
    assert s.flag(flagged, late, kind="comments").status_code in (404, 409, 422)
    assert s.decide(flagged, "remove").status_code == 200
    assert case_of(flagged).status == "closed"
    assert _count(api, idea) == 0


def test_a_hidden_comment_deleted_is_counted_once(api, make_user):
    s = stage(api, make_user, threshold=1)
    idea = s.contribution()
    hidden = s.comment(idea, "Hide me")
    s.comment(idea, "Stay")
    s.flagged(hidden, 1, kind="comments")
    assert _count(api, idea) == 1  # hiding uncounted it
    assert api.delete(f"/comments/{hidden}", token=s.author).status_code == 204
    assert _count(api, idea) == 1
    assert s.decide(hidden, "restore").status_code == 200  # nothing to restore any more
    assert _count(api, idea) == 1 and len(_thread(api, idea)) == 1


def test_outsiders_of_a_private_community_get_404(api, make_user):
    s = stage(api, make_user, visibility="private")
    idea = s.contribution()
    comment = s.comment(idea)
    _, outsider = make_user()
    assert api.delete(f"/comments/{comment}", token=outsider).status_code == 404
    assert api.patch(f"/comments/{comment}", {"body": "x"}, token=outsider).status_code == 404
