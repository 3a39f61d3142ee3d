"""Rendering: assembled tokens -> HTML page through Jinja2 templates (autoescape on).

The article body is rendered by markdown-it-py's own renderer (raw HTML disabled, so a
translation's ``<script>`` is shown as text), with three additions for readers: heading
anchors, ``scope`` on table header cells, and row headers for the first body column.
Everything around the body (lang/dir, alternates, switcher, dates, UI strings) comes from
the templates, with UI strings from the language's ``site.po``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it.token import Token
from markupsafe import Markup, escape

from .addresses import Address, relative_url, root_of
from .article import Article, copy_token, markdown
from .assemble import Assembled
from .fonts import margin_families
from .languages import bcp47, language_name, parse_language
from .numbers import Kind, Number, System, notation

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

PAGE_MARK = "\ue000"
PAGES_MARK = "\ue001"

# CSS Counter Styles names of the numbering systems a page may use for page numbers.
_COUNTER_STYLES = {"latn": "decimal", "arab": "arabic-indic", "arabext": "persian",
                   "deva": "devanagari", "beng": "bengali", "thai": "thai"}


def css_string(text: str) -> Markup:
    """A CSS string literal (quotes included is the caller's job): safe inside <style>."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;!?()-_–—/'%" and ch != "\\" else f"\\{ord(ch):x} "
        for ch in str(text)
    )
    return Markup(escaped)


def page_counter(translated: str, counter_style: str) -> Markup:
    """The CSS ``content`` value for "Page X of Y" in the page's digits."""
    text = str(translated)
    parts: list[str] = []
    for chunk in _split_marks(text):
        if chunk == PAGE_MARK:
            parts.append(f"counter(page, {counter_style})")
        elif chunk == PAGES_MARK:
            parts.append(f"counter(pages, {counter_style})")
        elif chunk:
            parts.append(f'"{css_string(chunk)}"')
    return Markup(" ".join(parts) or '""')


def _split_marks(text: str) -> list[str]:
    chunks, current = [], ""
    for ch in text:
        if ch in (PAGE_MARK, PAGES_MARK):
            chunks.extend([current, ch])
            current = ""
        else:
            current += ch
    chunks.append(current)
    return chunks


@cache
def environment() -> Environment:
    """The Jinja2 environment: autoescape everywhere, strict about missing variables."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["page_counter"] = page_counter
    return env


def translator(
    strings: Mapping[str, str], fallback_lang: str | None = None
) -> Callable[..., Markup]:
    """``_()`` for templates: the site catalog's translation, escaped, then formatted.

    Unlike Jinja's stock newstyle gettext, the translation itself is escaped too, so a
    site catalog cannot inject HTML either. A translation whose placeholders do not fit
    (which the checks block, but a blocked language's index is still rebuilt) gives the
    English instead of failing the build. With ``fallback_lang`` (the source language, on
    a page in another), English shown for want of a translation is wrapped in an element
    saying so (``<span lang="en" dir="ltr">``), as untranslated units are, so that screen
    readers pronounce it as English: for element content only; attributes, titles and
    print CSS take the plain ``gettext`` of the same strings.
    """

    def gettext(message: str, **variables: object) -> Markup:
        translated = strings.get(message)
        if translated:
            try:
                return escape(translated) % variables
            except (KeyError, ValueError, TypeError):
                pass
        english = escape(message) % variables
        if fallback_lang is None:
            return english
        locale = parse_language(fallback_lang)
        return Markup('<span lang="{}" dir="{}">{}</span>').format(
            bcp47(fallback_lang), locale.text_direction, english)

    return gettext


def template_strings(
    strings: Mapping[str, str], lang: str, source_lang: str
) -> dict[str, Callable[..., Markup]]:
    """The two site-string functions a template of a page in ``lang`` is given: ``_`` for
    element content (English fallbacks marked as such) and ``gettext`` for attributes,
    titles and CSS, where no element can be."""
    return {"_": translator(strings, source_lang if lang != source_lang else None),
            "gettext": translator(strings)}


def digits_system(lang: str, texts: Sequence[str]) -> System:
    """The numbering system the language's text actually uses (its majority of digits)."""
    if len(notation(lang).systems) == 1:
        return notation(lang).systems[0]
    return counted_digits_system(lang, Counter(_DIGIT.findall("".join(texts))))


def counted_digits_system(lang: str, digits: Mapping[str, int]) -> System:
    """:func:`digits_system` from how often each digit is written (a build keeps these
    counts of every catalog, not its texts)."""
    systems = notation(lang).systems
    counts = {system: sum(digits.get(chr(system.zero + value), 0) for value in range(10))
              for system in systems}
    best = max(systems, key=lambda system: counts[system])
    return best if counts[best] else systems[0]


_DIGIT = re.compile(r"\d")


def localise_digits(text: str, system: System) -> str:
    """Latin digits (as Babel formats them) written in the page's digits."""
    if system.zero == 0x30:
        return text
    return "".join(chr(system.zero + int(ch)) if "0" <= ch <= "9" else ch for ch in text)


def modified_date(updated: dt.date) -> str:
    """The document's modification date: SOURCE_DATE_EPOCH when set (reproducible builds
    pin it), else the article's own ``updated`` date, never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return updated.isoformat()


def format_updated(updated: dt.date, lang: str, system: System) -> str:
    """The article date as the language writes it: 18 Kasım 2025, ١٨ نوفمبر ٢٠٢٥."""
    return localise_digits(format_date(updated, "long", locale=lang), system)


def format_completion(percent: float, lang: str, system: System) -> str:
    """A completion percentage in the language's notation: %85, 85 %, ٨٥٪ (as checks read it)."""
    value = Decimal(round(percent, 1)).quantize(Decimal("1") if percent.is_integer() else Decimal("0.1"))
    return notation(lang).write(Number(value, Kind.PERCENT, "", 0, 0), system)


def render_body(tokens: Sequence[Token], env: dict) -> str:
    """The article body HTML from assembled tokens, by markdown-it-py's renderer."""
    tokens = list(tokens)
    in_body = False
    first_cell = False
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            continue
        if token.type == "th_open":
            tokens[index] = _with_attr(token, "scope", "col")
        elif token.type == "tbody_open":
            in_body = True
        elif token.type == "tbody_close":
            in_body = False
        elif token.type == "tr_open":
            first_cell = in_body
        elif token.type == "td_open" and first_cell:
            cell = _with_attr(token, "scope", "row")
            cell.tag = "th"
            tokens[index] = cell
            closing = _matching_close(tokens, index)
            close = copy_token(tokens[closing])
            close.tag = "th"
            tokens[closing] = close
            first_cell = False
        elif token.type == "td_open":
            first_cell = False
    renderer = markdown().renderer
    return renderer.render(tokens, markdown().options, env)


def _with_attr(token: Token, name: str, value: str) -> Token:
    copy = copy_token(token)
    copy.attrSet(name, value)
    return copy


def _matching_close(tokens: list[Token], index: int) -> int:
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    raise ValueError("unbalanced token stream")


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """A language in the switcher, alternates and indexes."""

    code: str
    lang_tag: str
    name: str
    direction: str
    href: str
    url: str
    current: bool = False


def language_link(code: str, href: str, url: str, current: bool = False) -> LanguageLink:
    locale = parse_language(code)
    return LanguageLink(
        code=code,
        lang_tag=bcp47(code),
        name=language_name(code),
        direction=locale.text_direction,
        href=href,
        url=url,
        current=current,
    )


def render_article_page(
    *,
    article: Article,
    assembled: Assembled,
    lang: str,
    site_strings: Mapping[str, str],
    languages: Sequence[LanguageLink],
    organisation: str,
    canonical: str,
    source_lang: str,
    system: System,
    place: Address,
) -> str:
    """The full HTML page of one article in one language, published at ``place``."""
    locale = parse_language(lang)
    counter_style = _COUNTER_STYLES.get(system.name, "decimal")
    toc = [heading for heading in assembled.headings if heading.level == 2]
    url = place.url(lang)
    page = {
        "lang_tag": bcp47(lang),
        "direction": locale.text_direction,
        "root": root_of(url),
        "home": f"{lang}/",
        "canonical": canonical,
        "alternates": [
            {"hreflang": link.lang_tag, "url": link.url} for link in languages
        ] + [{"hreflang": "x-default", "url": next(
            (link.url for link in languages if link.code == source_lang), canonical)}],
        "switcher": languages,
        "others": [link for link in languages if not link.current],
        "pdf_href": relative_url(url, place.pdf_path(lang)),
        "source_lang": source_lang,
        "page_mark": PAGE_MARK,
        "pages_mark": PAGES_MARK,
        "counter_style": counter_style,
        "digits": system.name,
        "margin_fonts": margin_families(lang),
    }
    tokens = list(assembled.tokens)
    heading, heading_id, heading_fallback = Markup(escape(assembled.title)), "", False
    if article.title_heading is not None:  # shown once, as the page's <h1>, not in the body
        opening = tokens[article.title_heading]
        heading = Markup(markdown().renderer.renderInline(
            tokens[article.title_heading + 1].children or [], markdown().options,
            dict(assembled.env)))
        heading_id = str(opening.attrGet("id") or "")
        heading_fallback = opening.attrGet("lang") is not None
        del tokens[article.title_heading : article.title_heading + 3]
    updated = article.meta.updated
    content = {
        "title": assembled.title,
        "heading": heading,
        "heading_id": heading_id,
        "heading_fallback": heading_fallback,
        "description": assembled.description,
        "author": article.meta.author,
        "updated_iso": updated.isoformat() if updated else "",
        "modified_iso": modified_date(updated) if updated else "",
        "updated_text": format_updated(updated, lang, system) if updated else "",
        "toc": toc,
        "body": Markup(render_body(tokens, dict(assembled.env))),
        "fallback_units": assembled.fallback_units,
    }
    template = environment().get_template("article.html")
    return template.render(
        page=page, article=content, site={"organisation": organisation},
        **template_strings(site_strings, lang, source_lang),
    )


def render_template(name: str, **context: object) -> str:
    """Render any other template (language index, site index, sitemap)."""
    return environment().get_template(name).render(**context)
