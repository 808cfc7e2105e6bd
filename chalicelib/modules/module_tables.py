"""Participation modules (debate, questionnaire, ideas, budget, map) and questionnaire
questions. Counters a module shows (contributions, stances, responses, ballots) are
attributes updated with atomic ADD in the transaction that writes what they count."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    IncludeProjection,
    KeysOnlyProjection,
)
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name
from chalicelib.platform.dynamo.transactions import Transaction


class ModulesByProject(GlobalSecondaryIndex["Module"]):
    class Meta:
        index_name = "by_project"
        projection = AllProjection()

    project_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class ModulesByCreator(GlobalSecondaryIndex["Module"]):
    """What a person set up (export and erasure of their account; sparse)."""

    class Meta:
        index_name = "by_creator"
        projection = KeysOnlyProjection()

    created_by = UnicodeAttribute(hash_key=True)


class ModulesByClose(GlobalSecondaryIndex["Module"]):
    """Modules by when they close, for the retention purge of consultations: one partition
    (`retention` is the same word on every module), read as one range up to the cutoff.
    Modules are few and their entry changes only when created, when their window changes
    and while they are purged (the projection leaves the busy counters out)."""

    class Meta:
        index_name = "by_close"
        projection = IncludeProjection(["project_id", "purge_step", "purge_cursor"])

    retention = UnicodeAttribute(hash_key=True)
    closes_at = NumberAttribute(range_key=True)


RETENTION_SCOPE = "consultation"


class ModulesByOpening(GlobalSecondaryIndex["Module"]):
    """Modules whose opening followers have not been told of yet, by when they open (sparse:
    `announce` is set on an upcoming module and removed once its `module.opened` notice is
    queued). One partition, read as one range up to now by the scheduled announcer."""

    class Meta:
        index_name = "by_opening"
        projection = KeysOnlyProjection()

    announce = UnicodeAttribute(hash_key=True)
    opens_at = NumberAttribute(range_key=True)


ANNOUNCE_DUE = "due"


class ModulesByTally(GlobalSecondaryIndex["Module"]):
    """Budget modules whose live counts are still to be rolled up (sparse: `tally` is set
    on a budget when it is made or reopened, and removed by the roll-up that follows its
    seal). One partition, read whole by the roll-up every minute; an entry is written only
    when the mark or the closing time changes (KEYS_ONLY)."""

    class Meta:
        index_name = "by_tally"
        projection = KeysOnlyProjection()

    tally = UnicodeAttribute(hash_key=True)
    closes_at = NumberAttribute(range_key=True)


TALLY_DUE = "due"


class Module(Model):
    class Meta(BaseMeta):
        table_name = table_name("modules")

    personal = ("created_by",)

    module_id = UnicodeAttribute(hash_key=True)
    community_id = UnicodeAttribute()
    project_id = UnicodeAttribute()
    # The community's visibility when the module was made: a hint for writes that prove
    # access with a ConditionCheck in their transaction (a stale hint costs a retry).
    community_visibility = UnicodeAttribute(null=True)
    type = UnicodeAttribute()  # debate | questionnaire | ideas | budget | map
    title = MapAttribute(default=dict)
    description = MapAttribute(default=dict)
    opens_at = NumberAttribute()
    closes_at = NumberAttribute()
    settings = MapAttribute(default=dict)  # type settings, validated by the domain
    created_by = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    updated_at = NumberAttribute(null=True)
    contribution_count = NumberAttribute(default=0)  # visible contributions
    stances = MapAttribute(default=dict)  # debate: stance -> visible contributions
    response_count = NumberAttribute(default=0)
    ballot_count = NumberAttribute(default=0)
    question_count = NumberAttribute(default=0)
    # Retention: the `by_close` index key, and the progress of the purge once it is due.
    retention = UnicodeAttribute(null=True)
    purge_step = NumberAttribute(null=True)
    purge_cursor = UnicodeAttribute(null=True)
    results_published_at = NumberAttribute(null=True)  # an admin published the results
    # Opening notice: `announce` keys the `by_opening` index while followers are still to be
    # told; the notice's event id is fixed in advance so that a repeated run sends it once.
    announce = UnicodeAttribute(null=True)
    opening_event_id = UnicodeAttribute(null=True)
    # Live counts (`tally_rules`): `tally` keys `by_tally` until the final roll-up;
    # `tally_sealed` is set once voting is over, after which no ballot is taken.
    tally = UnicodeAttribute(null=True)
    tally_sealed = NumberAttribute(null=True)
    by_project = ModulesByProject()
    by_creator = ModulesByCreator()
    by_close = ModulesByClose()
    by_opening = ModulesByOpening()
    by_tally = ModulesByTally()


class Question(Model):
    """A questionnaire question. Its tallies (answers per option, or per scale value) live
    on the item and grow by atomic ADD in the transaction that stores a response."""

    class Meta(BaseMeta):
        table_name = table_name("questions")

    personal = ()

    module_id = UnicodeAttribute(hash_key=True)
    question_id = UnicodeAttribute(range_key=True)  # time-ordered: the display order
    community_id = UnicodeAttribute()
    prompt = MapAttribute(default=dict)
    kind = UnicodeAttribute()  # single_choice | multiple_choice | scale | text
    options = ListAttribute(of=MapAttribute, default=list)  # [locale -> text]
    scale_min = NumberAttribute(null=True)
    scale_max = NumberAttribute(null=True)
    required = BooleanAttribute(default=False)
    tally = MapAttribute(default=dict)  # option index or scale value (as text) -> count
    answered = NumberAttribute(default=0)
    created_at = NumberAttribute()


TABLES: list[type[Model]] = [Module, Question]


def get(module_id: str) -> Module | None:
    try:
        return Module.get(module_id)
    except Module.DoesNotExist:
        return None


def _open_at(now: float) -> Any:
    return (Module.opens_at <= now) & (Module.closes_at > now)


def phase_is(phase: str | None) -> Any:
    """The budget's phase (`settings.phase`) is still `phase` (None: it has none)."""
    path = Module.settings["phase"]
    return path.does_not_exist() if phase is None else path == phase


def check_phase(tx: Transaction, label: str, module_id: str, phase: str | None) -> None:
    tx.check(label, Module, module_id, condition=phase_is(phase))


def check_phase_among(tx: Transaction, label: str, module_id: str,
                      phases: tuple[str, ...]) -> None:
    """The budget has no phase, or is in one of `phases`."""
    path = Module.settings["phase"]
    condition = path.does_not_exist()
    if phases:
        condition = condition | path.is_in(*phases)
    tx.check(label, Module, module_id, condition=condition)


def add_module(tx: Transaction, module: Module) -> None:
    """A new module (label `module`); its project counts it (the caller adds that)."""
    module.retention = RETENTION_SCOPE
    if module.type == "budget":
        module.tally = TALLY_DUE
    tx.put("module", module, condition=Module.module_id.does_not_exist())


EDITABLE = ("title", "description", "opens_at", "closes_at", "settings", "updated_at",
            "results_published_at")


def update_module_in(tx: Transaction, module_id: str, values: dict[str, Any], *,
                     unless_ballots: bool = False, phase_was: Any = ...,
                     unless_published: bool = False) -> None:
    """Set (None: remove) the module's attributes; with `unless_ballots`, only while no
    ballot was cast; with `phase_was`, only while the budget is still in that phase; with
    `unless_published`, only while its results are not published
    (label `module` fails otherwise)."""
    actions = [getattr(Module, k).set(v) if v is not None else getattr(Module, k).remove()
               for k, v in values.items() if k in EDITABLE]
    condition = Module.module_id.exists()
    if unless_ballots:  # the caller checks the ballot count's shards too (`tally_tables`)
        condition = condition & (Module.ballot_count == 0)
    if phase_was is not ...:
        condition = condition & phase_is(phase_was)
    if unless_published:
        condition = condition & Module.results_published_at.does_not_exist()
    tx.update("module", Module(module_id), actions, condition=condition)


def move_window_in(tx: Transaction, module: Module, opens_at: float, closes_at: float,
                   now: float) -> None:
    """New dates, unless they changed since `module` was read (label `module` fails). A
    budget that opens again takes ballots again: its counts are unsealed and due."""
    actions = [Module.opens_at.set(opens_at), Module.closes_at.set(closes_at),
               Module.updated_at.set(now)]
    if module.type == "budget" and closes_at > now:
        actions += [Module.tally.set(TALLY_DUE), Module.tally_sealed.remove()]
        module.tally, module.tally_sealed = TALLY_DUE, None
    tx.update("module", Module(module.module_id), actions,
              condition=(Module.opens_at == module.opens_at)
              & (Module.closes_at == module.closes_at))


def add_question(question: Question, max_questions: int) -> bool:
    """Store a question and count it on its module, unless the module has `max_questions`
    already (False)."""
    failed = (Transaction()
              .put("question", question, condition=Question.question_id.does_not_exist())
              .update("module", Module(question.module_id),
                      [Module.question_count.add(1)],
                      condition=Module.module_id.exists()
                      & (Module.question_count < max_questions))
              .commit())
    return "module" not in failed


def remove_question(module_id: str, question_id: str) -> set[str]:
    """Delete a question and uncount it, only while nobody has responded (their answers and
    the tallies point at it). Labels that can fail: `question` (no such question),
    `module` (responses exist)."""
    return (Transaction()
            .delete("question", Question(module_id, question_id),
                    condition=Question.question_id.exists())
            .update("module", Module(module_id), [Module.question_count.add(-1)],
                    condition=Module.module_id.exists()
                    & (Module.response_count.does_not_exist() | (Module.response_count == 0)))
            .commit())


def check_open(tx: Transaction, label: str, module_id: str, now: float) -> None:
    tx.check(label, Module, module_id, condition=_open_at(now))


def count_contribution(tx: Transaction, label: str, module_id: str, stance: str | None,
                       delta: int, *, open_at: float | None = None,
                       phase: Any = ...) -> None:
    """With `phase`, only while the budget is still in that phase (None: has none)."""
    actions = [Module.contribution_count.add(delta)]
    if stance:
        actions.append(Module.stances[stance].add(delta))
    condition = _open_at(open_at) if open_at is not None else None
    if phase is not ...:
        condition = phase_is(phase) if condition is None else condition & phase_is(phase)
    tx.update(label, Module(module_id), actions, condition=condition)


def move_stance(tx: Transaction, label: str, module_id: str, old: str, new: str) -> None:
    tx.update(label, Module(module_id), [Module.stances[old].add(-1),
                                          Module.stances[new].add(1)])


def check_ballot(tx: Transaction, label: str, module_id: str, *, now: float,
                phase: str | None = None) -> None:
    """While the module is open, the budget still in `phase` (None: has none) and its
    counts not sealed."""
    tx.check(label, Module, module_id,
             condition=_open_at(now) & phase_is(phase) & Module.tally_sealed.does_not_exist())


def mark_due(module_id: str) -> None:
    """A budget made before live counts: its counts are rolled up from now on."""
    from chalicelib.platform.dynamo.transactions import conditionally

    conditionally(lambda: Module(module_id).update(
        actions=[Module.tally.set(TALLY_DUE)],
        condition=Module.tally.does_not_exist() & (Module.type == "budget")))


def seal(module: Module, now: float) -> float | None:
    """Once voting is over, seal the counts (no ballot is taken after this write commits,
    whatever the voter's clock said); idempotent. Answers the seal, None when the module
    is not due or takes ballots again."""
    from chalicelib.platform.dynamo.transactions import conditionally

    if module.tally_sealed is not None:
        return float(module.tally_sealed)
    over = (Module.closes_at <= now) | (Module.settings["phase"] == "results")
    if conditionally(lambda: Module(module.module_id).update(
            actions=[Module.tally_sealed.set(now)],
            condition=Module.tally.exists() & Module.tally_sealed.does_not_exist() & over)):
        module.tally_sealed = now
        return now
    current = get(module.module_id)
    sealed = current.tally_sealed if current is not None and current.tally else None
    return float(sealed) if sealed is not None else None


def finish(module_id: str, sealed: float) -> bool:
    """The sealed counts are all rolled up: the module leaves `by_tally` (unless it was
    reopened, and sealed again, meanwhile)."""
    from chalicelib.platform.dynamo.transactions import conditionally

    return conditionally(lambda: Module(module_id).update(
        actions=[Module.tally.remove()], condition=Module.tally_sealed == sealed))


def take_ballots_in(tx: Transaction, label: str, module_id: str, read: int, moved: int) -> None:
    """A roll-up adds what it took from the ballot shards, unless another did first."""
    tx.update(label, Module(module_id), [Module.ballot_count.add(moved)],
              condition=Module.ballot_count == read)


def due_modules() -> list[str]:
    """Every budget whose counts are still to be rolled up (one Query, paged)."""
    return [m.module_id for m in Module.by_tally.query(TALLY_DUE)]


def questions_of(module_id: str, limit: int = 100) -> list[Question]:
    """Every question of a module (a module has at most 50: one Query page)."""
    return list(Question.query(module_id, limit=limit))
