"""Target: `fintech_common.jsonparse.loads`, the strict parser every webhook body and event goes through.

For any bytes: `loads` returns a value or raises `JsonError`, nothing else. It refuses exactly
what its contract refuses (`oracles.strict_json_refusal`: invalid UTF-8, not JSON, duplicate
keys, NaN/Infinity, exponents beyond Decimal, deeper than 32, lone surrogates). What it accepts
holds no float, equals what the standard library reads from the same text (numbers as Decimal,
digit for digit), and survives `dumps` -> `loads` unchanged, as ASCII.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Final

from fintech_common.jsonparse import JsonError, canonical_dumps, dumps, loads
from tools.fuzz.oracles import strict_json_refusal

INSTRUMENT: Final = ("fintech_common",)
MAX_LEN: Final = 4096


def _floats(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_floats(item) for item in value.values())
    if isinstance(value, list):
        return any(_floats(item) for item in value)
    return False


def check(data: bytes) -> None:
    expected_refusal = strict_json_refusal(data)
    try:
        value = loads(data)
    except JsonError as exc:
        assert expected_refusal is not None, f"refused valid strict JSON: {exc}"
        return
    assert expected_refusal is None, f"accepted although {expected_refusal}"
    assert not _floats(value)
    reference = json.loads(data.decode("utf-8"), parse_float=Decimal, parse_int=Decimal)
    assert canonical_dumps(value) == canonical_dumps(reference)
    text = dumps(value)
    assert text.isascii()
    assert canonical_dumps(loads(text)) == canonical_dumps(value)
