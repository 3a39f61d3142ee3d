"""Translated Markdown: the English source with each unit's text replaced by its translation.

For publishers whose static site generator (MkDocs, Hugo, Docusaurus) wants Markdown, as
mdpo and po4a give it. The units are :func:`segment`'s, as for the catalogs and the pages,
so the three cannot drift; where each one stands in the source comes from the token line
maps. Everything between units is copied byte for byte: front-matter keys other than the
translated ones, code, HTML that is no unit, link definitions, blank lines, container
prefixes (``> ``, list markers, indentation, table pipes), so a diff against the English
shows only translated text. A unit without a publishable translation (or one that cannot
be placed where the source has it) keeps the English, as on the pages.

A translation is written so that it reads as the page reads it: its line breaks carry the
container's continuation prefix, and text that would open another block at a line start
(``# ``, ``- ``, ``1. ``, ``>``, a fence, a ``===`` line) is escaped as CommonMark allows.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import yaml
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.token import Token

from .article import Article, inline_tokens, parse_article
from .assemble import safe_html, tag_key, trusted_tags
from .checks.links import link_targets
from .errors import LocaliseError
from .segment import Unit, fold, segment


@dataclass(frozen=True, slots=True)
class _Edit:
    """Replace ``text[start:end]`` of the source by ``new``."""

    start: int
    end: int
    new: str


def translate_markdown(
    article: Article, translations: Mapping[str, str], *,
    url_map: Mapping[str, str] | None = None,
) -> str:
    """The article's Markdown with every unit translated (``translations``: msgid ->
    publishable msgstr); the English where there is none or it is the same text."""
    source = _Source(article)
    edits: list[_Edit] = []
    fields: dict[str, str] = {}
    for unit in segment(article):
        translation = translations.get(unit.msgid, "")
        if not translation or translation == unit.msgid:
            continue
        if unit.field is not None:
            fields[unit.field] = translation
        else:
            edits.extend(source.edits(unit, translation, url_map or {}))
    if fields:
        edits.extend(source.front_matter_edits(fields))
    edits.sort(key=lambda edit: edit.start)
    if article.text.startswith("---") and not (
            article.tokens and article.tokens[0].type == "front_matter"):
        while edits and _reads_as_front_matter(article, _apply(article.text, edits)):
            edits.pop(0)  # the English, till it reads as the source does
    return _apply(article.text, edits)


def _reads_as_front_matter(article: Article, text: str) -> bool:
    """For a source that opens with a thematic break (``---``) and has no front matter:
    whether the translated text before the next ``---`` would read as front matter (or
    as broken front matter) and so change what the page is."""
    try:
        parsed = parse_article(text, article.path, article.slug)
    except LocaliseError:
        return True
    return bool(parsed.tokens) and parsed.tokens[0].type == "front_matter"


def _apply(text: str, edits: list[_Edit]) -> str:
    parts: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda edit: edit.start):
        if edit.start < position:  # (never expected: each unit has its own text)
            continue
        parts.extend((text[position:edit.start], edit.new))
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


# Where a unit's text is in its lines -------------------------------------------------

_PREFIX_MARKER = re.compile(
    r"[ \t]*(?:>|\[\^[^\]\s]+\]:|(?:[-+*]|\d{1,9}[.)]|[:~])(?=[ \t]|$))")
"""One container marker at the start of a line: a block quote's ``>``, a list item's
marker, a footnote's label, a definition's ``:``."""
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\]\s]+\]:")
_CONTINUATION = re.compile(r"[ \t>]*")
"""A continuation line's prefix: block quote markers and indentation (its text cannot
start with ``>``, which would open a quote)."""
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_ADMONITION_TAGS = re.compile(
    r'^\s*(?P<tokens>[^"\s](?:[^"]*[^"\s])?)\s+"(?P<title>.*)"[^\s"]*$')
"""A titled admonition's parameters (``note "Title"``), as mdit-py-plugins' admon reads them."""


def _prefix_ends(line: str) -> list[int]:
    """Where the container markers at the start of ``line`` may end, shortest first."""
    ends = [0]
    position = 0
    while (found := _PREFIX_MARKER.match(line, position)) and found.end() > position:
        position = found.end()
        ends.append(position)
    return ends


def _skip_blanks(line: str, position: int) -> int:
    while position < len(line) and line[position] in " \t":
        position += 1
    return position


def _words(text: str) -> str:
    """Text without comments and whitespace, to recognise content the comment rule edited."""
    return re.sub(r"\s+", "", _COMMENT.sub("", text))


def _content_start(line: str, first: str) -> int:
    """Where a block's text (whose first line is ``first``) starts in its first line:
    the line ends with it; else (an HTML comment was dropped from it) after the container
    markers whose rest has the same words; else after all of them."""
    stripped, wanted = line.rstrip(), first.strip()
    if wanted and stripped.endswith(wanted):
        return len(stripped) - len(wanted)
    candidates = [_skip_blanks(line, end) for end in reversed(_prefix_ends(line))]
    same = [start for start in candidates if _words(line[start:]) == _words(first)]
    return (same or candidates)[0]


def _blanked(prefix: str) -> str:
    """A first line's container prefix as its continuation lines write it: list markers,
    footnote labels and definition markers become spaces; ``>`` and tabs stay."""
    prefix = _FOOTNOTE_LABEL.sub(lambda found: " " * len(found[0]), prefix)
    return "".join(char if char in " \t>" else " " for char in prefix)


# Text that would open another block ----------------------------------------------------

_OPENS_BLOCK = re.compile(r"""
    \#{1,6}(?:[ \t]|$)                     # ATX heading
  | >                                      # block quote
  | [-+*](?:[ \t]|$)                       # bullet list item
  | ([-*_])(?:[ \t]*\1){2,}[ \t]*$         # thematic break
  | (?:=+|-+)[ \t]*$                       # setext underline
  | `{3,}[^`]*$ | ~{3,}                    # code fence
  | [:~](?:[ \t]|$)                        # definition (mdit-py-plugins deflist)
  | !!!|\?\?\?                             # admonition
  | \{.*\}[ \t]*$                          # block attributes
  | (?=[-:|][-:|\s]*$)(?=.*-)(?=.*[:|])    # a table's delimiter row
""", re.VERBOSE)
_ORDERED = re.compile(r"\d{1,9}(?=[.)](?:[ \t]|$))")
_DEFINITION = re.compile(r"\[\^?(?:[^\]\\]|\\.)*\](?=:)")
"""``[label]:`` (a link reference definition) or ``[^label]:`` (a footnote)."""


def _escaped(line: str, *, first: bool) -> str:
    """``line`` such that, at the start of a paragraph line, it stays paragraph text
    (a backslash before ASCII punctuation shows the character itself)."""
    body = line.lstrip(" \t")
    lead = line[: len(line) - len(body)]
    if not body:
        return line
    if found := _ORDERED.match(body):
        return f"{lead}{found[0]}\\{body[found.end():]}"
    if found := _DEFINITION.match(body):
        return f"{lead}{found[0]}\\{body[found.end():]}"
    opens_html = any(opening.search(body) for opening, _end, interrupts in HTML_SEQUENCES
                     if interrupts or first)
    if opens_html or _OPENS_BLOCK.match(body):
        return f"{lead}\\{body}"
    return line


def _lines_of(translation: str) -> list[str]:
    """A paragraph's translation line by line; blank lines (which would end it) dropped,
    and a line break inside a code span made a space (as the span shows it), so that no
    escape is needed where a backslash would show."""
    lines = [line for line in _code_spans_on_one_line(translation).split("\n") if line.strip()]
    if lines:
        lines[0] = lines[0].lstrip()
        lines[-1] = lines[-1].rstrip()
    return lines


_BACKTICKS = re.compile(r"\\*`+")


def _code_spans_on_one_line(text: str) -> str:
    """``text`` with the line breaks inside its code spans made spaces: a code span is a
    run of backticks (not escaped) up to the next run of the same length."""
    if "`" not in text or "\n" not in text:
        return text
    runs = [(found.start() + len(found[0].rstrip("`")), len(found[0]) - len(found[0].rstrip("`")),
             len(found[0].rstrip("`")) % 2 == 1) for found in _BACKTICKS.finditer(text)]
    spans = []
    index = 0
    while index < len(runs):
        start, length, escaped = runs[index]
        if escaped:  # a backslash before the first backtick: one literal backtick
            start, length = start + 1, length - 1
            if not length:
                index += 1
                continue
        close = next((other for other in range(index + 1, len(runs))
                      if runs[other][1] == length), None)
        if close is None:
            index += 1
            continue
        spans.append((start + length, runs[close][0]))
        index = close + 1
    chars = list(text)
    for start, end in spans:
        for position in range(start, end):
            if chars[position] == "\n":
                chars[position] = " "
    return "".join(chars)


def _one_line(translation: str) -> str:
    """For a place that holds one line (heading, table cell, admonition title, alt text)."""
    return fold(translation)


# The source ----------------------------------------------------------------------------

class _Source:
    """The article's lines with their offsets, and where each unit's text is."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.lines = article.text.split("\n")
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def at(self, line: int, column: int) -> int:
        return self.starts[line] + column

    def edits(self, unit: Unit, translation: str, url_map: Mapping[str, str]) -> Iterator[_Edit]:
        """The edit that puts ``translation`` where ``unit`` is (none where the unit's
        place cannot be told, or the page would not show the translation's links or HTML).
        Outside a table, its last line's pipes are escaped where the next line could be a
        table's delimiter row (a pipe there would make the lines a table)."""
        for edit in self._edits(unit, translation, url_map):
            after = bisect.bisect_right(self.starts, edit.end)
            in_table = unit.token_index is not None and \
                self.article.tokens[unit.token_index - 1].type in ("th_open", "td_open")
            if not in_table and after < len(self.lines) and \
                    _is_delimiter_row(self.lines[after]):
                head, newline, last = edit.new.rpartition("\n")
                edit = _Edit(edit.start, edit.end, head + newline + _pipes_escaped(last))
            yield edit

    def _edits(self, unit: Unit, translation: str, url_map: Mapping[str, str]) -> Iterator[_Edit]:
        tokens = self.article.tokens
        index = unit.token_index
        assert index is not None
        token = tokens[index]
        if token.map is None:  # an inline footnote's text: it is in its paragraph's unit
            return
        if token.type == "html_block":
            yield from self._html_block(token, translation)
            return
        if not _page_keeps(token, translation, self.article.env, url_map):
            return
        parent = tokens[index - 1]
        if unit.kind == "image alt text":
            yield from self._alt_text(index, translation)
        elif parent.type == "heading_open" and parent.markup.startswith("#"):
            yield from self._atx_heading(token, parent, translation)
        elif parent.type in ("th_open", "td_open"):
            yield from self._table_cell(index, translation)
        elif parent.type == "admonition_title_open":
            yield from self._admonition_title(token, tokens[index - 2], translation)
        elif parent.type == "dt_open":
            yield from self._text_block(token, _one_line(translation))
        else:  # a paragraph (in any container) or a setext heading
            yield from self._text_block(token, translation)

    def _text_block(self, token: Token, translation: str) -> Iterator[_Edit]:
        """A paragraph-like block: its lines, from its text's start to its end, become the
        translation's lines, each after the prefix its container needs."""
        assert token.map is not None
        first, end = token.map[0], max(token.map[1], token.map[0] + 1)
        line = self.lines[first]
        start = _content_start(line, token.content.split("\n", 1)[0])
        lines = _lines_of(translation)
        if not lines:
            return
        last = self.lines[end - 1]
        continuation = _blanked(line[:start])
        parts = [_escaped(lines[0], first=True)]
        for number, text in enumerate(lines[1:], 1):
            prefix = (_CONTINUATION.match(self.lines[first + number])[0]  # type: ignore[index]
                      if first + number < end else continuation)
            parts.append(f"\n{prefix}{_escaped(text, first=False)}")
        yield _Edit(self.at(first, start), self.at(end - 1, len(last.rstrip())), "".join(parts))

    def _html_block(self, token: Token, translation: str) -> Iterator[_Edit]:
        """An HTML block with prose: its lines become the translation's, with the page's
        own safety (a tag the English lacks is shown as text)."""
        assert token.map is not None
        first, end = token.map
        content_lines = token.content.rstrip("\n").split("\n")
        line = self.lines[first]
        start = (len(line) - len(content_lines[0]) if line.endswith(content_lines[0])
                 else _content_start(line, content_lines[0]))
        safe = safe_html(translation, trusted_tags([token.content])).strip()
        if not safe:
            return
        lines = safe.split("\n")
        block_ends_at_blank = next((number for number, (opening, _end, _interrupts)
                                    in enumerate(HTML_SEQUENCES)
                                    if opening.search(content_lines[0].lstrip())), 0) >= 5
        if block_ends_at_blank:
            lines = [lines[0], *(text for text in lines[1:] if text.strip())]
        continuation = _blanked(line[:start])
        parts = [lines[0]]
        for number, text in enumerate(lines[1:], 1):
            prefix = continuation
            if first + number < end and number < len(content_lines):
                source_line, content = self.lines[first + number], content_lines[number]
                if content and source_line.endswith(content):
                    prefix = source_line[: len(source_line) - len(content)]
            parts.append(f"\n{prefix.rstrip() if not text else prefix}{text}")
        yield _Edit(self.at(first, start), self.at(end - 1, len(self.lines[end - 1])),
                    "".join(parts))

    def _atx_heading(self, token: Token, opening: Token, translation: str) -> Iterator[_Edit]:
        """``## Text ##  {#id}``: the text between the marker and the closing sequence or
        attributes; a translation ending in ``#`` or ``{...}`` is escaped there."""
        found = self._atx_span(token, opening)
        if found is None:
            return
        number, start, end = found
        text = _one_line(translation)
        if end == len(self.lines[number].rstrip(" \t")):  # nothing after: its end must not
            text = _heading_end_escaped(text)  # read as a closing sequence or attributes
        yield _Edit(self.at(number, start), self.at(number, end), text)

    def _atx_span(self, token: Token, opening: Token) -> tuple[int, int, int] | None:
        """(line, start, end) of an ATX heading's text."""
        assert token.map is not None
        number = token.map[0]
        line = self.lines[number]
        marker = next((position for position in (
            _skip_blanks(line, end) for end in reversed(_prefix_ends(line)))
            if line.startswith(opening.markup, position)), None)
        if marker is None:
            return None
        start = _skip_blanks(line, marker + len(opening.markup))
        end = len(line.rstrip(" \t"))
        closing = end
        while closing > start and line[closing - 1] == "#":
            closing -= 1
        if closing < end and (closing == start or line[closing - 1] in " \t"):
            end = closing  # the optional closing sequence
        end = max(start, len(line[:end].rstrip(" \t")))
        raw = line[start:end]
        if raw != token.content and raw.startswith(token.content) and \
                _words(raw[len(token.content):]).startswith("{"):
            end = start + len(token.content)  # the {#id} attributes stay
        return number, start, end

    def _table_cell(self, index: int, translation: str) -> Iterator[_Edit]:
        """A table cell: its text between the row's pipes (a pipe in it escaped)."""
        found = self._cell_span(index)
        if found is None:
            return
        number, start, end, first = found
        text = _one_line(translation).replace("|", "\\|")
        if first:
            text = _escaped(text, first=True)  # at the row's start, where a block could open
        yield _Edit(self.at(number, start), self.at(number, end), text)

    def _cell_span(self, index: int) -> tuple[int, int, int, bool] | None:
        """(line, start, end, at the row's start) of a table cell's text."""
        tokens = self.article.tokens
        row_start = index
        while tokens[row_start].type != "tr_open":
            row_start -= 1
        cells = []  # the inline tokens of the row's cells, in order
        position = row_start + 1
        while tokens[position].type != "tr_close":
            if tokens[position].type == "inline":
                cells.append(position)
            position += 1
        number = tokens[index].map[0]  # type: ignore[index]
        found = self._row_cells(number, [tokens[cell].content for cell in cells])
        column = cells.index(index)
        if found is None or column >= len(found):
            return None
        start, end = found[column]
        return number, start, end, column == 0 and not \
            self.lines[number][:start].rstrip().endswith("|")

    def _row_cells(self, number: int, contents: list[str]) -> list[tuple[int, int]] | None:
        """Each cell's text span in the row's line, as markdown-it's table rule splits it
        (escaped pipes inside), checked against the cells' contents."""
        line = self.lines[number]
        for end in reversed(_prefix_ends(line)):
            start = _skip_blanks(line, end)
            spans = _split_row(line, start)
            texts = [line[a:b].replace("\\|", "|") for a, b in spans]
            if all(_words(text) == _words(content)
                   for text, content in zip(texts, contents, strict=False)):
                return spans
        return None

    def _admonition_title(self, token: Token, opening: Token, translation: str) -> Iterator[_Edit]:
        """``!!! note "Title"``: the text in quotes; an untitled one (``!!! note``, shown
        with its tag as title) gets its translated title in quotes."""
        assert token.map is not None
        number = token.map[0]
        line = self.lines[number]
        params = opening.info
        if not params or not line.endswith(params):
            return
        base = len(line) - len(params)
        text = _one_line(translation)
        found = _ADMONITION_TAGS.match(params)
        if found:
            yield _Edit(self.at(number, base + found.start("title")),
                        self.at(number, base + found.end("title")), text)
            return
        lead = params[: len(params) - len(params.lstrip())]
        tag = params.strip().split(" ")[0]
        yield _Edit(self.at(number, base), self.at(number, len(line)), f'{lead}{tag} "{text}"')

    def _alt_text(self, index: int, translation: str) -> Iterator[_Edit]:
        """An image alone in its paragraph, heading or cell: only the text between ``![``
        and ``]``."""
        token, parent = self.article.tokens[index], self.article.tokens[index - 1]
        assert token.map is not None
        image = next(child for child in token.children or [] if child.type == "image")
        content, label = token.content, image.content
        if not content.startswith("![") or content[2:2 + len(label)] != label:
            return
        if parent.type in ("th_open", "td_open") or parent.markup.startswith("#"):
            found = self._cell_span(index) if parent.type != "heading_open" else \
                self._atx_span(token, parent)
            if found is None or "\n" in content:
                return
            base = self.at(found[0], found[1])

            def positions(at: int) -> int:
                return base + at
        else:
            located = self._content_positions(token.map[0], content)
            if located is None:
                return
            positions = located
        text = _brackets_balanced(_one_line(translation))
        if parent.type in ("th_open", "td_open"):
            text = text.replace("|", "\\|")
        yield _Edit(positions(2), positions(2 + len(label)), text)

    def _content_positions(self, first: int, content: str):  # type: ignore[no-untyped-def]
        """A function from an offset in a block's ``content`` to the offset in the source,
        when every line of the content is found at the end of its source line."""
        starts = []
        offset = 0
        for number, text in enumerate(content.split("\n")):
            line = self.lines[first + number].rstrip()
            wanted = text.rstrip() if number else text.strip()
            if not line.endswith(wanted):
                return None
            starts.append((offset, self.at(first + number, len(line) - len(wanted))))
            offset += len(text) + 1

        def position(at: int) -> int:
            base, source = next(pair for pair in reversed(starts) if pair[0] <= at)
            return source + at - base

        return position

    def front_matter_edits(self, fields: Mapping[str, str]) -> Iterator[_Edit]:
        """The translated fields' values, rewritten in place (quoted as YAML needs; every
        other key, comment and line as written); checked by reading the result back."""
        tokens = self.article.tokens
        if not tokens or tokens[0].type != "front_matter" or tokens[0].map is None:
            return
        content = tokens[0].content
        base = self.starts[tokens[0].map[0] + 1]
        if self.article.text[base:base + len(content)] != content:
            return
        try:
            node = yaml.compose(content, Loader=yaml.SafeLoader)
            original = yaml.safe_load(content)
        except yaml.YAMLError:
            return
        if not isinstance(node, yaml.MappingNode) or not isinstance(original, dict):
            return
        values = {str(key.value): value for key, value in node.value
                  if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)}
        wanted = {name: " ".join(text.split()) for name, text in fields.items() if name in values}
        for quote in (_yaml_scalar, json.dumps):  # the second: always double quotes
            edits = []
            for name, text in wanted.items():
                value = values[name]
                span = content[value.start_mark.index:value.end_mark.index]
                new = quote(text) + span[len(span.rstrip("\n")):]  # (a block scalar's newline)
                edits.append(_Edit(value.start_mark.index, value.end_mark.index, new))
            written = _apply(content, edits)
            try:
                read = yaml.safe_load(written)
            except yaml.YAMLError:
                continue
            if read == {**original, **wanted}:
                for edit in edits:
                    yield _Edit(base + edit.start, base + edit.end, edit.new)
                return


def _yaml_scalar(text: str) -> str:
    """``text`` as PyYAML writes a mapping's value: plain where it can be, else quoted."""
    dumped = yaml.safe_dump({"k": text}, allow_unicode=True, width=2**30, sort_keys=False)
    return dumped[len("k: "):].rstrip("\n")


def _split_row(line: str, start: int) -> list[tuple[int, int]]:
    """markdown-it's ``escapedSplit`` of a table row from ``start``, as spans of the line:
    each cell's text without its surrounding blanks; the empty cells before a leading
    and after a trailing pipe dropped."""
    end = len(line.rstrip(MD_TRIM_CHARS))
    spans = []
    cell_start = start
    escaped = False
    for position in range(start, end):
        char = line[position]
        if char == "|" and not escaped:
            spans.append((cell_start, position))
            cell_start = position + 1
        escaped = char == "\\"
    spans.append((cell_start, end))
    if spans and spans[0][0] == spans[0][1]:
        spans.pop(0)
    if spans and spans[-1][0] == spans[-1][1]:
        spans.pop()
    trimmed = []
    for cell_start, cell_end in spans:
        text = line[cell_start:cell_end]
        left = len(text) - len(text.lstrip(MD_TRIM_CHARS))
        trimmed.append((cell_start + left, cell_start + len(text.rstrip(MD_TRIM_CHARS))))
    return trimmed


def _is_delimiter_row(line: str) -> bool:
    """Whether ``line`` (after its container prefix) reads as a table's delimiter row, as
    markdown-it's table rule checks it (``|---|:--:``, or ``---`` under one column)."""
    text = line[_CONTINUATION.match(line).end():].strip()  # type: ignore[union-attr]
    if not text or text[0] not in "-:|" or not set(text) <= set("-:| \t"):
        return False
    columns = [column.strip() for column in text.split("|")]
    if columns and not columns[0]:
        columns.pop(0)
    if columns and not columns[-1]:
        columns.pop()
    return bool(columns) and all(re.fullmatch(r":?-+:?", column) for column in columns)


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
_PIPE = re.compile(r"\\\\|\\?\|")
"""A pipe, escaped or not (and an escaped backslash, which escapes no pipe)."""


def _pipes_escaped(text: str) -> str:
    """``text`` with its pipes written ``&#124;`` (which shows ``|``), but in code spans:
    a line with a ``|`` above a delimiter row is a table's header, escaped or not."""
    parts = []
    position = 0
    for found in (*_CODE_SPAN.finditer(text), None):
        until = found.start() if found else len(text)
        parts.append(_PIPE.sub(lambda pipe: pipe[0] if pipe[0] == "\\\\" else "&#124;",
                               text[position:until]))
        if found:
            parts.append(found[0])
            position = found.end()
    return "".join(parts)


_HEADING_CLOSE = re.compile(r"(?:^|(?<=[ \t]))#+[ \t]*$")
_HEADING_ATTRIBUTES = re.compile(r"\{[^{}\n]*\}[ \t]*$")


def _heading_end_escaped(text: str) -> str:
    """A heading's text whose end would read as a closing sequence (``Item #``) or as
    ``{#id}`` attributes keeps them as text."""
    if found := _HEADING_CLOSE.search(text):
        return f"{text[:found.start()]}\\{text[found.start():]}"
    if found := _HEADING_ATTRIBUTES.search(text):
        return f"{text[:found.start()]}&#123;{text[found.start() + 1:]}"
    return text


def _brackets_balanced(text: str) -> str:
    """Alt text whose brackets would end the image's label early (a ``]`` with no ``[``
    before it) or never (a ``[`` never closed): those brackets escaped, the others kept."""
    unmatched = []
    opened: list[int] = []
    for found in re.finditer(r"\\.|\[|\]", text):
        if found[0] == "[":
            opened.append(found.start())
        elif found[0] == "]":
            if opened:
                opened.pop()
            else:
                unmatched.append(found.start())
    for position in sorted([*unmatched, *opened], reverse=True):
        text = f"{text[:position]}\\{text[position:]}"
    return text


def _page_keeps(token: Token, translation: str, env: Mapping, url_map: Mapping[str, str]) -> bool:
    """Whether the page shows the translation's links and inline HTML as written: only the
    source's link targets (or the settings' per-language ones) and tags. A translation the
    checks let through always is; another keeps the English here (the page shows it
    without the links and with the tags as text)."""
    source = token.children or []
    children = inline_tokens(translation, env)
    allowed = set(link_targets(source))
    allowed |= {url_map[url] for url in allowed if url in url_map}
    if not set(link_targets(children)) <= allowed:
        return False
    html = [child.content for child in children if child.type == "html_inline"]
    if html:
        trusted = trusted_tags(child.content for child in source if child.type == "html_inline")
        return all(tag_key(tag) in trusted for tag in html)
    return True
