"""Language names as gettext and CLDR write them, and the CLDR data behind them.

A name arrives from the command line, the settings, a folder or a catalog header, in
gettext's form (``pt_BR``, ``sr@latin``, ``ca@valencia``, ``zh_TW.Big5``: language,
territory, charset, modifier) or in CLDR's and BCP 47's (``sr_Latn``, ``zh_Hans``,
``es-419``). The name is what the project calls the language: its folders under
``locales/`` and ``site/`` and its catalogs' ``Language`` header, in gettext's spelling
(``pt-BR`` is written ``pt_BR``, and ``zh_CN`` stays ``zh_CN``), because gettext tools and
translation platforms look for those folders. Only the locale *data* (notation, plural
rules, script, direction, names) comes from CLDR, under the closest identifier Babel has:
``sr@latin`` reads ``sr_Latn``, ``zh_CN`` reads ``zh_Hans_CN``. A language CLDR has no data
for (``udm``) reads root's, the language-independent notation, and is said to be unknown
by :func:`cldr_knows`; it is never refused. A name shaped like a path never becomes one.
"""

from __future__ import annotations

import codecs
import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from babel.messages.plurals import DEFAULT_PLURAL, get_plural
from babel.plural import PluralRule, to_gettext

from .errors import LocaliseError

_EXPONENT_OPERAND = re.compile(r"(?<![\w])[ce](?![\w])")
_NAME_SHAPE = re.compile(
    r"(?P<language>[A-Za-z]{2,3})(?P<subtags>(?:[_-][A-Za-z0-9]{1,8})*)"
    r"(?:\.(?P<charset>[A-Za-z0-9][A-Za-z0-9_-]*))?(?:@(?P<modifier>[A-Za-z0-9]+))?"
)
"""gettext's ``language[_territory][.charset][@modifier]`` with BCP 47's subtags too:
letters, digits, ``_`` and ``-`` (one ``.`` and one ``@`` part), never a path."""


@dataclass(frozen=True, slots=True)
class LanguageName:
    """A language name taken apart: what the project calls it, and what CLDR reads."""

    code: str
    """gettext's spelling: ``pt_BR``, ``sr@latin``, ``sr_Latn``, ``zh_TW.Big5``."""
    language: str
    script: str | None
    """From a script subtag (``sr_Latn``) or a modifier naming one (``sr@latin``)."""
    territory: str | None
    variants: tuple[str, ...]
    """CLDR's spelling (``VALENCIA``), from subtags or a modifier naming one."""
    charset: str | None

    @property
    def tag(self) -> str:
        """BCP 47, for ``lang`` and ``hreflang``: ``pt-BR``, ``sr-Latn``, ``ca-valencia``."""
        parts = [self.language, self.script, self.territory, *(v.lower() for v in self.variants)]
        return "-".join(part for part in parts if part)

    @property
    def cldr_parts(self) -> tuple[str, ...]:
        """The parts CLDR identifiers are made of (charset and other modifiers left out)."""
        parts = (self.language, self.script, self.territory, *self.variants)
        return tuple(part for part in parts if part)


def _subtag(text: str) -> tuple[str, str]:
    """(kind, spelling) of one subtag: a script (``Latn``), territory (``BR``, ``419``)
    or variant (``valencia``), spelled as CLDR spells it."""
    if len(text) == 4 and text.isalpha():
        return "script", text.title()
    if (len(text) == 2 and text.isalpha()) or (len(text) == 3 and text.isdigit()):
        return "territory", text.upper()
    return "variant", text.upper()


@cache
def _english() -> Locale:
    """CLDR's English names: of languages without locale data, scripts and variants."""
    return Locale("en")


@cache
def _script_codes() -> dict[str, str]:
    """gettext modifiers that name a script (``latin``, ``cyrillic``), from CLDR's names."""
    return {name.lower(): code for code, name in _english().scripts.items()}


def split_name(
    code: str, *, where: str | Path | None = None, line: int | None = None
) -> LanguageName:
    """A language name taken apart, refusing anything not shaped like one (a path, a blank,
    a control character, an unknown charset).

    >>> [split_name(name).tag for name in ("pt_BR", "sr@latin", "ca@valencia", "zh_TW.Big5")]
    ['pt-BR', 'sr-Latn', 'ca-valencia', 'zh-TW']
    >>> split_name("es-419").code, split_name("zh_hans").code
    ('es_419', 'zh_Hans')
    """
    found = _NAME_SHAPE.fullmatch(code)
    charset = found["charset"] if found else None
    if found is None or (charset is not None and not _is_charset(charset)):
        shown = code if code.isprintable() and code.strip() == code and code else repr(code)
        why = f"unknown charset {charset!r}" if found else "letters and '_' or '-' only"
        raise LocaliseError(
            f"{shown} is not a language code ({why})", where, line,
            hint=_did_you_mean(close_matches(code) if code.strip() else []),
        )  # fmt: skip
    language = found["language"].lower()
    script = territory = None
    variants: list[str] = []
    spelled = [language]
    for text in filter(None, re.split("[_-]", found["subtags"])):
        kind, spelling = _subtag(text)
        spelled.append(text if kind == "variant" else spelling)
        if kind == "script" and script is None and territory is None and not variants:
            script = spelling
        elif kind == "territory" and territory is None and not variants:
            territory = spelling
        else:
            variants.append(spelling)
    modifier = found["modifier"].lower() if found["modifier"] else None
    if modifier in _script_codes() and script is None:
        script = _script_codes()[modifier]
    elif modifier is not None and modifier.upper() in _english().variants:
        variants.append(modifier.upper())
    name = "_".join(spelled) + (f".{charset}" if charset else "") + (
        f"@{modifier}" if modifier else "")
    return LanguageName(name, language, script, territory, tuple(variants), charset)


def _is_charset(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


@cache
def _identifiers() -> dict[str, str]:
    return {code.lower(): code for code in locale_identifiers()}


def close_matches(code: str, limit: int = 5) -> list[str]:
    """Known CLDR codes that look like ``code`` (for "did you mean" messages)."""
    wanted = code.strip().replace("-", "_").lower()
    found = difflib.get_close_matches(wanted, list(_identifiers()), n=limit, cutoff=0.6)
    return [_identifiers()[match] for match in found]


@cache
def cldr_locale(code: str) -> Locale | None:
    """The CLDR locale Babel has for a language name (the closest one: ``zh_CN`` reads
    ``zh_Hans_CN``, ``ca@valencia`` ``ca_ES_VALENCIA``, ``pt_XX`` ``pt``), or None when
    CLDR has no data for the language.

    >>> [str(cldr_locale(name)) for name in ("sr@latin", "ca@valencia", "zh_CN", "es-419")]
    ['sr_Latn', 'ca_ES_VALENCIA', 'zh_Hans_CN', 'es_419']
    >>> cldr_locale("udm") is None
    True
    """
    name = split_name(code)
    parts = name.cldr_parts
    candidates = [parts[:size] for size in range(len(parts), 0, -1)]
    if name.variants:  # a variant CLDR files under a territory: ca_VALENCIA is ca_ES_VALENCIA
        candidates.insert(1, ())
    for candidate in candidates:
        found = _known(candidate) if candidate else _with_variants(name)
        if found is not None:
            return found
    return None


def _known(parts: tuple[str, ...]) -> Locale | None:
    """CLDR's locale for exactly these parts (Babel drops a part it does not know)."""
    try:
        locale = Locale.parse("_".join(parts))
    except (UnknownLocaleError, ValueError):
        return None
    kept = {locale.language, locale.script, locale.territory, locale.variant}
    if parts[0] == UNDETERMINED or not kept >= set(parts[1:]):  # Babel reads und as en_US
        return None
    return locale if str(locale).lower() in _identifiers() else None


def _with_variants(name: LanguageName) -> Locale | None:
    """The CLDR locale of the same language, script and variants under any territory."""
    for identifier in sorted(locale_identifiers()):
        locale = Locale.parse(identifier)
        if (locale.language == name.language and (name.script in (None, locale.script))
                and locale.variant is not None and locale.variant in name.variants):
            return locale
    return None


def cldr_knows(code: str) -> bool:
    """Whether CLDR has data for the language (else its root notation is used)."""
    return cldr_locale(code) is not None


def parse_language(
    code: str, *, where: str | Path | None = None, line: int | None = None
) -> Locale:
    """The CLDR data for a language name: the closest locale Babel has, root's for a
    language CLDR lacks; a name shaped like no language (a path) is refused.

    >>> str(parse_language("pt-BR")), str(parse_language("sr@latin")), str(parse_language("udm"))
    ('pt_BR', 'sr_Latn', 'root')
    """
    split_name(code, where=where, line=line)
    return cldr_locale(code) or Locale("root")


def language_code(
    code: str, *, where: str | Path | None = None, line: int | None = None, named: bool = True
) -> str:
    """A language name in gettext's spelling, the project's name for the language.

    With ``named`` (names typed by a person: command line, settings, folders) the
    language must be one CLDR has data or a name for, so ``xx`` or ``tr_TRR`` is one edit
    away from a suggestion; catalog headers are taken as they are (``named=False``).

    >>> language_code("pt-BR"), language_code("zh_CN"), language_code("udm")
    ('pt_BR', 'zh_CN', 'udm')
    """
    name = split_name(code, where=where, line=line)
    if named and cldr_locale(code) is None and name.language not in _english().languages:
        raise LocaliseError(
            f"unknown language code {code!r} (not in CLDR)", where, line,
            hint=_did_you_mean(close_matches(code)),
        )  # fmt: skip
    return name.code


def folder_language(code: str, locales: Path, display: str) -> str:
    """The language of ``locales/<code>`` (a folder found there, or asked for by
    ``--lang``), in gettext's spelling; a folder spelled otherwise (``pt-BR``) is named
    with the spelling to give it, not silently passed over."""
    lang = language_code(code, where=display)
    if lang != code and (locales / code).is_dir() and not (locales / lang).exists():
        raise LocaliseError(
            f"language folder {code} is not in gettext's spelling", display,
            hint=f"rename it {lang} (gettext tools look for {lang}/LC_MESSAGES)",
        )  # fmt: skip
    return lang


def bcp47(code: str) -> str:
    """The BCP 47 tag of a language name, for ``lang`` and ``hreflang`` attributes.

    >>> bcp47("pt_BR"), bcp47("sr@latin"), bcp47("zh_CN"), bcp47("de_DE@euro")
    ('pt-BR', 'sr-Latn', 'zh-CN', 'de-DE')
    """
    return split_name(code).tag


def _did_you_mean(suggestions: list[str]) -> str:
    if not suggestions:
        return "use a CLDR code such as tr, de, ru, ar, fa or pt_BR"
    return "did you mean: " + ", ".join(suggestions) + "?"


def language_name(code: str) -> str:
    """The language's name in itself ("Türkçe", "العربية", "srpski (latinica)"), for
    switchers and indexes; CLDR's English name (or the code) where CLDR has no data."""
    locale = cldr_locale(code)
    if locale is None:
        return _english().languages.get(split_name(code).language, code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def english_name(code: str) -> str:
    """The language's English name from CLDR ("Serbian (Latin)"), or the code."""
    locale = cldr_locale(code)
    if locale is None:
        return _english().languages.get(split_name(code).language, code)
    return locale.get_display_name("en") or code


def integer_plural_tags(rule: PluralRule) -> tuple[str, ...]:
    """The CLDR plural categories that whole numbers reach, in gettext's order.

    gettext selects a form by an integer ``n``; CLDR's ``other`` of Russian or Polish is
    reached only by fractions, so gettext catalogs for them have 3 forms, not 4.
    """
    samples = [*range(1000), *(10**k for k in range(3, 8)), 1001, 1_000_001]
    reached = {rule(n) for n in samples}
    order = ("zero", "one", "two", "few", "many", "other")
    return tuple(tag for tag in order if tag in reached)


def _gettext_tags(rule: PluralRule) -> tuple[str, ...]:
    """The integer categories gettext's catalogs use: not those CLDR defines through the
    exponent of compact numbers (``e``, ``c``: the ``many`` of ``1 M`` that CLDR 38 gave
    es, fr, it, pt and ca), which msginit, Poedit and the catalogs in use never had."""
    return tuple(tag for tag in integer_plural_tags(rule)
                 if tag == "other" or not _EXPONENT_OPERAND.search(rule.rules.get(tag, "")))


UNDETERMINED = "und"
"""BCP 47's name for a language that cannot be told: checked with root's data."""

PLURAL_STYLES = ("gettext", "cldr")
"""The settings' ``plural-forms``: gettext's forms (the default) or CLDR's for integers."""


@cache
def plural_forms(code: str, style: str = "gettext") -> str:
    """The gettext Plural-Forms header for a language, from CLDR via Babel.

    ``gettext`` gives the forms translators' tools write (``es``: 2), ``cldr`` every
    category CLDR gives whole numbers (``es``: 3, one for round millions). A language CLDR
    lacks gets Babel's default, as msginit's ``(n != 1)``.

    >>> plural_forms("tr")
    'nplurals=2; plural=(((n == 1)) ? 0 : 1);'
    >>> plural_forms("es"), plural_forms("es", "cldr")[:11]
    ('nplurals=2; plural=(((n == 1)) ? 0 : 1);', 'nplurals=3;')
    """
    locale = cldr_locale(code)
    if locale is None:
        count, expression = DEFAULT_PLURAL
        return f"nplurals={count}; plural={expression};"
    rule = locale.plural_form
    tags = _gettext_tags(rule) if style == "gettext" else integer_plural_tags(rule)
    if "other" in tags:
        used = PluralRule({tag: rule.rules[tag] for tag in tags if tag != "other"})
    else:
        used = PluralRule({tag: rule.rules[tag] for tag in tags[:-1]})
    # Babel's gettext compiler maps CLDR's fraction operands (v, w, f, t) to 0 but leaves the
    # compact-exponent operands c and e, which gettext does not know; for an integer they are 0.
    return _EXPONENT_OPERAND.sub("0", to_gettext(used))


@cache
def plural_counts(code: str) -> tuple[int, ...]:
    """Every plural count a catalog of the language may rightly have, sorted: gettext's
    (as above, and Babel's table of catalogs' formulas: ``vi`` 1), CLDR's for integers and
    CLDR's with fractions; empty where CLDR has no data.

    >>> plural_counts("es"), plural_counts("ru"), plural_counts("udm")
    ((2, 3), (3, 4), ())
    """
    locale = cldr_locale(code)
    if locale is None:
        return ()
    rule = locale.plural_form
    counts = {len(_gettext_tags(rule)), len(integer_plural_tags(rule)), len(rule.tags | {"other"}),
              get_plural(locale).num_plurals}
    return tuple(sorted(counts))


@cache
def plural_count(code: str, style: str = "gettext") -> int:
    """How many plural forms the language's new catalogs get (see :func:`plural_forms`)."""
    return int(plural_forms(code, style).split(";")[0].split("=")[1])
