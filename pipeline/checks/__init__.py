"""Consistency checks: small rules with stable ids, run over every entry of a catalog.

Each rule is one function ``(entry, context) -> Iterator[(id, message)]`` registered in
:data:`RULES` with the ids it may report; severities are data (:data:`SEVERITY`), so
the product brief's table and the code cannot drift. A :class:`Finding` is a value, not
an exception. A translator may waive a warning for one entry with a comment
``# localise-ignore: <id>[, <id>] — reason``; waived findings are still reported. Errors
(a changed number, a changed link) cannot be waived.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

import polib
from markdown_it.token import Token

from ..article import inline_tokens
from ..findings import SEVERITY, Finding, Severity
from ..segment import plain_text

__all__ = ["SEVERITY", "Context", "Entry", "Finding", "GlossaryTerm", "Severity", "check_entry",
           "make_finding", "parse_inline", "waivers"]


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """An approved rendering: the source term and the target forms that count as it."""

    source: str
    targets: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Context:
    """What the rules know about the catalog being checked."""

    lang: str
    source_lang: str = "en"
    protected_terms: tuple[str, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    url_map: Mapping[str, str] = field(default_factory=dict)
    env: Mapping[str, object] = field(default_factory=dict)
    """markdown-it environment of the source article (its link reference definitions)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One catalog entry as the rules see it: texts, parsed inline tokens, flags."""

    msgid: str
    msgstr: str
    flags: tuple[str, ...]
    source_tokens: tuple[Token, ...]
    target_tokens: tuple[Token, ...]
    source_text: str = field(init=False)
    """The reader-visible text of the source (``plain_text``), read once for all rules."""
    target_text: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "source_text", plain_text(self.source_tokens))
        object.__setattr__(self, "target_text", plain_text(self.target_tokens))

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def parse_inline(text: str, env: Mapping[str, object] | None = None) -> tuple[Token, ...]:
    """Inline tokens of a unit's Markdown, as the page renderer will read them."""
    return tuple(inline_tokens(text, env))


Rule = Callable[[Entry, Context], Iterator[tuple[str, str]]]


@cache
def _rules() -> tuple[tuple[Rule, tuple[str, ...]], ...]:
    from . import hygiene, links, numbers, terms

    return (
        (numbers.numbers, ("number-missing", "number-changed", "number-extra", "number-format")),
        (links.urls, ("url-changed",)),
        (links.markup, ("markup-mismatch",)),
        (links.raw_html, ("raw-html",)),
        (terms.protected_terms, ("protected-term",)),
        (terms.glossary, ("glossary",)),
        (hygiene.end_punctuation, ("end-punctuation",)),
        (hygiene.whitespace, ("whitespace",)),
        (hygiene.same_as_source, ("same-as-source",)),
        (hygiene.length, ("length",)),
    )


_WAIVER = re.compile(r"localise-ignore\s*:\s*([a-z][a-z, -]*[a-z])(?:\s*[—–:-]+\s*(.*))?")


def waivers(entry: polib.POEntry) -> dict[str, str]:
    """Ids waived for this entry by a translator comment or flag, with the reason given."""
    found: dict[str, str] = {}
    texts = [*(entry.tcomment or "").split("\n"), *entry.flags]
    for text in texts:
        match = _WAIVER.search(text)
        if match:
            reason = (match.group(2) or "").strip() or "(no reason given)"
            for waived_id in re.split(r"[,\s]+", match.group(1)):
                if waived_id:
                    found[waived_id] = reason
    return found


def check_entry(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """All (id, message) pairs for one entry; untranslated and fuzzy entries stop early."""
    if not entry.msgstr:
        yield "untranslated", "not translated yet (the English is published instead)"
        return
    if entry.fuzzy:
        yield "fuzzy", "fuzzy: not published until a translator reviews it and removes the flag"
        return
    for rule, _ids in _rules():
        yield from rule(entry, context)


def make_finding(
    finding_id: str, file: str, line: int, source: str, message: str, waived: Mapping[str, str]
) -> Finding:
    """A finding with its registered severity; a warning named in a waiver is marked waived."""
    severity = SEVERITY[finding_id]
    reason = waived.get(finding_id, "")
    if reason and severity is Severity.ERROR:
        message += " (not waived: an error guards a clinical fact and cannot be waived)"
        reason = ""
    return Finding(finding_id, severity, file, line, source, message, reason)
