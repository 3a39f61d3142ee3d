"""Links between pages and to files: resolved for the site, copied once, never out of the
repository; what cannot work is a warning at its line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.article import read_sources
from pipeline.config import load_project
from pipeline.linking import Kind, files_of, language_variant, problems, resolve, site_for

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    (tmp_path / "localise.toml").write_text('source = "docs"\nlanguages = ["es"]\n'
                                            "min-translated = 0\n")
    for path, text in {
        "docs/index.md": "# Home\n\n[Care](guide/care.md#dressing), [FAQ](faq.md).\n",
        "docs/faq.md": "# FAQ\n\n[home](index.md) [gone](nothere.md) [anchor](guide/care.md#nope)\n\n"
                       "![chart](img/chart.png) ![missing](img/missing.png)\n\n"
                       "![out](../../etc/passwd.png) ![top](/img/chart.png)\n\n"
                       '<img src="img/chart.png" alt="Chart">\n',
        "docs/guide/care.md": "# Care\n\n## Dressing\n\n[Back](../index.md)\n",
    }.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    for image in ("docs/img/chart.png", "docs/img/chart.es.png", "secret.png"):
        (tmp_path / image).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / image).write_bytes(PNG)
    return tmp_path


def test_targets_resolve_to_pages_files_or_elsewhere(docs: Path) -> None:
    source, slugs = docs / "docs", {"index", "faq", "guide/care"}

    def target(href: str, slug: str = "faq"):
        return resolve(href, slug, docs, source, slugs)

    assert (target("guide/care.md#dressing").kind, target("guide/care.md#dressing").slug) == (
        Kind.PAGE, "guide/care")
    assert target("../index.md", "guide/care").slug == "index"
    assert target("img/chart.png").file == "docs/img/chart.png"
    assert target("/img/chart.png").file == "docs/img/chart.png"  # from the docs' top, as MkDocs
    assert target("https://example.org/x.png").kind is Kind.ELSEWHERE
    assert target("#dose").kind is Kind.ELSEWHERE
    assert "no such file" in target("img/missing.png").problem
    assert "leaves the repository" in target("../../etc/passwd.png").problem
    assert "not one of the articles" in target("nothere.md").problem


def test_a_symlink_out_of_the_repository_is_never_copied(docs: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    outside.write_bytes(PNG)
    os.symlink(outside, docs / "docs" / "img" / "link.png")
    found = resolve("img/link.png", "faq", docs, docs / "docs", {"faq"})
    assert "outside the repository" in found.problem
    project = load_project(docs)
    (docs / "docs" / "faq.md").write_text("![x](img/link.png)\n")
    sources = read_sources(project)
    assert "docs/img/link.png" not in files_of(sources.articles, site_for(project, sources.articles),
                                               ("es",))


def test_problems_are_warnings_at_their_lines(docs: Path) -> None:
    project = load_project(docs)
    sources = read_sources(project)
    site = site_for(project, sources.articles)
    found = [(problem.finding_id, problem.line) for problem in problems(sources.articles["faq"], site)]
    assert ("broken-link", 3) in found  # nothere.md and #nope
    assert ("missing-file", 5) in found and ("unsafe-path", 7) in found
    assert problems(sources.articles["index"], site) == ()


def test_every_file_and_its_language_variants_are_carried_once(docs: Path) -> None:
    project = load_project(docs)
    sources = read_sources(project)
    files = files_of(sources.articles, site_for(project, sources.articles), ("en", "es"))
    assert files == ("docs/img/chart.es.png", "docs/img/chart.png")
    assert language_variant("docs/img/chart.png", "es", docs) == "docs/img/chart.es.png"
    assert language_variant("docs/img/chart.png", "es_MX", docs) == "docs/img/chart.es.png"
    assert language_variant("docs/img/chart.png", "de", docs) == ""


def test_the_built_pages_link_each_other_and_show_their_images(docs: Path) -> None:
    from pipeline.build import build

    build(load_project(docs), pdf=False)
    site = docs / "site"
    home = (site / "es" / "index.html").read_text()
    assert 'href="guide/care/#dressing"' in home and 'href="faq/"' in home
    faq = (site / "es" / "faq" / "index.html").read_text()
    assert 'src="../../media/docs/img/chart.es.png"' in faq  # the language's own chart
    assert 'src="../../media/docs/img/chart.png"' in (site / "en" / "faq" / "index.html").read_text()
    assert 'href="../"' in faq and 'href="nothere.md"' in faq
    assert 'src="../../etc/passwd.png"' in faq  # left as written, never copied
    assert sorted(p.relative_to(site).as_posix() for p in (site / "media").rglob("*.png")) == [
        "media/docs/img/chart.es.png", "media/docs/img/chart.png"]
    care = (site / "es" / "guide" / "care" / "index.html").read_text()
    assert 'href="../../"' in care
