"""Addresses: the one place that maps an article's source path to everything derived from it.

An article's name (its *slug*) is its path in the source folder without ``.md``
(``guide/install``, ``index``); its catalogs mirror it (``locales/tr/LC_MESSAGES/guide/
install.po``). Its pages are where MkDocs puts them: ``guide/install.md`` at
``<lang>/guide/install/`` (with ``<lang>/guide/install.pdf`` beside it), ``index.md`` at
the language's home ``<lang>/`` (``<lang>/index.pdf``), ``guide/index.md`` at
``<lang>/guide/``, and a ``README.md`` the same as an ``index.md`` where its folder has
none. Every other module asks here, so the layout changes in one place.

>>> page = address("guide/install")
>>> page.folder, page.page("tr"), page.pdf_path("tr"), page.markdown_path("tr")
('guide/install/', 'tr/guide/install/index.html', 'tr/guide/install.pdf', 'tr/guide/install.md')
>>> address("index").page("tr"), address("index").pdf_path("tr")
('tr/index.html', 'tr/index.pdf')
>>> relative_url("tr/guide/install/", "tr/faq/")
'../../faq/'
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from dataclasses import dataclass

INDEX_NAMES = ("index", "README")
"""Names of a folder's own page, as MkDocs reads them (README only where no index is)."""


@dataclass(frozen=True, slots=True)
class Address:
    """Where one article is published, relative to a language's folder of the site."""

    slug: str
    folder: str
    """The page's folder: ``guide/install/``; ``""`` for the home page."""
    pdf: str
    """The handout: ``guide/install.pdf``, ``index.pdf``, ``guide/index.pdf``."""

    def url(self, lang: str) -> str:
        """The page's address relative to the site's root: ``tr/guide/install/``."""
        return f"{lang}/{self.folder}"

    def page(self, lang: str) -> str:
        """The page's file relative to the site's root."""
        return f"{lang}/{self.folder}index.html"

    def pdf_path(self, lang: str) -> str:
        return f"{lang}/{self.pdf}"

    def markdown_path(self, lang: str) -> str:
        """The translated Markdown, relative to its folder: the source's own path under
        the language (``tr/guide/install.md``), as static site generators read a tree."""
        return f"{lang}/{self.slug}.md"

    @property
    def is_home(self) -> bool:
        """The article published at the language's home (``index.md`` at the top)."""
        return self.folder == ""


def address(slug: str, slugs: Collection[str] = ()) -> Address:
    """The address of article ``slug``; ``slugs`` (every article of the project) tells
    whether a ``README`` is its folder's page (only where the folder has no ``index``)."""
    parent, _, name = slug.rpartition("/")
    prefix = f"{parent}/" if parent else ""
    folder_page = name == "index" or (name == "README" and f"{prefix}index" not in slugs)
    if folder_page:
        return Address(slug, prefix, f"{prefix}index.pdf")
    return Address(slug, f"{slug}/", f"{slug}.pdf")


def relative_url(source: str, target: str) -> str:
    """The relative link from the page at folder ``source`` to ``target`` (both relative
    to the site's root; a folder ends with ``/``), as a browser resolves it."""
    base = posixpath.dirname(source.rstrip("/") + "/x") if source.endswith("/") else \
        posixpath.dirname(source)
    path = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") and not path.endswith("/"):
        path = "./" if path == "." else path + "/"
    return path


def root_of(url: str) -> str:
    """The relative prefix from a page at ``url`` back to the site's root (``../../``)."""
    depth = url.rstrip("/").count("/") + 1 if url.endswith("/") else url.count("/")
    return "../" * depth


def addresses_of(slugs: Collection[str]) -> dict[str, Address]:
    """The address of every article; two articles at one address (``a.md`` and
    ``a/index.md``) raise ValueError naming both, as no page can be both."""
    found: dict[str, Address] = {}
    taken: dict[str, str] = {}
    for slug in sorted(slugs):
        place = address(slug, slugs)
        if place.folder in taken:
            raise ValueError(f"{taken[place.folder]} and {slug} would both be published at "
                             f"<lang>/{place.folder}")
        taken[place.folder] = slug
        found[slug] = place
    return found
