"""Addresses: pages where MkDocs puts them, PDFs beside them, relative links between them."""

import doctest

import pytest

import pipeline.addresses
from pipeline.addresses import address, addresses_of, relative_url, root_of


def test_doctests() -> None:
    assert doctest.testmod(pipeline.addresses).failed == 0


@pytest.mark.parametrize(("slug", "slugs", "page", "pdf"), [
    ("guide/install", (), "es/guide/install/index.html", "es/guide/install.pdf"),
    ("index", (), "es/index.html", "es/index.pdf"),
    ("guide/index", (), "es/guide/index.html", "es/guide/index.pdf"),
    ("README", ("README",), "es/index.html", "es/index.pdf"),
    ("README", ("README", "index"), "es/README/index.html", "es/README.pdf"),
    ("guide/README", ("guide/README",), "es/guide/index.html", "es/guide/index.pdf"),
    ("user_guide/first_steps", (), "es/user_guide/first_steps/index.html",
     "es/user_guide/first_steps.pdf"),
])
def test_pages_are_where_mkdocs_puts_them(slug: str, slugs: tuple, page: str, pdf: str) -> None:
    place = address(slug, slugs)
    assert (place.page("es"), place.pdf_path("es")) == (page, pdf)


def test_two_articles_at_one_address_are_refused_naming_both() -> None:
    with pytest.raises(ValueError, match="a and a/index would both be published at <lang>/a/"):
        addresses_of(["a", "a/index"])


@pytest.mark.parametrize(("source", "target", "link"), [
    ("es/a/b/", "es/c/", "../../c/"),
    ("es/", "es/a/", "a/"),
    ("es/a/", "es/", "../"),
    ("es/a/b/", "media/docs/img/x.png", "../../../media/docs/img/x.png"),
    ("es/a/b/", "es/a/b.pdf", "../b.pdf"),
    ("es/", "es/", "./"),
])
def test_relative_links_resolve_as_a_browser_resolves_them(source: str, target: str, link: str) -> None:
    assert relative_url(source, target) == link
    assert _resolved(source, link) == target
    assert _resolved(source, root_of(source)) == ""


def _resolved(source: str, link: str) -> str:
    from urllib.parse import urljoin

    return urljoin("https://h.org/" + source, link).removeprefix("https://h.org/")
