"""Numbers: every clinical number survives translation with its value, kind and order.

Values are compared, not digit strings: ``0.13`` and Turkish ``%0,13``-style ``0,13``
agree, ``1`` and ``10`` do not. Source and translation are each read in their own
language's CLDR notation (:mod:`pipeline.numbers`), then paired by value and kind
(sure kinds first; a kind the reading only guessed across a word may be none, see
``_same``); ranges must keep their ends, in order and with their kinds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from babel.core import get_global

from ..numbers import Kind, Notation, Number, Reading, english, notation, read_numbers, same_sign
from ..placeholders import mask
from . import Context, Entry


def _kind_text(number: Number) -> str:
    return {Kind.PLAIN: "", Kind.PERCENT: " (percent)", Kind.PERMILLE: " (per mille)"}[number.kind]


def numbers(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """number-missing, number-changed, number-extra, number-format."""
    source = read_numbers(entry.source_masked, context.source_lang)
    target_text = entry.target_masked
    if source.identifiers:
        yield from _identifiers(source, entry.msgstr, context)
        target_text = _mask_identifiers(source.identifiers, target_text, context)
    target = read_numbers(target_text, context.lang)
    if not source.numbers and not target.numbers:  # most sentences: nothing to compare
        return
    locale = notation(context.lang)

    optional = _count_values(entry, context)
    missing = list(source.numbers)
    unmatched_target = list(target.numbers)
    for level in _LEVELS:  # sure kinds first, then guessed ones, then a guess may be none
        for number in list(unmatched_target):
            found = next((lost for lost in missing if _same(lost, number, level)), None)
            if found is None:
                continue
            missing.remove(found)
            unmatched_target.remove(number)
            if number.notation_issue and _wrong_here(number, target, target_text, locale):
                yield "number-format", (
                    f"{number.text.strip()} has the right value but {_issue(number)}; "
                    f"{context.lang} writes “{locale.write(found)}”"
                )

    changed = set()
    for lost in missing:
        if lost.key in optional:
            continue  # the count of a plural's singular: the form itself says it
        words = _in_words(lost, target_text, context.lang)
        if words is not None:
            yield ("number-missing" if context.numbers_in_words == "error" else "number-words"), (
                f"{words} = {lost}{_kind_text(lost)}, in words: write it as a numeral, "
                f"“{locale.write(lost)}”" + ("" if context.numbers_in_words == "error" else
                                             " (where a number must stay a numeral)"))
            continue
        if unmatched_target:
            found = _closest(lost, unmatched_target)
            unmatched_target.remove(found)
            changed.add(id(found))
            yield "number-changed", (
                f"{english(lost.value)}{lost.kind.sign}{_kind_text(lost)} became "
                f"“{found.text.strip()}” = {found}{_kind_text(found)}; "
                f"{context.lang} writes it “{locale.write(lost)}”"
            )
        elif context.numbers_in_words != "error" and _maybe_in_words(lost, target_text):
            yield "number-words", (
                f"{lost} is not written as a numeral in the translation: in words, or left "
                "out? (a translation with no numeral at all most often spells a small number)")
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
    if source.afternoon and target.value == source.value + 12 and target.kind is Kind.PLAIN:
        return True  # 6 p.m. is 18 Uhr
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


def _identifiers(source: Reading, msgstr: str, context: Context) -> Iterator[tuple[str, str]]:
    """Identifiers (vertebral levels, reference ids, phone numbers) are copied verbatim;
    in any project's catalog letter case may differ (``IPV4``) and the letters may be
    transliterated into the language's script (Hindi ``ई-पब3`` for ``EPUB3``)."""
    for identifier in source.identifiers:
        if identifier in msgstr:
            continue
        if not context.markdown and (identifier.casefold() in _latin_digits(msgstr).casefold()
                                     or _transliterated(identifier, msgstr)):
            continue
        yield "number-missing", (
            f"identifier {identifier!r} is missing; copy it exactly as written, Latin digits"
        )


def _latin_digits(text: str) -> str:
    """``text`` with every digit as its Latin one and the Arabic decimal sign (or the slash
    Persian types for it) as ``.``, character for character: ``۳/۰a۱`` is ``3.0a1``."""
    return "".join(str(int(ch)) if ch.isdigit() and not ch.isascii()
                   else "." if ch in "\u066b/" else ch for ch in text)


def _transliterated(identifier: str, text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes the identifier's letters in another script before its digits
    (in any digit system): ``आइ.पी.भी४`` for ``IPv4``, ``ई-पब3`` for ``EPUB3``."""
    digits = "".join(ch for ch in identifier if ch.isdigit())
    if not digits or not any(ch.isalpha() for ch in identifier) or not digits.isascii():
        return []
    found = []
    for match in re.finditer(r"(\S*?) ?(\d+)", text):
        word, written = match.group(1), "".join(str(int(ch)) for ch in match.group(2))
        if written == digits and any(ch.isalpha() for ch in word) and not any(
                "a" <= ch.lower() <= "z" for ch in word):
            found.append((match.start(), match.end()))
    return found


def _mask_identifiers(identifiers: tuple[str, ...], text: str, context: Context) -> str:
    """The translation with the source's identifiers masked, as the source's are: their
    digits are no quantities there either (a version's ``2.5.1`` in German text)."""
    spans = []
    latin = text if context.markdown else _latin_digits(text)
    for identifier in identifiers:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(identifier), latin,
                                                            0 if context.markdown else re.I)]
        if not context.markdown:
            spans += _transliterated(identifier, text)
    return mask(text, spans) if spans else text


def _count_values(entry: Entry, context: Context) -> set[tuple[Decimal, Kind]]:
    """A plural entry's singular writes its count (``Delete 1 page``): a form checked
    against it may say that count in words, by its grammar, or as the placeholder."""
    if not entry.singular_of:
        return set()
    plural = read_numbers(entry.singular_of, context.source_lang)
    return {number.key for number in read_numbers(entry.source_masked, context.source_lang).numbers
            } - {number.key for number in plural.numbers}


def _wrong_here(number: Number, reading: Reading, text: str, locale: Notation) -> bool:
    """Whether a notation issue is worth a warning: a decimal sign this language reads as
    grouping, a sign placed against its habit, space grouping, or digits of a script it
    does not use or mixed with others in one message; never Latin digits used throughout
    (CLDR gives every locale Latin digits as an alternative) or a code such as ``(500)``."""
    if number.notation_issue != "digits of another script":
        return number.notation_issue != "English notation" or _reads_otherwise(number, locale)
    if text[number.start - 1 : number.start] == "(" and text[number.end : number.end + 1] == ")":
        return False
    zeros = {ord(ch) - int(ch) for other in reading.numbers for ch in other.text if ch.isdigit()}
    latin_only = number.text.isascii() and zeros == {0x30}
    return not latin_only


def _reads_otherwise(number: Number, locale: Notation) -> bool:
    """English notation is wrong where the locale groups with the English decimal sign
    (German ``0.13``) or writes decimals with its grouping sign; French ``0.13`` is not."""
    latin = locale.system_for(0x30) or locale.systems[0]
    return ("." in number.text and "." in same_sign(latin.group)) or (
        "," in number.text and latin.decimal == ",")


_SPACED = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u0590-\u06ff\u0900-\u0dff]")
"""Scripts whose words spaces part (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic)."""
_WORD_START = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f]")
"""Scripts where a number word starts a word (no particle glued before it)."""


@cache
def _converters(lang: str) -> tuple[str, ...]:
    """num2words language codes that may render ``lang``: itself, its language, and that
    language's CLDR parent (``no`` for ``nb`` and ``nn``)."""
    from num2words import CONVERTER_CLASSES

    language = lang.replace("-", "_").split("_")[0]
    parents = get_global("parent_exceptions")
    return tuple(code for code in dict.fromkeys((lang, language, parents.get(lang, ""),
                                                  parents.get(language, "")))
                 if code in CONVERTER_CLASSES)


@cache
def _words(value: Decimal, lang: str) -> tuple[str, ...]:
    from num2words import num2words

    found = []
    for code in _converters(lang):
        try:
            found.append(str(num2words(int(value), lang=code)).casefold())
        except (NotImplementedError, OverflowError, ValueError, TypeError, AttributeError):
            continue
    return tuple(dict.fromkeys(found))


def _maybe_in_words(lost: Number, text: str) -> bool:
    """A small whole number (0 to 10, the ones style guides spell out) where the
    translation has no numeral at all: in a language num2words does not read, or as an
    idiom ("last week" for "past 7 days"). Only where numbers in words are warnings."""
    return (lost.kind is Kind.PLAIN and lost.value == lost.value.to_integral_value()
            and 0 <= lost.value <= 10 and not re.search(r"\d", text))


def _in_words(lost: Number, text: str, lang: str) -> str | None:
    """The word(s) in ``text`` that write ``lost`` (num2words' rendering in ``lang``,
    inflected forms by their stem), or None. A zero may be a word for none ("ingen"):
    a translation with no numeral where the source has 0 is read as one."""
    if lost.kind is not Kind.PLAIN or lost.value != lost.value.to_integral_value() \
            or not 0 <= lost.value <= 10**6:
        return None
    folded = text.casefold()
    for word in _words(lost.value, lang):
        if not _SPACED.match(word) or (not _WORD_START.match(word) and len(word) > 3):
            if word in folded:  # no spaces (Thai), or glued particles (Arabic السبعة)
                return word
        elif len(word) <= 3 or " " in word or "-" in word:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded):
                return word
        elif re.search(rf"(?<!\w){re.escape(word)}", folded):
            return word
        elif len(word) >= 5 and re.search(rf"(?<!\w){re.escape(word[:-2])}", folded):
            return word[:-2] + "…"
    if lost.value == 0 and not re.search(r"\d", text):
        return "a word for none"
    return None
