"""TX-02: who may talk to the ALB, the tasks and the database, and nothing else from anywhere."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import DB_PORT, HTTP_PORT, HTTPS_PORT
from tests.template_queries import referenced_id, resources_of_type
from tests.webapp_stack import WEBAPP_STACKS, config_of, props

pytestmark = pytest.mark.synth
ANYWHERE = {"0.0.0.0/0", "::/0"}


def groups(template: dict[str, Any]) -> dict[str, str]:
    """{'alb' | 'tasks' | 'database': security group logical id}."""
    found = {}
    for group_id, group in resources_of_type(template, "AWS::EC2::SecurityGroup").items():
        description = group["Properties"]["GroupDescription"]
        for role, marker in (("alb", "ALB"), ("tasks", "ECS tasks"), ("database", "Aurora")):
            if marker in description:
                found[role] = group_id
    return found


def ingress_rules(template: dict[str, Any], group_id: str) -> list[dict[str, Any]]:
    """Inline and standalone ingress rules of one group."""
    rules = list(template["Resources"][group_id]["Properties"].get("SecurityGroupIngress", []))
    rules.extend(
        rule["Properties"]
        for rule in resources_of_type(template, "AWS::EC2::SecurityGroupIngress").values()
        if referenced_id(rule["Properties"]["GroupId"]) == group_id
    )
    return rules


def egress_rules(template: dict[str, Any], group_id: str) -> list[dict[str, Any]]:
    rules = list(template["Resources"][group_id]["Properties"].get("SecurityGroupEgress", []))
    rules.extend(
        rule["Properties"]
        for rule in resources_of_type(template, "AWS::EC2::SecurityGroupEgress").values()
        if referenced_id(rule["Properties"]["GroupId"]) == group_id
    )
    return rules


def summary(rule: dict[str, Any]) -> tuple[Any, int, int]:
    peer = (
        rule.get("CidrIp")
        or rule.get("CidrIpv6")
        or referenced_id(rule.get("SourceSecurityGroupId") or rule.get("DestinationSecurityGroupId"))
    )
    return peer, rule["FromPort"], rule["ToPort"]


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_alb_accepts_443_and_80_from_the_internet_only(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    rules = {summary(rule) for rule in ingress_rules(template, groups(template)["alb"])}
    assert rules == {("0.0.0.0/0", HTTPS_PORT, HTTPS_PORT), ("0.0.0.0/0", HTTP_PORT, HTTP_PORT)}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_alb_can_reach_the_tasks_on_the_app_port_and_nothing_else(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    found = groups(template)
    port = config_of(stack).webapp.container_port
    assert {summary(rule) for rule in egress_rules(template, found["alb"])} == {(found["tasks"], port, port)}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_tasks_accept_the_app_port_from_the_alb_only(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    found = groups(template)
    port = config_of(stack).webapp.container_port
    assert {summary(rule) for rule in ingress_rules(template, found["tasks"])} == {(found["alb"], port, port)}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_database_accepts_its_port_from_the_tasks_only(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    found = groups(template)
    rules = {summary(rule) for rule in ingress_rules(template, found["database"])}
    assert rules == {(found["tasks"], DB_PORT, DB_PORT)}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_database_listens_on_the_port_its_group_opens(assembly: Any, stack: str) -> None:
    assert props(assembly.templates[stack], "AWS::RDS::DBCluster")["Port"] == DB_PORT


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_no_other_group_accepts_traffic_from_anywhere(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    alb = groups(template)["alb"]
    open_rules = [
        (group_id, summary(rule))
        for group_id in resources_of_type(template, "AWS::EC2::SecurityGroup")
        if group_id != alb
        for rule in ingress_rules(template, group_id)
        if summary(rule)[0] in ANYWHERE
    ]
    assert open_rules == []


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_database_has_no_egress(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    egress = egress_rules(template, groups(template)["database"])
    assert [rule.get("Description") for rule in egress] == ["Disallow all traffic"]
