"""Segmentation: the one place that decides what a translatable unit is.

Both extraction (units -> template) and assembly (translations -> page) walk the token
stream through :func:`segment`, so the two can never disagree about which text is a unit.
One unit per block's inline content (heading, paragraph, list item, table cell, block
quote paragraph, image alt text) plus the front matter's title and description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from markdown_it.token import Token

from .article import TRANSLATABLE_FIELDS, Article

_SOFT_BREAK = re.compile(r"[ \t]*\\?\n[ \t]*")
_URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+", re.IGNORECASE)
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class Unit:
    """One translatable piece of an article: its msgid and where it comes from."""

    msgid: str
    """The inline Markdown as the editor wrote it, soft line breaks folded to spaces."""
    line: int
    """1-based line of the unit's text in the source file."""
    kind: str
    """What it is, for the translator: ``heading level 2``, ``table cell, row 3, column 2``."""
    token_index: int | None
    """Index of the unit's inline token in ``Article.tokens``; None for front matter."""
    field: str | None = None
    """The front-matter field (``title``, ``description``) for front-matter units."""


def fold(content: str) -> str:
    """Inline Markdown on one line: soft and hard breaks become one space."""
    if "\n" not in content:
        return content.strip()
    return _SOFT_BREAK.sub(" ", content).strip()


def plain_text(children: list[Token] | tuple[Token, ...]) -> str:
    """The reader-visible text of inline tokens; code spans and link targets left out.

    Code becomes U+FFFC so a number inside it is never read as a clinical number.
    """
    parts = []
    for child in children:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "code_inline":
            parts.append("\ufffc")
        elif child.type == "image":
            parts.append(plain_text(child.children or []))
    return "".join(parts)


def has_words_or_numbers(children: list[Token] | tuple[Token, ...]) -> bool:
    """False for units with nothing to translate: only a URL, only code, only punctuation."""
    visible = []
    for index, child in enumerate(children):
        if child.type == "link_open" and child.markup == "autolink":
            continue
        if child.type == "text" and index > 0 and children[index - 1].markup == "autolink":
            continue
        if child.type == "text":
            visible.append(child.content)
        elif child.type == "image":
            visible.append(plain_text(child.children or []))
    text = "".join(visible)
    if ":" in text or "www." in text:
        text = _URL.sub(" ", text)
    return _LETTER_OR_DIGIT.search(text) is not None


def _image_only(inline: Token) -> Token | None:
    if "![" not in inline.content:
        return None
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        return children[0]
    return None


_UNITS: WeakKeyDictionary[Article, tuple[Unit, ...]] = WeakKeyDictionary()


def segment(article: Article) -> tuple[Unit, ...]:
    """All units of an article, in document order (front matter first); segmented once
    per article, as extract, the checks and every language's page all ask (a build's
    forked workers inherit the result)."""
    units = _UNITS.get(article)
    if units is None:
        units = _UNITS[article] = _segment(article)
    return units


def _segment(article: Article) -> tuple[Unit, ...]:
    units = [
        Unit(getattr(article.meta, name), article.meta.line_of(name), f"front matter: {name}",
             None, name)
        for name in TRANSLATABLE_FIELDS
    ]
    containers: list[str] = []
    heading_level = 0
    row = column = 0
    for index, token in enumerate(article.tokens):
        if token.nesting == 1:
            containers.append(token.type)
            if token.type == "heading_open":
                heading_level = int(token.tag[1:])
            elif token.type == "tr_open":
                row, column = row + (0 if containers[-2] == "thead_open" else 1), 0
            elif token.type in ("th_open", "td_open"):
                column += 1
            elif token.type == "table_open":
                row = 0
        elif token.nesting == -1 and containers:
            containers.pop()
        if token.type != "inline":
            continue
        line = (token.map[0] if token.map else 0) + 1
        image = _image_only(token)
        if image is not None:
            alt = fold(image.content)
            if alt and has_words_or_numbers(image.children or []):
                units.append(Unit(alt, line, "image alt text", index))
            continue
        if not has_words_or_numbers(token.children or []):
            continue
        units.append(Unit(fold(token.content), line, _kind(containers, heading_level, row, column),
                          index))
    return tuple(units)


def _kind(containers: list[str], heading_level: int, row: int, column: int) -> str:
    parent = containers[-1] if containers else ""
    if parent == "heading_open":
        return f"heading level {heading_level}"
    if parent == "th_open":
        return f"table header, column {column}"
    if parent == "td_open":
        return f"table cell, row {row}, column {column}"
    if "list_item_open" in containers:
        return "list item"
    if "blockquote_open" in containers:
        return "block quote"
    return "paragraph"


def unit_children(article: Article, unit: Unit) -> list[Token]:
    """The source inline tokens of a unit (front-matter text is parsed inline on demand)."""
    from .article import inline_tokens

    if unit.token_index is None:
        return inline_tokens(unit.msgid, article.env)
    token = article.tokens[unit.token_index]
    image = _image_only(token)
    if image is not None:
        return list(image.children or [])
    return list(token.children or [])
