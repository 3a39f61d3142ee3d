"""Bring your own docs: real MkDocs docs trees, in a repository that has only a two-line
``localise.toml``, through extract, init, a translation of every entry and build.

Two public trees nobody here wrote, fetched from the package registry (never committed):
Starlette's documentation (admonitions, inline HTML, images, links between pages with
anchors, no front matter) and MkDocs' own integration test tree of sub-pages (folders,
``index.md`` pages, images by relative and absolute paths). Every page must be at the
address MkDocs gives it, with one ``<h1>``, every image and internal link resolving, no
Markdown or HTML syntax shown as text, and its images inside its PDF.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from tests_support import sdist_tree

from pipeline.build import build
from pipeline.config import load_project
from pipeline.extract import write_templates
from pipeline.pofile import format_po, read_po
from pipeline.workflow import init_language

TREES = {
    "starlette": ("starlette", "1.10.0", "docs"),
    "mkdocs-subpages": ("mkdocs", "1.6.1", "mkdocs/tests/integration/subpages/docs"),
}
PDF_TREES = {"mkdocs-subpages"}  # small enough to print every page in the suite's time


def translate(text: str) -> str:
    """A stand-in translation that keeps every piece of markup (Spanish words around it)."""
    return f"ES: {text}" if not text.startswith("<") else text.replace(">", "> ES:", 1)


@pytest.fixture(scope="module", params=sorted(TREES))
def tree(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    package, version, folder = TREES[request.param]
    root = tmp_path_factory.mktemp(request.param)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    sdist_tree(package, version, folder, root / "docs")
    (root / "localise.toml").write_text('source = "docs"\nlanguages = ["es"]\n', "utf-8")
    project = load_project(root)
    write_templates(project)
    init_language(project, "es")
    for name in project.catalog_names("es"):
        path = project.catalog_path("es", name)
        catalog = read_po(path.read_bytes(), str(path))
        for entry in catalog:
            if entry.msgid:
                entry.msgstr = translate(entry.msgid)
        path.write_text(format_po(catalog), "utf-8")
    result = build(project, pdf=request.param in PDF_TREES, jobs=2)
    return request.param, root, result


def test_every_page_is_where_mkdocs_puts_it(tree) -> None:
    name, root, result = tree
    assert result.blocked == () and result.unreadable_sources == ()
    for source in sorted((root / "docs").rglob("*.md")):
        relative = source.relative_to(root / "docs").with_suffix("").as_posix()
        is_index = source.stem == "index"
        folder = relative[: -len("index")] if is_index else relative + "/"
        for lang in ("en", "es"):
            assert (root / "site" / lang / folder / "index.html").is_file(), (name, relative)
            if name in PDF_TREES:
                pdf = f"{folder}index.pdf" if is_index else f"{relative}.pdf"
                assert (root / "site" / lang / pdf).is_file(), (name, pdf)


class _Page(HTMLParser):
    HIDDEN = frozenset({"code", "pre", "script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1 = 0
        self.targets: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        self.h1 += tag == "h1"
        self._hidden += tag in self.HIDDEN
        for attribute in ("href", "src"):
            if found.get(attribute) and tag in ("a", "img", "link"):
                self.targets.append(str(found[attribute]))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def _read(page: Path) -> _Page:
    parsed = _Page()
    parsed.feed(page.read_text("utf-8"))
    return parsed


SYNTAX_AS_TEXT = re.compile(r"\]\(|\*\*\w|!\[|\[\^|^\s*!!!|<[a-z]+[\s>/]|\{#|^#{1,6} ", re.M)
PLUGIN_SYNTAX = re.compile(r'===\+? "|:::\s*\S')
"""Not Markdown (pymdownx tabs, mkdocstrings): shown as text, and warned at its line."""


def test_one_h1_every_link_and_image_resolves_and_no_syntax_is_shown(tree) -> None:
    name, root, result = tree
    site = root / "site"
    pages = {page: _read(page) for lang in ("en", "es") for page in (site / lang).rglob("index.html")}
    warned = {f.file for f in result.report.findings if f.id == "unsupported-syntax"}
    for page, parsed in pages.items():
        assert parsed.h1 == 1, page
        for target in parsed.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or (name not in PDF_TREES and target.endswith(".pdf")):
                continue  # (the handouts of a build without PDFs are not there)
            resolved = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if resolved.is_dir():
                resolved = resolved / "index.html"
            assert resolved.is_file(), (page.relative_to(site), target)
            if parts.fragment and resolved.name == "index.html" and resolved in pages:
                assert parts.fragment in pages[resolved].ids, (page.relative_to(site), target)
        text = "".join(parsed.text)
        shown = SYNTAX_AS_TEXT.search(text)
        assert shown is None, (page.relative_to(site), text[max(0, shown.start() - 60):shown.end() + 60])
        if PLUGIN_SYNTAX.search(text):
            slug = page.parent.relative_to(site / page.relative_to(site).parts[0]).as_posix()
            assert f"docs/{slug}.md" in warned, (page, "plugin syntax shown without a warning")


def test_images_are_copied_once_and_printed_inside_the_pdfs(tree) -> None:
    name, root, _result = tree
    site = root / "site"
    images = sorted((root / "docs").rglob("*.png")) + sorted((root / "docs").rglob("*.svg"))
    shown = {target for lang in ("en", "es") for page in (site / lang).rglob("index.html")
             for target in _read(page).targets if "media/" in target}
    assert shown, "no page shows an image"
    for target in shown:
        assert target.split("media/", 1)[1].startswith("docs/")
    copied = sorted((site / "media").rglob("*.*"))
    assert copied and len(copied) <= len(images)  # once for every language
    if name not in PDF_TREES:
        return
    for pdf in sorted(site.glob("*/**/*.pdf")):
        page = pdf.with_suffix("") / "index.html" if pdf.stem != "index" else \
            pdf.parent / "index.html"
        if any("media/" in target for target in _read(page).targets if target.endswith(".png")):
            listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                                     text=True, check=True).stdout.splitlines()
            assert len(listing) > 2, f"{pdf.relative_to(site)} prints no image"


def test_the_sources_own_problems_are_named_at_their_lines(tree) -> None:
    name, _root, result = tree
    found = {(f.id, f.file, f.line) for f in result.report.findings
             if f.id in ("missing-file", "unsafe-path", "broken-link", "unsupported-syntax")}
    if name == "starlette":
        assert ("unsupported-syntax", "docs/middleware.md", 790) in found
    else:
        assert not found, found
