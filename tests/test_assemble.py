"""Assembly: translations replace units' inline content; the English token stream is never
changed, so one article can be assembled into every language in one process."""

from __future__ import annotations

from pipeline.article import parse_article
from pipeline.assemble import assemble
from pipeline.render import render_body
from pipeline.segment import segment

ARTICLE = """---
title: Tables
description: Aligned columns.
updated: 2025-11-18
author: A. Author
---

| Risk | Rate |
|:-----|-----:|
| Nerve damage | 0.13% |
| Infection | 2% |
"""


def attributes(tokens) -> list[dict]:
    return [dict(token.attrs) for token in tokens]


def test_a_fallback_in_one_language_does_not_leak_into_the_next() -> None:
    article = parse_article(ARTICLE, "source/tables.md")
    before = attributes(article.tokens)
    units = [unit.msgid for unit in segment(article)]
    arabic = {msgid: "ترجمة" for msgid in units if msgid != "Infection"}  # one cell in English
    german = {msgid: "Übersetzung" for msgid in units}

    arabic_page = assemble(article, arabic, rtl=True)
    render_body(arabic_page.tokens, dict(article.env))
    german_page = assemble(article, german)
    german_html = render_body(german_page.tokens, dict(article.env))

    assert attributes(article.tokens) == before  # the English stream is untouched
    assert 'lang="en"' in render_body(arabic_page.tokens, dict(article.env))
    assert 'lang="en"' not in german_html and 'dir="ltr"' not in german_html
    assert 'style="text-align:left"' in german_html  # alignment kept on the copies


def test_a_unit_translated_as_itself_is_translated_not_a_fallback() -> None:
    """A name kept as written (its translation is the English text) reads as part of the
    page: no ``lang="en"``, counted as translated, rendered from the source's tokens."""
    article = parse_article(ARTICLE, "source/tables.md")
    units = [unit.msgid for unit in segment(article)]
    arabic = {msgid: "ترجمة" for msgid in units}
    arabic["Infection"] = "Infection"
    del arabic["Nerve damage"]  # and one real fallback, for contrast

    page = assemble(article, arabic, rtl=True)
    html = render_body(page.tokens, dict(article.env))
    assert "<th style=\"text-align:left\" scope=\"row\">Infection</th>" in html
    assert "lang=\"en\" dir=\"ltr\" scope=\"row\">Nerve damage</th>" in html
    assert (page.translated_units, page.fallback_units) == (len(units) - 1, 1)
    kept = next(t for t in page.tokens if t.type == "inline" and t.content == "Infection")
    assert kept in article.tokens


LIST = """---
title: Lists
description: Tight and loose.
updated: 2025-11-18
author: A. Author
---

- Keep taking aspirin.
  - Stop ibuprofen.
- Bring your scans.

Loose paragraph.
"""


def test_an_english_list_item_on_a_right_to_left_page_keeps_the_pages_direction() -> None:
    """Only the fallback's own text is marked: the <li> stays right-to-left, so its bullet
    stays on the page's side, and the translated item nested in it is not called English."""
    article = parse_article(LIST, "source/lists.md")
    persian = {"Lists": "فهرست‌ها", "Tight and loose.": "فشرده و باز.",
               "Stop ibuprofen.": "ایبوپروفن را قطع کنید.", "Bring your scans.": "تصاویر را بیاورید."}
    html = render_body(assemble(article, persian, rtl=True).tokens, dict(article.env))
    assert '<li>\n<span lang="en" dir="ltr">Keep taking aspirin.</span><ul>\n' \
           "<li>ایبوپروفن را قطع کنید.</li>" in html
    assert "<li lang" not in html
    assert '<p lang="en" dir="ltr">Loose paragraph.</p>' in html


def _page(source: str, translations: dict[str, str]) -> str:
    from pipeline.render import render_body

    article = parse_article(source, "docs/x.md", "x")
    assembled = assemble(article, translations)
    return render_body(assembled.tokens, dict(assembled.env))


def test_the_englishs_html_reaches_the_page_and_a_translation_may_keep_it() -> None:
    page = _page("About 10<sup>9</sup>/L.\n", {"About 10<sup>9</sup>/L.": "Etwa 10<sup>9</sup>/L."})
    assert "Etwa 10<sup>9</sup>/L." in page


def test_html_a_translation_adds_is_shown_as_text() -> None:
    page = _page("Plain text.\n", {"Plain text.": 'Text <img src=x onerror="alert(1)"><b>x</b>'})
    assert "<img" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_a_translated_html_block_keeps_only_the_sources_tags() -> None:
    source = '<p align="center">Open <b>every day</b>.</p>\n'
    page = _page(source, {source.strip(): '<p align="center">Abierto <b>todos</b> <script>x()</script> '
                                          '<p align="left">días.</p>'})
    assert '<p align="center">Abierto <b>todos</b>' in page
    assert "<script>" not in page and "&lt;script>" in page
    assert '&lt;p align="left">' in page  # a changed attribute is not the source's tag


def test_title_and_alt_of_the_sources_html_may_be_translated() -> None:
    source = '<img src="logo.png" alt="Clinic logo" title="Our clinic">\n'
    page = _page(source, {source.strip(): '<img src="logo.png" alt="Logo de la clínica" '
                                          'title="Nuestra clínica">'})
    assert '<img src="logo.png" alt="Logo de la clínica" title="Nuestra clínica">' in page


def test_footnote_references_of_a_translation_point_where_the_sources_do() -> None:
    source = "First[^a] and second[^b].\n\n[^a]: A.\n[^b]: B.\n"
    page = _page(source, {"First[^a] and second[^b].": "Zweite[^b] und erste[^a]."})
    assert page.index('href="#fn2"') < page.index('href="#fn1"')
    assert 'id="fnref1"' in page and 'id="fnref2"' in page


def test_heading_anchors_are_mkdocs_and_an_explicit_id_wins() -> None:
    page = _page("## Running lifespan in tests\n\n## Dose {#dosing}\n\n## Running lifespan in tests\n",
                 {})
    assert 'id="running-lifespan-in-tests"' in page and 'id="dosing"' in page
    assert 'id="running-lifespan-in-tests_1"' in page
