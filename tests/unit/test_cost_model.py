"""The bill's arithmetic (bench/cost.py) on known quantities: each service's price applied to
its own figure, and the profile scaled with the residents (a community's reach excepted)."""

from __future__ import annotations

from bench import cost

NOTHING = {"api_requests": 0, "rru": 0, "wru": 0, "sqs_requests": 0, "emails": 0,
           "worker_messages": 0, "cdn_requests": 0, "cdn_gb": 0, "uploads": 0, "stored_gb": 0}


def test_each_service_is_priced_from_its_own_figure():
    month = cost.bill({**NOTHING, "emails": 10_000, "wru": 1e6, "rru": 1e6, "cdn_gb": 10})
    assert month["ses"] == 1.0  # $0.10 a thousand
    assert month["dynamodb"] == round(0.7068 + 0.1415, 2)
    assert month["cloudfront"] == 0.85
    with_api = cost.bill({**NOTHING, "api_requests": 1e6})
    assert with_api["api_gateway"] == 3.5
    assert cost.bill({**NOTHING, "api_requests": 1e6}, function_url=True)["api_gateway"] == 0


def test_a_month_without_traffic_costs_the_schedules_the_pollers_and_the_secret():
    rest = cost.at_rest()
    assert rest["sqs"] == round(cost.QUEUES * 648_000 * 0.40e-6, 2)
    assert rest["secrets_manager"] == 0.40


def test_the_profile_scales_with_the_residents_but_not_a_communitys_reach():
    small, big = cost.profile(100_000), cost.profile(1_000_000)
    assert big["upvotes"] == 10 * small["upvotes"]
    assert big["followers_per_update"] == small["followers_per_update"]
