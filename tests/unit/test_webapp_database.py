"""TX-03: Aurora PostgreSQL, its encryption, backups, logs and credentials."""

from __future__ import annotations

from typing import Any

import pytest

from policies.constants import AURORA_POSTGRES_VERSION, DB_BACKUP_RETENTION_DAYS, LOG_RETENTION_DAYS
from tests.template_queries import referenced_id, resources_of_type
from tests.webapp_stack import WEBAPP_STACKS, config_of, default_routes, only, props, subnet_ids_by_tier

pytestmark = pytest.mark.synth
MIN_SUPPORTED_MAJOR = 16


def cluster(assembly: Any, stack: str) -> dict[str, Any]:
    return props(assembly.templates[stack], "AWS::RDS::DBCluster")


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_engine_is_a_supported_aurora_postgresql(assembly: Any, stack: str) -> None:
    properties = cluster(assembly, stack)
    assert properties["Engine"] == "aurora-postgresql"
    assert properties["EngineVersion"] == AURORA_POSTGRES_VERSION
    assert int(AURORA_POSTGRES_VERSION.split(".")[0]) >= MIN_SUPPORTED_MAJOR


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_one_writer_and_one_reader_of_the_configured_class_are_private(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    cluster_id, _ = only(template, "AWS::RDS::DBCluster")
    instances = resources_of_type(template, "AWS::RDS::DBInstance").values()
    assert len(instances) == 2
    for instance in instances:
        assert referenced_id(instance["Properties"]["DBClusterIdentifier"]) == cluster_id
        assert instance["Properties"]["DBInstanceClass"] == f"db.{config_of(stack).webapp.db_instance_class}"
        assert instance["Properties"]["PubliclyAccessible"] is False


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_database_lives_in_the_isolated_subnets(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    subnets = {referenced_id(subnet) for subnet in props(template, "AWS::RDS::DBSubnetGroup")["SubnetIds"]}
    assert subnets == subnet_ids_by_tier(template)["data"]
    assert not subnets & set(default_routes(template))


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_storage_is_encrypted_with_a_rotating_customer_managed_key(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    properties = cluster(assembly, stack)
    key = template["Resources"][referenced_id(properties["KmsKeyId"])]
    assert properties["StorageEncrypted"] is True
    assert key["Type"] == "AWS::KMS::Key"
    assert key["Properties"]["EnableKeyRotation"] is True


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_backups_are_kept_at_least_the_claimed_days(assembly: Any, stack: str) -> None:
    assert cluster(assembly, stack)["BackupRetentionPeriod"] >= DB_BACKUP_RETENTION_DAYS


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_deletion_protection_follows_the_configuration(assembly: Any, stack: str) -> None:
    assert cluster(assembly, stack)["DeletionProtection"] is config_of(stack).deletion_protection


def test_prod_database_has_deletion_protection(assembly: Any) -> None:
    assert cluster(assembly, "WebApp-prod")["DeletionProtection"] is True


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_cluster_is_retained_when_the_stack_is_deleted(assembly: Any, stack: str) -> None:
    _, resource = only(assembly.templates[stack], "AWS::RDS::DBCluster")
    assert resource["DeletionPolicy"] == "Retain"


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_iam_database_authentication_is_on(assembly: Any, stack: str) -> None:
    assert cluster(assembly, stack)["EnableIAMDatabaseAuthentication"] is True


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_postgresql_logs_go_to_a_precreated_30_day_encrypted_log_group(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    properties = cluster(assembly, stack)
    expected_name = f"/aws/rds/cluster/{properties['DBClusterIdentifier']}/postgresql"
    groups = [
        group["Properties"]
        for group in resources_of_type(template, "AWS::Logs::LogGroup").values()
        if group["Properties"].get("LogGroupName") == expected_name
    ]
    assert properties["EnableCloudwatchLogsExports"] == ["postgresql"]
    assert len(groups) == 1
    assert groups[0]["RetentionInDays"] == LOG_RETENTION_DAYS
    assert "KmsKeyId" in groups[0]


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_log_group_exists_before_the_cluster_can_write_to_it(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    _, resource = only(template, "AWS::RDS::DBCluster")
    dependencies = {template["Resources"][d]["Type"] for d in resource.get("DependsOn", [])}
    assert "AWS::Logs::LogGroup" in dependencies


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_performance_insights_is_encrypted_with_the_database_key(assembly: Any, stack: str) -> None:
    properties = cluster(assembly, stack)
    assert properties["PerformanceInsightsEnabled"] is True
    assert properties["PerformanceInsightsKmsKeyId"] == properties["KmsKeyId"]


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_rds_manages_and_rotates_the_master_secret_with_the_database_key(assembly: Any, stack: str) -> None:
    properties = cluster(assembly, stack)
    assert properties["ManageMasterUserPassword"] is True
    assert properties["MasterUserSecret"]["KmsKeyId"] == properties["KmsKeyId"]
    assert "MasterUserPassword" not in properties


@pytest.mark.parametrize("stack", WEBAPP_STACKS)
def test_the_parameter_group_refuses_connections_without_tls(assembly: Any, stack: str) -> None:
    parameters = props(assembly.templates[stack], "AWS::RDS::DBClusterParameterGroup")["Parameters"]
    assert parameters["rds.force_ssl"] == "1"
