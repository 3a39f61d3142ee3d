"""Numbers: every clinical number survives translation with its value, kind and order.

Values are compared, not digit strings: ``0.13`` and Turkish ``%0,13``-style ``0,13``
agree, ``1`` and ``10`` do not. Source and translation are each read in their own
language's CLDR notation (:mod:`pipeline.numbers`), then compared as multisets of
(value, kind); ranges must keep their ends in order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..numbers import Kind, Number, Reading, english, notation, read_numbers
from . import Context, Entry


def _kind_text(number: Number) -> str:
    return {Kind.PLAIN: "", Kind.PERCENT: " (percent)", Kind.PERMILLE: " (per mille)"}[number.kind]


def numbers(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """number-missing, number-changed, number-extra, number-format."""
    source = read_numbers(entry.source_text, context.source_lang)
    target = read_numbers(entry.target_text, context.lang)
    yield from _identifiers(source, entry.msgstr)
    if not source.numbers and not target.numbers:  # most sentences: nothing to compare
        return
    locale = notation(context.lang)

    missing = list(source.numbers)
    unmatched_target = list(target.numbers)
    for loose in (False, True):  # exact kinds first; then a guessed kind may be none
        for number in list(unmatched_target):
            found = next((lost for lost in missing if _same(lost, number, loose)), None)
            if found is None:
                continue
            missing.remove(found)
            unmatched_target.remove(number)
            if number.notation_issue:
                yield "number-format", (
                    f"{number.text.strip()} has the right value but {_issue(number)}; "
                    f"{context.lang} writes “{locale.write(number)}”"
                )

    for lost in missing:
        if unmatched_target:
            found = _closest(lost, unmatched_target)
            unmatched_target.remove(found)
            yield "number-changed", (
                f"{english(lost.value)}{lost.kind.sign}{_kind_text(lost)} became "
                f"“{found.text.strip()}” = {found}{_kind_text(found)}; "
                f"{context.lang} writes it “{locale.write(lost)}”"
            )
        else:
            yield "number-missing", (
                f"{lost}{_kind_text(lost)} is missing from the translation "
                f"(write it as a numeral: “{locale.write(lost)}”; a number spelled out in words "
                "or left out is a changed clinical fact)"
            )
    for extra in unmatched_target:
        yield "number-extra", (
            f"“{extra.text.strip()}” = {extra} is not in the source; check it is not a typo "
            "(a translator's addition such as a conversion should be agreed with the editor)"
        )
    yield from _range_order(source, target)


def _issue(number: Number) -> str:
    issue = number.notation_issue
    if issue == "English notation":
        return "is written in English notation"
    if issue == "digits of another script":
        return "uses digits this language does not use"
    if issue == "space grouping":
        return "groups digits with a space"
    return f"has the {issue}"


def _same(source: Number, target: Number, loose: bool) -> bool:
    """Same value and kind; ``loose``: a kind carried across a word ("%5 veya 20") may be
    none, on either side."""
    if source.key == target.key:
        return True
    return loose and source.value.normalize() == target.value.normalize() and (
        (source.inferred and target.kind is Kind.PLAIN)
        or (target.inferred and source.kind is Kind.PLAIN)
        or (source.inferred and target.inferred))


def _closest(lost: Number, candidates: list[Number]) -> Number:
    """The unmatched translated number most likely to be the changed one."""
    same_kind = [number for number in candidates if number.kind is lost.kind]
    pool = same_kind or candidates
    return min(pool, key=lambda number: abs(number.value - lost.value))


def _range_order(source: Reading, target: Reading) -> Iterator[tuple[str, str]]:
    if not source.ranges:
        return
    target_ranges = Counter(target.range_keys())
    for low, high in source.range_keys():
        if low == high or target_ranges[(low, high)]:
            target_ranges[(low, high)] -= 1
            continue
        if target_ranges[(high, low)]:
            target_ranges[(high, low)] -= 1
            first = english(low[0]) + low[1].sign
            second = english(high[0]) + high[1].sign
            yield "number-changed", (
                f"the range {first}–{second} is reversed in the translation ({second}–{first})"
            )


def _identifiers(source: Reading, msgstr: str) -> Iterator[tuple[str, str]]:
    """Identifiers (vertebral levels, reference ids, phone numbers) are copied verbatim."""
    for identifier in source.identifiers:
        if identifier not in msgstr:
            yield "number-missing", (
                f"identifier {identifier!r} is missing; copy it exactly as written, Latin digits"
            )
