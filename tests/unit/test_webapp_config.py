"""MW-09 for the web app's section of the configuration: complete, consistent, strictly read."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from stacks.config import CONFIG_PATH, ConfigError, load_environments, parse_environment


@pytest.fixture
def raw_prod() -> dict[str, Any]:
    return copy.deepcopy(json.loads(CONFIG_PATH.read_text())["prod"])


def test_prod_runs_one_nat_gateway_per_availability_zone() -> None:
    prod = load_environments()["prod"]
    assert prod.webapp.nat_gateways == len(prod.availability_zones)


def test_dev_and_prod_use_separate_address_ranges() -> None:
    environments = load_environments()
    assert environments["dev"].webapp.vpc_cidr != environments["prod"].webapp.vpc_cidr


def test_a_cloudfront_domain_without_a_certificate_is_refused(raw_prod: dict[str, Any]) -> None:
    raw_prod["webapp"]["cloudfront_domain_name"] = "assets.example.com"
    with pytest.raises(ConfigError, match=r"prod\.webapp: cloudfront_domain_name"):
        parse_environment("prod", raw_prod)


def test_a_cloudfront_certificate_without_a_domain_is_refused(raw_prod: dict[str, Any]) -> None:
    raw_prod["webapp"]["cloudfront_certificate_arn_parameter"] = "/fintech/prod/cloudfront-certificate-arn"
    with pytest.raises(ConfigError, match="set both or neither"):
        parse_environment("prod", raw_prod)


def test_a_domain_with_its_certificate_parameter_is_accepted(raw_prod: dict[str, Any]) -> None:
    raw_prod["webapp"]["cloudfront_domain_name"] = "assets.example.com"
    raw_prod["webapp"]["cloudfront_certificate_arn_parameter"] = "/fintech/prod/cloudfront-certificate-arn"
    assert parse_environment("prod", raw_prod).webapp.cloudfront_domain_name == "assets.example.com"


@pytest.mark.parametrize("nat_gateways", [0, 4])
def test_nat_gateways_outside_one_per_zone_are_refused(raw_prod: dict[str, Any], nat_gateways: int) -> None:
    raw_prod["webapp"]["nat_gateways"] = nat_gateways
    with pytest.raises(ConfigError, match="nat_gateways"):
        parse_environment("prod", raw_prod)


def test_a_relative_health_check_path_is_refused(raw_prod: dict[str, Any]) -> None:
    raw_prod["webapp"]["health_check_path"] = "health"
    with pytest.raises(ConfigError, match="health_check_path"):
        parse_environment("prod", raw_prod)


def test_no_webapp_value_in_prod_is_a_placeholder() -> None:
    text = json.dumps(json.loads(CONFIG_PATH.read_text())["prod"]["webapp"]).lower()
    assert not [marker for marker in ("example", "todo", "changeme", "placeholder", "xxx") if marker in text]
