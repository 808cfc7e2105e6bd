"""What each Lambda function may do: the stack turns a profile into that function's own IAM
role, with named actions on the platform's own resources only (never `*` as an action).

A queue handler always gets receive/delete on the queues it consumes (read from the
generated event sources); its profile says what else it does. A function without a profile
here gets DEFAULT, the access the platform's code as a whole uses: give a new handler its
own, narrower profile when you add it (key: the handler's Python function name).
"""

from __future__ import annotations

from dataclasses import dataclass

ALL = ("*all*",)  # every queue in chalicelib.platform.aws.queues.QUEUES


@dataclass(frozen=True)
class Access:
    tables: bool = True                 # read and write items of every table and its indexes
    scan: bool = False                  # Scan (purges and sweeps only, never request paths)
    bucket: frozenset[str] = frozenset()  # of "read", "write", "delete", "list"
    publishes: tuple[str, ...] = ()     # queues it sends to (short names), or ALL
    mail: bool = False                  # SES send through the stage's identity
    secret: bool = False                # read the app secret (its keys: platform.aws.secrets)


# The API: every table, presigned uploads and downloads, head and delete of objects, sending
# to every queue, email and the secret.
API = Access(bucket=frozenset({"read", "write", "delete"}), publishes=ALL, mail=True,
             secret=True)

DEFAULT = Access(scan=True, bucket=frozenset({"read", "write", "delete", "list"}),
                 publishes=ALL, mail=True, secret=True)

PROFILES: dict[str, Access] = {
    "api_handler": API,
    # S3 event -> uploads queue: head, read the first bytes, delete refused objects, and
    # the linkers that point a record at an accepted upload write to the tables.
    "check_uploads": Access(bucket=frozenset({"read", "delete"})),
    # Account erasure: the tables and their indexes (never a scan), the person's objects
    # (listing their prefixes, deleting them), and its own queue to chain the next batch.
    "erase_account": Access(bucket=frozenset({"list", "delete"}), publishes=("erasure",)),
    # Export: reads the tables, writes the document, signs its download link (GetObject)
    # and emails it.
    "build_export": Access(bucket=frozenset({"read", "write"}), mail=True),
    # Retention purges: indexes only (never a scan); deletes the files of purged
    # contributions.
    "retention_purge": Access(bucket=frozenset({"delete"})),
    # Hourly: accounts whose suspension ended (a Query of users.by_status, a BatchGetItem,
    # conditional updates): tables only.
    "lift_suspensions": Access(),
    # notify queue -> one page of an event's audience: reads follows/members (or, for new
    # terms of use, the accounts' `by_status` index)/settings, sends
    # the delivery messages and the event's next page.
    "fan_out_notifications": Access(publishes=("deliver", "notify")),
    # deliver queue -> in-app notifications and emails (unsubscribe links are signed with
    # the app secret's link key).
    "send_notifications": Access(mail=True, secret=True),
    # Daily: the people whose digest is due (a sparse index, shard by shard) go to `deliver`.
    "send_digests": Access(publishes=("deliver",)),
    # Every 5 minutes: a Query of modules.by_opening, a BatchGetItem, a conditional update
    # per module, and the `module.opened` notices on the notify queue.
    "announce_openings": Access(publishes=("notify",)),
    # Every minute: budgets' live vote counts rolled up (a Query of modules.by_tally,
    # BatchGetItems of the modules, their ideas (a Query of contributions.by_module) and
    # counters, a transaction per idea that took votes, conditional updates of the module):
    # tables only.
    "roll_up_votes": Access(),
    # analytics queue -> counters: reads accounts, answers and markers, writes aggregates in
    # transactions; no bucket, no mail, no secret, sends nothing.
    "count_activity": Access(),
    # moderation queue -> what follows a decision: the statement of reasons (notify), the
    # strike ladder (suspension, warning mail, the last rung's erasure), flags counted.
    "apply_decisions": Access(publishes=("notify", "erasure"), mail=True, secret=True),
    # Every minute: outbox messages not consumed in time (a Query per shard of outbox.by_due,
    # a conditional update each), sent again to whichever queue they name.
    "sweep_outbox": Access(publishes=ALL),
}

TABLE_ACTIONS = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                 "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                 "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem")
INDEX_ACTIONS = ("dynamodb:Query",)
SCAN_ACTIONS = ("dynamodb:Scan",)
OBJECT_ACTIONS = {"read": ("s3:GetObject",), "write": ("s3:PutObject",),
                  "delete": ("s3:DeleteObject",)}
BUCKET_ACTIONS = {"list": ("s3:ListBucket",)}
SEND_ACTIONS = ("sqs:SendMessage", "sqs:GetQueueUrl")
CONSUME_ACTIONS = ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                   "sqs:ChangeMessageVisibility")
MAIL_ACTIONS = ("ses:SendRawEmail", "ses:SendEmail")
SECRET_ACTIONS = ("secretsmanager:GetSecretValue",)
LOG_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")


def profile(name: str) -> Access:
    return PROFILES.get(name, DEFAULT)
