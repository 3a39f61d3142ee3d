"""Assembly: the English token stream with each unit's inline content translated.

Block structure (headings, lists, tables, quotes) always comes from the source; only the
inline children of each unit are replaced, by the translation parsed inline-only. So a
translation can reorder words and markup but cannot break a table. Source tokens are never
mutated: every changed token is a copy. A unit without a publishable translation keeps the
English, and its block is marked ``lang="en"`` (``dir="ltr"`` inside a right-to-left page);
one translated as itself (a name; every unit of the English page) keeps the source's tokens.
Links in a translation are only those of the source (or the settings' per-language map).
The English's own HTML is trusted; a translation's HTML reaches the page only where the
source has the same tag (``title`` and ``alt`` texts may be translated): anything else
is escaped and shown as text, as the ``raw-html`` check tells the translator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

from markdown.extensions.toc import slugify, unique
from markdown_it.common import html_re
from markdown_it.token import Token

from .article import Article, copy_token, inline_tokens
from .checks.links import link_targets
from .segment import Unit, plain_text, segment


@dataclass(frozen=True, slots=True)
class Heading:
    """A table-of-contents entry: anchor (from the English, stable), text as shown."""

    level: int
    anchor: str
    text: str
    fallback: bool


@dataclass(frozen=True, slots=True)
class Assembled:
    """A localised article, ready to render."""

    tokens: tuple[Token, ...]
    title: str
    description: str
    title_fallback: bool
    description_fallback: bool
    headings: tuple[Heading, ...]
    translated_units: int
    fallback_units: int
    env: dict


def anchor_for(text: str, taken: set[str]) -> str:
    """The fragment id MkDocs gives a heading (Python-Markdown's ``toc`` slugify, ``_1``
    for a repeat), from the English text, so it is the same in every language and links
    written for MkDocs (``page.md#running-lifespan-in-tests``) find it."""
    anchor = unique(slugify(text, "-") or "section", taken)
    taken.add(anchor)
    return anchor


_TAG = re.compile("|".join((html_re.open_tag, html_re.close_tag, html_re.comment,
                             html_re.processing, html_re.declaration, html_re.cdata)))
_TRANSLATABLE_ATTRIBUTES = frozenset({"title", "alt"})


class _TagReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[str, tuple[tuple[str, str], ...]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._keep(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._keep(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.found = ("/" + tag, ())

    def _keep(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found = (tag, tuple(sorted(
            (name, "" if name in _TRANSLATABLE_ATTRIBUTES else value or "")
            for name, value in attrs)))


@cache
def tag_key(tag: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """What must match for a translation's tag to be the source's: the name and the
    attributes, with the texts a translator may translate (``title``, ``alt``) left out."""
    reader = _TagReader()
    reader.feed(tag)
    reader.close()
    return reader.found or ("#raw", ((tag, ""),))  # <?php ?>, <!DECL>, CDATA: exactly as written


def trusted_tags(html_fragments: Iterable[str]) -> frozenset:
    """The tags of the English's own HTML, as :func:`tag_key` compares them."""
    keys = set()
    for fragment in html_fragments:
        for match in _TAG.finditer(fragment):
            keys.add(tag_key(match[0]))
    keys.discard(None)
    return frozenset(keys)


def safe_html(translated: str, trusted: frozenset) -> str:
    """A translated HTML block with only the source's tags left as HTML; every other
    ``<`` is escaped, so a translation cannot add an element, an attribute or a script."""
    parts = []
    position = 0
    for match in _TAG.finditer(translated):
        if tag_key(match[0]) in trusted:
            parts.append(translated[position:match.start()].replace("<", "&lt;"))
            parts.append(match[0])
            position = match.end()
    parts.append(translated[position:].replace("<", "&lt;"))
    return "".join(parts)


def assemble(
    article: Article,
    translations: Mapping[str, str],
    *,
    rtl: bool = False,
    url_map: Mapping[str, str] | None = None,
    source_lang: str = "en",
) -> Assembled:
    """Replace each unit's inline content by its translation; fall back to English."""
    tokens = list(article.tokens)
    fallback_attrs = {"lang": source_lang, **({"dir": "ltr"} if rtl else {})}
    url_map = url_map or {}
    translated = fallback = 0
    fields: dict[str, tuple[str, bool]] = {}
    for unit in segment(article):
        text = translations.get(unit.msgid, "")
        if unit.field is not None:
            fields[unit.field] = (text or unit.msgid, not text)
        elif text == unit.msgid:
            pass  # translated as itself: the source's tokens are the translation's
        elif text:
            _translate(tokens, article, unit, text, url_map)
        else:
            _mark_fallback(tokens, unit, fallback_attrs)
        if text:
            translated += 1
        else:
            fallback += 1
    headings = tuple(_headings(tokens, article.tokens))
    if "title" in fields:
        title, title_fallback = fields["title"]
    else:  # the first "# heading" is the title, as translated (or not) in the body
        heading = tokens[(article.title_heading or 0) + 1]
        title = " ".join(plain_text(heading.children or []).split())
        title_fallback = tokens[article.title_heading or 0].attrGet("lang") is not None
    description, description_fallback = fields.get("description", ("", False))
    return Assembled(
        tuple(tokens), title, description, title_fallback, description_fallback,
        headings, translated, fallback, dict(article.env),
    )


def _translate(
    tokens: list[Token], article: Article, unit: Unit, text: str, url_map: Mapping[str, str]
) -> None:
    index = unit.token_index
    assert index is not None
    source = tokens[index]
    if source.type == "html_block":
        replacement = copy_token(source)
        replacement.content = safe_html(text, trusted_tags([source.content])).rstrip("\n") + "\n"
        tokens[index] = replacement
        return
    allowed = set(link_targets(source.children or []))
    allowed |= {url_map[url] for url in allowed if url in url_map}
    children = _only_allowed_links(inline_tokens(text, article.env), allowed)
    children = _only_trusted_html(children, source.children or [])
    children = _footnotes_as_in_source(children, source.children or [], article.tokens)
    replacement = copy_token(source)
    if unit.kind == "image alt text":
        image = next(child for child in source.children or [] if child.type == "image")
        new_image = copy_token(image)
        new_image.children = children
        new_image.content = plain_text(children)
        replacement.children = [
            new_image if child is image else child for child in source.children or []
        ]
    else:
        replacement.children = children
        replacement.content = text
    tokens[index] = replacement


def _only_allowed_links(children: list[Token], allowed: set[str]) -> list[Token]:
    """Drop links and images whose target the source does not have (keep their text)."""
    kept: list[Token] = []
    depth_dropped = 0
    for child in children:
        if child.type == "link_open" and str(child.attrGet("href") or "") not in allowed:
            depth_dropped += 1
            continue
        if child.type == "link_close" and depth_dropped:
            depth_dropped -= 1
            continue
        if child.type == "image" and str(child.attrGet("src") or "") not in allowed:
            kept.extend(child.children or [])
            continue
        kept.append(child)
    return kept


def _only_trusted_html(children: list[Token], source: list[Token]) -> list[Token]:
    """A translation's inline HTML that the source does not have becomes text (escaped)."""
    if not any(child.type == "html_inline" for child in children):
        return children
    trusted = trusted_tags(child.content for child in source if child.type == "html_inline")
    kept = []
    for child in children:
        if child.type == "html_inline" and tag_key(child.content) not in trusted:
            child = Token("text", "", 0, content=child.content)
        kept.append(child)
    return kept


def _footnotes_as_in_source(
    children: list[Token], source: list[Token], article_tokens: tuple[Token, ...]
) -> list[Token]:
    """A translation's footnote references point where the source's do (the same ids and
    back-links), whatever order the translation puts them in."""
    if not any(child.type == "footnote_ref" for child in children):
        return children
    by_label: dict[str, list[Token]] = {}
    for child in source:
        if child.type == "footnote_ref":
            by_label.setdefault(child.meta.get("label", ""), []).append(child)
    elsewhere = {child.meta.get("label", ""): child for token in article_tokens
                 for child in token.children or () if child.type == "footnote_ref"}
    kept = []
    for child in children:
        if child.type == "footnote_ref":
            label = child.meta.get("label", "")
            same = by_label.get(label)
            model = same.pop(0) if same else elsewhere.get(label)
            if model is not None:
                child = copy_token(child)
                child.meta = dict(model.meta)
        kept.append(child)
    return kept


def _mark_fallback(tokens: list[Token], unit: Unit, attrs: Mapping[str, str]) -> None:
    """Mark the element that wraps exactly the unit's text. A paragraph in a tight list
    renders no <p>: it becomes a <span>, so the <li> keeps the page's direction (its
    bullet stays on the page's side) and a nested, translated list is not marked."""
    index = unit.token_index
    assert index is not None
    if tokens[index].type == "html_block":
        return  # the English's own HTML: its lang is the page's to say, not ours
    opening = copy_token(tokens[index - 1])
    for name, value in attrs.items():
        opening.attrSet(name, value)
    if opening.hidden:
        closing = copy_token(tokens[index + 1])
        for shown in (opening, closing):
            shown.hidden, shown.block, shown.tag = False, False, "span"
        tokens[index + 1] = closing
    tokens[index - 1] = opening


def _headings(tokens: list[Token], source_tokens: tuple[Token, ...]) -> list[Heading]:
    """Headings with stable anchors (from the English) set as ``id`` on copied tokens."""
    found = []
    taken = {str(token.attrGet("id")) for token in source_tokens
             if token.type == "heading_open" and token.attrGet("id")}  # {#id} of the English
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        anchor = str(token.attrGet("id") or "")
        if not anchor:
            anchor = anchor_for(plain_text(source_tokens[index + 1].children or []), taken)
        opened = copy_token(token)
        opened.attrSet("id", anchor)
        tokens[index] = opened
        inline = tokens[index + 1]
        found.append(
            Heading(int(token.tag[1:]), anchor, plain_text(inline.children or []),
                    token.attrGet("lang") is not None)
        )
    return found


_HTML_ID = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def anchors_of(article: Article) -> frozenset[str]:
    """The fragment ids an article's page has, in every language: its headings' anchors
    (as :func:`assemble` sets them), the ``{#id}`` of any block and the ids of its HTML."""
    found = {str(token.attrGet("id")) for token in article.tokens if token.attrGet("id")}
    for heading in _headings(list(article.tokens), article.tokens):
        found.add(heading.anchor)
    for token in article.tokens:
        for fragment in (token.content, *(child.content for child in token.children or ()
                                          if child.type == "html_inline")):
            if token.type in ("html_block", "inline") and "=" in fragment:
                found.update(a or b for a, b in _HTML_ID.findall(fragment))
    return frozenset(found)
