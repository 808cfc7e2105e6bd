"""The analytics dashboard's figures and the demographic questions.

Every figure counted from people is `null` when it was suppressed (fewer than `k` people
behind it, or recoverable by subtraction from what is shown): see docs/analytics.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from chalicelib.communities.community_schemas import LocalisedShort
from chalicelib.platform.http.shapes import Body, Day, Locale, Out, Timestamp

Figure = int | None  # None: suppressed
# A day of the years 2000 to 2200 (`figures.period` also wants `from` <= `to`, 366 days at most).
DAY_PATTERN = (r"^(?:20[0-9]{2}|21[0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$")


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


QueryDay = Annotated[str, Field(pattern=DAY_PATTERN, json_schema_extra={"format": "date"}),
                     AfterValidator(_day)]


class AnalyticsQuery(BaseModel):
    """`from` and `to`: days (UTC, inclusive; default the last 30 days, at most 366);
    `module`: one module's figures; `format=csv`: the same figures as a CSV file."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    from_: QueryDay | None = Field(default=None, alias="from")
    to: QueryDay | None = None
    module: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")] | None = None
    format: Literal["json", "csv"] = "json"


class DayFigures(Out):
    date: Day
    participants: Figure = None
    contributions: Figure = None
    comments: Figure = None
    reactions: Figure = None
    upvotes: Figure = None
    responses: Figure = None
    ballots: Figure = None
    followers: Figure = None


class PeriodFigures(Out):
    contributions: Figure = None
    comments: Figure = None
    reactions: Figure = None
    upvotes: Figure = None
    responses: Figure = None
    ballots: Figure = None


class ModuleFigures(PeriodFigures):
    id: str
    type: str | None = None
    title: str
    status: str | None = None
    participants: Figure = None


class DemographicCell(Out):
    key: str
    option: str
    participants: Figure = None


class DemographicTable(Out):
    id: str
    prompt: str
    cells: list[DemographicCell]
    total: Figure = None


class OptionFigure(Out):
    key: str
    option: str
    count: Figure = None


class QuestionFigures(Out):
    id: str
    prompt: str
    kind: str
    answered: Figure = None
    no_answer: Figure = None
    options: list[OptionFigure] = []
    average: float | None = None


class QuestionnaireFigures(Out):
    responses: Figure = None
    questions: list[QuestionFigures]


class IdeaFigure(Out):
    id: str
    title: str
    cost: int | None = None
    votes: Figure = None


class BudgetFigures(Out):
    ballots: Figure = None
    ideas: list[IdeaFigure]


class TopContribution(Out):
    id: str
    module_id: str
    title: str
    engagement: int
    upvotes: int
    comments: int
    reactions: int


class Totals(Out):
    participants: Figure = None
    followers: Figure = None


class AnswerCounts(Out):
    """Official answers per current status (the community's, or the module's with
    `?module=`): counts of contributions, not of people, so never suppressed."""

    under_review: int = 0
    accepted: int = 0
    rejected: int = 0
    implemented: int = 0


class VisitCell(Out):
    key: str
    views: Figure = None


class VisitDay(Out):
    date: Day
    views: Figure = None
    modules: list[VisitCell]


class VisitModule(Out):
    id: str
    title: str
    views: Figure = None


class VisitFigures(Out):
    """Page views (`POST /visits`): per day and per module, and the range's views by
    language, country (`unknown` without the CDN's header) and browser family."""

    days: list[VisitDay]
    period: Figure = None
    modules: list[VisitModule]
    by_language: list[VisitCell]
    by_country: list[VisitCell]
    by_browser: list[VisitCell]


class AnalyticsOut(Out):
    community_id: str
    module_id: str | None = None
    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    k: int
    generated_at: Timestamp
    locale: str | None = None
    totals: Totals
    days: list[DayFigures]
    period: PeriodFigures
    modules: list[ModuleFigures]
    demographics: list[DemographicTable]
    questionnaire: QuestionnaireFigures | None = None
    budget: BudgetFigures | None = None
    top_contributions: list[TopContribution]
    answers: AnswerCounts
    visits: VisitFigures | None = None
    suppressed: int


class VisitIn(Body):
    """One page view: the page's kind and id, and the language it is shown in."""

    page: Literal["community", "project", "module", "contribution"]
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
    locale: Locale | None = None


# ---- demographic questions --------------------------------------------------------------

class DemographicQuestionIn(Body):
    id: Annotated[str, Field(pattern=r"^[0-9A-Z]{26}$")] | None = None
    prompt: LocalisedShort
    options: Annotated[list[LocalisedShort], Field(min_length=2, max_length=12,
                                                   json_schema_extra={"uniqueItems": True})]


class DemographicQuestionsIn(Body):
    questions: Annotated[list[DemographicQuestionIn], Field(max_length=5)]


class DemographicAnswersIn(Body):
    """`answers`: question id -> option (its position, or its text), or "skipped"; a
    question left out counts as skipped. `skip: true` skips them all, with no answer."""

    # Not both: `skip: true` with answers is refused (400 `answers`), and the schema says so.
    model_config = ConfigDict(**Body.model_config, json_schema_extra={"not": {
        "required": ["skip", "answers"],
        "properties": {"skip": {"const": True}, "answers": {"type": "object",
                                                             "minProperties": 1}}},
        "examples": [{"answers": {"01JD8Z4W6K3M9N2P5Q7R8S1T0V": 0}}]})

    answers: Annotated[dict[Annotated[str, Field(max_length=64)],
                            Annotated[int, Field(ge=0, le=100)]
                            | Annotated[str, Field(min_length=1, max_length=100)]],
                       Field(max_length=10)] | None = None
    skip: bool = False


class DemographicQuestionOut(Out):
    id: str
    prompt: str
    locale: str | None = None
    options: list[str]


class MyDemographics(Out):
    answers: dict[str, int | str]
    pending: bool
    updated_at: Timestamp | None = None


class DemographicsOut(Out):
    community_id: str
    questions: list[DemographicQuestionOut]
    mine: MyDemographics | None = None
