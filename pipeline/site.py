"""The site around the articles: URLs, language links, indexes and the sitemap.

Pages live at ``<lang>/<slug>/`` with the PDF beside them (``<lang>/<slug>.pdf``);
``index.html`` lists every article in every language with its completion, each
``<lang>/index.html`` the articles of one language, and ``sitemap.xml`` gives every page
with its alternates (sitemaps protocol, ``xhtml:link``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .languages import parse_language
from .numbers import System
from .render import (
    LanguageLink,
    bcp47,
    format_completion,
    language_link,
    render_template,
    translator,
)


@dataclass(frozen=True, slots=True)
class PublishedArticle:
    """One article as published in one language (what the indexes list)."""

    lang: str
    slug: str
    title: str
    title_fallback: bool
    percent: float
    updated: dt.date


def page_path(lang: str, slug: str) -> str:
    return f"{lang}/{slug}/index.html"


def page_url(base_url: str, lang: str, slug: str) -> str:
    return f"{base_url}/{lang}/{slug}/"


def article_languages(
    base_url: str, slug: str, langs: Sequence[str], current: str
) -> tuple[LanguageLink, ...]:
    """Switcher and alternates of one article: every language it is published in."""
    return tuple(
        language_link(lang, f"../../{lang}/{slug}/", page_url(base_url, lang, slug), lang == current)
        for lang in langs
    )


def render_language_index(
    lang: str,
    items: Sequence[PublishedArticle],
    langs: Sequence[str],
    site_strings: Mapping[str, str],
    organisation: str,
    base_url: str,
    source_lang: str,
    digits: System,
) -> str:
    """``<lang>/index.html``: the articles of one language with their completion."""
    locale = parse_language(lang)
    listing = [
        {
            "href": f"{item.slug}/",
            "title": item.title,
            "fallback": item.title_fallback,
            # the English is the original: "100% translated" would say nothing to its readers
            "percent": format_completion(item.percent, lang, digits) if lang != source_lang else "",
        }
        for item in items
    ]
    links = [language_link(code, f"../{code}/", f"{base_url}/{code}/", code == lang) for code in langs]
    page = {
        "lang_tag": bcp47(lang),
        "direction": locale.text_direction,
        "root": "../",
        "home": f"{lang}/",
        "canonical": f"{base_url}/{lang}/",
        "alternates": [{"hreflang": link.lang_tag, "url": link.url} for link in links]
        + [{"hreflang": "x-default", "url": f"{base_url}/{source_lang}/"}],
        "switcher": links,
        "source_lang": source_lang,
        "digits": digits.name,
    }
    return render_template(
        "language.html", page=page, listing=listing, site={"organisation": organisation},
        _=translator(site_strings),
    )


def render_site_index(
    published: Mapping[str, Sequence[PublishedArticle]],
    strings_by_lang: Mapping[str, Mapping[str, str]],
    digits_by_lang: Mapping[str, System],
    organisation: str,
    base_url: str,
    source_lang: str,
) -> str:
    """``index.html``: every language (native name) with its articles and completion."""
    languages = []
    for lang, items in published.items():
        link = language_link(lang, f"{lang}/", f"{base_url}/{lang}/")
        gettext = translator(strings_by_lang.get(lang, {}))
        languages.append({
            "code": lang,
            "lang_tag": link.lang_tag,
            "name": link.name,
            "direction": link.direction,
            "href": link.href,
            "listing": [
                {
                    "href": f"{lang}/{item.slug}/",
                    "title": item.title,
                    "fallback": item.title_fallback,
                    "percent_text": gettext(
                        "%(percent)s translated",
                        percent=format_completion(item.percent, lang, digits_by_lang[lang]),
                    ) if lang != source_lang else "",
                }
                for item in items
            ],
        })
    page = {
        "lang_tag": bcp47(source_lang),
        "direction": "ltr",
        "root": "",
        "home": "",
        "canonical": f"{base_url}/",
        "switcher": (),
        "source_lang": source_lang,
        "digits": "latn",
    }
    return render_template(
        "index.html", page=page, languages=languages, site={"organisation": organisation},
        _=translator({}),
    )


def render_sitemap(
    published: Mapping[str, Sequence[PublishedArticle]], base_url: str, source_lang: str
) -> str:
    """``sitemap.xml`` with ``xhtml:link`` alternates for every language of each article."""
    by_slug: dict[str, list[PublishedArticle]] = {}
    for items in published.values():
        for item in items:
            by_slug.setdefault(item.slug, []).append(item)
    urls = []
    for slug in sorted(by_slug):
        versions = by_slug[slug]
        alternates = [
            {"hreflang": bcp47(item.lang), "url": page_url(base_url, item.lang, slug)}
            for item in versions
        ]
        if any(item.lang == source_lang for item in versions):
            alternates.append({"hreflang": "x-default", "url": page_url(base_url, source_lang, slug)})
        for item in versions:
            urls.append({
                "loc": page_url(base_url, item.lang, slug),
                "lastmod": item.updated.isoformat(),
                "alternates": alternates,
            })
    return render_template("sitemap.xml", urls=urls)
