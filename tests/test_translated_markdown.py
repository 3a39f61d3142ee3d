"""Translated Markdown (``build --markdown``): the English source with each unit translated,
everything else byte for byte, rendering as the page of the same language does.

The pages are the reference: each language's Markdown, read by the pipeline's own parser
(markdown-it-py), must give the structure (``test_commonmark.structure``) of the page's
article body, for the shipped articles and for the CommonMark spec's 652 examples.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import ROOT, copy_project
from test_commonmark import page_parts, structure
from tests_support import commonmark_examples

from pipeline.article import Article, markdown, parse_article
from pipeline.assemble import assemble
from pipeline.build import build
from pipeline.config import SITE_DOMAIN, load_project
from pipeline.extract import write_templates
from pipeline.pofile import format_po, read_po
from pipeline.segment import Unit, segment
from pipeline.translated_markdown import translate_markdown
from pipeline.workflow import init_language

LANGUAGES = ("tr", "de", "ru", "ar", "fa")
ARTICLES = tuple(sorted(path.stem for path in (ROOT / "source").glob("*.md")))
OPEN, CLOSE = "⟦", "⟧"


def rendered(text: str) -> tuple[str, str]:
    """Markdown as the pipeline's parser renders it: (the first ``# heading``'s inner HTML,
    the rest), as a page shows them (the heading as the page's title, apart)."""
    article = parse_article(text, "docs/x.md", "x")
    tokens = list(article.tokens)
    heading = ""
    if article.title_heading is not None:
        start = article.title_heading
        heading = markdown().renderer.renderInline(tokens[start + 1].children or [],
                                                   markdown().options, dict(article.env))
        del tokens[start:start + 3]
    return heading, markdown().renderer.render(tokens, markdown().options, dict(article.env))


def unit_lines(article: Article) -> set[int]:
    """The source lines (0-based) that hold some unit's text."""
    lines: set[int] = set()
    keys = sorted(line - 1 for _key, line in article.meta.lines)
    for unit in segment(article):
        if unit.token_index is None:  # a front-matter value: its key's line to the next key
            start = article.meta.line_of(unit.field or "") - 1
            end = next((key for key in keys if key > start), start + 1)
            lines.update(range(start, end))
            continue
        token_map = article.tokens[unit.token_index].map
        if token_map:
            lines.update(range(token_map[0], max(token_map[1], token_map[0] + 1)))
    return lines


def changed_source_lines(source: str, translated: str) -> set[int]:
    """The lines of ``source`` a line diff replaces or deletes, and those next to which it
    inserts lines."""
    changed: set[int] = set()
    matcher = difflib.SequenceMatcher(None, source.split("\n"), translated.split("\n"),
                                      autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            changed.update(range(i1, i2))
        elif tag == "insert":
            changed.add(max(i1 - 1, 0))
    return changed


# The shipped articles -------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory):
    """The shipped project built with its translated Markdown (HTML only)."""
    project = load_project(copy_project(tmp_path_factory.mktemp("markdown") / "project"))
    return project, build(project, pdf=False, markdown=True, jobs=2)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shipped_articles_render_as_their_pages(shipped, lang: str) -> None:
    project, result = shipped
    assert f"{lang}/{ARTICLES[0]}.md" in result.markdown.written
    for slug in ARTICLES:
        text = (project.markdown_dir / lang / f"{slug}.md").read_text("utf-8")
        article = parse_article(text, f"{lang}/{slug}.md", slug)
        catalog = polib.pofile(str(project.catalog_path(lang, slug)))
        assert article.meta.title == catalog.find(
            parse_article((project.source_dir / f"{slug}.md").read_text("utf-8"),
                          "x.md").meta.title).msgstr
        page_heading, page_body = page_parts(project.site_dir / lang / slug / "index.html")
        heading, body = rendered(text)
        assert structure(body) == structure(page_body), (lang, slug)
        assert structure(page_heading) == structure(heading or article.meta.title)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_diff_against_the_english_touches_only_lines_with_units(shipped, lang: str) -> None:
    project, _result = shipped
    for slug in ARTICLES:
        source = (project.source_dir / f"{slug}.md").read_text("utf-8")
        translated = (project.markdown_dir / lang / f"{slug}.md").read_text("utf-8")
        changed = changed_source_lines(source, translated)
        assert changed, (lang, slug)
        assert changed <= unit_lines(parse_article(source, "x.md")), (lang, slug)


def test_the_english_is_the_source_byte_for_byte(shipped) -> None:
    project, _result = shipped
    for slug in ARTICLES:
        source = project.source_dir / f"{slug}.md"
        assert (project.markdown_dir / "en" / f"{slug}.md").read_bytes() == source.read_bytes()
        article = parse_article(source.read_text("utf-8"), "x.md")
        itself = {unit.msgid: unit.msgid for unit in segment(article)}
        assert translate_markdown(article, itself) == article.text


def test_untranslated_and_fuzzy_units_keep_their_english_lines(project_dir: Path) -> None:
    project = load_project(project_dir)
    slug = "preparing-for-spine-surgery"
    source = (project.source_dir / f"{slug}.md").read_text("utf-8")
    article = parse_article(source, "x.md")
    paragraphs = [unit for unit in segment(article) if unit.kind == "paragraph"
                  and article.tokens[unit.token_index].map[1] - article.tokens[unit.token_index].map[0] > 1]
    fuzzy, empty, translated = paragraphs[:3]
    path = project.catalog_path("de", slug)
    catalog = polib.pofile(str(path))
    catalog.find(fuzzy.msgid).flags.append("fuzzy")
    catalog.find(empty.msgid).msgstr = ""
    catalog.save(str(path))
    build(project, pdf=False, markdown=True, languages=["de"])
    text = (project.markdown_dir / "de" / f"{slug}.md").read_text("utf-8")
    lines = source.split("\n")
    for unit in (fuzzy, empty):  # as written, line by line
        first, end = article.tokens[unit.token_index].map
        assert "\n".join(lines[first:end]) in text
    assert catalog.find(translated.msgid).msgstr in text and translated.msgid not in text


# The build: gated as the pages, incremental --------------------------------------------

ARTICLE = "spinal-fusion-nerve-damage"


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*.md"))}


def edit_catalog(project, lang: str, change) -> None:  # type: ignore[no-untyped-def]
    path = project.catalog_path(lang, ARTICLE)
    catalog = polib.pofile(str(path))
    change(catalog)
    catalog.save(str(path))


def test_a_blocked_language_writes_no_markdown_and_keeps_its_earlier_files(project_dir: Path) -> None:
    project = load_project(project_dir)

    def plant_number_error(catalog: polib.POFile) -> None:
        entry = next(e for e in catalog if e.msgid.startswith("Research shows that up to 14.97"))
        entry.msgstr = entry.msgstr.replace("14,97", "4,97")

    edit_catalog(project, "de", plant_number_error)
    first = build(project, pdf=False, markdown=True)
    assert first.blocked == ("de",)
    assert not (project.markdown_dir / "de").exists()
    assert (project.markdown_dir / "tr" / f"{ARTICLE}.md").is_file()

    edit_catalog(project, "de", lambda catalog: None)  # (polib rewrites it: no error yet)
    path = project.catalog_path("de", ARTICLE)
    path.write_text(path.read_text("utf-8").replace("4,97", "14,97"), "utf-8")
    assert build(project, pdf=False, markdown=True).blocked == ()
    german = (project.markdown_dir / "de" / f"{ARTICLE}.md").read_bytes()
    edit_catalog(project, "de", plant_number_error)
    source = project.source_dir / f"{ARTICLE}.md"
    source.write_text(source.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    again = build(project, pdf=False, markdown=True)
    assert again.blocked == ("de",) and again.markdown is not None
    assert (project.markdown_dir / "de" / f"{ARTICLE}.md").read_bytes() == german
    assert not any(name.startswith("de/") for name in again.markdown.written)
    assert "One more sentence." in (project.markdown_dir / "tr" / f"{ARTICLE}.md").read_text("utf-8")


def test_build_markdown_twice_writes_nothing_the_second_time(project_dir: Path) -> None:
    project = load_project(project_dir)
    build(project, pdf=False)
    assert not project.markdown_dir.exists()  # not asked for
    first = build(project, pdf=False, markdown=True)  # the site unchanged, the Markdown new
    assert first.markdown is not None and len(first.markdown.written) == 12
    before = {path: path.stat().st_mtime_ns for path in project.markdown_dir.rglob("*")}
    second = build(project, pdf=False, markdown=True)
    assert not second.changed
    assert {path: path.stat().st_mtime_ns for path in project.markdown_dir.rglob("*")} == before

    def retranslate(catalog: polib.POFile) -> None:
        entry = next(e for e in catalog if e.msgid == "Key Takeaways")
        entry.msgstr = "Genel Bakış ve Özet"

    edit_catalog(project, "tr", retranslate)
    third = build(project, pdf=False, markdown=True)
    assert third.markdown is not None
    assert third.markdown.written == (f"tr/{ARTICLE}.md",) and third.markdown.unchanged == 11
    assert "## Genel Bakış ve Özet" in (project.markdown_dir / "tr" / f"{ARTICLE}.md").read_text(
        "utf-8")


def test_a_page_not_published_has_no_markdown(project_dir: Path) -> None:
    """Below min-translated, or its language or article taken out: its file is removed,
    as its page is withdrawn; a file the publisher put there stays."""
    project = load_project(project_dir)
    build(project, pdf=False, markdown=True)
    own = project.markdown_dir / "tr" / "notes.md"
    own.write_text("my own\n", "utf-8")

    def untranslate(catalog: polib.POFile) -> None:
        for entry in catalog:
            entry.msgstr = ""

    edit_catalog(project, "tr", untranslate)
    settings = project_dir / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace('"fa", ', "").replace(', "fa"', ""),
                        "utf-8")
    (project.source_dir / "preparing-for-spine-surgery.md").unlink()
    result = build(load_project(project_dir), pdf=False, markdown=True)
    assert result.markdown is not None
    assert set(result.markdown.removed) == {
        f"tr/{ARTICLE}.md", "fa/spinal-fusion-nerve-damage.md",
        *(f"{lang}/preparing-for-spine-surgery.md" for lang in ("en", *LANGUAGES))}
    assert sorted(tree(project.markdown_dir)) == [
        f"{lang}/{ARTICLE}.md" for lang in ("ar", "de", "en", "ru")] + ["tr/notes.md"]
    assert not (project.markdown_dir / "fa").exists()


def test_a_windows_source_keeps_its_line_endings_and_byte_order_mark(project_dir: Path) -> None:
    project = load_project(project_dir)
    source = project.source_dir / f"{ARTICLE}.md"
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes().replace(b"\n", b"\r\n"))
    build(project, pdf=False, markdown=True, languages=["tr"])
    assert (project.markdown_dir / "en" / f"{ARTICLE}.md").read_bytes() == source.read_bytes()
    turkish = (project.markdown_dir / "tr" / f"{ARTICLE}.md").read_bytes()
    assert turkish.startswith(b"\xef\xbb\xbf---\r\ntitle: ")
    assert turkish.count(b"\n") == turkish.count(b"\r\n") > 50
    assert not (project.markdown_dir / "de").exists()


def test_the_setting_asks_for_it_the_command_line_overrides_and_a_preview_writes_none(project_dir: Path) -> None:
    settings = project_dir / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace(
        "[tool.localise]\n", '[tool.localise]\nmarkdown = true\nmarkdown-out = "out/md"\n'),
        "utf-8")
    project = load_project(project_dir)
    assert project.markdown and project.markdown_dir == project_dir.resolve() / "out" / "md"
    build(project, pdf=False, markdown=False, languages=["tr"])
    assert not project.markdown_dir.exists()
    build(project, pdf=False, languages=["tr"], gate=False)  # a preview's: nothing published
    assert not project.markdown_dir.exists()
    build(project, pdf=False, languages=["tr"])
    assert sorted(tree(project.markdown_dir)) == [f"{lang}/{slug}.md" for lang in ("en", "tr")
                                                  for slug in ARTICLES]


def test_the_command_line_says_what_it_wrote(project_dir: Path) -> None:
    def localise(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=project_dir,
                              capture_output=True, text=True, check=False,
                              env={**os.environ, "NO_COLOR": "1"})

    done = localise("build", "--no-pdf", "--lang", "de", "--markdown", "--format", "json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)["markdown"]
    assert summary["folder"] == "site-markdown" and summary["removed"] == []
    assert sorted(summary["written"]) == [f"{lang}/{slug}.md" for lang in ("de", "en")
                                          for slug in ARTICLES]
    edit_catalog(load_project(project_dir), "de", lambda catalog: catalog.metadata.update(
        {"PO-Revision-Date": "2025-11-25 10:00+0000"}))
    again = localise("build", "--no-pdf", "--lang", "de", "--markdown")
    assert again.returncode == 0, again.stderr
    assert "translated Markdown in site-markdown/: 0 written, 4 unchanged" in again.stdout


# Front matter ----------------------------------------------------------------------------

def test_only_the_translated_front_matter_values_change_quoted_as_yaml_needs() -> None:
    text = ("---\n# editor's note\ntitle: 'Surgery'   # short\ndescription: >\n  What to\n"
            "  expect.\nauthor: A. Editor\nsection: Guides\nupdated: 2025-11-20\n---\n\nBody.\n")
    article = parse_article(text, "x.md")
    translated = translate_markdown(article, {
        "Surgery": "Ameliyat: ne beklenir", "What to expect.": "#1 rehber", "Guides": "yes"})
    assert translated.split("\n")[:9] == [
        "---", "# editor's note", "title: 'Ameliyat: ne beklenir'   # short",
        "description: '#1 rehber'", "author: A. Editor", "section: 'yes'",
        "updated: 2025-11-20", "---", ""]
    read = parse_article(translated, "x.md").meta
    assert (read.title, read.description, read.section, read.author) == (
        "Ameliyat: ne beklenir", "#1 rehber", "yes", "A. Editor")


def test_a_flow_style_front_matter_is_written_with_double_quotes() -> None:
    text = "---\n{title: Surgery, author: A}\n---\nBody.\n"
    translated = translate_markdown(parse_article(text, "x.md"), {"Surgery": "Cerrahi, genel"})
    assert translated == '---\n{title: "Cerrahi, genel", author: A}\n---\nBody.\n'


# Every construct, with translations that would break it if written as they are -----------

CASES = {
    "list item over a lazy line": ("- one\ntwo\n- three\n", {"one two": "bir\\\niki\\\nüç"},
                                   "- bir\\\niki\\\n  üç\n- three\n"),
    "block quote in a list": ("1. > quoted\n   > text\n", {"quoted text": "# alıntı\\\n- metin"},
                              "1. > \\# alıntı\\\n   > \\- metin\n"),
    "footnote": ("A[^1].\n\n[^1]: The note\n    goes on.\n", {"The note goes on.": "Not\\\n1. devam"},
                 "A[^1].\n\n[^1]: Not\\\n    1\\. devam\n"),
    "setext heading": ("Title\nwords\n=====\n", {"Title words": "Başlık\\\n==="},
                       "Başlık\\\n\\===\n=====\n"),
    "atx headings with a closing sequence or attributes": (
        "## Item {#item}\n\n### Plain ###\n\n#### Last\n",
        {"Item": "Öğe #", "Plain": "Sade #", "Last": "Son #"},
        "## Öğe # {#item}\n\n### Sade # ###\n\n#### Son \\#\n"),
    "table cells": ("| a | b |\n|---|---|\n| c | d\\|e |\n", {"c": "- x | y", "d|e": "f|g"},
                    "| a | b |\n|---|---|\n| - x \\| y | f\\|g |\n"),
    "table without outer pipes": ("a | b\n--|--\nc | d\n", {"c": "1. c"},
                                  "a | b\n--|--\n1\\. c | d\n"),
    "image alone": ("![An X-ray](x.png \"\")\n", {"An X-ray": "Bir [röntgen"},
                    "![Bir \\[röntgen](x.png \"\")\n"),
    "image alone in a cell or a heading": (
        "| ![a](x.png) |\n|---|\n| ![b](y.png) |\n\n# ![c](z.png) #\n",
        {"a": "1 | 2", "b": "3 | 4", "c": "5 #"},
        "| ![1 \\| 2](x.png) |\n|---|\n| ![3 \\| 4](y.png) |\n\n# ![5 #](z.png) #\n"),
    "admonitions": ('!!! note "Be careful"\n    Text.\n\n!!! tip\n    More.\n',
                    {"Be careful": "Dikkat", "Tip": "İpucu", "Text.": "Metin.", "More.": "Daha."},
                    '!!! note "Dikkat"\n    Metin.\n\n!!! tip "İpucu"\n    Daha.\n'),
    "definition list": ("Term\n: Definition\n", {"Term": "Terim", "Definition": "Tanım"},
                        "Term\n: Definition\n".replace("Term", "Terim").replace("Definition",
                                                                                "Tanım")),
    "html block": ('<p align="center">\nHello <b>there</b>\n</p>\n',
                   {'<p align="center">\nHello <b>there</b>\n</p>':
                    '<p align="center">\nMerhaba <b>orada</b> <script>x</script>\n</p>'},
                   '<p align="center">\nMerhaba <b>orada</b> &lt;script>x&lt;/script>\n</p>\n'),
    "line above a delimiter row": ("Foo\n---\n", {"Foo": "a | b"}, "a &#124; b\n---\n"),
    "reference definitions and code stay": (
        "See [r].\n\n[r]: https://example.org\n\n    code\n", {"See [r].": "[r]: bakın"},
        "[r]\\: bakın\n\n[r]: https://example.org\n\n    code\n"),
    "line breaks in a code span": ("A `b` c.\n", {"A `b` c.": "A `b\n# c` d\\\n# e"},
                                   "A `b # c` d\\\n\\# e\n"),
}


@pytest.mark.parametrize("case", CASES)
def test_every_construct_keeps_its_structure(case: str) -> None:
    source, translations, expected = CASES[case]
    article = parse_article(source, "x.md")
    assert {unit.msgid for unit in segment(article)} >= set(translations), case
    translated = translate_markdown(article, translations)
    assert translated == expected
    assert structure(markdown().render(translated)) == structure(page_body(article, translations))


def page_body(article: Article, translations: dict[str, str]) -> str:
    """The page's article body as assembled (the units not translated here as themselves,
    so that none is marked as English) and rendered, its title heading in it."""
    page = assemble(article, {**{unit.msgid: unit.msgid for unit in segment(article)},
                              **translations})
    return markdown().renderer.render(list(page.tokens), markdown().options, dict(page.env))


def test_a_translation_with_a_link_or_html_the_page_would_drop_keeps_the_english() -> None:
    article = parse_article("See [the guide](https://a.example/guide).\n", "x.md")
    for forced in ("[Rehber](https://evil.example/) bakın.", "<img src=x onerror=y> bakın."):
        assert translate_markdown(article, {article.text.strip(): forced}) == article.text
    mapped = translate_markdown(article, {article.text.strip(): "[Rehber](https://a.example/tr)."},
                                url_map={"https://a.example/guide": "https://a.example/tr"})
    assert mapped == "[Rehber](https://a.example/tr).\n"


def test_a_thematic_break_first_never_turns_a_translation_into_front_matter() -> None:
    article = parse_article("---\nFoo\n---\n\nBar\n", "x.md")
    translated = translate_markdown(article, {"Foo": "Ad: değer", "Bar": "Çubuk"})
    assert translated == "---\nFoo\n---\n\nÇubuk\n"


# The CommonMark spec -------------------------------------------------------------------

NOT_EXPECTED_TO_MATCH: dict[int, str] = {
}
"""Examples whose translated Markdown renders unlike their page, with the reason."""

_HTML_TEXT = re.compile(r">([^<]+)<")


def _marked(text: str) -> str:
    """``text`` between the markers, its surrounding blanks outside them."""
    if not text.strip():
        return text
    body = text.strip()
    start = text.index(body)
    return f"{text[:start]}{OPEN}{body}{CLOSE}{text[start + len(body):]}"


def pseudo(unit: Unit) -> str:
    """A translation as a translator writes one: the English between the markers; in an
    HTML block, each text between its tags (the tags as they are)."""
    if unit.kind == "HTML block":
        return _HTML_TEXT.sub(lambda found: f">{_marked(found[1])}<", unit.msgid)
    return f"{OPEN}{unit.msgid}{CLOSE}"


def awkward(unit: Unit) -> str:
    """A translation written to break the Markdown if placed as it is: text that opens
    other blocks at line starts, hard breaks, pipes, a heading's closing ``#``, brackets."""
    if unit.kind == "HTML block":
        return pseudo(unit)
    if unit.kind.startswith("heading"):
        return f"- {OPEN}{unit.msgid}{CLOSE} | {{#x}} #"
    if unit.kind.startswith("table"):
        return f"1. {OPEN}{unit.msgid}{CLOSE} | x"
    if unit.kind in ("image alt text", "admonition title", "definition term"):
        return f"{OPEN}{unit.msgid}{CLOSE} ] \"q\""
    return (f"> {OPEN}{unit.msgid}\\\n1. - # x | y\n--|--\n===\n: c\n[a]: b\n"
            f"    ```\n+ {CLOSE}")


@pytest.fixture(scope="module")
def examples() -> list[dict]:
    return commonmark_examples()


@pytest.fixture(scope="module")
def spec_built(examples: list[dict], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples as a docs tree, pseudo-translated and built with their Markdown."""
    root = tmp_path_factory.mktemp("commonmark-markdown")
    (root / "localise.toml").write_text('source = "docs"\nlanguages = ["en_GB"]\n', "utf-8")
    (root / "docs").mkdir()
    for example in examples:
        (root / "docs" / f"example-{example['example']:03d}.md").write_text(
            example["markdown"], "utf-8")
    project = load_project(root)
    write_templates(project)
    init_language(project, "en_GB")
    for name in project.catalog_names("en_GB"):
        if name == SITE_DOMAIN:
            continue
        path = project.catalog_path("en_GB", name)
        catalog = read_po(path.read_bytes(), str(path))
        article = parse_article(project.source_path(name).read_text("utf-8"), f"docs/{name}.md",
                                name)
        by_msgid = {unit.msgid: unit for unit in segment(article)}
        for entry in catalog:
            if entry.msgid in by_msgid:
                entry.msgstr = pseudo(by_msgid[entry.msgid])
        path.write_text(format_po(catalog), "utf-8")
    result = build(project, pdf=False, markdown=True, jobs=2)
    assert result.blocked == (), [f.message for f in result.report.findings][:5]
    return root


def test_every_commonmark_example_renders_as_its_page(examples: list[dict], spec_built: Path) -> None:
    differ = {}
    for example in examples:
        name = f"example-{example['example']:03d}"
        page = spec_built / "site" / "en_GB" / name / "index.html"
        text = (spec_built / "site-markdown" / "en_GB" / f"{name}.md").read_text("utf-8")
        page_heading, page_body = page_parts(page)
        heading, body = rendered(text)
        if structure(body) != structure(page_body):
            differ[example["example"]] = "body"
        elif heading and structure(heading) != structure(page_heading):
            differ[example["example"]] = "heading"
    unexplained = {number: what for number, what in differ.items()
                   if number not in NOT_EXPECTED_TO_MATCH}
    assert unexplained == {}, f"{len(unexplained)} examples differ: {unexplained}"
    assert 1 - len(differ) / len(examples) >= 0.99


def test_every_commonmark_example_comes_back_byte_for_byte(examples: list[dict], spec_built: Path) -> None:
    for example in examples:
        name = f"example-{example['example']:03d}"
        english = spec_built / "site-markdown" / "en" / f"{name}.md"
        assert english.read_text("utf-8") == example["markdown"], name
        article = parse_article(example["markdown"], "x.md")
        itself = {unit.msgid: unit.msgid for unit in segment(article)}
        assert translate_markdown(article, itself) == example["markdown"], name


def test_a_diff_of_every_commonmark_example_touches_only_lines_with_units(
    examples: list[dict], spec_built: Path,
) -> None:
    for example in examples:
        name = f"example-{example['example']:03d}"
        text = (spec_built / "site-markdown" / "en_GB" / f"{name}.md").read_text("utf-8")
        article = parse_article(example["markdown"], "x.md")
        assert changed_source_lines(example["markdown"], text) <= unit_lines(article), name


AWKWARD_NOT_EXPECTED_TO_MATCH: dict[int, str] = {
}
"""Examples whose awkward translation cannot read in Markdown as on the page, and why."""


def test_translations_that_would_open_other_blocks_keep_the_structure(examples: list[dict]) -> None:
    """The page (the article assembled with the awkward translations) and the Markdown
    read back give the same structure: every escape and continuation prefix is in place."""
    differ = {}
    for example in examples:
        article = parse_article(example["markdown"], "x.md")
        translations = {unit.msgid: awkward(unit) for unit in segment(article)}
        back = parse_article(translate_markdown(article, translations), "x.md")
        got = markdown().renderer.render(list(back.tokens), markdown().options, dict(back.env))
        if structure(got) != structure(page_body(article, translations)):
            differ[example["example"]] = "differs"
    unexplained = {number: what for number, what in differ.items()
                   if number not in AWKWARD_NOT_EXPECTED_TO_MATCH}
    assert unexplained == {}, f"{len(unexplained)} examples differ: {sorted(unexplained)}"
    assert 1 - len(differ) / len(examples) >= 0.99


def test_readme_says_what_markdown_writes_and_where() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "`--markdown`" in readme and "site-markdown/<lang>/" in readme
    assert "| `markdown-out` |" in readme and "| `markdown` |" in readme
