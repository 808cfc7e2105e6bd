"""Stage settings from the CDK context."""

from __future__ import annotations

import pytest

from infra.settings import resolve


def test_sso_is_off_unless_a_client_id_is_given():
    assert resolve({"stage": "prod"}).sso_facebook_client_id == ""
    assert resolve({"stage": "prod", "sso_facebook_client_id": "123"}).sso_facebook_client_id \
        == "123"


def test_a_function_url_needs_a_concurrency_cap():
    with pytest.raises(ValueError, match="api_concurrency"):
        resolve({"stage": "prod", "function_url": "true"})
    settings = resolve({"stage": "prod", "function_url": "true", "api_concurrency": "20"})
    assert settings.function_url and settings.api_concurrency == 20
    assert not resolve({"stage": "prod"}).function_url


@pytest.mark.parametrize("context", [{"stage": "qa"}, {"extra_origins": "*"},
                                     {"log_retention_days": 2}, {"api_concurrency": "-1"},
                                     {"api_url": "api.example.org"}])
def test_bad_context_is_refused(context):
    with pytest.raises(ValueError):
        resolve(context)
