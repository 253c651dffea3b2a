"""MW-05: the inventory of observed calls, its file format and how two inventories differ."""

from __future__ import annotations

import json

from tools.gate.inventory import INVENTORY_PATH, differences, dumps, from_json, load, merge

HANDLER = "fn.handler.lambda_handler"


def test_the_file_round_trips_sorted() -> None:
    inventory = {HANDLER: {"sqs:SendMessage": frozenset({"$B", "$A"}), "sns:Publish": frozenset()}}
    text = dumps(inventory)
    assert from_json(json.loads(text)) == inventory
    assert list(json.loads(text)["functions"][HANDLER]) == ["sns:Publish", "sqs:SendMessage"]
    assert json.loads(text)["functions"][HANDLER]["sqs:SendMessage"] == ["$A", "$B"]


def test_the_committed_inventory_is_as_the_writer_writes_it() -> None:
    assert INVENTORY_PATH.read_text(encoding="utf-8") == dumps(load())


def test_merging_unites_actions_and_targets() -> None:
    merged = merge(
        {HANDLER: {"a:B": frozenset({"$X"})}}, {HANDLER: {"a:B": frozenset({"$Y"}), "a:C": frozenset()}}
    )
    assert merged == {HANDLER: {"a:B": frozenset({"$X", "$Y"}), "a:C": frozenset()}}


def test_a_partial_run_reports_only_what_the_file_lacks() -> None:
    committed = {HANDLER: {"a:B": frozenset({"$X"})}, "old.handler.lambda_handler": {}}
    observed = {HANDLER: {"a:B": frozenset({"$X", "$Y"}), "a:C": frozenset()}}
    assert differences(committed, observed, complete=False) == [
        f"+ {HANDLER}: a:B on $Y",
        f"+ {HANDLER}: a:C",
    ]


def test_a_complete_run_also_reports_what_nothing_needs_any_more() -> None:
    committed = {HANDLER: {"a:B": frozenset({"$X"})}, "old.handler.lambda_handler": {}}
    observed = {HANDLER: {}}
    assert differences(committed, observed, complete=True) == [
        f"- {HANDLER}: a:B on $X",
        "- old.handler.lambda_handler (not exercised by this run)",
    ]


def test_a_function_new_to_the_file_is_named() -> None:
    assert differences({}, {HANDLER: {}}, complete=False) == [f"+ {HANDLER} (not in the inventory)"]
