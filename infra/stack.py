"""The Agora stack: one per stage (`agora-dev`, `agora-prod`).

Chalice's CDK construct packages the app (`chalice package`) and includes the SAM template it
generates (functions, REST API, SQS subscriptions, schedules). Around it, this stack creates
what the code needs, read from the code (`infra.derive`): tables, queues, the media bucket,
the secret, SES, one IAM role per function (`infra.access`), logs and alarms; and the web app
behind CloudFront (`infra.web`), whose address the functions get as the frontend's.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from aws_cdk import (
    CfnOutput,
    CfnResource,
    CustomResource,
    Duration,
    Fn,
    RemovalPolicy,
    Stack,
)
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_dynamodb as ddb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_secretsmanager as sm
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subs
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra import access, derive, web
from infra.checks import ack as _ack
from infra.checks import lint_ignore as _lint_ignore
from infra.settings import StageSettings

ROOT = Path(__file__).resolve().parent.parent
API_STAGE = "api"            # Chalice's api_gateway_stage (.chalice/config.json)
FUNCTION_TIMEOUT = 60        # seconds, queue and schedule handlers
API_TIMEOUT = 29             # API Gateway gives up after 29 s
VISIBILITY_FACTOR = 6        # AWS: a queue's visibility timeout >= 6 x its consumer's timeout
DLQ_MAX_RECEIVES = 5
SCALAR = {"S": ddb.AttributeType.STRING, "N": ddb.AttributeType.NUMBER,
          "B": ddb.AttributeType.BINARY}
ACCESS_LOG_FORMAT = {  # no IP address, user agent or path values: ids and numbers only
    "requestId": "$context.requestId", "requestTime": "$context.requestTimeEpoch",
    "httpMethod": "$context.httpMethod", "resourcePath": "$context.resourcePath",
    "status": "$context.status", "responseLength": "$context.responseLength",
    "integrationLatency": "$context.integrationLatency",
    "responseLatency": "$context.responseLatency",
    "errorType": "$context.error.responseType",
}
# Secret keys split off an older key that did their job before (infra/secret_filler.py): on a
# stage deployed before the split they start with that key's value, so nothing changes there.
SPLIT_KEYS = {"access_code_key": "link_signing_key", "throttle_key": "link_signing_key"}


class AgoraStack(Stack):
    def __init__(self, scope: Construct, settings: StageSettings, **kwargs: Any) -> None:
        super().__init__(scope, settings.stage, stack_name=settings.stack_name,
                         description=f"Agora citizen participation platform ({settings.stage})",
                         **kwargs)
        self.settings = settings
        self.removal = RemovalPolicy.RETAIN if settings.prod else RemovalPolicy.DESTROY
        self.tables = self._tables()
        self.log_groups: dict[str, logs.LogGroup] = {}
        # The media bucket's name, known before the bucket: the web app's CSP names it, and
        # the bucket's CORS names the web app.
        self.media_bucket_name = Fn.join("-", [f"agora-{settings.stage}-media", self.account,
                                               self.region])
        self.web = web.Web(self, settings, media_bucket_name=self.media_bucket_name,
                           region=self.region, removal=self.removal,
                           log_group=self._log_group("WebDeployment")
                           if web.build_dir(settings) else None)
        self.frontend_url = self.web.url
        self.frontend_origins = [self.web.origin, *settings.extra_origins]
        self.bucket = self._bucket()
        self.secret = self._secret()
        self.mail_identity, self.mail_config = self._mail()
        self.api_role = iam.Role(self, "APIHandlerRole", description="Agora API function",
                                 assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        self.chalice = self._chalice()
        # The SAM template `chalice package` wrote (the construct keeps only its path).
        self.sam = json.loads((Path(self.chalice._sam_package_dir) / "sam.json").read_text())
        self.functions = derive.functions(self.sam, settings.stage)
        self.queues, self.dlqs = self._queues()
        self._uploads_notifications()
        for function in self.functions:
            self._wire_function(function)
        self.access_logs = self._rest_api()
        self.function_url = self._function_url()
        self.alarm_topic = self._alarms()
        self._outputs()

    # -- data ---------------------------------------------------------------------------

    def _tables(self) -> dict[str, ddb.Table]:
        tables = {}
        for spec in derive.tables(self.settings.stage):
            table = ddb.Table(
                self, f"Table-{spec.short}", table_name=spec.name,
                partition_key=ddb.Attribute(name=spec.partition_key[0],
                                            type=SCALAR[spec.partition_key[1]]),
                sort_key=(ddb.Attribute(name=spec.sort_key[0], type=SCALAR[spec.sort_key[1]])
                          if spec.sort_key else None),
                billing_mode=ddb.BillingMode.PAY_PER_REQUEST,
                encryption=ddb.TableEncryption.AWS_MANAGED,
                point_in_time_recovery_specification=ddb.PointInTimeRecoverySpecification(
                    point_in_time_recovery_enabled=True),
                time_to_live_attribute=spec.ttl_attribute,
                deletion_protection=self.settings.prod,
                removal_policy=self.removal,
            )
            for index in spec.indexes:
                projection = index["projection"]
                kind = projection["ProjectionType"]
                table.add_global_secondary_index(
                    index_name=index["name"],
                    partition_key=ddb.Attribute(name=index["partition_key"][0],
                                                type=SCALAR[index["partition_key"][1]]),
                    sort_key=(ddb.Attribute(name=index["sort_key"][0],
                                            type=SCALAR[index["sort_key"][1]])
                              if index["sort_key"] else None),
                    projection_type=ddb.ProjectionType(kind),
                    non_key_attributes=projection.get("NonKeyAttributes") if kind == "INCLUDE"
                    else None,
                )
            table.node.add_metadata("agora:indexes", [i["name"] for i in spec.indexes])
            tables[spec.short] = table
        self.table_specs = {spec.short: spec for spec in derive.tables(self.settings.stage)}
        return tables

    def _bucket(self) -> s3.Bucket:
        bucket = s3.Bucket(
            self, "Media", bucket_name=self.media_bucket_name,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            cors=[s3.CorsRule(allowed_methods=[s3.HttpMethods.POST, s3.HttpMethods.GET,
                                               s3.HttpMethods.HEAD],
                              allowed_origins=self.frontend_origins,
                              allowed_headers=["*"], max_age=3000)],
            lifecycle_rules=[
                s3.LifecycleRule(id="expire-exports", prefix="exports/",
                                 expiration=Duration.days(7)),
                s3.LifecycleRule(id="abort-incomplete-uploads",
                                 abort_incomplete_multipart_upload_after=Duration.days(1)),
            ],
            removal_policy=self.removal,
        )
        _ack(bucket, "AwsSolutions-S1",
             "No server access logs: each line holds the requester's IP address and an object "
             "key naming a person (avatar/<user id>/...), which account erasure cannot remove "
             "from a log; the platform keeps no logs with personal data (docs/privacy.md).")
        return bucket

    def _secret(self) -> sm.Secret:
        s = self.settings
        keys = derive.secret_keys()
        secret = sm.Secret(
            self, "AppSecret", secret_name=s.secret_name,
            description="Agora application keys (infra/README.md, Rotating the secrets)",
            generate_secret_string=sm.SecretStringGenerator(
                secret_string_template=json.dumps({k: "" for k in keys[1:]}),
                generate_string_key=keys[0], password_length=64, exclude_punctuation=True),
            removal_policy=self.removal,
        )
        _ack(secret, "AwsSolutions-SMG4",
             "Rotation is an operator procedure, one key at a time (infra/README.md): a new "
             "password pepper makes every password unusable until reset and a new access-code "
             "key voids every private community's code, so it cannot run on a schedule.")
        self._secret_filler(secret, keys)
        return secret

    def _secret_filler(self, secret: sm.Secret, keys: tuple[str, ...]) -> None:
        """GenerateSecretString fills one key; this custom resource gives every other key of
        SECRET_KEYS a random value once, and any key added to the code later."""
        log_group = self._log_group("SecretFiller")
        role = iam.Role(
            self, "SecretFillerRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            inline_policies={"fill": iam.PolicyDocument(statements=[
                iam.PolicyStatement(actions=["secretsmanager:GetSecretValue",
                                             "secretsmanager:PutSecretValue"],
                                    resources=[secret.secret_arn]),
                iam.PolicyStatement(actions=list(access.LOG_ACTIONS),
                                    resources=[f"{log_group.log_group_arn}"]),
            ])})
        _ack(role, f"AwsSolutions-IAM5[Resource::<{self._logical(log_group)}.Arn>]",
             "Log streams are created per invocation; the wildcard covers the streams of "
             "this function's own log group only.")
        function = lambda_.Function(
            self, "SecretFiller", runtime=lambda_.Runtime.PYTHON_3_14,
            handler="index.handler", role=role, timeout=Duration.seconds(60),
            code=lambda_.Code.from_inline((Path(__file__).parent / "secret_filler.py")
                                          .read_text()),
            log_group=log_group, description="Fills the Agora app secret's missing keys")
        _lint_ignore(function, "W3005", "CDK adds DependsOn on the role it also references")
        CustomResource(self, "AppSecretKeys", service_token=function.function_arn,
                       resource_type="Custom::AgoraSecretKeys",
                       properties={"SecretId": secret.secret_arn, "Keys": list(keys),
                                   "Seeds": {k: v for k, v in SPLIT_KEYS.items() if k in keys}})

    def _mail(self) -> tuple[ses.EmailIdentity, ses.ConfigurationSet]:
        s = self.settings
        config = ses.ConfigurationSet(
            self, "MailConfig", configuration_set_name=f"agora-{s.stage}",
            reputation_metrics=True, sending_enabled=True,
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS)
        identity = ses.EmailIdentity(self, "MailIdentity",
                                     identity=ses.Identity.domain(s.mail_domain),
                                     configuration_set=config)
        return identity, config

    # -- queues -------------------------------------------------------------------------

    def _queues(self) -> tuple[dict[str, sqs.Queue], dict[str, sqs.Queue]]:
        s = self.settings
        queues, dlqs = {}, {}
        for name in derive.queues():
            consumers = [f.timeout for f in self.functions if name in f.queues]
            visibility = VISIBILITY_FACTOR * max(consumers or [FUNCTION_TIMEOUT])
            dlq = sqs.Queue(self, f"Queue-{name}-dlq", queue_name=f"{s.prefix}{name}-dlq",
                            encryption=sqs.QueueEncryption.SQS_MANAGED, enforce_ssl=True,
                            retention_period=Duration.days(14),
                            removal_policy=RemovalPolicy.DESTROY)
            queue = sqs.Queue(self, f"Queue-{name}", queue_name=f"{s.prefix}{name}",
                              encryption=sqs.QueueEncryption.SQS_MANAGED, enforce_ssl=True,
                              visibility_timeout=Duration.seconds(visibility),
                              retention_period=Duration.days(4),
                              dead_letter_queue=sqs.DeadLetterQueue(
                                  max_receive_count=DLQ_MAX_RECEIVES, queue=dlq),
                              removal_policy=RemovalPolicy.DESTROY)
            # The SAM event source mappings name the queues: create them first.
            self.chalice.node.add_dependency(queue)
            queues[name], dlqs[name] = queue, dlq
        return queues, dlqs

    def _uploads_notifications(self) -> None:
        from chalicelib.platform.aws.queues import UPLOADS

        for prefix in derive.upload_prefixes():
            self.bucket.add_event_notification(
                s3.EventType.OBJECT_CREATED, s3n.SqsDestination(self.queues[UPLOADS]),
                s3.NotificationKeyFilter(prefix=prefix))
        notifications = self.bucket.node.try_find_child("Notifications")
        if notifications is not None:
            # CDK makes its notification resource depend on the queue policy and the queue
            # it already references; cfn-lint calls the second one redundant (W3005).
            _lint_ignore(notifications, "W3005", "CDK's DependsOn on a queue it references")
        handler = self.node.try_find_child(
            "BucketNotificationsHandler050a0587b7544547bf325f094a3db834")
        if handler is not None:
            _lint_ignore(handler, "W3005", "CDK adds DependsOn on the role it also references")
            _ack(handler, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/"
                 "service-role/AWSLambdaBasicExecutionRole]",
                 "CDK's own bucket-notification handler (a deploy-time custom resource), "
                 "not an application function; CDK defines its role.")
            _ack(handler, "AwsSolutions-IAM5[Resource::*]",
                 "CDK's bucket-notification handler must call PutBucketNotification; CDK "
                 "scopes nothing narrower for it.")

    # -- functions ----------------------------------------------------------------------

    def _environment(self) -> dict[str, str]:
        s = self.settings
        sso = ({"AGORA_SSO_FACEBOOK_CLIENT_ID": s.sso_facebook_client_id}
               if s.sso_facebook_client_id else {})
        return {
            **sso,
            "AGORA_STAGE": s.stage,
            "AGORA_MAIL_TRANSPORT": "ses",
            "AGORA_BUCKET": self.bucket.bucket_name,
            "AGORA_SECRET_ID": s.secret_name,     # the name, never the value
            "AGORA_MAIL_FROM": s.mail_from,
            "AGORA_FRONTEND_URL": self.frontend_url,
            "AGORA_FRONTEND_ORIGINS": ",".join(self.frontend_origins),
            "AGORA_API_URL": s.api_url,
            "AGORA_ANALYTICS_K": str(s.analytics_k),
        }

    def _chalice(self) -> Construct:
        from chalice.cdk import Chalice

        from local.bytecode import compile_tree
        from local.vendor import ensure_vendor

        ensure_vendor()  # PynamoDB without botocore, which the Lambda runtime provides
        compile_tree()  # the package's bytecode, so that a cold start compiles nothing

        return Chalice(self, "Agora", source_dir=str(ROOT), stage_config={
            "api_gateway_stage": API_STAGE,
            "manage_iam_role": False,
            # Every function's role is replaced by its own below; the API's is the default.
            "iam_role_arn": self.api_role.role_arn,
            "autogen_policy": False,
            "lambda_timeout": FUNCTION_TIMEOUT,
            "lambda_memory_size": self.settings.lambda_memory,
            "environment_variables": self._environment(),
        })

    def _log_group(self, name: str) -> logs.LogGroup:
        group = logs.LogGroup(self, f"Logs-{name}",
                              log_group_name=f"/agora/{self.settings.stage}/{name}",
                              removal_policy=RemovalPolicy.DESTROY)
        group.node.default_child.add_property_override(  # type: ignore[union-attr]
            "RetentionInDays", self.settings.log_retention_days)
        return group

    def _logical(self, construct: Construct) -> str:
        child = construct.node.default_child
        return self.get_logical_id(child)  # type: ignore[arg-type]

    def _wire_function(self, function: derive.FunctionSpec) -> None:
        cfn = self.chalice.get_resource(function.logical_id)  # type: ignore[attr-defined]
        log_group = self._log_group(function.logical_id)
        self.log_groups[function.logical_id] = log_group
        statements = self._statements(function, log_group)
        if function.serves_api:
            role = self.api_role
            policy = iam.Policy(self, "APIHandlerPolicy", roles=[role],
                                document=iam.PolicyDocument(statements=statements))
            cfn.add_resource_dependency(policy.node.default_child)
            cfn.add_property_override("Timeout", API_TIMEOUT)
            # One function, two front doors: REST events go to Chalice, function URL
            # events are adapted first.
            cfn.add_property_override("Handler", "chalicelib.platform.http.function_url.handler")
            if self.settings.api_concurrency:
                # A ceiling for both front doors; with the function URL it is the only one.
                cfn.add_property_override("ReservedConcurrentExecutions",
                                          self.settings.api_concurrency)
            ack_scope: Construct = policy
        else:
            role = iam.Role(self, f"{function.logical_id}Role",
                            description=f"Agora function {function.name}",
                            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                            inline_policies={"access": iam.PolicyDocument(
                                statements=statements)})
            ack_scope = role
        cfn.add_property_override("Role", role.role_arn)
        cfn.add_property_override("LoggingConfig", {"LogGroup": log_group.log_group_name,
                                                    "LogFormat": "Text"})
        for event_id in function.sqs_events:
            cfn.add_property_override(
                f"Events.{event_id}.Properties.FunctionResponseTypes",
                ["ReportBatchItemFailures"])
        self._acknowledge_scoped_wildcards(ack_scope, function, log_group)

    def _statements(self, function: derive.FunctionSpec,
                    log_group: logs.LogGroup) -> list[iam.PolicyStatement]:
        grant = access.profile(function.name)
        out = [iam.PolicyStatement(actions=list(access.LOG_ACTIONS),
                                   resources=[log_group.log_group_arn])]
        if grant.tables:
            out.append(iam.PolicyStatement(
                actions=list(access.TABLE_ACTIONS),
                resources=[t.table_arn for t in self.tables.values()]))
            index_arns = [f"{self.tables[short].table_arn}/index/{index['name']}"
                          for short, spec in self.table_specs.items() for index in spec.indexes]
            if index_arns:
                out.append(iam.PolicyStatement(actions=list(access.INDEX_ACTIONS),
                                               resources=index_arns))
        if grant.scan:
            out.append(iam.PolicyStatement(
                actions=list(access.SCAN_ACTIONS),
                resources=[t.table_arn for t in self.tables.values()]))
        object_actions = sorted(a for kind in grant.bucket
                                for a in access.OBJECT_ACTIONS.get(kind, ()))
        if object_actions:
            out.append(iam.PolicyStatement(actions=object_actions,
                                           resources=[self.bucket.arn_for_objects("*")]))
        bucket_actions = sorted(a for kind in grant.bucket
                                for a in access.BUCKET_ACTIONS.get(kind, ()))
        if bucket_actions:
            out.append(iam.PolicyStatement(actions=bucket_actions,
                                           resources=[self.bucket.bucket_arn]))
        sends = list(self.queues) if grant.publishes == access.ALL else list(grant.publishes)
        if sends:
            out.append(iam.PolicyStatement(actions=list(access.SEND_ACTIONS),
                                           resources=[self.queues[q].queue_arn for q in sends]))
        if function.queues:
            out.append(iam.PolicyStatement(
                actions=list(access.CONSUME_ACTIONS),
                resources=[self.queues[q].queue_arn for q in function.queues]))
        if grant.mail:
            out.append(iam.PolicyStatement(actions=list(access.MAIL_ACTIONS), resources=[
                self.format_arn(service="ses", resource="identity",
                                resource_name=self.settings.mail_domain),
                self.format_arn(service="ses", resource="configuration-set",
                                resource_name=self.mail_config.configuration_set_name)]))
        if grant.secret:
            out.append(iam.PolicyStatement(actions=list(access.SECRET_ACTIONS),
                                           resources=[self.secret.secret_arn]))
        return out

    def _acknowledge_scoped_wildcards(self, scope: Construct, function: derive.FunctionSpec,
                                      log_group: logs.LogGroup) -> None:
        _ack(scope, f"AwsSolutions-IAM5[Resource::<{self._logical(log_group)}.Arn>]",
             "Log streams are created per invocation; the wildcard covers the streams of "
             "this function's own log group only.")
        if access.profile(function.name).bucket & set(access.OBJECT_ACTIONS):
            _ack(scope, f"AwsSolutions-IAM5[Resource::<{self._logical(self.bucket)}.Arn>/*]",
                 "Object keys are created at run time (<kind>/<owner>/<id>); the wildcard "
                 "covers the objects of the platform's own media bucket only.")

    # -- HTTP ---------------------------------------------------------------------------

    def _rest_api(self) -> logs.LogGroup | None:
        if "RestAPI" not in self.sam["Resources"]:
            return None
        s = self.settings
        api = self.chalice.get_resource("RestAPI")  # type: ignore[attr-defined]
        access_logs = self._log_group("api-access")
        api.add_property_override("Name", f"agora-{s.stage}")
        api.add_property_override("AccessLogSetting", {
            "DestinationArn": access_logs.log_group_arn,
            "Format": json.dumps(ACCESS_LOG_FORMAT, separators=(",", ":"))})
        api.add_property_override("MethodSettings", [{
            "ResourcePath": "/*", "HttpMethod": "*",
            "ThrottlingRateLimit": s.throttle_rate, "ThrottlingBurstLimit": s.throttle_burst,
            "MetricsEnabled": True, "DataTraceEnabled": False, "LoggingLevel": "ERROR"}])
        api.add_property_override("GatewayResponses", self._gateway_responses())
        for path in derive.api_paths(self.sam):
            escaped = path.replace(".", "\\.")
            api.add_property_override(f"DefinitionBody.paths.{escaped}.options",
                                      self._preflight(path))
        if s.manage_apigateway_account:
            self._apigateway_account(api)
        return access_logs

    def _gateway_responses(self) -> dict[str, Any]:
        """API Gateway's own errors (throttled, unknown path, too large...) in the same
        problem+json form as the app's."""
        base = derive.problem_type_base()

        def problem(code: str, title: str, status: int | None) -> dict[str, Any]:
            body = {"type": base + code, "title": title, "code": code,
                    "detail": "$context.error.message",
                    "request_id": "$context.requestId"}
            if status:
                body["status"] = status
            template = json.dumps(body).replace('"$context.error.message"',
                                                "$context.error.messageString")
            answer: dict[str, Any] = {
                "ResponseParameters": {"Headers": {
                    "Content-Type": "'application/problem+json'",
                    "X-Robots-Tag": "'noindex, nofollow'"}},
                "ResponseTemplates": {"application/json": template,
                                      "application/problem+json": template},
            }
            if status:
                answer["StatusCode"] = str(status)
            return answer

        return {
            "DEFAULT_4XX": problem("bad_request", "Bad request", None),
            "DEFAULT_5XX": problem("gateway_error", "The service is unavailable", None),
            "MISSING_AUTHENTICATION_TOKEN": problem("not_found", "Not found", 404),
            "THROTTLED": problem("too_many_requests", "Too many requests", 429),
            "REQUEST_TOO_LARGE": problem("payload_too_large", "Request too large", 413),
            "INTEGRATION_TIMEOUT": problem("timeout", "The request took too long", 504),
        }

    def _preflight(self, path: str) -> dict[str, Any]:
        """CORS preflight (OPTIONS) goes to the API function like every other method: the
        function answers it for the configured origins only (platform/http/function_url.py),
        the same code for the REST API and the function URL."""
        methods = self.sam["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"][path]
        integration = next(m["x-amazon-apigateway-integration"] for m in methods.values()
                           if isinstance(m, dict) and "x-amazon-apigateway-integration" in m)
        return {"consumes": ["application/json"], "produces": ["application/json"],
                "responses": {"204": {"description": "CORS preflight"}},
                "x-amazon-apigateway-integration": {**integration, "responses": {
                    "default": {"statusCode": "204"}}}}

    def _apigateway_account(self, api: CfnResource) -> None:
        """API Gateway writes access logs through one role per account and region."""
        role = iam.Role(
            self, "ApiGatewayLogsRole",
            assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
            inline_policies={"logs": iam.PolicyDocument(statements=[iam.PolicyStatement(
                actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups",
                         "logs:DescribeLogStreams", "logs:PutLogEvents", "logs:GetLogEvents",
                         "logs:FilterLogEvents"],
                resources=[self.format_arn(service="logs", resource="log-group",
                                           resource_name="*",
                                           arn_format=_colon())])])})
        role.apply_removal_policy(RemovalPolicy.RETAIN)  # the account setting outlives us
        _ack(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:"
             "<AWS::AccountId>:log-group:*]",
             "API Gateway's account-wide logging role writes the execution logs of every API "
             "in this account and region, whose log group names it chooses.")
        account = apigw.CfnAccount(self, "ApiGatewayAccount",
                                   cloud_watch_role_arn=role.role_arn)
        account.apply_removal_policy(RemovalPolicy.RETAIN)
        api.add_resource_dependency(account)

    def _function_url(self) -> lambda_.CfnUrl | None:
        """Off unless `function_url` is set (infra/README.md, "The function URL"): it has none
        of API Gateway's throttling and no WAF can sit in front of it, so when it is on the
        API function's reserved concurrency (`api_concurrency`, required) caps it."""
        api = next((f for f in self.functions if f.serves_api), None)
        if api is None or not self.settings.function_url:
            return None
        arn = Fn.get_att(api.logical_id, "Arn").to_string()
        # No Cors block: the function answers CORS itself for the configured origins
        # (AGORA_FRONTEND_ORIGINS), preflight included, exactly as behind API Gateway.
        url = lambda_.CfnUrl(self, "APIFunctionUrl", target_function_arn=arn,
                             auth_type="NONE", invoke_mode="BUFFERED")
        # Public URL: the app authenticates each request itself (bearer tokens).
        lambda_.CfnPermission(self, "APIFunctionUrlInvokeUrl", action="lambda:InvokeFunctionUrl",
                              function_name=arn, principal="*", function_url_auth_type="NONE")
        lambda_.CfnPermission(self, "APIFunctionUrlInvoke", action="lambda:InvokeFunction",
                              function_name=arn, principal="*", invoked_via_function_url=True)
        return url

    # -- alarms and outputs -------------------------------------------------------------

    def _alarms(self) -> sns.Topic:
        s = self.settings
        topic = sns.Topic(self, "Alarms", topic_name=f"agora-{s.stage}-alarms",
                          display_name=f"Agora {s.stage} alarms", enforce_ssl=True)
        _ack(topic, "AwsSolutions-SNS2",
             "Alarm notifications carry alarm names and metric values only, no personal data; "
             "CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a "
             "customer key would cost more than the stage at rest.")
        if s.alarm_email:
            topic.add_subscription(subs.EmailSubscription(s.alarm_email))
        action = cw_actions.SnsAction(topic)
        five = Duration.minutes(5)
        for name, dlq in self.dlqs.items():
            alarm = dlq.metric_approximate_number_of_messages_visible(
                period=five, statistic="Maximum").create_alarm(
                self, f"Alarm-dlq-{name}", alarm_name=f"agora-{s.stage}-dlq-{name}",
                alarm_description=f"Messages of the {name} queue failed 5 times",
                threshold=0, evaluation_periods=1,
                comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
                treat_missing_data=cw.TreatMissingData.NOT_BREACHING)
            alarm.add_alarm_action(action)
        if "RestAPI" in self.sam["Resources"]:
            rate = cw.Metric(namespace="AWS/ApiGateway", metric_name="5XXError",
                             dimensions_map={"ApiName": f"agora-{s.stage}", "Stage": API_STAGE},
                             statistic="Average", period=five)
            alarm = rate.create_alarm(
                self, "Alarm-api-5xx", alarm_name=f"agora-{s.stage}-api-5xx-rate",
                alarm_description=f"More than {s.api_5xx_rate:.0%} of API requests answer 5xx",
                threshold=s.api_5xx_rate, evaluation_periods=3, datapoints_to_alarm=2,
                comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
                treat_missing_data=cw.TreatMissingData.NOT_BREACHING)
            alarm.add_alarm_action(action)
        for function in self.functions:
            name_ref = Fn.ref(function.logical_id)
            for metric in ("Errors", "Throttles"):
                alarm = cw.Metric(namespace="AWS/Lambda", metric_name=metric,
                                  dimensions_map={"FunctionName": name_ref},
                                  statistic="Sum", period=five).create_alarm(
                    self, f"Alarm-{function.logical_id}-{metric}",
                    alarm_name=f"agora-{s.stage}-{function.name}-{metric.lower()}",
                    alarm_description=f"{function.name}: {metric.lower()} in 5 minutes",
                    threshold=0, evaluation_periods=1,
                    comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
                    treat_missing_data=cw.TreatMissingData.NOT_BREACHING)
                alarm.add_alarm_action(action)
        return topic

    def _outputs(self) -> None:
        s = self.settings
        # Chalice's own outputs come along: EndpointURL (the REST API), RestAPIId,
        # APIHandlerName, APIHandlerArn.
        if self.function_url is not None:
            CfnOutput(self, "FunctionUrl", description="The API function's Lambda URL",
                      value=self.function_url.attr_function_url)
        CfnOutput(self, "MediaBucket", value=self.bucket.bucket_name)
        CfnOutput(self, "WebURL", description="The web app (AGORA_FRONTEND_URL)",
                  value=self.frontend_url)
        CfnOutput(self, "WebDistributionDomain",
                  description="CloudFront's domain: the CNAME target of web_domain",
                  value=self.web.distribution.distribution_domain_name)
        CfnOutput(self, "WebDistributionId", value=self.web.distribution.distribution_id)
        CfnOutput(self, "WebBucket", value=self.web.bucket.bucket_name)
        CfnOutput(self, "SecretName", value=s.secret_name)
        CfnOutput(self, "AlarmTopicArn", value=self.alarm_topic.topic_arn)
        CfnOutput(self, "MailConfigurationSet", value=self.mail_config.configuration_set_name)
        for i, record in enumerate(self.mail_identity.dkim_records, start=1):
            CfnOutput(self, f"MailDkim{i}", description="CNAME to publish for SES DKIM",
                      value=Fn.join(" CNAME ", [record.name, record.value]))
        CfnOutput(self, "Tables", value=",".join(spec.name for spec in self.table_specs.values()))
        CfnOutput(self, "Queues", value=",".join(q.queue_name for q in self.queues.values()))


def _colon() -> Any:
    from aws_cdk import ArnFormat

    return ArnFormat.COLON_RESOURCE_NAME


def ensure_environment(stage: str) -> None:
    """Names in chalicelib are read at import time: the stage must be in the environment
    before anything imports it. `chalice package` also wants a region."""
    import sys

    if "chalicelib.platform.config" in sys.modules and os.environ.get("AGORA_STAGE") != stage:
        raise RuntimeError(f"chalicelib was imported for stage {os.environ.get('AGORA_STAGE')}"
                           f", not {stage}: synthesise each stage in its own process")
    os.environ["AGORA_STAGE"] = stage
    os.environ.setdefault("AWS_DEFAULT_REGION", os.environ.get("CDK_DEFAULT_REGION",
                                                               "eu-west-1"))
