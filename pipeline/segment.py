"""Segmentation: the one place that decides what a translatable unit is.

Both extraction (units -> template) and assembly (translations -> page) walk the token
stream through :func:`segment`, so the two can never disagree about which text is a unit.
One unit per block's inline content (heading, paragraph, list item, table cell, block
quote paragraph, footnote, definition, admonition title, image alt text), one per HTML
block with prose in it, plus the front matter's title and description (or a title made
from the file name, when the article has neither a title field nor a ``# heading``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from weakref import WeakKeyDictionary

from markdown_it.token import Token

from .article import TRANSLATABLE_FIELDS, Article

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


HARD_BREAK = "\\\n"
"""A hard line break as msgids write it: a backslash ending the line (CommonMark's visible
form; the two trailing spaces some editors type are invisible in a translator's tool)."""


def fold(content: str, hard_breaks: bool = False) -> str:
    """Inline Markdown on one line: soft breaks become one space; hard breaks (given the
    parser found some) stay, as ``\\`` and a new line, where a translator sees them."""
    if "\n" not in content:
        return content.strip()
    if not hard_breaks:
        return _fold_soft_breaks(content).strip()
    lines = content.split("\n")
    folded = []
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        stripped = line.rstrip(" \t")
        backslashes = len(stripped) - len(stripped.rstrip("\\"))
        if not last and (len(line) - len(stripped) >= 2 or backslashes % 2):
            body = stripped[:-1] if backslashes % 2 else stripped
            folded.append(body.strip(" \t") + HARD_BREAK)
        else:
            folded.append(stripped.strip(" \t") + ("" if last else " "))
    return "".join(folded).strip(" \t")


def _fold_soft_breaks(content: str) -> str:
    r"""Each line break, with the spaces around it and a backslash right before it, as one
    space: what ``re.sub(r"[ \t]*\\?\n[ \t]*", " ", content)`` does, line by line (that
    pattern opens with an optional class, so a search tries every character: five times
    slower on a long article)."""
    lines = content.split("\n")
    last = len(lines) - 1
    for number, line in enumerate(lines):
        if number:
            line = line.lstrip(" \t")
        if number < last:
            body = line.rstrip(" \t")
            if len(body) == len(line) and body.endswith("\\"):
                body = body[:-1].rstrip(" \t")
            line = body
        lines[number] = line
    return " ".join(lines)


def plain_text(children: list[Token] | tuple[Token, ...]) -> str:
    """The reader-visible text of inline tokens; code spans and link targets left out.

    Code becomes U+FFFC so a number inside it is never read as a clinical number, and so
    does an HTML tag, which parts what it separates (``10<sup>9</sup>`` is 10 and 9).
    """
    parts = []
    for child in children:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type in ("code_inline", "html_inline"):
            parts.append("\ufffc")
        elif child.type == "image":
            parts.append(plain_text(child.children or []))
    return "".join(parts)


def has_words_or_numbers(children: list[Token] | tuple[Token, ...]) -> bool:
    """False for units with nothing to translate: only a URL, only code, only punctuation."""
    visible = []
    in_autolink = False
    for child in children:
        if child.markup == "autolink" and child.type in ("link_open", "link_close"):
            in_autolink = child.type == "link_open"  # its text is the address itself
        elif child.type == "text" and not in_autolink:
            visible.append(child.content)
        elif child.type == "image":
            visible.append(plain_text(child.children or []))
    text = "".join(visible)
    if ":" in text or "www." in text:
        text = _URL.sub(" ", text)
    return _LETTER_OR_DIGIT.search(text) is not None


def _image_only(inline: Token) -> Token | None:
    """The image of a paragraph that is only an image (its alt text is the unit), unless
    the image has a title, which is translated with it (the unit is then the paragraph)."""
    if "![" not in inline.content:
        return None
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image" and not children[0].attrGet("title"):
        return children[0]
    return None


_UNITS: WeakKeyDictionary[Article, tuple[Unit, ...]] = WeakKeyDictionary()


def segment(article: Article) -> tuple[Unit, ...]:
    """All units of an article, in document order (front matter first); segmented once
    per article, as extract, the checks and every language's page all ask (a build's
    forked workers inherit the result)."""
    units = _UNITS.get(article)
    if units is None:
        units = tuple(each_unit(article))
    return units


def each_unit(article: Article) -> Iterator[Unit]:
    """The units of :func:`segment` one by one, as the token stream is walked: work on
    the first units of a long article can start before the last are found. Walked to
    the end, the units are kept as :func:`segment` keeps them."""
    units = _UNITS.get(article)
    if units is not None:
        yield from units
        return
    found = []
    for unit in _segment(article):
        found.append(unit)
        yield unit
    _UNITS[article] = tuple(found)


def _segment(article: Article) -> Iterator[Unit]:
    if not article.meta.title and article.title_heading is None:
        yield Unit(article.title, 1, "title (from the file name)", None, "title")
    for name in TRANSLATABLE_FIELDS:
        if getattr(article.meta, name):
            yield Unit(getattr(article.meta, name), article.meta.line_of(name),
                       f"front matter: {name}", None, name)
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
        if token.type == "html_block":
            if html_has_prose(token.content):
                yield Unit(token.content.strip("\n"), (token.map[0] if token.map else 0) + 1,
                           "HTML block", index)
            continue
        if token.type != "inline":
            continue
        line = (token.map[0] if token.map else 0) + 1
        image = _image_only(token)
        if image is not None:
            alt = fold(image.content)
            if alt and has_words_or_numbers(image.children or []):
                yield Unit(alt, line, "image alt text", index)
            continue
        if not has_words_or_numbers(token.children or []):
            continue
        yield Unit(_msgid(token, article), line, _kind(containers, heading_level, row, column),
                   index)


_LINE_SENSITIVE = re.compile(r"[\[<`]")
"""Where folding a line break into a space may change what the text means: inside a link
destination (``[a](<b\nc>)`` is no link, ``[a](<b c>)`` is one), an HTML tag, code."""


def _msgid(token: Token, article: Article) -> str:
    """The unit's inline Markdown, soft breaks folded to spaces unless that would make the
    text read as other markup; then its lines are kept as written."""
    children = token.children or []
    hard = "\n" in token.content and any(child.type == "hardbreak" for child in children)
    folded = fold(token.content, hard)
    if "\n" not in token.content or not _LINE_SENSITIVE.search(token.content):
        return folded
    from .article import inline_tokens

    if _structure(inline_tokens(folded, article.env)) == _structure(children):
        return folded
    return "\n".join(line.strip(" \t") for line in token.content.split("\n"))


def _structure(children: list[Token]) -> list[tuple[str, str]]:
    """What markup a unit has (its text aside): the tokens and their targets."""
    return [(child.type, str(child.attrGet("href") or child.attrGet("src") or child.content
                              if child.type not in ("text", "softbreak", "hardbreak") else ""))
            for child in children if child.type not in ("text", "softbreak", "hardbreak")]


def _kind(containers: list[str], heading_level: int, row: int, column: int) -> str:
    parent = containers[-1] if containers else ""
    if parent == "heading_open":
        return f"heading level {heading_level}"
    if parent == "admonition_title_open":
        return "admonition title"
    if parent == "dt_open":
        return "definition term"
    if "footnote_open" in containers:
        return "footnote"
    if "dd_open" in containers:
        return "definition"
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


class _ProseFinder(HTMLParser):
    """Reads an HTML block for what a reader sees: text outside scripts and styles, and
    the alt and title texts of its elements."""

    _HIDDEN = frozenset({"script", "style", "pre", "code"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.prose: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        self.prose.extend(value for name, value in attrs if name in ("alt", "title") and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.prose.append(data)


def html_has_prose(html: str) -> bool:
    """True for an HTML block a reader reads words in (``<p align="center">Text</p>``),
    false for layout alone (``<div>``, ``</details>``, a bare ``<img>``)."""
    finder = _ProseFinder()
    finder.feed(html)
    finder.close()
    return _LETTER_OR_DIGIT.search(" ".join(finder.prose)) is not None
