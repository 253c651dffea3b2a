"""What the cdk-nag packs evaluated, read from a cloud assembly without starting the jsii runtime.

- `evaluations(assembly_dir)`: every evaluation of the project's own pack, passing or failing,
  from the file it writes during synthesis (`policies.nag.evidence`); cdk-nag's
  `validation-report.json` holds only the violations.
- `known_rule_ids(assembly_dir)`: the rule ids of the packs registered on the app that synthesized
  the assembly and did not crash, so a registry verifier naming a rule no pack has
  (`nag:AwsSolutions-IAM55`) counts as not run. The stock packs' ids are read from the JavaScript
  of the packs bundled in cdk-nag's jsii assembly: each `applyRule` names its rule by
  `ruleSuffixOverride` or, failing that, by the rule function's name.
- `plugin_errors(assembly_dir)`: packs that failed with an error instead of reporting, whose
  missing violations must not read as a pass.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from policies.constants import NAG_EVIDENCE_FILE

REPORT_FILE = "validation-report.json"
_PACK_NAME = re.compile(r"this\.packName = ['\"]([^'\"]+)['\"]")
_APPLY_RULE = re.compile(r"this\.applyRule\(\{")
_SUFFIX = re.compile(r"^\s*ruleSuffixOverride: ['\"]([^'\"]+)['\"],?$", re.MULTILINE)
_RULE_FUNCTION = re.compile(r"^\s*rule: [\w$]+\.(\w+),?$", re.MULTILINE)


@dataclass(frozen=True, kw_only=True)
class NagEvaluation:
    rule: str
    path: str
    resource_type: str
    result: Literal["pass", "fail"]
    message: str


def _evidence(assembly_dir: Path) -> dict[str, object] | None:
    file = Path(assembly_dir) / NAG_EVIDENCE_FILE
    if not file.is_file():
        return None
    content = json.loads(file.read_text(encoding="utf-8"))
    return content if isinstance(content, dict) else None


def evaluations(assembly_dir: Path) -> list[NagEvaluation]:
    """Every evaluation the project's pack recorded; none when the assembly holds no record."""
    content = _evidence(assembly_dir) or {}
    rows = content.get("evaluations", [])
    return [
        NagEvaluation(
            rule=row["rule"],
            path=row["path"],
            resource_type=row.get("resource_type", ""),
            result="pass" if row["result"] == "pass" else "fail",
            message=row.get("message", ""),
        )
        for row in (rows if isinstance(rows, list) else [])
    ]


def plugin_errors(assembly_dir: Path) -> dict[str, str]:
    """Pack name -> the error it failed with, from cdk-nag's validation report."""
    report = Path(assembly_dir) / REPORT_FILE
    if not report.is_file():
        return {}
    plugins = json.loads(report.read_text(encoding="utf-8")).get("pluginReports", [])
    return {
        plugin["pluginName"]: str(plugin["metadata"]["error"])
        for plugin in plugins
        if isinstance(plugin.get("metadata"), dict) and "error" in plugin["metadata"]
    }


def known_rule_ids(assembly_dir: Path) -> frozenset[str]:
    """Rule ids of every pack registered on the app, except packs that failed with an error.

    Without the project's evidence file (another app, or the pack was not registered) the
    registered packs are unknown: every pack bundled with cdk-nag counts, the project's none.
    """
    stock = stock_rule_ids()
    content = _evidence(assembly_dir)
    failed = plugin_errors(assembly_dir)
    if content is None:
        return frozenset(rule for pack, rules in stock.items() if pack not in failed for rule in rules)
    registered = content.get("registered_packs", [])
    own_pack, own_rules = content.get("pack"), content.get("rules", [])
    known: set[str] = set()
    for pack in registered if isinstance(registered, list) else []:
        if pack in failed:
            continue
        known |= set(own_rules if pack == own_pack and isinstance(own_rules, list) else stock.get(pack, ()))
    return frozenset(known)


@functools.cache
def stock_rule_ids(archive: Path | None = None) -> dict[str, frozenset[str]]:
    """Pack name -> rule ids, for every pack in cdk-nag's jsii assembly (`lib/packs/*.js`)."""
    found: dict[str, frozenset[str]] = {}
    with tarfile.open(archive or _cdk_nag_assembly()) as bundle:
        for member in bundle.getmembers():
            if not re.fullmatch(r"package/lib/packs/[^/]+\.js", member.name):
                continue
            extracted = bundle.extractfile(member)
            if extracted is None:
                continue
            source = extracted.read().decode("utf-8")
            name = _PACK_NAME.search(source)
            if name is not None:
                found[name.group(1)] = frozenset(f"{name.group(1)}-{s}" for s in _rule_suffixes(source))
    return found


def _rule_suffixes(source: str) -> list[str]:
    """The suffix of each `this.applyRule({...})` call: its `ruleSuffixOverride`, else its rule's name."""
    calls = _APPLY_RULE.split(source)[1:]
    suffixes = []
    for call in calls:
        override, function = _SUFFIX.search(call), _RULE_FUNCTION.search(call)
        if override is not None:
            suffixes.append(override.group(1))
        elif function is not None:
            suffixes.append(function.group(1))
    return suffixes


def _cdk_nag_assembly() -> Path:
    """The `.jsii.tgz` the cdk-nag Python package ships, found without importing it."""
    spec = importlib.util.find_spec("cdk_nag")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the cdk-nag package is not installed")
    bundles = sorted((Path(spec.origin).parent / "_jsii").glob("cdk-nag@*.jsii.tgz"))
    if not bundles:
        raise FileNotFoundError("cdk-nag's jsii assembly (.jsii.tgz) is missing")
    return bundles[-1]
