"""Modules, questionnaire questions and responses."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field

from chalicelib.communities.community_schemas import LocalisedLong, LocalisedShort, Translations
from chalicelib.platform.http.shapes import Body, Out, Timestamp

ModuleType = Literal["debate", "questionnaire", "ideas", "budget", "map"]
ResultsVisibility = Literal["public", "after_close", "admins"]
BudgetPhase = Literal["proposals", "review", "voting", "results"]
Total = Annotated[int, Field(ge=1, le=10**12)]  # budget_rules.rules_from: 1..MAX_TOTAL


class CenterIn(Body):
    """Where a map module's map starts: a point and a zoom level (tiles' 2..18)."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    zoom: Annotated[int, Field(ge=2, le=18)]


class ModuleSettings(Body):
    """Type settings. Budget modules need `budget_total` (and may set `min_choices`,
    default 1, and `max_choices`, default 40); other types refuse budget settings.
    `results`: who sees `GET /modules/{mid}/results` (admins always do). `phase` (budgets
    only): proposals, review, voting, results, moved forward one step at a time by PATCH;
    moving to results publishes the tallies. A budget without a phase takes ideas and
    ballots together. `center` (maps only): where the map starts before anything is placed."""

    budget_total: Total | None = None
    min_choices: Annotated[int, Field(ge=0, le=40)] | None = None
    max_choices: Annotated[int, Field(ge=1, le=40)] | None = None
    results: ResultsVisibility | None = None
    phase: BudgetPhase | None = None
    center: CenterIn | None = None


class ModuleIn(Body):
    type: ModuleType
    title: LocalisedShort
    description: LocalisedLong | None = None
    opens_at: AwareDatetime
    closes_at: AwareDatetime
    settings: ModuleSettings | None = None


class ModulePatch(Body):
    title: LocalisedShort | None = None
    description: LocalisedLong | None = None
    opens_at: AwareDatetime | None = None
    closes_at: AwareDatetime | None = None
    settings: ModuleSettings | None = None


class ModuleViewer(Out):
    role: str | None = None
    responded: bool | None = None
    voted: bool | None = None
    following: bool | None = None  # whether the caller follows this module itself


class ModuleCounts(Out):
    contributions: int
    responses: int
    ballots: int
    questions: int
    stances: dict[str, int] | None = None


class ModuleOut(Out):
    id: str
    project_id: str
    community_id: str
    type: ModuleType
    title: str
    description: str
    locale: str | None
    opens_at: Timestamp
    closes_at: Timestamp
    status: Literal["upcoming", "open", "closed"]
    settings: dict[str, Any]
    counts: ModuleCounts
    created_at: Timestamp
    results_published_at: Timestamp | None = None
    results_public: bool | None = None
    viewer: ModuleViewer | None = None
    translations: Translations | None = None


class ModuleOpenIn(Body):
    """Reopening a closed module needs a new `closes_at`; opening an upcoming one keeps its
    closing time unless one is given."""

    closes_at: AwareDatetime | None = None


class ModuleList(Out):
    items: list[ModuleOut]
    next_cursor: str | None = None


class ScaleIn(Body):
    min: Annotated[int, Field(ge=-100, le=100)]
    max: Annotated[int, Field(ge=-100, le=100)]


class QuestionIn(Body):
    prompt: LocalisedShort
    kind: Literal["single_choice", "multiple_choice", "scale", "text"]
    options: Annotated[list[LocalisedShort], Field(max_length=20)] | None = None
    scale: ScaleIn | None = None
    required: bool = False


class QuestionOut(Out):
    id: str
    module_id: str
    prompt: str
    locale: str | None
    kind: str
    options: list[str] | None = None
    scale: dict[str, int] | None = None
    required: bool


class QuestionList(Out):
    items: list[QuestionOut]
    next_cursor: str | None = None


Answer = (Annotated[str, Field(max_length=2000)] | Annotated[int, Field(ge=-1000, le=1000)]
          | Annotated[list[str | int], Field(max_length=20)])


class ResponseIn(Body):
    """`answers`: question id -> an option (its text in any locale, or its index), a list
    of options (multiple choice), an integer (scale) or a text."""

    answers: Annotated[dict[Annotated[str, Field(max_length=64)], Answer],
                       Field(max_length=100)]


class ResponseOut(Out):
    module_id: str
    answered: int
    created_at: Timestamp
    demographics_pending: bool | None = None


class FollowOut(Out):
    kind: Literal["community", "project", "module"]
    id: str
    title: str
    community_id: str


class FollowList(Out):
    items: list[FollowOut]
    next_cursor: str | None = None
