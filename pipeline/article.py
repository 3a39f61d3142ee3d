"""An English article: YAML front matter plus the markdown-it-py token stream.

Parsing happens once per article; the tokens (with their line maps) are the contract
between segmenting, checking and assembling, so all of them see the same structure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .errors import LocaliseError
from .files import read_text

TRANSLATABLE_FIELDS = ("title", "description")
REQUIRED_FIELDS = ("title", "description", "updated", "author")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
RESERVED_SLUGS = frozenset({"site", "templates", "index", "assets"})
_NOT_IN_CATALOGS = re.compile("[\x00\x04]")
"""NUL ends a gettext string and EOT separates msgctxt: no catalog can hold either."""


@cache
def markdown() -> MarkdownIt:
    """The one parser: CommonMark + GFM tables + front matter, raw HTML off (shown as text)."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(front_matter_plugin)


def inline_tokens(text: str, env: Mapping[str, object] | None = None) -> list[Token]:
    """A unit's inline tokens (a translation's, or front-matter text), as the parser reads
    them. Text with no character at which markdown-it's inline rules stop (its own
    ``terminator_re``; most sentences) and none its normaliser rewrites is the one text
    token the parser would make from it, made here without running the parser."""
    parser = markdown()
    if text and "\r" not in text and "\0" not in text and \
            not parser.inline.terminator_re.search(text):
        return [Token("text", "", 0, content=text)]
    parsed = parser.parseInline(text, dict(env or {}))
    return list(parsed[0].children or []) if parsed else []


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The article's metadata; ``lines`` gives each field's line in the source file."""

    title: str
    description: str
    updated: dt.date
    author: str
    lines: tuple[tuple[str, int], ...]

    def line_of(self, field: str) -> int:
        return dict(self.lines).get(field, 1)


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class Article:
    """One source article: its slug, where it came from, metadata and token stream.

    Compared and hashed by identity, so what is derived from it (its units) can be kept
    per article while it lives."""

    slug: str
    path: str
    """Path as shown to users, e.g. ``source/spinal-fusion-nerve-damage.md``."""
    meta: FrontMatter
    tokens: tuple[Token, ...]
    env: dict
    """markdown-it's environment (link reference definitions), needed to parse translations."""
    text: str


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
    """Parse an article's text (LF line endings) into front matter and tokens."""
    slug = slug or Path(path).stem
    if not _SLUG.fullmatch(slug) or slug in RESERVED_SLUGS:
        raise LocaliseError(
            f"article name {slug!r} cannot be used as a slug",
            path,
            hint="name articles in lowercase letters, digits and '-' (not site, index, assets)",
        )
    if found := _NOT_IN_CATALOGS.search(text):
        raise LocaliseError(
            f"control character U+{ord(found[0]):04X} in the article", path,
            text.count("\n", 0, found.start()) + 1, hint="remove it (no catalog can hold it)",
        )
    env: dict = {}
    tokens = markdown().parse(text, env)
    if not tokens or tokens[0].type != "front_matter":
        raise LocaliseError(
            "no front matter: the article must start with '---', the fields "
            + ", ".join(REQUIRED_FIELDS)
            + ", and '---'",
            path,
            1,
        )
    meta = _front_matter(tokens[0], path)
    return Article(slug=slug, path=path, meta=meta, tokens=tuple(tokens), env=env, text=text)


def read_article(file: Path, display: str) -> Article:
    """Read and parse ``file``; ``display`` is the path shown in messages."""
    return parse_article(read_text(file, display), display, file.stem)


def _front_matter(token: Token, path: str) -> FrontMatter:
    first_line = (token.map[0] if token.map else 0) + 2  # the line after the opening ---
    try:
        node = yaml.compose(token.content, Loader=yaml.SafeLoader)
        data = yaml.safe_load(token.content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(error, "problem", None) or str(error)
        raise LocaliseError(f"invalid front matter: {problem}", path, line) from error
    except ValueError as error:  # a constructor's own check: a date such as 2025-13-40
        raise LocaliseError(f"invalid front matter: {error}", path, first_line) from error
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise LocaliseError(
            "front matter must be a mapping of fields (title: ..., description: ...)",
            path,
            first_line,
        )
    lines = tuple(
        (str(key.value), first_line + key.start_mark.line) for key, _ in node.value
    )
    line_of = dict(lines)
    missing = [name for name in REQUIRED_FIELDS if name not in data]
    if missing:
        raise LocaliseError(
            f"front matter lacks {', '.join(missing)}", path, first_line,
            hint="every article needs " + ", ".join(REQUIRED_FIELDS),
        )
    for name in ("title", "description", "author"):
        if not isinstance(data[name], str) or not data[name].strip():
            raise LocaliseError(f"front matter {name} must be text", path, line_of[name])
        if found := _NOT_IN_CATALOGS.search(data[name]):  # from an escape such as "\0"
            raise LocaliseError(f"front matter {name} holds control character "
                                f"U+{ord(found[0]):04X}", path, line_of[name],
                                hint="remove the escape (no catalog can hold it)")
    updated = data["updated"]
    if isinstance(updated, str):
        try:
            updated = dt.date.fromisoformat(updated)
        except ValueError:
            updated = None
    if isinstance(updated, dt.datetime):
        updated = updated.date()
    if not isinstance(updated, dt.date):
        raise LocaliseError(
            "front matter updated must be a date like 2025-11-18", path, line_of["updated"]
        )
    return FrontMatter(
        title=" ".join(data["title"].split()),
        description=" ".join(data["description"].split()),
        updated=updated,
        author=data["author"].strip(),
        lines=lines,
    )
