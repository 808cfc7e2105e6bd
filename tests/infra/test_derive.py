"""Reading what to create from the code and from Chalice's SAM template; stage settings; the
cdk-nag wiring."""

from __future__ import annotations

import json

import pytest

from infra import access, derive
from infra.settings import resolve


def _sam(events: dict, handler: str = "chalicelib.privacy.retention_handlers.purge") -> dict:
    return {"Resources": {
        "APIHandler": {"Type": "AWS::Serverless::Function",
                       "Properties": {"Handler": "app.app", "Timeout": 60}},
        "Purge": {"Type": "AWS::Serverless::Function",
                  "Properties": {"Handler": handler, "Timeout": 120, "Events": events}},
        "RestAPI": {"Type": "AWS::Serverless::Api", "Properties": {
            "DefinitionBody": {"paths": {"/b": {}, "/a/{id}": {}}}}},
    }}


def test_functions_read_schedules_and_queue_subscriptions():
    sam = _sam({
        "PurgeEvent": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 hour)"}},
        "PurgeSqs": {"Type": "SQS", "Properties": {"Queue": {"Fn::Sub": (
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:agora-prod-erasure")},
            "BatchSize": 10}},
    })
    functions = {f.logical_id: f for f in derive.functions(sam, "prod")}
    assert functions["APIHandler"].serves_api and functions["APIHandler"].name == "api_handler"
    purge = functions["Purge"]
    assert (purge.name, purge.timeout) == ("purge", 120)
    assert purge.schedules == ("rate(1 hour)",)
    assert purge.queues == ("erasure",) and purge.sqs_events == ("PurgeSqs",)
    assert derive.api_paths(sam) == ["/a/{id}", "/b"]


def test_a_handler_on_a_queue_the_code_does_not_declare_stops_the_synth():
    sam = _sam({"S": {"Type": "SQS", "Properties": {
        "Queue": "arn:aws:sqs:eu-west-1:1:agora-prod-nowhere"}}})
    with pytest.raises(RuntimeError, match="not one of the queues"):
        derive.functions(sam, "prod")
    sam = _sam({"S": {"Type": "SQS", "Properties": {
        "Queue": "arn:aws:sqs:eu-west-1:1:agora-dev-uploads"}}})
    with pytest.raises(RuntimeError, match="not one of the queues"):
        derive.functions(sam, "prod")  # another stage's queue


def test_an_event_type_the_stack_does_not_wire_stops_the_synth():
    with pytest.raises(RuntimeError, match="not handled"):
        derive.functions(_sam({"S3": {"Type": "S3", "Properties": {}}}), "prod")


def test_tables_refuse_names_of_another_stage():
    with pytest.raises(RuntimeError, match="AGORA_STAGE"):
        derive.tables("prod")  # this process imported chalicelib as the test stage


def test_a_function_without_a_profile_gets_the_default_and_never_a_wildcard():
    assert access.profile("some_future_handler") is access.DEFAULT
    assert access.profile("check_uploads") is not access.DEFAULT
    every = (access.TABLE_ACTIONS + access.INDEX_ACTIONS + access.SCAN_ACTIONS
             + access.SEND_ACTIONS + access.CONSUME_ACTIONS + access.MAIL_ACTIONS
             + access.SECRET_ACTIONS + access.LOG_ACTIONS
             + tuple(a for v in access.OBJECT_ACTIONS.values() for a in v))
    assert all("*" not in action for action in every)


def test_settings_come_from_the_stage_and_the_context():
    prod = resolve({"stage": "prod", "extra_origins": "https://a.example, https://b.example/"})
    assert prod.prod and prod.stack_name == "agora-prod" and prod.secret_name == "agora/prod/app"
    assert prod.extra_origins == ("https://a.example", "https://b.example")
    assert resolve({"stage": "prod"}).extra_origins == ()
    assert prod.mail_domain == "agora.example.org"
    assert resolve({}).stage == "dev"
    assert resolve({"stage": "dev", "throttle_rate": "7"}).throttle_rate == 7


@pytest.mark.parametrize("context,field", [
    ({"stage": "staging"}, "unknown stage"),
    ({"extra_origins": "*"}, "extra_origins"),
    ({"frontend_origins": "https://a.example"}, "no longer a setting"),
    ({"web_domain": "a.example"}, "web_certificate_arn"),
    ({"mail_from": "nobody"}, "mail_from"),
    ({"log_retention_days": "10"}, "log_retention_days"),
])
def test_bad_settings_are_refused_by_name(context, field):
    with pytest.raises(ValueError, match=field):
        resolve(context)


def test_the_nag_checks_fail_a_synth_on_an_unacknowledged_finding(tmp_path):
    import aws_cdk as cdk
    from aws_cdk import aws_sns as sns

    from infra.app import add_checks

    def synth(acknowledge: bool, outdir: str) -> None:
        app = cdk.App(outdir=outdir)
        stack = cdk.Stack(app, "NagProbe")
        topic = sns.Topic(stack, "Plain")  # no TLS-only policy, no KMS key
        if acknowledge:
            for rule in ("AwsSolutions-SNS2", "AwsSolutions-SNS3"):
                cdk.Validations.of(topic).acknowledge(
                    cdk.Acknowledgment(id=rule, reason="a probe for the test"))
        add_checks(app)
        app.synth()

    with pytest.raises(RuntimeError, match="AwsSolutions-SNS3"):
        synth(False, str(tmp_path / "bad"))
    report = json.loads((tmp_path / "bad" / "validation-report.json").read_text())
    assert "AwsSolutions-SNS3" in json.dumps(report)
    synth(True, str(tmp_path / "good"))
