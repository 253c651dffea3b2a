"""Aurora PostgreSQL: one writer and one reader in the isolated subnets (TX-03).

- engine `AURORA_POSTGRES_VERSION` (a currently supported major version), on `DB_PORT`;
- storage, Performance Insights and the master secret encrypted with the database's own
  customer-managed key; TLS enforced by the cluster parameter group (`rds.force_ssl`);
- backups kept `DB_BACKUP_RETENTION_DAYS`, deletion protection from the configuration, the
  cluster retained when the stack is deleted (MW-06); IAM database authentication on;
- master credentials managed by RDS in Secrets Manager (`ManageMasterUserPassword`): RDS
  creates the secret and rotates it automatically (every 7 days by default) without a rotation
  function, so nothing outside the tasks needs a network path to the database;
- the `postgresql` log is exported to a log group created here first, under the name RDS
  writes to, so it is KMS-encrypted and kept `LOG_RETENTION_DAYS` (MW-02); RDS would
  otherwise create it without a key and without expiry.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_rds as rds
from constructs import Construct

from policies.constants import AURORA_POSTGRES_VERSION, DB_BACKUP_RETENTION_DAYS, DB_PORT
from stacks.acknowledgments import acknowledge
from stacks.defaults import ACKNOWLEDGMENT_EXPIRY, kms_key, log_group

DATABASE_NAME = "transactions"
MASTER_USERNAME = "app_admin"
EXPORTED_LOGS = ("postgresql",)
# TLS only; connections logged (never statements: they may hold customer data).
PARAMETERS = {"rds.force_ssl": "1", "log_connections": "1", "log_disconnections": "1"}
ENHANCED_MONITORING_REASON = (
    "Enhanced Monitoring writes OS metrics to the account-wide RDSOSMetrics log group, which no stack "
    "can encrypt with its key or expire after 30 days (MW-02). Performance Insights (KMS-encrypted) and "
    "the CloudWatch RDS metrics alarmed on in TX-11 cover database monitoring instead."
)
INSTANCE_BACKUP_REASON = (
    "Aurora backs up the cluster volume, not its instances: automated backups with point-in-time "
    "restore are kept DB_BACKUP_RETENTION_DAYS for the whole cluster (TX-03); an instance is no backup unit."
)
DEV_DELETION_REASON = (
    "Deletion protection follows configuration (MW-09): on in prod; off in dev so the disposable dev "
    "database can be replaced. The cluster is still retained on stack deletion (RemovalPolicy RETAIN)."
)


def engine() -> rds.IClusterEngine:
    major = AURORA_POSTGRES_VERSION.split(".")[0]
    return rds.DatabaseClusterEngine.aurora_postgres(
        version=rds.AuroraPostgresEngineVersion.of(AURORA_POSTGRES_VERSION, major)
    )


class Database(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        cluster_identifier: str,
        instance_class: str,
        vpc: ec2.IVpc,
        security_group: ec2.ISecurityGroup,
        deletion_protection: bool,
        log_key: kms.IKey,
    ) -> None:
        super().__init__(scope, construct_id)
        self.key = kms_key(
            self,
            "Key",
            description=f"Aurora storage, secret and Performance Insights of {cluster_identifier}",
        )
        self.log_groups = [
            log_group(
                self,
                f"{name.capitalize()}Logs",
                encryption_key=log_key,
                log_group_name=f"/aws/rds/cluster/{cluster_identifier}/{name}",
            )
            for name in EXPORTED_LOGS
        ]
        instance_type = ec2.InstanceType(instance_class)
        self.cluster = rds.DatabaseCluster(
            self,
            "Cluster",
            engine=engine(),
            cluster_identifier=cluster_identifier,
            port=DB_PORT,
            default_database_name=DATABASE_NAME,
            credentials=rds.Credentials.from_username(MASTER_USERNAME, encryption_key=self.key),
            manage_master_user_password=True,
            writer=rds.ClusterInstance.provisioned(
                "Writer", instance_type=instance_type, publicly_accessible=False
            ),
            readers=[
                rds.ClusterInstance.provisioned(
                    "Reader", instance_type=instance_type, publicly_accessible=False
                )
            ],
            vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            security_groups=[security_group],
            parameters=PARAMETERS,
            storage_encrypted=True,
            storage_encryption_key=self.key,
            enable_performance_insights=True,
            performance_insight_encryption_key=self.key,
            iam_authentication=True,
            cloudwatch_logs_exports=list(EXPORTED_LOGS),
            backup=rds.BackupProps(retention=Duration.days(DB_BACKUP_RETENTION_DAYS)),
            deletion_protection=deletion_protection,
            copy_tags_to_snapshot=True,
            auto_minor_version_upgrade=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        for group in self.log_groups:
            self.cluster.node.add_dependency(group)
        for pack in ("NIST.800.53.R5", "HIPAA.Security"):
            acknowledge(
                self.cluster,
                f"{pack}-RDSEnhancedMonitoringEnabled",
                reason=ENHANCED_MONITORING_REASON,
                expires=ACKNOWLEDGMENT_EXPIRY,
            )
            for instance in ("Writer", "Reader"):
                acknowledge(
                    self.cluster.node.find_child(instance),
                    f"{pack}-RDSInBackupPlan",
                    reason=INSTANCE_BACKUP_REASON,
                    expires=ACKNOWLEDGMENT_EXPIRY,
                )
        for instance in ("Writer", "Reader"):
            acknowledge(
                self.cluster.node.find_child(instance),
                "CKV_AWS_118",
                reason=ENHANCED_MONITORING_REASON,
                expires=ACKNOWLEDGMENT_EXPIRY,
            )
        if not deletion_protection:
            acknowledge(
                self.cluster, "AwsSolutions-RDS10", reason=DEV_DELETION_REASON, expires=ACKNOWLEDGMENT_EXPIRY
            )
            for pack in ("NIST.800.53.R5", "HIPAA.Security"):
                acknowledge(
                    self.cluster,
                    f"{pack}-RDSInstanceDeletionProtectionEnabled",
                    reason=DEV_DELETION_REASON,
                    expires=ACKNOWLEDGMENT_EXPIRY,
                )
