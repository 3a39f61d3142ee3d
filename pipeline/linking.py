"""Links between pages and to files: a source's relative targets resolved for the site.

Editors link articles as files (``[leaflet](wound-care.md#dressing)``) and show images by
their path in the repository (``img/dosing.png``), as MkDocs lets them. Here each target
is read once (:func:`resolve`): another article's page (in the reader's language), a file
the site must carry (copied once into ``media/``, shared by the languages, and printed
inside the PDFs; ``img/chart.es.png`` beside ``img/chart.png`` is used for ``es``, as
Sphinx's ``figure_language_filename`` does), or an address left as written. A Markdown
source is trusted prose but not trusted paths: a file outside the repository (``..``
past its root, an absolute path, a symlink pointing out) is never copied.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from .addresses import Address, relative_url
from .article import Article, copy_token

if TYPE_CHECKING:
    from .config import Project

MEDIA = "media"
"""The site's folder of copied files: ``media/<path in the repository>``."""

FILE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".pdf"})
"""Files a page may show or link to, which the site must carry."""

_HTML_URL = re.compile(r"""(\s(?:src|href)\s*=\s*)("[^"]*"|'[^']*')""", re.IGNORECASE)
"""A ``src`` or ``href`` attribute in the English's own HTML (``<img src="img/x.png">``)."""


class Kind(StrEnum):
    PAGE = "page"
    FILE = "file"
    ELSEWHERE = "elsewhere"
    """Anything left as written: other sites, ``mailto:``, this page's ``#anchor``."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where one link or image of a source goes."""

    kind: Kind
    slug: str = ""
    """The article linked to (a page target)."""
    fragment: str = ""
    file: str = ""
    """The file's path in the repository, POSIX (a file target)."""
    problem: str = ""
    """Why the target is a warning (missing file, outside the repository, ...)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A link or image of the source that cannot work as written: a warning at its line."""

    finding_id: str
    line: int
    message: str


def resolve(href: str, slug: str, root: Path, source_dir: Path,
            slugs: Collection[str]) -> Target:
    """Where ``href``, written in article ``slug``, goes."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return Target(Kind.ELSEWHERE)
    path = unquote(parts.path)
    folder = posixpath.dirname(slug)
    if path.startswith("/"):  # from the top of the docs, as MkDocs serves them
        if Path(path).suffix.lower() not in FILE_SUFFIXES | {".md"}:
            return Target(Kind.ELSEWHERE)  # an address on the site's own server
        path, folder = path.lstrip("/"), ""
    joined = posixpath.normpath(posixpath.join(source_dir.relative_to(root).as_posix(),
                                               folder, path))
    if joined == ".." or joined.startswith("../"):
        return Target(Kind.ELSEWHERE, problem=f"{href} leaves the repository: it is not copied "
                      "into the site")
    suffix = Path(path).suffix.lower()
    if suffix == ".md":
        source = source_dir.relative_to(root).as_posix()
        inside = posixpath.relpath(joined, source) if source != "." else joined
        target = inside[: -len(".md")]
        if inside.startswith("../") or target not in slugs:
            return Target(Kind.ELSEWHERE, problem=f"{href} is not one of the articles "
                          f"(no {source}/{inside}): the link leads nowhere on the site")
        return Target(Kind.PAGE, slug=target, fragment=parts.fragment)
    if suffix not in FILE_SUFFIXES:
        return Target(Kind.ELSEWHERE)
    local = root / joined
    if local.is_symlink() and not local.resolve().is_relative_to(root.resolve()):
        return Target(Kind.ELSEWHERE, problem=f"{href} is a link to a file outside the "
                      "repository: it is not copied into the site")
    if not local.is_file():
        return Target(Kind.FILE, file=joined, fragment=parts.fragment,
                      problem=f"{href}: no such file ({joined}); the page shows a broken "
                      "image or link")
    return Target(Kind.FILE, file=joined, fragment=parts.fragment)


def targets_of(article: Article) -> Iterator[tuple[str, int]]:
    """Every link and image target of an article's source, with its line."""
    for token in article.tokens:
        if not token.children and token.type not in ("html_block", "html_inline"):
            continue  # (most tokens: they open or close a block)
        line = (token.map[0] if token.map else 0) + 1
        if token.type in ("html_block", "html_inline"):
            yield from ((_unquoted(match[2]), line) for match in _HTML_URL.finditer(token.content))
        for child in _walk(token.children or ()):
            if child.type == "link_open":
                yield str(child.attrGet("href") or ""), line
            elif child.type == "image":
                yield str(child.attrGet("src") or ""), line
            elif child.type == "html_inline":
                yield from ((_unquoted(match[2]), line)
                            for match in _HTML_URL.finditer(child.content))


def _walk(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:  # (an image's alt text): a generator only where there are some
            yield from _walk(token.children)


def _unquoted(value: str) -> str:
    return value[1:-1]


@dataclass(frozen=True, slots=True)
class Site:
    """What resolving needs to know of the project: where it is, and its articles."""

    root: Path
    source_dir: Path
    places: Mapping[str, Address]
    anchors: Callable[[str], frozenset[str]]
    """The fragment ids of an article's page (its headings' anchors, ids it sets)."""
    slugs: frozenset[str] = frozenset()

    @classmethod
    def of(cls, root: Path, source_dir: Path, places: Mapping[str, Address],
           anchors: Callable[[str], frozenset[str]]) -> Site:
        return cls(root, source_dir, places, anchors, frozenset(places))

    def resolve(self, href: str, slug: str) -> Target:
        return _resolve_cached(self.root, self.source_dir, self.slugs, href, slug)


def site_for(project: Project, articles: Mapping[str, Article],
             places: Mapping[str, Address] | None = None) -> Site:
    """The project's links resolved against every source file's address (an article that
    could not be read keeps its address) and the anchors of the articles that could."""
    from .addresses import addresses_of
    from .assemble import anchors_of

    if places is None:
        places = addresses_of([project.slug_of(path) for path in project.source_paths()])

    @cache
    def anchors(slug: str) -> frozenset[str]:
        article = articles.get(slug)
        return anchors_of(article) if article is not None else frozenset()

    return Site.of(project.root, project.source_dir, places, anchors)


@cache
def _resolve_cached(root: Path, source_dir: Path, slugs: frozenset[str], href: str,
                    slug: str) -> Target:
    return resolve(href, slug, root, source_dir, slugs)


def problems(article: Article, site: Site) -> tuple[Problem, ...]:
    """The warnings of an article's links and images: missing files, paths out of the
    repository, links to Markdown that is no article or to an anchor its page lacks."""
    found = []
    for href, line in targets_of(article):
        target = site.resolve(href, article.slug)
        if target.problem:
            finding_id = "missing-file" if target.kind is Kind.FILE else (
                "unsafe-path" if "repository" in target.problem or "absolute" in target.problem
                else "broken-link")
            found.append(Problem(finding_id, line, target.problem))
        elif target.kind is Kind.PAGE and target.fragment and \
                target.fragment not in site.anchors(target.slug):
            found.append(Problem("broken-link", line, f"{href}: the page has no anchor "
                                 f"#{target.fragment} (its headings' anchors are made as "
                                 "MkDocs makes them)"))
    return tuple(dict.fromkeys(found))


def files_of(articles: Mapping[str, Article], site: Site, languages: Sequence[str]
             ) -> tuple[str, ...]:
    """Every file the site must carry (repository paths), language variants included."""
    return files_linked({slug: tuple(targets_of(article)) for slug, article in articles.items()},
                        site, languages)


def files_linked(targets: Mapping[str, Iterable[tuple[str, int]]], site: Site,
                 languages: Sequence[str]) -> tuple[str, ...]:
    """``files_of`` from each article's link and image targets (``targets_of``), which is
    what the build keeps of an article."""
    found = set()
    for slug, hrefs in targets.items():
        for href, _line in hrefs:
            target = site.resolve(href, slug)
            if target.kind is Kind.FILE and not target.problem:
                found.add(target.file)
                found.update(variant for lang in languages
                             if (variant := language_variant(target.file, lang, site.root)))
    return tuple(sorted(found))


def language_variant(file: str, lang: str, root: Path) -> str:
    """``img/chart.es.png`` for ``img/chart.png`` in ``es`` where that file exists (the
    language's own chart), else ""."""
    stem, suffix = posixpath.splitext(file)
    for code in dict.fromkeys((lang, lang.split("_", maxsplit=1)[0])):
        variant = f"{stem}.{code}{suffix}"
        local = root / variant
        if local.is_file() and local.resolve().is_relative_to(root.resolve()):
            return variant
    return ""


def rewrite_links(
    tokens: Sequence[Token], article: Article, lang: str, site: Site,
    published: Callable[[str, str], bool], source_lang: str,
) -> tuple[Token, ...]:
    """The page's tokens with every link to an article pointing at its page (in ``lang``
    where ``published`` says it is, else the English page, marked ``hreflang``) and every
    file at its copy in ``media/`` (the language's variant where there is one)."""
    here = site.places[article.slug].url(lang)

    def new_href(href: str) -> tuple[str, str]:
        target = site.resolve(href, article.slug)
        if target.kind is Kind.PAGE:
            shown = lang if published(target.slug, lang) else source_lang
            fragment = f"#{target.fragment}" if target.fragment else ""
            return (relative_url(here, site.places[target.slug].url(shown)) + fragment,
                    "" if shown == lang else shown)
        if target.kind is Kind.FILE and not target.problem:
            file = language_variant(target.file, lang, site.root) or target.file
            fragment = f"#{target.fragment}" if target.fragment else ""
            return relative_url(here, f"{MEDIA}/{file}") + fragment, ""
        return href, ""

    changed = list(tokens)
    for index, token in enumerate(tokens):
        if token.type in ("html_block", "html_inline") and _HTML_URL.search(token.content):
            copied = copy_token(token)
            copied.content = _rewrite_html(token.content, new_href)
            changed[index] = copied
        elif token.children:
            children = _rewrite_children(token.children, new_href)
            if children is not token.children:
                copied = copy_token(token)
                copied.children = children
                changed[index] = copied
    return tuple(changed)


def _rewrite_children(children: list[Token], new_href: Callable[[str], tuple[str, str]]
                      ) -> list[Token]:
    result = children
    for index, child in enumerate(children):
        replacement = None
        if child.type == "link_open":
            href, hreflang = new_href(str(child.attrGet("href") or ""))
            if href != child.attrGet("href"):
                replacement = copy_token(child)
                replacement.attrSet("href", href)
                if hreflang:
                    replacement.attrSet("hreflang", hreflang)
        elif child.type == "image":
            src, _ = new_href(str(child.attrGet("src") or ""))
            if src != child.attrGet("src"):
                replacement = copy_token(child)
                replacement.attrSet("src", src)
        elif child.type == "html_inline" and _HTML_URL.search(child.content):
            content = _rewrite_html(child.content, new_href)
            if content != child.content:
                replacement = copy_token(child)
                replacement.content = content
        if replacement is not None:
            if result is children:
                result = list(children)
            result[index] = replacement
    return result


def _rewrite_html(html: str, new_href: Callable[[str], tuple[str, str]]) -> str:
    def swap(match: re.Match[str]) -> str:
        quote = match[2][0]
        href, _ = new_href(_unquoted(match[2]))
        return f"{match[1]}{quote}{href}{quote}"

    return _HTML_URL.sub(swap, html)
