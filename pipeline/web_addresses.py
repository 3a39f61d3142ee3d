"""Addresses written in the text: web addresses (``https://…``, ``www.…``) and emails.

A translator must copy them as written, like a link's target: a changed character sends
the reader elsewhere, and the typos that break one (``https: //``, ``https:/``) make it no
address at all. They are also masked before numbers are read (``/pmc/articles/PMC104``
holds no clinical number).

>>> [a.text for a in find("Visit https://www.sphinx-doc.org/. Mail help@example.org.")]
['https://www.sphinx-doc.org/', 'help@example.org']
>>> [a.text for a in broken("Visite https: //www.sphinx-doc.org o https:/x.org")]
['https: //www.sphinx-doc.org', 'https:/x.org']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STOP = r"\s<>\"'`“”‘’«»‹›（）「」、。，"
_URL = re.compile(
    rf"(?:https?|ftp)://[^{_STOP}]*|www\.[^{_STOP}]+"
    rf"|mailto:[^{_STOP}]+"
    r"|(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)
_BROKEN = re.compile(
    rf"\b(?:https?|ftp)(?:\s+:\s*/+|:\s+/+|:/(?!/)|//|:\\/\\/)\s*[^{_STOP}]+", re.IGNORECASE
)
"""A scheme whose ``://`` was broken: spaces in it, one slash, no colon, escaped slashes."""
_TRAILING = ".,;:!?)]}*_"


_EXAMPLE_HOST = re.compile(
    r"(?:^|[/@.])(?:example\.(?:com|org|net)|[\w-]+\.(?:example|test|invalid|localhost))(?:[:/?#]|$)",
    re.IGNORECASE)
"""Hosts reserved for examples (RFC 2606, RFC 6761)."""


@dataclass(frozen=True, slots=True)
class Address:
    """One address as written and where it is."""

    text: str
    start: int
    end: int

    @property
    def example(self) -> bool:
        """An illustration, not a place to go: a reserved example host, or a hole for the
        reader to fill in (``http://domain.com/blog/[my-slug]/``). Each language may write
        its own (``/blog/[polkutunnus]/``)."""
        return bool(_EXAMPLE_HOST.search(self.text)) or "[" in self.text


def _trimmed(text: str, start: int) -> Address:
    """An address without the sentence's punctuation after it (a ``)`` only when unbalanced)."""
    end = len(text)
    while text and text[-1] in _TRAILING:
        if text[-1] == ")" and text.count("(") >= text.count(")"):
            break
        text = text[:-1]
        end -= 1
    return Address(text, start, start + end)


def find(text: str) -> tuple[Address, ...]:
    """Every web address and email of ``text``, in order."""
    if "://" not in text and "www." not in text and "@" not in text and "mailto:" not in text:
        return ()
    return tuple(_trimmed(match.group(0), match.start()) for match in _URL.finditer(text))


def broken(text: str) -> tuple[Address, ...]:
    """Addresses whose scheme a typo broke (``https: //x``, ``https:/x``, ``http//x``)."""
    if "http" not in text.lower() and "ftp" not in text.lower():
        return ()
    return tuple(_trimmed(match.group(0), match.start()) for match in _BROKEN.finditer(text))
