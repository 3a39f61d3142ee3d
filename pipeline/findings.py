"""What the checks find, as values: a finding's id, severity, place and message, and a
run's report. Kept apart from the rules so that a build with nothing to do can read the
findings kept in its manifest without loading parsers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY: Mapping[str, Severity] = {
    "number-missing": Severity.ERROR,
    "number-changed": Severity.ERROR,
    "number-extra": Severity.WARNING,
    "number-format": Severity.WARNING,
    "number-words": Severity.WARNING,
    "placeholder": Severity.ERROR,
    "url-changed": Severity.ERROR,
    "markup-mismatch": Severity.ERROR,
    "raw-html": Severity.ERROR,
    "protected-term": Severity.ERROR,
    "glossary": Severity.WARNING,
    "untranslated": Severity.WARNING,
    "fuzzy": Severity.WARNING,
    "end-punctuation": Severity.WARNING,
    "whitespace": Severity.WARNING,
    "same-as-source": Severity.WARNING,
    "length": Severity.WARNING,
    "catalog-invalid": Severity.ERROR,
    "catalog-unreadable": Severity.ERROR,
    "plural-forms": Severity.WARNING,
    "source-invalid": Severity.ERROR,
    "missing-file": Severity.WARNING,
    "unsafe-path": Severity.WARNING,
    "broken-link": Severity.WARNING,
    "unsupported-syntax": Severity.WARNING,
    "language-unknown": Severity.WARNING,
    "locale-unknown": Severity.WARNING,
    "orphaned": Severity.WARNING,
}
"""Every finding id with its severity (stable: CI configurations and waivers name them)."""

SOURCE_IDS = frozenset({"source-invalid", "missing-file", "unsafe-path", "broken-link",
                        "unsupported-syntax"})
"""Findings about the English sources themselves (their file:line), not a translation."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: what (id, severity, message), where (file:line) and which source line."""

    id: str
    severity: Severity
    file: str
    line: int
    source: str
    message: str
    waived: str = ""
    """The translator's reason when waived with ``# localise-ignore``; empty otherwise."""

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Finding:
        """The inverse of :meth:`as_dict` (for findings kept in the build manifest)."""
        return cls(
            str(data["id"]), Severity(str(data["severity"])), str(data["file"]),
            int(data["line"]), str(data["source"]), str(data["message"]),  # type: ignore[call-overload]
            str(data.get("waived", "")),
        )

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "severity": self.severity.value,
            "id": self.id,
            "file": self.file,
            "line": self.line,
            "source": self.source,
            "message": self.message,
        }
        if self.waived:
            data["waived"] = self.waived
        return data



@dataclass(frozen=True, slots=True)
class Report:
    """Findings of one check run, and what was checked."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    unreadable: tuple[str, ...] = ()
    """Files that could not be read at all (reported as catalog-invalid where msgfmt
    rejects them, else catalog-unreadable; exit code 2)."""

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR and not f.waived)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING and not f.waived)

    @property
    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waived)
