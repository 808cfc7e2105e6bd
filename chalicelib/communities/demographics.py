"""Demographic questions: what the terms allow a community to ask for anonymised statistics
("additional information ... necessary for statistical analysis, such as demographic
tracking ... anonymised before it is shared"). A community admin defines at most
`MAX_QUESTIONS` optional single-choice questions (an age band, an area); each person
answers or skips them, once, when they first contribute there (a contribution's answer says
`demographics_pending` until they have), and may change or withdraw their answers at any
time. The answers are personal data: only the person reads them; administrators see them
only as suppressed aggregates on the analytics dashboard.

A person who objects to analytics is never asked (their answers could serve nothing).
Options are named by their position, so an admin may rename options and append new ones,
never remove or reorder them (counts already made would change meaning)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.platform import clock, i18n, ids, sanitise
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import Unprocessable, ValidationFailed

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.dynamo.batch_get import Found, Key
    from chalicelib.platform.dynamo.transactions import Transaction
    from chalicelib.platform.principal import Principal

MAX_QUESTIONS = 5
MAX_OPTIONS = 12
SKIPPED = "skipped"


# ---- rules -------------------------------------------------------------------------------

def check_questions(given: list[Any], current: list[dict[str, Any]],
                    locale: str) -> list[dict[str, Any]]:
    """The community's new question list, or 400 naming the field. A question keeps its
    `id`; an existing question keeps at least its options (renamed, perhaps)."""
    if len(given) > MAX_QUESTIONS:
        raise ValidationFailed.field("questions", f"at most {MAX_QUESTIONS}")
    by_id = {str(q["id"]): q for q in current}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, question in enumerate(given):
        field = f"questions.{n}"
        question_id = question.id or ids.new_id()
        if question.id is not None:
            if question.id not in by_id:
                raise ValidationFailed.field(f"{field}.id", "is not a question of this community")
            if question.id in seen:
                raise ValidationFailed.field(f"{field}.id", "is listed twice")
        seen.add(question_id)
        options = [i18n.as_map(o, field=f"{field}.options.{i}", locale=locale,
                               clean=sanitise.plain_cleaner(100))
                   for i, o in enumerate(question.options)]
        if not 2 <= len(options) <= MAX_OPTIONS:
            raise ValidationFailed.field(f"{field}.options", f"2 to {MAX_OPTIONS} options")
        if question.id is not None:
            before = [as_dict(o) for o in by_id[question.id].get("options", [])]
            if len(options) < len(before):
                raise ValidationFailed.field(
                    f"{field}.options", "options may be renamed or added, never removed: "
                    "people's answers name them by position")
            # A rename in one locale keeps the option's other translations.
            options = [{**(before[i] if i < len(before) else {}), **o}
                       for i, o in enumerate(options)]
        texts = [tuple(sorted(o.items())) for o in options]
        if len(set(texts)) != len(texts):
            raise ValidationFailed.field(f"{field}.options", "lists an option twice")
        prompt = i18n.as_map(question.prompt, field=f"{field}.prompt", locale=locale,
                             clean=sanitise.plain_cleaner(200))
        if question.id is not None:
            prompt = {**as_dict(by_id[question.id].get("prompt")), **prompt}
        out.append({"id": question_id, "prompt": prompt, "options": options})
    return out


def check_answers(questions: list[dict[str, Any]], given: dict[str, Any],
                  skip: bool) -> dict[str, str]:
    """Stored answers: question id -> option index (as text) or "skipped". A question left
    out is skipped: the person saw it and chose not to answer."""
    by_id = {str(q["id"]): q for q in questions}
    if skip and given:
        raise ValidationFailed.field("answers", "send either answers or skip, not both")
    for question_id in given:
        if question_id not in by_id:
            raise ValidationFailed.field(f"answers.{question_id}",
                                         "is not a question of this community")
    out: dict[str, str] = {}
    for question_id, question in by_id.items():
        value = given.get(question_id)
        if value is None or value == SKIPPED:
            out[question_id] = SKIPPED
            continue
        out[question_id] = str(_option_index(question, value, f"answers.{question_id}"))
    return out


def _option_index(question: dict[str, Any], value: Any, field: str) -> int:
    options = [as_dict(o) for o in question.get("options", [])]
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < len(options):
            return value
        raise ValidationFailed.field(field, "is not one of the options")
    if isinstance(value, str):
        wanted = sanitise.plain(value, field, max_length=100, required=False)
        for index, option in enumerate(options):
            if wanted in {str(v) for v in option.values()}:
                return index
    raise ValidationFailed.field(field, "is not one of the options")


def is_pending(questions: list[dict[str, Any]], answers: dict[str, str] | None,
               objects: bool) -> bool:
    """Whether to ask the person: the community asks something they have neither answered
    nor skipped (and they do not object to analytics)."""
    if objects or not questions:
        return False
    stored = answers or {}
    return any(str(q["id"]) not in stored for q in questions)


# ---- what other routes read in their own BatchGetItem -------------------------------------

def keys(community_id: str, user_id: str) -> list[Key]:
    from chalicelib.communities.demographic_tables import DemographicAnswers, DemographicQuestions

    return [(DemographicQuestions, community_id, None),
            (DemographicAnswers, user_id, community_id)]


def pending_in(found: Found, community_id: str, user_id: str, user: Any) -> bool:
    """`is_pending` from items a route already read (see `keys`): no extra call."""
    from chalicelib.communities.demographic_tables import (
        DemographicAnswers,
        DemographicQuestions,
        as_plain,
    )
    from chalicelib.identity.restrictions import objects_since

    questions = found.get(DemographicQuestions, community_id)
    answers = found.get(DemographicAnswers, user_id, community_id)
    restrictions = as_dict(getattr(user, "restrictions", None)) if user is not None else {}
    return is_pending(_questions(questions), as_plain(answers) if answers else None,
                      objects_since(restrictions) is not None)


def questions_key(community_id: str) -> Key:
    from chalicelib.communities.demographic_tables import DemographicQuestions

    return (DemographicQuestions, community_id, None)


def question_ids_in(found: Found, community_id: str) -> list[str]:
    """The ids of the community's current questions, from items `keys` read."""
    from chalicelib.communities.demographic_tables import DemographicQuestions

    return [str(q.get("id")) for q in _questions(found.get(DemographicQuestions, community_id))]


def questions_in(found: Found, community_id: str) -> list[dict[str, Any]]:
    from chalicelib.communities.demographic_tables import DemographicQuestions

    return _questions(found.get(DemographicQuestions, community_id))


def answers_in(found: Found, community_id: str, user_id: str) -> tuple[dict[str, str], int | None]:
    """(the person's stored answers, their version or None when there are none)."""
    from chalicelib.communities.demographic_tables import DemographicAnswers, as_plain

    answers = found.get(DemographicAnswers, user_id, community_id)
    return (as_plain(answers), int(answers.version)) if answers else ({}, None)


def require_answers_version(tx: Transaction, user_id: str, community_id: str,
                            version: int | None) -> None:
    """Inside a caller's transaction: the person's answers are still at `version` (None:
    still none); label `answers`."""
    from chalicelib.communities import demographic_tables

    demographic_tables.version_check(tx, "answers", user_id, community_id, version)


def _questions(item: Any) -> list[dict[str, Any]]:
    return [as_dict(q) for q in (item.questions or [])] if item is not None else []


# ---- presentation ------------------------------------------------------------------------

def present_questions(questions: list[dict[str, Any]], scope: Scope) -> list[dict[str, Any]]:
    out = []
    for q in questions:
        prompt, used = scope.text(q.get("prompt"))
        out.append({"id": q["id"], "prompt": prompt, "locale": used,
                    "options": [i18n.pick(as_dict(o), used or scope.locale,
                                          scope.community.default_locale)[0]
                                for o in q.get("options", [])]})
    return out


# ---- routes' work ------------------------------------------------------------------------

def get(community_id: str, principal: Principal | None,
        accept_language: str) -> dict[str, Any]:
    from chalicelib.communities.demographic_tables import (
        DemographicAnswers,
        DemographicQuestions,
        as_plain,
    )
    from chalicelib.communities.scope import authorise
    from chalicelib.identity import accounts

    extra: list[Key | None] = [(DemographicQuestions, community_id, None)]
    if principal is not None:
        extra += [(DemographicAnswers, principal.user_id, community_id),
                  accounts.key(principal.user_id)]
    scope = authorise(community_id, principal, accept_language, extra)
    questions = _questions(scope.found.get(DemographicQuestions, community_id))
    out: dict[str, Any] = {"community_id": community_id,
                           "questions": present_questions(questions, scope), "mine": None}
    if principal is not None:
        answers = scope.found.get(DemographicAnswers, principal.user_id, community_id)
        stored = as_plain(answers) if answers else {}
        out["mine"] = {
            "answers": _present_answers(stored, questions),
            "pending": pending_in(scope.found, community_id, principal.user_id,
                                  accounts.of(scope.found, principal.user_id)),
            "updated_at": clock.iso(answers.updated_at) if answers else None,
        }
    return out


def _present_answers(stored: dict[str, str], questions: list[dict[str, Any]]) -> dict[str, Any]:
    current = {str(q["id"]) for q in questions}
    return {q: (SKIPPED if v == SKIPPED else int(v)) for q, v in stored.items() if q in current}


def put_questions(community_id: str, principal: Principal, body: Any,
                  accept_language: str) -> dict[str, Any]:
    """Admins replace the community's questions (ids keep existing questions)."""
    from chalicelib.communities.demographic_tables import DemographicQuestions
    from chalicelib.communities.scope import authorise
    from chalicelib.communities.visibility_rules import require_admin
    from chalicelib.platform.dynamo.transactions import conditionally
    from chalicelib.platform.errors import Conflict

    scope = authorise(community_id, principal, accept_language,
                      [(DemographicQuestions, community_id, None)])
    require_admin(scope.viewer)
    stored = scope.found.get(DemographicQuestions, community_id)
    current = _questions(stored)
    questions = check_questions(body.questions, current, scope.writing_locale())
    version = int(stored.version) if stored is not None else 0
    item = DemographicQuestions(community_id, questions=questions, version=version + 1,
                                updated_at=clock.now())
    condition = (DemographicQuestions.version == version) if stored is not None \
        else DemographicQuestions.community_id.does_not_exist()
    if not conditionally(lambda: item.save(condition=condition)):
        raise Conflict("The questions changed meanwhile; try again.", code="questions_changed")
    return {"community_id": community_id, "questions": present_questions(questions, scope),
            "mine": None}


def put_mine(community_id: str, principal: Principal, body: Any,
             accept_language: str) -> dict[str, Any]:
    """The person answers (or skips) the community's questions."""
    from chalicelib.communities import demographic_tables as store
    from chalicelib.communities.demographic_tables import DemographicQuestions
    from chalicelib.communities.scope import authorise
    from chalicelib.identity import accounts
    from chalicelib.identity.restrictions import objects_since
    from chalicelib.platform import activities as activity

    scope = authorise(community_id, principal, accept_language,
                      [(DemographicQuestions, community_id, None),
                       accounts.key(principal.user_id)])
    user = accounts.of(scope.found, principal.user_id)
    if user is not None and objects_since(as_dict(user.restrictions)) is not None:
        raise Unprocessable("You objected to analytics: no demographic answers are needed.",
                            code="analytics_objected")
    questions = _questions(scope.found.get(DemographicQuestions, community_id))
    if not questions:
        raise Unprocessable("This community asks no demographic questions.",
                            code="no_questions")
    answers = check_answers(questions, dict(body.answers or {}), bool(body.skip))
    now = clock.now()
    from chalicelib.platform.dynamo.transactions import Transaction

    tx = Transaction()
    store.put_answers_in(tx, principal.user_id, community_id, answers, now)
    activity.record_in(tx, "demographics", community_id=community_id, user_id=principal.user_id)
    tx.commit()
    return {"answers": _present_answers(answers, questions), "pending": False,
            "updated_at": clock.iso(now)}


def delete_mine(community_id: str, principal: Principal) -> None:
    """Withdraw one's answers (the person is then counted as "unanswered")."""
    from chalicelib.communities import demographic_tables as store
    from chalicelib.communities.scope import authorise
    from chalicelib.platform import activities as activity

    authorise(community_id, principal, "")
    from chalicelib.platform.dynamo.transactions import Transaction

    tx = Transaction()
    store.delete_answers_in(tx, principal.user_id, community_id)
    activity.record_in(tx, "demographics", community_id=community_id, user_id=principal.user_id)
    tx.commit()  # `answers` failed: there were none, nothing to withdraw


# ---- export ------------------------------------------------------------------------------

def export_section(user_id: str) -> list[dict[str, Any]]:
    """The person's answers in every community, with the questions' texts."""
    from chalicelib.communities import demographic_tables as store
    from chalicelib.communities.demographic_tables import DemographicQuestions
    from chalicelib.platform.dynamo.batch_get import get_many

    items = store.answers_of(user_id)
    found = get_many([(DemographicQuestions, a.community_id, None) for a in items])
    out = []
    for item in items:
        questions = {str(q["id"]): q for q in _questions(
            found.get(DemographicQuestions, item.community_id))}
        answers = []
        for question_id, value in sorted(store.as_plain(item).items()):
            question = questions.get(question_id, {})
            prompt = i18n.pick(question.get("prompt"), "en", "en")[0] if question else ""
            option = None
            if value != SKIPPED and question:
                options = question.get("options", [])
                index = int(value)
                option = i18n.pick(as_dict(options[index]), "en", "en")[0] \
                    if index < len(options) else None
            answers.append({"question_id": question_id, "question": prompt,
                            "answer": SKIPPED if value == SKIPPED else option})
        out.append({"community_id": item.community_id, "answers": answers,
                    "updated_at": clock.iso(item.updated_at)})
    return out
