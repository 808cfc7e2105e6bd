"""The web app: a private bucket behind a CloudFront distribution (origin access control, SPA
fallback, security headers), and the upload of the static build with its runtime
configuration (`/config.json`).

The build (SvelteKit's static output) is read at synth from `web_build`; when it is absent
the distribution is still created and nothing is uploaded, so `make synth` needs no Node."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from aws_cdk import Annotations, Duration, RemovalPolicy, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra.checks import ack as _ack
from infra.checks import lint_ignore
from infra.previews import PREVIEW_ORIGIN_ID, PREVIEW_PATH, api_origin, function_code
from infra.settings import StageSettings, origin

ROOT = Path(__file__).resolve().parent.parent
VIDEO_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")
IMMUTABLE = "_app/immutable/*"  # SvelteKit's content-hashed files: never change once built
CSP_MAX = 1783  # CloudFront's limit on a Content-Security-Policy value
HSTS_DAYS = 730


# -- rules (pure) ---------------------------------------------------------------------------

def content_security_policy(*, api_origin: str, media_origins: Sequence[str],
                            map_tiles_origin: str = "",
                            script_hashes: Sequence[str] = (),
                            style_hashes: Sequence[str] = ()) -> str:
    """The web app's CSP: its own files, the API, the media bucket (images shown through
    presigned links, uploads posted to it), the two video players, and map tiles if set.
    `script_hashes` allow the build's own inline scripts (SvelteKit starts the app with one);
    `style_hashes` the few inline style attributes SvelteKit renders itself (its route
    announcer), each by its hash ('unsafe-hashes' allows exactly those attributes)."""
    tiles = [map_tiles_origin] if map_tiles_origin else []
    styles = ["'unsafe-hashes'", *(f"'{h}'" for h in style_hashes)] if style_hashes else []
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *(f"'{h}'" for h in script_hashes)]),
        ("style-src", ["'self'", *styles]),
        ("img-src", ["'self'", "data:", "blob:", *media_origins, *tiles]),
        ("connect-src", ["'self'", api_origin, *media_origins]),
        ("frame-src", list(VIDEO_ORIGINS)),
        ("frame-ancestors", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("object-src", ["'none'"]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


class _InlineScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._open = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append("".join(self._open))
            self._open = None


def inline_script_hashes(build: Path) -> list[str]:
    """`sha256-...` of every inline script of the build's HTML pages, as CSP wants them."""
    hashes: set[str] = set()
    for page in sorted(build.rglob("*.html")):
        parser = _InlineScripts()
        parser.feed(page.read_text(encoding="utf-8"))
        for script in parser.scripts:
            digest = hashlib.sha256(script.encode("utf-8")).digest()
            hashes.add("sha256-" + base64.b64encode(digest).decode())
    return sorted(hashes)


def style_attribute_hashes(build: Path) -> list[str]:
    """`sha256-...` of the inline style attributes the build declares in `_app/csp.json`
    (web/scripts/check-build.mjs computes them from SvelteKit's generated root)."""
    try:
        data = json.loads((build / "_app" / "csp.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = data.get("style_attribute_hashes", []) if isinstance(data, dict) else []
    return sorted({h.strip("'") for h in found if isinstance(h, str)
                   and h.strip("'").startswith("sha256-")})


def build_dir(settings: StageSettings) -> Path | None:
    """The static build to upload, or None when there is none (no index and no fallback)."""
    path = Path(settings.web_build)
    path = path if path.is_absolute() else ROOT / path
    if (path / "index.html").is_file() or (path / settings.web_fallback).is_file():
        return path
    return None


def runtime_config(settings: StageSettings) -> dict[str, Any]:
    """`/config.json`, which the web app reads at start: where the API is."""
    return {"api_url": settings.api_url, "stage": settings.stage,
            "map_tiles_url": settings.map_tiles_url}


# -- the construct --------------------------------------------------------------------------

class Web(Construct):
    """The bucket, the distribution and (with a build) the upload. `url` and `origin` are the
    web app's (tokens when the distribution's domain is used)."""

    def __init__(self, scope: Construct, settings: StageSettings, *, media_bucket_name: str,
                 region: str, removal: RemovalPolicy,
                 log_group: logs.ILogGroup | None) -> None:
        super().__init__(scope, "Web")
        s = settings
        self.build = build_dir(s)
        self.bucket = s3.Bucket(
            self, "Bucket", block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED, enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED, removal_policy=removal)
        _ack(self.bucket, "AwsSolutions-S1",
             "The web app's public build, read only by CloudFront through origin access "
             "control; server access logs would hold requester IPs and no useful record.")
        media = [f"https://{media_bucket_name}.s3.amazonaws.com",
                 f"https://{media_bucket_name}.s3.{region}.amazonaws.com"]
        hashes = inline_script_hashes(self.build) if self.build else []
        self.csp = content_security_policy(
            api_origin=origin(s.api_url, "api_url"), media_origins=media,
            map_tiles_origin=origin(s.map_tiles_url, "map_tiles_url") if s.map_tiles_url
            else "", script_hashes=hashes,
            style_hashes=style_attribute_hashes(self.build) if self.build else [])
        if len(self.csp.replace(media_bucket_name, "m" * 63)) > CSP_MAX:
            raise ValueError(f"the CSP would pass CloudFront's {CSP_MAX} characters "
                             f"({len(hashes)} inline script hashes): fewer inline scripts")
        self.headers = self._headers(s)
        self.distribution = self._distribution(s)
        domain = s.web_domain or self.distribution.distribution_domain_name
        self.url = f"https://{domain}"
        self.origin = self.url
        self.deployments: list[s3deploy.BucketDeployment] = []
        if self.build is None or log_group is None:
            Annotations.of(self).add_info(
                f"No web build at {s.web_build}: the distribution is created, nothing is "
                "uploaded (build the web app, then deploy again).")
        else:
            self._deploy(s, self.build, log_group)

    def _headers(self, s: StageSettings) -> cloudfront.ResponseHeadersPolicy:
        return cloudfront.ResponseHeadersPolicy(
            self, "Headers", response_headers_policy_name=f"agora-{s.stage}-web",
            comment=f"Agora web app ({s.stage}): CSP, HSTS, nosniff, referrer, noindex",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=self.csp, override=True),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.days(HSTS_DAYS), include_subdomains=True,
                    override=True),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(
                    override=True),
                # The origin only: YouTube's player refuses to play without a referrer.
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy
                    .STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True)),
            custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(custom_headers=[
                # The terms: consultation pages are never indexed.
                cloudfront.ResponseCustomHeader(header="X-Robots-Tag",
                                                value="noindex, nofollow", override=True),
                # The map may locate the person (contributions' places); nothing else.
                cloudfront.ResponseCustomHeader(
                    header="Permissions-Policy", override=True,
                    value="geolocation=(self), camera=(), microphone=(), payment=(), usb=()"),
                cloudfront.ResponseCustomHeader(header="Cross-Origin-Opener-Policy",
                                                value="same-origin", override=True),
            ]))

    def _distribution(self, s: StageSettings) -> cloudfront.Distribution:
        certificate = (acm.Certificate.from_certificate_arn(self, "Certificate",
                                                             s.web_certificate_arn)
                       if s.web_certificate_arn else None)
        fallback = f"/{s.web_fallback}"
        previews = self._previews(s)
        distribution = cloudfront.Distribution(
            self, "Distribution", comment=f"Agora web app ({s.stage})",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=self.headers, compress=True,
                function_associations=[cloudfront.FunctionAssociation(
                    function=previews[0],
                    event_type=cloudfront.FunctionEventType.VIEWER_REQUEST)]),
            additional_behaviors={PREVIEW_PATH: previews[1]},
            # The SPA answers every path that is not a file (the private bucket says 403
            # for a missing key, since CloudFront may not list it).
            error_responses=[cloudfront.ErrorResponse(http_status=status,
                                                      response_http_status=200,
                                                      response_page_path=fallback,
                                                      ttl=Duration.seconds(0))
                             for status in (403, 404)],
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass[
                s.web_price_class.replace("PriceClass_", "PRICE_CLASS_").upper()],
            domain_names=[s.web_domain] if s.web_domain else None,
            certificate=certificate,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        )
        _ack(distribution, "AwsSolutions-CFR1",
             "No geo restriction: participants travel and the platform has no reason to "
             "refuse any country; the API decides who may do what.")
        _ack(distribution, "AwsSolutions-CFR2",
             "No WAF: the distribution serves static files only (no request reaches code); "
             "a web ACL costs about five dollars a month at rest, more than the stage.")
        _ack(distribution, "AwsSolutions-CFR3",
             "No access logs: they would hold every visitor's IP address and the pages they "
             "opened, which the platform keeps nowhere (docs/privacy.md, Logs).")
        if certificate is None:
            _ack(distribution, "AwsSolutions-CFR4",
                 "The default cloudfront.net certificate cannot set a minimum TLS version; "
                 "with web_domain and its certificate the distribution requires TLS 1.2.")
        return distribution

    def _previews(self, s: StageSettings) -> tuple[cloudfront.Function,
                                                   cloudfront.BehaviorOptions]:
        """Link previews (infra/previews.py): the viewer-request function that sends
        crawlers to the API's preview of a public page, and the API origin it selects."""
        host, path = api_origin(s.api_url)
        function = cloudfront.Function(
            self, "Previews", function_name=f"agora-{s.stage}-web-previews",
            comment="Social crawlers on a public page: the API's link preview",
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            code=cloudfront.FunctionCode.from_inline(function_code()))
        api = origins.HttpOrigin(host, origin_path=path or None, origin_id=PREVIEW_ORIGIN_ID,
                                 protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY)
        # The previews answer Cache-Control max-age=300: cached that long, per address.
        behaviour = cloudfront.BehaviorOptions(
            origin=api, viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
            cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
            response_headers_policy=self.headers, compress=True)
        return function, behaviour

    def _deploy(self, s: StageSettings, build: Path, log_group: logs.ILogGroup) -> None:
        """Content-hashed files first, kept across deploys (a page loaded before a deploy
        still finds its scripts); then the pages and config.json, pruned, revalidated on
        every request, and the distribution's cache invalidated."""
        source = s3deploy.Source.asset(str(build))
        assets = s3deploy.BucketDeployment(
            self, "Assets", destination_bucket=self.bucket, sources=[source],
            exclude=["*"], include=[IMMUTABLE], prune=False, memory_limit=512,
            cache_control=[s3deploy.CacheControl.from_string(
                "public, max-age=31536000, immutable")],
            log_group=log_group)
        pages = s3deploy.BucketDeployment(
            self, "Pages", destination_bucket=self.bucket,
            sources=[source, s3deploy.Source.data("config.json",
                                                  json.dumps(runtime_config(s)))],
            exclude=[IMMUTABLE], prune=True, memory_limit=512,
            cache_control=[s3deploy.CacheControl.from_string("no-cache")],
            distribution=self.distribution, distribution_paths=["/*"],
            log_group=log_group)
        pages.node.add_dependency(assets)
        self.deployments = [assets, pages]
        self._acknowledge_deployment_handler()

    def _acknowledge_deployment_handler(self) -> None:
        """CDK's deploy-time upload function (one for both deployments): its role is CDK's,
        granted on the stage's web bucket and CDK's asset bucket only."""
        stack = Stack.of(self)
        bucket = stack.get_logical_id(self.bucket.node.default_child)  # type: ignore[arg-type]
        handler = next(c for c in stack.node.children
                       if c.node.id.startswith("Custom::CDKBucketDeployment"))
        lint_ignore(handler, "W3005", "CDK adds DependsOn on the role it also references")
        _ack(handler, "AwsSolutions-L1",
             "CDK's own deploy-time upload function, not an application function: its "
             "runtime follows the pinned aws-cdk-lib version.")
        _ack(handler, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/"
             "service-role/AWSLambdaBasicExecutionRole]",
             "CDK's deploy-time upload function writes its logs through the basic execution "
             "role CDK gives it; it runs only during a deploy.")
        for action in ("s3:Abort*", "s3:DeleteObject*", "s3:GetBucket*", "s3:GetObject*",
                       "s3:List*"):
            _ack(handler, f"AwsSolutions-IAM5[Action::{action}]",
                 "CDK's bucket grants for its upload function (aws s3 sync with prune), on the "
                 "web bucket and CDK's asset bucket only (tests/infra checks the resources).")
        for resource in (f"<{bucket}.Arn>/*", "arn:<AWS::Partition>:s3:::cdk-hnb659fds-"
                         "assets-<AWS::AccountId>-<AWS::Region>/*"):
            _ack(handler, f"AwsSolutions-IAM5[Resource::{resource}]",
                 "The build's files are synchronised under any key: the objects of the web "
                 "bucket, and the build's zip among CDK's own deploy assets.")
        _ack(handler, "AwsSolutions-IAM5[Resource::*]",
             "CDK grants its upload function cloudfront:CreateInvalidation and "
             "GetInvalidation on every distribution; it invalidates only this one.")
