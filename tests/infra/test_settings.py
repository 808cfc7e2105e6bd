"""Stage settings from the CDK context."""

from __future__ import annotations

import pytest

from infra.settings import resolve


def test_sso_is_off_unless_a_client_id_is_given():
    assert resolve({"stage": "prod"}).sso_facebook_client_id == ""
    assert resolve({"stage": "prod", "sso_facebook_client_id": "123"}).sso_facebook_client_id \
        == "123"


@pytest.mark.parametrize("context", [{"stage": "qa"}, {"frontend_origins": "*"},
                                     {"log_retention_days": 2}])
def test_bad_context_is_refused(context):
    with pytest.raises(ValueError):
        resolve(context)
