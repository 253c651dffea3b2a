"""`WebApp-<env>`: the transaction web app in the configured region (TX-01..TX-04, TX-07..TX-12).

The stack only wires the constructs together and makes the grants; each construct module says
what it builds and which claim it serves. The CloudFront side (assets bucket, distribution and
its web ACL) is the separate stack `WebAppEdge-<env>` in us-east-1 (see `edge`). Account-only
values (ALB certificate ARN, alert e-mail) are SSM parameters whose names come from the
configuration, resolved by CloudFormation at deploy time, so synthesis needs no credentials.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from policies.constants import CLOUDFRONT_REGION, DB_PORT
from stacks.config import EnvironmentConfig
from stacks.defaults import allow_cloudwatch_logs, kms_key
from stacks.webapp import names, permissions
from stacks.webapp.database import DATABASE_NAME, Database
from stacks.webapp.load_balancer import LoadBalancer
from stacks.webapp.monitoring import Monitoring
from stacks.webapp.network import Network
from stacks.webapp.security_groups import SecurityGroups
from stacks.webapp.service import WebService
from stacks.webapp.sessions import SessionsTable
from stacks.webapp.task import WebTask
from stacks.webapp.validator import TransactionValidator


class WebAppStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: EnvironmentConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        web = config.webapp
        prefix = names.prefix(config)
        self.task_role_name = names.task_role_name(config)
        self.log_key = kms_key(self, "LogKey", description=f"Log groups of the {prefix} web app")
        allow_cloudwatch_logs(self.log_key)

        network = Network(
            self,
            "Network",
            cidr=web.vpc_cidr,
            availability_zones=config.availability_zones,
            nat_gateways=web.nat_gateways,
            log_key=self.log_key,
            tags=config.all_tags,
        )
        groups = SecurityGroups(self, "SecurityGroups", vpc=network.vpc, container_port=web.container_port)
        sessions = SessionsTable(
            self, "Sessions", table_name=f"{prefix}-sessions", deletion_protection=config.deletion_protection
        )
        database = Database(
            self,
            "Database",
            cluster_identifier=f"{prefix}-transactions",
            instance_class=web.db_instance_class,
            vpc=network.vpc,
            security_group=groups.database,
            deletion_protection=config.deletion_protection,
            log_key=self.log_key,
        )
        validator = TransactionValidator(
            self, "Validator", reserved_concurrency=web.validator_reserved_concurrency, log_key=self.log_key
        )
        load_balancer = LoadBalancer(
            self,
            "LoadBalancer",
            vpc=network.vpc,
            security_group=groups.alb,
            certificate_arn=ssm.StringParameter.value_for_string_parameter(
                self, web.alb_certificate_arn_parameter
            ),
            container_port=web.container_port,
            health_check_path=web.health_check_path,
            deletion_protection=config.deletion_protection,
            waf_name=f"{prefix}-webapp-alb",
            log_key=self.log_key,
        )
        secret = database.cluster.secret
        assert secret is not None  # manage_master_user_password: RDS's secret
        task = WebTask(
            self,
            "Task",
            image=web.container_image,
            container_port=web.container_port,
            cpu=web.task_cpu,
            memory_mib=web.task_memory_mib,
            task_role_name=self.task_role_name,
            execution_statements=permissions.read_secret(
                secret, key=database.key, sid="InjectDatabaseSecret"
            ),
            task_statements=[
                *permissions.read_secret(secret, key=database.key, sid="ReadDatabaseSecret"),
                *permissions.read_write_sessions(sessions.table, key=sessions.key),
                *permissions.invoke(validator.function),
            ],
            database_secret=secret,
            environment={
                "DB_HOST": database.cluster.cluster_endpoint.hostname,
                "DB_READER_HOST": database.cluster.cluster_read_endpoint.hostname,
                "DB_PORT": str(DB_PORT),
                "DB_NAME": DATABASE_NAME,
                "DB_SECRET_ARN": secret.secret_arn,
                "SESSIONS_TABLE": sessions.table.table_name,
                "VALIDATOR_FUNCTION": validator.function.function_name,
                "ASSETS_BUCKET": names.assets_bucket_name(self, config),
                "ASSETS_BUCKET_REGION": CLOUDFRONT_REGION,
            },
            log_key=self.log_key,
        )
        service = WebService(
            self,
            "Web",
            cluster_name=f"{prefix}-webapp",
            vpc=network.vpc,
            security_group=groups.tasks,
            target_group=load_balancer.target_group,
            task_definition=task.definition,
            log_key=self.log_key,
        )
        Monitoring(
            self,
            "Monitoring",
            name=f"{prefix}-webapp",
            alert_email=ssm.StringParameter.value_for_string_parameter(self, config.alarm_email_parameter),
            service=service.service,
            load_balancer=load_balancer.alb,
            target_group=load_balancer.target_group,
            validator=validator.function,
            database=database.cluster,
            sessions=sessions.table,
            db_connections_threshold=web.db_connections_alarm_threshold,
        )
        outputs = {
            "AlbDnsName": (
                "alb-dns-name",
                "DNS name of the internet-facing ALB",
                load_balancer.alb.load_balancer_dns_name,
            ),
            "DatabaseEndpoint": (
                "database-endpoint",
                "Aurora writer endpoint",
                database.cluster.cluster_endpoint.hostname,
            ),
            "ValidatorFunctionArn": (
                "validator-arn",
                "ARN of transaction_validator",
                validator.function.function_arn,
            ),
            "SessionsTableName": ("sessions-table", "Name of the sessions table", sessions.table.table_name),
        }
        for output_id, (export, description, value) in outputs.items():
            CfnOutput(
                self, output_id, description=description, value=value, export_name=f"{prefix}-webapp-{export}"
            )
