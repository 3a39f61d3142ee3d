"""Exchange with translation agencies: ``export`` a language's catalogs as XLIFF files,
``import`` the files they return.

Import merges, never overwrites blindly: each unit is found by its English; one whose
English changed since the export lands as fuzzy on the entry that replaced it (with the
English it translated as ``#| msgid``), never over a reviewed translation; and every
translation that comes in is checked as ``localise check`` would. One with an error
(a changed number, a broken link) is kept as fuzzy, so the agency's work is not lost and
nothing unchecked is published, unless the catalog already has a translation there: that
one stays, and the file's is refused. Catalogs are written last, atomically, in msgcat's
form, and only when a byte changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from rapidfuzz import fuzz, process

from .article import Article, Sources, read_sources
from .catalog import SIMILARITY_CUTOFF, has_translation, is_translated
from .checks import Entry, check_entry, parse_inline, waivers
from .checks.run import project_context
from .config import SITE_DOMAIN, Project
from .errors import LocaliseError
from .files import read_bytes, write_atomic
from .findings import SEVERITY, Severity
from .inline import Piece, format_pieces, markdown_pieces
from .languages import bcp47, language_code
from .pofile import format_po, msgstr_line
from .segment import segment, unit_children
from .workflow import read_catalog
from .xliff import (
    FUZZY,
    NOT_IN_XML,
    TRANSLATED,
    UNTRANSLATED,
    ExportUnit,
    XliffFile,
    XliffUnit,
    read_xliff,
    write_xliff,
)


def _pieces(name: str, entry_text: str, entry: polib.POEntry,
            article: Article | None) -> tuple[Piece, ...]:
    """A text of an entry as pieces: Markdown for articles, placeholders for site strings."""
    if name == SITE_DOMAIN or article is None:
        return format_pieces(entry_text) if "python-format" in entry.flags else (
            (entry_text,) if entry_text else ())
    return markdown_pieces(entry_text, article.env)


def _state(entry: polib.POEntry) -> str:
    if is_translated(entry):
        return TRANSLATED
    return FUZZY if has_translation(entry) else UNTRANSLATED


@dataclass(frozen=True, slots=True)
class Exported:
    """One XLIFF file written (or left alone: same bytes)."""

    path: str
    catalog: str
    translated: int
    fuzzy: int
    untranslated: int
    changed: bool


def exportable(catalog: polib.POFile) -> list[polib.POEntry]:
    """The entries that travel: current (not obsolete) singular messages."""
    return [entry for entry in catalog if not entry.obsolete and entry.msgid
            and not entry.msgid_plural]


def export_language(project: Project, code: str, version: str = "2.0",
                    folder: Path | None = None, sources: Sources | None = None,
                    ) -> tuple[Exported, ...]:
    """Write ``<folder>/<name>.xlf`` for every catalog of language ``code`` whose article
    (read, unless given in ``sources``) or the site exists; ``folder`` defaults to
    ``xliff/<lang>/`` in the project."""
    lang = language_code(code, where="language code")
    catalogs_dir = project.locales_dir / lang / "LC_MESSAGES"
    if not catalogs_dir.is_dir():
        raise LocaliseError(f"no catalogs for {lang}", project.display(catalogs_dir),
                            hint=f"start them with localise init {lang}")
    articles = (sources or read_sources(project)).articles
    folder = folder if folder is not None else project.root / "xliff" / lang
    done = []
    for name in (*articles, SITE_DOMAIN):
        path = project.catalog_path(lang, name)
        if not path.is_file():
            continue
        catalog = read_catalog(project, path)
        entries = exportable(catalog)
        if not entries:
            continue
        article = articles.get(name)
        units = [_export_unit(index, entry, name, article, project.display(path))
                 for index, entry in enumerate(entries, 1)]
        data = write_xliff(units, version=version, source_lang=bcp47(project.source_language),
                           target_lang=bcp47(lang), name=name)
        target = folder / f"{name}.xlf"
        states = [unit.state for unit in units]
        done.append(Exported(project.display(target), project.display(path),
                             states.count(TRANSLATED), states.count(FUZZY),
                             states.count(UNTRANSLATED), write_atomic(target, data)))
    return tuple(done)


def _export_unit(index: int, entry: polib.POEntry, name: str, article: Article | None,
                 display: str) -> ExportUnit:
    for text in (entry.msgid, entry.msgstr, entry.comment, entry.tcomment,
                 entry.previous_msgid or "", entry.msgctxt or ""):
        if text and (bad := NOT_IN_XML.search(text)):
            raise LocaliseError(
                f"a control character (U+{ord(bad.group()):04X}) that XML, so XLIFF, cannot "
                "carry", display, msgstr_line(entry), hint="remove it from the entry")
    state = _state(entry)
    return ExportUnit(
        id=f"u{index}",
        source=_pieces(name, entry.msgid, entry, article),
        target=_pieces(name, entry.msgstr, entry, article) if state != UNTRANSLATED else None,
        state=state,
        context=entry.msgctxt,
        developer_note=entry.comment or "",
        translator_note=entry.tcomment or "",
        previous_source=entry.previous_msgid or "" if state == FUZZY else "",
        locations=tuple((path, line or "") for path, line in entry.occurrences),
    )


# --- import -------------------------------------------------------------------------------


ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"
REFUSED, KEPT_FUZZY, SOURCE_CHANGED = "refused", "kept fuzzy", "fuzzy: English changed"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one unit of a returned file."""

    unit: str
    line: int
    """Line of the unit's target in the XLIFF file."""
    what: str
    """added, changed, unchanged, refused, kept fuzzy, or fuzzy: English changed."""
    why: str = ""
    source: str = ""
    """The unit's place in the English article (``source/x.md:12``), if known."""
    errors: bool = False
    """Refused or kept fuzzy because of error findings (a content problem: exit 1)."""


@dataclass(frozen=True, slots=True)
class Imported:
    """One returned file merged into one catalog."""

    path: str
    catalog: str
    outcomes: tuple[Outcome, ...]
    warnings: int
    """Warning findings of the translations taken (``localise check`` lists them)."""
    written: bool = False

    def count(self, what: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.what == what)

    @property
    def errors(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.errors)


def import_files(project: Project, paths: Sequence[Path],
                 sources: Sources | None = None) -> tuple[Imported, ...]:
    """Merge returned XLIFF files into their catalogs (articles read, unless given in
    ``sources``); every file is read and merged before any catalog is written, so a bad
    file changes nothing, and a catalog no unit changed is not rewritten."""
    articles = (sources or read_sources(project)).articles
    catalogs: dict[Path, polib.POFile] = {}
    touched: set[Path] = set()
    results: list[tuple[Imported, Path]] = []
    for path in paths:
        display = project.display(path)
        for xliff_file in read_xliff(read_bytes(path, display), display):
            lang, name = _where(project, xliff_file, articles, display)
            catalog_path = project.catalog_path(lang, name)
            if catalog_path not in catalogs:
                catalogs[catalog_path] = read_catalog(project, catalog_path)
            merged = _Merge(project, lang, catalogs[catalog_path], articles.get(name))
            outcomes = tuple(merged.unit(unit, xliff_file) for unit in xliff_file.units)
            if any(outcome.what not in (UNCHANGED, REFUSED) for outcome in outcomes):
                touched.add(catalog_path)
            results.append((Imported(display, project.display(catalog_path), outcomes,
                                     merged.warnings), catalog_path))
    written = {path for path in sorted(touched) if write_atomic(path, format_po(catalogs[path]))}
    return tuple(Imported(result.path, result.catalog, result.outcomes, result.warnings,
                          path in written) for result, path in results)


def _where(project: Project, xliff_file: XliffFile, articles: Mapping[str, Article],
           display: str) -> tuple[str, str]:
    """The language and catalog a returned file belongs to, refused unless both exist."""
    if not xliff_file.target_lang:
        raise LocaliseError("the file names no target language", display, xliff_file.line,
                            hint="export the file again with localise export LANG")
    lang = _language(project, xliff_file.target_lang, display, xliff_file.line)
    source = _language(project, xliff_file.source_lang, display, xliff_file.line)
    if bcp47(source).lower() != bcp47(project.source_language).lower():
        raise LocaliseError(
            f"the file translates from {source}; this project's articles are in "
            f"{project.source_language}", display, xliff_file.line)
    name = xliff_file.name
    if name not in (*articles, SITE_DOMAIN):
        raise LocaliseError(f"no article {name!r} in this project (the file's original)",
                            display, xliff_file.line,
                            hint="import files exported from this project by localise export")
    path = project.catalog_path(lang, name)
    if not path.is_file():
        raise LocaliseError(f"no catalog {project.display(path)} to merge into", display,
                            xliff_file.line, hint=f"start the language with localise init {lang}")
    return lang, name


def _language(project: Project, tag: str, display: str, line: int) -> str:
    """The project's name for the language an XLIFF file names in BCP 47 (``pt-BR`` is
    the folder ``pt_BR``, ``sr-Latn`` the folder ``sr@latin``); path-like tags refused."""
    code = language_code(tag, where=display, line=line, named=False)
    wanted = bcp47(code).lower()
    return next((lang for lang in project.catalog_languages() if bcp47(lang).lower() == wanted),
                code)


class _Merge:
    """One returned file's units merged into one catalog (in place)."""

    def __init__(self, project: Project, lang: str, catalog: polib.POFile,
                 article: Article | None) -> None:
        self.catalog = catalog
        self.article = article
        self.context = project_context(project, lang, article)
        self.units = {unit.msgid: unit for unit in segment(article)} if article else {}
        self.active = {(entry.msgctxt, entry.msgid): entry for entry in exportable(catalog)}
        self.warnings = 0
        self.unclaimed: tuple[XliffFile, dict[int, polib.POEntry]] | None = None
        """The entries no unit of the file being merged names, by id (for changed units)."""

    def unit(self, unit: XliffUnit, xliff_file: XliffFile) -> Outcome:
        entry = self.active.get((unit.context, unit.source)) or self.active.get(
            (None, unit.source))
        where = self._source_line(unit.source, entry)
        if not unit.target:
            return Outcome(unit.id, unit.line, UNCHANGED, source=where)
        if entry is None:
            return self._changed_english(unit, xliff_file)
        before = (entry.msgstr, "fuzzy" in entry.flags, entry.tcomment)
        had = has_translation(entry)
        published = is_translated(entry) and entry.msgstr == unit.target
        errors = [] if published else self._errors(entry, unit.target)  # (check judges those)
        fuzzy = unit.state == FUZZY
        outcome = ""
        if errors and is_translated(entry):
            return Outcome(unit.id, unit.line, REFUSED, "; ".join(errors) +
                           " — the catalog keeps its current translation", where, True)
        if errors and not fuzzy:
            fuzzy, outcome = True, KEPT_FUZZY
        entry.msgstr = unit.target
        self._set_fuzzy(entry, fuzzy)
        self._take_notes(entry, unit)
        if outcome == KEPT_FUZZY:  # said even when the entry was fuzzy already: not taken
            return Outcome(unit.id, unit.line, KEPT_FUZZY, "; ".join(errors) +
                           " — never published while fuzzy: fix it, then remove the flag",
                           where, True)
        if (entry.msgstr, "fuzzy" in entry.flags, entry.tcomment) == before:
            return Outcome(unit.id, unit.line, UNCHANGED, source=where)
        return Outcome(unit.id, unit.line, CHANGED if had else ADDED, source=where)

    def _changed_english(self, unit: XliffUnit, xliff_file: XliffFile) -> Outcome:
        """The unit's English is no longer in the catalog: it changed (or went) since
        the export. Its translation goes, as fuzzy, to the entry that replaced it."""
        successor = self._successor(unit, xliff_file)
        if successor is None:
            return Outcome(unit.id, unit.line, REFUSED,
                           "its English is no longer in the article (removed since the export)")
        if self.unclaimed is not None:  # one changed unit per entry: a second does not overwrite
            self.unclaimed[1].pop(id(successor), None)
        where = self._source_line(successor.msgid, successor)
        if is_translated(successor):
            return Outcome(unit.id, unit.line, REFUSED,
                           "its English changed since the export, and the catalog already has "
                           "a reviewed translation of the new English (kept)", where)
        before = (successor.msgstr, "fuzzy" in successor.flags, successor.previous_msgid,
                  successor.tcomment)
        successor.msgstr = unit.target
        self._set_fuzzy(successor, True)
        successor.previous_msgid = unit.source
        self._take_notes(successor, unit)
        after = (successor.msgstr, "fuzzy" in successor.flags, successor.previous_msgid,
                 successor.tcomment)
        if after == before:
            return Outcome(unit.id, unit.line, UNCHANGED, source=where)
        return Outcome(unit.id, unit.line, SOURCE_CHANGED,
                       "its English changed since the export: kept as fuzzy, with the English "
                       "it translated as #| msgid, for a translator to review", where)

    def _successor(self, unit: XliffUnit, xliff_file: XliffFile) -> polib.POEntry | None:
        """The current entry a changed unit became: the one whose previous English is the
        unit's (``update`` made it fuzzy), else the one at the unit's place in the article,
        else the most similar one no unit of the file claims (as ``update`` matches)."""
        if self.unclaimed is None or self.unclaimed[0] is not xliff_file:  # once per file
            claimed = {other.source for other in xliff_file.units}
            self.unclaimed = (xliff_file, {id(entry): entry for entry in self.active.values()
                                           if entry.msgid not in claimed})
        candidates = self.unclaimed[1]
        for entry in candidates.values():
            if entry.previous_msgid == unit.source:
                return entry
        places = set(unit.locations)
        for entry in candidates.values():
            if places & {(path, line or "") for path, line in entry.occurrences} and fuzz.ratio(
                    entry.msgid, unit.source) >= SIMILARITY_CUTOFF:
                return entry
        match = process.extractOne(unit.source, {key: e.msgid for key, e in candidates.items()},
                                   scorer=fuzz.ratio, score_cutoff=SIMILARITY_CUTOFF)
        return candidates[match[2]] if match else None

    def _errors(self, entry: polib.POEntry, target: str) -> list[str]:
        """Error findings of ``target`` as the entry's translation (warnings are counted)."""
        source = self.units.get(entry.msgid)
        env = self.context.env
        view = Entry(
            msgid=entry.msgid, msgstr=target,
            flags=tuple(flag for flag in entry.flags if flag != "fuzzy"),
            source_tokens=tuple(unit_children(self.article, source))
            if source is not None and self.article is not None else parse_inline(entry.msgid, env),
            target_tokens=parse_inline(target, env),
        )
        errors = []
        waived = waivers(entry)
        for finding_id, message in check_entry(view, self.context):
            if SEVERITY[finding_id] is Severity.ERROR:
                errors.append(f"{finding_id}: {message}")
            elif finding_id not in waived:
                self.warnings += 1
        return errors

    @staticmethod
    def _set_fuzzy(entry: polib.POEntry, fuzzy: bool) -> None:
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        elif not fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgctxt = None  # as a translator's tool does

    @staticmethod
    def _take_notes(entry: polib.POEntry, unit: XliffUnit) -> None:
        """The translators' notes of the unit replace the entry's comment; a unit without
        any leaves it (a CAT tool that drops notes must not erase a translator's)."""
        if unit.notes:
            entry.tcomment = "\n".join(unit.notes)

    def _source_line(self, msgid: str, entry: polib.POEntry | None) -> str:
        unit = self.units.get(msgid)
        if unit is not None and self.article is not None:
            return f"{self.article.path}:{unit.line}"
        if entry is not None and entry.occurrences:
            path, line = entry.occurrences[0]
            return f"{path}:{line}" if line else path
        return ""


def summary(results: Iterable[Imported]) -> dict[str, int]:
    """Totals over files, for the last line of the report."""
    totals = {ADDED: 0, CHANGED: 0, UNCHANGED: 0, SOURCE_CHANGED: 0, KEPT_FUZZY: 0, REFUSED: 0}
    for result in results:
        for key in totals:
            totals[key] += result.count(key)
    return totals
