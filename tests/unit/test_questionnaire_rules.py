"""Questionnaires: question shapes and answers, validated by pure functions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from chalicelib.modules import questionnaires as questionnaire
from chalicelib.platform.errors import ValidationFailed


def q(qid, kind, options=None, required=False, low=None, high=None):
    return SimpleNamespace(question_id=qid, kind=kind, required=required,
                           options=[{"en": o, "fr": o.upper()} for o in options or []],
                           scale_min=low, scale_max=high)


QUESTIONS = [
    q("Q1", "single_choice", ["park", "library"], required=True),
    q("Q2", "multiple_choice", ["bus", "bike", "car"]),
    q("Q3", "scale", low=1, high=5),
    q("Q4", "text"),
]


def test_good_answers_are_normalised():
    answers = questionnaire.validate_answers(QUESTIONS, {
        "Q1": "LIBRARY", "Q2": ["car", 0], "Q3": 4, "Q4": "More <b>trees</b>"})
    assert answers == {"Q1": 1, "Q2": [0, 2], "Q3": 4, "Q4": "More trees"}
    assert questionnaire.tally_keys(QUESTIONS[1], answers["Q2"]) == ["0", "2"]
    assert questionnaire.tally_keys(QUESTIONS[3], answers["Q4"]) == []


@pytest.mark.parametrize("answers,field", [
    ({}, "answers.Q1"),                                   # required
    ({"Q1": "swimming pool"}, "answers.Q1"),              # outside the options
    ({"Q1": 7}, "answers.Q1"),
    ({"Q1": ["park"]}, "answers.Q1"),
    ({"Q1": "park", "Q2": ["bus", "bus"]}, "answers.Q2"),
    ({"Q1": "park", "Q2": ["plane"]}, "answers.Q2.0"),
    ({"Q1": "park", "Q3": 9}, "answers.Q3"),
    ({"Q1": "park", "Q3": True}, "answers.Q3"),
    ({"Q1": "park", "Q4": 3}, "answers.Q4"),
    ({"Q1": "park", "Q9": "x"}, "answers.Q9"),            # not a question here
])
def test_bad_answers_name_the_question(answers, field):
    with pytest.raises(ValidationFailed) as raised:
        questionnaire.validate_answers(QUESTIONS, answers)
    assert raised.value.errors[0].field == field


@pytest.mark.parametrize("kind,options,scale,field", [
    ("single_choice", ["only one"], None, "options"),
    ("multiple_choice", ["a", "a"], None, "options"),
    ("scale", None, None, "scale"),
    ("scale", ["a", "b"], SimpleNamespace(min=1, max=5), "options"),
    ("scale", None, SimpleNamespace(min=5, max=1), "scale"),
    ("text", None, SimpleNamespace(min=1, max=5), "scale"),
])
def test_question_shapes_are_checked(kind, options, scale, field):
    with pytest.raises(ValidationFailed) as raised:
        questionnaire.check_question(kind, options, scale, "en")
    assert raised.value.errors[0].field == field
