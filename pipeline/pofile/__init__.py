"""Gettext catalog text: the one place that reads, writes and checks ``.po`` files.

Everything here imitates GNU gettext 0.21 (with libunistring 1.0) byte for byte, because
translators' tools and CI run ``msgcat`` and ``msgfmt --check``: a catalog we write must not
be rewritten by them, and a catalog we accept must compile.

* ``read_po`` decodes what editors save (BOM, CRLF, the declared charset) and parses with
  gettext's grammar (po-lex.c, po-gram-gen.y), so an error carries msgfmt's line.
  ``msgstr_line`` gives the line of an entry's ``msgstr`` for reports.
* ``format_po`` prints a ``polib.POFile`` the way ``msgcat`` does (write-po.c): comments,
  normalised flags, references wrapped at 79 columns, strings split after ``\\n`` and
  wrapped at Unicode line-break opportunities (UAX #14 as libunistring 1.0 implements it,
  class data from ``uniseg``, widths from East-Asian width), never inside a directive of
  a c-, objc- or python-format entry.
* ``check_po`` reports what ``msgfmt --check`` rejects (syntax, encoding, duplicates, the
  header entry, plural forms, newlines at both ends, c/python/python-brace format strings).

One module per seam: ``grammar`` (gettext's lexer and parser) and ``plain`` (the fast path
for the layout msgcat writes) feed ``read``; ``write`` wraps lines with ``linebreak``;
``check`` evaluates ``Plural-Forms`` with ``plural``; ``charset`` and ``formats`` (format
strings and ``#,`` flags) serve all three.

Known differences from gettext, none of them met in the 200-catalog corpus except the
first (4 catalogs) and the BOM (1, which ``read_po`` reads):

* polib's model cannot hold some things msgcat keeps: a single empty ``#`` or ``#.``
  comment line (polib's empty string means "none"), comments/references/flags on the header
  entry other than ``fuzzy``, header lines before the first ``Key:``, duplicate header keys,
  a header not ending in ``\\n`` or not first in the file, ``msgid_plural ""``. Header
  values keep their text after ``Key:`` minus one space (``Key:value`` comes back as
  ``Key: value``).
* Format checks cover c, objc, python and python-brace; other ``*-format`` flags are
  neither checked nor protected from wrapping. For python-brace, gettext 0.21 protects not
  the directives but the start of the string (see ``_protected_positions``); so do we.
* Character data is Python's (Unicode 14.0 on Python 3.11, as libunistring 1.0) plus
  uniseg's line-break classes mapped back to Unicode 14; on a newer Python, characters
  assigned after 14.0 may be measured differently. Legacy CJK charsets are decoded with
  Python's tables, which differ from glibc's for a few characters (BIG5 kana, the yen
  sign); EUC-TW, VISCII and GEORGIAN-PS have no Python codec (``read_po`` refuses them,
  ``check_po`` reads them as bytes).
* Like gettext, a later ``#,`` line replaces the flags of earlier ones (``read_po`` keeps
  only the last), and a comment line ending in a backslash swallows the next line. So
  ``format_po`` ends such a comment or reference line with a blank (msgcat never meets
  one: it could not have read it).
* ``read_po`` reads a file that starts with a UTF-8 byte order mark, which ``check_po``
  reports as msgfmt does (a syntax error at line 1). ``read_po`` also reads CR-only files
  and a blank after ``charset=`` (which gettext reads as no charset). ``domain``
  directives are errors, as for ``msgfmt --check -o FILE``.
* ``read_po`` refuses a file that declares a one-byte charset (ISO-8859-1, CP1254) over
  text that is all valid UTF-8 (the header lies: reading it would garble every
  translation), and a NUL byte (gettext cuts the string there, losing the rest). msgfmt
  accepts both; so does ``check_po``.
* Like msgcat without ``--force-po``, ``format_po`` gives empty text for a catalog with no
  message besides the header.

Problems carry msgfmt's lines (lines end at LF, as msgfmt counts them): syntax errors and
duplicates at the ``msgid`` keyword, the other checks of an entry at its ``msgstr``
keyword; file-level problems (no header entry) at line 1. An unterminated string is
reported on its own line, where msgfmt names the next one.
"""

from .check import CatalogProblem, check_po, read_and_check_po
from .read import msgstr_line, read_po
from .write import PAGE_WIDTH, format_po

__all__ = [
    "PAGE_WIDTH",
    "CatalogProblem",
    "check_po",
    "format_po",
    "msgstr_line",
    "read_and_check_po",
    "read_po",
]
