"""An English article: YAML front matter plus the markdown-it-py token stream.

Parsing happens once per article; the tokens (with their line maps) are the contract
between segmenting, checking and assembling, so all of them see the same structure.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.attrs.parse import ParseError as AttrsParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .errors import LocaliseError
from .files import read_text

if TYPE_CHECKING:
    from .config import Project

TRANSLATABLE_FIELDS = ("title", "description", "section")
_NOT_IN_CATALOGS = re.compile("[\x00\x04]")
"""NUL ends a gettext string and EOT separates msgctxt: no catalog can hold either."""
_HEADING_ATTRS = re.compile(r"[ \t]*(\{[^{}\n]*\})[ \t]*$")
"""``## Heading {#id .class}`` as MkDocs (attr_list) writes it: the braces at the end."""
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@cache
def markdown() -> MarkdownIt:
    """The one parser: CommonMark with the English's own HTML, GFM tables and
    strikethrough, footnotes, definition lists, MkDocs admonitions (``!!! note "Title"``)
    and ``{#id}`` attributes on headings (MkDocs' attr_list) and blocks, plus front matter.
    Translations are parsed by it too, and the HTML they add is escaped (``assemble``)."""
    return _parser(True, (True,) * len(_syntax_plugins()))


def parser_for(text: str, front_matter: bool = True) -> MarkdownIt:
    """:func:`markdown` without the plugins whose syntax ``text`` cannot hold (no ``[^``:
    no footnote), so the same tokens come sooner: each plugin's rule is otherwise tried
    at every line (a sixth of parsing a long article); ``front_matter=False``: for a text
    whose opening ``---`` block is no YAML mapping."""
    return _parser(front_matter, tuple(
        not marks or any(mark in text for mark in marks) for _, marks in _syntax_plugins()))


@cache
def _parser(front_matter: bool, plugins: tuple[bool, ...]) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    if front_matter:
        parser.use(front_matter_plugin)
    for (plugin, _marks), used in zip(_syntax_plugins(), plugins, strict=True):
        if used:
            parser.use(plugin)
    return parser


@cache
def _syntax_plugins() -> tuple[tuple[Callable[[MarkdownIt], None], tuple[str, ...]], ...]:
    """The parser's plugins in order, each with what a text holds wherever the plugin's
    syntax is (empty: always used; a definition list's ``:`` is in most texts)."""
    return (
        (footnote_plugin, ("[^", "^[")),
        (deflist_plugin, ()),
        (admon_plugin, ("!!!", "???")),
        (attrs_block_plugin, ("{",)),
        (_heading_attrs_plugin, ("{",)),
        (_comments_plugin, ("<!--",)),
    )


def _heading_attrs_plugin(md: MarkdownIt) -> None:
    """``## Heading {#id}``: attributes at the end of a heading (MkDocs' attr_list), read by
    mdit-py-plugins' attribute parser and set on the heading, out of its text."""
    md.core.ruler.after("inline", "heading_attrs", _heading_attrs)


def _heading_attrs(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or index + 1 >= len(tokens):
            continue
        inline = tokens[index + 1]
        found = _HEADING_ATTRS.search(inline.content)
        last = (inline.children or [None])[-1]
        if not found or last is None or last.type != "text" or \
                not last.content.endswith(found[1]):
            continue
        try:
            _end, attrs = parse_attrs(found[1])
        except AttrsParseError:
            continue
        for name, value in attrs.items():
            if name == "class":
                token.attrJoin("class", value)
            elif not name.startswith("on"):  # no event handlers, as mdit-py-plugins does
                token.attrSet(name, value)
        inline.content = inline.content[: found.start()]
        last.content = last.content[: len(last.content) - len(found[1])].rstrip(" \t")
        if not last.content and inline.children:
            inline.children.pop()


def _comments_plugin(md: MarkdownIt) -> None:
    """HTML comments are notes to editors: they never reach a translator or a page."""
    md.core.ruler.push("drop_comments", _drop_comments)


def _drop_comments(state: StateCore) -> None:
    kept = []
    for token in state.tokens:
        if token.type == "html_block" and "<!--" in token.content:
            token.content = _COMMENT.sub("", token.content)
            if not token.content.strip():
                continue
            token.content = token.content.strip("\n") + "\n"
        elif token.type == "inline" and "<!--" in token.content and token.children:
            comments = [child for child in token.children
                        if child.type == "html_inline" and child.content.startswith("<!--")]
            for comment in comments:  # and one of the spaces around it, if both have one
                content = token.content
                gone = content.replace(f" {comment.content} ", " ", 1)
                token.content = gone if gone != content else content.replace(comment.content, "", 1)
            kept_children: list[Token] = []
            for position, child in enumerate(token.children):
                if child in comments:  # and the space before it where one follows, as above
                    after = token.children[position + 1:position + 2]
                    spaced = not after or (after[0].type == "text"
                                           and after[0].content[:1] in (" ", ""))
                    if spaced and kept_children and kept_children[-1].type == "text":
                        kept_children[-1].content = kept_children[-1].content.rstrip(" ")
                    continue
                kept_children.append(child)
            token.children = kept_children
        kept.append(token)
    state.tokens = kept


def inline_tokens(text: str, env: Mapping[str, object] | None = None) -> list[Token]:
    """A unit's inline tokens (a translation's, or front-matter text), as the parser reads
    them. Text with no character at which markdown-it's inline rules stop (its own
    ``terminator_re``; most sentences) and none its normaliser rewrites is the one text
    token the parser would make from it, made here without running the parser."""
    parser = markdown()
    if text and "\r" not in text and "\0" not in text and \
            not parser.inline.terminator_re.search(text):
        return [Token("text", "", 0, content=text)]
    env = dict(env or {})
    if "footnotes" in env:  # the footnote rule counts references in it: count in a copy
        env["footnotes"] = copy.deepcopy(env["footnotes"])
    parsed = parser.parseInline(text, env)
    return list(parsed[0].children or []) if parsed else []


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The article's metadata, every field optional (a docs page has none); ``lines`` gives
    each field's line in the source file."""

    title: str = ""
    description: str = ""
    updated: dt.date | None = None
    """From ``updated`` (or ``date``, as blogs and MkDocs plugins write it)."""
    author: str = ""
    section: str = ""
    """Where the indexes list the article (else by its folder)."""
    lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, field: str) -> int:
        return dict(self.lines).get(field, 1)


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class Article:
    """One source article: its name, where it came from, metadata and token stream.

    Compared and hashed by identity, so what is derived from it (its units) can be kept
    per article while it lives."""

    slug: str
    """The article's path in the source folder without ``.md`` (``guide/install``,
    ``index``): the name of its catalogs, whose paths mirror the source's."""
    path: str
    """Path as shown to users, e.g. ``source/spinal-fusion-nerve-damage.md``."""
    meta: FrontMatter
    tokens: tuple[Token, ...]
    env: dict
    """markdown-it's environment (link reference definitions), needed to parse translations."""
    text: str
    title_heading: int | None = None
    """Index in ``tokens`` of the first ``# heading``: the page's title, shown once as the
    page's ``<h1>`` (never again in the body); None when the article has none."""

    @property
    def title(self) -> str:
        """The English title: front matter's, else the first ``# heading``'s text, else
        one made from the file name (as MkDocs does)."""
        if self.meta.title:
            return self.meta.title
        if self.title_heading is not None:
            from .segment import plain_text

            return plain_text(self.tokens[self.title_heading + 1].children or []).strip()
        return title_from_name(self.slug)


def title_from_name(slug: str) -> str:
    """``getting-started`` -> ``Getting started``; an index page is named by its folder."""
    parts = slug.split("/")
    name = parts[-1]
    if name.lower() in ("index", "readme"):
        name = parts[-2] if len(parts) > 1 else "Home"
    words = re.sub(r"[-_]+", " ", name).strip()
    return words[:1].upper() + words[1:] if words else "Home"


def copy_token(token: Token) -> Token:
    """A copy whose attributes can change without changing the article's token:
    markdown-it's ``Token.copy`` shares the ``attrs`` dict with the original (and, by
    ``dataclasses.replace``, takes four times as long: a page copies one per unit)."""
    return Token(
        type=token.type, tag=token.tag, nesting=token.nesting, attrs=dict(token.attrs),
        map=token.map, level=token.level, children=token.children, content=token.content,
        markup=token.markup, info=token.info, meta=token.meta, block=token.block,
        hidden=token.hidden,
    )


def parse_article(text: str, path: str, slug: str | None = None) -> Article:
    """Parse an article's text (LF line endings) into front matter and tokens. Front
    matter is optional; any text markdown-it can parse is an article."""
    slug = slug or Path(path).stem
    text = _NOT_IN_CATALOGS.sub("\ufffd", text)  # as markdown-it does with NUL
    env: dict = {}
    tokens = parser_for(text).parse(text, env)
    meta = FrontMatter()
    if tokens and tokens[0].type == "front_matter":
        found = _front_matter(tokens[0], path)
        if found is None:  # "---", text, "---": a rule and a heading, as CommonMark reads it
            env = {}
            tokens = parser_for(text, front_matter=False).parse(text, env)
        else:
            meta = found
    title_heading = next((index for index, token in enumerate(tokens)
                          if token.type == "heading_open" and token.tag == "h1"
                          and token.level == 0), None)
    return Article(slug=slug, path=path, meta=meta, tokens=tuple(tokens), env=env, text=text,
                   title_heading=title_heading)


def read_article(file: Path, display: str, slug: str | None = None) -> Article:
    """Read and parse ``file``; ``display`` is the path shown in messages, ``slug`` its
    name (default: the file name without ``.md``)."""
    return parse_article(read_text(file, display), display, slug or file.stem)


def _front_matter(token: Token, path: str) -> FrontMatter | None:
    """The fields of a front matter block; None when the block is no YAML mapping at all
    (a plain line of text between two rules), which is then no front matter."""
    first_line = (token.map[0] if token.map else 0) + 2  # the line after the opening ---
    try:
        node = yaml.compose(token.content, Loader=yaml.SafeLoader)
        data = yaml.safe_load(token.content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(error, "problem", None) or str(error)
        hint = ("quote a value that contains ': ' (title: \"Surgery: what to expect\")"
                if "mapping values" in problem else
                "front matter is YAML between two '---' lines: one 'field: value' per line, "
                "values with ':' or '#' in quotes")
        raise LocaliseError(f"invalid front matter: {problem}", path, line, hint=hint) from error
    except ValueError as error:  # a constructor's own check: a date such as 2025-13-40
        raise LocaliseError(f"invalid front matter: {error}", path, first_line) from error
    if data is None:  # "---" then "---": no field at all
        return FrontMatter()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return None
    lines = tuple(
        (str(key.value), first_line + key.start_mark.line) for key, _ in node.value
    )
    line_of = dict(lines)
    texts = {}
    for name in ("title", "description", "author", "section"):
        value = data.get(name)
        if value is None:
            texts[name] = ""
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise LocaliseError(f"front matter {name} must be text", path, line_of[name],
                                hint=f"write it on one line: {name}: ...")
        value = str(value)
        if found := _NOT_IN_CATALOGS.search(value):  # from an escape such as "\0"
            raise LocaliseError(f"front matter {name} holds control character "
                                f"U+{ord(found[0]):04X}", path, line_of[name],
                                hint="remove the escape (no catalog can hold it)")
        texts[name] = " ".join(value.split())
    date_field = "updated" if "updated" in data else "date"
    updated = data.get(date_field)
    if isinstance(updated, str):
        try:
            updated = dt.date.fromisoformat(updated.strip())
        except ValueError:
            updated = False
    if isinstance(updated, dt.datetime):
        updated = updated.date()
    if updated is not None and not isinstance(updated, dt.date):
        raise LocaliseError(
            f"front matter {date_field} must be a date like 2025-11-18", path,
            line_of[date_field], hint="write the date as YYYY-MM-DD",
        )
    return FrontMatter(
        title=texts["title"],
        description=texts["description"],
        updated=updated,
        author=texts["author"],
        section=texts["section"],
        lines=lines,
    )


_EXTENSION_SYNTAX = (
    (re.compile(r'===\+? "'), "a pymdownx tab (=== \"Title\")"),
    (re.compile(r":::\s*\S"), "a mkdocstrings or container directive (:::)"),
    (re.compile(r"-+8<-+"), "a pymdownx snippet (--8<--)"),
    (re.compile(r"\[TOC\]"), "a table-of-contents marker ([TOC])"),
    (re.compile(r"\{%|\{\{"), "a template macro ({% %} or {{ }})"),
)
"""MkDocs plugins' syntax that is not Markdown: read as text, it would reach the page as text."""
_EXTENSION_OPENERS = "=:-[{"
"""The first characters of that syntax: a paragraph opening with another is not tried."""


def extension_syntax(article: Article) -> tuple[tuple[int, str], ...]:
    """(line, what) for each paragraph that opens with a MkDocs plugin's syntax, which this
    pipeline does not read (it shows as text on the page): the editor should know."""
    found = []
    for index, token in enumerate(article.tokens):
        if token.type != "inline" or token.content[:1] not in _EXTENSION_OPENERS or \
                index == 0 or article.tokens[index - 1].type != "paragraph_open":
            continue
        for pattern, what in _EXTENSION_SYNTAX:
            if pattern.match(token.content):
                found.append(((token.map[0] if token.map else 0) + 1, what))
                break
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Sources:
    """The project's articles that could be read, and the errors of those that could not
    (each names its file and line): one broken file never stops the others."""

    articles: Mapping[str, Article]
    errors: tuple[LocaliseError, ...] = ()


def read_sources(project: Project, slugs: Sequence[str] | None = None) -> Sources:
    """Read and parse the project's articles (all, or ``slugs``), by name."""
    articles: dict[str, Article] = {}
    errors: list[LocaliseError] = []
    for slug, read in each_source(project, slugs):
        if isinstance(read, LocaliseError):
            errors.append(read)
        else:
            articles[slug] = read
    return Sources(articles, tuple(errors))


def each_source(project: Project, slugs: Sequence[str] | None = None
                ) -> Iterator[tuple[str, Article | LocaliseError]]:
    """The project's articles (all, or ``slugs``) parsed one at a time, each or the error
    that names its file and line: a reader that keeps only what it needs of each (the
    build) holds one parsed article at a time. Two sources at one address are an error
    before any is read."""
    from .addresses import addresses_of

    paths = [project.source_path(slug) for slug in slugs] if slugs else project.source_paths()
    if not slugs:
        try:
            addresses_of([project.slug_of(path) for path in paths])
        except ValueError as error:
            raise LocaliseError(str(error), project.display(project.source_dir),
                                hint="rename or remove one of them") from error
    for path in paths:
        slug = project.slug_of(path)
        try:
            yield slug, read_article(path, project.display(path), slug)
        except LocaliseError as error:
            yield slug, error
