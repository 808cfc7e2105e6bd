"""What the stack creates, read from the code and from what `chalice package` generated, so
that the infrastructure grows with the code: a new table model, queue, upload kind, secret key
or handler needs no change here.

`AGORA_STAGE` must be set before anything imports `chalicelib` (names are read at import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

API_HANDLER = "APIHandler"  # the logical id Chalice gives the function behind the REST API


@dataclass(frozen=True)
class TableSpec:
    name: str                                   # full table name, agora-<stage>-<x>
    short: str                                  # <x>
    partition_key: tuple[str, str]              # (attribute, S|N|B)
    sort_key: tuple[str, str] | None
    indexes: tuple[dict[str, Any], ...]         # name, partition_key, sort_key, projection
    ttl_attribute: str | None


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str                             # SAM resource id (APIHandler, CheckUploads)
    name: str                                   # the Chalice function name (check_uploads)
    handler: str                                # module.function
    timeout: int
    queues: tuple[str, ...] = ()                # short queue names it consumes
    sqs_events: tuple[str, ...] = ()            # SAM event ids of those subscriptions
    schedules: tuple[str, ...] = ()             # rate()/cron() expressions
    serves_api: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def tables(stage: str) -> list[TableSpec]:
    from chalicelib.tables import all_models, table_spec

    prefix = f"agora-{stage}-"
    specs = []
    for model in all_models():
        spec = table_spec(model)
        if not spec["table_name"].startswith(prefix):
            raise RuntimeError(f"{spec['table_name']} is not named for stage {stage}: "
                               "set AGORA_STAGE before importing chalicelib")
        types = {a["name"]: a["type"] for a in spec["attribute_definitions"]}

        def keys(schema: list[dict[str, str]], types: dict[str, str] = types
                 ) -> tuple[tuple[str, str], tuple[str, str] | None]:
            hash_key = next(k["name"] for k in schema if k["type"] == "HASH")
            range_key = next((k["name"] for k in schema if k["type"] == "RANGE"), None)
            return ((hash_key, types[hash_key]),
                    (range_key, types[range_key]) if range_key else None)

        pk, sk = keys(spec["key_schema"])
        indexes = []
        for index in spec["global_secondary_indexes"]:
            ipk, isk = keys(index["key_schema"])
            indexes.append({"name": index["name"], "partition_key": ipk, "sort_key": isk,
                            "projection": dict(index["projection"])})
        specs.append(TableSpec(name=spec["table_name"], short=spec["table_name"][len(prefix):],
                               partition_key=pk, sort_key=sk, indexes=tuple(indexes),
                               ttl_attribute=spec["ttl_attribute"]))
    names = [s.name for s in specs]
    if len(names) != len(set(names)):
        raise RuntimeError(f"two models share a table name: {sorted(names)}")
    return specs


def queues() -> tuple[str, ...]:
    from chalicelib.platform.aws.queues import QUEUES

    return tuple(QUEUES)


def secret_keys() -> tuple[str, ...]:
    from chalicelib.platform.aws.secrets import SECRET_KEYS

    return tuple(SECRET_KEYS)


def upload_prefixes() -> tuple[str, ...]:
    """Key prefixes of the uploads the checker judges (`<kind>/...`)."""
    from chalicelib.platform.upload_rules import KINDS

    return tuple(f"{kind}/" for kind in KINDS)


def problem_type_base() -> str:
    from chalicelib.platform.http.problems import TYPE_BASE

    return TYPE_BASE


def _queue_name(queue: Any) -> str:
    """The queue name at the end of a SAM SQS event's `Queue` ARN (a string or Fn::Sub)."""
    if isinstance(queue, dict) and "Fn::Sub" in queue:
        sub = queue["Fn::Sub"]
        queue = sub if isinstance(sub, str) else sub[0]
    if not isinstance(queue, str):
        raise RuntimeError(f"cannot read a queue name from {queue!r}")
    return queue.rsplit(":", 1)[-1]


def functions(sam: dict[str, Any], stage: str) -> list[FunctionSpec]:
    """Every Lambda function `chalice package` generated, with what triggers it."""
    prefix = f"agora-{stage}-"
    known = set(queues())
    specs = []
    for logical_id, resource in sam["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        props = resource["Properties"]
        handler = props["Handler"]
        consumed, sqs_events, schedules = [], [], []
        for event_id, event in (props.get("Events") or {}).items():
            if event["Type"] == "SQS":
                full = _queue_name(event["Properties"]["Queue"])
                short = full[len(prefix):] if full.startswith(prefix) else None
                if short not in known:
                    raise RuntimeError(f"{logical_id} consumes {full}, which is not one of the "
                                       f"queues in chalicelib.platform.aws.queues.QUEUES")
                consumed.append(short)
                sqs_events.append(event_id)
            elif event["Type"] == "Schedule":
                schedules.append(str(event["Properties"]["Schedule"]))
            else:
                raise RuntimeError(f"{logical_id}: event type {event['Type']} is not handled "
                                   "by the stack yet (SQS and Schedule are)")
        serves_api = logical_id == API_HANDLER
        name = "api_handler" if serves_api else handler.rsplit(".", 1)[-1]
        specs.append(FunctionSpec(logical_id=logical_id, name=name, handler=handler,
                                  timeout=int(props.get("Timeout", 60)),
                                  queues=tuple(consumed), sqs_events=tuple(sqs_events),
                                  schedules=tuple(schedules), serves_api=serves_api))
    return specs


def api_paths(sam: dict[str, Any]) -> list[str]:
    """The REST API's paths, from the Swagger document Chalice generated."""
    api = sam["Resources"].get("RestAPI")
    if not api:
        return []
    return sorted(api["Properties"]["DefinitionBody"].get("paths", {}))
