"""The monthly AWS bill of a city, from the bench's measured calls and request units per
operation and the public prices below (docs/cost.md explains the model).

The prices are eu-west-1's on-demand list prices, without free tiers, as published on the
AWS pricing pages named in SOURCE and as known on PRICES_DATED: the bench runs offline and
cannot check them, so check them before you quote the bill."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

PRICES_DATED = "2026-12-01"
REGION = "eu-west-1"
# (price in USD, unit, source page)
PRICES: dict[str, tuple[float, str, str]] = {
    "lambda_request": (0.20e-6, "request", "aws.amazon.com/lambda/pricing"),
    "lambda_gb_s": (0.0000166667, "GB-second (x86)", "aws.amazon.com/lambda/pricing"),
    "apigw_rest_request": (3.50e-6, "REST API request (first 333 M)",
                           "aws.amazon.com/api-gateway/pricing"),
    "function_url_request": (0.0, "request (billed as Lambda only)",
                             "aws.amazon.com/lambda/pricing"),
    "dynamodb_wru": (0.7068e-6, "on-demand write request unit",
                     "aws.amazon.com/dynamodb/pricing/on-demand"),
    "dynamodb_rru": (0.1415e-6, "on-demand read request unit",
                     "aws.amazon.com/dynamodb/pricing/on-demand"),
    "dynamodb_gb_month": (0.283, "GB-month stored (Standard)",
                          "aws.amazon.com/dynamodb/pricing/on-demand"),
    "sqs_request": (0.40e-6, "standard queue request (64 KB)", "aws.amazon.com/sqs/pricing"),
    "ses_email": (0.10e-3, "outbound email", "aws.amazon.com/ses/pricing"),
    "s3_gb_month": (0.023, "GB-month (S3 Standard)", "aws.amazon.com/s3/pricing"),
    "s3_put": (0.005e-3, "PUT/POST request", "aws.amazon.com/s3/pricing"),
    "s3_get": (0.0004e-3, "GET request", "aws.amazon.com/s3/pricing"),
    "cloudfront_gb": (0.085, "GB out to Europe (first 10 TB)",
                      "aws.amazon.com/cloudfront/pricing"),
    "cloudfront_request": (0.012e-4, "HTTPS request (Europe)",
                           "aws.amazon.com/cloudfront/pricing"),
    "secret_month": (0.40, "secret-month", "aws.amazon.com/secrets-manager/pricing"),
    "secret_call": (0.05e-4, "API call", "aws.amazon.com/secrets-manager/pricing"),
}

# What the model assumes of the deployment (infra/settings.py) and of Lambda's behaviour.
LAMBDA_GB = 1.0  # lambda_memory 1024
API_MS = 80  # billed duration of a warm API call (assumed: moto cannot time Lambda)
WORKER_MS = 150  # billed duration of a queue handler's invocation (assumed)
COLD_SHARE = 0.02  # share of API calls that start a fresh Lambda (assumed)
QUEUES = 7  # SQS event sources (chalicelib's on_sqs_message handlers)
SQS_IDLE_REQUESTS = 5 * 3 * 60 * 24 * 30  # 5 long-polling pollers, 20 s polls, per queue
# The sweeper, the vote roll-up (both every minute), openings, lifts, the daily two.
SCHEDULED_RUNS = 43_200 + 43_200 + 8_640 + 720 + 30 + 30
# A vote roll-up's reads for one budget of 200 ideas while it is due: its ideas' Query and
# items (200 at 0.5 each) and their counters (800 keys at 0.5): about 500 read units a run.
ROLLUP_RRU_PER_BUDGET = 500
CONTAINERS_PER_MONTH = 2  # secret fetches: one per fresh Lambda, counted in cold starts
STORAGE_MONTHS = 12  # the data kept at rest: a year of the profile's activity

# The activity of a month, per 100,000 residents (docs/cost.md gives the reasons).
PROFILE_PER_100K: dict[str, int] = {
    "visits_by_visitors": 30_000,  # people reading without signing in
    "visits_signed_in": 20_000,
    "registrations": 500,
    "contributions": 1_000,
    "comments": 3_000,
    "upvotes": 20_000,
    "reactions": 5_000,
    "ballots": 5_000,
    "responses": 2_000,
    "follows": 1_000,
    "flags": 100,
    "updates_published": 4,  # admin news, each to its community's followers
    "followers_per_update": 10_000,  # a community's followers (more communities, not larger)
    "uploads": 200,  # images attached to contributions
}
# What one visit does, in measured operations; what each activity is.
VISIT_VISITOR = {"feed.latest@10000": 3, "contribution.get@100": 2}
VISIT_SIGNED_IN = {"auth.refresh": 1, "me.get": 1, "feed.page@10000": 3,
                   "contribution.get@100": 2}
ACTIVITY_OPERATION = {
    "registrations": "auth.register", "contributions": "contribution.create",
    "comments": "comment.create", "upvotes": "contribution.upvote",
    "reactions": "contribution.react", "ballots": "budget.ballot",
    "responses": "questionnaire.response", "follows": "community.follow",
    "flags": "contribution.flag",
}
COUNTED = ("contributions", "comments", "upvotes", "reactions", "ballots", "responses")
PAGE_REQUESTS = 12  # CloudFront requests per visit (the page, its scripts, styles, fonts)
PAGE_KB_DEFAULT = 150.0  # per visit when the web figures are missing
UPLOAD_MB = 0.5


def profile(residents: int) -> dict[str, int]:
    """The activity scales with the residents; a community's reach does not (a bigger city
    has more neighbourhood communities, each followed by about as many people)."""
    return {k: v if k == "followers_per_update" else round(v * residents / 100_000)
            for k, v in PROFILE_PER_100K.items()}


def _usage(profile: dict[str, int], operations: dict[str, dict[str, int]],
           capacity: dict[str, dict[str, float]], fanout_per_follower: dict[str, float],
           page_kb: float) -> dict[str, float]:
    """Monthly quantities (requests, units, emails, bytes) of the profile."""
    api: dict[str, float] = {}
    for visit, count in ((VISIT_VISITOR, profile["visits_by_visitors"]),
                         (VISIT_SIGNED_IN, profile["visits_signed_in"])):
        for op, n in visit.items():
            api[op] = api.get(op, 0) + n * count
    for activity, op in ACTIVITY_OPERATION.items():
        api[op] = api.get(op, 0) + profile[activity]
    api["notify.publish@10000"] = profile["updates_published"]
    workers = {"analytics.count@10000": sum(profile[a] for a in COUNTED)}
    deliveries = profile["updates_published"] * profile["followers_per_update"]
    use = {"api_requests": sum(api.values()), "rru": 0.0, "wru": 0.0, "sqs": 0.0,
           "emails": 0.0, "worker_messages": 0.0}
    for op, n in {**api, **workers}.items():
        use["rru"] += capacity.get(op, {}).get("rru", 0) * n
        use["wru"] += capacity.get(op, {}).get("wru", 0) * n
        use["sqs"] += operations.get(op, {}).get("sqs", 0) * n
        use["emails"] += operations.get(op, {}).get("ses", 0) * n
    use["worker_messages"] = use["sqs"] + fanout_per_follower["messages"] * deliveries
    for key in ("rru", "wru", "sqs", "emails"):
        use[key] += fanout_per_follower[key] * deliveries
    use["sqs_requests"] = 3 * use["worker_messages"]  # send, Lambda's receive, delete
    visits = profile["visits_by_visitors"] + profile["visits_signed_in"]
    use["cdn_requests"] = visits * PAGE_REQUESTS
    use["cdn_gb"] = visits * page_kb / 1024 / 1024
    use["uploads"] = profile["uploads"]
    use["stored_gb"] = STORAGE_MONTHS * _stored_bytes(profile, capacity) / 1e9
    return use


def _stored_bytes(profile: dict[str, int], capacity: dict[str, dict[str, float]]) -> float:
    per = {op: capacity.get(op, {}).get("stored_bytes", 0) for op in ACTIVITY_OPERATION.values()}
    return sum(per[op] * profile[a] for a, op in ACTIVITY_OPERATION.items())


def bill(use: dict[str, float], *, function_url: bool = False) -> dict[str, float]:
    """USD per service for a month of `use`."""
    p = {k: v[0] for k, v in PRICES.items()}
    invocations = use["api_requests"] + use["worker_messages"] + SCHEDULED_RUNS
    gb_s = LAMBDA_GB * (use["api_requests"] * API_MS + (use["worker_messages"]
                                                       + SCHEDULED_RUNS) * WORKER_MS) / 1000
    front = p["function_url_request"] if function_url else p["apigw_rest_request"]
    cold = use["api_requests"] * COLD_SHARE
    upload_gb = use["uploads"] * UPLOAD_MB / 1024
    costs = {
        "lambda": invocations * p["lambda_request"] + gb_s * p["lambda_gb_s"],
        "api_gateway": use["api_requests"] * front,
        "dynamodb": (use["rru"] * p["dynamodb_rru"] + use["wru"] * p["dynamodb_wru"]
                     + use["stored_gb"] * p["dynamodb_gb_month"]),
        "sqs": (use["sqs_requests"] + QUEUES * SQS_IDLE_REQUESTS) * p["sqs_request"],
        "ses": use["emails"] * p["ses_email"],
        "s3": (STORAGE_MONTHS * upload_gb * p["s3_gb_month"] + use["uploads"] * p["s3_put"]
               + use["cdn_requests"] * 0.1 * p["s3_get"]),
        "cloudfront": use["cdn_gb"] * p["cloudfront_gb"]
        + use["cdn_requests"] * p["cloudfront_request"],
        "secrets_manager": p["secret_month"] + cold * p["secret_call"],
    }
    return {k: round(v, 2) for k, v in costs.items()}


def at_rest() -> dict[str, float]:
    """No traffic: the schedules, the queues' pollers, the secret (storage is the city's)."""
    p = {k: v[0] for k, v in PRICES.items()}
    costs = {
        "lambda": SCHEDULED_RUNS * (p["lambda_request"]
                                    + LAMBDA_GB * WORKER_MS / 1000 * p["lambda_gb_s"]),
        # the sweeper's four shards, and the roll-up's Query of `by_tally` (no budget due)
        "dynamodb": 43_200 * (4 + 1) * 0.5 * p["dynamodb_rru"],
        "sqs": QUEUES * SQS_IDLE_REQUESTS * p["sqs_request"],
        "secrets_manager": p["secret_month"],
    }
    return {k: round(v, 2) for k, v in costs.items()}


def model(operations: dict[str, dict[str, int]], capacity: dict[str, dict[str, float]],
          fanout: dict[str, Any], page_kb: float | None) -> dict[str, Any]:
    """The `cost` figures of bench/results.json."""
    followers = fanout["followers"]
    name = f"notify.fanout@{followers}"
    per_follower = {"rru": capacity[name]["rru"] / followers,
                    "wru": capacity[name]["wru"] / followers,
                    "sqs": operations[name]["sqs"] / followers,
                    "emails": operations[name]["ses"] / followers,
                    "messages": sum(fanout["messages"].values()) / followers}
    kb = page_kb or PAGE_KB_DEFAULT
    rest = at_rest()
    out: dict[str, Any] = {"prices_dated": PRICES_DATED, "region": REGION,
                           "prices": {k: {"usd": v[0], "per": v[1], "source": v[2]}
                                      for k, v in PRICES.items()},
                           "page_kb": kb, "at_rest_usd_month": round(sum(rest.values()), 2),
                           "at_rest": rest}
    for label, residents in (("city_100k", 100_000), ("city_1m", 1_000_000)):
        prof = profile(residents)
        use = _usage(prof, operations, capacity, per_follower, kb)
        services = bill(use)
        out[label] = {"residents": residents, "profile": prof,
                      "usd_month": round(sum(services.values()), 2), "services": services,
                      "usd_month_function_url": round(sum(bill(use, function_url=True)
                                                          .values()), 2),
                      "usage": {k: round(v, 1) for k, v in use.items()}}
    return out


def page_kb(web: dict[str, Any]) -> float | None:
    """What a visit downloads, from the web figures when a web bench has run: the largest
    page's JavaScript and CSS, gzipped, and the page itself (about 20 KB)."""
    sizes = [p["js_css_gzip_kb"] for p in web.get("pages", {}).values()
             if p.get("js_css_gzip_kb")]
    return round(max(sizes) + 20, 1) if sizes else None


def main() -> int:
    """`python -m bench.cost`: the bill again from bench/results.json's measured figures (after
    `make web-bench` has added what a page loads)."""
    path = Path(__file__).resolve().parent / "results.json"
    results = json.loads(path.read_text())
    fanout = results["headroom"]["notify.fanout"]
    results["cost"] = model(results["operations"], results["capacity"],
                            {"followers": fanout["measured_on"],
                             "messages": fanout["measured_messages"]},
                            page_kb(results.get("web", {})))
    path.write_text(json.dumps(results, indent=2) + "\n")
    c = results["cost"]
    print(f"bill ({c['region']}, prices of {c['prices_dated']}, {c['page_kb']} KB a visit): "
          f"100k residents ${c['city_100k']['usd_month']}, 1M ${c['city_1m']['usd_month']}, "
          f"at rest ${c['at_rest_usd_month']} a month")
    return 0


if __name__ == "__main__":
    sys.exit(main())
