"""All of CommonMark through the whole pipeline: the spec's 652 examples as a docs tree.

The examples (``commonmark.json`` in markdown-it-py's source distribution, fetched from
the registry) become articles of a project that has only a
``localise.toml``; ``extract``, ``init``, a pseudo-translation of every entry (the
English between ⟦ and ⟧) and ``build`` make their pages. Each page must have the
structure markdown-it-py gives the source with the pseudo-translation around every prose
block's inline content (the paragraph, heading, cell or item; an image's alt text where
the image is alone; an HTML block with words), computed here from the parser's tokens
alone. A unit the segmenter misses, markup the assembly breaks or HTML it escapes shows
as a difference. The few examples that cannot match are listed with the reason.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests_support import commonmark_examples

from pipeline.article import copy_token, markdown, parse_article
from pipeline.build import build
from pipeline.config import load_project
from pipeline.extract import write_templates
from pipeline.pofile import format_po, read_po
from pipeline.segment import _image_only, has_words_or_numbers
from pipeline.workflow import init_language

LANG = "en_GB"  # English notation: the pseudo-translation keeps the source's numbers as written
OPEN, CLOSE = "⟦", "⟧"

NOT_EXPECTED_TO_MATCH: dict[int, str] = {
}
"""Examples whose page differs from markdown-it-py's rendering, with the reason."""


@pytest.fixture(scope="module")
def examples() -> list[dict]:
    return commonmark_examples()


@pytest.fixture(scope="module")
def built(examples: list[dict], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("commonmark")
    (root / "localise.toml").write_text(f'source = "docs"\nlanguages = ["{LANG}"]\n', "utf-8")
    docs = root / "docs"
    docs.mkdir()
    for example in examples:
        (docs / f"example-{example['example']:03d}.md").write_text(example["markdown"], "utf-8")
    project = load_project(root)
    write_templates(project)
    init_language(project, LANG)
    for name in project.catalog_names(LANG):
        path = project.catalog_path(LANG, name)
        catalog = read_po(path.read_bytes(), str(path))
        for entry in catalog:
            if entry.msgid:
                entry.msgstr = f"{OPEN}{entry.msgid}{CLOSE}"
        path.write_text(format_po(catalog), "utf-8")
    build(project, pdf=False, jobs=2)
    return root


def expected_body(source: str) -> tuple[str, str]:
    """markdown-it-py's rendering of ``source`` with every prose block's inline content
    between the markers: (the first ``# heading``'s inner HTML, the rest)."""
    article = parse_article(source, "docs/x.md", "x")
    tokens = [copy_token(token) for token in article.tokens]
    for token in tokens:
        if token.type == "inline" and has_words_or_numbers(token.children or []):
            image = _image_only(token)
            if image is not None:
                marked = copy_token(image)
                marked.children = [_text(OPEN), *(image.children or []), _text(CLOSE)]
                token.children = [marked if child is image else child
                                  for child in token.children or []]
            else:
                token.children = [_text(OPEN), *(token.children or []), _text(CLOSE)]
        elif token.type == "html_block" and _has_prose_html(token.content):
            token.content = f"{OPEN}{token.content.rstrip(chr(10))}{CLOSE}\n"
    heading = ""
    if article.title_heading is not None:
        start = article.title_heading
        heading = markdown().renderer.renderInline(tokens[start + 1].children or [],
                                                   markdown().options, dict(article.env))
        del tokens[start:start + 3]
    body = markdown().renderer.render(tokens, markdown().options, dict(article.env))
    return heading, body


def _has_prose_html(content: str) -> bool:
    from pipeline.segment import html_has_prose

    return html_has_prose(content)


def _text(content: str):
    from markdown_it.token import Token

    return Token("text", "", 0, content=content)


IGNORED_ATTRIBUTES = {"id", "scope", "lang", "dir"}
"""What the page adds for readers (anchors, header scopes, the English marked)."""


class _Events(HTMLParser):
    """An HTML fragment as a stream of events, as a browser's tokenizer reads it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []
        self._text = ""

    def _flush(self) -> None:
        if self._text.split():
            self.events.append(("#text", " ".join(self._text.split())))
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        kept = sorted(f"{k}={v}" for k, v in attrs if k not in IGNORED_ATTRIBUTES)
        self.events.append(("<", "td" if tag == "th" else tag, *kept))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        self.events.append(("</", "td" if tag == "th" else tag))

    def handle_data(self, data: str) -> None:
        self._text += data

    def handle_comment(self, data: str) -> None:
        self._flush()
        self.events.append(("<!--", data))

    def handle_decl(self, decl: str) -> None:
        self._flush()
        self.events.append(("<!", decl))

    def handle_pi(self, data: str) -> None:
        self._flush()
        self.events.append(("<?", data))

    def unknown_decl(self, data: str) -> None:
        self._flush()
        self.events.append(("<![", data))


def structure(fragment: str) -> list[tuple[str, ...]]:
    """Elements (tag, attributes but the ignored ones) and text (whitespace folded), in
    document order; ``th`` and ``td`` alike (the page makes a body's first cell a header)."""
    reader = _Events()
    reader.feed(fragment)
    reader.close()
    reader._flush()
    return reader.events


def page_parts(page: Path) -> tuple[str, str]:
    """The page's ``<h1>`` and its article body, as the build wrote them (the body is cut
    at the template's own markers, so that raw HTML of the source is kept as written)."""
    text = page.read_text("utf-8")
    heading = text.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0]
    body = text.split('<div class="article__body">\n', 1)[1].rsplit("\n  </div>", 1)[0]
    return heading, body


def test_every_commonmark_example_is_published_with_its_structure(
    examples: list[dict], built: Path,
) -> None:
    differ = {}
    for example in examples:
        number = example["example"]
        page = built / "site" / LANG / f"example-{number:03d}" / "index.html"
        if not page.is_file():
            differ[number] = "no page"
            continue
        heading, body = page_parts(page)
        want_heading, want_body = expected_body(example["markdown"])
        if structure(body) != structure(want_body):
            differ[number] = "body"
        elif want_heading and structure(heading) != structure(want_heading):
            differ[number] = "heading"
    unexplained = {number: what for number, what in differ.items()
                   if number not in NOT_EXPECTED_TO_MATCH}
    assert unexplained == {}, f"{len(unexplained)} examples differ: {unexplained}"
    share = 1 - len(differ) / len(examples)
    assert share >= 0.99, f"{share:.1%} of the examples match"


def test_the_english_page_is_markdown_it_pys_rendering(examples: list[dict], built: Path) -> None:
    """The source language's page has no marker and every block of the source."""
    for example in examples[::13]:
        page = built / "site" / "en" / f"example-{example['example']:03d}" / "index.html"
        heading, body = page_parts(page)
        assert OPEN not in body and CLOSE not in body
        article = parse_article(example["markdown"], "docs/x.md", "x")
        tokens = list(article.tokens)
        if article.title_heading is not None:
            del tokens[article.title_heading:article.title_heading + 3]
        want = markdown().renderer.render(tokens, markdown().options, dict(article.env))
        assert structure(body) == structure(want), example["example"]


def test_hard_breaks_stay_in_the_msgid_and_on_every_page(built: Path) -> None:
    project = load_project(built)
    found = [entry for name in project.catalog_names(LANG)
             for entry in read_po(project.catalog_path(LANG, name).read_bytes(), name)
             if "\\\n" in entry.msgid]
    assert found, "no hard break reached a translator"
    for entry in found[:5]:
        slug = re.sub(r"^docs/|\.md$", "", entry.occurrences[0][0])
        page = (built / "site" / LANG / slug / "index.html").read_text("utf-8")
        assert "<br />" in page
