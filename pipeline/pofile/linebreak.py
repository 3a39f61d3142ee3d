"""Line breaking: UAX #14 as libunistring 1.0's u8_width_linebreaks applies it, and text
widths as its uc_width counts them, so that strings wrap where msgcat wraps them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Final

from uniseg.linebreak import line_break

# Pair table rows (before) x columns (after); D = direct break, I = only after spaces,
# P = never. Classes after EM are resolved at run time; OPW is an East-Asian-wide OP.
_LB_NAMES: Final = (
    "WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL H2 H3 ID JL JV JT HL RI ZWJ "
    "EB EM OPW BK SP ZW CM HL_BA"
).split()
(WJ, GL, B2, BA, BB, HY, CL, CP, EX, IN, NS, OP, QU, IS, NU, PO, PR, SY, AL, H2, H3, ID, JL,
 JV, JT, HL, RI, ZWJ, EB, EM, OPW, BK, SP, ZW, CM, HL_BA) = range(len(_LB_NAMES))  # fmt: skip
_LB_ROWS: Final = """
WJ  PIIIIIPPPIIIIPIIIPIIIIIIIIIIIII
GL  PIIIIIPPPIIIIPIIIPIIIIIIIIIIIII
B2  PIPIDIPPPIIDIPDDDPDDDDDDDDDIDDD
BA  PDDIDIPPPIIDIPDDDPDDDDDDDDDIDDD
BB  PIIIIIPPPIIIIPIIIPIIIIIIIIIIIII
HY  PDDIDIPPPIIDIPIDDPDDDDDDDDDIDDD
CL  PIDIDIPPPIPDIPDIIPDDDDDDDDDIDDD
CP  PIDIDIPPPIIDIPIIIPIDDDDDDIDIDDD
EX  PIDIDIPPPIIDIPDDDPDDDDDDDDDIDDD
IN  PIDIDIPPPIIDIPDDDPDDDDDDDDDIDDD
NS  PIDIDIPPPIIDIPDDDPDDDDDDDDDIDDD
OP  PPPPPPPPPPPPPPPPPPPPPPPPPPPIPPP
QU  PIIIIIPPPIIPIPIIIPIIIIIIIIIIIIP
IS  PIDIDIPPPIIDIPIDDPDDDDDDDDDIDDD
NU  PIDIDIPPPIIIIPIIIPIDDDDDDIDIDDD
PO  PIDIDIPPPIIIIPIDDPIDDDDDDIDIDDI
PR  PIDIDIPPPIIIIPIDDPIIIIIIIIDIIII
SY  PIDIDIPPPIIDIPIDDPDDDDDDDIDIDDD
AL  PIDIDIPPPIIIIPIIIPIDDDDDDIDIDDD
H2  PIDIDIPPPIIDIPDIDPDDDDDIIDDIDDD
H3  PIDIDIPPPIIDIPDIDPDDDDDDIDDIDDD
ID  PIDIDIPPPIIDIPDIDPDDDDDDDDDIDDD
JL  PIDIDIPPPIIDIPDIDPDIIDIIDDDIDDD
JV  PIDIDIPPPIIDIPDIDPDDDDDIIDDIDDD
JT  PIDIDIPPPIIDIPDIDPDDDDDDIDDIDDD
HL  PIDIDIPPPIIIIPIIIPIDDDDDDIDIDDD
RI  PIDIDIPPPIIDIPDDDPDDDDDDDDIIDDD
ZWJ PIIIIIPPPIIIIPIIIPIIIIIIIIIIIII
EB  PIDIDIPPPIIDIPDIDPDDDDDDDDDIDID
EM  PIDIDIPPPIIDIPDIDPDDDDDDDDDIDDD
OPW PPPPPPPPPPPPPPPPPPPPPPPPPPPIPPP
"""
_D, _I, _P = 0, 1, 2
_LB_TABLE: Final = tuple(
    tuple("DIP".index(cell) for cell in row.split()[1])
    for row in _LB_ROWS.strip().splitlines()
)
_UNISEG_MAP: Final = {
    "CR": BK, "LF": BK, "NL": BK, "CB": ID, "SA": AL, "XX": AL, "SG": AL, "CJ": NS,
}  # fmt: skip
# Characters whose class changed between Unicode 14 (libunistring 1.0) and uniseg's data.
_LB_OVERRIDES: Final = (
    (0x0600, 0x0605, AL), (0x06DD, 0x06DD, AL), (0x0890, 0x0891, AL), (0x08E2, 0x08E2, AL),
    (0x19DA, 0x19DA, AL), (0x1B5C, 0x1B5C, AL), (0x1B61, 0x1B6A, AL), (0x1B74, 0x1B7C, AL),
    (0x1DCD, 0x1DCD, CM), (0x1DFC, 0x1DFC, CM), (0x2057, 0x2057, AL), (0x2E56, 0x2E56, CL),
    (0x2E58, 0x2E58, CL), (0x2E5A, 0x2E5A, CL), (0x2E5C, 0x2E5C, CL), (0xA9C1, 0xA9C6, AL),
    (0xA9CA, 0xA9CD, AL), (0xA9CF, 0xA9CF, AL), (0xA9DE, 0xA9DF, AL), (0xAA40, 0xAA42, AL),
    (0xAA44, 0xAA4B, AL), (0xAA5C, 0xAA5C, AL), (0xFE10, 0xFE10, IS), (0xFE13, 0xFE14, IS),
    (0xFE20, 0xFE20, CM), (0xFE22, 0xFE22, CM), (0xFE24, 0xFE24, CM), (0xFE26, 0xFE27, CM),
    (0xFE29, 0xFE29, CM), (0xFE2B, 0xFE2B, CM), (0xFE2D, 0xFE2E, CM), (0x11049, 0x1104D, AL),
    (0x11052, 0x11065, AL), (0x1107F, 0x1107F, CM), (0x110BD, 0x110BD, AL),
    (0x110CD, 0x110CD, AL), (0x1133D, 0x1133D, AL), (0x1135D, 0x1135D, AL),
    (0x11EF2, 0x11EF2, AL), (0x11EF7, 0x11EF8, AL), (0x1F10D, 0x1F10F, ID),
    (0x1F16D, 0x1F16F, ID), (0x1F1AD, 0x1F1AD, ID), (0x1F8B0, 0x1F8B1, ID),
)  # fmt: skip
_LB_OVERRIDE_STARTS: Final = tuple(start for start, _, _ in _LB_OVERRIDES)
# Blocks where libunistring counts unassigned code points as wide.
_WIDE_UNASSIGNED: Final = (
    (0x2E80, 0x303E), (0x3040, 0xA4CF), (0xF900, 0xFAFF), (0xFE10, 0xFE1F),
    (0xFE30, 0xFE6F), (0xFF00, 0xFF60), (0x1F200, 0x1F2FF), (0x20000, 0x3FFFF),
)  # fmt: skip
_IDEOGRAPHS: Final = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFD))


def _in_ranges(cp: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(low <= cp <= high for low, high in ranges)


def _lb_class(ch: str, cjk: bool) -> int:
    """libunistring 1.0's resolved line-break class of one character."""
    cp = ord(ch)
    found = bisect.bisect_right(_LB_OVERRIDE_STARTS, cp) - 1
    if found >= 0 and cp <= _LB_OVERRIDES[found][1]:
        return _LB_OVERRIDES[found][2]
    category = unicodedata.category(ch)
    if category == "Cn":  # unassigned in Unicode 14: LineBreak.txt's defaults
        if 0x20A0 <= cp <= 0x20CF:
            return PR
        if 0x1F000 <= cp <= 0x1FAFF or 0x1FC00 <= cp <= 0x1FFFD:
            return EB
        return ID if _in_ranges(cp, _IDEOGRAPHS) else AL
    name = str(line_break(ch).value)
    if name in ("AK", "AP", "AS", "VF", "VI"):  # Brahmic classes new in Unicode 15.1
        return NU if category == "Nd" else CM if category in ("Mn", "Mc") else AL
    if name == "AI":
        return ID if cjk else AL
    if name in _UNISEG_MAP:
        return _UNISEG_MAP[name]
    resolved = _LB_NAMES.index(name)
    if resolved == OP and unicodedata.east_asian_width(ch) in ("F", "W", "H"):
        return OPW
    return resolved


def _char_width(ch: str, cjk: bool) -> int:
    """Columns of one character as libunistring's uc_width counts them (controls: 0)."""
    cp = ord(ch)
    category = unicodedata.category(ch)
    if category == "Cn":
        if _in_ranges(cp, _WIDE_UNASSIGNED):
            return 2
    elif category in ("Cc", "Cf") or unicodedata.bidirectional(ch) == "NSM":
        return 0
    elif 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF or cp == 0x200B:
        return 0
    elif unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    if cjk and 0xA1 <= cp < 0xFF61 and cp != 0x20A9:
        return 2
    return 1


class _CharInfo(dict[str, tuple[int, int]]):
    """Per-character (line-break class, width), computed once: uniseg lookups are slow."""

    def __init__(self, cjk: bool) -> None:
        super().__init__()
        self.cjk = cjk

    def __missing__(self, ch: str) -> tuple[int, int]:
        info = self[ch] = (_lb_class(ch, self.cjk), _char_width(ch, self.cjk))
        return info


_CHAR_INFO: Final = {False: _CharInfo(False), True: _CharInfo(True)}


def _text_width(text: str, cjk: bool) -> int:
    if text.isascii() and text.isprintable():
        return len(text)
    if "~" not in text.translate(_CLASS_CODES[cjk]):  # every character one column wide
        return len(text)
    info = _CHAR_INFO[cjk]
    return sum(info[ch][1] for ch in text)


class _ClassCodes(dict[int, str]):
    """Code point -> one character naming its line-break class, for ``str.translate``;
    ``~`` for what the fast path cannot take (special classes, width other than 1)."""

    def __init__(self, cjk: bool) -> None:
        super().__init__()
        self.cjk = cjk

    def __missing__(self, code: int) -> str:
        cls, width = _CHAR_INFO[self.cjk][chr(code)]
        value = self[code] = "~" if cls in _SPECIAL_CLASSES or width != 1 else chr(0x30 + cls)
        return value


_SPECIAL_CLASSES: Final = frozenset({BK, ZW, CM, ZWJ, RI, HL})
_CLASS_CODES: Final = {False: _ClassCodes(False), True: _ClassCodes(True)}
_SPACE_CODE: Final = chr(0x30 + SP)
_WORD_CODES: Final = re.escape(chr(0x30 + AL) + chr(0x30 + NU))
assert all(_LB_TABLE[a][b] != _P for a in (AL, NU) for b in (AL, NU))  # AL/NU SP+ AL/NU: break
_SP: Final = re.escape(_SPACE_CODE)
# Each opens with a space and looks behind from there: a search then skips to the spaces
# instead of trying every character (three times faster on prose).
_SPACES_BETWEEN_WORDS: Final = re.compile(f"{_SP}(?<=[{_WORD_CODES}]{_SP}){_SP}*(?=[{_WORD_CODES}])")
_OTHER_SPACE_RUNS: Final = re.compile(  # whole runs only: after a non-word, or before one
    f"{_SP}(?:(?<![{_WORD_CODES}{_SP}]{_SP}){_SP}*"
    f"|(?<=[{_WORD_CODES}]{_SP}){_SP}*+(?![{_WORD_CODES}]))"
)
# Letters and digits never break among themselves (AL/NU pairs are all "indirect"), so only
# pairs touching another class can be direct break opportunities.
_OTHER_CLASS: Final = re.compile(f"[^{re.escape(chr(0x30 + AL) + chr(0x30 + NU) + _SPACE_CODE)}]")


def _direct_breaks(codes: str) -> set[int]:
    """Positions with a direct break between two adjacent non-space characters."""
    found = set()
    last = len(codes) - 1
    for match in _OTHER_CLASS.finditer(codes):
        position = match.start()
        for left in (position - 1, position):
            if 0 <= left < last:
                a, b = codes[left], codes[left + 1]
                if a != _SPACE_CODE and b != _SPACE_CODE and \
                        _LB_TABLE[ord(a) - 0x30][ord(b) - 0x30] == _D:
                    found.add(left + 1)
    return found


def _break_opportunities(text: str, prohibited: list[bool], cjk: bool) -> list[int] | None:
    """Sorted positions where a line may break, found with regular expressions over class
    codes; None for text the fast path cannot take (control or combining characters,
    zero-width joiners, regional indicators, Hebrew, wide characters)."""
    codes = text.translate(_CLASS_CODES[cjk])
    if "~" in codes:
        return None
    opportunities = list(_direct_breaks(codes))
    # spaces between words break (most text); spaces touching other classes ask the table
    opportunities += [run.end() for run in _SPACES_BETWEEN_WORDS.finditer(codes)]
    for run in _OTHER_SPACE_RUNS.finditer(codes):
        start, end = run.span()
        if start and end < len(codes):
            rule = _LB_TABLE[ord(codes[start - 1]) - 0x30][ord(codes[end]) - 0x30]
            if rule != _P:
                opportunities.append(end)
    opportunities.sort()
    if True not in prohibited:  # (most strings: no escape, no format directive)
        return opportunities
    return [index for index in opportunities if not prohibited[index]]


def _fill(opportunities: list[int], length: int, width: int, column: int) -> list[int]:
    """Greedy filling from ``column``: the opportunities where a line is broken."""
    breaks: list[int] = []
    last_break = -1
    previous = 0
    for index in opportunities:
        piece = index - previous
        if last_break >= 0 and column + piece > width:
            breaks.append(last_break)
            column = 0
        last_break = index
        column += piece
        previous = index
    if last_break >= 0 and column + length - previous > width:
        breaks.append(last_break)
    return breaks


def _fast_line_breaks(
    text: str, prohibited: list[bool], width: int, column: int, cjk: bool
) -> list[int] | None:
    """The same breaks as :func:`_slow_line_breaks`, filled per word, not per character;
    None where :func:`_break_opportunities` cannot take the text."""
    opportunities = _break_opportunities(text, prohibited, cjk)
    return None if opportunities is None else _fill(opportunities, len(text), width, column)


def _line_breaker(
    text: str, prohibited: list[bool], width: int, cjk: bool
) -> Callable[[int], list[int]]:
    """Indices of ``text`` before which greedy filling to ``width`` columns breaks, for a
    given start column (write-po.c may fill a string twice: after ``msgid`` and alone).

    ``prohibited`` marks positions where no break may happen (inside escapes and format
    directives).
    """
    opportunities = _break_opportunities(text, prohibited, cjk)
    if opportunities is not None:
        return lambda column: _fill(opportunities, len(text), width, column)
    return lambda column: _slow_line_breaks(text, prohibited, width, column, cjk)


def _slow_line_breaks(
    text: str, prohibited: list[bool], width: int, column: int, cjk: bool
) -> list[int]:
    """The character loop: every class, including the ones the fast path leaves alone."""
    info = _CHAR_INFO[cjk]
    table = _LB_TABLE
    last = prev = BK
    seen_space = False
    regional = 0
    last_break = -1
    piece = 0
    breaks: list[int] = []
    for index, ch in enumerate(text):
        cls, char_width = info[ch]
        possible = False
        if cls == BK:
            last = prev = BK
            seen_space = False
            if last_break >= 0 and column + piece > width:
                breaks.append(last_break)
            last_break = -1
            column = piece = 0
            regional = 0
            continue
        if cls == SP:
            seen_space = True
        elif cls == ZW:
            last = ZW
            seen_space = False
        elif cls == CM or cls == ZWJ:
            if last == BK:
                last = AL
                seen_space = False
            elif last == ZW or seen_space:
                possible = True
                last = AL
                seen_space = False
        else:
            if last == BK:
                pass
            elif last == ZW:
                possible = True
            elif prev == ZWJ:
                pass
            elif last == RI and cls == RI:
                possible = seen_space or regional % 2 == 0
            elif prev != HL_BA:
                rule = table[last][cls]
                possible = rule == _D or (rule == _I and seen_space)
            last = cls
            seen_space = False
        prev = HL_BA if prev == HL and (cls == HY or cls == BA) else cls
        regional = regional + 1 if cls == RI else 0
        if possible and not prohibited[index]:
            if last_break >= 0 and column + piece > width:
                breaks.append(last_break)
                column = 0
            last_break = index
            column += piece
            piece = 0
        piece += char_width
    if last_break >= 0 and column + piece > width:
        breaks.append(last_break)
    return breaks
