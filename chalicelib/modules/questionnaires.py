"""Questionnaires: admins define questions (single choice, multiple choice, scale, free
text; required or not); each person responds once (409 on a second); answers are validated
against the questions (400 naming the question); per-option tallies grow by atomic ADD in
the transaction that stores the response, so they always equal the responses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.communities.visibility_rules import require_admin
from chalicelib.platform import clock, i18n, ids, sanitise
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import Conflict, NotFound, Unprocessable, ValidationFailed

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.principal import Principal

KINDS = ("single_choice", "multiple_choice", "scale", "text")
CHOICE_KINDS = ("single_choice", "multiple_choice")
MAX_QUESTIONS = 50
MAX_OPTIONS = 20
MAX_SCALE_STEPS = 21
MAX_TEXT = 2000
RETRIES = 3


# ---- rules -------------------------------------------------------------------------------

def check_question(kind: str, options: list[Any] | None, scale: Any | None,
                   locale: str) -> tuple[list[dict[str, str]], tuple[int, int] | None]:
    """The question's options (each a map locale -> text) and scale, or 400."""
    if kind not in KINDS:
        raise ValidationFailed.field("kind", f"must be one of {', '.join(KINDS)}")
    if kind in CHOICE_KINDS:
        if scale is not None:
            raise ValidationFailed.field("scale", "only scale questions take a scale")
        if not options or len(options) < 2:
            raise ValidationFailed.field("options", "a choice question needs at least 2")
        if len(options) > MAX_OPTIONS:
            raise ValidationFailed.field("options", f"at most {MAX_OPTIONS}")
        cleaned = [i18n.as_map(o, field=f"options.{n}", locale=locale,
                               clean=sanitise.plain_cleaner(200))
                   for n, o in enumerate(options)]
        texts = [tuple(sorted(o.items())) for o in cleaned]
        if len(set(texts)) != len(texts):
            raise ValidationFailed.field("options", "lists an option twice")
        return cleaned, None
    if options:
        raise ValidationFailed.field("options", "only choice questions take options")
    if kind == "scale":
        if scale is None:
            raise ValidationFailed.field("scale", "a scale question needs {min, max}")
        low, high = int(scale.min), int(scale.max)
        if not low < high or high - low + 1 > MAX_SCALE_STEPS:
            raise ValidationFailed.field(
                "scale", f"needs min < max and at most {MAX_SCALE_STEPS} steps")
        return [], (low, high)
    if scale is not None:
        raise ValidationFailed.field("scale", "only scale questions take a scale")
    return [], None


def _option_index(question: Any, value: Any, field: str) -> int:
    options = list(question.options or [])
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < len(options):
            return value
        raise ValidationFailed.field(field, "is not one of the options")
    if isinstance(value, str):
        wanted = sanitise.plain(value, field, max_length=200, required=False)
        for index, option in enumerate(options):
            if wanted in {str(v) for v in as_dict(option).values()}:
                return index
    raise ValidationFailed.field(field, "is not one of the options")


def validate_answers(questions: list[Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Answers normalised for storage: an option index, a sorted list of indexes, a scale
    value or a sanitised text. 400 naming `answers.<question id>` otherwise."""
    by_id = {q.question_id: q for q in questions}
    for question_id in answers:
        if question_id not in by_id:
            raise ValidationFailed.field(f"answers.{question_id}",
                                         "is not a question of this module")
    out: dict[str, Any] = {}
    for question in questions:
        field = f"answers.{question.question_id}"
        value = answers.get(question.question_id)
        if value is None or value == "" or value == []:
            if question.required:
                raise ValidationFailed.field(field, "is required")
            continue
        kind = question.kind
        if kind == "single_choice":
            if isinstance(value, list):
                raise ValidationFailed.field(field, "takes one option")
            out[question.question_id] = _option_index(question, value, field)
        elif kind == "multiple_choice":
            values = value if isinstance(value, list) else [value]
            indexes = [_option_index(question, v, f"{field}.{n}") for n, v in enumerate(values)]
            if len(set(indexes)) != len(indexes):
                raise ValidationFailed.field(field, "names an option twice")
            out[question.question_id] = sorted(indexes)
        elif kind == "scale":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationFailed.field(field, "must be an integer on the scale")
            if not int(question.scale_min) <= value <= int(question.scale_max):
                raise ValidationFailed.field(
                    field, f"must be {int(question.scale_min)}..{int(question.scale_max)}")
            out[question.question_id] = value
        else:
            if not isinstance(value, str):
                raise ValidationFailed.field(field, "must be a text")
            out[question.question_id] = sanitise.plain(value, field, max_length=MAX_TEXT)
    return out


def tally_keys(question: Any, answer: Any) -> list[str]:
    """Which counters of the question's tally an answer adds one to."""
    if question.kind == "single_choice":
        return [str(answer)]
    if question.kind == "multiple_choice":
        return [str(i) for i in answer]
    if question.kind == "scale":
        return [str(answer)]
    return []


# ---- presentation ------------------------------------------------------------------------

def present_question(question: Any, scope: Scope) -> dict[str, Any]:
    prompt, used = scope.text(question.prompt)
    out: dict[str, Any] = {
        "id": question.question_id, "module_id": question.module_id, "prompt": prompt,
        "locale": used, "kind": question.kind, "required": bool(question.required),
    }
    if question.kind in CHOICE_KINDS:
        out["options"] = [i18n.pick(as_dict(o), used or scope.locale,
                                    scope.community.default_locale)[0]
                          for o in question.options or []]
    if question.kind == "scale":
        out["scale"] = {"min": int(question.scale_min), "max": int(question.scale_max)}
    return out


def present_result(question: Any, scope: Scope) -> dict[str, Any]:
    base = present_question(question, scope)
    tally = {str(k): int(v) for k, v in as_dict(question.tally).items()}
    out: dict[str, Any] = {"id": base["id"], "prompt": base["prompt"], "kind": question.kind,
                           "answered": int(question.answered or 0)}
    if question.kind in CHOICE_KINDS:
        out["options"] = [{"option": text, "count": tally.get(str(i), 0)}
                          for i, text in enumerate(base["options"])]
    if question.kind == "scale":
        low, high = int(question.scale_min), int(question.scale_max)
        counts = {str(v): tally.get(str(v), 0) for v in range(low, high + 1)}
        out["scale"] = counts
        total = sum(counts.values())
        out["average"] = (round(sum(int(v) * n for v, n in counts.items()) / total, 3)
                          if total else None)
    return out


# ---- routes' work ------------------------------------------------------------------------

def _require_questionnaire(module: Any) -> None:
    if module.type != "questionnaire":
        raise Unprocessable("Only questionnaire modules have questions.",
                            code="wrong_module_type")


def add_question(module_id: str, principal: Principal, body: Any,
                 accept_language: str) -> dict[str, Any]:
    from chalicelib.modules import module_access
    from chalicelib.modules import module_tables as store
    from chalicelib.modules.module_tables import Question

    scope = module_access.module_scope(module_id, principal, accept_language)
    require_admin(scope.viewer)
    _require_questionnaire(scope.module)
    locale = scope.writing_locale()
    options, scale = check_question(body.kind, body.options, body.scale, locale)
    question = Question(
        module_id, ids.new_id(), community_id=scope.community_id,
        prompt=i18n.as_map(body.prompt, field="prompt", locale=locale,
                           clean=sanitise.plain_cleaner(200)),
        kind=body.kind, options=options, required=bool(body.required),
        scale_min=scale[0] if scale else None, scale_max=scale[1] if scale else None,
        tally={}, answered=0, created_at=clock.now())
    if not store.add_question(question, MAX_QUESTIONS):
        raise Unprocessable(f"A questionnaire has at most {MAX_QUESTIONS} questions.",
                            code="too_many_questions")
    return present_question(question, scope)


def remove_question(module_id: str, question_id: str, principal: Principal,
                    accept_language: str) -> None:
    """Admins remove a question until someone responds (409 `responses_exist` after)."""
    from chalicelib.modules import module_access
    from chalicelib.modules import module_tables as store

    scope = module_access.module_scope(module_id, principal, accept_language)
    require_admin(scope.viewer)
    _require_questionnaire(scope.module)
    failed = store.remove_question(module_id, question_id)
    if "question" in failed:
        raise NotFound("No such question.")
    if failed:
        raise Conflict("People have responded: the questions no longer change.",
                       code="responses_exist")


def list_questions(module_id: str, principal: Principal | None,
                   accept_language: str) -> dict[str, Any]:
    from chalicelib.modules import module_access
    from chalicelib.modules import module_tables as store

    scope = module_access.module_scope(module_id, principal, accept_language)
    _require_questionnaire(scope.module)
    questions = store.questions_of(module_id)
    return {"items": [present_question(q, scope) for q in questions], "next_cursor": None}


def respond(module_id: str, principal: Principal, body: Any,
            accept_language: str) -> dict[str, Any]:
    from chalicelib.communities import demographics
    from chalicelib.communities.scope import authorise
    from chalicelib.identity import accounts
    from chalicelib.modules import module_access, modules
    from chalicelib.modules import module_tables as store
    from chalicelib.modules import vote_tables as votes
    from chalicelib.modules.vote_tables import Response
    from chalicelib.platform import activities as activity
    from chalicelib.platform.dynamo.transactions import Conflicted, Transaction

    module = module_access.load(module_id)
    scope = authorise(module.community_id, principal, accept_language,
                      [(Response, module_id, principal.user_id), accounts.key(principal.user_id),
                       *demographics.keys(module.community_id, principal.user_id)], "module")
    scope.module = module
    _require_questionnaire(module)
    now = clock.now()
    modules.require_open(module, now)
    if scope.found.get(Response, module_id, principal.user_id) is not None:
        raise Conflict("You have already responded to this questionnaire.",
                       code="already_responded")
    questions = store.questions_of(module_id)
    answers = validate_answers(questions, dict(body.answers))
    tallies = {q.question_id: tally_keys(q, answers[q.question_id])
               for q in questions if q.question_id in answers}
    response = Response(module_id, principal.user_id, community_id=module.community_id,
                        answers=answers, created_at=now)
    for _ in range(RETRIES):
        tx = Transaction()
        votes.response_in(tx, response, tallies, now)
        activity.record_in(tx, "response", community_id=module.community_id,
                           module_id=module_id, user_id=principal.user_id, at=now,
                           key=f"response:{module_id}:{principal.user_id}", tallies=tallies)
        try:
            failed = tx.commit()
        except Conflicted:
            continue
        if "response" in failed:
            raise Conflict("You have already responded to this questionnaire.",
                           code="already_responded")
        if "module" in failed:
            raise Unprocessable("This module is not open for participation.",
                                code="module_closed")
        if failed:
            raise Conflict("The questionnaire changed meanwhile; try again.",
                           code="questions_changed")
        return {"module_id": module_id, "answered": len(answers),
                "created_at": clock.iso(now),
                "demographics_pending": demographics.pending_in(
                    scope.found, module.community_id, principal.user_id,
                    accounts.of(scope.found, principal.user_id))}
    raise Conflict("Too many responses at once; try again.", code="busy")


def results(scope: Scope) -> dict[str, Any]:
    from chalicelib.modules import module_tables as store

    questions = store.questions_of(scope.module.module_id)
    return {"questions": [present_result(q, scope) for q in questions],
            "responses": int(scope.module.response_count or 0)}
