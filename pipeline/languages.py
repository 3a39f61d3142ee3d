"""Language codes: validated by Babel (CLDR), never turned into paths outside our folders.

A code arrives from the command line, a folder name or a catalog header. It is accepted
only if it is a plain CLDR identifier (letters, digits, ``_`` or ``-``) that Babel knows;
otherwise the error lists the close matches, so ``TR `` or ``pt-br`` is one edit away.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from babel.plural import PluralRule, to_gettext

from .errors import LocaliseError

_EXPONENT_OPERAND = re.compile(r"(?<![\w])[ce](?![\w])")
_CODE_SHAPE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")


@cache
def _known_codes() -> dict[str, str]:
    return {code.lower(): code for code in locale_identifiers()}


def close_matches(code: str, limit: int = 5) -> list[str]:
    """Known CLDR codes that look like ``code`` (for "did you mean" messages)."""
    wanted = code.strip().replace("-", "_").lower()
    found = difflib.get_close_matches(wanted, list(_known_codes()), n=limit, cutoff=0.6)
    return [_known_codes()[match] for match in found]


def parse_language(code: str, *, where: str | None = None, line: int | None = None) -> Locale:
    """Parse a language code with Babel; reject path-like, empty and unknown codes.

    >>> str(parse_language("pt-BR")), str(parse_language("sr_Latn"))
    ('pt_BR', 'sr_Latn')
    """
    if not _CODE_SHAPE.fullmatch(code):
        shown = code if code.isprintable() and code.strip() == code and code else repr(code)
        suggestions = close_matches(code) if code.strip() else []
        raise LocaliseError(
            f"{shown} is not a language code (letters and '_' or '-' only)",
            where,
            line,
            hint=_did_you_mean(suggestions),
        )
    try:
        locale = Locale.parse(code, sep="-" if "-" in code else "_")
    except (UnknownLocaleError, ValueError) as error:
        raise LocaliseError(
            f"unknown language code {code!r} (not in CLDR)",
            where,
            line,
            hint=_did_you_mean(close_matches(code)),
        ) from error
    if str(locale).lower() not in _known_codes():
        raise LocaliseError(
            f"unknown language code {code!r} (not in CLDR)",
            where,
            line,
            hint=_did_you_mean(close_matches(code)),
        )
    return locale


def _did_you_mean(suggestions: list[str]) -> str:
    if not suggestions:
        return "use a CLDR code such as tr, de, ru, ar, fa or pt_BR"
    return "did you mean: " + ", ".join(suggestions) + "?"


def language_name(locale: Locale) -> str:
    """The language's name in itself ("Türkçe", "العربية"), for switchers and indexes."""
    name = locale.get_display_name(locale) or str(locale)
    return name[:1].upper() + name[1:] if locale.language not in ("ar", "fa", "he") else name


def integer_plural_tags(rule: PluralRule) -> tuple[str, ...]:
    """The CLDR plural categories that whole numbers reach, in gettext's order.

    gettext selects a form by an integer ``n``; CLDR's ``other`` of Russian or Polish is
    reached only by fractions, so gettext catalogs for them have 3 forms, not 4.
    """
    samples = [*range(1000), *(10**k for k in range(3, 8)), 1001, 1_000_001]
    reached = {rule(n) for n in samples}
    order = ("zero", "one", "two", "few", "many", "other")
    return tuple(tag for tag in order if tag in reached)


@cache
def plural_forms(code: str) -> str:
    """The gettext Plural-Forms header for a language, from CLDR via Babel.

    >>> plural_forms("tr")
    'nplurals=2; plural=(((n == 1)) ? 0 : 1);'
    """
    rule = parse_language(code).plural_form
    tags = integer_plural_tags(rule)
    if "other" in tags:
        used = PluralRule({tag: rule.rules[tag] for tag in tags if tag != "other"})
    else:
        used = PluralRule({tag: rule.rules[tag] for tag in tags[:-1]})
    # Babel's gettext compiler maps CLDR's fraction operands (v, w, f, t) to 0 but leaves the
    # compact-exponent operands c and e, which gettext does not know; for an integer they are 0.
    return _EXPONENT_OPERAND.sub("0", to_gettext(used))


@cache
def plural_count(code: str) -> int:
    """How many plural forms the language's catalogs need (integer categories)."""
    return len(integer_plural_tags(parse_language(code).plural_form))
