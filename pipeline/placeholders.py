"""Placeholders: the format directives a program fills in (``%s``, ``%(count)d``, ``{name}``).

A translation must keep each one: a dropped ``%(count)s`` loses a fact, a renamed
``{current__name__}`` crashes the program, a glued ``1%s`` shows a wrong number. They are
read in the gettext ``*-format`` kinds the entry is flagged with; without a flag only where
the msgid's own form is unambiguous (``%(name)s``, ``%1$s``, ``%s`` before a space, ``{0}``),
so that prose with a percent sign (Turkish ``%20``, "20% of") is never read as one. Found
placeholders are also masked before numbers are read: ``%(value).1f`` holds no number.

msgfmt's ``--check-format`` verdicts on c, objc, python and python-brace entries are
``catalog-invalid`` (:mod:`pipeline.pofile`); this module finds what it does not see.

>>> [p.text for p in find("%(count)d of %s, {name!r:>10} and 100%%", ("printf", "brace"))]
['%(count)d', '%s', '{name!r:>10}']
>>> kinds_for("About 20% of patients.", ())
()
>>> kinds_for("Delete %(count)s pages", ())
('printf',)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

MASK = "\ufffc"
"""What a masked span becomes, one per character (read by numbers as no digit, no word)."""

_PRINTF = (
    r"%(?:\((?P<name>[^()\s]*)\))?(?P<position>[1-9]\d*\$)?[-+ #0']*(?:\d+|\*)?"
    r"(?:\.(?:\d+|\*))?(?:hh|ll|[hlLqjzZt]|I64|I32|I)?[diouxXeEfFgGaAcCrsSbpn@]"
)
_BRACE = (
    r"\{(?P<field>(?:[A-Za-z_]\w*|\d+)?(?:\.[A-Za-z_]\w*|\[[^\[\]{}]+\])*)"
    r"(?:![rsa])?(?::[^{}]*)?\}"
)
_PATTERNS = {
    # C, Python, PHP, JavaScript, Lua, Perl, Objective-C, gcc: printf and its dialects
    "printf": re.compile(r"%%|" + _PRINTF),
    # Python str.format, Perl brace, C#/Java MessageFormat ({0}, {0,number})
    "brace": re.compile(r"\{\{|\}\}|" + _BRACE + r"|\{\d+,[^{}]*\}"),
    # Qt, KDE, YCP, Smalltalk: %1 .. %99
    "numbered": re.compile(r"%%|%L?[1-9]\d?"),
    # Ruby: %{name}, %<name>s
    "ruby": re.compile(r"%%|%\{\w+\}|%<\w+>[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]"),
    # shell: $name, ${name}
    "shell": re.compile(r"\$\{\w+\}|\$[A-Za-z_]\w*"),
}
_FLAG_KINDS = {
    **dict.fromkeys(("c", "objc", "python", "php", "javascript", "perl", "lua", "awk",
                     "gcc-internal", "gfc-internal", "object-pascal", "boost", "tcl",
                     "java-printf", "scheme", "lisp", "elisp", "librep"), "printf"),
    **dict.fromkeys(("python-brace", "perl-brace", "csharp", "java"), "brace"),
    **dict.fromkeys(("qt", "qt-plural", "kde", "kde-kuit", "ycp", "smalltalk"), "numbered"),
    "ruby": "ruby",
    "sh": "shell",
}
MSGFMT_CHECKED = frozenset({"c-format", "objc-format", "python-format", "python-brace-format"})
"""Flags whose placeholders msgfmt --check-format compares (reported as catalog-invalid)."""

# Unflagged, a form counts only where prose cannot look like it: a named or numbered
# directive, or a bare one standing alone as a word (not "20% of", not Turkish "%20si").
_UNAMBIGUOUS = {
    "printf": re.compile(
        r"%\([^()\s]+\)[-+#0]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]"
        r"|%[1-9]\d*\$[-+#0]*\d*(?:\.\d+)?[diouxXeEfFgGcs]"
        r"|(?<![\w%])%(?:\.\d+)?[sdif](?![\w%])"
    ),
    "brace": re.compile(r"(?<!\{)\{(?:[A-Za-z_]\w*(?:\.\w+)*|\d{1,2})?(?:![rsa])?(?::[^{}\s]*)?\}(?!\})"),
}


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One directive as written, where it is, and what identifies it when compared."""

    text: str
    start: int
    end: int
    kind: str
    """``printf``, ``brace``, ``numbered``, ``ruby`` or ``shell``."""

    @property
    def named(self) -> bool:
        """Named or numbered: order free. Bare ``%s``/``{}`` are filled in order."""
        if self.kind == "printf":
            return self.text.startswith("%(") or "$" in self.text
        if self.kind == "brace":
            return self.text not in ("{}",) and not self.text.startswith("{:")
        return True


def kinds_for(msgid: str, flags: Iterable[str]) -> tuple[str, ...]:
    """The placeholder kinds to read in an entry: its ``*-format`` flags (a ``no-`` flag
    turns a kind off), else the kinds the msgid shows unambiguously."""
    flags = tuple(flags)
    flagged: list[str] = []
    refused = set()
    for flag in flags:
        if flag.startswith("no-") and flag.endswith("-format"):
            refused.add(_FLAG_KINDS.get(flag[3:-7]))
        elif flag.endswith("-format"):
            name = flag.removeprefix("possible-")[:-7]
            kind = _FLAG_KINDS.get(name)
            if kind and kind not in flagged:
                flagged.append(kind)
    if flagged:
        return tuple(kind for kind in flagged if kind not in refused)
    if "%" not in msgid and "{" not in msgid:
        return ()
    return tuple(kind for kind, pattern in _UNAMBIGUOUS.items()
                 if kind not in refused and pattern.search(msgid))


_NAMED = re.compile(r"%\([A-Za-z_]\w*\)[-+#0]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|\{[A-Za-z_]\w*\}")


def named_placeholders(text: str) -> list[str]:
    """Named directives (``%(email)s``, ``{name}``) in a text whose source has none: a
    translation that adds one shows it as written, or makes the program fail."""
    if "%(" not in text and "{" not in text:
        return []
    return [match.group(0) for match in _NAMED.finditer(text)]


def find(text: str, kinds: Iterable[str]) -> tuple[Placeholder, ...]:
    """Every placeholder of ``kinds`` in ``text``, in order (escapes ``%%``, ``{{`` skipped)."""
    found: list[Placeholder] = []
    for kind in kinds:
        for match in _PATTERNS[kind].finditer(text):
            token = match.group(0)
            if token in ("%%", "{{", "}}"):
                continue
            found.append(Placeholder(token, match.start(), match.end(), kind))
    found.sort(key=lambda placeholder: placeholder.start)
    kept: list[Placeholder] = []
    for placeholder in found:  # two kinds reading one span: the first (longest) wins
        if kept and placeholder.start < kept[-1].end:
            continue
        kept.append(placeholder)
    return tuple(kept)


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each (start, end) span replaced by as many :data:`MASK` characters."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


@cache
def _glue_script_letters() -> re.Pattern[str]:
    """Letters of the scripts that part words with spaces and do not attach particles with
    no mark between (Latin, Greek, Cyrillic, Armenian, Georgian): there a placeholder glued
    to a letter is a lost space (``%(name)sсниппета``); in Chinese, Japanese, Thai, Korean
    counters or Arabic clitics it is the language's own spelling."""
    ranges = "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u10a0-\u10ff\u1e00-\u1fff"
    return re.compile(f"[{ranges}]")


def glued(text: str, placeholder: Placeholder, others: Iterable[Placeholder] = ()) -> str:
    """What ``placeholder`` is glued to in ``text``: ``"digit"``, ``"letter"`` or ``""``.

    A digit on either side changes the number shown (``1%s``). A letter right before it,
    in a script that parts words with spaces, is a lost space (``Zobraziť%s``); a letter
    after it is often the language's own ending (Kyrgyz ``%(cnt)sнерседен``, Esperanto
    ``%sn``), so it does not count. A neighbouring placeholder is neither.
    """
    ends = {other.end for other in others}
    starts = {other.start for other in others}
    before = text[placeholder.start - 1] if placeholder.start and placeholder.start not in ends else ""
    after = text[placeholder.end] if placeholder.end < len(text) and placeholder.end not in starts else ""
    if before.isdigit() or after.isdigit():
        return "digit"
    if before and before.isalpha() and _glue_script_letters().match(before):
        return "letter"
    return ""
