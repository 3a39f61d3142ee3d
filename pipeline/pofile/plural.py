"""Plural expressions (plural.y, eval-plural.h): parsed and evaluated with C's unsigned
long arithmetic, as msgfmt does when it checks a Plural-Forms header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_MASK: Final = 2**64 - 1
_PLURAL_TOKEN: Final = re.compile(
    r"[ \t]*(?:(?P<number>[0-9]+)|(?P<op>==|!=|<=|>=|&&|\|\||[<>*/%+\-!?:()n])"
    r"|(?P<end>[;\n]|\Z)|(?P<bad>.))",
    re.DOTALL,
)
_BINARY_PRECEDENCE: Final = {"||": 2, "&&": 3, "==": 4, "!=": 4, "<": 5, ">": 5, "<=": 5,
                             ">=": 5, "+": 6, "-": 6, "*": 7, "/": 7, "%": 7}  # fmt: skip

# An expression tree: ("n",), ("num", value), ("!", operand), (op, left, right),
# ("?", condition, then, else).
_Expression = tuple


class _PluralSyntaxError(Exception):
    """The plural expression does not follow gettext's grammar."""


class _DivisionByZero(Exception):
    """Evaluating the plural expression divided by zero (msgfmt catches SIGFPE)."""


def _parse_plural(text: str) -> _Expression:
    """Parse ``plural=`` text up to ``;``, newline or end, as gettext's plural.y does."""
    tokens: list[tuple[str, object]] = []
    position = 0
    while True:
        found = _PLURAL_TOKEN.match(text, position)
        assert found is not None
        if found["number"] is not None:
            value = 0
            for start in range(0, len(found["number"]), 18):  # unsigned long wraps like C
                chunk = found["number"][start : start + 18]
                value = (value * 10 ** len(chunk) + int(chunk)) & _MASK
            tokens.append(("num", value))
        elif found["op"] is not None:
            tokens.append((found["op"], None))
        elif found["end"] is not None:
            tokens.append(("end", None))
            break
        else:
            raise _PluralSyntaxError
        position = found.end()
    index = 0

    def peek() -> str:
        return tokens[index][0]

    def take(kind: str) -> None:
        nonlocal index
        if tokens[index][0] != kind:
            raise _PluralSyntaxError
        index += 1

    def primary() -> _Expression:
        nonlocal index
        kind, value = tokens[index]
        index += 1
        if kind == "num":
            return ("num", value)
        if kind == "n":
            return ("n",)
        if kind == "!":
            return ("!", primary())
        if kind == "(":
            inner = expression(0)
            take(")")
            return inner
        raise _PluralSyntaxError

    def expression(minimum: int) -> _Expression:
        nonlocal index
        left = primary()
        while True:
            kind = peek()
            if kind == "?" and minimum <= 1:
                index += 1
                then = expression(0)
                take(":")
                left = ("?", left, then, expression(1))
            elif kind in _BINARY_PRECEDENCE and _BINARY_PRECEDENCE[kind] >= minimum:
                index += 1
                left = (kind, left, expression(_BINARY_PRECEDENCE[kind] + 1))
            else:
                return left

    tree = expression(0)
    take("end")
    return tree


def _evaluate(tree: _Expression, n: int) -> int:
    """The value gettext's plural_eval computes (unsigned 64-bit) for ``n``."""
    kind = tree[0]
    if kind == "n":
        return n
    if kind == "num":
        return int(tree[1])
    if kind == "!":
        return int(not _evaluate(tree[1], n))
    if kind == "?":
        return _evaluate(tree[2] if _evaluate(tree[1], n) else tree[3], n)
    left = _evaluate(tree[1], n)
    if kind == "||":
        return int(bool(left) or bool(_evaluate(tree[2], n)))
    if kind == "&&":
        return int(bool(left) and bool(_evaluate(tree[2], n)))
    right = _evaluate(tree[2], n)
    if kind in ("/", "%"):
        if right == 0:
            raise _DivisionByZero
        return left // right if kind == "/" else left % right
    arithmetic = {"*": left * right, "+": left + right, "-": left - right}
    if kind in arithmetic:
        return arithmetic[kind] & _MASK
    return int({"<": left < right, ">": left > right, "<=": left <= right,
                ">=": left >= right, "==": left == right, "!=": left != right}[kind])  # fmt: skip


_GERMANIC: Final = ("!=", ("n",), ("num", 1))


@dataclass(frozen=True, slots=True)
class _Distribution:
    """Which plural forms the formula uses infinitely often (msgfmt's ``often``)."""

    expression: _Expression
    often: tuple[bool, ...] | None

    def histogram(self, low: int, high: int, form: int) -> int:
        """How often ``form`` is chosen for low <= n <= high (at most 1001 values)."""
        low = max(low, 0)
        high = min(high, low + 1000)
        count = 0
        for n in range(low, high + 1):
            try:
                count += _evaluate(self.expression, n) == form
            except _DivisionByZero:
                continue
        return count
