"""What the web app's tests share: its stacks, their configuration and a few template queries."""

from __future__ import annotations

from typing import Any

from stacks.config import EnvironmentConfig, load_environments
from tests.template_queries import referenced_id, resources_of_type

ENVIRONMENTS = ("dev", "prod")
WEBAPP_STACKS = tuple(f"WebApp-{env}" for env in ENVIRONMENTS)
EDGE_STACKS = tuple(f"WebAppEdge-{env}" for env in ENVIRONMENTS)
ALL_STACKS = WEBAPP_STACKS + EDGE_STACKS
VALIDATOR_HANDLER = "transaction_validator.handler.lambda_handler"
# CDK framework functions that remain (MW-01): the one behind `restrict_default_security_group`.
FRAMEWORK_FUNCTION_PREFIXES = ("CustomVpcRestrictDefaultSGCustomResourceProvider",)


def config_of(stack: str) -> EnvironmentConfig:
    """The environment configuration `stack` was built from."""
    return load_environments()[stack.rsplit("-", 1)[1]]


def only(template: dict[str, Any], resource_type: str) -> tuple[str, dict[str, Any]]:
    """The single resource of `resource_type`, as (logical id, resource)."""
    found = resources_of_type(template, resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {sorted(found)}"
    return next(iter(found.items()))


def props(template: dict[str, Any], resource_type: str) -> dict[str, Any]:
    """The properties of the single resource of `resource_type`."""
    return dict(only(template, resource_type)[1]["Properties"])


def ssm_parameter_default(template: dict[str, Any], value: Any) -> str | None:
    """The SSM parameter name behind `value` if it is a `Ref` to an SSM-typed template parameter."""
    name = referenced_id(value)
    parameter = template.get("Parameters", {}).get(name or "")
    if parameter is None or not parameter["Type"].startswith("AWS::SSM::Parameter::Value"):
        return None
    return str(parameter["Default"])


def subnet_ids_by_tier(template: dict[str, Any]) -> dict[str, set[str]]:
    """Subnet logical ids by CDK tier tag (`public`, `app`, `data`)."""
    tiers: dict[str, set[str]] = {}
    for subnet_id, subnet in resources_of_type(template, "AWS::EC2::Subnet").items():
        tags = {tag["Key"]: tag["Value"] for tag in subnet["Properties"]["Tags"]}
        tiers.setdefault(tags["aws-cdk:subnet-name"], set()).add(subnet_id)
    return tiers


def default_routes(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{subnet logical id: its 0.0.0.0/0 route's properties} for subnets that have one."""
    table_of_subnet = {
        referenced_id(assoc["Properties"]["SubnetId"]): referenced_id(assoc["Properties"]["RouteTableId"])
        for assoc in resources_of_type(template, "AWS::EC2::SubnetRouteTableAssociation").values()
    }
    route_of_table = {
        referenced_id(route["Properties"]["RouteTableId"]): route["Properties"]
        for route in resources_of_type(template, "AWS::EC2::Route").values()
        if route["Properties"].get("DestinationCidrBlock") == "0.0.0.0/0"
    }
    return {
        str(subnet): route_of_table[table]
        for subnet, table in table_of_subnet.items()
        if table in route_of_table
    }


def is_framework_function(logical_id: str) -> bool:
    return logical_id.startswith(FRAMEWORK_FUNCTION_PREFIXES)
