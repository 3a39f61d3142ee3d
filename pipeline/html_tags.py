"""HTML tags in a message, read by the standard library's HTML tokenizer, never by regex.

Many projects' messages carry HTML (``<a href="%(url)s">``, ``<em>%(q)s</em>``) that the
program renders as such. A translation must keep the tags: a dropped ``<meta …>``, an
``href`` whose quotes were escaped (``href=\\"…\\"``), a lookalike bracket (``‹code>``)
or a tool's leftover ``<text_to_translate>`` breaks the page. Each tag is read with its
name, attributes, text and place, so a check can compare them and numbers can be masked.

>>> [(t.kind, t.name, t.attrs) for t in read_tags('See <a href="/x" title="Hi">it</a>.')]
[('start', 'a', (('href', '/x'), ('title', 'Hi'))), ('end', 'a', ())]
>>> has_html("<<original entry>>"), has_html("Search <em>%(q)s</em>"), has_html("<command>")
(False, True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_NAME = re.compile(r"[a-z][^\s/>:.]*\Z")
"""A tag name as a page reads it; ``<https://x>`` (an address in brackets) is none."""
_END_TAG = re.compile(r"</[A-Za-z][^\s/>]*\s*>")
"""An end tag as HTML reads it: ``</ em>`` is a bogus comment to a browser."""


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag as written: start, end or self-closing (``<br/>``), with its attributes."""

    kind: str
    """``start``, ``end`` or ``empty`` (written self-closing)."""
    name: str
    attrs: tuple[tuple[str, str | None], ...]
    text: str
    start: int
    end: int

    @property
    def broken(self) -> str:
        """What makes this tag read otherwise in a browser than the author meant, or ''."""
        if self.kind == "end" and not _END_TAG.fullmatch(self.text):
            return f"{self.text!r} is no end tag to a browser (no space after '</')"
        if '\\"' in self.text or "\\'" in self.text:
            return f"the quotes inside {self.text!r} are escaped with backslashes"
        if any(value and value[:1] in "“”„«»‘’‚" for _, value in self.attrs):
            return f"an attribute in {self.text!r} is quoted with typographic quotes"
        return ""


class _Reader(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.tags: list[Tag] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _add(self, kind: str, name: str, attrs: list[tuple[str, str | None]]) -> None:
        if not _NAME.match(name):
            return
        start = self._offset()
        if kind == "end":
            close = self.text.find(">", start)
            raw = self.text[start : close + 1 if close >= 0 else len(self.text)]
        else:
            raw = self.get_starttag_text() or ""
        self.tags.append(Tag(kind, name, tuple(attrs), raw, start, start + len(raw)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("start", tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("empty", tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag, [])


def read_tags(text: str) -> tuple[Tag, ...]:
    """Every start, end and self-closing tag of ``text``, in order."""
    if "<" not in text:
        return ()
    reader = _Reader(text)
    reader.feed(text)
    reader.close()
    return tuple(reader.tags)


def has_html(text: str, tags: tuple[Tag, ...] | None = None) -> bool:
    """Whether ``text`` carries HTML rather than angle brackets in prose: an end tag, an
    attribute with a value, or a self-closing tag (``<command>`` or Sphinx's
    ``<<original entry>>`` are words in brackets)."""
    tags = read_tags(text) if tags is None else tags
    return any(tag.kind in ("end", "empty") or any(value is not None for _, value in tag.attrs)
               for tag in tags)


_LOOKALIKES = "‹›＜＞〈〉⟨⟩˂˃"


def lookalike_tags(text: str, names: set[str]) -> list[str]:
    """Places where a tag of ``names`` opens or closes with a lookalike of ``<`` (``‹code>``)."""
    found = []
    for match in re.finditer(f"[{_LOOKALIKES}](/?)([A-Za-z][\\w-]*)", text):
        if match.group(2).lower() in names:
            found.append(match.group(0))
    return found


def tag_spans(text: str) -> list[tuple[int, int]]:
    """Where the tags of ``text`` are (for masking what they hold: no number in an href)."""
    return [(tag.start, tag.end) for tag in read_tags(text)]

