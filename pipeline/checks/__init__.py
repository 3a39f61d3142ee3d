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
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from gettext import c2py

import polib
from markdown_it.token import Token

from .. import placeholders, web_addresses
from ..article import inline_tokens
from ..findings import SEVERITY, Finding, Severity
from ..html_tags import tag_spans
from ..segment import plain_text

__all__ = ["SEVERITY", "Context", "Entry", "Finding", "GlossaryTerm", "Severity", "check_entry",
           "check_po_entry", "make_finding", "parse_inline", "waivers"]


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
    markdown: bool = True
    """Messages are Markdown (this project's articles, any catalog of ``.md`` files), so
    emphasis, code spans and links are markup; in any other catalog they are plain text."""
    plural: str = ""
    """The catalog's plural expression (its Plural-Forms ``plural=``), in C syntax."""
    numbers_in_words: str = "error"
    """Whether a source number the translation writes in words blocks (``error``, clinical
    articles) or is reported as a ``number-words`` warning (any project's catalogs)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One catalog entry as the rules see it: texts, parsed inline tokens, flags."""

    msgid: str
    msgstr: str
    flags: tuple[str, ...]
    source_tokens: tuple[Token, ...]
    target_tokens: tuple[Token, ...]
    singular_of: str = ""
    """Set when ``msgid`` is a plural entry's singular and this is its plural (``msgid_plural``):
    a form checked against the singular may say the singular's count its own way."""
    one_count: bool = False
    """A plural form used for a single count (Arabic's form for 0, German's for 1): as
    gettext allows, it may leave out the count's placeholder and say the count in words."""
    source_text: str = field(init=False)
    """The reader-visible text of the source (``plain_text``), read once for all rules."""
    target_text: str = field(init=False)
    kinds: tuple[str, ...] = field(init=False)
    """Placeholder kinds of this entry (:func:`pipeline.placeholders.kinds_for`)."""
    source_masked: str = field(init=False)
    """``source_text`` with placeholders, tags and addresses masked: where numbers are read."""
    target_masked: str = field(init=False)

    def __post_init__(self) -> None:
        source_text = plain_text(self.source_tokens)
        target_text = plain_text(self.target_tokens)
        kinds = placeholders.kinds_for(self.msgid, self.flags)
        object.__setattr__(self, "source_text", source_text)
        object.__setattr__(self, "target_text", target_text)
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "source_masked", _masked(source_text, kinds))
        object.__setattr__(self, "target_masked", _masked(target_text, kinds))

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


_CHARACTER_REFERENCE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _masked(text: str, kinds: tuple[str, ...]) -> str:
    """``text`` with what holds no clinical number masked: placeholders, tags, addresses."""
    spans = [(p.start, p.end) for p in placeholders.find(text, kinds)] if kinds else []
    if "<" in text:
        spans += tag_spans(text)
    if "&" in text:  # character references: &#8212; is a dash, not the number 8212
        spans += [match.span() for match in _CHARACTER_REFERENCE.finditer(text)]
    spans += [(address.start, address.end) for address in web_addresses.find(text)]
    return placeholders.mask(text, spans) if spans else text


def parse_inline(text: str, env: Mapping[str, object] | None = None) -> tuple[Token, ...]:
    """Inline tokens of a unit's Markdown, as the page renderer will read them."""
    return tuple(inline_tokens(text, env))


Rule = Callable[[Entry, Context], Iterator[tuple[str, str]]]


@cache
def _rules() -> tuple[tuple[Rule, tuple[str, ...]], ...]:
    from . import formats, html, hygiene, links, numbers, terms

    return (
        (numbers.numbers, ("number-missing", "number-changed", "number-extra", "number-format",
                           "number-words")),
        (formats.placeholders, ("placeholder",)),
        (links.urls, ("url-changed",)),
        (links.markup, ("markup-mismatch",)),
        (html.markup, ("markup-mismatch",)),
        (html.raw_html, ("raw-html",)),
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


def _view(msgid: str, msgstr: str, flags: tuple[str, ...], context: Context,
          source_tokens: tuple[Token, ...] | None = None, singular_of: str = "",
          one_count: bool = False) -> Entry:
    if not context.markdown:
        return Entry(msgid, msgstr, flags, (Token("text", "", 0, content=msgid),),
                     (Token("text", "", 0, content=msgstr),), singular_of, one_count)
    return Entry(msgid, msgstr, flags, source_tokens or parse_inline(msgid, context.env),
                 parse_inline(msgstr, context.env), singular_of, one_count)


@cache
def single_count_forms(plural: str) -> Mapping[int, int]:
    """The plural forms an expression uses for exactly one count among 0..1000, as
    msgfmt counts them, with that count (``n==0 ? 0 : n==1 ? 1 : …``: {0: 0, 1: 1})."""
    try:
        formula = c2py(plural)
        forms = [formula(n) for n in range(1001)]
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError, TypeError):
        return {}
    used = Counter(forms)
    return {form: forms.index(form) for form, count in used.items() if count == 1}


def check_po_entry(
    entry: polib.POEntry, context: Context, source_tokens: tuple[Token, ...] | None = None
) -> Iterator[tuple[str, str]]:
    """All (id, message) pairs for one catalog entry (``source_tokens``: its unit's, parsed
    with the article). A plural entry's forms are each checked against the English
    plural; the form that serves the count 1 alone may follow the singular instead
    (German ``Eine Seite`` for ``1 page``), and a form for any single count may leave its
    placeholder out, as gettext allows (Arabic's form for 0: "nothing selected"); the
    same finding of several forms is reported once."""
    flags = tuple(entry.flags)
    if not entry.msgid_plural:
        yield from check_entry(_view(entry.msgid, entry.msgstr, flags, context, source_tokens),
                               context)
        return
    forms = [text for _, text in sorted(entry.msgstr_plural.items()) if text]
    if not forms or "fuzzy" in flags:
        yield from check_entry(_view(entry.msgid, "".join(forms[:1]), flags, context), context)
        return
    seen = set()
    single = single_count_forms(context.plural) if context.plural else {}
    for index, text in sorted(entry.msgstr_plural.items()):
        if not text:
            continue
        one = index in single
        plural = list(check_entry(_view(entry.msgid_plural, text, flags, context,
                                        one_count=one), context))
        errors = sum(1 for finding_id, _ in plural if SEVERITY[finding_id] is Severity.ERROR)
        serves_one = single.get(index) == 1 if single else index == 0
        if errors and serves_one:
            singular = list(check_entry(_view(entry.msgid, text, flags, context, source_tokens,
                                              entry.msgid_plural, one), context))
            if sum(1 for finding_id, _ in singular
                   if SEVERITY[finding_id] is Severity.ERROR) < errors:
                plural = singular
        for finding_id, message in plural:
            if (finding_id, message) not in seen:
                seen.add((finding_id, message))
                yield finding_id, (f"msgstr[{index}]: {message}" if len(forms) > 1 else message)


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
