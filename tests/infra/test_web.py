"""The web app: private bucket, CloudFront with origin access control and SPA fallback, the
security headers, the upload of the build with /config.json, and the API's frontend URL and
CORS origins taken from the distribution (or the custom domain)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest

from infra import web
from infra.settings import DEFAULTS, resolve
from tests.infra.conftest import CONTEXT, ROOT

FIXTURE = ROOT / CONTEXT["prod"]["web_build"]
PSEUDO = {"AWS::AccountId": "123456789012", "AWS::Region": "eu-west-1",
          "AWS::Partition": "aws"}


def _text(value: Any) -> str:
    """A template value as a string, pseudo parameters filled in (other refs as <id>)."""
    if isinstance(value, str):
        return value
    if "Fn::Join" in value:
        sep, parts = value["Fn::Join"]
        return sep.join(_text(p) for p in parts)
    if "Ref" in value:
        return PSEUDO.get(value["Ref"], f"<{value['Ref']}>")
    if "Fn::GetAtt" in value:
        return "<{}.{}>".format(*value["Fn::GetAtt"])
    raise AssertionError(f"cannot read {value!r}")


def _one(synth, kind: str) -> tuple[str, dict[str, Any]]:
    (found,) = synth.resources(kind).items()
    return found


def _csp(synth) -> dict[str, list[str]]:
    _, policy = _one(synth, "AWS::CloudFront::ResponseHeadersPolicy")
    value = _text(policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"][
        "ContentSecurityPolicy"]["ContentSecurityPolicy"])
    directives = [d.split() for d in value.split(";")]
    return {d[0]: d[1:] for d in directives}


# -- rules ----------------------------------------------------------------------------------

def test_inline_script_hashes_are_those_a_browser_computes(tmp_path):
    script = "\n  start({ base: '' });\n"
    (tmp_path / "index.html").write_text(
        f"<html><head><script src='/a.js'></script></head><body><script>{script}</script>"
        "</body></html>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text(f"<script>{script}</script><p>no script</p>")
    expected = "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert web.inline_script_hashes(tmp_path) == [expected]


def test_the_policy_allows_only_what_the_app_needs():
    policy = web.content_security_policy(api_origin="https://api.x", media_origins=["https://m"],
                                         script_hashes=["sha256-abc"])
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["script-src"] == ["'self'", "'sha256-abc'"]
    assert directives["img-src"] == ["'self'", "data:", "blob:", "https://m"]  # no tiles
    assert directives["connect-src"] == ["'self'", "https://api.x", "https://m"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]


def test_style_hashes_come_from_the_build_declaration_only(tmp_path):
    assert web.style_attribute_hashes(tmp_path) == []
    (tmp_path / "_app").mkdir()
    (tmp_path / "_app" / "csp.json").write_text(
        '{"style_attribute_hashes": ["\'sha256-abc=\'", "unsafe-inline", 3]}')
    assert web.style_attribute_hashes(tmp_path) == ["sha256-abc="]
    policy = web.content_security_policy(api_origin="https://api.x", media_origins=[],
                                         style_hashes=["sha256-abc="])
    assert "style-src 'self' 'unsafe-hashes' 'sha256-abc='" in policy
    (tmp_path / "_app" / "csp.json").write_text("not json")
    assert web.style_attribute_hashes(tmp_path) == []


def test_a_missing_build_is_none_and_the_config_names_the_api(tmp_path):
    settings = resolve({"stage": "dev", "web_build": str(tmp_path / "absent")})
    assert web.build_dir(settings) is None
    settings = resolve({"stage": "dev", "web_build": str(FIXTURE)})
    assert web.build_dir(settings) == FIXTURE
    assert web.runtime_config(settings) == {"api_url": DEFAULTS["dev"]["api_url"],
                                            "stage": "dev", "map_tiles_url": ""}


# -- the bucket and the distribution --------------------------------------------------------

def test_the_web_bucket_is_private_and_readable_by_this_distribution_only(prod, dev):
    for synth in (prod, dev):
        bucket_id = next(k for k in synth.resources("AWS::S3::Bucket") if k.startswith("Web"))
        props = synth.template["Resources"][bucket_id]["Properties"]
        assert all(props["PublicAccessBlockConfiguration"].values())
        distribution_id, distribution = _one(synth, "AWS::CloudFront::Distribution")
        oac_id, oac = _one(synth, "AWS::CloudFront::OriginAccessControl")
        assert oac["Properties"]["OriginAccessControlConfig"] | {"Name": ""} == {
            "Name": "", "OriginAccessControlOriginType": "s3", "SigningBehavior": "always",
            "SigningProtocol": "sigv4"}
        # The bucket, and the API for link previews (tests/infra/test_previews.py).
        (origin,) = [o for o in distribution["Properties"]["DistributionConfig"]["Origins"]
                     if "S3OriginConfig" in o]
        assert origin["OriginAccessControlId"] == {"Fn::GetAtt": [oac_id, "Id"]}
        assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}  # no legacy OAI
        assert origin["DomainName"] == {"Fn::GetAtt": [bucket_id, "RegionalDomainName"]}
        policy = next(p for p in synth.resources("AWS::S3::BucketPolicy").values()
                      if p["Properties"]["Bucket"] == {"Ref": bucket_id})
        allows = [s for s in policy["Properties"]["PolicyDocument"]["Statement"]
                  if s["Effect"] == "Allow"]
        assert [(s["Principal"], s["Action"]) for s in allows] == [
            ({"Service": "cloudfront.amazonaws.com"}, "s3:GetObject")]
        assert _text(allows[0]["Condition"]["StringEquals"]["AWS:SourceArn"]) == \
            f"arn:aws:cloudfront::123456789012:distribution/<{distribution_id}>"


def test_the_distribution_serves_the_spa_over_https_with_the_headers_policy(prod, dev):
    for synth in (prod, dev):
        _, distribution = _one(synth, "AWS::CloudFront::Distribution")
        config = distribution["Properties"]["DistributionConfig"]
        headers_id, _ = _one(synth, "AWS::CloudFront::ResponseHeadersPolicy")
        behaviour = config["DefaultCacheBehavior"]
        assert behaviour["ViewerProtocolPolicy"] == "redirect-to-https"
        assert behaviour["AllowedMethods"] == ["GET", "HEAD"]
        assert behaviour["ResponseHeadersPolicyId"] == {"Ref": headers_id}
        assert config["DefaultRootObject"] == "index.html"
        fallback = {e["ErrorCode"]: (e["ResponseCode"], e["ResponsePagePath"])
                    for e in config["CustomErrorResponses"]}
        assert fallback == {403: (200, "/index.html"), 404: (200, "/index.html")}
    _, distribution = _one(prod, "AWS::CloudFront::Distribution")
    config = distribution["Properties"]["DistributionConfig"]
    assert config["Aliases"] == [CONTEXT["prod"]["web_domain"]]
    assert config["ViewerCertificate"] == {
        "AcmCertificateArn": CONTEXT["prod"]["web_certificate_arn"],
        "MinimumProtocolVersion": "TLSv1.2_2021", "SslSupportMethod": "sni-only"}
    _, distribution = _one(dev, "AWS::CloudFront::Distribution")
    assert "Aliases" not in distribution["Properties"]["DistributionConfig"]


def test_the_headers_policy_sets_csp_hsts_nosniff_referrer_and_noindex(prod, dev):
    for synth in (prod, dev):
        _, policy = _one(synth, "AWS::CloudFront::ResponseHeadersPolicy")
        config = policy["Properties"]["ResponseHeadersPolicyConfig"]
        security = config["SecurityHeadersConfig"]
        assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 365 * 86400
        assert security["StrictTransportSecurity"]["IncludeSubdomains"] is True
        assert security["ContentTypeOptions"] == {"Override": True}
        assert security["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"
        assert security["FrameOptions"]["FrameOption"] == "DENY"
        assert all(h["Override"] for h in security.values())
        custom = {h["Header"]: h["Value"] for h in config["CustomHeadersConfig"]["Items"]}
        assert "noindex" in custom["X-Robots-Tag"]
        csp = _csp(synth)
        stage = synth.stage
        media = [f"https://agora-{stage}-media-123456789012-eu-west-1.s3.amazonaws.com",
                 f"https://agora-{stage}-media-123456789012-eu-west-1.s3.eu-west-1"
                 ".amazonaws.com"]
        assert csp["default-src"] == csp["base-uri"] == csp["style-src"][:1] == ["'self'"]
        assert csp["form-action"] == ["'self'"]
        assert csp["object-src"] == csp["frame-ancestors"] == ["'none'"]
        assert csp["connect-src"] == ["'self'", DEFAULTS[stage]["api_url"], *media]
        assert csp["img-src"][:3 + len(media)] == ["'self'", "data:", "blob:", *media]
        assert csp["frame-src"] == ["https://www.youtube-nocookie.com",
                                    "https://player.vimeo.com"]
    # Map tiles only where configured; the build's inline script only where there is one.
    assert _csp(prod)["img-src"][-1] == "https://tiles.example.city"
    assert len(_csp(dev)["img-src"]) == 5
    assert _csp(prod)["script-src"] == ["'self'", *(
        f"'{h}'" for h in web.inline_script_hashes(FIXTURE))]
    assert _csp(dev)["script-src"] == ["'self'"]
    # SvelteKit's announcer style attribute, by the hash the build declares; nothing else.
    assert _csp(prod)["style-src"] == ["'self'", "'unsafe-hashes'", *(
        f"'{h}'" for h in web.style_attribute_hashes(FIXTURE))]
    assert web.style_attribute_hashes(FIXTURE)
    assert _csp(dev)["style-src"] == ["'self'"]


# -- the upload -----------------------------------------------------------------------------

def _deployments(synth) -> dict[str, dict[str, Any]]:
    return {k: r["Properties"] for k, r in synth.resources("Custom::CDKBucketDeployment").items()}


def test_the_build_is_uploaded_hashed_files_kept_pages_pruned_and_invalidated(prod):
    deployments = _deployments(prod)
    assets = next(p for k, p in deployments.items() if k.startswith("WebAssets"))
    pages = next(p for k, p in deployments.items() if k.startswith("WebPages"))
    assert (assets["Exclude"], assets["Include"], assets["Prune"]) == (
        ["*"], [web.IMMUTABLE], False)
    assert "immutable" in assets["SystemMetadata"]["cache-control"]
    assert (pages["Exclude"], pages["Prune"]) == ([web.IMMUTABLE], True)
    assert pages["SystemMetadata"]["cache-control"] == "no-cache"
    distribution_id, _ = _one(prod, "AWS::CloudFront::Distribution")
    assert pages["DistributionId"] == {"Ref": distribution_id}
    assert pages["DistributionPaths"] == ["/*"]
    bucket_id = next(k for k in prod.resources("AWS::S3::Bucket") if k.startswith("Web"))
    assert assets["DestinationBucketName"] == pages["DestinationBucketName"] == {
        "Ref": bucket_id}
    # The build itself and config.json (what the web app reads to find the API).
    staged = [prod.outdir / f"asset.{key.removesuffix('.zip')}"
              for key in pages["SourceObjectKeys"]]
    assert (staged[0] / "index.html").read_text() == (FIXTURE / "index.html").read_text()
    assert json.loads((staged[1] / "config.json").read_text()) == {
        "api_url": DEFAULTS["prod"]["api_url"], "stage": "prod",
        "map_tiles_url": CONTEXT["prod"]["map_tiles_url"]}


def test_without_a_build_nothing_is_uploaded_and_synth_says_so(dev):
    assert not _deployments(dev)
    infos = [e["data"] for entries in dev.metadata.values() for e in entries
             if e["type"] == "aws:cdk:info"]
    assert any("No web build" in str(i) for i in infos)


# -- the API's view of it -------------------------------------------------------------------

def test_the_api_gets_the_distributions_url_as_frontend_and_cors_origin(dev):
    distribution_id, _ = _one(dev, "AWS::CloudFront::Distribution")
    url = f"https://<{distribution_id}.DomainName>"
    for function in dev.resources("AWS::Serverless::Function").values():
        env = function["Properties"]["Environment"]["Variables"]
        assert _text(env["AGORA_FRONTEND_URL"]) == url
        assert _text(env["AGORA_FRONTEND_ORIGINS"]).split(",") == [
            url, *DEFAULTS["dev"]["extra_origins"].split(",")]
    media = next(r for k, r in dev.resources("AWS::S3::Bucket").items()
                 if k.startswith("Media"))
    (rule,) = media["Properties"]["CorsConfiguration"]["CorsRules"]
    assert [_text(o) for o in rule["AllowedOrigins"]] == [url, "http://localhost:3000"]
    assert _text(dev.template["Outputs"]["WebURL"]["Value"]) == url


@pytest.mark.parametrize("context", [
    {"frontend_url": "https://x.example"}, {"frontend_origins": "https://x.example"},
    {"web_domain": "x.example"},
    {"web_domain": "x.example", "web_certificate_arn": "arn:aws:acm:eu-west-1:1:certificate/c"},
    {"extra_origins": "https://x.example/path"}, {"extra_origins": "*"},
    {"map_tiles_url": "tiles.example/{z}"}, {"web_price_class": "PriceClass_1"},
])
def test_web_settings_that_cannot_work_are_refused(context):
    with pytest.raises(ValueError):
        resolve({"stage": "prod", **context})

