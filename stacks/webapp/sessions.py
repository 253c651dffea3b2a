"""The `sessions` table of the web tier (TX-04).

Partition key `sessionId` (S); items expire through the TTL attribute `expiresAt` (epoch
seconds); on demand, point-in-time recovery, its own customer-managed key, deletion protection
from the configuration, retained on stack deletion (MW-03, MW-06).
"""

from __future__ import annotations

from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from stacks.acknowledgments import acknowledge
from stacks.defaults import ACKNOWLEDGMENT_EXPIRY, dynamodb_table, kms_key

PARTITION_KEY = "sessionId"
TTL_ATTRIBUTE = "expiresAt"
BACKUP_REASON = (
    "Sessions are short-lived login state that expires through TTL; point-in-time recovery (35 days) "
    "restores the table if needed, and a backup plan would only keep copies of expired sessions."
)
DEV_DELETION_REASON = (
    "MW-06 asks for deletion protection in prod; this environment's configuration turns it off so a dev "
    "stack can be torn down. The table is still retained on stack deletion (DeletionPolicy Retain)."
)


class SessionsTable(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, table_name: str, deletion_protection: bool
    ) -> None:
        super().__init__(scope, construct_id)
        self.key = kms_key(self, "Key", description=f"Server-side encryption of the {table_name} table")
        self.table: dynamodb.Table = dynamodb_table(
            self,
            "Table",
            table_name=table_name,
            partition_key=PARTITION_KEY,
            sort_key=None,
            encryption_key=self.key,
            deletion_protection=deletion_protection,
            time_to_live_attribute=TTL_ATTRIBUTE,
        )
        if not deletion_protection:
            acknowledge(self.table, "CKV_FIN_20", reason=DEV_DELETION_REASON, expires=ACKNOWLEDGMENT_EXPIRY)
        for pack in ("NIST.800.53.R5", "HIPAA.Security"):
            acknowledge(
                self.table,
                f"{pack}-DynamoDBInBackupPlan",
                reason=BACKUP_REASON,
                expires=ACKNOWLEDGMENT_EXPIRY,
            )
