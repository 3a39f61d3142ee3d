"""Numbers read as values, per locale: the heart of the clinical-fact checks.

Tools that compare digit strings raise false alarms on ``0,13`` vs ``0.13`` and miss
``1`` -> ``10``. Here each number is read with the conventions of the language it is
written in (CLDR symbols from Babel for the locale's default and native numbering
systems, percent placement from its percent pattern and unit patterns, digit values from
Unicode), and becomes a value with a kind (plain, percent, per mille). Ranges keep both
ends in order. Identifiers (``L4-L5``, ``PMC10423077``, phone numbers) are not quantities:
they are copied verbatim in every language; a word joined to a number (``type-2``) is no
identifier, and its number is read as any other.

>>> [str(n) for n in read_numbers("Rates range from 0.13% to 7.8%.", "en").numbers]
['0.13%', '7.8%']
>>> [str(n) for n in read_numbers("%0,13 ile %7,8 arasında", "tr").numbers]
['0.13%', '7.8%']
>>> [str(n) for n in read_numbers("٠٫١٣٪ إلى ٧٫٨٪", "ar").numbers]
['0.13%', '7.8%']
>>> [str(n) for n in read_numbers("yüzde 0,13 ile 7,8", "tr").numbers]
['0.13%', '7.8%']
>>> [(str(n), n.notation_issue) for n in read_numbers("10\u2009000 Patienten", "de").numbers]
[('10000', 'space grouping')]
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache

from babel import Locale

from .languages import parse_language

# Babel ships CLDR's numbering-system ids and their symbols but not their digits
# (numberingSystems.xml). This names the Unicode digits of each id; the digit values
# themselves always come from unicodedata.
_DIGIT_NAMES = {
    "latn": "DIGIT",
    "arab": "ARABIC-INDIC DIGIT",
    "arabext": "EXTENDED ARABIC-INDIC DIGIT",
    "deva": "DEVANAGARI DIGIT",
    "beng": "BENGALI DIGIT",
    "thai": "THAI DIGIT",
    "mymr": "MYANMAR DIGIT",
    "khmr": "KHMER DIGIT",
    "laoo": "LAO DIGIT",
    "tibt": "TIBETAN DIGIT",
    "guru": "GURMUKHI DIGIT",
    "gujr": "GUJARATI DIGIT",
    "orya": "ORIYA DIGIT",
    "tamldec": "TAMIL DIGIT",
    "telu": "TELUGU DIGIT",
    "knda": "KANNADA DIGIT",
    "mlym": "MALAYALAM DIGIT",
    "fullwide": "FULLWIDTH DIGIT",
}

# Invisible marks CLDR puts around signs (LRM, RLM, ALM) and the spaces it uses.
_MARKS = "\u200e\u200f\u061c"
_SPACES = " \u00a0\u202f\u2009\u2007"
_TYPOGRAPHIC_SPACES = _SPACES[1:]
"""The spaces that group digits (DIN 5008, ISO 80000) and never part two numbers in text."""
_ZERO_WIDTH = str.maketrans("", "", _MARKS)
_ANY_MARK = re.compile(f"[{_MARKS}]")
_ARABIC_DECIMAL = "\u066b"
"""CLDR's decimal sign for Persian and Arabic digits, which Persian keyboards lack: people
type a slash for it between those digits (۲/۵ is 2.5), so a slash there reads as it."""
_APOSTROPHES = "'\u2019\u02bc"
"""One sign in three spellings: CLDR 47 groups Swiss digits with U+2019, CLDR 48 with U+0027,
and Swiss text uses both (and U+02BC): whichever CLDR gives, all three count as it."""


def same_sign(sign: str) -> str:
    """Every typographic spelling of a grouping ``sign`` (apostrophes, spaces), itself first.

    >>> same_sign("'")
    "'’ʼ"
    >>> same_sign(".")
    '.'
    """
    for family in (_APOSTROPHES, _SPACES):
        if sign and sign in family:
            return sign + family.replace(sign, "")
    return sign


class Kind(StrEnum):
    """What a number measures; 5 and 5% and 5‰ are different facts."""

    PLAIN = "plain"
    PERCENT = "percent"
    PERMILLE = "permille"

    @property
    def sign(self) -> str:
        return _KIND_SIGNS[self]


_KIND_SIGNS: dict[Kind, str] = {Kind.PLAIN: "", Kind.PERCENT: "%", Kind.PERMILLE: "‰"}


@dataclass(frozen=True, slots=True)
class Number:
    """One number as written: its value, kind, text and where it is."""

    value: Decimal
    kind: Kind
    text: str
    start: int
    end: int
    notation_issue: str = ""
    """Empty when written in the locale's own notation; else what is off about it."""
    inferred: bool = False
    """The kind was carried from the other number of a pair joined by a word ("0.13 to
    7.8%", "yüzde 20 ile 30"), which may be a range or two facts ("%5 veya 20'de 1")."""
    joined: bool = False
    """One of a pair joined by a dash or a short word: where a carried kind can be a guess."""
    afternoon: bool = False
    """An English clock hour after noon (``6 p.m.``): 18 on a 24-hour clock (``18 Uhr``)."""

    @property
    def key(self) -> tuple[Decimal, Kind]:
        """Identity for comparison: value and kind (notation does not matter)."""
        return (self.value.normalize(), self.kind)

    def __str__(self) -> str:
        return english(self.value) + self.kind.sign


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything numeric in one text: numbers, ranges (index pairs) and identifiers."""

    numbers: tuple[Number, ...]
    ranges: tuple[tuple[int, int], ...]
    identifiers: tuple[str, ...]

    def range_keys(self) -> tuple[tuple[tuple[Decimal, Kind], tuple[Decimal, Kind]], ...]:
        return tuple((self.numbers[a].key, self.numbers[b].key) for a, b in self.ranges)


def english(value: Decimal) -> str:
    """A value as the English source writes it (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text


@dataclass(frozen=True, slots=True)
class System:
    """One numbering system of a locale: digits (zero code point) and CLDR symbols."""

    name: str
    zero: int
    decimal: str
    group: str
    percent: str
    permille: str
    grouping: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Notation:
    """How a locale writes numbers: its accepted numbering systems and percent habits."""

    code: str
    systems: tuple[System, ...]
    """Accepted systems, the locale's default first, then its native one."""
    percent_prefix: bool
    """True where the percent sign goes before the number (Turkish ``%7,8``)."""
    percent_words: tuple[tuple[str, bool], ...]
    """Spelled-out percent units from CLDR (word, comes before the number), case-folded."""
    permille_words: tuple[tuple[str, bool], ...]
    numeral: re.Pattern[str]
    """Digits with the inner separators this locale, English or space grouping may use."""

    @property
    def latin(self) -> System | None:
        """The locale's Latin-digit system, if it accepts Latin digits."""
        return self.system_for(0x30)

    def system_for(self, zero: int) -> System | None:
        for system in self.systems:
            if system.zero == zero:
                return system
        return None

    def write(self, number: Number, system: System | None = None) -> str:
        """How this locale writes ``number`` (for "did you mean" messages)."""
        system = system or self.systems[0]
        # as many decimals as the source wrote: "2.0" is "2,0" in Turkish, not "2"
        places = max(0, -int(number.value.as_tuple().exponent))
        pattern = copy.copy(Locale.parse(self.code).decimal_formats[None])
        pattern.frac_prec = (places, max(places, pattern.frac_prec[1]))
        latin = pattern.apply(number.value, self.code, numbering_system=system.name)
        latin = latin.translate(_ZERO_WIDTH)
        digits = "".join(
            chr(system.zero + int(ch)) if ch.isdigit() else ch for ch in latin
        )
        if number.kind is Kind.PLAIN:
            return digits
        sign = system.percent if number.kind is Kind.PERCENT else system.permille
        pattern = Locale.parse(self.code).percent_formats[None]
        space = "\u00a0" if any(s in pattern.pattern for s in _SPACES) else ""
        return f"{sign}{space}{digits}" if self.percent_prefix else f"{digits}{space}{sign}"


def _zero_of(system: str) -> int | None:
    name = _DIGIT_NAMES.get(system)
    if name is None:
        return None
    return ord(unicodedata.lookup(f"{name} ZERO"))


@cache
def notation(code: str) -> Notation:
    """The number notation of a locale, from CLDR via Babel (cached per code)."""
    locale = parse_language(code)
    names = [locale.default_numbering_system]
    native = locale.other_numbering_systems.get("native")
    if native and native not in names:
        names.append(native)
    systems = []
    for name in names:
        zero = _zero_of(name)
        if zero is None:
            continue
        symbols = dict(locale.number_symbols["latn"])  # CLDR: missing symbols fall back to latn
        symbols.update(dict(locale.number_symbols.get(name, {})))
        pattern = locale.decimal_formats[None]
        systems.append(
            System(
                name=name,
                zero=zero,
                decimal=symbols["decimal"].translate(_ZERO_WIDTH),
                group=symbols["group"].translate(_ZERO_WIDTH),
                percent=symbols["percentSign"].translate(_ZERO_WIDTH),
                permille=symbols["perMille"].translate(_ZERO_WIDTH),
                grouping=pattern.grouping,
            )
        )
    if not systems:  # a locale whose digits Unicode cannot name: read Latin digits
        symbols = locale.number_symbols["latn"]
        systems.append(
            System("latn", 0x30, symbols["decimal"], symbols["group"], symbols["percentSign"],
                   symbols["perMille"], locale.decimal_formats[None].grouping)
        )
    percent_pattern = locale.percent_formats[None]
    return Notation(
        code=str(locale),
        systems=tuple(systems),
        percent_prefix=bool(percent_pattern.prefix[0].strip(_SPACES + _MARKS)),
        percent_words=_unit_words(locale, "concentr-percent"),
        permille_words=_unit_words(locale, "concentr-permille"),
        numeral=_numeral_pattern(systems),
    )


def _numeral_pattern(systems: list[System]) -> re.Pattern[str]:
    """A numeral: digits joined by the CLDR symbols of ``systems`` (de_CH ``1’000``, Arabic
    ``٠٫١٣``), by English ``.``/``,`` (read as English notation) and by spaces (grouping)."""
    separators = {".", ",", *_SPACES}
    for system in systems:
        separators.update(system.decimal + same_sign(system.group))
        if system.decimal == _ARABIC_DECIMAL and system.zero != 0x30:
            separators.add("/")
    return re.compile(r"\d+(?:[" + re.escape("".join(sorted(separators))) + r"]\d+)*")


def _unit_words(locale: Locale, unit: str) -> tuple[tuple[str, bool], ...]:
    """Spelled-out unit names from CLDR's long unit patterns ("{0} Prozent", "yüzde {0}"),
    the regional locale's and its language's (en_GB's "per cent" and en's "percent")."""
    words: dict[str, bool] = {}
    for source in dict.fromkeys((locale, Locale(locale.language))):
        patterns = source._data["unit_patterns"].get(unit, {})
        for length in ("long", "short", "narrow"):
            for pattern in dict(patterns.get(length, {})).values():
                if "{0}" not in pattern:
                    continue
                before, after = pattern.split("{0}", 1)
                word, prefix = (before, True) if before.strip() else (after, False)
                word = word.strip(_SPACES + _MARKS).casefold()
                if any(ch.isalpha() for ch in word):
                    words.setdefault(word, prefix)
    return tuple(sorted(words.items(), key=lambda item: -len(item[0])))


# A code is copied verbatim; a word joined to a number (type-2, Typ-2, over-65) is not one.
_IDENTIFIER = re.compile(
    r"(?<![^\W\d_])(?![A-Z]?[a-z]{2,}[-‐]\d)"
    r"[A-Za-z]+[-‐]?\d+(?:[-–‐][A-Za-z]*\d+)*"  # L4-L5, C5, COVID-19, PMC123
    r"|\+\d{1,3}(?:[ \-]?\(?\d+\)?){2,}"  # +90 212 444 44 84
)
_VERSION = re.compile(
    r"(?<![\w.,])\d+(?:\.\d+){2,}(?![\w.,]?\d)"  # 2.5.1
    r"|(?<![\w.,])\d+\.\d+(?:a|b|rc|dev|post|alpha|beta)\d+\b"  # 3.0a1
)
"""A version is copied verbatim; read only where ``.`` does not group digits (German
``1.000.000`` is a million)."""
_IDENTIFIER_HINT = re.compile(r"\d(?:(?<=[A-Za-z+]\d)|(?<=[A-Za-z][-‐]\d))")
_VERSION_HINT = re.compile(r"\.(?<=\d\.)\d+(?:\.\d|[abdpr])")
"""What every match of ``_IDENTIFIER`` (a letter or ``+`` before a digit) or ``_VERSION``
holds, found in a fraction of their time: a text without it is not searched (reading
the numbers of a long, number-dense article spent a third of its time in those two).
Each opens with its rarest character (a digit, a dot) and looks behind from there: a
search tries far fewer places than one opening with a letter."""
_DIALLING_CODE = re.compile(r"(?:(?<=[\s(])|^)\+\d{1,3}(?=\s+[^\W\d_]|\)|$)")
"""A country's dialling code (``+1 for the US``): an example each language gives its own
(``+49 für Deutschland``), no quantity; one after a number ends a range (``-5 to +3``)
and a whole phone number is an identifier."""
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b")
_SIGNS = "+-\u2212"
_ANY_DIGIT = re.compile(r"\d")
_MAX_RANGE_WORD = 4


@cache
def _signs() -> dict[str, Kind]:
    """Every Unicode percent and per-mille sign (%, ٪, ％, ﹪, ‰, ؉), from character names."""
    found = {}
    for code in range(0x10000):
        name = unicodedata.name(chr(code), "")
        if name.endswith("PERCENT SIGN"):
            found[chr(code)] = Kind.PERCENT
        elif name.endswith("PER MILLE SIGN"):
            found[chr(code)] = Kind.PERMILLE
    return found


@cache
def _sign_pattern() -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(_signs())) + "]")


def _is_percent_sign(ch: str) -> bool:
    return _signs().get(ch) is Kind.PERCENT


def _is_permille_sign(ch: str) -> bool:
    return _signs().get(ch) is Kind.PERMILLE


def read_numbers(text: str, code: str) -> Reading:
    """Read every number of ``text`` as written in language ``code``."""
    if not _ANY_DIGIT.search(text):
        return Reading((), (), ())
    locale_notation = notation(code)
    identifiers, masked = _mask_identifiers(text, versions=all(
        "." not in same_sign(system.group) for system in locale_notation.systems))
    spans = list(_numerals(masked, locale_notation))
    spans = _attach_signs(masked, spans)
    kinds = _kinds(masked, spans, locale_notation)
    ranges = _ranges(masked, spans, code.split("_", maxsplit=1)[0].split("-", maxsplit=1)[0].lower())
    inferred = [False] * len(spans)
    for first, second, dashed in ranges:
        # "20-30%", "%20-30": the sign serves both ends; "0,13 bis 7,8 %": only backwards;
        # "yüzde 20 ile 30", "%20 ile 30": forwards too, where CLDR puts the unit first.
        # Across a word the carried kind is a guess (the word may be "or", "and").
        a, b = kinds[first], kinds[second]
        if a[0] is Kind.PLAIN and b[0] is not Kind.PLAIN:
            kinds[first] = (b[0], "", False)
            inferred[first] = not dashed
        elif (dashed or a[2]) and b[0] is Kind.PLAIN and a[0] is not Kind.PLAIN:
            kinds[second] = (a[0], "", a[2])
            inferred[second] = not dashed
    joined = {index for first, second, _ in ranges for index in (first, second)}
    afternoon = _afternoon_hours(masked) if code.split("_", maxsplit=1)[0] == "en" else set()
    numbers = []
    for index, ((start, end, value, issue), (kind, placement, _), guess) in enumerate(zip(
            spans, kinds, inferred, strict=True)):
        numbers.append(Number(value, kind, text[start:end], start, end, issue or placement,
                              guess, index in joined, start in afternoon))
    return Reading(tuple(numbers), tuple((a, b) for a, b, _ in ranges), identifiers)


_CLOCK = re.compile(r"\b(\d{1,2})(?::\d{2})?\s*(?:(p)|a)\.?m\.?(?!\w)", re.IGNORECASE)
_CLOCK_HINT = re.compile(r"\d(?::\d{2})?\s*[aApP]\.?[mM]")
"""What every clock time holds: a text without it is not searched for one (its letters
spelled in both cases, as a search ignoring case would try every place)."""


def _afternoon_hours(text: str) -> set[int]:
    """Where the hours of ``text``'s p.m. times start (``6 p.m.``, ``6:30 pm``)."""
    if not _CLOCK_HINT.search(text):
        return set()
    return {match.start() for match in _CLOCK.finditer(text)
            if match.group(2) and int(match.group(1)) < 12}


def _mask_identifiers(text: str, versions: bool = True) -> tuple[tuple[str, ...], str]:
    found = []

    def hide(match: re.Match[str]) -> str:
        found.append(match.group(0))
        return "\ufffc" * len(match.group(0))

    masked = _VERSION.sub(hide, text) if versions and _VERSION_HINT.search(text) else text
    if _IDENTIFIER_HINT.search(masked):
        masked = _IDENTIFIER.sub(hide, masked)
    if "+" in masked:
        masked = _DIALLING_CODE.sub(
            lambda match: match.group(0) if _ANY_DIGIT.search(
                masked[max(0, match.start() - 12) : match.start()]) else "\ufffc" * len(match.group(0)),
            masked)
    return tuple(found), masked


def _numerals(
    text: str, locale_notation: Notation
) -> Iterator[tuple[int, int, Decimal, str]]:
    """(start, end, value, notation issue) of each numeral, split where it cannot be one."""
    for match in locale_notation.numeral.finditer(text):
        yield from _interpret(match.group(0), match.start(), locale_notation)


def _interpret(
    raw: str, offset: int, locale_notation: Notation
) -> Iterator[tuple[int, int, Decimal, str]]:
    if raw.isdigit() and raw.isascii() and locale_notation.latin is not None:
        yield (offset, offset + len(raw), Decimal(raw), "")  # plain Latin digits: most numbers
        return
    if raw.isascii():
        zero, ascii_digits = 0x30, raw
    else:
        zero = ord(raw[0]) - unicodedata.decimal(raw[0])
        if any(ch.isdigit() and ord(ch) - unicodedata.decimal(ch) != zero for ch in raw):
            yield from _split(raw, offset, locale_notation)  # digits of two scripts
            return
        ascii_digits = "".join(
            str(unicodedata.decimal(ch)) if ch.isdigit() else ch for ch in raw
        )
    system = locale_notation.system_for(zero)
    issue = ""
    if system is None:
        issue = "digits of another script"
    candidates = []
    if system is not None:
        candidates.append((system.decimal, system.group, system.grouping, ""))
        if system.decimal == _ARABIC_DECIMAL and zero != 0x30:
            candidates.append(("/", system.group, system.grouping, ""))
    latin = locale_notation.system_for(0x30)
    if zero == 0x30 and (latin is None or (latin.decimal, latin.group) != (".", ",")):
        candidates.append((".", ",", (3, 3), "English notation"))
    if system is None:
        candidates.append((".", ",", (3, 3), ""))
        fallback = locale_notation.systems[0]
        candidates.append((fallback.decimal, fallback.group, fallback.grouping, ""))
    # DIN 5008 and ISO 80000 group with a small space in any locale: "10 000" is ten
    # thousand; a plain space may part two numbers ("2 500-mg-Tabletten")
    decimal = (system or locale_notation.systems[0]).decimal
    candidates.append((decimal, _TYPOGRAPHIC_SPACES, (3, 3), "space grouping"))
    for decimal_sign, group_sign, grouping, wrong in candidates:
        value = _parse(ascii_digits, decimal_sign, group_sign, grouping)
        if value is not None:
            yield (offset, offset + len(raw), value, issue or wrong)
            return
    yield from _split(raw, offset, locale_notation)


def _split(raw: str, offset: int, locale_notation: Notation) -> Iterator[tuple[int, int, Decimal, str]]:
    """A run that is no single number (``1.2.3``, ``10 20``): read its digit groups apart."""
    for match in re.finditer(r"\d+", raw):
        digits = "".join(str(unicodedata.decimal(ch)) for ch in match.group(0))
        zero = ord(match.group(0)[0]) - unicodedata.decimal(match.group(0)[0])
        issue = "" if locale_notation.system_for(zero) else "digits of another script"
        yield (offset + match.start(), offset + match.end(), Decimal(digits), issue)


def _parse(
    digits: str, decimal_sign: str, group_sign: str, grouping: tuple[int, int]
) -> Decimal | None:
    """Strictly parse ASCII digits with the given symbols; None if they do not fit."""
    integer, _, fraction = digits.partition(decimal_sign) if decimal_sign in digits else (digits, "", "")
    if fraction and not fraction.isdigit():
        return None
    parts = _group_separator(group_sign).split(integer) if not integer.isdigit() else [integer]
    if not all(part.isdigit() for part in parts):
        return None
    if len(parts) > 1:
        first, secondary = grouping
        if not 1 <= len(parts[0]) <= secondary or len(parts[-1]) != first:
            return None
        if any(len(part) != secondary for part in parts[1:-1]):
            return None
    try:
        return Decimal("".join(parts) + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None


@cache
def _group_separator(group_sign: str) -> re.Pattern[str]:
    """The group sign in any of its spellings (any space where the locale groups with a
    space, any apostrophe where it groups with one: people type any); ``_TYPOGRAPHIC_SPACES``:
    any of those."""
    group_like = set(group_sign) if group_sign == _TYPOGRAPHIC_SPACES else set(same_sign(group_sign))
    return re.compile("|".join(re.escape(g) for g in sorted(group_like)))


def _attach_signs(
    text: str, spans: list[tuple[int, int, Decimal, str]]
) -> list[tuple[int, int, Decimal, str]]:
    """A ``-``/``+``/``−`` right before a number, not after a word or digit, is its sign."""
    signed = []
    for start, end, value, issue in spans:
        cursor = start
        while cursor > 0 and text[cursor - 1] in _MARKS:
            cursor -= 1
        if cursor > 0 and text[cursor - 1] in _SIGNS:
            before = text[cursor - 2] if cursor > 1 else " "
            if not before.isalnum() and before not in "\ufffc-–—" and before not in _SIGNS:
                sign = -1 if text[cursor - 1] != "+" else 1
                signed.append((cursor - 1, end, value * sign, issue))
                continue
        signed.append((start, end, value, issue))
    return signed


def _skip_gap(text: str, index: int, step: int) -> int:
    """Move over invisible marks and at most one space, in direction ``step``."""
    spaces = 0
    while 0 <= index < len(text) and (text[index] in _MARKS or text[index] in _SPACES):
        if text[index] in _SPACES:
            spaces += 1
            if spaces > 1:
                break
        index += step
    return index


def _kinds(
    text: str, spans: list[tuple[int, int, Decimal, str]], locale_notation: Notation
) -> list[tuple[Kind, str, bool]]:
    """Percent or per mille where a sign or a CLDR unit word belongs to the number.

    Each is (kind, placement issue, leads): ``leads`` when the sign or word comes first as
    CLDR writes it (Turkish ``%20``, ``yüzde 20``). A sign between two numbers (``30% 40``,
    Turkish ``%20-%30``) belongs to the one it touches; if it touches both or neither, to
    the side the locale's pattern puts it.
    """
    kinds: list[tuple[Kind, str, bool]] = [(Kind.PLAIN, "", False)] * len(spans)
    prefix = locale_notation.percent_prefix
    signs = list(_sign_pattern().finditer(text))
    ends = {_skip_gap(text, end, 1): i for i, (_, end, _, _) in enumerate(spans)} if signs else {}
    starts = {_skip_gap(text, start - 1, -1): i
              for i, (start, _, _, _) in enumerate(spans)} if signs else {}
    for match in signs:
        position, kind = match.start(), _signs()[match.group()]
        left, right = ends.get(position), starts.get(position)
        if left is not None and right is not None:
            left_touches = spans[left][1] == position
            right_touches = spans[right][0] == position + 1
            if left_touches != right_touches:
                right = None if left_touches else right
                left = None if right_touches and not left_touches else left
            if left is not None and right is not None:
                left, right = (None, right) if prefix else (left, None)
        if left is not None and kinds[left][0] is Kind.PLAIN:
            kinds[left] = (kind, "sign after the number" if prefix else "", False)
        elif right is not None and kinds[right][0] is Kind.PLAIN:
            kinds[right] = (kind, "" if prefix else "sign before the number", prefix)
    tables: tuple[tuple[tuple[tuple[str, bool], ...], Kind], ...] = (
        (locale_notation.percent_words, Kind.PERCENT),
        (locale_notation.permille_words, Kind.PERMILLE),
    )
    folded = _without_marks(text).casefold()
    tables = tuple((table, kind) for table, kind in tables
                   if any(word in folded for word, _ in table))
    for i, (start, end, _, _) in enumerate(spans if tables else ()):  # no unit word: none
        if kinds[i][0] is not Kind.PLAIN:
            continue
        head = _without_marks(text[max(0, start - 24) : start]).rstrip(_SPACES).casefold()
        tail = _without_marks(text[end : end + 24]).lstrip(_SPACES).casefold()
        for table, kind in tables:
            for word, leads in table:
                # stems match inflected forms: процента, процентов
                if (leads and head.endswith(word)) or (not leads and tail.startswith(word)):
                    kinds[i] = (kind, "", leads)
                    break
            if kinds[i][0] is not Kind.PLAIN:
                break
    return kinds


def _without_marks(text: str) -> str:
    """``text`` without invisible marks (a search finds none in most texts far sooner than
    ``str.translate`` copies them)."""
    return text.translate(_ZERO_WIDTH) if _ANY_MARK.search(text) else text


_WAVE_DASHES = "~\u301c\uff5e"
"""East Asian range marks (〜, ～): a tilde is no dash (Unicode Sm), yet joins a range there."""
_RATIO_WORDS = {"en": frozenset({"in", "of", "per"})}
"""Words of the source language that make two numbers a ratio ("1 in 200", "3 of 40"),
which each language orders its own way (Japanese 200人に1人): no range."""


def _ranges(
    text: str, spans: list[tuple[int, int, Decimal, str]], language: str = ""
) -> list[tuple[int, int, bool]]:
    """Pairs of neighbouring numbers joined by a dash or one short word (to, bis, до, تا);
    two words ("5 kg or 10%", "0,13 мг до 7,8 %") join nothing, nor does a ratio's word."""
    ratio = _RATIO_WORDS.get(language, frozenset())
    found = []
    separators = _range_separators()
    for i in range(len(spans) - 1):
        words = text[spans[i][1] : spans[i + 1][0]].translate(separators).split(None, 1)
        if len(words) != 1:
            continue
        core = words[0]
        if all(unicodedata.category(ch) == "Pd" or ch in _WAVE_DASHES for ch in core) \
                and len(core) <= 2:
            found.append((i, i + 1, True))
        elif _is_word(core) and len(core) <= _MAX_RANGE_WORD and core.casefold() not in ratio:
            found.append((i, i + 1, False))
    return found


@cache
def _range_separators() -> dict[int, str | None]:
    """One ``str.translate`` table for what lies between two numbers: invisible marks go,
    spaces and percent or per-mille signs part words (a sign is no word of a range)."""
    table: dict[int, str | None] = {ord(mark): None for mark in _MARKS}
    table.update({ord(ch): " " for ch in _SPACES})
    table.update({ord(sign): " " for sign in _signs()})
    return table


def _is_word(text: str) -> bool:
    """Letters and combining marks only (Devanagari से, Bengali থেকে are words too)."""
    return bool(text) and all(unicodedata.category(ch)[0] in "LM" for ch in text)


def describe(numbers: tuple[Number, ...] | list[Number]) -> str:
    """Numbers as a translator's note lists them: ``0.13%, 7.8%, 10``."""
    return ", ".join(str(number) for number in numbers)
