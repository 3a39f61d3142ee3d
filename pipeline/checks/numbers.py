"""Numbers: every clinical number survives translation with its value, kind and order.

Values are compared, not digit strings: ``0.13`` and Turkish ``%0,13``-style ``0,13``
agree, ``1`` and ``10`` do not. Source and translation are each read in their own
language's CLDR notation (:mod:`pipeline.numbers`), then compared as multisets of
(value, kind); ranges must keep their ends in order.
"""

from __future__ import annotations

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
            if number.notation_issue:  # written as the source's number is (its kind is sure)
                yield "number-format", (
                    f"{number.text.strip()} has the right value but {_issue(number)}; "
                    f"{context.lang} writes “{locale.write(found)}”"
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
    """Same value and kind; ``loose``: a kind the reading carried across a word may be
    none. The translation's guess ("%5 veya 20'de 1") never decides against a plain
    source; the source's guess ("5 or 20%") only while the translation keeps the number
    in a pair too (a number taken out of it, "0,13 mg bis 7,8 %", has a changed kind)."""
    if source.key == target.key:
        return True
    return loose and source.value.normalize() == target.value.normalize() and (
        (target.inferred and source.kind is Kind.PLAIN)
        or (source.inferred and target.kind is Kind.PLAIN and target.joined))


def _closest(lost: Number, candidates: list[Number]) -> Number:
    """The unmatched translated number most likely to be the changed one."""
    same_kind = [number for number in candidates if number.kind is lost.kind]
    pool = same_kind or candidates
    return min(pool, key=lambda number: abs(number.value - lost.value))


def _range_order(source: Reading, target: Reading) -> Iterator[tuple[str, str]]:
    """A range whose ends swap places (kinds compared as the numbers were: a carried kind
    may be none, so "7,8 % bis 0,13" is 0.13 to 7.8% reversed)."""
    pairs = [(target.numbers[a], target.numbers[b]) for a, b in target.ranges]
    for a, b in source.ranges:
        low, high = source.numbers[a], source.numbers[b]
        if low.key == high.key:
            continue
        kept = next((pair for pair in pairs
                     if _same(low, pair[0], True) and _same(high, pair[1], True)), None)
        if kept is not None:
            pairs.remove(kept)
            continue
        swapped = next((pair for pair in pairs
                        if _same(low, pair[1], True) and _same(high, pair[0], True)), None)
        if swapped is not None:
            pairs.remove(swapped)
            yield "number-changed", (
                f"the range {low}–{high} is reversed in the translation ({high}–{low})")


def _identifiers(source: Reading, msgstr: str) -> Iterator[tuple[str, str]]:
    """Identifiers (vertebral levels, reference ids, phone numbers) are copied verbatim."""
    for identifier in source.identifiers:
        if identifier not in msgstr:
            yield "number-missing", (
                f"identifier {identifier!r} is missing; copy it exactly as written, Latin digits"
            )
