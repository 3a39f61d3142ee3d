"""The usual translator hygiene, locale-aware: end punctuation, spaces, copies, length.

All warnings: they point at likely slips, not at changed facts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache

from babel.core import get_global

from ..languages import parse_language
from . import Context, Entry

_CLOSERS = "\"'*_`"
_NAMES = {
    "question": "a question mark",
    "exclamation": "an exclamation mark",
    "stop": "a full stop",
    "pause": "a comma, colon or semicolon",
    "none": "no punctuation",
}


def _end_class(text: str, lang: str) -> str:
    """What a text ends with: question, exclamation, stop, pause (, : ;) or nothing.

    Closing quotes and brackets are looked through: German „…geben.“ ends with a stop.
    """
    stripped = text.rstrip()
    while stripped and (
        stripped[-1] in _CLOSERS or unicodedata.category(stripped[-1]) in ("Pe", "Pf", "Pi")
    ):
        stripped = stripped[:-1].rstrip()
    if not stripped:
        return "none"
    last = stripped[-1]
    name = unicodedata.name(last, "")
    if "QUESTION MARK" in name or (last == ";" and lang.split("_", maxsplit=1)[0] == "el"):
        return "question"
    if "EXCLAMATION MARK" in name:
        return "exclamation"
    if "FULL STOP" in name or "DANDA" in name or last == "…":
        return "stop"
    if name.endswith(("COLON", "COMMA", "SEMICOLON")):
        return "pause"
    return "none"


@cache
def script(lang: str) -> str:
    """The script a language is written in (its own subtag, else CLDR's likely one)."""
    locale = parse_language(lang)
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags").get(locale.language, "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else ""


def end_punctuation(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """end-punctuation: a question stays a question (؟ in Arabic script, ; in Greek)."""
    source = _end_class(entry.source_text, context.source_lang)
    target_text = entry.target_text
    target = _end_class(target_text, context.lang)
    if source != target:
        yield "end-punctuation", (
            f"the source ends with {_NAMES[source]}, the translation with {_NAMES[target]}"
        )
        return
    if target == "question":
        last = target_text.rstrip(_CLOSERS + " ")[-1:]
        if last == "?" and script(context.lang) == "Arab":
            yield "end-punctuation", "Arabic script uses the Arabic question mark '؟', not '?'"
        if context.lang.split("_")[0] == "es" and "¿" not in target_text:
            yield "end-punctuation", "Spanish questions open with '¿'"


def whitespace(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """whitespace: leading/trailing spaces as in the source; no doubled spaces added."""
    for name, source_part, target_part in (
        ("leading", entry.msgid[: len(entry.msgid) - len(entry.msgid.lstrip())],
         entry.msgstr[: len(entry.msgstr) - len(entry.msgstr.lstrip())]),
        ("trailing", entry.msgid[len(entry.msgid.rstrip()):],
         entry.msgstr[len(entry.msgstr.rstrip()):]),
    ):
        if source_part != target_part:
            yield "whitespace", f"{name} whitespace differs from the source ({source_part!r} vs {target_part!r})"
    if "  " in entry.msgstr.strip() and "  " not in entry.msgid:
        yield "whitespace", "the translation has a doubled space"


def same_as_source(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """same-as-source: an identical copy is usually an unfinished translation."""
    if entry.msgstr == entry.msgid and any(ch.isalpha() for ch in entry.msgid):
        yield "same-as-source", (
            "the translation is identical to the source; if that is right (a name), "
            "say so with '# localise-ignore: same-as-source — reason'"
        )


_DENSE_SCRIPTS = {"Hans", "Hant", "Jpan", "Kore", "Hani"}


def length(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """length: a translation far shorter or longer than the source may drop or add text."""
    source = len(entry.source_text.strip())
    target = len(entry.target_text.strip())
    if source < 30 or not target:
        return
    low = 0.15 if script(context.lang) in _DENSE_SCRIPTS else 0.4
    high = 2.5
    ratio = target / source
    if ratio < low:
        yield "length", (
            f"the translation is {ratio:.2f}× the length of the source (expected at least "
            f"{low}×): a sentence may be missing"
        )
    elif ratio > high:
        yield "length", (
            f"the translation is {ratio:.1f}× the length of the source (expected at most "
            f"{high}×): something may be added or repeated"
        )
