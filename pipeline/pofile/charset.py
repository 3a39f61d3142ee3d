"""Charsets (po-charset.c): gettext's portable names, the Python codecs behind them, and
strings seen as gettext's C code sees them (one character per byte).
"""

from __future__ import annotations

import re
from typing import Final

_CHARSET_CODECS: Final[dict[str, str | None]] = {
    "ASCII": "ascii",
    **{f"ISO-8859-{n}": f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15)},
    "KOI8-R": "koi8-r",
    "KOI8-U": "koi8-u",
    "KOI8-T": "koi8-t",
    **{f"CP{n}": f"cp{n}" for n in (850, 866, 874, 932, 949, 950, *range(1250, 1258))},
    "GB2312": "gb2312",
    "EUC-JP": "euc-jp",
    "EUC-KR": "euc-kr",
    "EUC-TW": None,
    "BIG5": "big5",
    "BIG5-HKSCS": "big5hkscs",
    "GBK": "gbk",
    "GB18030": "gb18030",
    "SHIFT_JIS": "shift_jis",
    "JOHAB": "johab",
    "TIS-620": "tis-620",
    "VISCII": None,
    "GEORGIAN-PS": None,
    "UTF-8": "utf-8",
}
_CHARSET_ALIASES: Final = {"ANSI_X3.4-1968": "ASCII", "US-ASCII": "ASCII"} | {
    f"ISO_8859-{n}": f"ISO-8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15)
}
# libunistring's is_cjk_encoding: ambiguous characters are wide and break like ideographs.
_CJK_CHARSETS: Final = frozenset(
    {"EUC-JP", "GB2312", "GBK", "EUC-TW", "BIG5", "EUC-KR", "CP949", "JOHAB"}
)


def _canonical_charset(name: str) -> str | None:
    """gettext's canonical spelling of a charset name, or None if it is not portable."""
    upper = name.upper()
    upper = _CHARSET_ALIASES.get(upper, upper)
    return upper if upper in _CHARSET_CODECS else None


def _charset_in_header(msgstr: str) -> str | None:
    """The ``charset=`` value as gettext finds it (first occurrence, up to blank or LF)."""
    found = msgstr.find("charset=")
    if found < 0:
        return None
    return re.match(r"[^ \t\n]*", msgstr[found + 8 :]).group()  # type: ignore[union-attr]


def _as_bytes(value: str, codec: str) -> str:
    """The string as gettext's C parsers see it: one character per byte of ``codec``."""
    if value.isascii():
        return value
    return value.encode(codec, "surrogateescape").decode("latin-1")
