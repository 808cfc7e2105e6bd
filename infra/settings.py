"""What differs between deployments: the stage (`-c stage=prod`) and a few per-stage values,
each overridable from the CDK context (`-c frontend_url=https://...`).

Everything else (tables, queues, handlers, secret keys) is derived from the code."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

STAGES = ("dev", "prod")
# CloudWatch Logs accepts only these retention periods (days).
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
                  2192, 2557, 2922, 3288, 3653)

# Context keys that no longer exist, and what replaced them (a typo must not pass unseen).
REMOVED = {
    "frontend_url": "the web app's URL is the CloudFront distribution's, or https://<web_domain>",
    "frontend_origins": "CORS allows the web app's origin; add others with extra_origins",
}
PRICE_CLASSES = ("PriceClass_100", "PriceClass_200", "PriceClass_All")

# Per-stage defaults. Operators set real domains with `-c key=value` (or in infra/cdk.json).
DEFAULTS: dict[str, dict[str, Any]] = {
    "dev": {
        "extra_origins": "http://localhost:3000",
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
        "function_url": "false",
        "api_concurrency": 0,
        "web_build": "web/build",
        "web_domain": "",
        "web_certificate_arn": "",
        "web_fallback": "index.html",
        "web_price_class": "PriceClass_100",
        "map_tiles_url": "",
    },
    "prod": {
        "extra_origins": "",
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
        "function_url": "false",
        "api_concurrency": 0,
        "web_build": "web/build",
        "web_domain": "",
        "web_certificate_arn": "",
        "web_fallback": "index.html",
        "web_price_class": "PriceClass_100",
        "map_tiles_url": "",
    },
}


@dataclass(frozen=True)
class StageSettings:
    stage: str
    extra_origins: tuple[str, ...]  # CORS origins besides the web app's own
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
    function_url: bool = False      # a public Lambda URL for the API function (capped below)
    api_concurrency: int = 0        # reserved concurrency of the API function (0: none)
    web_build: str = "web/build"    # the static build to upload (relative to the repository)
    web_domain: str = ""            # a custom domain for the distribution...
    web_certificate_arn: str = ""   # ...and its ACM certificate (us-east-1)
    web_fallback: str = "index.html"  # the SPA's page for every path that is not a file
    web_price_class: str = "PriceClass_100"
    map_tiles_url: str = ""         # a map tile URL template; its origin joins img-src

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
    def web_origin(self) -> str | None:
        """The web app's origin when it has a custom domain (else the distribution's)."""
        return f"https://{self.web_domain}" if self.web_domain else None

    @property
    def mail_address(self) -> str:
        return parseaddr(self.mail_from)[1]

    @property
    def mail_domain(self) -> str:
        return self.mail_address.rpartition("@")[2]


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def origin(value: str, name: str) -> str:
    """`scheme://host[:port]` of a URL, refusing what is not one."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc or "*" in parts.netloc:
        raise ValueError(f"{name}: {value!r} is not an http(s) URL naming one host")
    return f"{parts.scheme}://{parts.netloc}"


def resolve(context: dict[str, Any]) -> StageSettings:
    """The settings of the stage named in `context["stage"]` (default dev), with any context
    value overriding the stage's default."""
    stage = str(context.get("stage") or "dev")
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}: use one of {', '.join(STAGES)}")
    values = {**DEFAULTS[stage], **{k: v for k, v in context.items() if k in DEFAULTS[stage]}}
    for key, replacement in REMOVED.items():
        if key in context:
            raise ValueError(f"{key} is no longer a setting: {replacement}")
    extra = tuple(o.strip().rstrip("/") for o in str(values["extra_origins"]).split(",")
                  if o.strip())
    if any(o == "*" for o in extra):
        raise ValueError("extra_origins: name the origins, '*' is not allowed")
    for extra_origin in extra:
        if origin(extra_origin, "extra_origins") != extra_origin:
            raise ValueError(f"extra_origins: {extra_origin!r} is not an origin (no path)")
    function_url = _flag(values["function_url"])
    concurrency = int(values["api_concurrency"])
    if concurrency < 0:
        raise ValueError("api_concurrency: 0 (none reserved) or more")
    if function_url and concurrency < 1:
        raise ValueError("function_url: a public function URL has no API Gateway throttling; "
                         "cap it with api_concurrency (reserved concurrency, e.g. 20)")
    web_domain = str(values["web_domain"] or "").strip().lower().rstrip(".")
    certificate = str(values["web_certificate_arn"] or "").strip()
    if bool(web_domain) != bool(certificate):
        raise ValueError("web_domain and web_certificate_arn go together (CloudFront serves a "
                         "custom domain with an ACM certificate)")
    if certificate and not certificate.startswith("arn:aws:acm:us-east-1:"):
        raise ValueError("web_certificate_arn: CloudFront takes ACM certificates from "
                         "us-east-1 only")
    if web_domain and origin(f"https://{web_domain}", "web_domain") != f"https://{web_domain}":
        raise ValueError(f"web_domain: {web_domain!r} is not a host name")
    price_class = str(values["web_price_class"])
    if price_class not in PRICE_CLASSES:
        raise ValueError(f"web_price_class: one of {', '.join(PRICE_CLASSES)}")
    fallback = str(values["web_fallback"]).strip().lstrip("/")
    if not fallback.endswith(".html"):
        raise ValueError("web_fallback: the SPA's fallback page, e.g. index.html")
    tiles = str(values["map_tiles_url"] or "").strip()
    if tiles:
        origin(tiles, "map_tiles_url")
    origin(str(values["api_url"]), "api_url")
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
        extra_origins=extra,
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
        function_url=function_url,
        api_concurrency=concurrency,
        web_build=str(values["web_build"]),
        web_domain=web_domain,
        web_certificate_arn=certificate,
        web_fallback=fallback,
        web_price_class=price_class,
        map_tiles_url=tiles,
    )
