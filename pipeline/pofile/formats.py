"""Format strings (format-c-parse.h, format-python.c, format-python-brace.c) and the ``#,``
flags that name them: what msgfmt compares between msgid and msgstr, and what msgcat
never breaks a line inside.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from .grammar import _decimal


@dataclass(frozen=True, slots=True)
class _FormatSpec:
    """What a format string asks of its arguments, enough to compare msgid and msgstr."""

    named: tuple[tuple[str, str], ...] = ()
    """(name, type) pairs, sorted by name; the type is '' for python-brace."""
    unnamed: tuple[str, ...] = ()
    """Argument types in order (numbered C arguments are put in order)."""


@dataclass(slots=True)
class _FormatParse:
    """Result of parsing one format string: spec (None if invalid) and directive spans."""

    spec: _FormatSpec | None
    reason: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    """(first, last) index of each valid directive, in parse order."""
    error: tuple[int, int] | None = None
    """(start of the failing directive, index of the fault) for python-brace strings."""

    def fail(self, reason: str) -> _FormatParse:
        self.reason = reason
        return self


_MIXED: Final = (
    "The string refers to arguments both through {} and through unnumbered argument "
    "specifications."
)
_BAD_CONVERSION: Final = (
    "In the directive number {}, the character '{}' is not a valid conversion specifier."
)
_UNTERMINATED: Final = "The string ends in the middle of a directive."
_C_SIZES: Final = {"L": "longlong", "q": "longlong", "j": "intmax", "z": "size",
                   "Z": "size", "t": "ptrdiff"}  # fmt: skip
_C_MACRO: Final = re.compile(r"<PRI([diouxX])(MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")
_DIGITS: Final = re.compile(r"[0-9]*")


def _c_size(size: str, letter: str) -> str:
    """gettext 0.21 accumulates size letters: h, hh, l, ll; later letters replace."""
    if letter == "h":
        return "char" if size in ("short", "char") else "short"
    if letter == "l":
        return "longlong" if size in ("long", "longlong") else "long"
    return _C_SIZES[letter]


def _c_conversion(letter: str, size: str, objc: bool) -> str | None:
    """The argument type a C conversion takes ('' for none), or None if invalid."""
    wide = ":wide" if size in ("long", "longlong") else ""
    kinds = {"%": "", "m": "", "c": "char" + wide, "s": "string" + wide, "C": "char:wide",
             "S": "string:wide", "p": "pointer", "n": "count:" + size}  # fmt: skip
    if letter in kinds:
        return kinds[letter]
    if letter in ("d", "i"):
        return "int:" + size
    if letter in ("u", "o", "x", "X"):
        return "uint:" + size
    if letter and letter in "eEfFgGaA":
        return "double:" + ("longlong" if size == "longlong" else "")
    return "object" if letter == "@" and objc else None


def _parse_c_format(text: str, translated: bool, objc: bool = False) -> _FormatParse:
    """Parse a C (or Objective-C) printf format as gettext 0.21 does."""
    result = _FormatParse(None)
    numbered: list[tuple[int, str]] = []
    unnumbered: list[str] = []
    index = count = 0

    def at(position: int) -> str:
        return text[position : position + 1]

    def argument_number(position: int) -> tuple[int, int]:
        """The N of an ``N$`` at ``position`` (0 if none) and the index after it."""
        digits = _DIGITS.match(text, position).group()  # type: ignore[union-attr]
        if digits and at(position + len(digits)) == "$":
            return _decimal(digits), position + len(digits) + 1
        return 0, position

    def add(number: int, kind: str) -> bool:
        (numbered.append((number, kind)) if number else unnumbered.append(kind))
        return bool(numbered and unnumbered)

    while (index := text.find("%", index)) >= 0:
        start = index
        count += 1
        number, index = argument_number(index + 1)
        if number == 0 and index > start + 1:
            return result.fail(f"In the directive number {count}, the argument number 0 is not "
                               "a positive integer.")  # fmt: skip
        while at(index) and at(index) in " +-#0'" or translated and at(index) == "I":
            index += 1
        for part in ("width", "precision"):
            if part == "precision":
                if at(index) != ".":
                    break
                index += 1
            if at(index) != "*":
                index = _DIGITS.match(text, index).end()  # type: ignore[union-attr]
                continue
            star, after = argument_number(index + 1)
            if after > index + 1 and star == 0:
                return result.fail(f"In the directive number {count}, the {part}'s argument "
                                   "number 0 is not a positive integer.")  # fmt: skip
            index = after
            if add(star, "int:"):
                return result.fail(_MIXED.format("numbers"))
        if at(index) == "<":
            macro = _C_MACRO.match(text, index)
            if macro is None:
                return result.fail(f"In the directive number {count}, the token after '<' is "
                                   "not the name of a format specifier macro.")  # fmt: skip
            kind: str | None = ("int:" if macro[1] in "di" else "uint:") + macro[2]
            index = macro.end() - 1
        else:
            size = ""
            while at(index) and at(index) in "hlLqjzZt":
                size = _c_size(size, text[index])
                index += 1
            kind = _c_conversion(at(index), size, objc)
            if kind is None:
                if not at(index):
                    return result.fail(_UNTERMINATED)
                return result.fail(_BAD_CONVERSION.format(count, at(index)))
        if kind and add(number, kind):
            return result.fail(_MIXED.format("numbers"))
        result.spans.append((start, index))
        index += 1
    if numbered:
        merged: dict[int, str] = {}
        for number, kind in sorted(numbered):
            if merged.setdefault(number, kind) != kind:
                return result.fail(f"The string refers to argument number {number} in "
                                   "incompatible ways.")  # fmt: skip
        for expected, number in enumerate(merged, start=1):
            if number != expected:
                return result.fail(f"The string refers to argument number {number} but "
                                   f"ignores argument number {expected}.")  # fmt: skip
        unnumbered = list(merged.values())
    result.spec = _FormatSpec(unnamed=tuple(unnumbered))
    return result


def _parse_python_format(text: str, translated: bool) -> _FormatParse:
    """Parse a Python ``%`` format as gettext 0.21 does."""
    del translated
    result = _FormatParse(None)
    named: list[tuple[str, str]] = []
    unnamed: list[str] = []
    index = count = 0

    def at(position: int) -> str:
        return text[position : position + 1]

    while (index := text.find("%", index)) >= 0:
        start = index
        index += 1
        count += 1
        name = None
        if at(index) == "(":
            depth = 0
            index += 1
            while at(index) and (at(index) != ")" or depth):
                depth += {"(": 1, ")": -1}.get(text[index], 0)
                index += 1
            if not at(index):
                return result.fail(_UNTERMINATED)
            name = text[start + 2 : index]
            index += 1
        while at(index) and at(index) in "-+ #0":
            index += 1
        zero_precision = False
        for part in ("width", "precision"):
            if part == "precision":
                if at(index) != ".":
                    break
                index += 1
            if at(index) == "*":
                index += 1
                if named:
                    return result.fail(_MIXED.format("argument names"))
                unnamed.append("int")
            elif digits := _DIGITS.match(text, index).group():  # type: ignore[union-attr]
                zero_precision = part == "precision" and not digits.strip("0")
                index += len(digits)
        if at(index) and at(index) in "hlL":
            index += 1
        conversion = at(index)
        kinds = {"%": "none", "c": "char", "s": "string", "r": "string"}
        kinds |= dict.fromkeys("iduoxX", "int") | dict.fromkeys("eEfgG", "float")
        if not conversion:
            return result.fail(_UNTERMINATED)
        if conversion not in kinds:
            return result.fail(_BAD_CONVERSION.format(count, conversion))
        kind = "any" if conversion in "sr" and zero_precision else kinds[conversion]
        if name is not None:
            if unnamed:
                return result.fail(_MIXED.format("argument names"))
            named.append((name, kind))
        elif conversion != "%":
            if named:
                return result.fail(_MIXED.format("argument names"))
            unnamed.append(kind)
        result.spans.append((start, index))
        index += 1
    merged: dict[str, str] = {}
    for name, kind in sorted(named, key=lambda item: item[0].encode("latin-1", "replace")):
        known = merged.get(name, kind)
        if kind != known and "any" not in (kind, known):
            return result.fail(f"The string refers to the argument named '{name}' in "
                               "incompatible ways.")  # fmt: skip
        merged[name] = known if kind == "any" else kind
    result.spec = _FormatSpec(named=tuple(merged.items()), unnamed=tuple(unnamed))
    return result


_BRACE_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACE_NUMBER: Final = re.compile(r"[0-9]+")
_BRACE_STANDARD: Final = re.compile(
    r"(?:.?[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]*)?[bcdoxXneEfFgG%]?", re.DOTALL
)


def _parse_python_brace_format(text: str, translated: bool) -> _FormatParse:
    """Parse a Python ``str.format`` string as gettext 0.21 does."""
    del translated
    result = _FormatParse(None)
    names: set[str] = set()
    count = 0

    def fail(start: int, where: int, reason: str) -> int:
        result.reason = f"In the directive number {count}, {reason}"
        result.error = (start, where)
        return -1

    def directive(start: int, toplevel: bool) -> int:
        """Parse the directive at ``{``; return the index after it or -1 on error."""
        nonlocal count
        position = start + 1
        if text.startswith("{", position):
            return position + 1
        name_start = position
        found = _BRACE_NAME.match(text, position) or _BRACE_NUMBER.match(text, position)
        if found is None:
            shown = text[position : position + 1]
            return fail(start, position, f"'{shown}' cannot start a field name.")
        position = found.end()
        while text.startswith((".", "["), position):
            if text[position] == ".":
                found = _BRACE_NAME.match(text, position + 1)
                if found is None:
                    shown = text[position + 1 : position + 2]
                    return fail(start, position + 1, f"'{shown}' cannot start a getattr argument.")
            else:
                found = _BRACE_NAME.match(text, position + 1) or _BRACE_NUMBER.match(
                    text, position + 1
                )
                if found is None:
                    shown = text[position + 1 : position + 2]
                    return fail(start, position + 1, f"'{shown}' cannot start a getitem argument.")
                if not text.startswith("]", found.end()):
                    return fail(start, found.end(), "there is an unterminated getitem argument.")
            position = found.end() + (text[position] == "[")
        if text.startswith(":", position):
            if not toplevel:
                return fail(start, position, "no more nesting is allowed in a format specifier.")
            position += 1
            if text.startswith("{", position):
                position = directive(position, False)
                if position < 0:
                    return -1
            else:
                position = _BRACE_STANDARD.match(text, position).end()  # type: ignore[union-attr]
        if not text.startswith("}", position):
            return fail(start, position, "there is an unterminated format directive.")
        if toplevel:
            names.add(text[name_start:position])
            count += 1
            result.spans.append((start, position))
        return position + 1

    index = text.find("{")
    while index >= 0:
        index = directive(index, True)
        if index < 0:
            return result
        index = text.find("{", index)
    result.spec = _FormatSpec(named=tuple((name, "") for name in sorted(names)))
    return result


# Verdicts name the strings as {id} and {str}; the caller fills in msgid/msgstr[N].
_COUNT: Final = "number of format specifications in '{id}' and '{str}' does not match"
_NOT_SAME: Final = "format specifications in '{id}' and '{str}' for argument {} are not the same"
_MISSING: Final = "a format specification for argument '{}' doesn't exist in '{str}'"
_EXTRA: Final = "a format specification for argument '{}', as in '{str}', doesn't exist in '{id}'"


def _check_c_format(msgid: _FormatSpec, msgstr: _FormatSpec, strict: bool) -> str | None:
    """msgfmt's verdict on a c-format msgstr against its msgid (None if fine)."""
    wanted, given = msgid.unnamed, msgstr.unnamed
    if len(wanted) != len(given) if strict else len(wanted) < len(given):
        return _COUNT
    for number, (expected, actual) in enumerate(zip(wanted, given, strict=False), start=1):
        if expected != actual:
            return _NOT_SAME.replace("{}", str(number))
    return None


def _check_python_format(msgid: _FormatSpec, msgstr: _FormatSpec, strict: bool) -> str | None:
    """msgfmt's verdict on a python-format msgstr against its msgid (None if fine)."""
    if msgid.named and msgstr.unnamed:
        return "format specifications in '{id}' expect a mapping, those in '{str}' expect a tuple"
    if msgid.unnamed and msgstr.named:
        return "format specifications in '{id}' expect a tuple, those in '{str}' expect a mapping"

    def same(kind: str, other: str) -> bool:
        return kind == other or (not strict and "any" in (kind, other))

    wanted, given = dict(msgid.named), dict(msgstr.named)
    for name in sorted(given.keys() - wanted.keys()):
        return _EXTRA.replace("{}", name)
    for name in sorted(wanted.keys() - given.keys()) if strict else ():
        return _MISSING.replace("{}", name)
    for name, kind in given.items():
        if not same(kind, wanted[name]):
            return _NOT_SAME.replace("{}", f"'{name}'")
    if len(msgid.unnamed) != len(msgstr.unnamed):
        return _COUNT
    pairs = zip(msgid.unnamed, msgstr.unnamed, strict=True)
    for number, (kind, other) in enumerate(pairs, start=1):
        if not same(kind, other):
            return _NOT_SAME.replace("{}", str(number))
    return None


def _check_python_brace_format(
    msgid: _FormatSpec, msgstr: _FormatSpec, strict: bool
) -> str | None:
    """msgfmt's verdict on a python-brace-format msgstr against its msgid (None if fine)."""
    wanted = {name for name, _ in msgid.named}
    given = {name for name, _ in msgstr.named}
    for name in sorted(wanted - given) if strict else ():
        return _MISSING.replace("{}", name)
    for name in sorted(given - wanted) if strict else ():
        return _MISSING.replace("{}", name).replace("{str}", "{id}")
    return None


@dataclass(frozen=True, slots=True)
class _FormatLanguage:
    """A format flag gettext can parse and check here."""

    pretty: str
    parse: Callable[[str, bool], _FormatParse]
    check: Callable[[_FormatSpec, _FormatSpec, bool], str | None]


def _parse_objc_format(text: str, translated: bool) -> _FormatParse:
    return _parse_c_format(text, translated, objc=True)


# gettext 0.21's format_language order: flags print in it and wrap() uses the first.
_FORMAT_NAMES: Final = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp librep "
    "ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl "
    "perl-brace php gcc-internal gfc-internal ycp"
).split()
_FORMATS: Final = {
    "c": _FormatLanguage("C", _parse_c_format, _check_c_format),
    "objc": _FormatLanguage("Objective C", _parse_objc_format, _check_c_format),
    "python": _FormatLanguage("Python", _parse_python_format, _check_python_format),
    "python-brace": _FormatLanguage(
        "Python brace", _parse_python_brace_format, _check_python_brace_format
    ),
}


# --------------------------------------------------------------------------------------
# Flags (po_parse_comment_special): what a "#," line means to gettext.


@dataclass(frozen=True, slots=True)
class _Flags:
    """The meaning of a ``#,`` line: fuzzy, format flags by language, range and wrapping."""

    fuzzy: bool = False
    formats: tuple[tuple[str, str], ...] = ()
    """(language, "yes" | "possible" | "no" | "impossible") in gettext's order."""
    range: tuple[int, int] | None = None
    no_wrap: bool = False

    def first_checked_format(self) -> str | None:
        """The first language whose directives gettext protects when wrapping."""
        for language, value in self.formats:
            if value in ("yes", "possible"):
                return language
        return None


_FLAG_SEPARATORS: Final = re.compile(r"[\n \t\r\f\v,]+")


@functools.lru_cache(maxsize=4096)
def _parse_flags(text: str) -> _Flags:
    """Read flags the way gettext does; unknown flags are ignored, as msgcat drops them."""
    fuzzy = False
    no_wrap = False
    formats: dict[str, str] = {}
    bounds: tuple[int, int] | None = None
    tokens = [token for token in _FLAG_SEPARATORS.split(text) if token]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == "fuzzy":
            fuzzy = True
        elif token.endswith("-format"):
            name, value = token[:-7], "yes"
            for prefix, meaning in (("no-", "no"), ("possible-", "possible"),
                                    ("impossible-", "impossible")):  # fmt: skip
                if name.startswith(prefix):
                    name, value = name[len(prefix) :], meaning
                    break
            if name in _FORMAT_NAMES:
                formats[name] = value
        elif token == "range:" and index < len(tokens):
            found = re.fullmatch(r"([0-9]+)\.\.([0-9]+)", tokens[index])
            low, high = (_decimal(found[1], 2**31 - 1), _decimal(found[2], 2**31 - 1)) if (
                found) else (1, 0)  # fmt: skip
            if low <= high:
                bounds = (low, high)
                index += 1
        elif token == "wrap":
            no_wrap = False
        elif token == "no-wrap":
            no_wrap = True
    ordered = tuple((name, formats[name]) for name in _FORMAT_NAMES if name in formats)
    return _Flags(fuzzy, ordered, bounds, no_wrap)
