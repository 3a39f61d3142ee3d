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
