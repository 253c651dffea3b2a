"""Typed access to `config/environments.json`, the one place where environments differ (MW-09).

Every value that differs between `dev` and `prod` (region, AZs, sizes, SSM parameter names for
account-only values such as the alarm e-mail and certificate ARNs) is read here and nowhere else.
A malformed file is a `ConfigError` naming the environment and the key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, get_type_hints

CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "environments.json"


class ConfigError(ValueError):
    """The configuration file is missing, malformed or incomplete."""


@dataclass(frozen=True, kw_only=True)
class WebhookConfig:
    handler_reserved_concurrency: int
    handler_p99_seconds: float
    processor_reserved_concurrency: int
    audit_reserved_concurrency: int


@dataclass(frozen=True, kw_only=True)
class WebAppConfig:
    """The transaction web app's sizes and account-only values (TX-01..TX-12).

    `alb_certificate_arn_parameter` names an SSM parameter in the stack's region; the CloudFront
    pair is either both null (the distribution keeps its `*.cloudfront.net` name and certificate)
    or a domain name plus the name of an SSM parameter in us-east-1 holding an ACM certificate ARN
    from us-east-1, where CloudFront reads certificates.
    """

    vpc_cidr: str
    nat_gateways: int
    alb_certificate_arn_parameter: str
    cloudfront_domain_name: str | None
    cloudfront_certificate_arn_parameter: str | None
    container_image: str
    container_port: int
    health_check_path: str
    task_cpu: int
    task_memory_mib: int
    db_instance_class: str
    db_connections_alarm_threshold: int
    validator_reserved_concurrency: int

    def __post_init__(self) -> None:
        if (self.cloudfront_domain_name is None) != (self.cloudfront_certificate_arn_parameter is None):
            raise ConfigError(
                "cloudfront_domain_name and cloudfront_certificate_arn_parameter: set both or neither"
            )
        if not 1 <= self.nat_gateways <= 3:
            raise ConfigError("nat_gateways: expected 1 to 3 (at most one per availability zone)")
        if not self.health_check_path.startswith("/"):
            raise ConfigError("health_check_path: expected an absolute path such as /")


@dataclass(frozen=True, kw_only=True)
class EnvironmentConfig:
    name: str
    account: str | None
    region: str
    availability_zones: tuple[str, ...]
    tags: dict[str, str]
    alarm_email_parameter: str
    deletion_protection: bool
    webhook: WebhookConfig
    webapp: WebAppConfig

    @property
    def all_tags(self) -> dict[str, str]:
        """The MW-07 tags: the configured ones plus `Environment`."""
        return {"Environment": self.name, **self.tags}


T = TypeVar("T")
_SCALARS: dict[Any, tuple[type, ...]] = {
    int: (int,),
    float: (int, float),
    str: (str,),
    bool: (bool,),
    str | None: (str, type(None)),
}


def _check_types(raw: dict[str, Any], cls: type, where: str) -> None:
    """Refuse a value of the wrong JSON type (e.g. a string where a number belongs)."""
    for name, hint in get_type_hints(cls).items():
        allowed = _SCALARS.get(hint)
        value = raw[name]
        wrong_bool = isinstance(value, bool) and hint in (int, float)
        if allowed is not None and (wrong_bool or not isinstance(value, allowed)):
            raise ConfigError(f"{where}.{name}: expected {getattr(hint, '__name__', hint)}, got {value!r}")


def _section(raw: dict[str, Any], cls: type[T], where: str) -> T:
    fields = cls.__dataclass_fields__  # type: ignore[attr-defined]
    missing = sorted(set(fields) - set(raw))
    unknown = sorted(set(raw) - set(fields))
    if missing:
        raise ConfigError(f"{where}: missing key(s) {', '.join(missing)}")
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    _check_types(raw, cls, where)
    try:
        return cls(**raw)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def parse_environment(name: str, raw: Any) -> EnvironmentConfig:
    """Build one environment's configuration, refusing missing or unknown keys."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{name}: expected an object")
    body = {k: v for k, v in raw.items() if k not in ("webhook", "webapp")}
    for section in ("webhook", "webapp"):
        if not isinstance(raw.get(section), dict):
            raise ConfigError(f"{name}.{section}: expected an object")
    if not isinstance(body.get("availability_zones"), list) or len(body["availability_zones"]) != 3:
        raise ConfigError(f"{name}.availability_zones: expected a list of 3 AZ names (TX-01)")
    body["availability_zones"] = tuple(body["availability_zones"])
    if "Environment" in body.get("tags", {}):
        raise ConfigError(f"{name}.tags: 'Environment' is set from the environment name")
    return _section(
        {
            **body,
            "name": name,
            "webhook": _section(raw["webhook"], WebhookConfig, f"{name}.webhook"),
            "webapp": _section(raw["webapp"], WebAppConfig, f"{name}.webapp"),
        },
        EnvironmentConfig,
        name,
    )


def load_environments(path: Path = CONFIG_PATH) -> dict[str, EnvironmentConfig]:
    """All environments in the file, keyed by name (`dev`, `prod`)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: not found") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected an object of environments")
    return {name: parse_environment(name, body) for name, body in raw.items() if not name.startswith("_")}
