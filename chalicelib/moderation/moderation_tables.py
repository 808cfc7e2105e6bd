"""Moderation: flags, cases, the decision log and each person's standing.

- `moderation_flags`: one item per (item, flagger): a person flags an item once. Keyed by the
  item so a case's flaggers are one Query; `by_user` finds a person's flags (export, erasure).
- `moderation_cases`: the moderation state of one item (its current or last case), keyed by
  the item id, so a flag reads it with the item in one BatchGetItem. Open cases carry the
  sparse `queue` index keys: the community, and a sort key encoding flags, reach and age
  (`domain.moderation.queue_key`), so the queue is one Query, most urgent first.
- `moderation_log`: every decision, one partition per community, newest first.
- `moderation_standing`: per person: how many of their flags moderators rejected, how many
  cases about their content were decided, their removals (the strikes) and the rungs applied.

Flag counts, hiding and opening a case are decided by ONE transaction, conditional on the
case as read (its number and flag count): of concurrent flags exactly one opens the case and
exactly one hides the item; the others fail their condition, re-read and try again.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name
from chalicelib.platform.dynamo.transactions import Transaction

# ---- models ------------------------------------------------------------------------------


class FlagsByUser(GlobalSecondaryIndex["Flag"]):
    """The flags a person made (export and erasure)."""

    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class Flag(Model):
    class Meta(BaseMeta):
        table_name = table_name("moderation_flags")

    personal = ("user_id", "reason", "note", "created_at")

    item_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()               # contribution | comment
    community_id = UnicodeAttribute()
    seq = NumberAttribute()                 # the case it fed
    reason = UnicodeAttribute()
    note = UnicodeAttribute(null=True)
    note_id = UnicodeAttribute(null=True)   # its entry in the case's notes (no flagger id)
    counted = BooleanAttribute(default=True)  # counted toward hiding (not a flag abuser)
    created_at = NumberAttribute()
    rejected_at = NumberAttribute(null=True)  # moderators restored the item: counted once
    by_user = FlagsByUser()


class CaseQueue(GlobalSecondaryIndex["Case"]):
    """Open cases of a community, most urgent first (sparse: closed cases lack the keys)."""

    class Meta:
        index_name = "queue"
        projection = AllProjection()

    queue_community_id = UnicodeAttribute(hash_key=True)
    queue_key = UnicodeAttribute(range_key=True)


class CasesByAuthor(GlobalSecondaryIndex["Case"]):
    """Cases about a person's content (export and erasure)."""

    class Meta:
        index_name = "by_author"
        projection = KeysOnlyProjection()

    author_id = UnicodeAttribute(hash_key=True)
    opened_at = NumberAttribute(range_key=True)


class Case(Model):
    """One item's moderation state: its current (or last) case. A new case replaces a
    closed one (number `seq` + 1); the log keeps every decision."""

    class Meta(BaseMeta):
        table_name = table_name("moderation_cases")

    personal = ("author_id", "notes", "decided_by", "first_decided_by", "appeal_statement")

    item_id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    community_id = UnicodeAttribute()
    module_id = UnicodeAttribute()
    contribution_id = UnicodeAttribute()      # the item itself, or a comment's contribution
    author_id = UnicodeAttribute(null=True)   # removed when the author's account is erased
    seq = NumberAttribute()
    status = UnicodeAttribute()               # open | appealed | closed
    opened_at = NumberAttribute()
    flag_count = NumberAttribute(default=0)   # distinct flaggers of this case
    counted = NumberAttribute(default=0)      # of them, counted toward hiding
    reach = NumberAttribute(default=0)
    reasons = MapAttribute(default=dict)      # reason -> count
    notes = MapAttribute(default=dict)        # note id -> {reason, note, at}: no flagger ids
    hidden_at = NumberAttribute(null=True)    # when this case's flags hid the item
    threshold = NumberAttribute(null=True)    # the community's threshold, last read
    community_visibility = UnicodeAttribute(null=True)  # a hint, like Contribution's
    outcome = UnicodeAttribute(null=True)     # removed | restored
    decided_action = UnicodeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    decided_at = NumberAttribute(null=True)
    decision_reason = UnicodeAttribute(null=True)
    decision_rule = UnicodeAttribute(null=True)
    outcome_event_id = UnicodeAttribute(null=True)  # the author's notice: one id per decision
    first_decided_by = UnicodeAttribute(null=True)  # an appeal goes to someone else
    appealed = BooleanAttribute(default=False)
    appeal_at = NumberAttribute(null=True)
    appeal_statement = UnicodeAttribute(null=True)
    version = NumberAttribute(default=0)
    queue_community_id = UnicodeAttribute(null=True)
    queue_key = UnicodeAttribute(null=True)
    queue = CaseQueue()
    by_author = CasesByAuthor()


class LogByModerator(GlobalSecondaryIndex["LogEntry"]):
    """Decisions a moderator made (erasure drops their id from each)."""

    class Meta:
        index_name = "by_moderator"
        projection = AllProjection()

    moderator_id = UnicodeAttribute(hash_key=True)
    at = NumberAttribute(range_key=True)


class LogEntry(Model):
    class Meta(BaseMeta):
        table_name = table_name("moderation_log")

    personal = ("moderator_id",)

    community_id = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)  # time-ordered id: newest first on Query
    item_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    seq = NumberAttribute()
    action = UnicodeAttribute()                # restore | remove
    reason = UnicodeAttribute()
    rule = UnicodeAttribute(null=True)
    appeal = BooleanAttribute(default=False)   # a decision on an appeal
    moderator_id = UnicodeAttribute(null=True)  # removed when their account is erased
    at = NumberAttribute()
    by_moderator = LogByModerator()


class Standing(Model):
    class Meta(BaseMeta):
        table_name = table_name("moderation_standing")

    personal = ("user_id", "rejected_flags", "decided", "removals", "rungs")

    user_id = UnicodeAttribute(hash_key=True)
    rejected_flags = NumberAttribute(default=0)
    decided = NumberAttribute(default=0)       # cases about their content decided
    removals = MapAttribute(default=dict)      # case key -> {at, strike}
    rungs = MapAttribute(default=dict)         # case key -> {action, at, days?}
    version = NumberAttribute(default=0)


TABLES: list[type[Model]] = [Flag, Case, LogEntry, Standing]


# ---- reads -------------------------------------------------------------------------------

def get_case(item_id: str) -> Case | None:
    try:
        return Case.get(item_id, consistent_read=True)
    except Case.DoesNotExist:
        return None


def get_standing(user_id: str) -> Standing | None:
    try:
        return Standing.get(user_id, consistent_read=True)
    except Standing.DoesNotExist:
        return None


def queue_page(community_id: str, limit: int,
               start: dict[str, Any] | None) -> tuple[list[Case], dict[str, Any] | None]:
    result = Case.queue.query(community_id, limit=limit, last_evaluated_key=start)
    return list(result), result.last_evaluated_key


def log_page(community_id: str, limit: int,
             start: dict[str, Any] | None) -> tuple[list[LogEntry], dict[str, Any] | None]:
    result = LogEntry.query(community_id, scan_index_forward=False, limit=limit,
                            last_evaluated_key=start)
    return list(result), result.last_evaluated_key


def flags_of_case(item_id: str, seq: int) -> list[Flag]:
    """The flags that fed case `seq` of an item (one Query of the item's flags)."""
    return [f for f in Flag.query(item_id, consistent_read=True) if int(f.seq) == int(seq)]


# ---- decisions ---------------------------------------------------------------------------

def reject_flag(flag: Flag, now: float) -> bool:
    """Moderators restored what this flag reported: count it against its author, once (the
    flag's `rejected_at` is the guard, in the same transaction as the count)."""
    failed = (Transaction()
              .update("flag", Flag(flag.item_id, flag.user_id), [Flag.rejected_at.set(now)],
                      condition=Flag.user_id.exists() & Flag.rejected_at.does_not_exist())
              .update("standing", Standing(flag.user_id),
                      [Standing.rejected_flags.add(1)])
              .commit())
    return not failed
