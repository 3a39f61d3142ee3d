"""The translators' commands over a whole project: ``init``, ``update`` and ``status``.

These gather (templates from the sources, catalogs from ``locales/``), call the pure
functions of :mod:`catalog`, and write last, atomically, only files whose bytes change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

from .article import Sources, read_sources
from .catalog import MergeResult, Progress, completion_percent, merge, new_catalog, progress
from .config import PYPROJECT, SITE_DOMAIN, Project, key_line
from .errors import LocaliseError
from .extract import build_templates
from .files import read_bytes, read_text, write_atomic
from .languages import folder_language, language_code
from .memory import TranslationMemory
from .pofile import format_po, read_po


def read_catalog(project: Project, path: Path) -> polib.POFile:
    """Read one catalog, errors naming it as the user sees it."""
    display = project.display(path)
    return read_po(read_bytes(path, display), display)


def language_catalogs(project: Project, lang: str) -> dict[str, polib.POFile]:
    """All catalogs of one language by name (article slugs and ``site``)."""
    return {name: read_catalog(project, project.catalog_path(lang, name))
            for name in project.catalog_names(lang)}


@dataclass(frozen=True, slots=True)
class Written:
    """One catalog file a command created or updated (or left alone)."""

    path: str
    changed: bool
    detail: str = ""


def init_language(
    project: Project, code: str, templates: dict[str, polib.POFile] | None = None
) -> tuple[Written, ...]:
    """Start the catalogs of a language: one per article (with something to translate)
    plus the site strings; ``templates`` built now unless given."""
    lang = language_code(code, where="language code")
    if lang == project.source_language:
        raise LocaliseError(
            f"{lang} is the source language (source-language): its articles are published "
            "as written", *_settings_line(project, "source-language"),
            hint="start a translation into another language, e.g. localise init tr",
        )
    templates = templates or build_templates(project)
    existing = [
        project.display(project.catalog_path(lang, name))
        for name in templates
        if project.catalog_path(lang, name).exists()
    ]
    if existing:
        raise LocaliseError(
            f"catalogs for {lang} already exist; init never overwrites a translator's work",
            existing[0],
            hint="run localise update to merge new English into them",
        )
    written = []
    for name, template in templates.items():
        if not len(template):
            continue  # nothing to translate: no catalog (it would be an empty file)
        target = project.catalog_path(lang, name)
        write_atomic(target, format_po(new_catalog(template, lang, project.plural_forms)))
        written.append(Written(project.display(target), True, f"{len(template)} units"))
    return tuple(written)


def unpublished_note(project: Project, lang: str) -> str | None:
    """For a language started but not in the settings' ``languages``: where to add it.

    Its catalogs are written all the same: translators start long before a language
    goes live, and listing it first would publish pages that are all English.
    """
    if lang in project.languages:
        return None
    path, line = _settings_line(project, "languages")
    where = f"{path}:{line}" if line else path
    listed = ", ".join(f'"{code}"' for code in (*project.languages, lang))
    return (f"{where}: {lang} is not in languages, so localise build does not publish it; "
            f"when its translation is ready, add it there: languages = [{listed}]")


def _settings_line(project: Project, key: str) -> tuple[str, int | None]:
    """The settings file and the line of ``key`` (else of the [tool.localise] table)."""
    settings = project.settings_file
    prefix = ("tool", "localise") if settings.name == PYPROJECT else ()
    text = read_text(settings, settings.name) if settings.is_file() else ""
    return settings.name, (key_line(text, (*prefix, key))
                           or (key_line(text, prefix) if prefix else None))


@dataclass(frozen=True, slots=True)
class Updated:
    """What ``update`` did to one catalog."""

    path: str
    changed: bool
    result: MergeResult


def update_catalogs(
    project: Project,
    languages: tuple[str, ...] = (),
    templates: dict[str, polib.POFile] | None = None,
) -> tuple[Updated, ...]:
    """Merge fresh templates (built now unless given) into every catalog of every language
    folder (or those given).

    Everything is read and merged first, then written, so a bad catalog stops the command
    before any file changes.
    """
    templates = templates or build_templates(project)
    langs = languages or project.catalog_languages()
    if not langs:
        raise LocaliseError(
            "no language catalogs yet", project.display(project.locales_dir),
            hint="start one with localise init LANG",
        )
    plans: list[tuple[Path, polib.POFile, MergeResult]] = []
    for lang in langs:
        folder = project.display(project.locales_dir / lang)
        lang = folder_language(lang, project.locales_dir, folder)
        catalogs = language_catalogs(project, lang)
        if not catalogs:
            raise LocaliseError(
                f"language folder {lang} holds no catalog",
                project.display(project.locales_dir / lang / "LC_MESSAGES"),
                hint=f"remove the folder, or start it with localise init {lang}",
            )
        for name, catalog in catalogs.items():
            _refuse_duplicates(catalog, project.display(project.catalog_path(lang, name)))
        memory = TranslationMemory.from_catalogs(
            {f"{name}.po": catalog for name, catalog in catalogs.items() if name != SITE_DOMAIN}
        )
        for name, template in templates.items():
            catalog = catalogs.get(name)
            if catalog is None or not (len(catalog) or catalog.metadata):
                # none or empty (a header alone is kept)
                catalog = new_catalog(template, lang, project.plural_forms)
            result = merge(template, catalog, memory if name != SITE_DOMAIN else None, f"{name}.po")
            plans.append((project.catalog_path(lang, name), catalog, result))
    done = []
    for path, _old, result in plans:
        _declare_utf8(result.catalog)
        text = format_po(result.catalog)
        if not text and not path.exists():
            continue  # nothing to translate and nothing translated: no empty file
        changed = write_atomic(path, text)
        done.append(Updated(project.display(path), changed, result))
    return tuple(done)


def _refuse_duplicates(catalog: polib.POFile, display: str) -> None:
    """A message defined twice would lose one of its translations in a merge: stop first."""
    first: dict[tuple[str | None, str], int] = {}
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        if key in first:
            raise LocaliseError(
                f"duplicate message definition (first definition at line {first[key]})",
                display, entry.linenum,
                hint="keep one of the two entries (with the right translation), then run "
                "localise update again",
            )
        first[key] = entry.linenum


def _declare_utf8(catalog: polib.POFile) -> None:
    """Catalogs are written in UTF-8 (as msgmerge converts to a UTF-8 template's charset),
    so a header declaring another charset is changed to say so."""
    content_type = catalog.metadata.get("Content-Type", "")
    if re.search(r"charset=(?!utf-8\b)\S", content_type, re.IGNORECASE):
        catalog.metadata["Content-Type"] = re.sub(r"charset=\S*", "charset=UTF-8", content_type)


@dataclass(frozen=True, slots=True)
class Status:
    """Progress of one language on one catalog."""

    lang: str
    name: str
    progress: Progress


def catalog_status(
    project: Project, languages: tuple[str, ...] = (),
    templates: dict[str, polib.POFile] | None = None,
) -> tuple[Status, ...]:
    """Translated / fuzzy / untranslated units and words, per language and catalog."""
    templates = templates or build_templates(project)
    langs = languages or project.catalog_languages()
    rows = []
    for lang in langs:
        folder = project.display(project.locales_dir / lang)
        lang = folder_language(lang, project.locales_dir, folder)
        catalogs = language_catalogs(project, lang)
        for name, template in templates.items():
            catalog = catalogs.get(name, polib.POFile())
            rows.append(Status(lang, name, progress(catalog, template)))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class LanguageStatus:
    """One language as a team sees it: progress per catalog, and whether the build would
    publish it (settings) or block it (error findings, or a catalog it cannot read)."""

    lang: str
    catalogs: tuple[Status, ...]
    published: bool
    """In the settings' ``languages``: the build publishes it (unless blocked)."""
    errors: int
    warnings: int

    @property
    def blocked(self) -> bool:
        """Error findings stop the build from publishing this language."""
        return self.errors > 0

    @property
    def words(self) -> int:
        return sum(row.progress.words for row in self.catalogs)

    @property
    def translated_words(self) -> int:
        return sum(row.progress.translated_words for row in self.catalogs)

    @property
    def percent(self) -> float:
        return completion_percent(self.translated_words, self.words)


@dataclass(frozen=True, slots=True)
class ProjectStatus:
    """``localise status``: every language, and the files of deleted articles."""

    languages: tuple[LanguageStatus, ...]
    orphaned: tuple[str, ...]
    """Templates and catalogs of no current article, to be removed (or the article restored)."""


def project_status(
    project: Project, languages: tuple[str, ...] = (),
    templates: dict[str, polib.POFile] | None = None, sources: Sources | None = None,
) -> ProjectStatus:
    """Progress and check results of every language with catalogs (or those given)."""
    from .checks.run import check_project, orphaned_files

    sources = sources or read_sources(project)
    rows = catalog_status(project, languages, templates or build_templates(project, sources))
    langs = tuple(dict.fromkeys(row.lang for row in rows))
    report = check_project(project, langs, sources.articles, source_errors=sources.errors)
    by_lang: dict[str, list[int]] = {lang: [0, 0] for lang in langs}
    prefix = {lang: project.display(project.locales_dir / lang) + "/" for lang in langs}
    for finding in report.findings:
        lang = next((code for code in langs if finding.file.startswith(prefix[code])), None)
        if lang is None or finding.waived:
            continue
        by_lang[lang][0 if finding.severity.value == "error" else 1] += 1
    return ProjectStatus(
        tuple(LanguageStatus(lang, tuple(row for row in rows if row.lang == lang),
                             lang in project.languages, *by_lang[lang]) for lang in langs),
        tuple(project.display(path) for _name, path in orphaned_files(project, languages)),
    )
