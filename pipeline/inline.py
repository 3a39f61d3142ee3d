"""Inline Markdown as pieces: text, and the markup a translation tool must keep whole.

A unit's Markdown (``Up to **14.97%** of [cases](https://x.org).``) becomes text runs
and codes (``**``, ``[``, ``](https://x.org)``), each with the exact characters it was
written with, so joining them gives the unit back byte for byte: the form XLIFF's inline
tags need. The codes are found by laying markdown-it's own tokens over the text, so they
are what the page renderer sees; where that fails (a construct not known here) the unit
is one text piece, which still round-trips.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token

from .article import inline_tokens


@dataclass(frozen=True, slots=True)
class Code:
    """Inline markup a CAT tool must keep whole: what it is, and its Markdown as written."""

    kind: str
    """``strong``, ``em``, ``link``, ``code``, ``image``, ``autolink``, ``placeholder``."""
    role: str
    """``open`` or ``close`` (a pair around text), or ``alone``."""
    data: str


Piece = str | Code


class _Misaligned(Exception):
    """The tokens could not be laid over the text (a construct this module does not know):
    the unit then travels as text, which still round-trips exactly."""


_BREAK = re.compile(r"[ \t]*\\?\n[ \t]*")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_PAIRS = {"strong_open": ("strong", "open"), "strong_close": ("strong", "close"),
          "em_open": ("em", "open"), "em_close": ("em", "close"),
          "s_open": ("strike", "open"), "s_close": ("strike", "close")}
_FORMAT_PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%%")


def markdown_pieces(text: str, env: Mapping[str, object] | None = None) -> tuple[Piece, ...]:
    """A unit's inline Markdown as text and markup pieces, each the exact characters it
    was written with, so that joining them gives ``text`` back.

    >>> markdown_pieces("Up to **14.97%** of [cases](https://x.org).")
    ('Up to ', Code(kind='strong', role='open', data='**'), '14.97%', \
Code(kind='strong', role='close', data='**'), ' of ', Code(kind='link', role='open', data='['), \
'cases', Code(kind='link', role='close', data='](https://x.org)'), '.')
    """
    try:
        pieces = _align(text, inline_tokens(text, env))
    except (_Misaligned, IndexError):
        return (text,) if text else ()
    return _joined(pieces)


def format_pieces(text: str) -> tuple[Piece, ...]:
    """A site string's ``%(name)s`` placeholders as pieces (the site's strings are not
    Markdown: only their placeholders must survive)."""
    pieces: list[Piece] = []
    position = 0
    for found in _FORMAT_PLACEHOLDER.finditer(text):
        pieces.extend((text[position:found.start()], Code("placeholder", "alone", found.group())))
        position = found.end()
    pieces.append(text[position:])
    return _joined(pieces)


def joined(pieces: Iterable[Piece]) -> str:
    """The Markdown of pieces."""
    return "".join(piece if isinstance(piece, str) else piece.data for piece in pieces)


def _joined(pieces: Iterable[Piece]) -> tuple[Piece, ...]:
    """Adjacent text pieces as one; no empty ones."""
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str):
            if not piece:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += piece
                continue
        out.append(piece)
    return tuple(out)


def _align(text: str, tokens: list[Token]) -> list[Piece]:
    """Each token's exact characters in ``text``: text tokens must match where they stand
    (escapes and entities read as markdown-it reads them), so a wrong guess about a
    markup's extent fails here instead of moving characters."""
    pieces: list[Piece] = []
    position = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "text":
            end = _text_end(text, position, token.content)
            pieces.append(text[position:end])
        elif kind in ("softbreak", "hardbreak"):
            found = _BREAK.match(text, position)
            if not found:
                raise _Misaligned
            end = found.end()
            pieces.append(found.group())
        elif kind in _PAIRS:
            if not token.markup or not text.startswith(token.markup, position):
                raise _Misaligned
            end = position + len(token.markup)
            pieces.append(Code(*_PAIRS[kind], token.markup))
        elif kind == "link_open" and token.markup == "autolink":
            end = text.index(">", position) + 1
            if text[position] != "<":
                raise _Misaligned
            pieces.append(Code("autolink", "alone", text[position:end]))
            while tokens[index].type != "link_close":
                index += 1
        elif kind == "link_open":
            if text[position] != "[":
                raise _Misaligned
            end = position + 1
            pieces.append(Code("link", "open", "["))
        elif kind == "link_close":
            end = _link_tail_end(text, position)
            pieces.append(Code("link", "close", text[position:end]))
        elif kind == "image":
            label_end = position + 2 + len(token.content)
            if not text.startswith("![", position) or text[label_end] != "]":
                raise _Misaligned
            end = _link_tail_end(text, label_end)
            pieces.append(Code("image", "alone", text[position:end]))
        elif kind == "code_inline":
            end = _code_end(text, position, token.markup)
            pieces.append(Code("code", "alone", text[position:end]))
        elif kind == "html_inline":
            if not text.startswith(token.content, position):
                raise _Misaligned
            end = position + len(token.content)
            pieces.append(Code("html", "alone", token.content))
        else:
            raise _Misaligned
        position = end
        index += 1
    if position != len(text):
        raise _Misaligned
    return pieces


def _text_end(text: str, position: int, content: str) -> int:
    """Where the source characters of a text token's ``content`` end, from ``position``."""
    i, j = position, 0
    while j < len(content):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _ASCII_PUNCTUATION:
            if content[j] != text[i + 1]:
                raise _Misaligned
            i, j = i + 2, j + 1
        elif char == "&" and (entity := _ENTITY.match(text, i)) and (
            decoded := html.unescape(entity.group())
        ) != entity.group() and content.startswith(decoded, j):
            i, j = entity.end(), j + len(decoded)
        elif char == content[j]:
            i, j = i + 1, j + 1
        else:
            raise _Misaligned
    return i


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n":
        position += 1
    return position


def _link_tail_end(text: str, position: int) -> int:
    """The end of a link's or image's ``](url "title")``, ``][label]`` or ``]``."""
    if text[position] != "]":
        raise _Misaligned
    position += 1
    if position < len(text) and text[position] == "(":
        position = _skip_spaces(text, position + 1)
        if text[position] != ")":
            destination = parseLinkDestination(text, position, len(text))
            if destination.ok:
                position = _skip_spaces(text, destination.pos)
            if text[position] in "\"'(":
                title = parseLinkTitle(text, position, len(text))
                if title.ok:
                    position = _skip_spaces(text, title.pos)
        if text[position] != ")":
            raise _Misaligned
        return position + 1
    if position < len(text) and text[position] == "[":
        close = position + 1
        while text[close] != "]":
            close += 2 if text[close] == "\\" else 1
        return close + 1
    return position


def _code_end(text: str, position: int, fence: str) -> int:
    """The end of a code span opened by the backtick run ``fence`` at ``position``."""
    if not fence or not text.startswith(fence, position):
        raise _Misaligned
    search = position + len(fence)
    while (close := text.find(fence, search)) >= 0:
        after = close + len(fence)
        if (after >= len(text) or text[after] != "`") and text[close - 1] != "`":
            return after
        search = after
        while search < len(text) and text[search] == "`":
            search += 1
    raise _Misaligned


@dataclass(slots=True)
class Pair:
    """An open and a close code with the nodes between them."""

    open: Code
    close: Code | None = None
    children: list[Node] = field(default_factory=list)


Node = str | Code | Pair
"""A tree of pieces: text, a code alone, or a pair with its own nodes."""


def nest(pieces: Iterable[Piece]) -> list[Node]:
    """Pieces as a tree of pairs; unbalanced markup is left as text."""
    pieces = tuple(pieces)
    root: list[Node] = []
    stack: list[list[Node]] = [root]
    opened: list[Pair] = []
    for piece in pieces:
        if isinstance(piece, Code) and piece.role == "open":
            pair = Pair(piece)
            stack[-1].append(pair)
            stack.append(pair.children)
            opened.append(pair)
        elif isinstance(piece, Code) and piece.role == "close":
            if not opened or opened[-1].open.kind != piece.kind:
                return [joined(pieces)]
            opened.pop().close = piece
            stack.pop()
        else:
            stack[-1].append(piece)
    return root if not opened else [joined(pieces)]
