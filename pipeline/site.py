"""The site around the articles: URLs, language links, indexes and the sitemap.

Pages are where :mod:`addresses` puts them (``<lang>/<path>/``, the PDF beside them);
``index.html`` lists every article in every language with its completion, each
``<lang>/index.html`` the articles of one language (unless the sources have an
``index.md``, whose page is the language's home), and ``sitemap.xml`` gives every page
with its alternates (sitemaps protocol, ``xhtml:link``). Without a ``base-url`` every
address is relative and there is no sitemap (its protocol needs absolute URLs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .addresses import Address, relative_url
from .languages import parse_language
from .numbers import System
from .render import (
    LanguageLink,
    bcp47,
    format_completion,
    language_link,
    render_template,
    template_strings,
)


@dataclass(frozen=True, slots=True)
class PublishedArticle:
    """One article as published in one language (what the indexes list)."""

    lang: str
    slug: str
    place: Address
    title: str
    title_fallback: bool
    percent: float
    updated: dt.date | None
    group: str = ""
    """Where the indexes list it: its folder, or its front matter's section."""
    group_title: str = ""
    group_fallback: bool = False
    """The group's title is the English one (no translation of it)."""


LISTED_ON_THE_SITE_INDEX = 40
"""Beyond this many articles in a language, the site index lists its groups only (each
linking to its place in the language's index): a list of hundreds helps no reader."""


def grouped(items: Sequence[PublishedArticle], href: Callable[[PublishedArticle], str],
            extra: Callable[[PublishedArticle], object] = lambda item: "") -> list[dict]:
    """The articles by group, in a stable order: the top folder's first (no heading),
    then the groups by title; within one, as the sources are ordered."""
    groups: dict[str, dict] = {}
    for item in items:
        group = groups.setdefault(item.group, {
            "key": item.group, "title": item.group_title, "fallback": item.group_fallback,
            "anchor": anchor_of(item.group), "listing": []})
        group["listing"].append({"href": href(item), "title": item.title,
                                 "fallback": item.title_fallback, "extra": extra(item)})
    return sorted(groups.values(), key=lambda group: (group["key"] != "", group["title"].casefold(),
                                                      group["key"]))


def anchor_of(group: str) -> str:
    """A fragment id for a group (stable across languages: from its key, not its title)."""
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in group.removeprefix("section:"))
    return "group-" + ("-".join(part for part in cleaned.split("-") if part).lower() or "top")


def absolute_url(base_url: str, path: str) -> str:
    """``path`` (relative to the site's root) at the public address; "" without one."""
    return f"{base_url}/{path}" if base_url else ""


def page_url(base_url: str, lang: str, place: Address) -> str:
    """The page's public address, or "" when the site has no ``base-url``."""
    return absolute_url(base_url, place.url(lang))


def article_languages(
    base_url: str, place: Address, langs: Sequence[str], current: str
) -> tuple[LanguageLink, ...]:
    """Switcher and alternates of one article: every language it is published in (the
    alternates' addresses absolute with a ``base-url``, else relative to the page)."""
    here = place.url(current)
    links = []
    for lang in langs:
        href = relative_url(here, place.url(lang))
        links.append(language_link(lang, href, page_url(base_url, lang, place) or href,
                                   lang == current))
    return tuple(links)


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
    here = f"{lang}/"
    groups = grouped(
        items, lambda item: relative_url(here, item.place.url(lang)),
        # the English is the original: "100% translated" would say nothing to its readers
        lambda item: format_completion(item.percent, lang, digits) if lang != source_lang else "")
    links = [language_link(code, f"../{code}/", absolute_url(base_url, f"{code}/") or f"../{code}/",
                           code == lang) for code in langs]
    page = {
        "lang_tag": bcp47(lang),
        "direction": locale.text_direction,
        "root": "../",
        "home": here,
        "canonical": absolute_url(base_url, here),
        "alternates": [{"hreflang": link.lang_tag, "url": link.url} for link in links]
        + [{"hreflang": "x-default",
            "url": absolute_url(base_url, f"{source_lang}/") or f"../{source_lang}/"}],
        "switcher": links,
        "source_lang": source_lang,
        "digits": digits.name,
    }
    return render_template(
        "language.html", page=page, groups=groups, site={"organisation": organisation},
        **template_strings(site_strings, lang, source_lang),
    )


def render_site_index(
    published: Mapping[str, Sequence[PublishedArticle]],
    strings_by_lang: Mapping[str, Mapping[str, str]],
    digits_by_lang: Mapping[str, System],
    organisation: str,
    base_url: str,
    source_lang: str,
    has_home: bool = False,
) -> str:
    """``index.html``: every language (native name) with its articles and completion."""
    languages = []
    for lang, items in published.items():
        link = language_link(lang, f"{lang}/", absolute_url(base_url, f"{lang}/"))
        gettext = template_strings(strings_by_lang.get(lang, {}), lang, source_lang)["_"]
        digits = digits_by_lang[lang]

        def completion(item: PublishedArticle, lang: str = lang, gettext=gettext,
                       digits: System = digits) -> str:
            if lang == source_lang:
                return ""
            return gettext("%(percent)s translated",
                           percent=format_completion(item.percent, lang, digits))

        def url(item: PublishedArticle, lang: str = lang) -> str:
            return item.place.url(lang)

        groups = grouped(items, url, completion)
        languages.append({
            "code": lang,
            "lang_tag": link.lang_tag,
            "name": link.name,
            "direction": link.direction,
            "href": link.href,
            "groups": groups,
            # a long list goes by its groups, each to its place in the language's index
            "summary": len(items) > LISTED_ON_THE_SITE_INDEX and not has_home,
        })
    page = {
        "lang_tag": bcp47(source_lang),
        "direction": "ltr",
        "root": "",
        "home": "",
        "canonical": absolute_url(base_url, ""),
        "switcher": (),
        "source_lang": source_lang,
        "digits": "latn",
    }
    return render_template(
        "index.html", page=page, languages=languages, site={"organisation": organisation},
        **template_strings({}, source_lang, source_lang),
    )


SITEMAP_LIMIT = 50_000
"""URLs one sitemap may list (the sitemaps protocol's limit)."""


def render_sitemaps(
    published: Mapping[str, Sequence[PublishedArticle]], base_url: str, source_lang: str,
    limit: int = SITEMAP_LIMIT,
) -> dict[str, str]:
    """The sitemap files by name: ``sitemap.xml`` with ``xhtml:link`` alternates for every
    language of each article (only with a ``base-url``: the protocol wants absolute
    addresses); past ``limit`` URLs, ``sitemap-1.xml``, ``sitemap-2.xml``... with
    ``sitemap.xml`` their sitemap index. An article's languages stay in one file."""
    by_slug: dict[str, list[PublishedArticle]] = {}
    for items in published.values():
        for item in items:
            by_slug.setdefault(item.slug, []).append(item)
    chunks: list[list[dict]] = [[]]
    for slug in sorted(by_slug):
        versions = by_slug[slug]
        alternates = [
            {"hreflang": bcp47(item.lang), "url": page_url(base_url, item.lang, item.place)}
            for item in versions
        ]
        if any(item.lang == source_lang for item in versions):
            alternates.append({"hreflang": "x-default",
                               "url": page_url(base_url, source_lang, versions[0].place)})
        if len(chunks[-1]) + len(versions) > limit:
            chunks.append([])
        for item in versions:
            chunks[-1].append({
                "loc": page_url(base_url, item.lang, item.place),
                "lastmod": item.updated.isoformat() if item.updated else "",
                "alternates": alternates,
            })
    if len(chunks) == 1:
        return {"sitemap.xml": render_template("sitemap.xml", urls=chunks[0])}
    files = {f"sitemap-{number}.xml": render_template("sitemap.xml", urls=urls)
             for number, urls in enumerate(chunks, 1)}
    files["sitemap.xml"] = render_template(
        "sitemap-index.xml", sitemaps=[absolute_url(base_url, name) for name in files])
    return files
