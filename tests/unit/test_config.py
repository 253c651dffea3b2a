"""MW-09: one configuration file, strictly read; dev and prod differ only there."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from stacks.config import CONFIG_PATH, ConfigError, load_environments, parse_environment


@pytest.fixture
def raw_dev() -> dict[str, Any]:
    return copy.deepcopy(json.loads(CONFIG_PATH.read_text())["dev"])


def test_the_file_defines_exactly_dev_and_prod() -> None:
    assert set(load_environments()) == {"dev", "prod"}


def test_environment_tag_comes_from_the_environment_name() -> None:
    prod = load_environments()["prod"]
    assert prod.all_tags["Environment"] == "prod"
    assert set(prod.all_tags) == {"Environment", "Team", "CostCenter", "Application"}


def test_prod_turns_deletion_protection_on() -> None:
    assert load_environments()["prod"].deletion_protection is True


def test_account_only_values_are_ssm_parameter_names_not_values() -> None:
    for config in load_environments().values():
        assert config.alarm_email_parameter.startswith(f"/fintech/{config.name}/")
        assert "@" not in config.alarm_email_parameter
        assert config.webapp.alb_certificate_arn_parameter.startswith(f"/fintech/{config.name}/")


def test_a_missing_key_is_named(raw_dev: dict[str, Any]) -> None:
    del raw_dev["webhook"]["handler_p99_seconds"]
    with pytest.raises(ConfigError, match=r"dev.webhook: missing key\(s\) handler_p99_seconds"):
        parse_environment("dev", raw_dev)


def test_an_unknown_key_is_named(raw_dev: dict[str, Any]) -> None:
    raw_dev["regoin"] = "eu-west-1"
    with pytest.raises(ConfigError, match=r"dev: unknown key\(s\) regoin"):
        parse_environment("dev", raw_dev)


def test_three_availability_zones_are_required(raw_dev: dict[str, Any]) -> None:
    raw_dev["availability_zones"] = raw_dev["availability_zones"][:2]
    with pytest.raises(ConfigError, match="expected a list of 3 AZ names"):
        parse_environment("dev", raw_dev)


def test_the_environment_tag_cannot_be_overridden(raw_dev: dict[str, Any]) -> None:
    raw_dev["tags"]["Environment"] = "prod"
    with pytest.raises(ConfigError, match="'Environment' is set from the environment name"):
        parse_environment("dev", raw_dev)


def test_malformed_json_is_a_config_error(tmp_path: Path) -> None:
    broken = tmp_path / "environments.json"
    broken.write_text("{not json")
    with pytest.raises(ConfigError, match="not valid JSON"):
        load_environments(broken)


def test_a_value_of_the_wrong_type_is_named(raw_dev: dict[str, Any]) -> None:
    raw_dev["webhook"]["handler_reserved_concurrency"] = "200"
    with pytest.raises(
        ConfigError, match=r"dev.webhook.handler_reserved_concurrency: expected int, got '200'"
    ):
        parse_environment("dev", raw_dev)


def test_a_boolean_is_not_a_number(raw_dev: dict[str, Any]) -> None:
    raw_dev["webapp"]["nat_gateways"] = True
    with pytest.raises(ConfigError, match=r"dev.webapp.nat_gateways: expected int"):
        parse_environment("dev", raw_dev)
