"""``localise build``: check, assemble, render and print every language, safely.

It reads top to bottom, as mkdocs' build does: gather (what it needs to know of each
article and catalog, a few kB each: memory does not grow with the library), decide which
pages changed (by content hash), render them early (worker processes write
the HTML while this one checks the catalogs, as it will be if no language is blocked),
keep what the checks allow (a language with error findings keeps its previously
published pages; its early ones are put back), print the PDFs, then publish atomically
(the new site is built in a staging folder and exchanged with ``site/`` in one rename, so
readers never see half a site). A build writes ``site/`` only: templates are the work
of ``extract`` and ``update``.
"""

from __future__ import annotations

import array
import contextlib
import ctypes
import dataclasses
import gc
import hashlib
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .config import SITE_DOMAIN, Project, load_project
from .errors import LocaliseError
from .files import (
    content_hash,
    project_lock,
    read_bytes,
    remove_empty_folders,
    stream_hash,
    write_atomic,
)
from .languages import language_code, parse_language
from .markdown_tree import is_current as markdown_is_current

if TYPE_CHECKING:
    import polib

    from .addresses import Address
    from .article import Article, FrontMatter
    from .catalog import CountedUnits
    from .catalog import Progress as CatalogProgress
    from .findings import Report
    from .linking import Site
    from .markdown_tree import MarkdownTree
    from .parallel import Standby
    from .pofile import CatalogProblem

# The rest of the pipeline is imported inside the functions that need it: a build with no
# change (the common case in CI) then finishes before loading parsers, Babel or WeasyPrint.

MANIFEST = ".localise-manifest.json"


@dataclass(frozen=True, slots=True)
class Job:
    """One page and its PDF to render: everything a worker process needs."""

    root: str
    lang: str
    slug: str
    staging: str
    languages: tuple[str, ...]
    pdf: bool
    place: Address
    """Where the page and its PDF go (``addresses``)."""


@dataclass(frozen=True, slots=True)
class JobResult:
    lang: str
    slug: str
    title: str
    title_fallback: bool
    translated_units: int
    fallback_units: int
    seconds_html: float
    seconds_pdf: float


@dataclass(frozen=True, slots=True)
class LanguageOutcome:
    """The final table's row for one language."""

    lang: str
    units: int
    translated: int
    errors: int
    warnings: int
    pages_written: int
    pages_skipped: int
    pdfs_written: int
    pdfs_skipped: int
    blocked: bool
    note: str


@dataclass(frozen=True, slots=True)
class BuildResult:
    languages: tuple[LanguageOutcome, ...]
    report: Report
    seconds: float
    site: str
    changed: bool
    withdrawn: tuple[str, ...] = ()
    """Pages (``lang/slug``) of a language or article taken out, removed from the site."""
    notes: tuple[str, ...] = ()
    """What the publisher should know of the settings (e.g. no base-url: relative links)."""
    markdown: MarkdownTree | None = None
    """What ``--markdown`` wrote (None without it, or when nothing changed)."""

    @property
    def unreadable_sources(self) -> tuple[str, ...]:
        """Articles that could not be read (not built; their previous pages stay)."""
        return tuple(f.file for f in self.report.findings if f.id == "source-invalid")

    @property
    def blocked(self) -> tuple[str, ...]:
        return tuple(row.lang for row in self.languages if row.blocked)


ProgressLine = Callable[[str], None]


def _code_fingerprint() -> str:
    """Hash of the package's code, templates, styles and fonts: a change re-renders all."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def translations_of(catalog: polib.POFile) -> dict[str, str]:
    """Publishable translations only: reviewed (not fuzzy), not obsolete, not empty."""
    from .catalog import is_translated

    return {entry.msgid: entry.msgstr for entry in catalog if is_translated(entry)}


PREFETCH_BYTES = 1_000_000
"""Catalogs at least this large are parsed by forked workers while the build parses the
articles (a 28 MB catalog takes 2.8 s to parse and 0.4 s to receive from a worker);
smaller ones are parsed where they are used, as starting a worker would cost more.
Articles and catalogs this large are also kept once parsed (parsing one again would cost
seconds); smaller ones are parsed again where they are needed (milliseconds), so that a
library's memory does not grow with its articles."""


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What the build keeps of an article it has read, a few kB: enough to plan the pages,
    count progress, list the article in the indexes and resolve links to it. The article
    itself (its tokens, a few hundred kB) is parsed again by whatever renders or checks it."""

    path: str
    title: str
    meta: FrontMatter
    digest: str
    """Of the article's text: a page's inputs name it."""
    anchors: frozenset[str]
    targets: tuple[tuple[str, int], ...]
    """Its links' and images' targets with their lines (``linking.targets_of``)."""
    units: CountedUnits
    """Its distinct units, which progress is counted against."""
    glyphs: FirstLines
    """The characters its units print in the source language's handout."""

    @classmethod
    def of(cls, article: Article) -> ArticleFacts:
        from .assemble import anchors_of
        from .catalog import counted_units
        from .extract import build_template
        from .linking import targets_of
        from .segment import segment

        return cls(article.path, article.title, article.meta, content_hash(article.text),
                   anchors_of(article), tuple(targets_of(article)),
                   counted_units(build_template(article, notes=False)),
                   FirstLines.of((unit.line, unit.msgid) for unit in segment(article)))


@dataclass(frozen=True, slots=True)
class FirstLines:
    """Each distinct character of some texts, with the line of the first text that has it
    (the fonts' check names it): a few hundred bytes for an article's or catalog's text."""

    characters: str
    lines: array.array

    @classmethod
    def of(cls, texts: Iterable[tuple[int, str]]) -> FirstLines:
        first: dict[str, int] = {}
        for line, text in texts:
            for character in dict.fromkeys(text):  # (in the text's order: a set's would
                first.setdefault(character, line)  # change from run to run, and the manifest)
        return cls("".join(first), array.array("L", first.values()))

    def items(self) -> Iterator[tuple[str, int]]:
        return zip(self.characters, self.lines, strict=True)


@dataclass(frozen=True, slots=True)
class CatalogFacts:
    """What the build keeps of an article's catalog in a language once it has read it."""

    progress: CatalogProgress
    section: str
    """The translation of the article's front-matter ``section`` ("" when none)."""
    digits: dict[str, int]
    """How often its publishable translations write each digit (which digits the index
    uses)."""
    glyphs: FirstLines
    """The characters its page's translations print, and where."""

    def as_dict(self) -> dict[str, object]:
        return {"progress": list(dataclasses.astuple(self.progress)), "section": self.section,
                "digits": self.digits, "characters": self.glyphs.characters,
                "lines": list(self.glyphs.lines)}

    @classmethod
    def from_dict(cls, data: Mapping) -> CatalogFacts:
        from .catalog import Progress

        counts = [int(count) for count in data["progress"]]
        glyphs = FirstLines(str(data["characters"]), array.array("L", data["lines"]))
        if len(glyphs.characters) != len(glyphs.lines):
            raise ValueError("characters and lines differ in length")
        return cls(Progress(*counts), str(data["section"]),
                   {str(digit): int(count) for digit, count in data["digits"].items()}, glyphs)


class _OnDemand(Mapping[str, "Article"]):
    """The gathered articles as a mapping (what the checks take), each parsed when asked."""

    def __init__(self, gathered: Gathered) -> None:
        self._gathered = gathered

    def __getitem__(self, slug: str) -> Article:
        if slug not in self._gathered.facts:
            raise KeyError(slug)
        return self._gathered.article(slug)

    def __iter__(self) -> Iterator[str]:
        return iter(self._gathered.facts)

    def __len__(self) -> int:
        return len(self._gathered.facts)


@dataclass
class Gathered:
    """What a build knows of its inputs: each readable article's facts, each catalog's
    facts once counted, and the few articles and catalogs large enough to keep parsed.
    Everything else is parsed where it is used and let go, so that a library of thousands
    of pages needs no more memory than one of a few (beyond its indexes' few kB a page).
    Worker processes forked from the build inherit it."""

    project: Project
    facts: dict[str, ArticleFacts]
    kept: dict[str, Article] = field(default_factory=dict)
    """Articles of PREFETCH_BYTES or more, kept parsed."""
    catalogs: dict[tuple[str, str], polib.POFile] = field(default_factory=dict)
    """Catalogs of PREFETCH_BYTES or more, kept parsed (the site's too, once read)."""
    counted: dict[tuple[str, str], CatalogFacts] = field(default_factory=dict)
    remembered: Mapping[str, object] = field(default_factory=dict)
    """The last build's counts, by ``lang/slug`` (its manifest's ``counts``): a catalog
    whose bytes, article and code are the same is not parsed again to be counted."""
    code: str = ""
    """The code's fingerprint (``_code_fingerprint``), part of each count's key."""
    keys: dict[tuple[str, str], str] = field(default_factory=dict)
    """Each count's key: the digest of what it was counted from."""
    ahead: CatalogsAhead | None = None
    """The build's catalog reader (large catalogs parsed by forked workers); used by the
    build's own process only, never by a worker forked from it."""
    errors: tuple[LocaliseError, ...] = ()
    """Articles that could not be read (each error names its file and line)."""
    places: dict[str, Address] = field(default_factory=dict)
    """Every article's address, the unreadable ones' too (links to them still resolve)."""
    withheld: set[tuple[str, str]] = field(default_factory=set)
    """(lang, slug) of pages not published (below ``min-translated``): links to them go
    to the English page."""
    _site: Site | None = None
    _last: Article | None = None
    _owner: int = field(default_factory=os.getpid)

    @property
    def site(self) -> Site:
        """Links between the articles and to files, resolved (``linking``)."""
        if self._site is None:
            from .linking import Site

            facts = self.facts
            self._site = Site.of(
                self.project.root, self.project.source_dir, self.places,
                lambda slug: facts[slug].anchors if slug in facts else frozenset())
        return self._site

    @property
    def articles(self) -> Mapping[str, Article]:
        """The readable articles by name, each parsed when asked for (iterate the slugs in
        ``facts`` where the facts will do)."""
        return _OnDemand(self)

    @classmethod
    def read(cls, project: Project, slugs: Sequence[str] | None = None) -> Gathered:
        from .addresses import addresses_of
        from .article import each_source

        facts: dict[str, ArticleFacts] = {}
        kept: dict[str, Article] = {}
        errors = []
        for slug, read in each_source(project, slugs):
            if isinstance(read, LocaliseError):
                errors.append(read)
                continue
            facts[slug] = ArticleFacts.of(read)
            if len(read.text) >= PREFETCH_BYTES or slugs:  # (a worker's own one article)
                kept[slug] = read
        places = addresses_of([project.slug_of(path) for path in project.source_paths()])
        return cls(project, facts, kept, errors=tuple(errors), places=places)

    def article(self, slug: str) -> Article:
        """A readable article, parsed again unless kept (the last one asked for is kept
        until the next: callers often ask for one article several times in a row)."""
        from .article import read_article

        if slug in self.kept:
            return self.kept[slug]
        if self._last is None or self._last.slug != slug:
            path = self.project.source_path(slug)
            self._last = read_article(path, self.project.display(path), slug)
        return self._last

    def catalog(self, lang: str, name: str) -> polib.POFile:
        """A language's catalog, parsed now unless kept; a missing or unreadable one is
        empty (the checks have blocked an unreadable one, whose previous pages stay)."""
        import polib

        from .pofile import read_po

        if (lang, name) in self.catalogs:
            return self.catalogs[(lang, name)]
        path = self.project.catalog_path(lang, name)
        display = self.project.display(path)
        try:
            if not path.exists():
                return polib.POFile()
            data = read_bytes(path, display)
            if self.ahead is not None and self._owner == os.getpid() and (
                    len(data) >= PREFETCH_BYTES):
                catalog = self.ahead.read(data, display)[0]  # the checks read it there too
            else:
                catalog = read_po(data, display)
        except LocaliseError:
            return polib.POFile()
        if len(data) >= PREFETCH_BYTES or name == SITE_DOMAIN:
            self.catalogs[(lang, name)] = catalog
        return catalog

    def counts(self, lang: str, slug: str) -> CatalogFacts:
        """An article's catalog in a language, counted once (the build's table, the plan,
        the indexes and the fonts' check all ask)."""
        from .catalog import is_translated, progress_against, unit_digest

        if (lang, slug) not in self.counted:
            facts = self.facts[slug]
            key = self._count_key(lang, slug)
            remembered = self.remembered.get(f"{lang}/{slug}")
            if key and isinstance(remembered, dict) and remembered.get("key") == key:
                with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
                    self.counted[(lang, slug)] = CatalogFacts.from_dict(remembered)
                    self.keys[(lang, slug)] = key
                    return self.counted[(lang, slug)]
            catalog = self.catalog(lang, slug)
            wanted = set(facts.units.digests)
            translations = translations_of(catalog)
            self.counted[(lang, slug)] = CatalogFacts(
                progress_against(catalog, facts.units),
                translations.get(facts.meta.section, "") if facts.meta.section else "",
                dict(Counter(character for text in translations.values() for character in text
                             if character.isdigit())),
                FirstLines.of((entry.linenum or 1, entry.msgstr) for entry in catalog
                              if is_translated(entry) and unit_digest((None, entry.msgid)) in wanted))
            self.keys[(lang, slug)] = key
        return self.counted[(lang, slug)]

    def _count_key(self, lang: str, slug: str) -> str:
        """What a catalog's counts depend on: its bytes, its article's text and the code
        ("" for a catalog that cannot be read: counted again every time)."""
        path = self.project.catalog_path(lang, slug)
        try:
            data = read_bytes(path, self.project.display(path)) if path.exists() else b""
        except LocaliseError:
            return ""
        return content_hash(self.code, self.facts[slug].digest, data) if self.code else ""

    def remember(self) -> dict[str, dict[str, object]]:
        """The counts for the manifest (see ``remembered``)."""
        return {f"{lang}/{slug}": {"key": self.keys[(lang, slug)], **counted.as_dict()}
                for (lang, slug), counted in sorted(self.counted.items())
                if self.keys.get((lang, slug))}

    def progress(self, lang: str, slug: str) -> CatalogProgress:
        """An article's progress in a language (see ``counts``)."""
        return self.counts(lang, slug).progress


class CatalogsAhead:
    """The languages' large catalogs, parsed ahead by forked workers while the build
    parses its articles on its own core; ``read`` answers as ``read_and_check_po`` does."""

    def __init__(self, project: Project, languages: Sequence[str], workers: int | None) -> None:
        from .parallel import Prefetch
        from .pofile import read_and_check_po

        arguments: dict[str, tuple[bytes, str]] = {}
        for lang in languages if workers != 1 else ():  # --jobs 1: all in this process
            for name in project.catalog_names(lang):
                path = project.catalog_path(lang, name)
                try:
                    if path.is_file() and path.stat().st_size >= PREFETCH_BYTES:
                        display = project.display(path)
                        arguments[display] = (path.read_bytes(), display)
                except OSError:
                    continue  # read (and reported) where it is used
        self._prefetch = Prefetch(read_and_check_po, arguments, workers)
        self._read: dict[str, tuple[bytes, tuple[polib.POFile, tuple[CatalogProblem, ...]]]] = {}
        """Per large catalog: a digest of the bytes read (not the bytes: they would stay in
        memory twice), and what they gave."""

    def read(self, data: bytes, display: str) -> tuple[polib.POFile, tuple[CatalogProblem, ...]]:
        """The parsed catalog and its problems: from a worker if it parsed these same bytes;
        a large one is kept (the pages and the checks both ask for it), a small one parsed
        again when asked again (a library's catalogs would otherwise all stay in memory)."""
        from .pofile import read_and_check_po

        digest = hashlib.blake2b(data, digest_size=16).digest()
        if display in self._read and self._read[display][0] == digest:
            return self._read[display][1]
        if display in self._prefetch and self._prefetch.arguments[display][0] == data:
            result = self._prefetch.result(display)
        else:
            result = read_and_check_po(data, display)
        if len(data) >= PREFETCH_BYTES:
            self._read[display] = (digest, result)
        return result

    def close(self) -> None:
        self._prefetch.close()


_GATHERED: Gathered | None = None
"""The build's gathered inputs, set before forking workers so they need not read again."""


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the build reads: a large article or catalog
    makes millions of objects that live to the end, and each full collection would walk
    all of them again (a tenth of a 10 MB build); what a small one makes is freed by its
    reference counts as soon as its facts are taken. What lives on is then frozen
    (``gc.freeze``), out of every later collection's way. Workers forked meanwhile inherit the pause and end it as they
    start (``parallel._start_worker``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _shared_with_workers(gathered: Gathered) -> Iterator[None]:
    """While inside, workers forked from this process read ``gathered`` (their copy)."""
    global _GATHERED
    _GATHERED = gathered
    try:
        yield
    finally:
        _GATHERED = None


def render_job(job: Job) -> JobResult:
    """Worker: assemble and render one article in one language into the staging site."""
    from .assemble import assemble
    from .linking import rewrite_links
    from .render import digits_system, render_article_page
    from .segment import segment
    from .site import article_languages, page_url

    gathered = _GATHERED
    if gathered is None or str(gathered.project.root) != job.root:
        gathered = Gathered.read(load_project(Path(job.root)), [job.slug])
    project = gathered.project
    article = gathered.article(job.slug)
    source_lang = project.source_language
    strings: dict[str, str] = {}
    if job.lang == source_lang:
        translations = {unit.msgid: unit.msgid for unit in segment(article)}
    else:
        translations = translations_of(gathered.catalog(job.lang, job.slug))
        strings = translations_of(gathered.catalog(job.lang, SITE_DOMAIN))
    started = time.perf_counter()
    locale = parse_language(job.lang)
    assembled = assemble(
        article,
        translations,
        rtl=locale.text_direction == "rtl",
        url_map=project.url_map.get(job.lang, {}),
        source_lang=source_lang,
    )
    assembled = dataclasses.replace(assembled, tokens=rewrite_links(
        assembled.tokens, article, job.lang, gathered.site,
        lambda slug, lang: (lang, slug) not in gathered.withheld, source_lang))
    system = digits_system(job.lang, list(translations.values()) if job.lang != source_lang else [])
    html = render_article_page(
        article=article,
        assembled=assembled,
        lang=job.lang,
        site_strings=strings,
        languages=article_languages(project.base_url, job.place, job.languages, job.lang),
        organisation=project.organisation,
        canonical=page_url(project.base_url, job.lang, job.place),
        source_lang=source_lang,
        system=system,
        place=job.place,
    )
    write_atomic(_page_path(job), html)
    return JobResult(
        job.lang, job.slug, assembled.title, assembled.title_fallback,
        assembled.translated_units, assembled.fallback_units,
        time.perf_counter() - started, 0.0,
    )


def print_job(job: Job, rendered: JobResult, base_url: str) -> JobResult:
    """Worker: the page's PDF, printed from its HTML in the staging site (it needs
    nothing else the build read)."""
    from .pdf import html_to_pdf

    started = time.perf_counter()
    html = _page_path(job).read_text("utf-8")
    pdf_path = job.place.pdf_path(job.lang)
    pdf_bytes = html_to_pdf(html, job.place.url(job.lang), pdf_path, base_url, Path(job.staging))
    write_atomic(Path(job.staging) / pdf_path, pdf_bytes)
    return dataclasses.replace(rendered, seconds_pdf=time.perf_counter() - started)


def _page_path(job: Job) -> Path:
    return Path(job.staging) / job.place.page(job.lang)


class EarlyPages:
    """The HTML pages rendered by forked workers while the build checks the catalogs,
    as they will be if no language is blocked (the usual case): the source language's
    first, as soon as the articles are parsed, then the others once their catalogs are.

    A page the final plan does not want as rendered (its language was blocked, or a
    blocked language changed the language switchers) is put back as published."""

    def __init__(self, gathered: Gathered, jobs: Sequence[Job], workers: int | None) -> None:
        from .parallel import Prefetch

        self._gathered = gathered
        self._started: list[Prefetch[Job, JobResult]] = []
        if workers == 1:  # --jobs 1: every page is rendered after the checks, here
            return
        source_lang = gathered.project.source_language
        for group in ([job for job in jobs if job.lang == source_lang],
                      [job for job in jobs if job.lang != source_lang]):
            if group:
                self._started.append(Prefetch(render_job, {job: (job,) for job in group},
                                              workers))

    def collect(self, wanted: Sequence[Job]) -> dict[Job, JobResult]:
        """The rendered pages that ``wanted`` asks for exactly; every other early page is
        waited for and then put back as it was published."""
        kept: dict[Job, JobResult] = {}
        asked = set(wanted)  # (thousands of pages: membership in a list would be quadratic)
        for started in self._started:
            for job in list(started.arguments):
                if job not in started:
                    continue
                try:
                    result = started.result(job)
                except Exception:  # (a translation the checks block can break its page)
                    result = None  # wanted, it is rendered again and fails as with --jobs 1
                if result is not None and job in asked:
                    kept[job] = result
                else:
                    _put_back(job, self._gathered.project.site_dir)
        return kept

    def close(self) -> None:
        for started in self._started:
            started.close()


def _put_back(job: Job, site: Path) -> None:
    """The published page of ``job`` back into the staging site (or none, if none was)."""
    staged, published = _page_path(job), site / job.place.page(job.lang)
    staged.unlink(missing_ok=True)
    if published.exists():
        _link_or_copy(str(published), str(staged))
        return
    remove_empty_folders(staged.parent, Path(job.staging))


def _copy_static(staging: Path, languages: Sequence[str]) -> None:
    """The stylesheets and fonts every page links to (``assets/``), the stylesheets with
    the rules of the languages' scripts (fonts.py)."""
    from .fonts import stylesheet
    from .render import STATIC

    assets = staging / "assets"
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name in ("style.css", "print.css"):
                data += stylesheet(languages, print_css=path.name == "print.css").encode()
            write_atomic(assets / path.relative_to(STATIC), data)


def _media_files(gathered: Gathered, languages: Sequence[str]) -> tuple[str, ...]:
    """Every file the pages show or link to (repository paths), language variants too."""
    from .linking import files_linked

    return files_linked({slug: facts.targets for slug, facts in gathered.facts.items()},
                        gathered.site, languages)


def _copy_media(staging: Path, project: Project, files: Sequence[str]) -> None:
    """The images and files of the pages, into ``media/`` once for every language (copies,
    not links: an image edited in place must not change the published site before the next
    build); what no page uses any more is removed."""
    from .linking import MEDIA

    media = staging / MEDIA
    wanted = set(files)
    for file in files:
        write_atomic(media / file, read_bytes(project.root / file, file))
    if media.is_dir():
        for path in sorted(media.rglob("*"), reverse=True):
            if path.is_file() and path.relative_to(media).as_posix() not in wanted:
                path.unlink()
            elif path.is_dir():
                with contextlib.suppress(OSError):
                    path.rmdir()


def _linked_pages(gathered: Gathered, slug: str) -> list[str]:
    """The articles an article links to (sorted)."""
    from .linking import Kind

    site = gathered.site
    return sorted({target.slug for href, _line in gathered.facts[slug].targets
                   if (target := site.resolve(href, slug)).kind is Kind.PAGE})


def _page_files(gathered: Gathered, slug: str, lang: str) -> list[str]:
    """Size and time of the files one page shows (its PDF prints them), its variants too."""
    from .linking import files_linked

    project = gathered.project
    found = []
    for file in files_linked({slug: gathered.facts[slug].targets}, gathered.site, (lang,)):
        with contextlib.suppress(OSError):
            stat = (project.root / file).stat()
            found.append(f"{file}:{stat.st_size}:{stat.st_mtime_ns}")
    return found


def _file_signature(project: Project, folder: Path) -> list[str]:
    """Name, size and time of every file but the articles under ``folder`` (images and
    files a page may use): a changed image makes the build look again."""
    found = []
    outputs = (project.site_dir, *project.excluded)
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.suffix != ".md" and path.is_file() and not any(
                path.is_relative_to(output) for output in outputs):
            stat = path.stat()
            found.append(f"{path.relative_to(folder).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return found


@dataclass
class _Plan:
    languages: tuple[str, ...]
    """The languages the switchers list (see ``_published_languages``)."""
    settings: str
    """What every page depends on besides its own inputs (those languages, ...)."""
    jobs: list[Job] = field(default_factory=list)
    skipped: dict[tuple[str, str], str] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    withheld: set[tuple[str, str]] = field(default_factory=set)
    """(lang, slug) of pages below ``min-translated``: not published, offered nowhere."""
    offered: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per article, the languages its page is published in (its switcher, its hreflang)."""


def _published_languages(project: Project, wanted: Sequence[str], blocked: set[str]) -> tuple[str, ...]:
    """The languages the switcher and alternates list: those a reader can find pages in,
    built now or published before (a blocked or unbuilt language keeps its old pages)."""
    source_lang = project.source_language
    return (source_lang, *[
        lang for lang in project.languages
        if lang != source_lang and (
            (lang in wanted and lang not in blocked)
            or (project.site_dir / lang / "index.html").is_file()  # not a folder left behind
        )
    ])


def _plan(
    gathered: Gathered, wanted: Sequence[str], blocked: set[str], old_manifest: Mapping,
    code: str, pdf: bool, force: bool, staging: Path,
) -> _Plan:
    """Which pages changed since the last build (content hashes, not mtimes)."""
    project = gathered.project
    source_lang = project.source_language
    published_langs = _published_languages(project, wanted, blocked)
    settings = json.dumps([project.organisation, project.base_url, source_lang,
                           os.environ.get("SOURCE_DATE_EPOCH", ""),
                           {k: dict(v) for k, v in project.url_map.items()},
                           list(published_langs)], sort_keys=True)
    plan = _Plan(published_langs, settings)
    for slug in gathered.facts:
        for lang in published_langs[1:]:
            if lang in wanted and lang not in blocked:
                percent = gathered.progress(lang, slug).percent
                if percent < project.min_translated:
                    plan.withheld.add((lang, slug))
                    plan.skipped[(lang, slug)] = "below min-translated"
            elif not (project.site_dir / gathered.places[slug].page(lang)).is_file():
                plan.withheld.add((lang, slug))  # (not built now, and not published before)
        plan.offered[slug] = tuple(lang for lang in published_langs
                                   if (lang, slug) not in plan.withheld)
    for lang in (source_lang, *wanted):
        for slug, facts in gathered.facts.items():
            key = f"{lang}/{slug}"
            if (lang, slug) in plan.withheld:
                continue
            if lang in blocked:
                plan.skipped[(lang, slug)] = "blocked by errors"
                if key in old_manifest.get("pages", {}):
                    plan.hashes[key] = old_manifest["pages"][key]
                continue
            page_inputs: list[bytes | str] = [
                code, settings, facts.digest, str(pdf), ",".join(plan.offered[slug]),
                *_page_files(gathered, slug, lang),
                # a page linked to is in this language or in English: the link says which
                *(f"{target}:{(lang, target) in plan.withheld}"
                  for target in _linked_pages(gathered, slug))]
            if lang != source_lang:
                for name in (slug, SITE_DOMAIN):
                    path = project.catalog_path(lang, name)
                    try:
                        page_inputs.append(read_bytes(path, project.display(path))
                                           if path.exists() else b"")
                    except LocaliseError as error:  # a folder: the checks block its language
                        page_inputs.append(error.message)
            digest = content_hash(*page_inputs)
            plan.hashes[key] = digest
            place = gathered.places[slug]
            outputs_exist = (project.site_dir / place.page(lang)).exists() and (
                not pdf or (project.site_dir / place.pdf_path(lang)).exists()
            )
            if not force and old_manifest.get("pages", {}).get(key) == digest and outputs_exist:
                plan.skipped[(lang, slug)] = "unchanged"
            else:
                plan.jobs.append(Job(str(project.root), lang, slug, str(staging),
                                     plan.offered[slug], pdf, place))
    # The source language's pages first (rendered while the catalogs are read), then
    # article by article: a worker rendering an article's pages one after another parses
    # it once.
    order = {slug: index for index, slug in enumerate(gathered.facts)}
    plan.jobs.sort(key=lambda job: (job.lang != source_lang, order[job.slug]))
    return plan


def build(
    project: Project,
    *,
    languages: Sequence[str] = (),
    jobs: int | None = None,
    force: bool = False,
    pdf: bool = True,
    markdown: bool | None = None,
    wait: float = 60.0,
    progress_line: ProgressLine = lambda line: None,
    gate: bool = True,
) -> BuildResult:
    """Build the site (and, with ``markdown`` or the setting, the translated Markdown);
    a language with error findings keeps its previous pages, unless ``gate`` is False: a
    preview's build (into a folder of its own, never the published site), where
    translators see their pages whatever the checks find, and which writes no Markdown
    (a published output, gated as the site is)."""
    started = time.perf_counter()
    markdown = (project.markdown if markdown is None else markdown) and gate
    with project_lock(project.root, wait, "building", progress_line):
        return _build_locked(project, languages, jobs, force, pdf, progress_line, started,
                             gate, markdown)


def _build_locked(
    project: Project,
    languages: Sequence[str],
    jobs: int | None,
    force: bool,
    pdf: bool,
    progress_line: ProgressLine,
    started: float,
    gate: bool = True,
    markdown: bool = False,
) -> BuildResult:
    source_lang = project.source_language
    wanted = tuple(language_code(code) for code in languages) or project.languages
    unknown = [code for code in wanted if code not in project.languages]
    if unknown:
        raise LocaliseError(
            f"{', '.join(unknown)} is not a published language of this project",
            project.display(project.settings_file),
            hint="add it to languages there, or pick from: " + ", ".join(project.languages),
        )
    source_paths = project.source_paths()
    if not source_paths:
        raise LocaliseError("no articles to build", project.display(project.source_dir),
                            hint="add Markdown articles (<slug>.md) to the source folder")
    _remove_leftovers(project.site_dir)

    # 0. Nothing changed at all (same bytes in, same code)? Then there is nothing to do.
    old_manifest = _read_manifest(project.site_dir)
    code = _code_fingerprint()
    inputs = _inputs_fingerprint(project, source_paths, wanted, pdf, code)
    if not force and old_manifest.get("inputs") == inputs and (project.site_dir / "index.html").exists() \
            and not _fonts_were_missing(old_manifest) \
            and (not markdown or markdown_is_current(project, inputs)):  # (fonts: installed since?)
        return _unchanged_result(project, old_manifest, started)

    # 1. Gather: each article's facts, then each catalog's as the plan asks for them
    #    (large catalogs parsed by forked workers meanwhile, and kept).
    from .checks.run import check_project
    from .findings import SOURCE_IDS, Severity

    with contextlib.ExitStack() as stack:
        printers = stack.enter_context(contextlib.closing(_printers(pdf, jobs)))
        ahead = stack.enter_context(contextlib.closing(CatalogsAhead(project, wanted, jobs)))
        stack.callback(gc.unfreeze)  # at the end: what the build froze can be collected again
        with _collector_paused():  # reading: see there
            gathered = Gathered.read(project)
            gathered.ahead = ahead
            counts = old_manifest.get("counts")
            gathered.code, gathered.remembered = code, counts if isinstance(counts, dict) else {}
            articles = gathered.articles  # (parsed again when asked for, one at a time)
            # The new site is made in a staging copy of the current one, published at the end.
            staging = _staging_copy(project.site_dir)
            stack.callback(shutil.rmtree, staging, True)
            _copy_static(staging, (source_lang, *project.languages))  # before rendering
            _copy_media(staging, project, _media_files(gathered, (source_lang, *wanted)))
            stack.enter_context(_shared_with_workers(gathered))

            # 2. Render early, while the checks run: the pages as they will be if no
            #    language is blocked.
            hoped = _plan(gathered, wanted, set(), old_manifest, code, pdf, force, staging)
            gathered.withheld = hoped.withheld  # before workers fork: links see it
            early = stack.enter_context(contextlib.closing(EarlyPages(gathered, hoped.jobs, jobs)))

            outcomes_base = {lang: _catalog_counts(gathered, lang) for lang in (source_lang, *wanted)}

        # 3. Check every catalog (a large one is not parsed again: ``ahead`` keeps it).
        checks_cache = dict(old_manifest.get("checks", {}))
        report = check_project(project, tuple(wanted), articles, checks_cache, code, jobs,
                               progress_line, reader=ahead.read,
                               source_errors=gathered.errors, site=gathered.site)
        if pdf:  # and that some font has a glyph for each character the new PDFs print
            from .fonts import coverage_findings

            printing = tuple(dict.fromkeys(job.lang for job in hoped.jobs))
            report = dataclasses.replace(report, findings=report.findings + coverage_findings(
                gathered, printing))
        errors_by_lang: dict[str, int] = {}
        warnings_by_lang: dict[str, int] = {}
        for finding in report.findings:
            lang = Path(finding.file).parts[1] if finding.file.startswith("locales/") else ""
            if finding.waived:
                continue
            bucket = errors_by_lang if finding.severity is Severity.ERROR else warnings_by_lang
            bucket[lang] = bucket.get(lang, 0) + 1
        blocked = {lang for lang in wanted if gate and (
            errors_by_lang.get(lang) or _unreadable(report, lang))}

        # 4. Decide: the pages to publish now; render the ones not rendered early, and print.
        plan = _plan(gathered, wanted, blocked, old_manifest, code, pdf, force, staging) if (
            blocked) else hoped
        gathered.withheld = plan.withheld
        index_hash = content_hash(code, plan.settings, json.dumps(sorted(plan.hashes.items())))
        results = _finish_jobs(plan.jobs, early.collect(plan.jobs), jobs, progress_line, gathered,
                               printers)
        old_pages: Mapping[str, str] = old_manifest.get("pages", {})
        current = {f"{lang}/{slug}" for lang in (source_lang, *project.languages)
                   for slug in gathered.places}  # an unreadable article keeps its pages
        files = {f"{lang}/{slug}": [place.page(lang), place.pdf_path(lang)]
                 for lang in (source_lang, *project.languages)
                 for slug, place in gathered.places.items()}
        for lang, slug in plan.withheld:  # a page below min-translated is withdrawn
            files.pop(f"{lang}/{slug}", None)
            current.discard(f"{lang}/{slug}")
        has_home = any(place.is_home for place in gathered.places.values())
        current_files = {file for pair in files.values() for file in pair} | ({
            f"{lang}/index.html" for lang in (source_lang, *project.languages)}
            if not has_home else set())  # (a generated index, where no index.md is)
        withdrawn = _withdraw(staging, old_manifest, current_files)
        for key in withdrawn:
            progress_line(f"withdrawn {key} (no longer in the settings or the sources, or "
                          "below min-translated)")
        # pages published before and not built now (--lang) stay, and so do their hashes
        pages = {**{key: old_pages[key] for key in old_pages if key in current}, **plan.hashes}
        titles = _titles(old_manifest, results, current)
        _write_indexes(gathered, staging, plan.languages, titles)
        kept = {lang: sum((staging / lang / slug / "index.html").is_file() for slug in articles)
                for lang in blocked}  # a first build that blocks a language has none to keep
        rows = _outcomes(wanted, source_lang, articles, plan, results, errors_by_lang,
                         warnings_by_lang, kept, outcomes_base, pdf)
        write_atomic(staging / MANIFEST, json.dumps(
            {"version": __version__, "inputs": inputs, "pages": dict(sorted(pages.items())),
             "files": {key: files[key] for key in sorted(pages)},
             "index": index_hash, "titles": titles,
             "rows": [_row_dict(row) for row in rows],
             "checks": {path: value for path, value in sorted(checks_cache.items())
                        if path in report.files},
             "counts": gathered.remember(),
             "blocking": [f.as_dict() for f in report.findings
                          if (f.severity is Severity.ERROR or f.id in SOURCE_IDS)
                          and not f.waived]},
            indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        # 5. Publish: exchange the staging folder with site/ in one step; then the pages'
        #    translated Markdown, gated as they are (``markdown_tree``).
        _swap(staging, project.site_dir)
        tree = None
        if markdown:
            from .markdown_tree import write_tree

            tree = write_tree(gathered, (source_lang, *wanted), blocked, plan.withheld, inputs, code)
        return BuildResult(rows, report, time.perf_counter() - started,
                           project.display(project.site_dir), True, withdrawn,
                           _settings_notes(project), tree)


def _inputs_fingerprint(
    project: Project, sources: Sequence[Path], wanted: Sequence[str], pdf: bool, code: str
) -> str:
    """One hash over every byte a build reads: settings, sources, catalogs, glossaries, code."""
    return stream_hash(_inputs(project, sources, wanted, pdf, code))


def _inputs(
    project: Project, sources: Sequence[Path], wanted: Sequence[str], pdf: bool, code: str
) -> Iterator[bytes | str]:
    """What ``_inputs_fingerprint`` hashes, each file read when its turn comes."""
    yield from (code, str(pdf), ",".join(wanted), os.environ.get("SOURCE_DATE_EPOCH", ""),
                project.settings_file.read_bytes())
    for path in sources:
        yield project.slug_of(path)
        try:
            yield read_bytes(path, project.display(path))
        except LocaliseError as error:  # reported with the others' findings; the rest builds
            yield str(error).encode()
    yield from _file_signature(project, project.source_dir)
    for lang in wanted:
        folder = project.locales_dir / lang
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file() and path.suffix in (".po", ".csv"):
                yield path.relative_to(folder).as_posix()
                yield path.read_bytes()


def _row_dict(row: LanguageOutcome) -> dict[str, object]:
    return dataclasses.asdict(row)


def _unchanged_result(project: Project, manifest: Mapping, started: float) -> BuildResult:
    """The previous build's table, every page kept: no input byte changed since."""
    from .findings import Finding, Report

    rows = []
    for data in manifest.get("rows", []):
        row = LanguageOutcome(**data)
        pages = row.pages_written + row.pages_skipped
        pdfs = row.pdfs_written + row.pdfs_skipped
        note = row.note if row.blocked else "unchanged"
        rows.append(LanguageOutcome(row.lang, row.units, row.translated, row.errors, row.warnings,
                                    0, pages, 0, pdfs, row.blocked, note))
    findings = tuple(Finding.from_dict(item) for item in manifest.get("blocking", []))
    return BuildResult(tuple(rows), Report(findings, ()), time.perf_counter() - started,
                       project.display(project.site_dir), False, notes=_settings_notes(project))


def _settings_notes(project: Project) -> tuple[str, ...]:
    """One line for each default that changes what is published."""
    if project.base_url:
        return ()
    return (f"no base-url in {project.settings_file.name}: pages link to each other with "
            "relative addresses; no canonical links and no sitemap.xml (set base-url to add "
            "them)",)


def _fonts_were_missing(manifest: Mapping) -> bool:
    from .fonts import FINDING_ID

    return any(finding.get("id") == FINDING_ID for finding in manifest.get("blocking", []))


def _unreadable(report: Report, lang: str) -> bool:
    return any(path.startswith(f"locales/{lang}/") for path in report.unreadable)


def _catalog_counts(gathered: Gathered, lang: str) -> tuple[int, int]:
    """Units of all articles, and how many of them the language has translated."""
    units = translated = 0
    for slug, facts in gathered.facts.items():
        count = len(facts.units)
        units += count
        if lang == gathered.project.source_language:
            translated += count
        else:
            translated += gathered.progress(lang, slug).translated
    return units, translated


def _printers(pdf: bool, workers: int | None) -> Standby[JobResult]:
    """The PDF printers, forked before the build reads anything (none for --jobs 1)."""
    from .parallel import Standby, worker_count

    count = worker_count(workers, os.cpu_count() or 1) if pdf else 1
    return Standby(count if count > 1 else 0)


def _finish_jobs(
    jobs: list[Job], rendered: Mapping[Job, JobResult], workers: int | None,
    progress_line: ProgressLine, gathered: Gathered, printers: Standby[JobResult],
) -> list[JobResult]:
    """Every job's page (unless ``rendered`` early), in forked workers when there are
    several, then its PDF, by the ``printers`` when there are several."""
    from .parallel import forked_pool, worker_count

    total = len(jobs)
    slug_width = max((len(job.slug) for job in jobs), default=0)  # the timings in one column
    done: dict[Job, JobResult] = {job: rendered[job] for job in jobs if job in rendered}
    results: list[JobResult] = []

    def finished(result: JobResult) -> None:
        results.append(result)
        progress_line(_job_line(len(results), total, result, slug_width))

    for job in jobs:
        if job in done and not job.pdf:
            finished(done[job])
    unrendered = [job for job in jobs if job not in done]
    def page(job: Job, result: JobResult) -> None:
        done[job] = result
        if not job.pdf:
            finished(result)

    count = worker_count(workers, len(unrendered))
    if count == 1:
        for job in unrendered:
            page(job, render_job(job))
    else:
        with forked_pool(count) as pool:
            for job, result in zip(unrendered, pool.map(render_job, unrendered), strict=True):
                page(job, result)
    printing = [(job, done[job], gathered.project.base_url) for job in jobs if job.pdf]
    if len(printers):
        for _index, result in printers.run(print_job, printing):
            finished(result)
    else:
        for task in printing:
            finished(print_job(*task))
    return sorted(results, key=lambda result: (result.lang, result.slug))


GENERATOR = b'<meta name="generator" content="localise">'
"""Every page the build writes says so (templates/base.html): a page is known as the
build's even when the manifest is lost or was written by an older version."""

_LANGUAGE_FOLDER = re.compile(r"[A-Za-z]{2,3}(?:[_@-][A-Za-z0-9]+)*")
"""A language's folder in the site (``tr``, ``pt_BR``, ``sr@latin``)."""


def _site_file(path: str) -> bool:
    """A path the manifest may name: in a language's folder of the site, never above it
    (a manifest key such as ``../x`` is not followed)."""
    parts = path.split("/")
    return (len(parts) >= 2 and _LANGUAGE_FOLDER.fullmatch(parts[0]) is not None
            and all(part not in ("", ".", "..") and "\\" not in part and "\0" not in part
                    for part in parts))


def _published_pages(site: Path) -> dict[str, set[str]]:
    """Every page in ``site`` that a build wrote (it carries the generator mark), with the
    PDFs that may be its own: label (``lang/path``) -> files from the site's root."""
    found: dict[str, set[str]] = {}
    for folder in site.iterdir() if site.is_dir() else ():
        if not folder.is_dir() or not _LANGUAGE_FOLDER.fullmatch(folder.name):
            continue
        for page in folder.rglob("index.html"):
            with contextlib.suppress(OSError), page.open("rb") as opened:
                if GENERATOR not in opened.read(2048):
                    continue
                place = page.parent.relative_to(site).as_posix()  # tr/a/b
                found[place] = {f"{place}/index.html", f"{place}/index.pdf", f"{place}.pdf"}
    return found


def _withdraw(staging: Path, old_manifest: Mapping, current_files: set[str]) -> tuple[str, ...]:
    """Remove from the new site the pages (HTML and PDF) that an earlier build published
    for a language or article since taken out, and say which (``lang/slug``): unlinked,
    they would stay online at their old addresses, and a withdrawn medical text must not.
    Only what the build made goes (pages it marked, or its manifest lists); a publisher's
    own files stay."""
    from .addresses import address

    candidates: dict[str, set[str]] = _published_pages(staging)
    recorded = old_manifest.get("files", {})
    for key in old_manifest.get("pages", {}):
        lang, _, slug = key.partition("/")
        files = recorded.get(key) if isinstance(recorded.get(key), list) else None
        if files is None and _site_file(key):  # a manifest of an older version
            place = address(slug)
            files = [place.page(lang), place.pdf_path(lang)]
        candidates.setdefault(key, set()).update(
            file for file in files or () if isinstance(file, str) and _site_file(file))
    withdrawn = set()
    for label, files in candidates.items():
        pages = {file for file in files if file.endswith("index.html")}
        if not pages or pages & current_files:
            continue  # still published (its files may be another page's business)
        for file in files - current_files:
            path = staging / file
            if path.is_file():
                path.unlink()
                remove_empty_folders(path.parent, staging)
        if "/" in label:  # an article's page (a language's own index is not listed)
            withdrawn.add(label)
    return tuple(sorted(withdrawn))


def _job_line(number: int, total: int, result: JobResult, slug_width: int) -> str:
    pdf = f", pdf {result.seconds_pdf:.1f}s" if result.seconds_pdf else ""
    return (f"[{number:>{len(str(total))}}/{total}] {result.lang:<6} {result.slug:<{slug_width}}  "
            f"html {result.seconds_html:.2f}s{pdf}")


def _titles(old: Mapping, results: Sequence[JobResult], current: set[str]) -> dict[str, list]:
    """Every current page's title: this build's, else the one kept from the last."""
    titles = {key: title for key, title in old.get("titles", {}).items() if key in current}
    for result in results:
        titles[f"{result.lang}/{result.slug}"] = [result.title, result.title_fallback]
    return dict(sorted(titles.items()))


def _write_indexes(
    gathered: Gathered,
    staging: Path,
    published_langs: Sequence[str],
    titles: Mapping[str, list],
) -> None:
    """Language indexes, the site index and the sitemap, over every page now published."""
    from .render import counted_digits_system
    from .site import (
        PublishedArticle,
        render_language_index,
        render_site_index,
        render_sitemaps,
    )

    project = gathered.project
    published: dict[str, list[PublishedArticle]] = {}
    strings_by_lang: dict[str, dict[str, str]] = {}
    digits_by_lang = {}
    for lang in published_langs:  # first every language's listing: each index offers them all
        strings: dict[str, str] = {}
        digits: Counter[str] = Counter()  # every digit the language's catalogs write
        if lang != project.source_language:
            strings = translations_of(gathered.catalog(lang, SITE_DOMAIN))
        items = []
        for slug, facts in gathered.facts.items():
            place = gathered.places[slug]
            if not (staging / place.page(lang)).exists():
                continue
            title, fallback = titles.get(f"{lang}/{slug}", [facts.title, False])
            percent = 100.0
            section = ""
            if lang != project.source_language:
                counts = gathered.counts(lang, slug)
                percent, section = counts.progress.percent, counts.section
                digits.update(counts.digits)
            group, group_title, group_fallback = _group_of(gathered, lang, slug, titles,
                                                           section)
            items.append(PublishedArticle(lang, slug, place, title, fallback, percent,
                                          facts.meta.updated, group, group_title,
                                          group_fallback))
        if items:
            published[lang] = items
            strings_by_lang[lang] = strings
            digits_by_lang[lang] = counted_digits_system(lang, digits)
    has_home = any(place.is_home for place in gathered.places.values())
    for lang, items in published.items():
        if has_home:  # the sources' own index.md is the language's home page
            continue
        write_atomic(staging / lang / "index.html", render_language_index(
            lang, items, list(published), strings_by_lang[lang], project.organisation,
            project.base_url, project.source_language, digits_by_lang[lang],
        ))
    write_atomic(staging / "index.html", render_site_index(
        published, strings_by_lang, digits_by_lang, project.organisation, project.base_url,
        project.source_language, has_home,
    ))
    sitemaps = render_sitemaps(published, project.base_url, project.source_language) if (
        project.base_url) else {}  # the protocol wants absolute addresses: none without one
    for old in staging.glob("sitemap*.xml"):
        if old.name not in sitemaps:
            old.unlink()
    for name, text in sitemaps.items():
        write_atomic(staging / name, text)


def _group_of(gathered: Gathered, lang: str, slug: str, titles: Mapping[str, list],
              section: str) -> tuple[str, str, bool]:
    """Where an article is listed in the indexes: its front matter's ``section`` (as the
    language translates it), else its folder, named by the folder's own page (its
    ``index.md``) in that language, else by the folder's name (in English); the top
    folder's articles come first, under no heading. (group, title, title in English)."""
    import posixpath

    from .article import title_from_name

    meta = gathered.facts[slug].meta
    if meta.section:
        return f"section:{meta.section}", section or meta.section, not section
    folder = posixpath.dirname(slug)
    if not folder:
        return "", "", False
    for name in ("index", "README"):
        if f"{folder}/{name}" in gathered.places:
            title = titles.get(f"{lang}/{folder}/{name}")
            if title:
                return folder, title[0], bool(title[1])
    return folder, title_from_name(folder), lang != gathered.project.source_language


def _outcomes(
    wanted: Sequence[str],
    source_lang: str,
    articles: Mapping[str, Article],
    plan: _Plan,
    results: Sequence[JobResult],
    errors: Mapping[str, int],
    warnings: Mapping[str, int],
    kept_by_blocked: Mapping[str, int],
    counts: Mapping[str, tuple[int, int]],
    pdf: bool,
) -> tuple[LanguageOutcome, ...]:
    """One row per language; ``kept_by_blocked``: per blocked language, how many of its
    pages an earlier build published (and stay online)."""
    rows = []
    blocked = set(kept_by_blocked)
    for lang in (source_lang, *wanted):
        written = sum(1 for result in results if result.lang == lang)
        skipped = sum(1 for (code, _slug) in plan.skipped if code == lang)
        reasons = {reason for (code, _slug), reason in plan.skipped.items() if code == lang}
        note = ", ".join(sorted(reasons)) if reasons and not written else ""
        if lang in blocked:
            skipped = kept_by_blocked[lang]
            note = ("blocked by errors: not published (no earlier pages to keep)" if not skipped
                    else "blocked by errors: previous pages kept" if skipped == len(articles)
                    else f"blocked by errors: previous pages kept ({skipped} of {len(articles)})")
        withheld = sum(1 for (code, _slug) in plan.withheld if code == lang
                       and plan.skipped.get((code, _slug)) == "below min-translated")
        if withheld and lang not in blocked:  # said even when other pages were written
            note = f"{withheld} below min-translated" + (
                f", {note}" if note and note != "below min-translated" else "")
        units, translated = counts[lang]
        rows.append(LanguageOutcome(
            lang, units, translated, errors.get(lang, 0), warnings.get(lang, 0),
            written, skipped, written if pdf else 0, skipped if pdf else 0,
            lang in blocked, note,
        ))
    return tuple(rows)


def _read_manifest(site: Path) -> dict:
    try:
        return json.loads((site / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _remove_leftovers(site: Path) -> None:
    """Staging folders of builds that were killed: under the project lock none is in use."""
    for stale in (*site.parent.glob(f".{site.name}.staging-*"),
                  *site.parent.glob(f".{site.name}.old-*")):
        shutil.rmtree(stale, ignore_errors=True)


def _staging_copy(site: Path) -> Path:
    """A sibling folder holding hard links to the current site (cheap, and safe: every
    write replaces a file by rename, so the published inode is never modified)."""
    staging = site.parent / f".{site.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    if site.is_dir():
        shutil.copytree(site, staging, copy_function=_link_or_copy)
    else:
        staging.mkdir(parents=True)
    return staging


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _swap(staging: Path, site: Path) -> None:
    """Make ``staging`` the published site in one step (Linux renameat2 RENAME_EXCHANGE).

    Elsewhere, or on the first build, fall back to renames: the site is then briefly
    absent but never half-written.
    """
    if site.exists():
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            renameat2 = libc.renameat2
        except (OSError, AttributeError):
            renameat2 = None
        if renameat2 is not None:
            result = renameat2(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(site),
                               _RENAME_EXCHANGE)
            if result == 0:
                return  # staging now holds the old site; the caller removes it
        old = site.parent / f".{site.name}.old-{os.getpid()}"
        os.rename(site, old)
        os.rename(staging, site)
        shutil.rmtree(old, ignore_errors=True)
        return
    os.rename(staging, site)
