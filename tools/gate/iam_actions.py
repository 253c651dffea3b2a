"""The IAM actions an AWS API call needs, from botocore's service model (MW-05).

For nearly every operation the action is `<signing name>:<operation name>`: `dynamodb PutItem`
needs `dynamodb:PutItem`, `sns Publish` needs `sns:Publish`. The prefix is the service's signing
name (`signingName`, else `endpointPrefix`, in the service model), which is its IAM prefix, not
its boto3 name (boto3 `stepfunctions` signs as `states`). `EXCEPTIONS` lists the operations
authorized by other actions (batch APIs by the single-item action, Lambda `Invoke` by
`lambda:InvokeFunction`, S3's listing and head operations, ...) and the calls that need none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

EXCEPTIONS: Final[Mapping[tuple[str, str], tuple[str, ...]]] = {
    ("sqs", "SendMessageBatch"): ("sqs:SendMessage",),
    ("sqs", "DeleteMessageBatch"): ("sqs:DeleteMessage",),
    ("sqs", "ChangeMessageVisibilityBatch"): ("sqs:ChangeMessageVisibility",),
    ("sns", "PublishBatch"): ("sns:Publish",),
    ("lambda", "Invoke"): ("lambda:InvokeFunction",),
    ("lambda", "InvokeAsync"): ("lambda:InvokeFunction",),
    ("lambda", "InvokeWithResponseStream"): ("lambda:InvokeFunction",),
    ("s3", "ListObjects"): ("s3:ListBucket",),
    ("s3", "ListObjectsV2"): ("s3:ListBucket",),
    ("s3", "ListObjectVersions"): ("s3:ListBucketVersions",),
    ("s3", "HeadBucket"): ("s3:ListBucket",),
    ("s3", "HeadObject"): ("s3:GetObject",),
    ("s3", "DeleteObjects"): ("s3:DeleteObject",),
    ("s3", "CopyObject"): ("s3:GetObject", "s3:PutObject"),
    ("s3", "CreateMultipartUpload"): ("s3:PutObject",),
    ("s3", "UploadPart"): ("s3:PutObject",),
    ("s3", "CompleteMultipartUpload"): ("s3:PutObject",),
    ("dynamodb", "TransactGetItems"): ("dynamodb:GetItem",),
    ("sts", "GetCallerIdentity"): (),
}
# DynamoDB TransactWriteItems is authorized per item, by the action of the item's kind.
_TRANSACT_WRITE: Final = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}


def iam_actions(signing_name: str, operation: str, params: Mapping[str, Any]) -> tuple[str, ...]:
    """The actions the call `operation` of the service signing as `signing_name` needs."""
    if (signing_name, operation) == ("dynamodb", "TransactWriteItems"):
        kinds = {kind for item in params.get("TransactItems", ()) for kind in item}
        return tuple(sorted(_TRANSACT_WRITE[kind] for kind in kinds if kind in _TRANSACT_WRITE))
    return EXCEPTIONS.get((signing_name, operation), (f"{signing_name}:{operation}",))


def of_operation(model: Any, params: Mapping[str, Any]) -> tuple[str, ...]:
    """The actions of a botocore `OperationModel` called with `params`."""
    return iam_actions(model.service_model.signing_name, model.name, params)
