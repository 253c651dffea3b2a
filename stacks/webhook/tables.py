"""The `transactions` and `audit_logs` tables (WH-10) and the audit log's append-only policy (WH-14)."""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from stacks.acknowledgments import acknowledge
from stacks.defaults import dynamodb_table

BACKUP_REASON = (
    "Backed up by DynamoDB point-in-time recovery: continuous backups restorable to any second of "
    "the last 35 days; the table also has deletion protection and is retained on stack deletion "
    "(WH-10). Copies kept longer in an AWS Backup vault are outside WH-10 and are reviewed again "
    "before this acknowledgment expires."
)

# Every data-plane way of changing or removing an item, and of giving items an expiry.
AUDIT_DENIED_ACTIONS = (
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLInsert",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
    "dynamodb:UpdateTimeToLive",
)


class PaymentTables(Construct):
    """Both tables: on-demand, PITR, customer-managed key, deletion protection, retained."""

    def __init__(
        self, scope: Construct, construct_id: str, *, environment: str, encryption_key: kms.IKey
    ) -> None:
        super().__init__(scope, construct_id)
        self.transactions = dynamodb_table(
            self,
            "Transactions",
            table_name=f"transactions-{environment}",
            partition_key="transaction_id",
            sort_key="timestamp",
            encryption_key=encryption_key,
            deletion_protection=True,
        )
        # No TTL attribute: this table is the audit trail kept at least AUDIT_RETENTION_MONTHS (WH-14).
        self.audit_logs = dynamodb_table(
            self,
            "AuditLogs",
            table_name=f"audit_logs-{environment}",
            partition_key="event_id",
            sort_key="timestamp",
            encryption_key=encryption_key,
            deletion_protection=True,
        )
        for table in (self.transactions, self.audit_logs):
            for pack in ("NIST.800.53.R5", "HIPAA.Security"):
                acknowledge(table, f"{pack}-DynamoDBInBackupPlan", reason=BACKUP_REASON, expires="2027-05-31")

    def make_audit_log_append_only(self, *, writer: iam.IRole) -> None:
        """Only `writer` may put items into `audit_logs`; nobody may change or delete one (WH-14).

        The table's resource policy names the writer's role ARN in a condition (not as a principal
        and with `*` as resource), so the role, its policy and the table form no dependency cycle.
        """
        self.audit_logs.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AuditLogIsAppendOnly",
                effect=iam.Effect.DENY,
                principals=[iam.AnyPrincipal()],
                actions=list(AUDIT_DENIED_ACTIONS),
                resources=["*"],
            )
        )
        self.audit_logs.add_to_resource_policy(
            iam.PolicyStatement(
                sid="OnlyTheAuditLoggerAppends",
                effect=iam.Effect.DENY,
                principals=[iam.AnyPrincipal()],
                actions=["dynamodb:PutItem"],
                resources=["*"],
                conditions={"ArnNotEquals": {"aws:PrincipalArn": writer.role_arn}},
            )
        )
