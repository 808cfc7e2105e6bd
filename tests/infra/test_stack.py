"""The synthesised stack holds what the code needs, derived from the code itself."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk.assertions import Match

from infra import access, derive
from infra.settings import DEFAULTS
from tests.infra.conftest import CONTEXT


def _ref(value: Any) -> str | None:
    if isinstance(value, dict):
        if "Ref" in value:
            return str(value["Ref"])
        if "Fn::GetAtt" in value:
            return str(value["Fn::GetAtt"][0])
    return None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _by_property(synth, kind: str, prop: str, value: Any) -> tuple[str, dict[str, Any]]:
    found = [(k, r) for k, r in synth.resources(kind).items()
             if r["Properties"].get(prop) == value]
    assert len(found) == 1, f"{kind} with {prop}={value!r}: {len(found)} found"
    return found[0]


def _statements(synth, role_id: str) -> list[dict[str, Any]]:
    """Every policy statement a role holds: inline policies and attached AWS::IAM::Policy."""
    role = synth.template["Resources"][role_id]
    out = [s for p in role["Properties"].get("Policies", [])
           for s in p["PolicyDocument"]["Statement"]]
    for policy in synth.resources("AWS::IAM::Policy").values():
        if any(_ref(r) == role_id for r in policy["Properties"].get("Roles", [])):
            out.extend(policy["Properties"]["PolicyDocument"]["Statement"])
    return out


def _actions_on(statements: list[dict[str, Any]], resource_id: str) -> set[str]:
    """The actions granted on a resource (its ARN, or an ARN built from it)."""
    granted: set[str] = set()
    for statement in statements:
        if statement["Effect"] != "Allow":
            continue
        if resource_id in json.dumps(statement["Resource"]):
            granted.update(_as_list(statement["Action"]))
    return granted


def _all_actions(statements: list[dict[str, Any]]) -> set[str]:
    return {a for s in statements if s["Effect"] == "Allow" for a in _as_list(s["Action"])}


def _functions(synth) -> dict[str, dict[str, Any]]:
    return synth.resources("AWS::Serverless::Function")


# -- tables ---------------------------------------------------------------------------------

def test_every_registered_table_is_created_with_its_keys_indexes_and_ttl(prod, prod_template):
    specs = derive.tables("test")  # this process runs as the test stage
    assert specs, "the registry lists no table"
    prod_template.resource_count_is("AWS::DynamoDB::Table", len(specs))
    for spec in specs:
        _, table = _by_property(prod, "AWS::DynamoDB::Table", "TableName",
                                f"agora-prod-{spec.short}")
        props = table["Properties"]
        keys = {k["AttributeName"]: k["KeyType"] for k in props["KeySchema"]}
        assert keys[spec.partition_key[0]] == "HASH"
        if spec.sort_key:
            assert keys[spec.sort_key[0]] == "RANGE"
        assert len(keys) == (2 if spec.sort_key else 1)
        indexes = {i["IndexName"]: i for i in props.get("GlobalSecondaryIndexes", [])}
        assert set(indexes) == {i["name"] for i in spec.indexes}
        for index in spec.indexes:
            created_index = indexes[index["name"]]
            assert created_index["Projection"]["ProjectionType"] == \
                index["projection"]["ProjectionType"]
            index_keys = {k["AttributeName"]: k["KeyType"] for k in created_index["KeySchema"]}
            assert index_keys[index["partition_key"][0]] == "HASH"
        if spec.ttl_attribute:
            assert props["TimeToLiveSpecification"] == {
                "AttributeName": spec.ttl_attribute, "Enabled": True}
        else:
            assert "TimeToLiveSpecification" not in props
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {
            "PointInTimeRecoveryEnabled": True}
        assert props["SSESpecification"]["SSEEnabled"] is True


def test_prod_tables_are_protected_and_retained_dev_tables_are_not(prod, dev):
    for table in prod.resources("AWS::DynamoDB::Table").values():
        assert table["Properties"]["DeletionProtectionEnabled"] is True
        assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
    for table in dev.resources("AWS::DynamoDB::Table").values():
        assert table["Properties"]["DeletionProtectionEnabled"] is False
        assert table["DeletionPolicy"] == "Delete"


def test_ttl_covers_every_model_with_an_expiry():
    from chalicelib.platform.dynamo.table_base import TTLMixin
    from chalicelib.tables import all_models

    expiring = {m.Meta.table_name for m in all_models() if issubclass(m, TTLMixin)}
    with_ttl = {s.name for s in derive.tables("test") if s.ttl_attribute == "expires_at"}
    assert expiring and expiring <= with_ttl


# -- queues ---------------------------------------------------------------------------------

def _tls_only(synth, queue_id: str) -> bool:
    for policy in synth.resources("AWS::SQS::QueuePolicy").values():
        if queue_id not in [_ref(q) for q in policy["Properties"]["Queues"]]:
            continue
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            if statement["Effect"] == "Deny" and statement.get("Condition") == {
                    "Bool": {"aws:SecureTransport": "false"}}:
                return True
    return False


def test_every_queue_has_a_dead_letter_queue_encryption_and_tls_only(prod, prod_template):
    from chalicelib.platform.aws.queues import QUEUES

    prod_template.resource_count_is("AWS::SQS::Queue", 2 * len(QUEUES))
    prod_template.all_resources_properties("AWS::SQS::Queue", {"SqsManagedSseEnabled": True})
    for name in QUEUES:
        queue_id, queue = _by_property(prod, "AWS::SQS::Queue", "QueueName",
                                       f"agora-prod-{name}")
        dlq_id, dlq = _by_property(prod, "AWS::SQS::Queue", "QueueName",
                                   f"agora-prod-{name}-dlq")
        redrive = queue["Properties"]["RedrivePolicy"]
        assert redrive["maxReceiveCount"] == 5
        assert _ref(redrive["deadLetterTargetArn"]) == dlq_id
        for qid, q in ((queue_id, queue), (dlq_id, dlq)):
            assert q["Properties"]["SqsManagedSseEnabled"] is True
            assert _tls_only(prod, qid), f"{q['Properties']['QueueName']} accepts plain HTTP"


def test_queue_handlers_report_batch_item_failures_and_wait_for_their_queues(prod):
    queue_ids = {r["Properties"]["QueueName"]: k
                 for k, r in prod.resources("AWS::SQS::Queue").items()}
    subscriptions = 0
    for logical_id, function in _functions(prod).items():
        for event in (function["Properties"].get("Events") or {}).values():
            if event["Type"] != "SQS":
                continue
            subscriptions += 1
            props = event["Properties"]
            assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
            queue_name = props["Queue"]["Fn::Sub"].rsplit(":", 1)[-1]
            assert queue_name in queue_ids, f"{logical_id} consumes {queue_name}, not created"
            assert queue_ids[queue_name] in function["DependsOn"]
            visibility = prod.template["Resources"][queue_ids[queue_name]]["Properties"][
                "VisibilityTimeout"]
            assert visibility >= function["Properties"]["Timeout"]
    assert subscriptions >= 1  # check_uploads at least


# -- functions, roles -----------------------------------------------------------------------

def test_every_queue_and_schedule_handler_has_an_access_profile_of_its_own():
    import app as app_module

    handlers = {source.name for source in app_module.app.event_sources}
    assert "announce_openings" in handlers
    assert handlers <= set(access.PROFILES), handlers - set(access.PROFILES)


def test_every_function_runs_under_its_own_role_and_chalice_makes_none(prod):
    functions = _functions(prod)
    assert "APIHandler" in functions and "CheckUploads" in functions
    assert "DefaultRole" not in prod.template["Resources"]
    roles = [_ref(f["Properties"]["Role"]) for f in functions.values()]
    assert len(set(roles)) == len(roles)
    for role in roles:
        assert prod.template["Resources"][role]["Type"] == "AWS::IAM::Role"


def _upload_handler_policies(synth) -> set[str]:
    """The policies of CDK's deploy-time upload function (the web build's BucketDeployment)."""
    return {k for k, p in synth.resources("AWS::IAM::Policy").items()
            if k.startswith("CustomCDKBucketDeployment")}


def test_no_iam_statement_anywhere_grants_a_wildcard_action(prod, dev):
    web_bucket = next(k for k in prod.resources("AWS::S3::Bucket") if k.startswith("WebBucket"))
    for synth in (prod, dev):
        documents = [p["PolicyDocument"] for r in synth.resources("AWS::IAM::Role").values()
                     for p in r["Properties"].get("Policies", [])]
        documents += [p["Properties"]["PolicyDocument"]
                      for k, p in synth.resources("AWS::IAM::Policy").items()
                      if k not in _upload_handler_policies(synth)]
        assert documents
        for document in documents:
            for statement in document["Statement"]:
                if statement["Effect"] != "Allow":
                    continue
                for action in _as_list(statement["Action"]):
                    assert "*" not in action, f"wildcard action {action}"
    # CDK's upload function alone has CDK's s3 grants (s3:GetObject*...): only on the web
    # bucket and CDK's asset bucket (acknowledged in infra/web.py).
    (policy,) = _upload_handler_policies(prod)
    for statement in prod.template["Resources"][policy]["Properties"]["PolicyDocument"][
            "Statement"]:
        actions = _as_list(statement["Action"])
        if any("*" in a for a in actions):
            assert all(a.startswith("s3:") for a in actions)
            for resource in _as_list(statement["Resource"]):
                text = json.dumps(resource)
                assert web_bucket in text or "cdk-hnb659fds-assets-" in text, text
        else:
            assert set(actions) == {"cloudfront:GetInvalidation",
                                    "cloudfront:CreateInvalidation"}
    assert not _upload_handler_policies(dev)  # no build, no upload


def test_the_api_role_grants_what_the_api_uses_and_nothing_it_does_not(prod):
    api = _functions(prod)["APIHandler"]
    statements = _statements(prod, _ref(api["Properties"]["Role"]))
    for table_id in prod.resources("AWS::DynamoDB::Table"):
        granted = _actions_on(statements, table_id)
        assert {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:BatchGetItem"} <= granted
    bucket_id, _ = next((k, r) for k, r in prod.resources("AWS::S3::Bucket").items()
                        if "CorsConfiguration" in r["Properties"])
    assert {"s3:GetObject", "s3:PutObject", "s3:DeleteObject"} <= _actions_on(statements,
                                                                                bucket_id)
    for queue_id, queue in prod.resources("AWS::SQS::Queue").items():
        granted = _actions_on(statements, queue_id)
        if queue["Properties"]["QueueName"].endswith("-dlq"):
            assert not granted
        else:
            assert "sqs:SendMessage" in granted
    secret_id = next(iter(prod.resources("AWS::SecretsManager::Secret")))
    assert _actions_on(statements, secret_id) == {"secretsmanager:GetSecretValue"}
    actions = _all_actions(statements)
    assert "ses:SendRawEmail" in actions
    assert not actions & {"sqs:ReceiveMessage", "dynamodb:Scan", "s3:ListBucket",
                          "secretsmanager:PutSecretValue"}


def test_a_queue_handler_receives_from_its_queue_only(prod):
    checker = _functions(prod)["CheckUploads"]
    statements = _statements(prod, _ref(checker["Properties"]["Role"]))
    for queue_id, queue in prod.resources("AWS::SQS::Queue").items():
        granted = _actions_on(statements, queue_id)
        if queue["Properties"]["QueueName"] == "agora-prod-uploads":
            assert set(access.CONSUME_ACTIONS) <= granted
        else:
            assert not granted
    actions = _all_actions(statements)
    assert {"s3:GetObject", "s3:DeleteObject"} <= actions
    assert not actions & {"s3:PutObject", "sqs:SendMessage", "ses:SendRawEmail",
                          "secretsmanager:GetSecretValue"}


def test_functions_log_to_their_own_retained_log_groups(prod):
    groups = prod.resources("AWS::Logs::LogGroup")
    for function in _functions(prod).values():
        group_id = _ref(function["Properties"]["LoggingConfig"]["LogGroup"])
        assert groups[group_id]["Properties"]["RetentionInDays"] == \
            DEFAULTS["prod"]["log_retention_days"]
        statements = _statements(prod, _ref(function["Properties"]["Role"]))
        assert _actions_on(statements, group_id) == set(access.LOG_ACTIONS)


def test_functions_get_the_stage_environment_and_never_a_secret_value(prod):
    bucket_id = next(k for k, r in prod.resources("AWS::S3::Bucket").items()
                     if "CorsConfiguration" in r["Properties"])
    for function in _functions(prod).values():
        env = function["Properties"]["Environment"]["Variables"]
        assert env["AGORA_STAGE"] == "prod"
        assert env["AGORA_MAIL_TRANSPORT"] == "ses"
        assert _ref(env["AGORA_BUCKET"]) == bucket_id
        assert env["AGORA_SECRET_ID"] == "agora/prod/app"
        for key in ("AGORA_MAIL_FROM", "AGORA_API_URL"):
            assert env[key] == DEFAULTS["prod"][key.removeprefix("AGORA_").lower()]
        # The web app's custom domain (tests/infra/test_web.py: the distribution's otherwise)
        web = f"https://{CONTEXT['prod']['web_domain']}"
        assert env["AGORA_FRONTEND_URL"] == env["AGORA_FRONTEND_ORIGINS"] == web
        from chalicelib.platform.aws.secrets import SECRET_KEYS

        for key in SECRET_KEYS:
            assert key.upper() not in {k.upper() for k in env}
            assert key not in json.dumps(env)


# -- bucket ---------------------------------------------------------------------------------

def test_media_bucket_is_private_encrypted_tls_only_with_cors_and_lifecycle(prod, prod_template):
    bucket_id, bucket = next((k, r) for k, r in prod.resources("AWS::S3::Bucket").items()
                             if "CorsConfiguration" in r["Properties"])
    props = bucket["Properties"]
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True}
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0][
        "ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    rules = props["CorsConfiguration"]["CorsRules"]
    assert rules[0]["AllowedOrigins"] == [f"https://{CONTEXT['prod']['web_domain']}"]
    assert "POST" in rules[0]["AllowedMethods"]
    lifecycle = {r["Id"]: r for r in props["LifecycleConfiguration"]["Rules"]}
    assert lifecycle["expire-exports"]["Prefix"] == "exports/"
    assert lifecycle["expire-exports"]["ExpirationInDays"] == 7
    assert lifecycle["abort-incomplete-uploads"]["AbortIncompleteMultipartUpload"] == {
        "DaysAfterInitiation": 1}
    prod_template.has_resource_properties("AWS::S3::BucketPolicy", {
        "Bucket": {"Ref": bucket_id},
        "PolicyDocument": {"Statement": Match.array_with([Match.object_like({
            "Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})])}})


def test_uploads_of_each_kind_notify_the_uploads_queue(prod):
    from chalicelib.platform.upload_rules import KINDS

    uploads_id, _ = _by_property(prod, "AWS::SQS::Queue", "QueueName", "agora-prod-uploads")
    notifications = next(iter(prod.resources("Custom::S3BucketNotifications").values()))
    configs = notifications["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    prefixes = set()
    for config in configs:
        assert _ref(config["QueueArn"]) == uploads_id
        assert config["Events"] == ["s3:ObjectCreated:*"]
        rules = config["Filter"]["Key"]["FilterRules"]
        prefixes.update(r["Value"] for r in rules if r["Name"] == "prefix")
    assert prefixes == {f"{kind}/" for kind in KINDS}
    policy = next(p for p in prod.resources("AWS::SQS::QueuePolicy").values()
                  if uploads_id in [_ref(q) for q in p["Properties"]["Queues"]])
    assert any(s.get("Principal") == {"Service": "s3.amazonaws.com"}
               and "sqs:SendMessage" in _as_list(s["Action"])
               for s in policy["Properties"]["PolicyDocument"]["Statement"])


# -- secret, mail ---------------------------------------------------------------------------

def test_the_secret_is_generated_with_every_key_and_retained_in_prod(prod):
    from chalicelib.platform.aws.secrets import SECRET_KEYS

    secret_id, secret = next(iter(prod.resources("AWS::SecretsManager::Secret").items()))
    props = secret["Properties"]
    assert props["Name"] == "agora/prod/app"
    generated = props["GenerateSecretString"]
    template = json.loads(generated["SecretStringTemplate"])
    assert {generated["GenerateStringKey"], *template} == set(SECRET_KEYS)
    assert "SecretString" not in props
    assert secret["DeletionPolicy"] == "Retain"
    filler = next(iter(prod.resources("Custom::AgoraSecretKeys").values()))
    assert filler["Properties"]["Keys"] == list(SECRET_KEYS)
    # Keys split off link_signing_key start with its value on a stage deployed before.
    assert filler["Properties"]["Seeds"] == {"access_code_key": "link_signing_key",
                                             "throttle_key": "link_signing_key"}
    assert _ref(filler["Properties"]["SecretId"]) == secret_id


def test_ses_identity_and_configuration_set(prod):
    config_id, _ = _by_property(prod, "AWS::SES::ConfigurationSet", "Name", "agora-prod")
    identity = next(iter(prod.resources("AWS::SES::EmailIdentity").values()))
    assert identity["Properties"]["EmailIdentity"] == "agora.example.org"
    assert _ref(identity["Properties"]["ConfigurationSetAttributes"]["ConfigurationSetName"]) \
        == config_id


# -- HTTP -----------------------------------------------------------------------------------

def test_rest_api_throttles_logs_access_and_answers_problem_json(prod):
    api = prod.template["Resources"]["RestAPI"]["Properties"]
    assert api["Name"] == "agora-prod"
    (setting,) = api["MethodSettings"]
    assert setting["ThrottlingRateLimit"] == DEFAULTS["prod"]["throttle_rate"]
    assert setting["ThrottlingBurstLimit"] == DEFAULTS["prod"]["throttle_burst"]
    log_group = _ref(api["AccessLogSetting"]["DestinationArn"])
    assert prod.template["Resources"][log_group]["Type"] == "AWS::Logs::LogGroup"
    log_format = json.loads(api["AccessLogSetting"]["Format"])
    assert "$context.requestId" in log_format.values()
    assert not any("sourceIp" in v or "userAgent" in v for v in log_format.values())
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED"):
        response = api["GatewayResponses"][kind]
        assert response["ResponseParameters"]["Headers"]["Content-Type"] == \
            "'application/problem+json'"
    assert api["GatewayResponses"]["THROTTLED"]["StatusCode"] == "429"
    account = next(iter(prod.resources("AWS::ApiGateway::Account")))
    assert account in prod.template["Resources"]["RestAPI"]["DependsOn"]


def test_rest_api_sends_preflight_to_the_api_function_on_every_path(prod):
    paths = prod.template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    assert "/health" in paths
    for path, methods in paths.items():
        options = methods["options"]["x-amazon-apigateway-integration"]
        assert options["type"] == "aws_proxy", path
        assert "${APIHandler.Arn}" in options["uri"]["Fn::Sub"]


def _url_permissions(synth) -> list[dict[str, Any]]:
    return [p["Properties"] for p in synth.resources("AWS::Lambda::Permission").values()
            if p["Properties"].get("FunctionUrlAuthType") or
            p["Properties"].get("InvokedViaFunctionUrl")]


def test_there_is_no_unthrottled_front_door_by_default(prod):
    assert DEFAULTS["prod"]["function_url"] == DEFAULTS["dev"]["function_url"] == "false"
    assert not prod.resources("AWS::Lambda::Url")
    assert not _url_permissions(prod)
    assert "FunctionUrl" not in prod.template["Outputs"]
    # Every request reaches the API function through API Gateway's throttling.
    assert prod.template["Resources"]["RestAPI"]["Properties"]["MethodSettings"][0][
        "ThrottlingRateLimit"] == DEFAULTS["prod"]["throttle_rate"]


def test_a_function_url_when_asked_for_is_capped_by_reserved_concurrency(dev):
    url_id, url = next(iter(dev.resources("AWS::Lambda::Url").items()))
    assert _ref(url["Properties"]["TargetFunctionArn"]) == "APIHandler"
    assert url["Properties"]["AuthType"] == "NONE"
    assert "Cors" not in url["Properties"]  # the function answers CORS (test_function_url)
    assert dev.template["Outputs"]["FunctionUrl"]["Value"] == {
        "Fn::GetAtt": [url_id, "FunctionUrl"]}
    assert {p["Action"] for p in _url_permissions(dev)} == {"lambda:InvokeFunctionUrl",
                                                            "lambda:InvokeFunction"}
    api = _functions(dev)["APIHandler"]["Properties"]
    assert api["ReservedConcurrentExecutions"] == int(CONTEXT["dev"]["api_concurrency"])
    assert api["Handler"] == "chalicelib.platform.http.function_url.handler"


def test_every_function_url_anywhere_targets_a_capped_function(prod, dev):
    for synth in (prod, dev):
        for url in synth.resources("AWS::Lambda::Url").values():
            target = _ref(url["Properties"]["TargetFunctionArn"])
            props = synth.template["Resources"][target]["Properties"]
            assert props.get("ReservedConcurrentExecutions", 0) >= 1, target


def test_the_privacy_register_states_what_logs_are_kept_and_for_how_long():
    from pathlib import Path

    register = (Path(__file__).resolve().parents[2] / "docs" / "privacy.md").read_text()
    rows = [line for line in register.splitlines() if line.startswith("| ")]
    service = next(r for r in rows if r.startswith("| Service logs"))
    for stage in ("dev", "prod"):
        assert f"{DEFAULTS[stage]['log_retention_days']} days ({stage})" in service
    access_logs = next(r for r in rows if r.startswith("| S3 server access logs"))
    assert "not kept" in access_logs and "CloudFront" in access_logs


def test_no_bucket_or_distribution_keeps_access_logs(prod, dev):
    """Server and CDN access logs hold IP addresses and keys naming people, which erasure
    cannot remove: none is kept (docs/privacy.md, Logs)."""
    for synth in (prod, dev):
        assert len(synth.resources("AWS::S3::Bucket")) == 2  # media and web, no log bucket
        for bucket in synth.resources("AWS::S3::Bucket").values():
            assert "LoggingConfiguration" not in bucket["Properties"]
        for distribution in synth.resources("AWS::CloudFront::Distribution").values():
            assert "Logging" not in distribution["Properties"]["DistributionConfig"]
        assert not synth.resources("AWS::CloudFront::RealtimeLogConfig")


# -- alarms ---------------------------------------------------------------------------------

def test_alarms_watch_dead_letters_api_errors_and_every_function(prod):
    topic_id = next(iter(prod.resources("AWS::SNS::Topic")))
    alarms = list(prod.resources("AWS::CloudWatch::Alarm").values())
    for alarm in alarms:
        assert [_ref(a) for a in alarm["Properties"]["AlarmActions"]] == [topic_id]

    def watched(metric: str) -> list[Any]:
        return [d["Value"] for a in alarms if a["Properties"]["MetricName"] == metric
                for d in a["Properties"]["Dimensions"]]

    dlqs = {k for k, r in prod.resources("AWS::SQS::Queue").items()
            if r["Properties"]["QueueName"].endswith("-dlq")}
    assert {_ref(v) for v in watched("ApproximateNumberOfMessagesVisible")} == dlqs
    assert "agora-prod" in watched("5XXError")
    for metric in ("Errors", "Throttles"):
        assert {_ref(v) for v in watched(metric)} == set(_functions(prod))


# -- stages ---------------------------------------------------------------------------------

NAMED = {"AWS::DynamoDB::Table": "TableName", "AWS::SQS::Queue": "QueueName",
         "AWS::SecretsManager::Secret": "Name", "AWS::Logs::LogGroup": "LogGroupName",
         "AWS::SNS::Topic": "TopicName", "AWS::CloudWatch::Alarm": "AlarmName",
         "AWS::SES::ConfigurationSet": "Name", "AWS::S3::Bucket": "BucketName",
         "AWS::SES::EmailIdentity": "EmailIdentity"}


def _names(synth) -> set[str]:
    names = set()
    for kind, prop in NAMED.items():
        for resource in synth.resources(kind).values():
            value = resource["Properties"].get(prop)
            if value is not None:
                names.add(json.dumps(value, sort_keys=True))
    names.add(synth.template["Resources"]["RestAPI"]["Properties"]["Name"])
    return names


def test_dev_and_prod_names_cannot_collide(prod, dev):
    prod_names, dev_names = _names(prod), _names(dev)
    assert len(prod_names) > 20
    assert not prod_names & dev_names


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_cfn_lint_passes(synthesised, stage):
    from cfnlint.api import ManualArgs, lint

    matches = lint(synthesised[stage].template_path.read_text(),
                   config=ManualArgs(regions=["eu-west-1", "us-east-1"]))
    # Errors and warnings, as the cfn-lint command reports by default (not informational).
    assert [str(m) for m in matches if m.rule.id[0] in "EW"] == []


# -- cdk-nag --------------------------------------------------------------------------------

def test_every_nag_acknowledgement_carries_a_reason(prod, dev):
    for synth in (prod, dev):
        acks = [e["data"] for entries in synth.metadata.values() for e in entries
                if e["type"] == "aws:cdk:acknowledged-rules"]
        nag = {k: v for data in acks for k, v in data.items() if "AwsSolutions-" in k}
        assert nag, "no AwsSolutions acknowledgement recorded: did cdk-nag run?"
        for rule, reason in nag.items():
            assert len(reason.split()) >= 8, f"{rule}: reason too thin: {reason!r}"
