"""gettext's PO grammar (po-lex.c, po-gram-gen.y, read-catalog.c): tokens and messages with
the lines msgfmt reports, and its error recovery, so an error names msgfmt's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from .charset import _charset_in_header


def _decimal(digits: str, limit: int = 2**64 - 1) -> int:
    """A run of ASCII digits as C's strtoul reads it: saturated at ``limit``.

    (Plain ``int()`` refuses more than 4300 digits, and any bytes may arrive here.)
    """
    digits = digits.lstrip("0")
    return limit if len(digits) > 20 else min(int(digits or "0"), limit)


# --------------------------------------------------------------------------------------
# Lexing (po-lex.c): tokens with the line msgfmt reports for them.

(T_EOF, T_COMMENT, T_DOMAIN, T_MSGID, T_MSGID_PLURAL, T_MSGSTR, T_MSGCTXT, T_PREV_MSGID,
 T_PREV_MSGID_PLURAL, T_PREV_MSGCTXT, T_STRING, T_PREV_STRING, T_NUMBER, T_LBRACKET,
 T_RBRACKET, T_NAME, T_JUNK) = range(17)  # fmt: skip
_KEYWORDS: Final = {"domain": T_DOMAIN, "msgid": T_MSGID, "msgid_plural": T_MSGID_PLURAL,
                    "msgstr": T_MSGSTR, "msgctxt": T_MSGCTXT}  # fmt: skip
_PREVIOUS_KEYWORDS: Final = {"msgid": T_PREV_MSGID, "msgid_plural": T_PREV_MSGID_PLURAL,
                             "msgctxt": T_PREV_MSGCTXT}  # fmt: skip
_MESSAGE_STARTS: Final = frozenset({T_MSGID, T_MSGCTXT, T_PREV_MSGID, T_PREV_MSGCTXT})
_RECOVERY_STARTS: Final = _MESSAGE_STARTS | {T_EOF, T_COMMENT, T_DOMAIN}

_SIMPLE_LINE: Final = re.compile(
    r'[ \t]*(?:(msgctxt|msgid|msgid_plural|msgstr)(?:\[([0-9]+)\])?[ \t]*)?'
    r'"((?:[^"\\]|\\.)*)"[ \t\r]*'
)
_LINE_TOKEN: Final = re.compile(
    r'(?P<space>[ \t\r\f\v]+)|(?P<hash>#)|(?P<string>"(?:[^"\\]|\\.|\\\Z)*"?)'
    r"|(?P<word>[A-Za-z_$][A-Za-z0-9_$]*)|(?P<number>[0-9]+)|(?P<open>\[)|(?P<close>\])"
    r"|(?P<junk>.)",
    re.DOTALL,
)
_ESCAPE: Final = re.compile(r'\\(?:([ntbrfva\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+))?')
_ESCAPED_CHARS: Final = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v",
                         "a": "\a", "\\": "\\", '"': '"'}  # fmt: skip
_SURROGATE: Final = re.compile("[\udc80-\udcff]")

# A token: (kind, value, line, obsolete, has undecodable bytes).
_Token = tuple[int, object, int, bool, bool]


class _Lexer:
    """Turns catalog text into tokens, noting lexical errors with their lines."""

    def __init__(self, text: str, codec: str, *, undecodable: bool = False) -> None:
        self.codec = codec
        self.undecodable = undecodable
        """Whether the text may hold undecodable bytes (as surrogates) worth marking."""
        self.byte_escapes = False
        """Whether an octal or hex escape produced a byte that is not ASCII."""
        self.errors: list[tuple[int, str]] = []
        lines = text.split("\n")
        self.ends_with_newline = len(lines) > 1 and lines[-1] == ""
        if self.ends_with_newline:
            lines.pop()
        self.lines = lines

    def tokens(self) -> Iterator[_Token]:
        """All tokens, then one T_EOF at the last line."""
        lines = self.lines
        count = len(lines)
        index = 0
        while index < count:
            number = index + 1
            line = lines[index]
            index += 1
            newline_follows = index < count or self.ends_with_newline
            while line.endswith("\\") and newline_follows:  # backslash-newline joins lines
                line = line[:-1] + (lines[index] if index < count else "")
                index += 1
                newline_follows = index < count or (index == count and self.ends_with_newline)
            at_eof = not newline_follows
            simple = _SIMPLE_LINE.fullmatch(line)
            if simple is not None:
                keyword, plural_index, content = simple.groups()
                if keyword is not None:
                    yield (_KEYWORDS[keyword], keyword, number, False, False)
                    if plural_index is not None:
                        yield (T_LBRACKET, "[", number, False, False)
                        yield (T_NUMBER, _decimal(plural_index), number, False, False)
                        yield (T_RBRACKET, "]", number, False, False)
                value = self._string_value(content, number)
                tainted = self.undecodable and _has_surrogate(content)
                yield (T_STRING, value, number, False, tainted)
                continue
            stripped = line.lstrip(" \t")
            if stripped.startswith("#") and stripped[1:2] not in ("~", "|"):
                # msgfmt checks the character after '#' (is it '~' or '|'?), not the rest.
                tainted = self.undecodable and _has_surrogate(stripped[1:2])
                yield (T_COMMENT, stripped[1:], number, False, tainted)
                continue
            yield from self._general_line(line, number, at_eof)
        yield (T_EOF, None, max(count, 1), False, False)

    def _general_line(self, line: str, number: int, at_eof: bool) -> Iterator[_Token]:
        obsolete = previous = False
        position = 0
        length = len(line)
        while position < length:
            found = _LINE_TOKEN.match(line, position)
            assert found is not None
            kind = found.lastgroup
            text = found.group()
            position = found.end()
            if kind == "space":
                continue
            if kind == "hash":
                follower = line[position : position + 1]
                if follower == "~":
                    obsolete = True
                    position += 1
                    if line.startswith("|", position):
                        previous = True
                        position += 1
                    continue
                if follower == "|":
                    previous = True
                    position += 1
                    continue
                tainted = self.undecodable and _has_surrogate(follower)
                yield (T_COMMENT, line[position:], number, obsolete, tainted)
                return
            if kind == "string":
                closed = len(text) > 1 and text.endswith('"') and not _escaped_end(text)
                content = text[1:-1] if closed else text[1:]
                value = self._string_value(content, number)
                if not closed:
                    where = "end-of-file" if at_eof else "end-of-line"
                    self.errors.append((number, f"{where} within string"))
                kind_code = T_PREV_STRING if previous else T_STRING
                tainted = self.undecodable and _has_surrogate(content)
                yield (kind_code, value, number, obsolete, tainted)
            elif kind == "word":
                table = _PREVIOUS_KEYWORDS if previous else _KEYWORDS
                if text in table:
                    yield (table[text], text, number, obsolete, False)
                else:
                    self.errors.append((number, f'keyword "{text}" unknown'))
                    yield (T_NAME, text, number, obsolete, False)
            elif kind == "number":
                yield (T_NUMBER, _decimal(text), number, obsolete, False)
            elif kind == "open":
                yield (T_LBRACKET, text, number, obsolete, False)
            elif kind == "close":
                yield (T_RBRACKET, text, number, obsolete, False)
            else:
                yield (T_JUNK, text, number, obsolete, self.undecodable and _has_surrogate(text))

    def _string_value(self, content: str, number: int) -> str:
        """The C string gettext builds: escapes decoded, cut at NUL, bytes re-decoded."""
        if "\\" in content:
            content = _ESCAPE.sub(lambda found: self._escape(found, number), content)
            if _SURROGATE.search(content):
                raw = content.encode(self.codec, "surrogateescape")
                content = raw.decode(self.codec, "surrogateescape")
        content = content.split("\0", 1)[0]
        if "\x04" in content:
            self.errors.append((number, "context separator <EOT> within string"))
        return content

    def _escape(self, found: re.Match[str], number: int) -> str:
        simple, octal, hexadecimal = found.groups()
        if simple is not None:
            return _ESCAPED_CHARS[simple]
        if octal is not None or hexadecimal is not None:
            # C keeps the low byte; for hex that is the last two digits.
            value = int(octal, 8) & 0xFF if octal is not None else int(hexadecimal[-2:], 16)
            if value < 0x80:
                return chr(value)
            self.byte_escapes = True
            return chr(0xDC00 + value)
        self.errors.append((number, "invalid control sequence"))
        return " "


def _escaped_end(text: str) -> bool:
    """Whether the final quote of a lexed string is itself escaped (odd backslashes)."""
    backslashes = len(text) - 1 - len(text[:-1].rstrip("\\"))
    return backslashes % 2 == 1


def _has_surrogate(text: str) -> bool:
    return bool(_SURROGATE.search(text))


# --------------------------------------------------------------------------------------
# Parsing (po-gram-gen.y, read-catalog.c): messages and their comments.


@dataclass(frozen=True, slots=True)
class _Message:
    """One parsed entry with everything msgcat prints and msgfmt checks."""

    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstr: tuple[str, ...]
    obsolete: bool
    previous: tuple[str | None, str | None, str | None]
    comments: tuple[str, ...]
    extracted: tuple[str, ...]
    references: tuple[tuple[str, str], ...]
    flags: str
    """The text of the last ``#,`` line after the comma ('' if none)."""
    msgid_line: int
    msgstr_line: int
    last_token: int
    """Index of the message's last token (msgfmt learns the charset two tokens later)."""

    @property
    def is_header(self) -> bool:
        return self.msgctxt is None and self.msgid == "" and not self.obsolete


class _Dropped(Exception):
    """The message being parsed is dropped, as bison's error recovery drops it."""


class _Parser:
    """gettext's PO grammar with bison-like error recovery, over a lazy token stream."""

    def __init__(self, tokens: Iterable[_Token]) -> None:
        self._buffer: list[_Token] = tokens if isinstance(tokens, list) else []
        self._source: Iterator[_Token] = iter(() if isinstance(tokens, list) else tokens)
        self.position = 0
        self.errors: list[tuple[int, str]] = []
        self.tainted: list[tuple[int, int]] = [
            (index, token[2]) for index, token in enumerate(self._buffer) if token[4]
        ]
        """(token index, line) of tokens holding undecodable bytes msgfmt would report."""
        self._quiet = 0
        self._reset_comments()

    def _reset_comments(self) -> None:
        self._comments: list[str] = []
        self._extracted: list[str] = []
        self._references: list[tuple[str, str]] = []
        self._flags = ""

    def _token(self, offset: int = 0) -> _Token:
        wanted = self.position + offset
        if wanted < len(self._buffer):
            return self._buffer[wanted]
        while len(self._buffer) <= wanted:
            token = next(self._source, None)
            if token is None:
                return self._buffer[-1]
            if token[4]:
                self.tainted.append((len(self._buffer), token[2]))
            self._buffer.append(token)
        return self._buffer[wanted]

    def _advance(self) -> _Token:
        token = self._token()
        if token[0] != T_EOF:
            self.position += 1
        if self._quiet:
            self._quiet -= 1
        return token

    def _syntax_error(self) -> None:
        if not self._quiet:
            self.errors.append((self._token()[2], "syntax error"))
        self._quiet = 3
        while self._token()[0] not in _RECOVERY_STARTS:
            self.position += 1

    def messages(self) -> Iterator[_Message]:
        """Parse to the end, yielding every well-formed message."""
        while True:
            kind = self._token()[0]
            if kind == T_EOF:
                return
            if kind == T_COMMENT:
                self._comment(str(self._advance()[1]))
            elif kind == T_DOMAIN:
                self._advance()
                if self._token()[0] == T_STRING:
                    name = self._advance()
                    self.errors.append((name[2], f"'domain {name[1]}' directive ignored"))
                else:
                    self._syntax_error()
            elif kind in _MESSAGE_STARTS:
                try:
                    yield self._message()
                except _Dropped:
                    continue
            else:
                self._syntax_error()

    def _comment(self, text: str) -> None:
        if text.startswith("."):
            self._extracted.append(text[2:] if text.startswith(". ") else text[1:])
        elif text.startswith(":"):
            self._references.extend(_parse_references(text[1:]))
        elif text.startswith((",", "!")):
            self._flags = text[1:]
        else:
            self._comments.append(text[1:] if text.startswith(" ") else text)

    def _strings(self, kind: int) -> str:
        """One or more adjacent strings, concatenated (a keyword needs at least one)."""
        if self._token()[0] != kind:
            self._syntax_error()
            raise _Dropped
        parts = []
        while self._token()[0] == kind:
            parts.append(str(self._advance()[1]))
        return "".join(parts)

    def _expect(self, *kinds: int) -> None:
        if self._token()[0] not in kinds:
            self._syntax_error()
            raise _Dropped

    def _message(self) -> _Message:
        """previous? msgctxt? msgid (msgstr | msgid_plural msgstr[N]...), or _Dropped."""
        first = self.position
        previous = self._previous()
        msgctxt = None
        if self._token()[0] == T_MSGCTXT:
            self._advance()
            msgctxt = self._strings(T_STRING)
            self._expect(T_MSGID)
        intro = self._advance()
        msgid = self._strings(T_STRING)
        msgid_plural = None
        keyword = self._token()
        if keyword[0] == T_MSGSTR and self._token(1)[0] != T_LBRACKET:
            self._advance()
            forms: tuple[str, ...] = (self._strings(T_STRING),)
        elif keyword[0] == T_MSGSTR:
            self._plural_forms()
            self.errors.append((intro[2], "missing 'msgid_plural' section"))
            raise _Dropped
        elif keyword[0] == T_MSGID_PLURAL:
            self._advance()
            msgid_plural = self._strings(T_STRING)
            keyword = self._token()
            if keyword[0] != T_MSGSTR:
                self.errors.append((intro[2], "missing 'msgstr[]' section"))
                raise _Dropped
            forms = self._plural_forms()
        else:
            self.errors.append((intro[2], "missing 'msgstr' section"))
            raise _Dropped
        self._check_obsolete(first, intro[3])
        message = _Message(
            msgctxt, msgid, msgid_plural, forms, intro[3], previous, tuple(self._comments),
            tuple(self._extracted), tuple(self._references), self._flags, intro[2],
            keyword[2], self.position - 1,
        )  # fmt: skip
        self._reset_comments()
        return message

    def _previous(self) -> tuple[str | None, str | None, str | None]:
        """The ``#|`` lines: previous msgctxt, msgid and msgid_plural (all None if absent)."""
        if self._token()[0] not in (T_PREV_MSGCTXT, T_PREV_MSGID):
            return (None, None, None)
        context = plural = None
        if self._token()[0] == T_PREV_MSGCTXT:
            self._advance()
            context = self._strings(T_PREV_STRING)
            self._expect(T_PREV_MSGID)
        self._advance()
        msgid = self._strings(T_PREV_STRING)
        if self._token()[0] == T_PREV_MSGID_PLURAL:
            self._advance()
            plural = self._strings(T_PREV_STRING)
        self._expect(T_MSGID, T_MSGCTXT)
        return (context, msgid, plural)

    def _plural_forms(self) -> tuple[str, ...]:
        forms: list[str] = []
        while self._token()[0] == T_MSGSTR:
            keyword = self._advance()
            self._expect(T_LBRACKET)
            self._advance()
            self._expect(T_NUMBER)
            number = self._advance()
            self._expect(T_RBRACKET)
            self._advance()
            forms.append(self._strings(T_STRING))
            if number[1] != len(forms) - 1:
                wrong = "first plural form has nonzero index" if len(forms) == 1 else (
                    "plural form has wrong index")
                self.errors.append((keyword[2], wrong))
        return tuple(forms)

    def _check_obsolete(self, first: int, obsolete: bool) -> None:
        for token in self._buffer[first : self.position]:
            if token[3] != obsolete:
                self.errors.append((token[2], "inconsistent use of #~"))
                return


_REFERENCE_SEPARATORS: Final = re.compile("[ \t\n]+")
_REFERENCE: Final = re.compile("(.+):([0-9]+)", re.DOTALL)


def _parse_references(text: str) -> Iterator[tuple[str, str]]:
    """``#:`` references as gettext reads them: ``file:line``, ``file : line`` or ``file``."""
    words = [word for word in _REFERENCE_SEPARATORS.split(text) if word]
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        rest = words[index : index + 2]
        if rest[:1] == [":"] and len(rest) == 2 and rest[1].isdigit() and rest[1].isascii():
            yield word, rest[1].lstrip("0") or "0"
            index += 2
            continue
        if rest[:1] and rest[0].startswith(":") and rest[0][1:].isdigit() and rest[0][1:].isascii():
            yield word, rest[0][1:].lstrip("0") or "0"
            index += 1
            continue
        if word.endswith(":") and rest and rest[0].isdigit() and rest[0].isascii():
            yield word[:-1], rest[0].lstrip("0") or "0"
            index += 1
            continue
        found = _REFERENCE.fullmatch(word)
        if found and found[1]:
            yield found[1], found[2].lstrip("0") or "0"
        else:
            yield word, ""


def _header_charset(text: str, *, tolerant: bool = False) -> tuple[str | None, int]:
    """The header's ``charset=`` value and its line, read as gettext finds the header.

    ``tolerant`` also accepts blanks after ``charset=``, which gettext reads as no charset.
    """
    lexer = _Lexer(text, "latin-1")
    for message in _Parser(lexer.tokens()).messages():
        if message.is_header:
            msgstr = message.msgstr[0]
            if tolerant:
                msgstr = re.sub("charset=[ \t]+", "charset=", msgstr)
            charset = _charset_in_header(msgstr)
            line = message.msgstr_line
            for offset, content in enumerate(lexer.lines[line - 1 :] if charset else ()):
                if "charset=" in content:
                    return charset, line + offset
            return charset, line
    return None, 1


@dataclass(frozen=True, slots=True)
class _Parsed:
    """A whole catalog: its messages, the errors on the way, undecodable tokens."""

    messages: tuple[_Message, ...]
    errors: tuple[tuple[int, str], ...]
    tainted: tuple[tuple[int, int], ...]
    byte_escapes: bool


def _parse_by_grammar(text: str, codec: str, *, undecodable: bool = False) -> _Parsed:
    lexer = _Lexer(text, codec, undecodable=undecodable)
    parser = _Parser(list(lexer.tokens()))
    messages = tuple(parser.messages())
    errors = sorted(lexer.errors + parser.errors, key=lambda error: error[0])
    return _Parsed(messages, tuple(errors), tuple(parser.tainted), lexer.byte_escapes)
