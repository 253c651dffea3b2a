"""Strict JSON for money: no float ever exists, and nothing ambiguous is accepted.

`loads` parses every number as `Decimal` (exactly as written: `1e400`, `1e-400`, `-0` and a
thousand-digit integer all survive), and refuses what a lenient parser would guess at:
duplicate keys, NaN and Infinity, exponents beyond what `Decimal` can hold
(`1e1000000000000000000`: `InvalidOperation`, or NaN under a non-trapping context), invalid
UTF-8, unpaired surrogates (`"\\ud800"`, which no UTF-8 consumer downstream could carry) and
nesting deeper than `max_depth` (checked on the text before parsing, so deep input can never
exhaust the interpreter's recursion limit).

`dumps` writes compact ASCII JSON (every non-ASCII character escaped, so SNS, SQS and DynamoDB
can carry it unchanged) with numbers written from their `Decimal`; `canonical_dumps` also
sorts keys, which makes it the form to hash.
"""

from __future__ import annotations

import json
import re
from decimal import Context, Decimal, InvalidOperation
from json.encoder import encode_basestring_ascii
from typing import Final, NoReturn, TypeAlias

JsonValue: TypeAlias = "bool | Decimal | str | list[JsonValue] | dict[str, JsonValue] | None"
JsonObject: TypeAlias = "dict[str, JsonValue]"

MAX_DEPTH: Final = 32

# A string token (possessive, and unterminated strings run to the end of the text, so the scan
# is linear whatever the input) or one bracket. Brackets inside strings are thereby skipped.
_TOKENS: Final = re.compile(r'"(?:[^"\\]|\\[\s\S])*+(?:"|\\?\Z)|[\[\]{}]')
_SURROGATE: Final = re.compile("[\\ud800-\\udfff]")


class JsonError(ValueError):
    """The text is not strict JSON; the message says why without quoting the input."""


def _object_without_duplicates(pairs: list[tuple[str, JsonValue]]) -> JsonObject:
    document = dict(pairs)
    if len(document) != len(pairs):
        raise JsonError("duplicate key in an object")
    return document


def _refuse_constant(name: str) -> NoReturn:
    raise JsonError(f"{name} is not a number")


# Decimal(text) is exact at any precision; the context only decides whether an exponent beyond
# the implementation's limit raises (here: always) or quietly becomes NaN.
_EXACT: Final = Context(traps=[InvalidOperation])


def _number(text: str) -> Decimal:
    try:
        return Decimal(text, context=_EXACT)
    except InvalidOperation:
        raise JsonError("number exponent out of range") from None


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_object_without_duplicates,
    parse_float=_number,
    parse_int=_number,
    parse_constant=_refuse_constant,
    strict=True,
)


def _check_depth(text: str, max_depth: int) -> None:
    depth = 0
    for token in _TOKENS.finditer(text):
        opening = text[token.start()]
        if opening in "[{":
            depth += 1
            if depth > max_depth:
                raise JsonError(f"nested deeper than {max_depth} levels")
        elif opening in "]}":
            depth -= 1


def _check_strings(value: JsonValue) -> None:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise JsonError("string holds an unpaired surrogate")
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())


def loads(data: bytes | str, *, max_depth: int = MAX_DEPTH) -> JsonValue:
    """Parse strict JSON (UTF-8 if bytes) into dicts, lists, str, Decimal, bool and None."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonError("not valid UTF-8") from None
    else:
        text = data
    _check_depth(text, max_depth)
    try:
        value: JsonValue = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise JsonError(f"{exc.msg.removesuffix(' at')} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise JsonError(f"nested deeper than {max_depth} levels") from None
    _check_strings(value)
    return value


def _encode_number(number: Decimal) -> str:
    if not number.is_finite():
        raise ValueError("JSON has no NaN or Infinity")
    return str(number)


def _encode(value: JsonValue, out: list[str], sort_keys: bool) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(encode_basestring_ascii(value))
    elif isinstance(value, Decimal):
        out.append(_encode_number(value))
    elif isinstance(value, list):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _encode(item, out, sort_keys)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        keys = sorted(value) if sort_keys else list(value)
        for index, key in enumerate(keys):
            if not isinstance(key, str):
                raise TypeError(f"object keys must be strings, not {type(key).__name__}")
            if index:
                out.append(",")
            out.append(encode_basestring_ascii(key))
            out.append(":")
            _encode(value[key], out, sort_keys)
        out.append("}")
    else:
        raise TypeError(f"not a strict JSON value: {type(value).__name__} (floats are never written)")


def dumps(value: JsonValue, *, sort_keys: bool = False) -> str:
    """Compact ASCII JSON; numbers written exactly from their Decimal."""
    out: list[str] = []
    _encode(value, out, sort_keys)
    return "".join(out)


def canonical_dumps(value: JsonValue) -> str:
    """`dumps` with keys sorted: equal values give equal text (the form to hash)."""
    return dumps(value, sort_keys=True)
