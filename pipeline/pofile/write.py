"""Writing (write-po.c): a ``polib.POFile`` as msgcat's canonical text, byte for byte."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import polib

from ..parallel import in_chunks
from .charset import (
    _CHARSET_CODECS,
    _CJK_CHARSETS,
    _as_bytes,
    _canonical_charset,
    _charset_in_header,
)
from .formats import _FORMATS, _Flags, _parse_flags
from .linebreak import _line_breaker, _text_width

PAGE_WIDTH: Final = 79


_ESCAPES: Final = {
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
    "\v": "\\v", "\\": "\\\\", '"': '\\"',
}  # fmt: skip
_ESCAPE_TABLE: Final = str.maketrans(_ESCAPES)


_DIRECTIVE_MARKERS: Final = {"c": "%", "objc": "%", "python": "%", "python-brace": "{"}


def _protected_positions(
    language: str | None, value: str, is_msgstr: bool, codec: str
) -> set[int]:
    """Indices of ``value`` before which wrap() must not break, for format directives.

    gettext parses the encoded bytes, so this does too. For c, objc and python these are
    the characters inside a valid directive. gettext 0.21 stores python-brace marks
    relative to each directive's own brace (its FDI_SET uses the directive-local
    ``format_start``), so what it protects is the start of the string, up to the byte
    length of the shortest directive; that is reproduced here.
    """
    marker = _DIRECTIVE_MARKERS.get(language or "")
    if marker is None or marker not in value:
        return set()
    raw = _as_bytes(value, codec)
    parsed = _FORMATS[language or ""].parse(raw, is_msgstr)
    if language != "python-brace":
        protected = {byte for start, end in parsed.spans for byte in range(start + 1, end + 1)}
    elif parsed.spans:
        marks = [*parsed.spans, *([parsed.error] if parsed.error else [])]
        protected = set(range(1, min(end - start for start, end in marks) + 1))
    else:
        return set()
    if raw is value:
        return protected
    indices: set[int] = set()
    offset = 0
    for index, ch in enumerate(value):
        if offset in protected:
            indices.add(index)
        offset += len(ch.encode(codec, "surrogateescape"))
    return indices


@dataclass(frozen=True, slots=True)
class _WrapStyle:
    """How one entry's strings are wrapped: its flags and the catalog's charset."""

    no_wrap: bool
    language: str | None
    """The format language whose directives must not be broken (see _protected_positions)."""
    cjk: bool
    codec: str


def _wrap(prefix: str, name: str, value: str, style: _WrapStyle) -> list[str]:
    """Lines of one keyword and its string, as write-po.c's wrap() prints them."""
    cjk = style.cjk
    after_break = len(prefix) + 1
    width = (10**9 if style.no_wrap else PAGE_WIDTH) - 1 - after_break
    protected: set[int] | None = None
    lines: list[str] = []
    first_line = True
    position = 0
    total = len(value)
    while True:
        end = value.find("\n", position)
        end = total if end < 0 else end + 1
        portion = value[position:end]
        escapes = _HAS_ESCAPE.search(portion) is not None
        escaped = portion.translate(_ESCAPE_TABLE) if escapes else portion
        more = end < total
        startcol = len(name) + 1 if first_line else 0
        breaks: list[int] = []
        if portion and (more or startcol + _text_width(escaped, cjk) > width):
            if protected is None:
                is_msgstr = name.startswith("msgstr")
                protected = _protected_positions(style.language, value, is_msgstr, style.codec)
            line_breaks = _line_breaker(
                escaped, _prohibited(portion, position, protected, escapes), width, cjk)
            breaks = line_breaks(startcol)
            if first_line and (more or startcol > width or breaks):
                lines.append(f'{prefix}{name} ""')
                first_line = False
                startcol = 0
                breaks = line_breaks(startcol)
        lead = f"{prefix}{name} " if first_line else prefix
        first_line = False
        cut = 0
        for index in breaks:
            lines.append(f'{lead}"{escaped[cut:index]}"')
            lead, cut = prefix, index
        lines.append(f'{lead}"{escaped[cut:]}"')
        position = end
        if position >= total:
            return lines


_HAS_ESCAPE: Final = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def _prohibited(portion: str, offset: int, protected: set[int], escapes: bool) -> list[bool]:
    """Per escaped character: may the line not break before it (escapes, directives)?
    ``escapes``: whether ``portion`` has a character to escape."""
    if not protected and not escapes:
        return [False] * len(portion)
    marks: list[bool] = []
    for index, ch in enumerate(portion, start=offset):
        inside = index in protected
        if ch in _ESCAPES:
            marks += (inside, True)
        else:
            marks.append(inside)
    if portion.endswith("\n"):
        marks[-2] = True
    return marks


def _comment_lines(marker: str, text: str) -> list[str]:
    """Comment lines; one ending in a backslash gets a blank, or gettext joins the next."""
    if not text:
        return []
    return [
        (f"{marker} {line}" + (" " if line.endswith("\\") else "")) if line else marker
        for line in text.split("\n")
    ]


def _reference_lines(occurrences: Iterable[tuple[str, str]], codec: str) -> list[str]:
    """``#:`` lines: references in order, duplicates dropped, wrapped before column 79."""
    seen: set[tuple[str, str]] = set()
    lines: list[str] = []
    current = "#:"
    column = 2
    for file_name, line_number in occurrences:
        number = "" if line_number in (None, "") else str(line_number)
        if number.isascii() and number.isdigit():
            number = number.lstrip("0") or "0"
        if (file_name, number) in seen:
            continue
        seen.add((file_name, number))
        shown = file_name
        while shown.startswith("./"):
            shown = shown[2:]
        suffix = f":{number}" if number else ""
        width = len(shown.encode(codec, "replace")) + len(suffix) + 1
        if column > 2 and column + width > PAGE_WIDTH:
            lines.append(current)
            current, column = "#:", 2
        current += f" {shown}{suffix}"
        column += width
    if column > 2:
        lines.append(current)
    return [line + " " if line.endswith("\\") else line for line in lines]


def _flag_line(flags: _Flags, translated: bool, obsolete: bool) -> list[str]:
    words = ["fuzzy"] if flags.fuzzy and (translated or obsolete) else []
    for language, value in flags.formats:
        if value in ("yes", "possible"):
            words.append(f"{language}-format")
        elif value == "no":
            words.append(f"no-{language}-format")
    if flags.range is not None and not obsolete:
        words.append(f"range: {flags.range[0]}..{flags.range[1]}")
    if flags.no_wrap:
        words.append("no-wrap")
    return [f"#, {', '.join(words)}"] if words else []


def _entry_lines(entry: polib.POEntry, codec: str, cjk: bool) -> list[str]:
    """One entry in msgcat's order: comments, references, flags, previous, strings."""
    obsolete = bool(entry.obsolete)
    flags = _parse_flags(",".join(entry.flags))
    style = _WrapStyle(flags.no_wrap, flags.first_checked_format(), cjk, codec)
    if entry.msgid_plural:
        keys = sorted(entry.msgstr_plural) or [0, 1]
        translations = [(f"msgstr[{key}]", entry.msgstr_plural.get(key, "")) for key in keys]
    else:
        translations = [("msgstr", entry.msgstr or "")]
    lines = _comment_lines("#", entry.tcomment or "")
    lines += _comment_lines("#.", entry.comment or "")
    lines += _reference_lines(entry.occurrences or (), codec)
    lines += _flag_line(flags, bool(translations[0][1]), obsolete)
    previous = (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                ("msgid_plural", entry.previous_msgid_plural))  # fmt: skip
    for keyword, value in previous:
        if value is not None:
            lines += _wrap("#~| " if obsolete else "#| ", keyword, value, style)
    strings = [("msgctxt", entry.msgctxt), ("msgid", entry.msgid),
               ("msgid_plural", entry.msgid_plural or None), *translations]  # fmt: skip
    for keyword, value in strings:
        if value is not None:
            lines += _wrap("#~ " if obsolete else "", keyword, value, style)
    return lines


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    """The header as an entry: comments from ``po.header``, msgstr from ``po.metadata``."""
    if not (po.metadata or po.header or po.metadata_is_fuzzy):
        return None
    msgstr = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    return polib.POEntry(
        msgid="", msgstr=msgstr, tcomment=po.header or "",
        flags=["fuzzy"] if po.metadata_is_fuzzy else [],
    )  # fmt: skip


def format_po(po: polib.POFile) -> str:
    """The catalog exactly as ``msgcat`` (gettext 0.21, width 79) would write it
    (a long one by forked processes, one per core).

    Obsolete entries come last and are dropped when untranslated; flags are normalised
    (fuzzy only on translated entries, unknown flags dropped). As msgcat does without
    ``--force-po``, a catalog with no message besides the header gives empty text.

    >>> po = polib.POFile()
    >>> po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    >>> po.append(polib.POEntry(msgid="Hello", msgstr="Merhaba", occurrences=[("a.md", "3")]))
    >>> print(format_po(po), end="")
    msgid ""
    msgstr "Content-Type: text/plain; charset=UTF-8\\n"
    <BLANKLINE>
    #: a.md:3
    msgid "Hello"
    msgstr "Merhaba"
    """
    if all(entry.msgctxt is None and not entry.msgid for entry in po):
        return ""  # like msgcat, which writes nothing when there is no message
    header = _header_entry(po)
    canonical = _canonical_charset(_charset_in_header(header.msgstr if header else "") or "")
    cjk = canonical in _CJK_CHARSETS
    codec = _CHARSET_CODECS.get(canonical or "") or "utf-8"
    codec = "utf-8" if codec == "ascii" else codec  # msgcat passes such bytes through
    entries = [header] if header is not None else []
    entries += [entry for entry in po if not entry.obsolete]
    entries += [entry for entry in po if entry.obsolete and _first_msgstr(entry)]
    job = (entries, codec, cjk)
    return "\n".join(in_chunks(_format_entries, job, len(entries), minimum=PARALLEL_ENTRIES))


PARALLEL_ENTRIES: Final = 20_000
"""Catalogs at least this long are formatted by several processes (a 96,000-entry one
takes about 2 s in one)."""


def _format_entries(job: tuple[list[polib.POEntry], str, bool], start: int, end: int) -> str:
    entries, codec, cjk = job
    return "\n".join(
        "\n".join(_entry_lines(entry, codec, cjk)) + "\n" for entry in entries[start:end]
    )


def _first_msgstr(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return entry.msgstr_plural[min(entry.msgstr_plural)] if entry.msgstr_plural else ""
    return entry.msgstr or ""
