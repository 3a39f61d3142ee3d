"""Assembly: the English token stream with each unit's inline content translated.

Block structure (headings, lists, tables, quotes) always comes from the source; only the
inline children of each unit are replaced, by the translation parsed inline-only. So a
translation can reorder words and markup but cannot break a table. Source tokens are never
mutated: every changed token is a copy. A unit without a publishable translation keeps the
English, and its block is marked ``lang="en"`` (``dir="ltr"`` inside a right-to-left page);
one translated as itself (a name; every unit of the English page) keeps the source's tokens.
Links in a translation are only those of the source (or the settings' per-language map).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

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
    """A readable, unique fragment id from English heading text (same in every language)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate


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
    title, title_fallback = fields["title"]
    description, description_fallback = fields["description"]
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
    allowed = set(link_targets(source.children or []))
    allowed |= {url_map[url] for url in allowed if url in url_map}
    children = _only_allowed_links(inline_tokens(text, article.env), allowed)
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


def _mark_fallback(tokens: list[Token], unit: Unit, attrs: Mapping[str, str]) -> None:
    """Mark the element that wraps exactly the unit's text. A paragraph in a tight list
    renders no <p>: it becomes a <span>, so the <li> keeps the page's direction (its
    bullet stays on the page's side) and a nested, translated list is not marked."""
    index = unit.token_index
    assert index is not None
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
    taken: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        english = plain_text(source_tokens[index + 1].children or [])
        anchor = anchor_for(english, taken)
        opened = copy_token(token)
        opened.attrSet("id", anchor)
        tokens[index] = opened
        inline = tokens[index + 1]
        found.append(
            Heading(int(token.tag[1:]), anchor, plain_text(inline.children or []),
                    token.attrGet("lang") is not None)
        )
    return found
