"""Running the checks: over one PO file (ours or anyone's), or over a whole project.

For the project's own catalogs each entry is mapped back to its unit in the current
English source (``source/<slug>.md:LINE``) and parsed with that article's link
definitions; any other PO file is checked on its own, its language from the header.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polib
from markdown_it.token import Token

from ..article import Article, extension_syntax, read_article, read_sources
from ..config import SITE_DOMAIN, Project
from ..errors import LocaliseError
from ..files import read_bytes, read_text
from ..findings import Report
from ..languages import UNDETERMINED, cldr_knows, folder_language, language_code, plural_counts
from ..linking import Site, problems, site_for
from ..parallel import in_chunks
from ..pofile import CatalogProblem, check_po, msgstr_line, read_and_check_po
from ..segment import Unit, segment, unit_children
from . import (
    Context,
    Finding,
    GlossaryTerm,
    check_po_entry,
    make_finding,
    waivers,
)
from .terms import read_glossary


def catalog_language(
    catalog: polib.POFile, display: str, given: str | None, path: Path | None = None
) -> str:
    """The catalog's language: ``--lang`` if given, else its header's Language field, else
    the folder of a gettext layout (``de/LC_MESSAGES/x.po``), as msgfmt users lay them out;
    ``und`` (undetermined) if none says. Any name gettext or CLDR uses is read, a language
    CLDR lacks too (``udm``); only a name shaped like a path is refused."""
    folder = path.parent.parent.name if path is not None and \
        path.parent.name == "LC_MESSAGES" else ""
    code = given or catalog.metadata.get("Language", "").strip()
    if code and not given and not any(mark in code for mark in ("/", "\\", "\0", "..")):
        try:  # a header naming its language in words ("Estonian"): the folder says it
            return language_code(code, where=display, line=1, named=False)
        except LocaliseError:
            code = ""
    code = code or folder
    if not code:
        return UNDETERMINED
    return language_code(code, where=display, line=1, named=False)


def check_catalog(
    data: bytes,
    display: str,
    context: Context,
    article: Article | None = None,
    read: tuple[polib.POFile, tuple[CatalogProblem, ...]] | None = None,
    workers: int | None = None,
) -> tuple[Finding, ...]:
    """Every finding of one catalog file (``read``: what read_and_check_po gave the caller;
    ``workers``: processes for a long catalog, default one per core); raises
    LocaliseError if it cannot be read at all."""
    catalog, problems = read or read_and_check_po(data, display)  # raises if unreadable
    if article is None and context.markdown:
        context = replace(context, markdown=markdown_catalog(catalog))
    header = catalog.metadata.get("Plural-Forms", "")
    if "plural=" in header:
        context = replace(context, plural=header.split("plural=", 1)[1].strip().rstrip(";"))
    findings: list[Finding] = [
        make_finding("catalog-invalid", display, problem.line, "", problem.message, {})
        for problem in problems
    ]
    findings.extend(_language_findings(display, context.lang))
    findings.extend(_plural_forms(catalog, display, context.lang))
    job = _EntryJob([entry for entry in catalog if not entry.obsolete and entry.msgid],
                    {unit.msgid: unit for unit in segment(article)} if article else {},
                    article, context, display)
    findings.extend(_all_entry_findings(job, workers))
    findings.extend(_missing_units(job))
    return tuple(findings)


def markdown_catalog(catalog: polib.POFile) -> bool:
    """Whether a catalog's messages are Markdown: its references name Markdown files, or
    it has none and says localise made it; a program's catalog (``.py``, ``.html``) holds
    plain text, and so does one without references (Django keeps none)."""
    paths = {path for entry in catalog for path, _ in entry.occurrences}
    if not paths:
        return catalog.metadata.get("X-Generator", "").startswith("localise")
    return any(path.lower().endswith((".md", ".markdown", ".mdx")) for path in paths)


def _missing_units(job: _EntryJob) -> Iterator[Finding]:
    """Units of the current English that the catalog has no entry for (``update`` has not
    run since the English changed, or entries were deleted): the page shows them in English,
    so they are untranslated, though no entry says so."""
    if job.article is None:
        return
    present = {entry.msgid for entry in job.entries}
    for msgid, unit in job.units.items():
        if msgid not in present:
            yield make_finding(
                "untranslated", job.display, 1, f"{job.article.path}:{unit.line}",
                "not in this catalog (the English is published): run localise update to add it",
                {},
            )


PARALLEL_ENTRIES = 4000
"""A catalog with at least this many entries is checked by several processes (starting
one costs a few hundredths of a second; checking 4,000 entries about half a second)."""


@dataclass(frozen=True, slots=True)
class _EntryJob:
    """One catalog's entries and what they are checked against."""

    entries: list[polib.POEntry]
    units: dict[str, Unit]
    article: Article | None
    context: Context
    display: str


def _all_entry_findings(job: _EntryJob, workers: int | None) -> list[Finding]:
    """The entries' findings in catalog order, split over processes for a long catalog."""
    chunks = in_chunks(_entry_findings, job, len(job.entries), minimum=PARALLEL_ENTRIES,
                       workers=workers)
    return [finding for chunk in chunks for finding in chunk]


def _entry_findings(job: _EntryJob, start: int, end: int) -> list[Finding]:
    findings = []
    article, context = job.article, job.context
    for entry in job.entries[start:end]:
        unit = job.units.get(entry.msgid)
        source_tokens: tuple[Token, ...] | None = None
        if unit is not None and article is not None:
            source = f"{article.path}:{unit.line}"
            source_tokens = tuple(unit_children(article, unit))  # parsed once, with the article
        elif entry.occurrences:
            path, line = entry.occurrences[0]
            source = f"{path}:{line}" if line else path
        else:
            source = ""
        waived = waivers(entry)
        line = msgstr_line(entry)
        for finding_id, message in check_po_entry(entry, context, source_tokens):
            findings.append(make_finding(finding_id, job.display, line, source, message, waived))
    return findings


_SKIPPED = ("the language's own number notation (its digits, decimal and group signs), "
            "its punctuation and script, and its plural count")


def _language_findings(display: str, lang: str) -> Iterable[Finding]:
    """One warning for a catalog checked without its language's CLDR data, saying what
    the language-independent checks leave out."""
    if lang == UNDETERMINED:
        return (make_finding(
            "language-unknown", display, 1, "",
            "the catalog's language cannot be told (no Language header, no --lang, no "
            "<lang>/LC_MESSAGES/ folder): checked with the language-independent rules and "
            f"CLDR's root notation; not checked: {_SKIPPED} (add a Language header, or pass "
            "--lang)", {}),)  # fmt: skip
    if not cldr_knows(lang):
        return (make_finding(
            "locale-unknown", display, 1, "",
            f"CLDR has no data for {lang}: checked with the language-independent rules and "
            f"CLDR's root notation; not checked: {_SKIPPED}", {}),)  # fmt: skip
    return ()


def _plural_forms(catalog: polib.POFile, display: str, lang: str) -> Iterable[Finding]:
    """A Plural-Forms header with a count that neither gettext's forms nor CLDR's give the
    language is kept, and reported (2 for es, fr, it or pt is gettext's, 3 is CLDR's)."""
    header = catalog.metadata.get("Plural-Forms", "")
    counts = plural_counts(lang)
    if not header or "nplurals=" not in header or not counts:
        return ()
    try:
        declared = int(header.split("nplurals=")[1].split(";")[0].strip())
    except ValueError:
        return ()
    if declared in counts:
        return ()
    wanted = " or ".join(str(count) for count in counts)
    return (
        make_finding(
            "plural-forms", display, 1, "",
            f"Plural-Forms says nplurals={declared}; gettext's and CLDR's rules for {lang} "
            f"give {wanted} (kept as written; check plural entries)",
            {},
        ),
    )


def project_context(project: Project, lang: str, article: Article | None) -> Context:
    """The context for checking one of the project's catalogs."""
    glossary_path = project.glossary_path(lang)
    glossary: tuple[GlossaryTerm, ...] = ()
    if glossary_path.exists():
        glossary = read_glossary(
            read_text(glossary_path, project.display(glossary_path)),
            project.display(glossary_path),
        )
    return Context(
        lang=lang,
        source_lang=project.source_language,
        protected_terms=project.protected_terms,
        glossary=glossary,
        url_map=dict(project.url_map.get(lang, {})),
        env=article.env if article else {},
        numbers_in_words=project.numbers_in_words,
    )


def check_project(
    project: Project,
    languages: tuple[str, ...] = (),
    articles: Mapping[str, Article] | None = None,
    cache: MutableMapping[str, dict] | None = None,
    salt: str = "",
    workers: int | None = None,
    progress_line: Callable[[str], None] = lambda line: None,
    reader: Callable[[bytes, str], tuple[polib.POFile, tuple[CatalogProblem, ...]]] = (
        read_and_check_po),
    source_errors: Sequence[LocaliseError] = (),
    site: Site | None = None,
) -> Report:
    """Check every catalog of the project's languages against the current sources.

    With a ``cache`` (the build keeps one in its manifest), a catalog whose inputs have
    the same bytes as last time (catalog, article, glossary, settings, and ``salt`` for
    the code) reuses its findings instead of being checked again; ``workers`` bounds
    the processes that check a long catalog; ``progress_line`` hears of each catalog
    before it is checked; ``reader`` parses a catalog (the build's may have parsed it ahead).
    """
    if articles is None:
        sources = read_sources(project)
        articles, source_errors = sources.articles, sources.errors
    findings: list[Finding] = list(source_findings(project, {}, source_errors))
    site = site or (site_for(project, articles) if articles else None)
    unreadable: list[str] = [str(error.path) for error in source_errors]
    checked = [folder_language(lang, project.locales_dir, project.display(project.locales_dir / lang))
               for lang in languages or project.catalog_languages()]
    names = (*articles, SITE_DOMAIN)
    # Article by article (each article is then needed once: the build parses it when
    # asked), reported language by language as translators read them.
    outcomes: dict[tuple[str, str], tuple[list[Finding], bool]] = {}
    for name in names:
        article = articles.get(name)
        if article is not None and site is not None:
            findings.extend(article_findings(article, site))
        for lang in checked:
            path = project.catalog_path(lang, name)
            if path.exists():
                outcomes[(lang, name)] = _checked(project, lang, path, article, cache, salt,
                                                  workers, progress_line, reader)
    files: list[str] = []
    for lang in checked:
        for name in names:
            if (lang, name) in outcomes:
                found, broken = outcomes[(lang, name)]
                display = project.display(project.catalog_path(lang, name))
                files.append(display)
                findings.extend(found)
                if broken:
                    unreadable.append(display)
    findings.extend(_orphaned(project, tuple(checked) if languages else ()))
    return Report(tuple(findings), tuple(files), tuple(unreadable))


def _checked(
    project: Project, lang: str, path: Path, article: Article | None,
    cache: MutableMapping[str, dict] | None, salt: str, workers: int | None,
    progress_line: Callable[[str], None],
    reader: Callable[[bytes, str], tuple[polib.POFile, tuple[CatalogProblem, ...]]],
) -> tuple[list[Finding], bool]:
    """One catalog's findings (from the cache when its inputs are the same bytes), and
    whether it could not be read."""
    display = project.display(path)
    try:
        data = read_bytes(path, display)
    except LocaliseError as error:  # a folder, say: blocks its language, not the rest
        return _unreadable(b"", display, error), True
    key = _cache_key(project, lang, data, article, salt) if cache is not None else ""
    if cache is not None and cache.get(display, {}).get("key") == key:
        return ([Finding.from_dict(item) for item in cache[display]["findings"]],
                bool(cache[display].get("unreadable")))
    context = project_context(project, lang, article)
    progress_line(f"checking {display}")
    try:
        found = list(check_catalog(data, display, context, article,
                                   reader(data, display), workers))
        broken = False
    except LocaliseError as error:
        found = _unreadable(data, display, error)
        broken = True
    if cache is not None:
        cache[display] = {"key": key, "unreadable": broken,
                          "findings": [finding.as_dict() for finding in found]}
    return found, broken


def source_findings(
    project: Project | None, articles: Mapping[str, Article],
    errors: Sequence[LocaliseError] = (), site: Site | None = None,
) -> Iterator[Finding]:
    """The sources' own problems: articles that cannot be read (``source-invalid``, each
    blocks only itself) and links and images that cannot work as written (warnings);
    without a project, only the former (nothing to resolve links against)."""
    for error in errors:
        message = f"{error.message} ({error.hint})" if error.hint else error.message
        yield make_finding("source-invalid", str(error.path), error.line or 1, "", message, {})
    if not articles or project is None:
        return
    site = site or site_for(project, articles)
    for article in articles.values():
        yield from article_findings(article, site)


def article_findings(article: Article, site: Site) -> Iterator[Finding]:
    """One readable article's own problems (see ``source_findings``)."""
    for problem in problems(article, site):
        yield make_finding(problem.finding_id, article.path, problem.line, "",
                           problem.message, {})
    for line, what in extension_syntax(article):
        yield make_finding("unsupported-syntax", article.path, line, "",
                           f"{what} is a MkDocs plugin's syntax, not Markdown: the page "
                           "shows it as text", {})


def orphaned_files(project: Project,
                   languages: tuple[str, ...] = ()) -> tuple[tuple[str, Path], ...]:
    """Templates and catalogs of no current article (nor the site), with the article's
    name: left behind when an article is deleted or renamed. Nothing reads them, so a
    translator could go on translating a page that is no longer published.
    ``languages``: only those catalogs (and no templates); all, by default."""
    names = {project.slug_of(path) for path in project.source_paths()} | {SITE_DOMAIN}
    found: list[tuple[str, Path]] = []
    if not languages and project.templates_dir.is_dir():
        for path in sorted(project.templates_dir.rglob("*.pot")):
            name = path.relative_to(project.templates_dir).with_suffix("").as_posix()
            if path.is_file() and name not in names:
                found.append((name, path))
    for lang in languages or project.catalog_languages():
        found.extend((name, project.catalog_path(lang, name))
                     for name in project.catalog_names(lang) if name not in names)
    return tuple(found)


def _orphaned(project: Project, languages: tuple[str, ...]) -> list[Finding]:
    findings = []
    for name, path in orphaned_files(project, languages):
        display = project.display(path)
        findings.append(make_finding(
            "orphaned", display, 1, "",
            f"no article {project.display(project.source_path(name))} (deleted or renamed): "
            f"nothing uses this {'template' if path.suffix == '.pot' else 'catalog'}; remove "
            f"it (git rm {display}), or restore the article", {}))
    return findings


def _cache_key(project: Project, lang: str, data: bytes, article: Article | None, salt: str) -> str:
    """Every byte a catalog's findings depend on."""
    digest = hashlib.sha256(salt.encode())
    glossary = project.glossary_path(lang)
    for part in (
        data,
        (article.path + "\n" + article.text).encode() if article else b"",
        glossary.read_bytes() if glossary.is_file() else b"",
        repr((project.source_language, project.protected_terms,
              sorted(project.url_map.get(lang, {}).items()), project.numbers_in_words)).encode(),
    ):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _unreadable(data: bytes, display: str, error: LocaliseError) -> list[Finding]:
    """Findings for a file that cannot be checked: what msgfmt --check rejects in it
    (catalog-invalid), else the error that stopped its reading, with what to do
    (catalog-unreadable: msgfmt lets a NUL byte or a lying charset through, garbled)."""
    problems = check_po(data, display) if data else ()
    if problems:
        return [make_finding("catalog-invalid", display, p.line, "", p.message, {}) for p in problems]
    message = f"{error.message} ({error.hint})" if error.hint else error.message
    return [make_finding("catalog-unreadable", display, error.line or 1, "", message, {})]


def _catalog_name(path: Path) -> str | None:
    """``a/b`` for ``<lang>/LC_MESSAGES/a/b.po`` (the name of its article), else None."""
    parts = path.with_suffix("").parts
    if "LC_MESSAGES" not in parts:
        return None
    return "/".join(parts[len(parts) - parts[::-1].index("LC_MESSAGES"):])


def check_files(
    paths: Iterable[Path], lang: str | None, project: Project | None
) -> Report:
    """Check PO files given on the command line (any project's), language from the header."""
    findings: list[Finding] = []
    files: list[str] = []
    unreadable: list[str] = []
    for path in paths:  # a catalog that cannot be checked is reported; the others still are
        display = project.display(path) if project else str(path)
        data = read_bytes(path, display)  # a mistyped path is a usage error, said at once
        files.append(display)
        try:
            read = read_and_check_po(data, display)
            code = catalog_language(read[0], display, lang, path)
        except LocaliseError as error:
            findings.extend(_unreadable(data, display, error))
            unreadable.append(display)
            continue
        article = None
        name = _catalog_name(path)
        if project is not None and name is not None:
            source = project.source_path(name)
            if source.is_file():
                article = read_article(source, project.display(source), name)
        if project is not None:
            context = project_context(project, code, article)
        else:
            context = Context(lang=code, numbers_in_words="warning")
        findings.extend(check_catalog(data, display, context, article, read=read))
    return Report(tuple(findings), tuple(files), tuple(unreadable))
