"""Numbers: every clinical number survives translation with its value, kind and order.

Values are compared, not digit strings: ``0.13`` and Turkish ``%0,13``-style ``0,13``
agree, ``1`` and ``10`` do not. Source and translation are each read in their own
language's CLDR notation (:mod:`pipeline.numbers`), then paired by value and kind
(sure kinds first; a kind the reading only guessed across a word may be none, see
``_same``); ranges must keep their ends, in order and with their kinds.
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
    for level in _LEVELS:  # sure kinds first, then guessed ones, then a guess may be none
        for number in list(unmatched_target):
            found = next((lost for lost in missing if _same(lost, number, level)), None)
            if found is None:
                continue
            missing.remove(found)
            unmatched_target.remove(number)
            if number.notation_issue:  # written as the source's number is (its kind is sure)
                yield "number-format", (
                    f"{number.text.strip()} has the right value but {_issue(number)}; "
                    f"{context.lang} writes “{locale.write(found)}”"
                )

    changed = set()
    for lost in missing:
        if unmatched_target:
            found = _closest(lost, unmatched_target)
            unmatched_target.remove(found)
            changed.add(id(found))
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
    changed.update(id(extra) for extra in unmatched_target)
    for extra in unmatched_target:
        yield "number-extra", (
            f"“{extra.text.strip()}” = {extra} is not in the source; check it is not a typo "
            "(a translator's addition such as a conversion should be agreed with the editor)"
        )
    yield from _range_order(source, target, changed)


def _issue(number: Number) -> str:
    issue = number.notation_issue
    if issue == "English notation":
        return "is written in English notation"
    if issue == "digits of another script":
        return "uses digits this language does not use"
    if issue == "space grouping":
        return "groups digits with a space"
    return f"has the {issue}"


_LEVELS = ("sure", "same", "guess")


def _same(source: Number, target: Number, level: str) -> bool:
    """Whether two numbers match, at one of three levels tried in turn, so that a guess
    never takes the place a sure number needs: ``sure``, same value and kind with
    neither kind guessed; ``same``, same value and kind; ``guess``, a kind the reading
    carried across a word may be none. The translation's guess ("%5 veya 20'de 1")
    never decides against a plain source; the source's guess ("5 or 20%") only while
    the translation keeps the number in a pair too ("0,13 mg bis 7,8 %" changes a kind)."""
    if source.key == target.key:
        return level != "sure" or not (source.inferred or target.inferred)
    return level == "guess" and source.value.normalize() == target.value.normalize() and (
        (target.inferred and source.kind is Kind.PLAIN)
        or (source.inferred and target.kind is Kind.PLAIN and target.joined))


def _closest(lost: Number, candidates: list[Number]) -> Number:
    """The unmatched translated number most likely to be the changed one."""
    same_kind = [number for number in candidates if number.kind is lost.kind]
    pool = same_kind or candidates
    return min(pool, key=lambda number: abs(number.value - lost.value))


def _range_order(source: Reading, target: Reading, reported: set[int]) -> Iterator[tuple[str, str]]:
    """A range whose ends swap places, or whose ends keep their values but not their
    kinds ("1 to 2 weeks" as "1 bis 2 %", the 2 % matched elsewhere), compared as the
    numbers are (a carried kind may be none); pairs with a number already ``reported``
    changed are left out."""
    pairs = [(target.numbers[a], target.numbers[b]) for a, b in target.ranges
             if not {id(target.numbers[a]), id(target.numbers[b])} & reported]
    for a, b in source.ranges:
        low, high = source.numbers[a], source.numbers[b]
        if low.key == high.key:
            continue
        kept = next((pair for pair in pairs if _same(low, pair[0], "guess")
                     and _same(high, pair[1], "guess")), None)
        if kept is not None:
            pairs.remove(kept)
            continue
        swapped = next((pair for pair in pairs if _same(low, pair[1], "guess")
                        and _same(high, pair[0], "guess")), None)
        if swapped is not None:
            pairs.remove(swapped)
            yield "number-changed", (
                f"the range {low}–{high} is reversed in the translation ({high}–{low})")
            continue
        values = (low.value.normalize(), high.value.normalize())
        other = next((pair for pair in pairs
                      if (pair[0].value.normalize(), pair[1].value.normalize()) == values), None)
        if other is not None:
            pairs.remove(other)
            yield "number-changed", (
                f"the range {low}–{high} became {other[0]}–{other[1]} in the translation")


def _identifiers(source: Reading, msgstr: str) -> Iterator[tuple[str, str]]:
    """Identifiers (vertebral levels, reference ids, phone numbers) are copied verbatim."""
    for identifier in source.identifiers:
        if identifier not in msgstr:
            yield "number-missing", (
                f"identifier {identifier!r} is missing; copy it exactly as written, Latin digits"
            )
