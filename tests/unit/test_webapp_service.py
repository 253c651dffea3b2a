"""TX-08: the ECS cluster and Fargate service, its capacity, deployments and scaling."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import (
    ECS_MAX_TASKS,
    ECS_MIN_TASKS,
    ECS_SCALING_CPU_PERCENT,
    ECS_SCALING_MEMORY_PERCENT,
    FARGATE_BASE_TASKS,
    LOG_RETENTION_DAYS,
)
from tests.template_queries import referenced_id, resources_of_type
from tests.webapp_stack import WEBAPP_STACKS, config_of, default_routes, only, props, subnet_ids_by_tier

pytestmark = pytest.mark.synth


def service(assembly: Any, stack: str) -> dict[str, Any]:
    return props(assembly.templates[stack], "AWS::ECS::Service")


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_cluster_has_container_insights(assembly: Any, stack: str) -> None:
    settings = props(assembly.templates[stack], "AWS::ECS::Cluster")["ClusterSettings"]
    assert {"Name": "containerInsights", "Value": "enabled"} in settings


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_container_insights_writes_to_a_precreated_encrypted_log_group(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    cluster_name = props(template, "AWS::ECS::Cluster")["ClusterName"]
    name = f"/aws/ecs/containerinsights/{cluster_name}/performance"
    (group,) = [
        g["Properties"]
        for g in resources_of_type(template, "AWS::Logs::LogGroup").values()
        if g["Properties"].get("LogGroupName") == name
    ]
    assert group["RetentionInDays"] == LOG_RETENTION_DAYS
    assert "KmsKeyId" in group


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_service_runs_at_least_the_minimum_tasks(assembly: Any, stack: str) -> None:
    assert service(assembly, stack)["DesiredCount"] >= ECS_MIN_TASKS >= 2


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_tasks_run_in_the_private_subnets_without_public_ips(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    network = service(assembly, stack)["NetworkConfiguration"]["AwsvpcConfiguration"]
    subnets = {referenced_id(subnet) for subnet in network["Subnets"]}
    assert network["AssignPublicIp"] == "DISABLED"
    assert subnets == subnet_ids_by_tier(template)["app"]
    assert all("NatGatewayId" in default_routes(template)[subnet] for subnet in subnets)


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_fargate_carries_the_base_and_fargate_spot_the_rest(assembly: Any, stack: str) -> None:
    strategy = {
        item["CapacityProvider"]: item for item in service(assembly, stack)["CapacityProviderStrategy"]
    }
    assert set(strategy) == {"FARGATE", "FARGATE_SPOT"}
    assert strategy["FARGATE"]["Base"] == FARGATE_BASE_TASKS
    assert "Base" not in strategy["FARGATE_SPOT"]


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_cluster_offers_both_capacity_providers(assembly: Any, stack: str) -> None:
    providers = props(assembly.templates[stack], "AWS::ECS::ClusterCapacityProviderAssociations")
    assert set(providers["CapacityProviders"]) == {"FARGATE", "FARGATE_SPOT"}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_a_failing_deployment_rolls_back(assembly: Any, stack: str) -> None:
    breaker = service(assembly, stack)["DeploymentConfiguration"]["DeploymentCircuitBreaker"]
    assert breaker == {"Enable": True, "Rollback": True}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_service_scales_between_the_claimed_bounds(assembly: Any, stack: str) -> None:
    target = props(assembly.templates[stack], "AWS::ApplicationAutoScaling::ScalableTarget")
    assert (target["MinCapacity"], target["MaxCapacity"]) == (ECS_MIN_TASKS, ECS_MAX_TASKS)


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_scaling_tracks_cpu_and_memory(assembly: Any, stack: str) -> None:
    policies = resources_of_type(
        assembly.templates[stack], "AWS::ApplicationAutoScaling::ScalingPolicy"
    ).values()
    targets = {
        p["Properties"]["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"][
            "PredefinedMetricType"
        ]: p["Properties"]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"]
        for p in policies
    }
    assert targets == {
        "ECSServiceAverageCPUUtilization": ECS_SCALING_CPU_PERCENT,
        "ECSServiceAverageMemoryUtilization": ECS_SCALING_MEMORY_PERCENT,
    }


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_image_comes_from_the_configuration(assembly: Any, stack: str) -> None:
    containers = props(assembly.templates[stack], "AWS::ECS::TaskDefinition")["ContainerDefinitions"]
    assert {container["Image"] for container in containers} == {config_of(stack).webapp.container_image}


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_task_size_comes_from_the_configuration(assembly: Any, stack: str) -> None:
    task = props(assembly.templates[stack], "AWS::ECS::TaskDefinition")
    web = config_of(stack).webapp
    assert (task["Cpu"], task["Memory"]) == (str(web.task_cpu), str(web.task_memory_mib))


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_service_is_created_after_the_cluster_offers_its_capacity_providers(
    assembly: Any, stack: str
) -> None:
    template = assembly.templates[stack]
    association_id, _ = only(template, "AWS::ECS::ClusterCapacityProviderAssociations")
    _, service_resource = only(template, "AWS::ECS::Service")
    assert association_id in service_resource["DependsOn"]
