"""Checking (msgfmt.c, msgl-check.c, format.c): what ``msgfmt --check`` rejects, by line."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import polib

from .charset import _CHARSET_CODECS, _as_bytes, _canonical_charset
from .formats import _FORMATS, _Flags, _parse_flags
from .grammar import _decimal, _header_charset, _Message, _Parsed
from .plural import (
    _GERMANIC,
    _Distribution,
    _DivisionByZero,
    _evaluate,
    _Expression,
    _parse_plural,
    _PluralSyntaxError,
)
from .read import _parse, _parsed_for_reading, _polib_file


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """One reason ``msgfmt --check`` would reject a catalog, at the line it names."""

    line: int
    """1-based line in the original file (1 for problems of the whole file)."""
    message: str
    """What is wrong, in msgfmt's words where it has them."""


def _plural_problems(
    active: list[tuple[_Message, _Flags]], header: _Message | None
) -> tuple[list[CatalogProblem], _Distribution | None]:
    """check_plural: the header's Plural-Forms against the plural entries."""
    problems: list[CatalogProblem] = []
    plural = [message for message, _ in active if message.msgid_plural is not None]
    first = plural[0] if plural else None
    fewest = min(plural, key=lambda message: len(message.msgstr), default=None)
    most = max(plural, key=lambda message: len(message.msgstr), default=None)
    distribution: _Distribution | None = _Distribution(_GERMANIC, (False, True))
    if header is None:
        if first is not None:
            problems.append(CatalogProblem(first.msgstr_line, "message catalog has plural form "
                "translations, but lacks a header entry with \"Plural-Forms: "
                'nplurals=INTEGER; plural=EXPRESSION;"'))  # fmt: skip
        return problems, None if problems else distribution
    text = header.msgstr[0]
    plural_at = text.find("plural=")
    nplurals_at = text.find("nplurals=")
    if first is not None:
        for found, attribute in ((plural_at, "plural=EXPRESSION"),
                                 (nplurals_at, "nplurals=INTEGER")):  # fmt: skip
            if found < 0:
                lacks = f'header entry lacks a "{attribute}" attribute'
                problems.append(CatalogProblem(first.msgstr_line,
                    f"message catalog has plural form translations, but {lacks}"))  # fmt: skip
    if plural_at < 0 or nplurals_at < 0:
        return problems, None if problems else distribution
    count = re.match(r"[ \t\n\v\f\r]*([0-9]*)", text[nplurals_at + 9 :])[1]  # type: ignore[index]
    if not count:
        problems.append(CatalogProblem(header.msgstr_line, "invalid nplurals value"))
    try:
        expression: _Expression | None = _parse_plural(text[plural_at + 7 :])
    except (_PluralSyntaxError, RecursionError):
        expression = None
        problems.append(CatalogProblem(header.msgstr_line, "invalid plural expression"))
    if problems or expression is None:
        return problems, None
    nplurals = _decimal(count)
    problem, seen = _forms_chosen(expression, nplurals)
    if problem is not None:
        problems.append(CatalogProblem(header.msgstr_line, problem))
        return problems, None
    if fewest is not None and most is not None:
        if len(fewest.msgstr) < nplurals:
            only = len(fewest.msgstr)
            problems.append(CatalogProblem(fewest.msgstr_line, f"nplurals = {nplurals} in "
                f"the header, but this message has only {only} plural forms"))  # fmt: skip
        elif len(most.msgstr) > nplurals:
            problems.append(CatalogProblem(most.msgstr_line, f"nplurals = {nplurals} in the "
                f"header, but this message has {len(most.msgstr)} plural forms"))  # fmt: skip
    if problems:
        return problems, None
    often = tuple(count >= 5 for count in seen) if seen is not None else None
    return problems, _Distribution(expression, often)


@lru_cache(maxsize=256)
def _forms_chosen(
    expression: _Expression, nplurals: int
) -> tuple[str | None, tuple[int, ...] | None]:
    """msgfmt's run of the formula over n = 0..1000: the first problem it meets (None if
    none), and how many n choose each form (None past 100 forms). Every catalog of a
    language has the same header, so a library's thousands of catalogs evaluate it once
    (Russian's formula, 1,001 times, took 10-20 ms a catalog)."""
    seen = [0] * nplurals if nplurals <= 100 else None
    try:
        for n in range(1001):
            value = _evaluate(expression, n)
            if value >= 2**63:
                return "plural expression can produce negative values", None
            if value >= nplurals:
                return (f"nplurals = {nplurals} but plural expression can produce values as "
                        f"large as {value}"), None
            if seen is not None:
                seen[value] += 1
    except _DivisionByZero:
        return "plural expression can produce division by zero", None
    except RecursionError:
        return "invalid plural expression", None
    return None, tuple(seen) if seen is not None else None


def _newline_problems(message: _Message) -> list[str]:
    """check_pair's tests 1 and 2: msgid and translations agree on leading/trailing LF."""
    problems = []
    plural = message.msgid_plural
    names = ["msgstr"] if plural is None else [f"msgstr[{n}]" for n in range(len(message.msgstr))]
    for where, test in (("begin", lambda text: text.startswith("\n")),
                        ("end", lambda text: text.endswith("\n"))):  # fmt: skip
        expected = test(message.msgid)
        if plural is not None and test(plural) != expected:
            problems.append(f"'msgid' and 'msgid_plural' entries do not both {where} with '\\n'")
        for name, text in zip(names, message.msgstr, strict=True):
            if test(text) != expected:
                problems.append(f"'msgid' and '{name}' entries do not both {where} with '\\n'")
    return problems


def _format_problems(
    message: _Message, flags: _Flags, distribution: _Distribution | None, codec: str
) -> list[str]:
    """check_msgid_msgstr_format for every checked format flag of the message."""
    problems = []
    plural = message.msgid_plural is not None
    pretty_id = "msgid_plural" if plural else "msgid"
    for language, value in flags.formats:
        if value not in ("yes", "possible") or language not in _FORMATS:
            continue
        checker = _FORMATS[language]
        source = checker.parse(_as_bytes(message.msgid_plural or message.msgid, codec), False)
        if source.spec is None:
            continue
        for form, text in enumerate(message.msgstr):
            pretty_str = f"msgstr[{form}]" if plural else "msgstr"
            target = checker.parse(_as_bytes(text, codec), True)
            if target.spec is None:
                problems.append(_readable(f"'{pretty_str}' is not a valid {checker.pretty} format "
                                          f"string, unlike '{pretty_id}'. Reason: {target.reason}",
                                          codec))  # fmt: skip
                continue
            strict = not plural or len(message.msgstr) == 1 or (
                distribution is not None and distribution.often is not None
                and form < len(distribution.often) and distribution.often[form]
                and not (flags.range is not None
                         and distribution.histogram(*flags.range, form) <= 1))  # fmt: skip
            verdict = checker.check(source.spec, target.spec, strict)
            if verdict is not None:
                shown = verdict.replace("{id}", pretty_id).replace("{str}", pretty_str)
                problems.append(_readable(shown, codec))
    return problems


def _readable(message: str, codec: str) -> str:
    """A message quoting bytes-as-characters (see _as_bytes) back in real characters."""
    return message.encode("latin-1", "replace").decode(codec, "replace")


def _semantic_problems(messages: Iterable[_Message], codec: str) -> list[CatalogProblem]:
    """Duplicates, the header entry, plural forms, newlines and format strings."""
    problems: list[CatalogProblem] = []
    first_lines: dict[tuple[str | None, str], int] = {}
    active: list[tuple[_Message, _Flags]] = []
    for message in messages:
        key = (message.msgctxt, message.msgid)
        if key in first_lines:
            problems.append(CatalogProblem(message.msgid_line, "duplicate message definition "
                f"(first definition at line {first_lines[key]})"))  # fmt: skip
            continue
        first_lines[key] = message.msgstr_line
        flags = _parse_flags(message.flags)
        translated = bool(message.msgstr[0])
        if not message.obsolete and translated and (message.is_header or not flags.fuzzy):
            active.append((message, flags))
    header = next((message for message, _ in active if message.is_header), None)
    if header is None:
        problems.append(CatalogProblem(1, "PO file header missing or invalid (no msgid \"\" "
            "entry with a translated msgstr)"))  # fmt: skip
    plural_problems, distribution = _plural_problems(active, header)
    problems += plural_problems
    for message, flags in active:
        if message.msgid:
            for text in _newline_problems(message) + _format_problems(
                message, flags, distribution, codec
            ):
                problems.append(CatalogProblem(message.msgstr_line, text))
    return problems


def check_po(data: bytes, display: str) -> tuple[CatalogProblem, ...]:
    """Everything ``msgfmt --check`` (gettext 0.21) rejects, by line; empty if valid.

    A UTF-8 byte order mark is a syntax error at line 1, as for msgfmt (``read_po`` still
    reads the file, and ``format_po`` writes it without one). ``display`` names the
    catalog for callers that raise; the problems themselves carry only lines.

    >>> check_po(b'msgid ""\\nmsgstr "Content-Type: text/plain; charset=UTF-8\\\\n"\\n\\n'
    ...          b'#, python-format\\nmsgid "%(n)s files"\\nmsgstr "%(m)s dosya"\\n', "tr.po")
    ... # doctest: +NORMALIZE_WHITESPACE
    (CatalogProblem(line=6, message="a format specification for argument 'm', as in
     'msgstr', doesn't exist in 'msgid'"),)
    """
    return tuple(_checked(data)[2])


def read_and_check_po(data: bytes, display: str) -> tuple[polib.POFile, tuple[CatalogProblem, ...]]:
    """``read_po`` and ``check_po`` together, parsing once where both read the same text
    (a UTF-8 catalog with LF line endings, as ours are): the checks of a 10 MB catalog
    spent half their parsing time parsing it twice. Raises as ``read_po`` does.
    """
    parsed, codec, problems = _checked(data)
    same_text = codec == "utf-8" and b"\r" not in data and not parsed.tainted
    reading = _parsed_for_reading(data, display, parsed if same_text else None)
    return _polib_file(*reading), tuple(problems)


_BOM = ("syntax error: the file starts with a UTF-8 byte order mark, which msgfmt does not "
        "read (save the file without it; localise update rewrites it without one)")


def _checked(data: bytes) -> tuple[_Parsed, str | None, list[CatalogProblem]]:
    """check_po's parse (undecodable bytes kept as surrogates) and its problems, by line."""
    problems = [CatalogProblem(1, _BOM)] if data.startswith(codecs.BOM_UTF8) else []
    data = data.removeprefix(codecs.BOM_UTF8)
    charset, _ = _header_charset(data.decode("latin-1"))
    canonical = _canonical_charset(charset) if charset else None
    codec = _CHARSET_CODECS.get(canonical) if canonical else None
    text = data.decode(codec or "latin-1", "surrogateescape")
    parsed = _parse(text, codec or "latin-1", undecodable=codec is not None)
    problems += [CatalogProblem(line, message) for line, message in parsed.errors]
    header = next((message for message in parsed.messages if message.is_header), None)
    if codec is not None and header is not None:
        known_from = header.last_token + 2
        problems += [
            CatalogProblem(line, "invalid multibyte sequence")
            for index, line in parsed.tainted
            if index >= known_from
        ]
    problems += _semantic_problems(parsed.messages, codec or "latin-1")
    return parsed, codec, sorted(problems, key=lambda problem: problem.line)
