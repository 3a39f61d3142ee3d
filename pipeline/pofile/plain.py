"""The plain layout (what msgcat and localise write), read a whole entry per regular
expression match: the same messages as the grammar, about three times faster.
"""

from __future__ import annotations

import re
from typing import Final

from .grammar import _ESCAPED_CHARS, _Message, _parse_references, _Parsed

_PLAIN_CHARS: Final = r'[^"\\\n]*(?:\\[ntbrfva\\"][^"\\\n]*)*'
"""A string's content: no quote, newline or backslash but the simple escapes."""
_PLAIN_STRING: Final = rf'"{_PLAIN_CHARS}"\n'
_PLAIN_ENTRY: Final = re.compile(
    r"(?P<comments>(?:#[^\n]*\n)*)"
    rf"(?:msgctxt (?P<context>{_PLAIN_STRING}(?:{_PLAIN_STRING})*))?"
    rf"msgid (?P<msgid>{_PLAIN_STRING}(?:{_PLAIN_STRING})*)"
    rf"msgstr (?P<msgstr>{_PLAIN_STRING}(?:{_PLAIN_STRING})*)"
    r"(?P<blank>\n*)"
)
_PLAIN_CONTENT: Final = re.compile(rf'"({_PLAIN_CHARS})"\n')
_PLAIN_PREVIOUS: Final = re.compile(rf'#\| (?:(msgctxt|msgid) )?"({_PLAIN_CHARS})"')
_PLAIN_ESCAPE: Final = re.compile(r"\\(.)")
_NOT_PLAIN: Final = ("\x00", "\x04", "\r", "\\\n", "\n#~", "\nmsgid_plural", "\nmsgstr[")
"""What the fast path leaves to the grammar: NUL, EOT, CR, a line continued by a
backslash, obsolete entries and plural forms (and undecodable bytes)."""


def _plain_unescaped(content: str) -> str:
    """A plain string's value: its simple escapes (the only ones the layout allows) decoded."""
    if "\\" not in content:
        return content
    return _PLAIN_ESCAPE.sub(lambda found: _ESCAPED_CHARS[found[1]], content)


def _plain_value(strings: str) -> tuple[str, int]:
    """The concatenated value of a keyword's strings, and how many lines they take."""
    parts = _PLAIN_CONTENT.findall(strings)
    return _plain_unescaped("".join(parts)), len(parts)


def _parse_plain_layout(text: str) -> _Parsed | None:
    """``_parse``'s result for a catalog in the plain layout (no obsolete or plural entry,
    no unusual escape or spacing, LF line ends), or None to use the grammar. The grammar
    reads line by line into tokens; this reads an entry per regular-expression match,
    about three times faster on a 28 MB catalog, and numbers lines and tokens the same way."""
    if not text.endswith("\n") or text.startswith("#~") or any(
            sign in text for sign in _NOT_PLAIN):
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept as surrogates for the grammar
        return None
    messages = []
    line = 1  # of the entry's first line
    tokens = 0  # tokens before the entry, as _Lexer counts them
    position = 0
    for found in _PLAIN_ENTRY.finditer(text):
        if found.start() != position:
            return None
        position = found.end()
        comments: list[str] = []
        extracted: list[str] = []
        references: list[tuple[str, str]] = []
        flags = ""
        previous: list[str | None] = [None, None, None]
        previous_key: str | None = None
        comment_lines = found["comments"].split("\n")[:-1]
        for comment in comment_lines:
            body = comment[1:]
            if body.startswith("|"):
                plain = _PLAIN_PREVIOUS.fullmatch(comment)
                if plain is None:
                    return None
                keyword, content = plain.groups()
                if keyword is not None:
                    if previous_key == "msgid" or (keyword == previous_key):
                        return None  # the grammar's order: msgctxt, then msgid, once each
                    previous_key = keyword
                    tokens += 1
                elif previous_key is None:
                    return None
                index = 0 if previous_key == "msgctxt" else 1
                previous[index] = (previous[index] or "") + _plain_unescaped(content)
                tokens += 1
                continue
            if previous_key is not None:  # a comment after "#|" lines: the grammar's case
                return None
            tokens += 1
            if body.startswith("."):
                extracted.append(body[2:] if body.startswith(". ") else body[1:])
            elif body.startswith(":"):
                references.extend(_parse_references(body[1:]))
            elif body.startswith((",", "!")):
                flags = body[1:]
            else:
                comments.append(body[1:] if body.startswith(" ") else body)
        if previous_key is not None and previous[1] is None:
            return None  # "#| msgctxt" without "#| msgid"
        msgid_line = line + len(comment_lines)
        msgctxt = None
        if found["context"] is not None:
            msgctxt, context_lines = _plain_value(found["context"])
            msgid_line += context_lines
            tokens += 1 + context_lines
        msgid, msgid_lines = _plain_value(found["msgid"])
        msgstr, msgstr_lines = _plain_value(found["msgstr"])
        tokens += 2 + msgid_lines + msgstr_lines
        msgstr_line = msgid_line + msgid_lines
        messages.append(_Message(
            msgctxt, msgid, None, (msgstr,), False, (previous[0], previous[1], None),
            tuple(comments), tuple(extracted), tuple(references), flags, msgid_line,
            msgstr_line, tokens - 1,
        ))  # fmt: skip
        line = msgstr_line + msgstr_lines + len(found["blank"])
    if position != len(text):
        return None
    return _Parsed(tuple(messages), (), (), False)
