"""Fonts: the Noto family that draws each language's script, and a check before printing.

WeasyPrint draws a character that no font has as a box, yet keeps the real character in
the PDF's text layer, so copying, searching and ``pdftotext`` all read it right and nothing
notices: a patient gets a handout of boxes. So each language's pages name the Noto family
of the language's script first (its script comes from CLDR's likely subtags, through
Babel), and before printing, the build checks that the fonts its handouts will use have a
glyph for every character they print (the fonts' own cmaps, read with fontTools); a
language whose fonts lack any is not printed, and the message names the characters and
the font package to install.

Latin, Greek and Cyrillic (Noto Sans) and Arabic (Noto Sans Arabic) are shipped in
``static/fonts``; the other scripts' Noto families are the system's, found through
fontconfig as WeasyPrint finds them (Debian's ``fonts-noto-core``, and ``fonts-noto-cjk``
for Chinese, Japanese and Korean, whose fonts are too large to ship).
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from babel.core import get_global, parse_locale
from markupsafe import Markup

from .languages import parse_language

if TYPE_CHECKING:
    from .build import Gathered
    from .findings import Finding

FONTS = Path(__file__).parent / "static" / "fonts"

FINDING_ID = "font-missing"
"""The id of the build's finding for a language whose fonts lack characters it prints."""


@dataclass(frozen=True, slots=True)
class ScriptFont:
    """How pages in one script are set: the family that draws it, and what it needs."""

    family: str
    """The Noto family, named first in the language's font stack."""
    package: str
    """The Debian package that installs it; empty when it is shipped in ``static/fonts``."""
    tall: bool = False
    """Marks stacked above and below the letters (Arabic, Indic, Thai): taller lines."""
    italic: bool = True
    """False where the script has no italics: quotations stay upright, not slanted."""
    line_break: str = ""
    """CSS ``line-break``: ``strict`` for Chinese and Japanese, so that no line starts with
    。, 、 or a small kana (as Pango breaks in the PDF, after UAX #14)."""


_CORE = "fonts-noto-core"
_CJK = "fonts-noto-cjk"

SCRIPTS: dict[str, ScriptFont] = {
    "Arab": ScriptFont("Noto Sans Arabic", "", tall=True, italic=False),
    "Hebr": ScriptFont("Noto Sans Hebrew", _CORE, italic=False),
    "Thaa": ScriptFont("Noto Sans Thaana", _CORE, tall=True, italic=False),
    "Armn": ScriptFont("Noto Sans Armenian", _CORE),
    "Geor": ScriptFont("Noto Sans Georgian", _CORE),
    "Ethi": ScriptFont("Noto Sans Ethiopic", _CORE, italic=False),
    "Deva": ScriptFont("Noto Sans Devanagari", _CORE, tall=True, italic=False),
    "Beng": ScriptFont("Noto Sans Bengali", _CORE, tall=True, italic=False),
    "Guru": ScriptFont("Noto Sans Gurmukhi", _CORE, tall=True, italic=False),
    "Gujr": ScriptFont("Noto Sans Gujarati", _CORE, tall=True, italic=False),
    "Orya": ScriptFont("Noto Sans Oriya", _CORE, tall=True, italic=False),
    "Taml": ScriptFont("Noto Sans Tamil", _CORE, tall=True, italic=False),
    "Telu": ScriptFont("Noto Sans Telugu", _CORE, tall=True, italic=False),
    "Knda": ScriptFont("Noto Sans Kannada", _CORE, tall=True, italic=False),
    "Mlym": ScriptFont("Noto Sans Malayalam", _CORE, tall=True, italic=False),
    "Sinh": ScriptFont("Noto Sans Sinhala", _CORE, tall=True, italic=False),
    "Thai": ScriptFont("Noto Sans Thai", _CORE, tall=True, italic=False),
    "Laoo": ScriptFont("Noto Sans Lao", _CORE, tall=True, italic=False),
    "Khmr": ScriptFont("Noto Sans Khmer", _CORE, tall=True, italic=False),
    "Mymr": ScriptFont("Noto Sans Myanmar", _CORE, tall=True, italic=False),
    "Hans": ScriptFont("Noto Sans CJK SC", _CJK, italic=False, line_break="strict"),
    "Hant": ScriptFont("Noto Sans CJK TC", _CJK, italic=False, line_break="strict"),
    "Jpan": ScriptFont("Noto Sans CJK JP", _CJK, italic=False, line_break="strict"),
    "Kore": ScriptFont("Noto Sans CJK KR", _CJK, italic=False),
}
"""The scripts whose Noto family is not Noto Sans itself (which draws Latin, Greek and
Cyrillic), by ISO 15924 code. Font data, not locale data: which language writes which
script comes from CLDR."""

BASE_FAMILIES = ("Noto Sans", "DejaVu Sans")
"""What every stack ends with (before the generic ``sans-serif``): the page's own font."""

SHIPPED = {"Noto Sans": "NotoSans-Regular.ttf", "Noto Sans Arabic": "NotoSansArabic-Regular.ttf"}
"""The families in ``static/fonts`` (``@font-face`` in style.css), by their regular face."""


def script_of(lang: str) -> str:
    """The script a language is written in (ISO 15924), from CLDR's likely subtags.

    >>> [script_of(code) for code in ("hi", "he", "zh_CN", "zh_TW", "ja", "sr", "pa_PK")]
    ['Deva', 'Hebr', 'Hans', 'Hant', 'Jpan', 'Cyrl', 'Arab']
    """
    locale = parse_language(lang)
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags")
    for key in (f"{locale.language}_{locale.territory}", locale.language):
        if key in likely:
            script = parse_locale(likely[key])[2]  # (Locale.parse drops a likely script)
            if script:
                return script
    return "Zyyy"  # (ISO 15924 "common": no script of its own)


def script_font(lang: str) -> ScriptFont | None:
    """The font of the language's script, or None where Noto Sans draws it."""
    return SCRIPTS.get(script_of(lang))


def families(lang: str) -> tuple[str, ...]:
    """The font families a page in ``lang`` names, in order (the CSS stack)."""
    own = script_font(lang)
    return ((own.family,) if own else ()) + BASE_FAMILIES


def css_families(lang: str) -> str:
    """The stack as a CSS ``font-family`` value (family names are plain words: no quotes
    needed, so the value is safe inside a page's ``<style>``)."""
    return ", ".join((*families(lang), "sans-serif"))


# ---------------------------------------------------------------------------------------
# Stylesheets: each language's script rules, appended to the shipped ones by the build.


@dataclass(frozen=True, slots=True)
class ScriptRule:
    """The languages of one script, and how their pages are set."""

    selectors: tuple[str, ...]
    """``:lang(hi)``, one per language (BCP 47 tags, as the pages' ``lang`` attributes)."""
    families: Markup
    """The CSS ``font-family`` value (from ``SCRIPTS``, so no escaping is needed)."""
    font: ScriptFont


def script_rules(languages: Sequence[str]) -> tuple[ScriptRule, ...]:
    """One rule per script with a font of its own, in the order of ``languages``."""
    by_script: dict[str, list[str]] = {}
    for lang in dict.fromkeys(languages):
        script = script_of(lang)
        if script in SCRIPTS:
            by_script.setdefault(script, []).append(f":lang({lang.replace('_', '-')})")
    return tuple(
        ScriptRule(tuple(selectors), Markup(", ".join([*(f'"{name}"' for name in (
            SCRIPTS[script].family, *BASE_FAMILIES)), "sans-serif"])), SCRIPTS[script])
        for script, selectors in by_script.items()
    )


def stylesheet(languages: Sequence[str], *, print_css: bool) -> str:
    """The rules of ``languages``' scripts, appended to style.css (screen) or print.css."""
    from .render import render_template

    return render_template("scripts.css", rules=script_rules(languages), print_css=print_css)


def margin_families(lang: str) -> str:
    """The font stack for the printed header and footer (title, page numbers) of a page in
    ``lang``, where the default one (Noto Sans, Noto Sans Arabic) lacks its script."""
    own = script_font(lang)
    return css_families(lang) if own and own.family not in SHIPPED else ""


# ---------------------------------------------------------------------------------------
# Coverage: does some font the page will use have a glyph for each character it prints?


@dataclass(frozen=True, slots=True)
class Face:
    """One font file, or one face of a collection (``index``): what fontconfig names."""

    family: str
    path: str
    index: int


@cache
def installed_face(family: str) -> Face | None:
    """The regular face of ``family``: shipped, else the one fontconfig finds (as Pango
    does, under the same ``FONTCONFIG_FILE``); None if neither has that family."""
    if family in SHIPPED:
        return Face(family, str(FONTS / SHIPPED[family]), 0)
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    found = subprocess.run(
        [fc_match, "--format", "%{family}\n%{file}\n%{index}\n", f"{family}:weight=regular"],
        capture_output=True, text=True, check=False,
    ).stdout.split("\n")
    if len(found) < 3 or family.casefold() not in {
        name.strip().casefold() for name in found[0].split(",")
    }:
        return None  # (fc-match always answers: with another family when this one is absent)
    return Face(family, found[1], int(found[2] or 0))


@cache
def cmap(face: Face) -> frozenset[int]:
    """The characters a face has glyphs for (its cmap, read with fontTools)."""
    from fontTools.ttLib import TTFont

    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())


@cache
def stack_coverage(lang: str) -> frozenset[int]:
    """The characters some font of the language's stack has."""
    covered: set[int] = set()
    for family in families(lang):
        face = installed_face(family)
        if face is not None:
            covered |= cmap(face)
    return frozenset(covered)


@cache
def fallback_coverage() -> tuple[tuple[int, int], ...]:
    """Character ranges of every installed font, as fontconfig lists them: Pango draws a
    character that the named fonts lack with any font that has it."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    listing = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True,
                             text=True, check=False).stdout
    ranges = set()
    for item in listing.split():
        first, _, last = item.partition("-")
        try:
            ranges.add((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    return tuple(sorted(ranges))


def _in_ranges(code: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(first <= code <= last for first, last in ranges)


_UNDRAWN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
"""Controls, format characters (joiners, direction marks) and spaces: nothing to draw."""


def drawn(text: Iterable[str]) -> set[str]:
    """The characters of ``text`` that need a glyph."""
    return {ch for ch in text if unicodedata.category(ch) not in _UNDRAWN}


@dataclass(frozen=True, slots=True)
class MissingGlyphs:
    """Characters that no font the language's pages will use can draw, and where the
    first of them is (the catalog entry or source line that prints it)."""

    lang: str
    characters: str
    file: str
    line: int

    def message(self) -> str:
        shown = " ".join(self.characters[:12]) + (" …" if len(self.characters) > 12 else "")
        count = len(self.characters)
        return (f"{self.lang}: no installed font has {count} character{'s' * (count != 1)} "
                f"that its PDFs print ({shown}), which would print as boxes; "
                f"{install_hint(self.lang)}, then build again (until then its previous pages "
                "stay published)")


def install_hint(lang: str) -> str:
    """What to install for a language's script, in words."""
    own = script_font(lang)
    if own and own.package and installed_face(own.family) is None:
        return f"install {own.family} (Debian: apt-get install {own.package})"
    return ("install a font that has them (Debian's Noto fonts: fonts-noto-core, "
            "fonts-noto-extra, fonts-noto-cjk)")


def missing_glyphs(lang: str, texts: Iterable[tuple[str, int, str]]) -> MissingGlyphs | None:
    """The characters of ``texts`` (file, line, text) that no font draws in ``lang``'s
    pages: neither the fonts its stylesheet names nor, as Pango falls back, any other
    installed font. None when every character has a glyph."""
    covered = {chr(code) for code in stack_coverage(lang)}
    first: dict[str, tuple[str, int]] = {}
    for file, line, text in texts:
        for ch in drawn(set(text) - covered):  # (set operations: a 10 MB catalog is quick)
            first.setdefault(ch, (file, line))
    if first:
        ranges = fallback_coverage()
        first = {ch: place for ch, place in first.items() if not _in_ranges(ord(ch), ranges)}
    if not first:
        return None
    file, line = next(iter(first.values()))  # the first text that prints one
    return MissingGlyphs(lang, "".join(sorted(first)), file, line)


def handout_texts(gathered: Gathered, lang: str) -> Iterator[tuple[str, int, str]]:
    """What a language's handouts print, with the file and line each text comes from:
    the publishable translations of the articles' units (each character once per catalog,
    as the build counted it) and of the site's strings, the dates in the language's words
    and digits, its page-number digits; for the source language, the articles' units.
    Front matter and settings (author, organisation) count too: they are printed in every
    language."""
    from .catalog import is_translated
    from .config import SITE_DOMAIN
    from .numbers import notation
    from .render import format_updated

    project = gathered.project
    yield project.display(project.settings_file), 1, project.organisation
    systems = notation(lang).systems  # page numbers and dates in any digits the pages use
    digits = "".join(chr(system.zero + value) for system in systems for value in range(10))
    if lang != project.source_language:
        site = gathered.catalog(lang, SITE_DOMAIN)
        display = project.display(project.catalog_path(lang, SITE_DOMAIN))
        for entry in site:
            if is_translated(entry):
                yield display, entry.linenum or 1, entry.msgstr
    for slug, facts in gathered.facts.items():
        yield facts.path, facts.meta.line_of("author"), facts.meta.author
        if lang == project.source_language:
            for character, line in facts.glyphs.items():
                yield facts.path, line, character
        else:
            display = project.display(project.catalog_path(lang, slug))
            for character, line in gathered.counts(lang, slug).glyphs.items():
                yield display, line, character
        updated = facts.meta.updated
        yield facts.path, facts.meta.line_of("updated"), (
            (format_updated(updated, lang, systems[0]) if updated else "") + digits)


def coverage_findings(gathered: Gathered, languages: Iterable[str]) -> tuple[Finding, ...]:
    """A ``font-missing`` error for each of ``languages`` whose handouts would print a
    character as a box: the build then publishes none of its pages, as for a blocked
    language."""
    from .findings import Finding, Severity

    found = []
    for lang in languages:
        missing = missing_glyphs(lang, handout_texts(gathered, lang))
        if missing is not None:
            found.append(Finding(FINDING_ID, Severity.ERROR, missing.file, missing.line, "",
                                 missing.message()))
    return tuple(found)
