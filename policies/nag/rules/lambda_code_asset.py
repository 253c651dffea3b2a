"""FinTech-LambdaCodeAsset (MW-01): every function's code is an asset staged from `lambdas/`.

The template shows only the asset's hash; the construct tree knows where it was staged from: the
`AssetStaging` of the code asset the `Function` construct binds (`<Function>/Code/Stage`). Inline
code, code from a bucket or an image, and a framework helper's bundled code fail (the latter are
MW-01 exceptions, acknowledged with their reason next to the helper).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from policies.constants import LAMBDA_CODE_DIR
from policies.nag.inventory import Inventory, Needs, Resource, Verdict
from policies.nag.rule import Rule

FUNCTION = "AWS::Lambda::Function"
CODE_DIR = Path(__file__).resolve().parents[3] / LAMBDA_CODE_DIR


def from_project_code(resource: Resource) -> bool:
    """Whether the function's code asset is staged from the repository's `lambdas/` directory."""
    return resource.code_source is not None and Path(resource.code_source).resolve().is_relative_to(CODE_DIR)


def _evaluate(inventory: Inventory) -> Iterator[Verdict]:
    for resource in inventory.resources:
        if resource.type != FUNCTION:
            continue
        if from_project_code(resource):
            message = f"code asset staged from {LAMBDA_CODE_DIR}/"
        elif resource.code_source is None:
            message = (
                "no code asset bound to the function (inline code, a bucket, an image or framework code)"
            )
        else:
            message = f"code asset staged from {resource.code_source}, outside {LAMBDA_CODE_DIR}/"
        yield Verdict(resource=resource, compliant=from_project_code(resource), message=message)


RULE = Rule(
    name="LambdaCodeAsset",
    claims=("MW-01",),
    info=f"The Lambda function's code is not an asset staged from the repository's {LAMBDA_CODE_DIR}/.",
    explanation=(
        "MW-01: every function runs code from a file under lambdas/, reviewed and tested with the "
        "repository, never inline code or an artefact built elsewhere."
    ),
    needs=Needs(code_assets=frozenset({FUNCTION})),
    evaluate=_evaluate,
)
