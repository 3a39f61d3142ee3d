"""Reading: catalog bytes as translators' tools save them (BOM, CRLF, any declared charset)
into polib's model, refusing what would lose or garble a translation.
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import Final

import polib

from ..errors import LocaliseError
from .charset import _CHARSET_CODECS, _canonical_charset
from .formats import _parse_flags
from .grammar import _has_surrogate, _header_charset, _Message, _parse_by_grammar, _Parsed
from .plain import _parse_plain_layout


def _parse(text: str, codec: str, *, undecodable: bool = False) -> _Parsed:
    """The whole catalog, by the plain layout's fast path when it applies (it gives the
    same result, tested), else by gettext's grammar."""
    simple = _parse_plain_layout(text)
    if simple is not None:
        return simple
    return _parse_by_grammar(text, codec, undecodable=undecodable)


_HINTS: Final = {
    "syntax error": "each entry is msgid \"...\" then msgstr \"...\"; compare with the "
    "entries around it (msgfmt --check shows the same error)",
    "within string": "close the string with a double quote on the same line; the file may "
    "have been cut off",
    "missing": "complete the entry: msgid needs a msgstr (msgid_plural needs msgstr[0], "
    "msgstr[1], ...)",
    "control sequence": "write a backslash as \\\\; only \\n \\t \\r \\\" \\\\ and octal or "
    "hex escapes are allowed",
    "keyword": "start the line with msgid, msgid_plural, msgctxt, msgstr, a quoted string or #",
    "#~": "prefix every line of an obsolete entry with #~, or none of them",
    "plural form": "number the plural translations msgstr[0], msgstr[1], ... in order",
    "<EOT>": "remove the control character U+0004 from the string",
    "domain": "remove the domain line: one catalog file holds one domain",
}


def _hint(message: str) -> str:
    for key, hint in _HINTS.items():
        if key in message:
            return hint
    return "fix the catalog at this line; msgfmt --check shows the same problem"


def _line_of_offset(data: bytes, offset: int) -> int:
    """1-based line of a byte offset: LF ends lines (CR too in a file without any LF)."""
    end = b"\n" if b"\n" in data else b"\r"
    return data.count(end, 0, offset) + 1


def _unix_lines(text: str) -> str:
    """CRLF (or CRCRLF) become LF; lone CRs become LF only in a file with no LF at all."""
    if "\n" not in text:
        return text.replace("\r", "\n")
    return re.sub("\r+\n", "\n", text) if "\r" in text else text


def _reading_codec(charset: str | None, display: str, line: int) -> str:
    """The Python codec for the header's charset (UTF-8 if none is declared)."""
    if not charset or charset == "CHARSET":
        return "utf-8"
    canonical = _canonical_charset(charset)
    if canonical is not None:
        codec = _CHARSET_CODECS[canonical]
        if codec is None:
            raise LocaliseError(
                f"charset {charset} is not supported", display, line,
                hint="convert the catalog to UTF-8 (msgconv -t UTF-8) and declare "
                "charset=UTF-8",
            )  # fmt: skip
        return codec
    codec = _python_codec(charset)
    if codec is None:
        raise LocaliseError(
            f"unknown charset {charset!r} in the header's Content-Type", display, line,
            hint="declare an existing ASCII-compatible charset, e.g. Content-Type: "
            "text/plain; charset=UTF-8",
        )  # fmt: skip
    return codec


_NOT_CHARSETS: Final = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape"})


def _python_codec(charset: str) -> str | None:
    """A Python text codec that reads ASCII as ASCII, as a PO file needs, or None."""
    ascii_bytes = bytes(range(128))
    try:
        codec = codecs.lookup(charset).name
        if codec in _NOT_CHARSETS or ascii_bytes.decode(codec) != ascii_bytes.decode("ascii"):
            return None
    except (LookupError, ValueError, UnicodeError):
        return None
    return codec


def _decoded(data: bytes, display: str) -> tuple[str, str]:
    """Catalog text with LF line endings and no BOM, and the codec it was decoded with."""
    data = data.removeprefix(codecs.BOM_UTF8)
    charset, line = _header_charset(_unix_lines(data.decode("latin-1")), tolerant=True)
    codec = _reading_codec(charset, display, line)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:  # the codecs allowed here raise only this
        bad = data[error.start : error.end].hex(" ")
        raise LocaliseError(
            f"invalid bytes for charset {charset or 'UTF-8'} (0x{bad})",
            display, _line_of_offset(data, error.start),
            hint=f"save the file in {charset or 'UTF-8'} or declare the charset it is in",
        ) from error  # fmt: skip
    if "\0" in text:
        raise LocaliseError(
            "a NUL byte in the file: gettext would silently cut the text there",
            display, _line_of_offset(data, data.index(b"\0")),
            hint="remove the NUL byte (a UTF-16 file must be saved as UTF-8)",
        )  # fmt: skip
    if _single_byte(codec) and _utf8_text(data):
        first = next(index for index, byte in enumerate(data) if byte >= 0x80)
        raise LocaliseError(
            f"the header declares charset {charset}, but the text is UTF-8 (from line "
            f"{_line_of_offset(data, first)}); read as {charset} it would be garbled",
            display, line, hint="declare charset=UTF-8 in the Content-Type header",
        )  # fmt: skip
    return _unix_lines(text), codec


def _single_byte(codec: str) -> bool:
    """A one-byte-per-character codec (ISO-8859-*, CP125x, KOI8-*): all 256 bytes decode."""
    return codec != "utf-8" and len(bytes(range(256)).decode(codec, "replace")) == 256


def _utf8_text(data: bytes) -> bool:
    """Non-ASCII bytes that are all valid UTF-8: a one-byte charset's text almost never is,
    so a header declaring one (Latin-1, CP1254) over such bytes lies."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parsed_for_reading(
    data: bytes, display: str, parsed: _Parsed | None = None
) -> tuple[_Parsed, str]:
    """Decode and parse for reading (``parsed``: the same text already parsed by the checks)."""
    text, codec = _decoded(data, display)
    if parsed is None:
        parsed = _parse(text, codec)
    if parsed.errors:
        line, error = parsed.errors[0]
        raise LocaliseError(error, display, line, hint=_hint(error))
    for message in parsed.messages if parsed.byte_escapes else ():
        strings = (message.msgctxt or "", message.msgid, message.msgid_plural or "",
                   *message.msgstr, *(part or "" for part in message.previous))  # fmt: skip
        if any(_has_surrogate(string) for string in strings):
            raise LocaliseError(
                f"an escape sequence makes bytes that are not valid {codec}",
                display, message.msgid_line,
                hint="write the character itself instead of octal or hex escapes",
            )  # fmt: skip
    return parsed, codec


@functools.lru_cache(maxsize=1024)
def _flag_words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


def _metadata(msgstr: str) -> dict[str, str]:
    """polib's header dict, keeping the order and the text after ``Key: ``."""
    metadata: dict[str, str] = {}
    key = None
    for line in msgstr.split("\n")[:-1] if msgstr.endswith("\n") else msgstr.split("\n"):
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value[1:] if value.startswith(" ") else value
        elif key is not None:
            metadata[key] += "\n" + line
    return metadata


def _polib_entry(message: _Message, codec: str) -> polib.POEntry:
    plural = message.msgid_plural is not None
    entry = polib.POEntry(
        msgid=message.msgid,
        msgstr="" if plural else message.msgstr[0],
        msgid_plural=message.msgid_plural or "",
        msgstr_plural=dict(enumerate(message.msgstr)) if plural else {},
        msgctxt=message.msgctxt,
        obsolete=message.obsolete,
        tcomment="\n".join(message.comments),
        comment="\n".join(message.extracted),
        occurrences=list(message.references),
        flags=list(_flag_words(message.flags)),
        previous_msgctxt=message.previous[0],
        previous_msgid=message.previous[1],
        previous_msgid_plural=message.previous[2],
        linenum=message.msgid_line,
        encoding=codec,
    )
    entry.msgstr_linenum = message.msgstr_line
    return entry


def read_po(data: bytes, display: str) -> polib.POFile:
    """Parse catalog bytes into polib's model, raising LocaliseError with msgfmt's line.

    Tolerates a UTF-8 BOM and CRLF/CR line endings, decodes with the header's charset
    (UTF-8 if none), and rejects what gettext cannot parse. The first header entry with
    text (else with comments or flags) becomes ``header``/``metadata`` (the ``Key: value``
    lines of its text: polib's model of a header); a bare ``msgid ""``/``msgstr ""``, which
    msgfmt ignores too, stays an ordinary entry, as msgcat writes it back. Entries' ``linenum`` is the line of their ``msgid``
    keyword and ``msgstr_linenum`` that of their ``msgstr`` (see ``msgstr_line``).

    >>> po = read_po(b'msgid ""\\nmsgstr "Content-Type: text/plain; charset=UTF-8\\\\n"\\n'
    ...              b'\\nmsgid "Hi"\\nmsgstr "Selam"\\n', "tr.po")
    >>> [(entry.msgid, entry.msgstr, entry.linenum) for entry in po]
    [('Hi', 'Selam', 4)]
    """
    return _polib_file(*_parsed_for_reading(data, display))


def _polib_file(parsed: _Parsed, codec: str) -> polib.POFile:
    po = polib.POFile(encoding=codec)
    headers = [message for message in parsed.messages if message.is_header]
    header = next((message for message in headers if message.msgstr[0]), None) or next(
        (message for message in headers if message.comments or message.flags), None)
    for message in parsed.messages:
        if message is header:
            po.header = "\n".join(message.comments)
            po.metadata = _metadata(message.msgstr[0])
            po.metadata_is_fuzzy = _parse_flags(message.flags).fuzzy
        else:
            po.append(_polib_entry(message, codec))
    return po


def msgstr_line(entry: polib.POEntry) -> int:
    """Line of the entry's ``msgstr`` keyword (``msgstr[0]`` for plurals), for reports.

    ``read_po`` stores it as ``entry.msgstr_linenum`` next to polib's ``linenum`` (the
    ``msgid`` line); entries made elsewhere fall back to ``linenum``, then to line 1.

    >>> po = read_po(b'msgctxt "menu"\\nmsgid "Open"\\nmsgstr "A\\xc3\\xa7"\\n', "tr.po")
    >>> [(entry.linenum, msgstr_line(entry)) for entry in po]
    [(2, 3)]
    """
    return int(getattr(entry, "msgstr_linenum", None) or entry.linenum or 1)
