"""What differs between deployments: the stage (`-c stage=prod`) and a few per-stage values,
each overridable from the CDK context (`-c frontend_url=https://...`).

Everything else (tables, queues, handlers, secret keys) is derived from the code."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

STAGES = ("dev", "prod")
# CloudWatch Logs accepts only these retention periods (days).
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
                  2192, 2557, 2922, 3288, 3653)

# Per-stage defaults. Operators set real domains with `-c key=value` (or in infra/cdk.json).
DEFAULTS: dict[str, dict[str, Any]] = {
    "dev": {
        "frontend_url": "https://dev.agora.example.org",
        "frontend_origins": "https://dev.agora.example.org,http://localhost:3000",
        "api_url": "https://api.dev.agora.example.org",
        "mail_from": "Agora (dev) <no-reply@dev.agora.example.org>",
        "alarm_email": "",
        "throttle_rate": 50,
        "throttle_burst": 100,
        "log_retention_days": 14,
        "api_5xx_rate": 0.05,
        "manage_apigateway_account": "true",
        "lambda_memory": 1024,
        "sso_facebook_client_id": "",
        "analytics_k": 5,
    },
    "prod": {
        "frontend_url": "https://agora.example.org",
        "frontend_origins": "https://agora.example.org",
        "api_url": "https://api.agora.example.org",
        "mail_from": "Agora <no-reply@agora.example.org>",
        "alarm_email": "",
        "throttle_rate": 200,
        "throttle_burst": 400,
        "log_retention_days": 90,
        "api_5xx_rate": 0.02,
        "manage_apigateway_account": "true",
        "lambda_memory": 1024,
        "sso_facebook_client_id": "",
        "analytics_k": 5,
    },
}


@dataclass(frozen=True)
class StageSettings:
    stage: str
    frontend_url: str
    frontend_origins: tuple[str, ...]
    api_url: str
    mail_from: str
    alarm_email: str
    throttle_rate: int
    throttle_burst: int
    log_retention_days: int
    api_5xx_rate: float
    manage_apigateway_account: bool
    lambda_memory: int
    sso_facebook_client_id: str = ""  # Facebook sign-in is on when set
    analytics_k: int = 5  # small-cell threshold of the analytics dashboard (at least 2)

    @property
    def prod(self) -> bool:
        return self.stage == "prod"

    @property
    def prefix(self) -> str:
        return f"agora-{self.stage}-"

    @property
    def stack_name(self) -> str:
        return f"agora-{self.stage}"

    @property
    def secret_name(self) -> str:
        return f"agora/{self.stage}/app"

    @property
    def mail_address(self) -> str:
        return parseaddr(self.mail_from)[1]

    @property
    def mail_domain(self) -> str:
        return self.mail_address.rpartition("@")[2]


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def resolve(context: dict[str, Any]) -> StageSettings:
    """The settings of the stage named in `context["stage"]` (default dev), with any context
    value overriding the stage's default."""
    stage = str(context.get("stage") or "dev")
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}: use one of {', '.join(STAGES)}")
    values = {**DEFAULTS[stage], **{k: v for k, v in context.items() if k in DEFAULTS[stage]}}
    origins = tuple(o.strip().rstrip("/") for o in str(values["frontend_origins"]).split(",")
                    if o.strip())
    if not origins:
        raise ValueError("frontend_origins: give at least one origin")
    if any(o == "*" for o in origins):
        raise ValueError("frontend_origins: name the origins, '*' is not allowed")
    retention = int(values["log_retention_days"])
    if retention not in RETENTION_DAYS:
        raise ValueError(f"log_retention_days: {retention} is not one of {RETENTION_DAYS}")
    analytics_k = int(values["analytics_k"])
    if analytics_k < 2:
        raise ValueError(f"analytics_k: {analytics_k} would suppress nothing; use 2 or more")
    mail_from = str(values["mail_from"])
    if "@" not in parseaddr(mail_from)[1]:
        raise ValueError(f"mail_from: {mail_from!r} has no address")
    return StageSettings(
        stage=stage,
        frontend_url=str(values["frontend_url"]).rstrip("/"),
        frontend_origins=origins,
        api_url=str(values["api_url"]).rstrip("/"),
        mail_from=mail_from,
        alarm_email=str(values["alarm_email"] or ""),
        throttle_rate=int(values["throttle_rate"]),
        throttle_burst=int(values["throttle_burst"]),
        log_retention_days=retention,
        api_5xx_rate=float(values["api_5xx_rate"]),
        manage_apigateway_account=_flag(values["manage_apigateway_account"]),
        lambda_memory=int(values["lambda_memory"]),
        sso_facebook_client_id=str(values["sso_facebook_client_id"] or ""),
        analytics_k=analytics_k,
    )
