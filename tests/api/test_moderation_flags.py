"""Flags: thresholds (1 and more), what hiding does to lists and counts, once per person,
restore then re-flag, flag abuse, comments, access, and the moderators' notice."""

from __future__ import annotations

import pytest

from tests.api.moderation_support import case_of, stage
from tests.support import body_of, run_queues


def _module_count(api, s) -> int:
    return api.get(f"/modules/{s.module_id}", token=s.w.admin).json["counts"]["contributions"]


def test_at_the_default_threshold_one_flag_hides_at_once_everywhere(api, make_user):
    s = stage(api, make_user)
    cid = s.contribution("Hide me")
    other = s.contribution("Keep me")
    before = _module_count(api, s)
    _, flagger = s.person()
    answer = s.flag(cid, flagger, reason="harassment", note="Insults a neighbour")
    assert answer.status_code == 202 and answer.json == {}

    assert api.get(f"/contributions/{cid}").status_code == 404
    assert api.get(f"/contributions/{cid}", token=flagger).status_code == 404
    feed = api.get(f"/modules/{s.module_id}/contributions?sort=latest").json["items"]
    assert [c["id"] for c in feed] == [other]
    assert _module_count(api, s) == before - 1
    opendata = api.get(f"/opendata/communities/{s.cid}/contributions").json["items"]
    assert cid not in [c["id"] for c in opendata]
    mine = api.get(f"/contributions/{cid}", token=s.author)
    assert mine.status_code == 200 and mine.json["hidden"] is True
    assert api.get(f"/contributions/{cid}", token=s.moderator).json["hidden"] is True

    queue = s.queue().json["items"]
    assert len(queue) == 1
    case = queue[0]
    assert (case["item_id"], case["status"], case["flags"], case["hidden"]) == \
        (cid, "open", 1, True)
    assert case["reasons"] == {"harassment": 1}
    assert [n["note"] for n in case["notes"]] == ["Insults a neighbour"]
    assert case["item"]["title"] == "Hide me" and case["item"]["author"] == {
        "display_name": "Alex Author"}


def test_below_the_threshold_flags_gather_then_the_last_one_hides(api, make_user):
    s = stage(api, make_user, threshold=3)
    cid = s.contribution()
    s.flagged(cid, 2)
    assert api.get(f"/contributions/{cid}").status_code == 200
    case = s.queue().json["items"][0]
    assert case["flags"] == 2 and case["hidden"] is False
    s.flagged(cid, 1, reason="hate_speech")
    assert api.get(f"/contributions/{cid}").status_code == 404
    case = s.queue().json["items"][0]
    assert case["flags"] == 3 and case["hidden"] is True
    assert case["reasons"] == {"hate_speech": 1, "spam": 2}
    stored = case_of(cid)
    assert int(stored.seq) == 1 and int(stored.threshold) == 3


def test_a_person_flags_an_item_once(api, make_user):
    s = stage(api, make_user, threshold=2)
    cid = s.contribution()
    _, flagger = s.person()
    assert s.flag(cid, flagger).status_code == 202
    again = s.flag(cid, flagger, reason="violence")
    assert again.status_code == 409 and again.json["code"] == "already_flagged"
    assert api.get(f"/contributions/{cid}").status_code == 200  # one person, one flag
    assert s.queue().json["items"][0]["flags"] == 1


def test_bad_flags_are_refused_naming_the_field(api, make_user):
    s = stage(api, make_user)
    cid = s.contribution()
    _, flagger = s.person()
    answer = s.flag(cid, flagger, reason="boring")
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "reason"
    answer = s.flag(cid, flagger, note="x" * 1001)
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "note"
    assert api.post(f"/contributions/{cid}/flags", {"reason": "spam"}).status_code == 401
    assert s.flag("NOSUCHITEM", flagger).status_code == 404
    own = s.flag(cid, s.author)
    assert own.status_code == 422 and own.json["code"] == "own_content"
    assert api.get(f"/contributions/{cid}").status_code == 200


def test_a_private_community_answers_404_to_outsiders(api, make_user):
    s = stage(api, make_user, visibility="private")
    cid = s.contribution()
    _, outsider = s.person()
    assert s.flag(cid, outsider).status_code == 404
    assert case_of(cid) is None
    member_id, member = s.person()
    api.put(f"/communities/{s.cid}/members/{member_id}", {"role": "member"}, token=s.w.admin)
    assert s.flag(cid, member).status_code == 202
    assert api.get(f"/contributions/{cid}", token=member).status_code == 404
    assert case_of(cid).community_visibility == "private"


def test_a_flagged_comment_leaves_its_thread_and_its_author_sees_it_hidden(api, make_user):
    s = stage(api, make_user)
    cid = s.contribution()
    writer_id, writer = s.person("Wanda Writer")
    comment = s.comment(cid, "Rude words", token=writer)
    kept = s.comment(cid, "Kind words")
    before = api.get(f"/contributions/{cid}").json["counts"]["comments"]
    _, flagger = s.person()
    assert s.flag(comment, flagger, kind="comments").status_code == 202
    thread = api.get(f"/contributions/{cid}/comments").json["items"]
    assert [c["id"] for c in thread] == [kept]
    assert api.get(f"/contributions/{cid}").json["counts"]["comments"] == before - 1
    mine = api.get(f"/moderation/{comment}", token=writer)
    assert mine.status_code == 200
    assert mine.json["hidden"] is True and mine.json["is_author"] is True
    assert mine.json["item"]["body"] == "Rude words"
    assert "notes" not in mine.json or mine.json["notes"] is None
    assert api.get(f"/moderation/{comment}", token=flagger).status_code == 404
    assert s.flag(cid + ".head", flagger, kind="comments").status_code == 400
    assert writer_id


def test_restored_content_is_not_hidden_again_by_its_old_flags(api, make_user):
    s = stage(api, make_user, threshold=2)
    cid = s.contribution()
    old = s.flagged(cid, 2)
    assert api.get(f"/contributions/{cid}").status_code == 404
    assert s.decide(cid, "restore").status_code == 200
    assert api.get(f"/contributions/{cid}").status_code == 200
    for _, token in old:
        assert s.flag(cid, token).status_code == 409
    s.flagged(cid, 1)
    assert api.get(f"/contributions/{cid}").status_code == 200  # 1 of 2 in the new case
    case = s.queue().json["items"][0]
    assert case["case_number"] == 2 and case["flags"] == 1
    s.flagged(cid, 1)
    assert api.get(f"/contributions/{cid}").status_code == 404


def test_people_whose_flags_were_rejected_too_often_no_longer_hide(api, make_user,
                                                                    monkeypatch):
    from chalicelib.moderation import moderation_rules as moderation

    monkeypatch.setenv("AGORA_MODERATION_ABUSE_LIMIT", "1")
    moderation.policy.cache_clear()
    try:
        s = stage(api, make_user)
        abuser_id, abuser = s.person("Ab User")
        for _ in range(2):
            target = s.contribution()
            assert s.flag(target, abuser).status_code == 202
            assert s.decide(target, "restore").status_code == 200
        from chalicelib.moderation import moderation_tables as store

        assert int(store.get_standing(abuser_id).rejected_flags) == 2
        target = s.contribution("Fine content")
        assert s.flag(target, abuser).status_code == 202
        assert api.get(f"/contributions/{target}").status_code == 200  # not hidden
        case = s.queue().json["items"][0]
        assert case["item_id"] == target and case["flags"] == 1 and case["hidden"] is False
        s.flagged(target, 1)  # someone in good standing: hides
        assert api.get(f"/contributions/{target}").status_code == 404
    finally:
        moderation.policy.cache_clear()


def test_moderators_hear_of_new_cases_in_app_and_by_email_only_if_they_opted_in(
        api, make_user, sent_mail):
    s = stage(api, make_user, threshold=2)
    opted_id, opted = s.add_moderator("Opted In")
    api.put("/me/notification-settings", {"admin": True}, token=opted)
    cid = s.contribution("Offensive title")
    s.flagged(cid, 2)
    run_queues()
    for token in (s.moderator, opted):
        notes = api.get("/me/notifications", token=token).json["items"]
        assert [n["kind"] for n in notes] == ["moderation.case"]  # one case, one notice
        assert notes[0]["title"] == "Offensive title"
    mails = [m for m in sent_mail() if "moderate" in m["Subject"]]
    assert len(mails) == 1
    assert mails[0]["To"].startswith(opted_id.lower())
    text = body_of(mails[0])
    for flagger_id, _ in s.people:
        assert flagger_id not in text


@pytest.mark.parametrize("kind", ["contributions", "comments"])
def test_deleted_items_cannot_be_flagged(api, make_user, kind):
    s = stage(api, make_user)
    cid = s.contribution()
    target = cid if kind == "contributions" else s.comment(cid)
    if kind == "contributions":
        assert api.delete(f"/contributions/{cid}", token=s.author).status_code == 204
    else:
        from chalicelib.contributions.comment_tables import Comment

        Comment(target).update(actions=[Comment.deleted.set(True)])
    _, flagger = s.person()
    assert s.flag(target, flagger, kind=kind).status_code == 404
