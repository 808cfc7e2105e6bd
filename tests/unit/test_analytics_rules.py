"""The analytics rules, called directly: suppression of day rows, series, demographic and
questionnaire tables (the subtraction attack across modules, days and cells), follower
levels, the range, CSV, and the counter's plan (tags, first participation, objection,
follows out of order)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.analytics import dashboard_csv
from chalicelib.analytics import figures as analytics
from chalicelib.analytics.suppression_rules import (
    Count,
    series_total,
    suppress_choice,
    suppress_row,
    threshold,
)
from chalicelib.platform.errors import ValidationFailed

K = 5


# ---- a day's row: the community's figure and its modules -----------------------------------

def test_a_small_module_is_hidden_with_another_so_the_margin_reveals_neither():
    margin = Count(value=9, people=7)
    shown, cells = suppress_row(margin, {"busy": Count(7, 7), "quiet": Count(2, 2)}, k=K)
    assert shown == 9
    assert cells == {"busy": None, "quiet": None}  # 9 - busy would give quiet away


def test_overlapping_people_do_not_make_a_hidden_group_safe():
    # Two hidden modules of 3 and 4 people: 7 by addition, but it may be the same 4 people.
    margin = Count(value=30, people=12)
    cells = {"a": Count(3, 3), "b": Count(4, 4), "c": Count(23, 9)}
    shown, out = suppress_row(margin, cells, k=K)
    assert out["a"] is None and out["b"] is None
    assert out["c"] is None  # only a cell of at least k people makes the group safe
    assert shown == 30


def test_a_margin_from_fewer_than_k_people_hides_the_whole_row():
    shown, cells = suppress_row(Count(6, 3), {"a": Count(6, 3), "b": Count(0, 0)}, k=K)
    assert shown is None and cells == {"a": None, "b": 0}


def test_a_row_with_no_other_module_to_hide_hides_the_margin():
    shown, cells = suppress_row(Count(2, 2), {"a": Count(2, 2)}, k=2)
    assert shown == 2 and cells == {"a": 2}
    shown, cells = suppress_row(Count(8, 6), {"a": Count(6, 6), "b": Count(2, 1)}, k=K)
    assert cells == {"a": None, "b": None} and shown == 8


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdef"),
                       st.tuples(st.integers(0, 30), st.integers(0, 12)), min_size=1),
       st.integers(2, 8))
def test_no_hidden_module_can_be_recovered_from_the_margin(raw, k):
    cells = {name: Count(value=max(v, p), people=p) for name, (v, p) in raw.items()}
    margin = Count(sum(c.value for c in cells.values()),
                   max((c.people for c in cells.values()), default=0))
    shown, out = suppress_row(margin, cells, k=k)
    for name, value in out.items():
        if value is not None:
            assert cells[name].people == 0 or cells[name].people >= k, "a small cell is shown"
    hidden = [name for name, value in out.items() if value is None]
    if shown is not None and hidden:
        assert len(hidden) >= 2, "one hidden part is the margin minus the others"
        assert max(cells[n].people for n in hidden) >= k, "the hidden group may be < k people"


def test_a_series_total_is_shown_only_when_every_part_is():
    assert series_total([3, 0, 7]) == 10
    assert series_total([3, None, 7]) is None


def test_choices_are_hidden_when_those_who_did_not_choose_are_few():
    assert suppress_choice(18, 20, k=K) is None   # 2 did not choose it
    assert suppress_choice(10, 20, k=K) == 10
    assert suppress_choice(0, 20, k=K) == 0
    assert suppress_choice(3, 20, k=K) is None


def test_k_is_never_below_two():
    assert threshold(1) == 2 and threshold(0) == 2 and threshold(7) == 7


# ---- days, ranges and the subtraction attack across days -----------------------------------

def _day(**counters):
    return {name.replace("__", "|"): value for name, value in counters.items()}


def test_a_hidden_day_hides_the_period_total_and_two_ranges_reveal_nothing():
    items = {
        "2024-05-01": {"c|n": 6, "c|n|p": 6, "m|n": 6, "m|n|p": 6, "c|p": 6, "m|p": 6},
        "2024-05-02": {"c|n": 2, "c|n|p": 2, "m|n": 2, "m|n|p": 2, "c|p": 2, "m|p": 2},
        "2024-05-03": {"c|n": 8, "c|n|p": 5, "m|n": 8, "m|n|p": 5, "c|p": 5, "m|p": 5},
    }
    every = analytics.dates(dt.date(2024, 5, 1), dt.date(2024, 5, 3))
    rows, per_module = analytics.day_rows(items, every, None, K)
    assert [r["contributions"] for r in rows] == [6, None, 8]
    assert [r["participants"] for r in rows] == [6, None, 5]
    assert series_total([r["contributions"] for r in rows]) is None
    assert series_total(per_module["m"]["contributions"]) is None
    # Any range without the hidden day shows its total; any range with it does not:
    # no two totals differ by exactly the hidden day.
    for first in range(3):
        for last in range(first, 3):
            part = [r["contributions"] for r in rows[first:last + 1]]
            total = series_total(part)
            assert (total is None) == (1 in range(first, last + 1))


def test_the_module_view_uses_the_community_rows():
    items = {"2024-05-01": {"c|n": 9, "c|n|p": 7, "busy|n": 7, "busy|n|p": 7,
                            "quiet|n": 2, "quiet|n|p": 2, "c|p": 7, "busy|p": 7,
                            "quiet|p": 2}}
    days = ["2024-05-01"]
    community, _ = analytics.day_rows(items, days, None, K)
    busy, _ = analytics.day_rows(items, days, "busy", K)
    quiet, _ = analytics.day_rows(items, days, "quiet", K)
    assert community[0]["contributions"] == 9
    # Shown alone, busy's 7 would give quiet's 2 away (9 - 7).
    assert busy[0]["contributions"] is None and quiet[0]["contributions"] is None
    assert busy[0]["participants"] == 7 and quiet[0]["participants"] is None


def test_module_ids_are_read_from_the_day_items():
    item = {"community_id": "C", "key": "d#2024-05-01", "c|n": 1, "f": 2,
            "M1|n": 1, "M1|n|p": 1, "M2|p": 1, "M3|cm|p": 1}
    assert analytics.modules_in(item) == {"M1", "M3"}


def test_the_period_defaults_and_limits():
    today = dt.date(2024, 6, 30)
    assert analytics.period(None, None, today) == (dt.date(2024, 6, 1), today)
    assert analytics.period(dt.date(2024, 1, 1), None, today) == (dt.date(2024, 1, 1),
                                                                  dt.date(2024, 1, 30))
    with pytest.raises(ValidationFailed) as err:
        analytics.period(dt.date(2024, 5, 2), dt.date(2024, 5, 1), today)
    assert err.value.errors[0].field == "from"
    with pytest.raises(ValidationFailed) as err:
        analytics.period(dt.date(2023, 1, 1), dt.date(2024, 5, 1), today)
    assert err.value.errors[0].field == "to"
    for first, last, field in ((dt.date(1, 1, 1), None, "from"),
                               (None, dt.date(9999, 12, 31), "to")):
        with pytest.raises(ValidationFailed) as err:
            analytics.period(first, last, today)
        assert err.value.errors[0].field == field


def test_follower_levels_start_from_the_months_before_the_range():
    summary = {"followers": 11, "f|2024-03": 6, "f|2024-04": 4, "f|2024-05": 1}
    items = {"2024-05-02": {"f": 3}, "2024-05-10": {"f": -2}}
    days = analytics.dates(dt.date(2024, 5, 9), dt.date(2024, 5, 11))
    levels = analytics.follower_levels(summary, items, dt.date(2024, 5, 9), days, K)
    assert levels == [13, 11, 11]
    small = analytics.follower_levels({"f|2024-04": 3}, {}, dt.date(2024, 5, 9), days, K)
    assert small == [None, None, None]


# ---- tables that partition people ------------------------------------------------------------

QUESTION = {"id": "Q", "prompt": {"en": "Age"},
            "options": [{"en": "18-29"}, {"en": "30-59"}, {"en": "60+"}]}


def test_demographic_cells_add_up_to_the_participants_and_hide_by_pairs():
    source = {"participants": 20, "d|Q|0": 9, "d|Q|1": 8, "d|Q|2": 2, "d|Q|skipped": 0}
    (table,) = analytics.demographic_tables([QUESTION], source, "en", "en", K)
    cells = {c["key"]: c["participants"] for c in table["cells"]}
    assert table["total"] == 20
    # 60+ (2) and unanswered (1) are hidden; together 3 < 5, so the next smallest goes too.
    assert cells["2"] is None and cells["unanswered"] is None and cells["1"] is None
    assert cells["0"] == 9 and cells["skipped"] == 0
    hidden = 20 - sum(v for v in cells.values() if v is not None)
    assert hidden >= K


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=3, max_size=3), st.integers(0, 6),
       st.integers(0, 6))
def test_no_demographic_cell_can_be_recovered(options, skipped, unanswered):
    source = {"participants": sum(options) + skipped + unanswered, "d|Q|skipped": skipped,
              **{f"d|Q|{i}": n for i, n in enumerate(options)}}
    (table,) = analytics.demographic_tables([QUESTION], source, "en", "en", K)
    values = [c["participants"] for c in table["cells"]]
    assert all(v is None or v == 0 or v >= K for v in values)
    if table["total"] is not None and None in values:
        assert values.count(None) >= 2
        assert table["total"] - sum(v for v in values if v is not None) >= K


def _question(kind, **extra):
    base = {"question_id": "Q", "prompt": {"en": "Which?"}, "kind": kind, "options": [],
            "scale_min": None, "scale_max": None}
    base.update(extra)
    return SimpleNamespace(**base)


def test_single_choice_tallies_count_no_answer_as_a_cell():
    question = _question("single_choice", options=[{"en": "a"}, {"en": "b"}])
    source = {"q|Q|answered": 19, "q|Q|0": 12, "q|Q|1": 7}
    out = analytics.question_figures(question, source, 20, "en", "en", K)
    # One person did not answer: that cell and the next smallest are hidden.
    assert [o["count"] for o in out["options"]] == [12, None]
    assert out["answered"] is None and out["no_answer"] is None


def test_multiple_choice_hides_options_almost_everyone_chose():
    question = _question("multiple_choice", options=[{"en": "a"}, {"en": "b"}, {"en": "c"}])
    source = {"q|Q|answered": 20, "q|Q|0": 18, "q|Q|1": 10, "q|Q|2": 0}
    out = analytics.question_figures(question, source, 20, "en", "en", K)
    assert [o["count"] for o in out["options"]] == [None, 10, 0]
    assert out["answered"] == 20 and out["no_answer"] == 0


def test_a_scale_average_is_hidden_with_any_hidden_cell():
    question = _question("scale", scale_min=1, scale_max=3)
    full = {"q|Q|answered": 15, "q|Q|1": 5, "q|Q|2": 5, "q|Q|3": 5}
    out = analytics.question_figures(question, full, 15, "en", "en", K)
    assert out["average"] == 2.0
    partial = {"q|Q|answered": 12, "q|Q|1": 5, "q|Q|2": 5, "q|Q|3": 2}
    out = analytics.question_figures(question, partial, 12, "en", "en", K)
    assert out["average"] is None  # it would give the hidden cells' weighted sum away


def test_hidden_figures_sort_last_in_a_fixed_order():
    rows = [{"id": "b", "votes": None}, {"id": "a", "votes": 6}, {"id": "c", "votes": None},
            {"id": "d", "votes": 9}]
    assert [r["id"] for r in analytics.by_shown_value(rows, "votes")] == ["d", "a", "b", "c"]


# ---- CSV -----------------------------------------------------------------------------------------

def test_csv_cells_never_start_a_formula():
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "\r=x"):
        assert dashboard_csv.safe_cell(dangerous).startswith("'")
    assert dashboard_csv.safe_cell("Park") == "Park" and dashboard_csv.safe_cell(None) == ""
    assert dashboard_csv.safe_cell(12) == "12"


def test_csv_unescapes_text_and_marks_suppressed_figures():
    answer = {
        "community_id": "C", "module_id": None, "from": "2024-05-01", "to": "2024-05-01",
        "totals": {"participants": None, "followers": 7},
        "days": [{"date": "2024-05-01", "participants": 6, "contributions": None}],
        "period": {"contributions": None},
        "modules": [{"id": "M", "title": "=cmd|&#x27;/c calc&#x27;!A1 &amp; more",
                     "participants": 6, **{m: 1 for m in analytics.MEASURES.values()}}],
        "demographics": [], "questionnaire": None, "budget": None, "top_contributions": [],
    }
    text = dashboard_csv.to_csv(answer)
    lines = text.splitlines()
    assert lines[0] == ",".join(dashboard_csv.CSV_COLUMNS)
    assert "totals,,,,,,participants,,yes" in lines
    assert "daily,2024-05-01,,,,,contributions,,yes" in lines
    assert "modules,,M,'=cmd|'/c calc'!A1 & more,,,participants,6," in lines


# ---- the counter's plan ---------------------------------------------------------------------

def _mark(**fields):
    return SimpleNamespace(**{"tags": None, "counted_as": None, "version": None,
                              "state": None, "at": None, **fields})


def _state(**fields):
    from chalicelib.analytics.counting import State

    base = {"user_status": "active", "objects_since": None}
    base.update(fields)
    return State(**base)


def _activity(kind="contribution", at=1_717_200_000.0, **extra):
    return {"kind": kind, "id": "A1", "community_id": "C", "module_id": "M", "user_id": "U",
            "at": at, **extra}


def _changes_by_key(changes):
    from chalicelib.analytics.analytics_tables import Change

    return {(c.model.__name__, c.range_key or c.hash_key): c for c in changes
            if isinstance(c, Change)}


def test_a_first_contribution_counts_the_person_everywhere_once():
    from chalicelib.analytics import counting

    state = _state(answers={"Q": "1", "OLD": "0"}, answers_version=3, question_ids=["Q"])
    changes = counting.plan(_activity(), state)
    assert changes[0].range_key == "a#A1"  # the claim comes first
    by_key = _changes_by_key(changes)
    day = by_key[("Aggregate", "d#2024-06-01")]
    assert day.adds == {"c|n": 1, "M|n": 1, "c|p": 1, "c|n|p": 1, "M|p": 1, "M|n|p": 1}
    summary = by_key[("Aggregate", "sum")]
    assert summary.adds == {"participants": 1, "d|Q|1": 1, "mp|M": 1}
    assert by_key[("Aggregate", "m#M")].adds == {"participants": 1, "d|Q|1": 1}
    assert by_key[("AnalyticsMark", "p#C")].sets["counted_as"] == {"Q": "1"}
    assert counting.AnswersCheck("U", "C", 3) in changes
    assert counting.AccountCheck("U") in changes


def test_a_later_activity_the_same_day_counts_the_action_not_the_person():
    from chalicelib.analytics import counting

    marks = {"d#C#2024-06-01": _mark(tags={"p", "n", "M|p", "M|n"}), "p#C": _mark(),
             "p#C#M": _mark()}
    changes = counting.plan(_activity(), _state(marks=marks))
    by_key = _changes_by_key(changes)
    assert by_key[("Aggregate", "d#2024-06-01")].adds == {"c|n": 1, "M|n": 1}
    assert ("AnalyticsMark", "d#C#2024-06-01") not in by_key
    assert ("Aggregate", "sum") not in by_key
    # A comment the same day: a new kind of action, so its people counters grow.
    changes = counting.plan(_activity("comment"), _state(marks=marks))
    by_key = _changes_by_key(changes)
    assert by_key[("Aggregate", "d#2024-06-01")].adds == {"c|cm": 1, "M|cm": 1,
                                                          "c|cm|p": 1, "M|cm|p": 1}
    marker = by_key[("AnalyticsMark", "d#C#2024-06-01")]
    assert marker.set_adds == {"tags": {"cm", "M|cm"}}
    assert "NOT contains" in marker.condition


def test_objectors_are_left_out_from_the_moment_they_objected():
    from chalicelib.analytics import counting

    at = 1_717_200_000.0
    assert counting.plan(_activity(at=at), _state(objects_since=at - 10)) == []
    assert counting.plan(_activity(at=at), _state(objects_since=at + 10)) != []
    assert counting.plan(_activity(at=at), _state(user_status="deleting")) == []
    from chalicelib.identity.restrictions import objects_since

    assert objects_since({"analytics": True, "analytics_since": 12}) == 12.0
    assert objects_since({"analytics": False, "analytics_since": 12}) is None


def test_follows_count_once_and_late_events_are_ignored():
    from chalicelib.analytics import counting

    follow = _activity("follow", at=100.0, module_id=None)
    changes = counting.plan(follow, _state())
    by_key = _changes_by_key(changes)
    assert by_key[("Aggregate", "sum")].adds == {"followers": 1, "f|1970-01": 1}
    counted = {"f#C": _mark(state="on", at=100.0)}
    assert counting.plan(follow, _state(marks=counted)) == []  # redelivered
    unfollow = _activity("unfollow", at=200.0, module_id=None)
    by_key = _changes_by_key(counting.plan(unfollow, _state(marks=counted)))
    assert by_key[("Aggregate", "sum")].adds == {"followers": -1, "f|1970-01": -1}
    # The follow arriving after the unfollow it preceded changes nothing.
    assert counting.plan(follow, _state(marks={"f#C": _mark(state="off", at=200.0)})) == []
    # An objector who unfollows stops counting; one who follows is not counted.
    by_key = _changes_by_key(counting.plan(unfollow, _state(marks=counted, objects_since=1.0)))
    assert by_key[("Aggregate", "sum")].adds["followers"] == -1
    assert counting.plan(_activity("follow", at=300.0, module_id=None),
                         _state(objects_since=1.0)) == []


def test_a_changed_answer_moves_the_person_between_cells():
    from chalicelib.analytics import counting

    state = _state(answers={"Q": "2"}, answers_version=4, question_ids=["Q"])
    markers = [SimpleNamespace(key="p#C", counted_as={"Q": "0"}, version=1),
               SimpleNamespace(key="p#C#M", counted_as={}, version=2),
               SimpleNamespace(key="p#C#N", counted_as={"Q": "2"}, version=1)]
    transactions = counting.plan_recount("U", "C", state, markers)
    assert len(transactions) == 2  # the third already counts them right
    community, module = (_changes_by_key(t) for t in transactions)
    assert community[("Aggregate", "sum")].adds == {"d|Q|0": -1, "d|Q|2": 1}
    assert module[("Aggregate", "m#M")].adds == {"d|Q|2": 1}
    assert module[("AnalyticsMark", "p#C#M")].condition_values == {"v": 2}
    assert counting.plan_recount("U", "C", _state(objects_since=1.0), markers) == []


def test_an_activity_counts_in_the_shards_its_id_fixes():
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics import counting

    by_key = {}
    for n in range(200):  # ids over every shard
        day_shard, shard = store.shards_of(f"A{n}")
        assert 0 <= day_shard < store.DAY_SHARDS and 1 <= shard <= store.SHARDS
        by_key[(day_shard, shard)] = f"A{n}"
        changes = _changes_by_key(counting.plan(_activity(id=f"A{n}"), _state()))
        assert changes[("Aggregate", "d#2024-06-01")].hash_key == store.day_partition(
            "C", day_shard)
        for key in ("sum", "m#M"):
            assert changes[("Aggregate", key)].hash_key == store.summary_partition("C", shard)
    assert {d for d, _ in by_key} == set(range(store.DAY_SHARDS))
    assert {s for _, s in by_key} == set(range(1, store.SHARDS + 1))
    assert store.shards_of("A1") == store.shards_of("A1")  # a redelivery: the same shards
    assert store.day_partition("C", 0) == store.summary_partition("C", 0) == "C"
    assert store.day_partition("C", 2) == "C#d2" and store.summary_partition("C", 3) == "C#3"


def test_shards_add_up_before_any_rule_applies():
    from chalicelib.analytics import analytics_tables as store

    legacy = {"community_id": "C", "key": "sum", "participants": 4, "d|Q|0": 1,
              "mod|M": {"title": {"en": "Current"}}}
    shard = {"community_id": "C#1", "key": "sum", "participants": 2, "d|Q|0": -1,
             "d|Q|1": 1, "mod|M": {"title": {"en": "Older"}}, "mod|N": {"title": {"en": "N"}}}
    assert store.summed([legacy, shard]) == {
        "participants": 6, "d|Q|0": 0, "d|Q|1": 1,  # a shard's -1 (a recount) cancels out
        "mod|M": {"title": {"en": "Current"}},  # the community's own partition first
        "mod|N": {"title": {"en": "N"}}}
    assert store.summed([]) == {}
