"""Catalogs over their life: start one per language, merge new templates in, count progress.

The rule above all: nothing a translator wrote is ever dropped. When the English changes,
the old translation stays as a fuzzy entry with the previous msgid (``#| msgid``); when a
unit disappears, its translation stays as an obsolete ``#~`` entry; when a unit is new,
the translation memory may pre-fill it (fuzzy, with a note saying where it came from).
"""

from __future__ import annotations

import array
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import polib
from rapidfuzz import fuzz, process

from .languages import english_name, language_name, plural_forms
from .memory import TranslationMemory

SIMILARITY_CUTOFF = 60.0
"""Minimum rapidfuzz ratio (0-100) for an old translation to be offered as fuzzy.

msgmerge uses the same threshold (fstrcmp >= 0.6) for its fuzzy matches."""

MEMORY_NOTE = "localise: pre-filled from translation memory ({source}); check it, then remove the fuzzy flag"


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def is_translated(entry: polib.POEntry) -> bool:
    """Translated and publishable: a msgstr (every plural form) and no fuzzy flag."""
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def has_translation(entry: polib.POEntry) -> bool:
    """Holds a translator's text, fuzzy or not: work that must never be lost."""
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def new_catalog(
    template: polib.POFile, code: str, plural_style: str = "gettext"
) -> polib.POFile:
    """A fresh catalog for language ``code`` from a template, header as tools expect it
    (``plural_style``: the settings' ``plural-forms``, see ``languages.plural_forms``)."""
    catalog = polib.POFile(wrapwidth=79)
    catalog.header = (
        f"{language_name(code)} ({code}) translation of "
        f"{template.metadata.get('Project-Id-Version', 'this article')}."
    )
    catalog.metadata = {
        "Project-Id-Version": template.metadata.get("Project-Id-Version", ""),
        "Report-Msgid-Bugs-To": template.metadata.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", ""),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": f"{english_name(code)} <LL@li.org>",
        "Language": code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(code, plural_style),
        "X-Generator": "localise",
    }
    for entry in template:
        catalog.append(_fresh(entry))
    return catalog


def _fresh(template_entry: polib.POEntry) -> polib.POEntry:
    entry = polib.POEntry(
        msgctxt=template_entry.msgctxt,
        msgid=template_entry.msgid,
        msgid_plural=template_entry.msgid_plural,
        msgstr="",
        comment=template_entry.comment,
        occurrences=list(template_entry.occurrences),
        flags=[flag for flag in template_entry.flags if flag != "fuzzy"],
    )
    if template_entry.msgid_plural:
        entry.msgstr_plural = {0: "", 1: ""}
    return entry


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What a merge did to one catalog (sphinx-intl style counts, asserted by tests)."""

    catalog: polib.POFile
    kept: int
    fuzzy_from_changed: int
    from_memory: int
    new: int
    obsoleted: int


def merge(
    template: polib.POFile,
    catalog: polib.POFile,
    memory: TranslationMemory | None = None,
    memory_exclude: str = "",
) -> MergeResult:
    """Merge a template into a catalog, msgmerge-style, never dropping a translation.

    - same msgid: translation, flags and translator comments kept; references and
      extracted comments taken from the template;
    - changed msgid: the most similar vanished entry's translation is offered as fuzzy,
      with ``#| msgid`` showing the English it translated;
    - vanished msgid with a translation (or translator comment): kept as obsolete ``#~``;
    - new msgid: pre-filled from the translation memory when another article of the
      language has it translated.
    """
    active = {_key(entry): entry for entry in catalog if not entry.obsolete}
    obsolete = {_key(entry): entry for entry in catalog if entry.obsolete}
    wanted = {_key(entry) for entry in template}
    vanished = [
        entry for key, entry in active.items() if key not in wanted and has_translation(entry)
    ] + [entry for key, entry in obsolete.items() if key not in wanted and has_translation(entry)]
    candidates = {id(entry): entry for entry in vanished}
    choices = {id(entry): entry.msgid for entry in vanished}
    at_reference = {
        tuple(entry.occurrences[0]): entry for entry in vanished if entry.occurrences
    }

    merged = polib.POFile(wrapwidth=79)
    merged.header = catalog.header
    merged.metadata = _updated_header(catalog.metadata, template.metadata)
    merged.metadata_is_fuzzy = catalog.metadata_is_fuzzy

    kept = fuzzy_changed = from_memory = new = 0
    used: set[int] = set()
    for template_entry in template:
        key = _key(template_entry)
        old = active.get(key) or obsolete.get(key)
        entry = _fresh(template_entry)
        if old is not None and not has_translation(old) and memory is not None and (
            hit := memory.lookup(template_entry.msgid, memory_exclude)
        ):
            entry.msgstr = hit.msgstr
            entry.flags = list(dict.fromkeys([*entry.flags, "fuzzy"]))
            entry.tcomment = "\n".join(
                filter(None, [old.tcomment, MEMORY_NOTE.format(source=hit.source)])
            )
            from_memory += 1
        elif old is not None:
            entry.msgstr = old.msgstr
            entry.msgstr_plural = dict(old.msgstr_plural) if template_entry.msgid_plural else {}
            entry.tcomment = old.tcomment
            entry.flags = _merged_flags(template_entry, old)
            if "fuzzy" in entry.flags:
                entry.previous_msgid = old.previous_msgid
                entry.previous_msgctxt = old.previous_msgctxt
            kept += 1
        elif choices and (source := _predecessor(template_entry, at_reference, choices, candidates)):
            used.add(id(source))
            entry.msgstr = source.msgstr
            if template_entry.msgid_plural:
                entry.msgstr_plural = dict(source.msgstr_plural)
            entry.tcomment = source.tcomment
            entry.flags = _merged_flags(template_entry, source) + ["fuzzy"]
            entry.flags = list(dict.fromkeys(entry.flags))
            entry.previous_msgid = source.previous_msgid or source.msgid
            entry.previous_msgctxt = source.previous_msgctxt or source.msgctxt
            fuzzy_changed += 1
        elif memory is not None and (hit := memory.lookup(template_entry.msgid, memory_exclude)):
            entry.msgstr = hit.msgstr
            entry.flags = list(dict.fromkeys([*entry.flags, "fuzzy"]))
            entry.tcomment = MEMORY_NOTE.format(source=hit.source)
            from_memory += 1
        else:
            new += 1
        merged.append(entry)

    obsoleted = 0
    for entry in vanished:
        if id(entry) in used and not entry.obsolete:
            continue  # its translation lives on in the fuzzy entry that replaced it
        kept_entry = polib.POEntry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgid_plural=entry.msgid_plural,
            msgstr=entry.msgstr,
            tcomment=entry.tcomment,
            flags=list(entry.flags),
            obsolete=True,
        )
        kept_entry.msgstr_plural = dict(entry.msgstr_plural)
        kept_entry.previous_msgid = entry.previous_msgid
        merged.append(kept_entry)
        obsoleted += 0 if entry.obsolete else 1
    for key, entry in active.items():
        if key not in wanted and not has_translation(entry) and entry.tcomment:
            merged.append(polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, msgstr="",
                                        tcomment=entry.tcomment, obsolete=True))
    return MergeResult(merged, kept, fuzzy_changed, from_memory, new, obsoleted)


def _predecessor(
    entry: polib.POEntry,
    at_reference: dict[tuple[str, str], polib.POEntry],
    choices: dict[int, str],
    candidates: dict[int, polib.POEntry],
) -> polib.POEntry | None:
    """The vanished entry a changed unit most likely was: the one that stood at the same
    source line, if similar enough, else the most similar of all (rapidfuzz)."""
    if entry.occurrences:
        same_place = at_reference.get(tuple(entry.occurrences[0]))
        if same_place is not None and fuzz.ratio(
            entry.msgid, same_place.msgid, score_cutoff=SIMILARITY_CUTOFF
        ):
            return same_place
    match = process.extractOne(
        entry.msgid, choices, scorer=fuzz.ratio, score_cutoff=SIMILARITY_CUTOFF
    )
    return candidates[match[2]] if match else None


_HEADER_ORDER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "Plural-Forms",
)


def _updated_header(header: dict[str, str], template: dict[str, str]) -> dict[str, str]:
    """The catalog's header with the template's identity and date; a field it lacked is
    added where gettext puts it, the translator's own fields stay as written."""
    updated = dict(header)
    for field in ("Project-Id-Version", "POT-Creation-Date"):
        if field in template:
            updated[field] = template[field]
    if list(updated) == list(header):
        return updated
    known = [key for key in _HEADER_ORDER if key in updated]
    return {**{key: updated[key] for key in known},
            **{key: value for key, value in updated.items() if key not in known}}


def _merged_flags(template_entry: polib.POEntry, old: polib.POEntry) -> list[str]:
    """Format flags come from the template; fuzzy and translator flags from the catalog."""
    flags = [flag for flag in template_entry.flags if flag != "fuzzy"]
    for flag in old.flags:
        if flag not in flags and not flag.endswith("-format"):
            flags.append(flag)
    return flags


@dataclass(frozen=True, slots=True)
class Progress:
    """How far one catalog is: units and source words per state."""

    translated: int
    fuzzy: int
    untranslated: int
    translated_words: int
    fuzzy_words: int
    untranslated_words: int

    @property
    def units(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        """Completion by source words (a long paragraph weighs more than a heading)."""
        return completion_percent(self.translated_words, self.words)


def completion_percent(done: int, total: int) -> float:
    """``done`` of ``total`` in percent, rounded down to a tenth: 100 only when complete,
    as a reader of "100 %" (or a full bar) takes it."""
    return (1000 * done // total) / 10 if total else 100.0


def count_words(text: str) -> int:
    return len(text.split())


def progress(catalog: polib.POFile, template: polib.POFile | None = None) -> Progress:
    """Progress of a catalog, measured against the template's units when given."""
    units = template if template is not None else (
        entry for entry in catalog if not entry.obsolete)
    return progress_against(catalog, counted_units(units))


UnitKey = tuple[str | None, str]
"""(msgctxt, msgid): how a catalog's entry is matched with a template's unit."""


def unit_digest(key: UnitKey) -> int:
    """A unit's key as a 64-bit number: what a build keeps of each unit to count progress
    (a few bytes where the msgid and its objects are a few hundred)."""
    context, msgid = key
    text = msgid if context is None else f"{context}\x04{msgid}"  # gettext's own joint
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@dataclass(frozen=True, slots=True)
class CountedUnits:
    """A template's units as progress counts them: each key's digest and its source words."""

    digests: array.array
    words: array.array

    def __len__(self) -> int:
        return len(self.digests)


def counted_units(template: Iterable[polib.POEntry]) -> CountedUnits:
    """All ``progress_against`` needs of a template."""
    units = list(template)
    return CountedUnits(array.array("Q", (unit_digest(_key(unit)) for unit in units)),
                        array.array("L", (count_words(unit.msgid) for unit in units)))


def progress_against(catalog: polib.POFile, units: CountedUnits) -> Progress:
    """Progress of a catalog over ``units`` (``counted_units``)."""
    entries = {unit_digest(_key(entry)): entry for entry in catalog if not entry.obsolete}
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for digest, words in zip(units.digests, units.words, strict=True):
        entry = entries.get(digest)
        if entry is not None and is_translated(entry):
            state = "translated"
        elif entry is not None and has_translation(entry) and "fuzzy" in entry.flags:
            state = "fuzzy"
        else:
            state = "untranslated"
        counts[state][0] += 1
        counts[state][1] += words
    return Progress(
        counts["translated"][0], counts["fuzzy"][0], counts["untranslated"][0],
        counts["translated"][1], counts["fuzzy"][1], counts["untranslated"][1],
    )
