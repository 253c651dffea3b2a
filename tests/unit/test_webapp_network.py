"""TX-01: the web app's VPC over three AZs, its subnet tiers, NAT, flow logs and default SG."""

from __future__ import annotations

from typing import Any

import pytest

from tests.template_queries import referenced_id, resources_of_type
from tests.webapp_stack import WEBAPP_STACKS, config_of, default_routes, props, subnet_ids_by_tier

pytestmark = pytest.mark.synth


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_subnets_span_the_three_configured_availability_zones(assembly: Any, stack: str) -> None:
    subnets = resources_of_type(assembly.templates[stack], "AWS::EC2::Subnet").values()
    zones = {subnet["Properties"]["AvailabilityZone"] for subnet in subnets}
    assert zones == set(config_of(stack).availability_zones)


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_each_tier_has_one_subnet_per_zone(assembly: Any, stack: str) -> None:
    tiers = subnet_ids_by_tier(assembly.templates[stack])
    assert {tier: len(ids) for tier, ids in tiers.items()} == {"public": 3, "app": 3, "data": 3}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_public_subnets_route_to_the_internet_gateway_without_public_ips(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    routes = default_routes(template)
    for subnet_id in subnet_ids_by_tier(template)["public"]:
        assert "GatewayId" in routes[subnet_id]
        assert template["Resources"][subnet_id]["Properties"]["MapPublicIpOnLaunch"] is False


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_private_subnets_reach_out_only_through_nat(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    routes = default_routes(template)
    assert all("NatGatewayId" in routes[subnet_id] for subnet_id in subnet_ids_by_tier(template)["app"])


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_isolated_subnets_have_no_default_route(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    assert not subnet_ids_by_tier(template)["data"] & set(default_routes(template))


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_nat_gateways_follow_the_configuration(assembly: Any, stack: str) -> None:
    nat_gateways = resources_of_type(assembly.templates[stack], "AWS::EC2::NatGateway")
    assert len(nat_gateways) == config_of(stack).webapp.nat_gateways


def test_prod_has_one_nat_gateway_per_zone(assembly: Any) -> None:
    assert len(resources_of_type(assembly.templates["WebApp-prod"], "AWS::EC2::NatGateway")) == 3


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_vpc_uses_the_configured_cidr(assembly: Any, stack: str) -> None:
    assert props(assembly.templates[stack], "AWS::EC2::VPC")["CidrBlock"] == config_of(stack).webapp.vpc_cidr


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_flow_logs_capture_all_traffic_into_a_log_group_of_the_stack(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    flow_log = props(template, "AWS::EC2::FlowLog")
    assert flow_log["TrafficType"] == "ALL"
    assert flow_log["LogDestinationType"] == "cloud-watch-logs"
    assert referenced_id(flow_log["ResourceId"]) in resources_of_type(template, "AWS::EC2::VPC")
    assert template["Resources"][referenced_id(flow_log["LogGroupName"])]["Type"] == "AWS::Logs::LogGroup"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_default_security_group_is_stripped_of_its_rules(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    restrict = props(template, "Custom::VpcRestrictDefaultSG")
    assert restrict["DefaultSecurityGroupId"]["Fn::GetAtt"][1] == "DefaultSecurityGroup"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_s3_and_dynamodb_traffic_stays_on_gateway_endpoints(assembly: Any, stack: str) -> None:
    endpoints = resources_of_type(assembly.templates[stack], "AWS::EC2::VPCEndpoint").values()
    services = {endpoint["Properties"]["ServiceName"]["Fn::Join"][1][-1] for endpoint in endpoints}
    assert services == {".s3", ".dynamodb"}
