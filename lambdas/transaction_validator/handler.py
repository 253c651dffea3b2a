"""Lambda entry point of `transaction_validator` (TX-10): the web tier invokes it synchronously.

Whatever the payload, the answer is a verdict `{"valid", "errors", "transaction_id"}`; the
function never raises, so the caller never has to tell a refusal from a crash. The log line
holds the transaction id (only once it is valid) and the error codes, never a field's value.
"""

from __future__ import annotations

from typing import Final

from fintech_common.log import Logger
from transaction_validator.rules import ROOT, Problem, Verdict, validate

LOGGER: Final = Logger(service="transaction_validator")
INTERNAL_ERROR: Final = Verdict(None, (Problem(ROOT, "internal_error", "the request could not be checked"),))


def lambda_handler(event: object, context: object) -> dict[str, object]:
    """The verdict on `event`, a transaction request (see `rules`)."""
    try:
        verdict = validate(event)
        LOGGER.info(
            "transaction checked",
            transaction_id=verdict.transaction_id,
            valid=verdict.valid,
            errors=[f"{problem.field}:{problem.code}" for problem in verdict.problems],
        )
    except Exception:
        return INTERNAL_ERROR.as_json()
    return verdict.as_json()
