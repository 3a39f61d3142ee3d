"""placeholder: every format directive of the source kept, none added, renamed or glued.

Named directives (``%(count)s``, ``{name}``, ``%1$s``) may move; bare ones (``%s``,
``{}``) are filled in order, so their order counts too. For entries flagged c-, objc-,
python- or python-brace-format, msgfmt's own comparison is ``catalog-invalid``; what it
does not see is still reported here: a directive glued to a digit or letter where the
source's is not (``1%s`` reads as a percent, ``%(name)sсниппета`` lost its space).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..placeholders import MSGFMT_CHECKED, Placeholder, find, glued, named_placeholders
from . import Context, Entry
from .hygiene import script


def placeholders(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """placeholder: missing, added, renamed, reordered or glued directives."""
    if not entry.kinds:
        for added in named_placeholders(entry.msgstr):
            yield "placeholder", (
                f"placeholder {added} is not in the source; the program has no value for it")
        return
    source = find(entry.msgid, entry.kinds)
    target = find(entry.msgstr, entry.kinds)
    if not source and not target:
        return
    if not any(flag in MSGFMT_CHECKED for flag in entry.flags):
        yield from _compared(source, target, entry.one_count)
    else:
        yield from _spaced(source, target)
    if script(context.lang) not in _UNSPACED:
        yield from _glued(entry, source, target)


_UNSPACED = frozenset({"Jpan", "Hans", "Hant", "Hani", "Thai", "Laoo", "Khmr", "Mymr", "Tibt"})
"""Scripts written without spaces between words: a directive glued to a word is normal."""


def _spaced(source: tuple[Placeholder, ...], target: tuple[Placeholder, ...]) -> Iterator[tuple[str, str]]:
    """A space typed inside a directive (``%(name) roghnaithe``): msgfmt reads the space as
    a flag and the next letter as the conversion (``r``, not the source's ``s``), so the
    directive changed unseen; ``% s`` keeps its conversion and prints the same."""
    written = {p.text for p in source}
    conversions = {p.text[-1] for p in source}
    for placeholder in target:
        if placeholder.text not in written and any(ch.isspace() for ch in placeholder.text) \
                and placeholder.text[-1] not in conversions:
            yield "placeholder", (
                f"placeholder “{placeholder.text}” has a space inside; write it as the source "
                "does (" + ", ".join(sorted(written)) + ")")


def _compared(source: tuple[Placeholder, ...], target: tuple[Placeholder, ...],
              one_count: bool) -> Iterator[tuple[str, str]]:
    lost = Counter(p.text for p in source) - Counter(p.text for p in target)
    added = Counter(p.text for p in target) - Counter(p.text for p in source)
    if one_count and not added:
        return  # a form for one count may leave its placeholders out (gettext allows it)
    for old, new in zip(sorted(lost.elements()), sorted(added.elements()), strict=False):
        yield "placeholder", f"placeholder {old} became {new}; the program fills in {old}"
    pairs = min(sum(lost.values()), sum(added.values()))
    for old in sorted(lost.elements())[pairs:]:
        yield "placeholder", (
            f"placeholder {old} is missing; the program's value would not be shown")
    for new in sorted(added.elements())[pairs:]:
        yield "placeholder", f"placeholder {new} is not in the source; the program has no value for it"
    if lost or added:
        return
    bare_source = [p.text for p in source if not p.named]
    bare_target = [p.text for p in target if not p.named]
    if bare_source != bare_target and len(set(bare_source)) > 1:
        yield "placeholder", (
            f"the placeholders {', '.join(bare_source)} are filled in this order; the translation "
            f"has {', '.join(bare_target)} (use numbered ones such as %1$s to reorder)")


def _glued(entry: Entry, source: tuple[Placeholder, ...], target: tuple[Placeholder, ...]) -> Iterator[tuple[str, str]]:
    source_glue: dict[str, set[str]] = {}
    for placeholder in source:
        source_glue.setdefault(placeholder.text, set()).add(glued(entry.msgid, placeholder, source))
    for placeholder in target:
        glue = glued(entry.msgstr, placeholder, target)
        if glue and glue not in source_glue.get(placeholder.text, {glue}):
            around = entry.msgstr[max(0, placeholder.start - 3): placeholder.end + 3]
            yield "placeholder", (
                f"placeholder {placeholder.text} is glued to a {glue} in “{around}”, unlike the "
                "source: " + ("the number shown would change" if glue == "digit"
                              else "a space is missing"))
