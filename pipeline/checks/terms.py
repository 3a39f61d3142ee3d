"""Terms: protected names stay as written; glossary terms use the approved translation.

Matching is on whole words and case-insensitive with the language's own case rules
(Turkish dotted and dotless i). A glossary target may list inflected forms separated by
``|`` or end in ``*`` to match any word starting with that stem (``онемени*``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..errors import LocaliseError
from . import Context, Entry, GlossaryTerm


def fold_case(text: str, lang: str) -> str:
    """Case-fold with the language's special cases (Unicode SpecialCasing: tr, az)."""
    if lang.split("_", maxsplit=1)[0] in ("tr", "az"):
        text = text.replace("I", "ı").replace("İ", "i")
    return text.casefold()


@cache
def _term_pattern(term: str) -> re.Pattern[str]:
    stem = term.endswith("*")
    body = re.escape(term.rstrip("*"))
    return re.compile(rf"(?<!\w){body}" + (r"\w*" if stem else r"(?!\w)"))


def contains_term(text: str, term: str, lang: str) -> bool:
    """Whole-word, case-insensitive (per language) search; ``stem*`` matches inflections."""
    return _contains_folded(fold_case(text, lang), term, lang)


def _contains_folded(folded_text: str, term: str, lang: str) -> bool:
    folded = _folded_term(term, lang)
    if folded.rstrip("*") not in folded_text:  # a plain substring test first: most terms are absent
        return False
    return _term_pattern(folded).search(folded_text) is not None


@cache
def _folded_term(term: str, lang: str) -> str:
    return fold_case(term, lang)


@cache
def _exact_pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)")


def protected_terms(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """protected-term: names such as Liv Hospital or MRI appear exactly as in the source,
    or as a local form the language's glossary approves for that very term (German
    patients know an MRI as ``MRT``, Russian ones as ``МРТ``: a row ``MRI,MRT``)."""
    for term in context.protected_terms:
        if term not in entry.msgid:  # a substring test first: most entries name none
            continue
        pattern = _exact_pattern(term)
        if not pattern.search(entry.msgid) or pattern.search(entry.msgstr):
            continue
        folded = _folded_term(term, context.source_lang)  # glossary sources match case-blind
        local_forms = [form for glossary_term in context.glossary
                       if _folded_term(glossary_term.source, context.source_lang) == folded
                       for form in glossary_term.targets]
        if any(contains_term(entry.target_text, form, context.lang) for form in local_forms):
            continue
        approved = f" or as the glossary's {' | '.join(local_forms)!r}" if local_forms else ""
        yield "protected-term", f"{term!r} must stay as written{approved} (do-not-translate term)"


@dataclass(frozen=True, slots=True)
class _CompiledGlossary:
    """A glossary ready to match: one regular expression finds, at every word start of an
    entry's source, the longest term beginning there; the terms that are prefixes of it
    begin there too. Only those terms are then tried on their own (most entries hold few
    or none of the 52 shipped terms, and trying each one cost a quarter of the checks)."""

    term_starts: re.Pattern[str]
    by_needle: dict[str, tuple[int, ...]]
    """Term numbers (glossary order) of every needle and of the needles that prefix it."""
    terms: tuple[tuple[GlossaryTerm, str], ...]
    """Each term with its folded source form."""

    def candidates(self, source_text: str) -> list[tuple[GlossaryTerm, str]]:
        """The terms whose text begins at a word start of ``source_text``, in order."""
        numbers = {number for found in self.term_starts.findall(source_text)
                   for number in self.by_needle[found]}
        return [self.terms[number] for number in sorted(numbers)]


_COMPILED: dict[tuple[int, str], tuple[tuple[GlossaryTerm, ...], _CompiledGlossary]] = {}
"""Compiled glossaries by the identity of their terms (a catalog's context holds one tuple;
hashing its terms' values for every entry cost more than the matching)."""


def _compiled(terms: tuple[GlossaryTerm, ...], source_lang: str) -> _CompiledGlossary:
    key = (id(terms), source_lang)
    cached = _COMPILED.get(key)
    if cached is not None and cached[0] is terms:
        return cached[1]
    folded = tuple((term, _folded_term(term.source, source_lang)) for term in terms)
    needles = sorted({source.rstrip("*") for _term, source in folded}, key=len, reverse=True)
    by_needle = {
        needle: tuple(number for number, (_term, source) in enumerate(folded)
                      if needle.startswith(source.rstrip("*")))
        for needle in needles
    }
    starts = re.compile(r"(?<!\w)(?=(" + "|".join(map(re.escape, needles)) + "))")
    compiled = _CompiledGlossary(starts, by_needle, folded)
    if len(_COMPILED) >= 64:  # each catalog's context reads its own copy: keep the recent
        _COMPILED.clear()
    _COMPILED[key] = (terms, compiled)  # the terms are kept, so their id is not reused
    return compiled


def glossary(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """glossary: a source term is rendered with one of the language's approved forms."""
    if not context.glossary:
        return
    compiled = _compiled(context.glossary, context.source_lang)
    source_text = fold_case(entry.source_text, context.source_lang)
    candidates = compiled.candidates(source_text)
    if not candidates:
        return
    target_text = fold_case(entry.target_text, context.lang)
    for term, folded_source in candidates:
        if not _term_pattern(folded_source).search(source_text):
            continue
        if any(_contains_folded(target_text, form, context.lang) for form in term.targets):
            continue
        forms = " | ".join(term.targets)
        yield "glossary", f"{term.source!r} should be rendered as {forms!r} (glossary)"


def read_glossary(text: str, display: str) -> tuple[GlossaryTerm, ...]:
    """Parse ``glossary.csv`` (columns source,target[,note]); rows with errors name their line.

    Strict, and a term may not span lines: a quote left open would otherwise swallow the
    rest of the file into one target, and every row after it would be silently lost.
    """
    reader = csv.reader(io.StringIO(text), strict=True)
    terms = []
    header_seen = False
    next_line = 1  # where the next row starts: line_num is where the last one ended
    try:
        for row in reader:
            line, next_line = next_line, reader.line_num + 1
            if not row or all(not cell.strip() for cell in row) or row[0].startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                if [cell.strip().lower() for cell in row[:2]] == ["source", "target"]:
                    continue
            if len(row) < 2 or not row[0].strip() or not row[1].strip():
                raise LocaliseError(
                    "a glossary row needs a source term and a target term", display, line,
                    hint="columns: source,target,note",
                )
            if any("\n" in cell or "\r" in cell for cell in row[:2]):
                raise LocaliseError(
                    "a glossary term spans lines: is a quote left open?", display, line,
                    hint='close the quoted field on its own line ("...")',
                )
            targets = tuple(form.strip() for form in row[1].split("|") if form.strip())
            terms.append(GlossaryTerm(row[0].strip(), targets, line))
    except csv.Error as error:
        raise LocaliseError(
            f"unreadable glossary row: {error}", display, next_line,
            hint='is a quote left open? close each quoted field ("...") on the line it starts, '
            'and write a quote inside one as ""',
        ) from error
    return tuple(terms)
