"""The protocol the gate's tool workers share: requests, replies, and how templates are shared out."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tools.gate import worker
from tools.gate.worker import Request, UserError


def test_a_request_names_templates_and_output_and_defaults_to_one_job() -> None:
    request = worker.parse_request('{"templates": ["a.json"], "output": "out.json"}')

    assert request == Request(["a.json"], "out.json", 1)


@pytest.mark.parametrize(
    "line",
    [
        "scan everything",
        '["a.json"]',
        '{"templates": "a.json", "output": "out.json"}',
        '{"templates": ["a.json"]}',
        '{"templates": ["a.json"], "output": "out.json", "jobs": 0}',
        '{"templates": ["a.json"], "output": "out.json", "jobs": true}',
    ],
)
def test_a_malformed_request_is_a_user_error(line: str) -> None:
    with pytest.raises(UserError):
        worker.parse_request(line)


def test_serving_answers_each_request_in_order_and_reports_a_refusal() -> None:
    # GIVEN a good request, then a bad one
    lines = '{"templates": ["a"], "output": "o"}\n\nnot json\n'
    replies = io.StringIO()
    # WHEN served by a handler that echoes the request
    status = worker.serve(
        "probe", lambda request: {"templates": request.templates}, io.StringIO(lines), replies
    )
    # THEN one reply per request (blank lines skipped), the bad one refused, status 1
    answers = [json.loads(line) for line in replies.getvalue().splitlines()]
    assert answers[0] == {"ok": True, "templates": ["a"]}
    assert answers[1]["ok"] is False and "not JSON" in answers[1]["error"]
    assert status == 1


def test_a_missing_template_is_named() -> None:
    with pytest.raises(UserError, match=r"template not found: absent\.json"):
        worker.require_files(["absent.json"])


def test_shares_balance_bytes_largest_first() -> None:
    sizes = {"A": 100, "B": 100, "C": 20, "D": 90, "E": 20}

    assert worker.shares(sizes, 2) == [["A", "D"], ["B", "C", "E"]]


def test_shares_never_make_an_empty_group() -> None:
    assert worker.shares({"A": 5}, 3) == [["A"]]


def test_one_job_is_one_group_in_the_order_given() -> None:
    assert worker.shares({"B": 1, "A": 9}, 1) == [["B", "A"]]


def test_in_parallel_returns_each_groups_result_in_order() -> None:
    groups = [["a", "b"], ["c"], ["d", "e", "f"]]

    assert worker.in_parallel(len, groups) == [2, 1, 3]


def test_the_output_is_written_as_json_creating_its_folder(tmp_path: Path) -> None:
    output = tmp_path / "raw" / "out.json"

    worker.write(str(output), [{"Rule": {"Id": "E3002"}}])

    assert json.loads(output.read_text()) == [{"Rule": {"Id": "E3002"}}]


def test_an_unwritable_output_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")

    with pytest.raises(UserError, match="cannot write"):
        worker.write(str(tmp_path / "file" / "out.json"), [])
