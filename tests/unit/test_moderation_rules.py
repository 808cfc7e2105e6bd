"""Moderation rules, called directly: thresholds, priority order, the strike ladder, flag
abuse, decisions and appeals."""

from __future__ import annotations

import pytest

from chalicelib.moderation import moderation_rules as moderation
from chalicelib.moderation.moderation_rules import DAY, CaseState, Policy, Rung

OPEN = CaseState(seq=1, status="open", flags=1, counted=1)


def test_a_first_flag_opens_a_case_and_hides_at_threshold_one():
    plan = moderation.plan_flag(CaseState(), counted=True, item_hidden=False, threshold=1)
    assert (plan.seq, plan.opens, plan.flags, plan.counted) == (1, True, 1, 1)
    assert plan.hides and plan.threshold_reached is True


def test_below_a_higher_threshold_a_flag_feeds_the_case_without_hiding():
    first = moderation.plan_flag(CaseState(), counted=True, item_hidden=False, threshold=3)
    assert first.opens and not first.hides and first.threshold_reached is False
    second = moderation.plan_flag(OPEN, counted=True, item_hidden=False, threshold=3)
    assert (second.opens, second.flags, second.counted, second.hides) == (False, 2, 2, False)
    third = moderation.plan_flag(CaseState(1, "open", 2, 2), counted=True, item_hidden=False,
                                 threshold=3)
    assert third.hides and third.counted == 3


def test_flags_after_the_item_is_hidden_only_feed_the_case():
    plan = moderation.plan_flag(CaseState(1, "open", 3, 3), counted=True, item_hidden=True,
                                threshold=3)
    assert plan.flags == 4 and not plan.hides and plan.threshold_reached is None


def test_a_closed_case_is_not_reopened_by_new_flags_it_starts_a_new_one():
    closed = CaseState(seq=2, status="closed", flags=5, counted=5)
    plan = moderation.plan_flag(closed, counted=True, item_hidden=False, threshold=2)
    assert plan.opens and plan.seq == 3 and plan.flags == 1 and not plan.hides


def test_flags_of_an_abuser_count_as_flags_but_never_hide():
    policy = Policy(abuse_limit=2)
    assert moderation.counts_toward_hiding(2, policy)
    assert not moderation.counts_toward_hiding(3, policy)
    plan = moderation.plan_flag(CaseState(), counted=False, item_hidden=False, threshold=1)
    assert plan.opens and plan.flags == 1 and plan.counted == 0 and not plan.hides
    assert plan.threshold_reached is None


def test_hidden_items_take_flags_only_while_their_case_is_open():
    assert moderation.flaggable(deleted=False, hidden=False, case_active=False)
    assert moderation.flaggable(deleted=False, hidden=True, case_active=True)
    assert not moderation.flaggable(deleted=False, hidden=True, case_active=False)
    assert not moderation.flaggable(deleted=True, hidden=False, case_active=True)


def test_queue_keys_sort_by_flags_then_reach_then_age():
    cases = {
        "many flags": moderation.queue_key(5, 0, 3000.0),
        "few flags, wide reach": moderation.queue_key(2, 900, 3000.0),
        "few flags, narrow reach, old": moderation.queue_key(2, 10, 1000.0),
        "few flags, narrow reach, new": moderation.queue_key(2, 10, 2000.0),
        "one flag": moderation.queue_key(1, 10**12, 0.0),
    }
    assert sorted(cases, key=cases.__getitem__) == list(cases)


def test_reach_is_the_interactions_a_contribution_received():
    assert moderation.reach_of("contribution", 7) == 7
    assert moderation.reach_of("contribution", None) == 0
    assert moderation.reach_of("comment", 7) == 0


def test_the_default_ladder_warns_then_suspends_then_deletes():
    policy = Policy()
    assert [policy.rung_for(n) for n in range(1, 7)] == [
        Rung("warning"), None, Rung("suspension", 7), None, Rung("deletion"),
        Rung("deletion")]
    assert policy.rung_for(0) is None
    assert policy.next_rung(1) == (3, Rung("suspension", 7))
    assert policy.next_rung(5) is None


def test_the_ladder_and_window_come_from_the_environment():
    policy = moderation.policy_from({"AGORA_MODERATION_LADDER": "2:warning,4:suspension:30",
                                     "AGORA_MODERATION_STRIKE_WINDOW_DAYS": "90",
                                     "AGORA_MODERATION_ABUSE_LIMIT": "10"})
    assert policy.ladder == ((2, Rung("warning")), (4, Rung("suspension", 30)))
    assert policy.strike_window == 90 * DAY and policy.abuse_limit == 10
    assert moderation.policy_from({}) == Policy()
    for bad in ("1:ban", "3:warning,2:warning", "1:suspension", "x:warning"):
        with pytest.raises(ValueError):
            moderation.parse_ladder(bad)


def test_strikes_count_removals_inside_the_rolling_window():
    policy = Policy(strike_window=10 * DAY)
    now = 100 * DAY
    removals = {"a:1": {"at": now - 11 * DAY}, "b:1": {"at": now - 9 * DAY},
                "c:1": {"at": now - DAY}}
    assert moderation.strikes(removals, now, policy) == 2
    assert moderation.strike_number(removals, "d:1", now, policy) == 3
    assert moderation.strike_number(removals, "c:1", now, policy) == 2  # itself not counted
    assert moderation.expired_removals(removals, now, policy) == ["a:1"]


def test_decisions_on_open_appealed_and_closed_cases():
    def check(status, action="remove", decided_action=None, first=None, me="M2",
              author="A"):
        return moderation.check_decision(status=status, decided_action=decided_action,
                                         decided_by=first, first_decided_by=first,
                                         action=action, moderator_id=me, author_id=author)

    assert check("open").apply
    assert check("open", me="A").error == "own_content"
    assert check("appealed", first="M1").apply
    assert check("appealed", first="M2").error == "appeal_needs_another_moderator"
    repeat = check("closed", action="remove", decided_action="remove")
    assert repeat.repeat and not repeat.apply and repeat.error is None
    assert check("closed", action="restore", decided_action="remove").error == \
        "already_decided"


def test_only_a_removal_can_be_appealed_and_only_once():
    assert moderation.appeal_refusal(status="closed", outcome="removed", appealed=False) \
        is None
    assert moderation.appeal_refusal(status="closed", outcome="removed", appealed=True) == \
        "already_appealed"
    assert moderation.appeal_refusal(status="closed", outcome="restored", appealed=False) == \
        "nothing_to_appeal"
    assert moderation.appeal_refusal(status="open", outcome=None, appealed=False) == \
        "nothing_to_appeal"


def test_a_suspension_is_over_once_its_end_passed():
    assert moderation.suspension_over("suspended", 100.0, 100.0)
    assert not moderation.suspension_over("suspended", 101.0, 100.0)
    assert not moderation.suspension_over("active", 1.0, 100.0)
    assert not moderation.suspension_over("suspended", None, 100.0)


@pytest.mark.parametrize("locale", ["en", "fr", "de", "es"])
@pytest.mark.parametrize("data", [
    {},  # an event enqueued by hand with nothing in it still renders
    {"action": "remove", "item_kind": "comment", "reason": "Insults", "rule": "§2",
     "reported_for": ["spam", "hate_speech"], "appealable": True, "appeal_decision": False,
     "decided_at": "2030-01-02T03:04:05Z", "published_at": "2030-01-01T00:00:00Z",
     "rung": "suspension", "strikes": 3, "window_days": 365,
     "until": "2030-01-09T03:04:05Z", "next": {"strike": 5, "action": "deletion"}},
])
def test_moderation_emails_render_in_every_locale(locale, data):
    from chalicelib.platform.mail_templates import TEMPLATES, render

    for name in ("notify_moderation_outcome", "notify_moderation_warning"):
        assert (TEMPLATES / locale / f"{name}.txt").exists()
        assert (TEMPLATES / locale / f"{name}.html").exists()
        subject, text, html = render(name, locale, kind="moderation.outcome", title="T",
                                     excerpt="", community="", url="http://app/x",
                                     category="interactions", unsubscribe_url="http://u",
                                     settings_url="http://s", data=data)
        assert subject and "None" not in text and html and f'lang="{locale}"' in html
        if data:
            assert "http://app/x" in text
    subject, text, _ = render("moderation_account_deleted", locale, strikes=5,
                              window_days=365)
    assert subject and "5" in text and "365" in text
