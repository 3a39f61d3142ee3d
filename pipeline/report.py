"""Findings as people and CI read them: compiler-style text, JSON, or SARIF 2.1.0.

Text is one finding a line (``file:line: severity[id]: message (source:line)``) so that
editors and CI logs link to the place; JSON and SARIF keep the same fields for tools.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

import click

from . import __version__
from .findings import SEVERITY, Finding, Report, Severity

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def format_text(report: Report, colour: bool, show_waived: bool = False) -> Iterable[str]:
    """Compiler-style lines, then a summary per file and a total. Waived findings are
    counted, and listed with their reasons only when asked (as linters treat suppressions),
    so the findings that need work are the ones on screen."""
    shown = [f for f in report.findings if show_waived or not f.waived]
    for finding in shown:
        label = f"{finding.severity.value}[{finding.id}]"
        if finding.waived:
            label = f"waived[{finding.id}]"
        if colour:
            label = click.style(label, fg=_COLOURS[finding.severity] if not finding.waived else "cyan",
                                bold=not finding.waived)
        where = f" ({finding.source})" if finding.source else ""
        waived = f" — waived: {finding.waived}" if finding.waived else ""
        yield f"{finding.file}:{finding.line}: {label}: {finding.message}{where}{waived}"
    if shown:
        yield ""
    yield from summary_table(report)
    if report.waived and not show_waived:
        yield f"({report.waived} waived finding(s) not listed; --show-waived lists them with their reasons)"


def summary_table(report: Report) -> Iterable[str]:
    """An aligned table: file (catalogs, then sources with findings), errors, warnings,
    waived."""
    rows = []
    for file in dict.fromkeys([*report.files, *(f.file for f in report.findings)]):
        mine = [f for f in report.findings if f.file == file]
        rows.append((
            file,
            sum(1 for f in mine if f.severity is Severity.ERROR and not f.waived),
            sum(1 for f in mine if f.severity is Severity.WARNING and not f.waived),
            sum(1 for f in mine if f.waived),
        ))
    if not rows:
        yield "no catalogs to check"
        return
    width = max(len("file"), *(len(row[0]) for row in rows))
    yield f"{'file':<{width}}  {'errors':>6}  {'warnings':>8}  {'waived':>6}"
    for file, errors, warnings, waived in rows:
        yield f"{file:<{width}}  {errors:>6}  {warnings:>8}  {waived:>6}"
    verdict = "FAILED" if report.errors or report.unreadable else "passed"
    yield (
        f"{verdict}: {report.errors} error(s), {report.warnings} warning(s), "
        f"{report.waived} waived, in {len(report.files)} catalog(s)"
    )


def summary(report: Report) -> dict[str, object]:
    counts = Counter(f.id for f in report.findings if not f.waived)
    return {
        "files": len(report.files),
        "errors": report.errors,
        "warnings": report.warnings,
        "waived": report.waived,
        "unreadable": list(report.unreadable),
        "by_id": dict(sorted(counts.items())),
    }


def format_json(report: Report) -> str:
    """``{"findings": [...], "summary": {...}}``; the schema is stable and tested."""
    return json.dumps(
        {"findings": [finding.as_dict() for finding in report.findings], "summary": summary(report)},
        ensure_ascii=False,
        indent=2,
    )


def format_sarif(report: Report) -> str:
    """SARIF 2.1.0, so CI code scanning shows findings on the catalog lines."""
    rules = [
        {
            "id": finding_id,
            "shortDescription": {"text": finding_id.replace("-", " ")},
            "defaultConfiguration": {"level": severity.value},
        }
        for finding_id, severity in SEVERITY.items()
    ]
    results = []
    for finding in report.findings:
        result: dict[str, object] = {
            "ruleId": finding.id,
            "level": finding.severity.value,
            "message": {"text": finding.message + (f" ({finding.source})" if finding.source else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": finding.file},
                        "region": {"startLine": max(1, finding.line)},
                    }
                }
            ],
        }
        if finding.waived:
            result["suppressions"] = [{"kind": "inSource", "justification": finding.waived}]
        results.append(result)
    return json.dumps(
        {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "localise",
                            "version": __version__,
                            "informationUri": "https://example-hospital.org/localise",
                            "rules": rules,
                        }
                    },
                    "results": results,
                }
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def findings_of(report: Report, severity: Severity) -> list[Finding]:
    return [f for f in report.findings if f.severity is severity and not f.waived]
