"""The site around the articles: indexes grouped by folder or section, sitemaps split at
the protocol's limit."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from lxml import etree, html

from pipeline.addresses import address
from pipeline.build import build
from pipeline.config import load_project
from pipeline.extract import write_templates
from pipeline.pofile import format_po, read_po
from pipeline.site import PublishedArticle, render_sitemaps
from pipeline.workflow import init_language

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _published(slugs: list[str], langs: tuple[str, ...]) -> dict[str, list[PublishedArticle]]:
    return {lang: [PublishedArticle(lang, slug, address(slug), slug, False, 100.0,
                                    dt.date(2025, 1, 2)) for slug in slugs] for lang in langs}


def test_a_sitemap_past_the_limit_becomes_an_index_of_sitemaps() -> None:
    published = _published([f"a{number}" for number in range(5)], ("en", "es"))
    assert list(render_sitemaps(published, "https://h.org", "en")) == ["sitemap.xml"]
    files = render_sitemaps(published, "https://h.org", "en", limit=3)
    index = etree.fromstring(files.pop("sitemap.xml").encode())
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [
        f"https://h.org/{name}" for name in files]
    urls = []
    for text in files.values():
        found = [loc.text for loc in etree.fromstring(text.encode()).iter(f"{SITEMAP}loc")]
        assert len(found) <= 3
        urls.extend(found)
    assert sorted(urls) == sorted(f"https://h.org/{lang}/a{n}/" for lang in ("en", "es")
                                  for n in range(5))  # each once, an article's languages together


def _docs(root: Path, pages: dict[str, str], minimum: int = 0) -> Path:
    (root / "localise.toml").write_text('source = "docs"\nlanguages = ["de"]\n'
                                        f'base-url = "https://h.org"\nmin-translated = {minimum}\n')
    for path, text in pages.items():
        (root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / path).write_text(text)
    return root


def _in_german(root: Path, german: dict[str, str]):
    """The project's German catalogs started, with these translations (the rest not yet)."""
    project = load_project(root)
    write_templates(project)
    init_language(project, "de")
    for name in project.catalog_names("de"):
        path = project.catalog_path("de", name)
        catalog = read_po(path.read_bytes(), str(path))
        for entry in catalog:
            entry.msgstr = german.get(entry.msgid, "")
        path.write_text(format_po(catalog))
    return project


def test_indexes_group_articles_by_folder_or_section(tmp_path: Path) -> None:
    root = _docs(tmp_path, {
        "welcome.md": "# Welcome\n\nText.\n",
        "surgery/index.md": "# Before surgery\n\nText.\n",
        "surgery/fasting.md": "# Fasting\n\nText.\n",
        "care/wounds.md": "# Wounds\n\nText.\n",
        "care/pain.md": "---\nsection: Medicines\n---\n# Pain relief\n\nText.\n",
    })
    project = _in_german(root, {"Before surgery": "Vor der Operation",
                                "Medicines": "Arzneimittel", "Fasting": "Nüchternheit"})
    build(project, pdf=False)
    index = html.parse(str(root / "site" / "de" / "index.html")).getroot()
    headings = [(h.text, h.get("lang")) for h in index.xpath("//main/h2[@class='group']")]
    # the folder's own page names it (translated), a section is translated, a folder
    # without a page goes by its name (in English)
    assert headings == [("Arzneimittel", None), ("Care", "en"), ("Vor der Operation", None)]
    first = index.xpath("//main/ul[1]//a/text()")
    assert first == ["Welcome"]  # the top folder's articles first, under no heading
    assert index.xpath("//nav[@class='toc']//a/@href") == [
        "#group-medicines", "#group-care", "#group-surgery"]
    site = html.parse(str(root / "site" / "index.html")).getroot()
    assert site.xpath("//section[@lang='de']//h3/text()") == [
        "Arzneimittel", "Care", "Vor der Operation"]


def test_a_long_language_is_listed_by_its_groups_on_the_site_index(tmp_path: Path) -> None:
    pages = {f"topic{group}/page{number}.md": f"# Page {group}-{number}\n\nText.\n"
             for group in range(3) for number in range(20)}
    root = _docs(tmp_path, pages)
    build(load_project(root), pdf=False)
    site = (root / "site" / "index.html").read_text()
    assert len(re.findall(r'href="en/topic\d/page', site)) == 0
    assert re.findall(r'href="en/#group-topic\d"', site) == [
        'href="en/#group-topic0"', 'href="en/#group-topic1"', 'href="en/#group-topic2"']
    language = (root / "site" / "en" / "index.html").read_text()
    assert len(re.findall(r'href="topic\d/page\d+/"', language)) == 60


def test_a_page_below_min_translated_is_offered_in_no_index_hreflang_or_sitemap(
    tmp_path: Path,
) -> None:
    """As po4a's --keep: an article at 0 % was published under /de/ with hreflang="de"."""
    root = _docs(tmp_path, {"done.md": "# Done\n\nAll of it. [Next](started.md)\n",
                            "started.md": "# Started\n\nOne sentence. [Done](done.md)\n\n"
                                          "Another sentence here.\n\nA third one.\n"},
                 minimum=50)
    project = _in_german(root, {"Done": "Fertig", "Started": "Begonnen",
                                "All of it. [Next](started.md)": "Alles. [Weiter](started.md)"})
    result = build(project, pdf=False)
    site = root / "site"
    assert (site / "de" / "done" / "index.html").is_file()
    assert not (site / "de" / "started").exists()
    done = (site / "de" / "done" / "index.html").read_text()
    assert '<a href="../../en/started/" hreflang="en">Weiter</a>' in done  # the English page
    (row,) = [row for row in result.languages if row.lang == "de"]
    assert "below min-translated" in row.note
    english = (site / "en" / "started" / "index.html").read_text()
    assert 'hreflang="de"' not in english
    assert 'hreflang="de"' in (site / "en" / "done" / "index.html").read_text()
    assert "/de/started/" not in (site / "sitemap.xml").read_text()
    assert "started/" not in (site / "de" / "index.html").read_text()
    assert 'href="de/started/"' not in (site / "index.html").read_text()
    # translated past the threshold, it is published; taken back below, withdrawn again
    path = project.catalog_path("de", "started")
    catalog = read_po(path.read_bytes(), str(path))
    for entry in catalog:
        entry.msgstr = entry.msgstr or f"Übersetzt: {entry.msgid}"
    path.write_text(format_po(catalog))
    assert build(load_project(root), pdf=False).withdrawn == ()
    assert (site / "de" / "started" / "index.html").is_file()
    assert 'hreflang="de"' in (site / "en" / "started" / "index.html").read_text()
    assert '<a href="../started/">Weiter</a>' in (site / "de" / "done" / "index.html").read_text()
    catalog = read_po(path.read_bytes(), str(path))
    for entry in catalog:
        entry.msgstr = "" if entry.msgstr.startswith("Übersetzt: ") else entry.msgstr
    path.write_text(format_po(catalog))
    assert "de/started" in build(load_project(root), pdf=False).withdrawn
    assert not (site / "de" / "started").exists()
