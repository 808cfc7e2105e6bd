"""Link previews on CloudFront (issue 22): the viewer-request function sends known social
crawlers asking for a public page to the API's preview, everyone else to the SPA; the API
is the distribution's second origin, behind `/previews/*`, https only."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from infra import previews
from infra.settings import DEFAULTS

BROWSER = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/131.0 Safari/537.36")
CRAWLER_AGENTS = (
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Twitterbot/1.0", "WhatsApp/2.23.20.0 A", "Mastodon/4.3.0 (http.rb/5.2.0; +https://x.y/)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)")

# Runs the function as CloudFront would, the `cloudfront` module stubbed: what it returns
# and which origin it selected, for each event.
HARNESS = """
const code = require('fs').readFileSync(process.argv[2], 'utf8')
  .replace("import cf from 'cloudfront';", '');
const selected = [];
const cf = { selectRequestOriginById: (id) => selected.push(id) };
const handler = new Function('cf', code + '\\nreturn handler;')(cf);
const out = JSON.parse(process.argv[3]).map((event) => {
  selected.length = 0;
  const r = handler(event);
  return { uri: r.uri, querystring: r.querystring, selected: selected.slice() };
});
console.log(JSON.stringify(out));
"""


def _run(tmp_path, requests: list[tuple[str, str | None]]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    (tmp_path / "function.js").write_text(previews.function_code())
    (tmp_path / "harness.js").write_text(HARNESS)
    events = [{"request": {"uri": uri, "querystring": {"sort": {"value": "latest"}},
                           "headers": {"user-agent": {"value": agent}} if agent else {}}}
              for uri, agent in requests]
    done = subprocess.run([node, str(tmp_path / "harness.js"), str(tmp_path / "function.js"),
                           json.dumps(events)], capture_output=True, text=True, timeout=60,
                          check=True)
    return json.loads(done.stdout)


def test_crawlers_on_a_public_page_get_the_apis_preview(tmp_path):
    pages = ["/communities/01ABC", "/projects/p_1", "/modules/m-1/", "/contributions/c1"]
    asked = [(page, agent) for page in pages for agent in CRAWLER_AGENTS]
    for (page, _), out in zip(asked, _run(tmp_path, asked), strict=True):
        kind, item = page.strip("/").split("/")
        assert out == {"uri": f"/previews/{kind}/{item}", "querystring": {},
                       "selected": [previews.PREVIEW_ORIGIN_ID]}


def test_people_and_other_paths_get_the_spa_unchanged(tmp_path):
    asked = [("/communities/01ABC", BROWSER), ("/communities/01ABC", None),
             ("/contributions/c1", "curl/8.5.0"), ("/", "Twitterbot/1.0"),
             ("/_app/immutable/start.js", "Twitterbot/1.0"),
             ("/communities/01ABC/events/e1", "Twitterbot/1.0"),
             ("/account", "facebookexternalhit/1.1"), ("/communities/a.b", "Twitterbot/1.0"),
             ("/previews/communities/x", BROWSER)]
    for (uri, _), out in zip(asked, _run(tmp_path, asked), strict=True):
        assert out == {"uri": uri, "querystring": {"sort": {"value": "latest"}},
                       "selected": []}, uri


def test_the_api_origin_is_read_from_api_url():
    assert previews.api_origin("https://abc.execute-api.eu-west-1.amazonaws.com/api/") == (
        "abc.execute-api.eu-west-1.amazonaws.com", "/api")
    assert previews.api_origin("https://api.agora.example.org") == ("api.agora.example.org", "")
    for bad in ("http://api.example.org", "https://api.example.org:8443", "api.example.org"):
        with pytest.raises(ValueError, match="api_url"):
            previews.api_origin(bad)


def test_the_function_is_small_and_names_only_plain_agents():
    code = previews.function_code()
    assert len(code.encode()) < 10 * 1024  # CloudFront Functions' size limit
    assert code.startswith("import cf from 'cloudfront';")
    assert "Googlebot" not in code and "bingbot" not in code  # pages stay noindex


def _distribution(synth) -> dict[str, Any]:
    (distribution,) = synth.resources("AWS::CloudFront::Distribution").values()
    return distribution["Properties"]["DistributionConfig"]


def test_synth_associates_the_function_and_the_api_origin(prod, dev):
    for synth in (prod, dev):
        (function_id, function), = synth.resources("AWS::CloudFront::Function").items()
        props = function["Properties"]
        assert props["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
        assert props["FunctionCode"] == previews.function_code()
        assert props["AutoPublish"] is True
        config = _distribution(synth)
        (association,) = config["DefaultCacheBehavior"]["FunctionAssociations"]
        assert association == {"EventType": "viewer-request",
                               "FunctionARN": {"Fn::GetAtt": [function_id, "FunctionARN"]}}
        (api,) = [o for o in config["Origins"] if o["Id"] == previews.PREVIEW_ORIGIN_ID]
        host, path = previews.api_origin(DEFAULTS[synth.stage]["api_url"])
        assert api["DomainName"] == host and api.get("OriginPath", "") == path
        assert api["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
        assert api["CustomOriginConfig"]["OriginSSLProtocols"] == ["TLSv1.2"]
        (behaviour,) = config["CacheBehaviors"]
        assert behaviour["PathPattern"] == previews.PREVIEW_PATH
        assert behaviour["TargetOriginId"] == previews.PREVIEW_ORIGIN_ID
        assert behaviour["AllowedMethods"] == ["GET", "HEAD"]
        assert behaviour["ViewerProtocolPolicy"] == "redirect-to-https"
        # The same headers (CSP, noindex) as every page of the web app.
        assert behaviour["ResponseHeadersPolicyId"] == \
            config["DefaultCacheBehavior"]["ResponseHeadersPolicyId"]
