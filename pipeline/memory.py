"""Translation memory: what one article of a language already says, offered to the others.

Hospitals repeat themselves ("Key Takeaways", "Liv Hospital provides complete care ..."),
so a unit new to one article is pre-filled from another article's reviewed translation.
Only reviewed (non-fuzzy) translations are offered, and the offer is always fuzzy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polib


@dataclass(frozen=True, slots=True)
class MemoryHit:
    """A reviewed translation of the same English, and the catalog it came from."""

    msgstr: str
    source: str


@dataclass(frozen=True, slots=True)
class TranslationMemory:
    """Exact-match memory over the catalogs of one language."""

    entries: Mapping[str, tuple[MemoryHit, ...]]

    @classmethod
    def from_catalogs(cls, catalogs: Mapping[str, polib.POFile]) -> TranslationMemory:
        """Index the reviewed singular translations of ``{catalog name: catalog}``."""
        found: dict[str, list[MemoryHit]] = {}
        for name in sorted(catalogs):
            for entry in catalogs[name]:
                if entry.obsolete or "fuzzy" in entry.flags or entry.msgid_plural:
                    continue
                if entry.msgstr and entry.msgid:
                    found.setdefault(entry.msgid, []).append(MemoryHit(entry.msgstr, name))
        return cls({msgid: tuple(hits) for msgid, hits in found.items()})

    def lookup(self, msgid: str, exclude: str = "") -> MemoryHit | None:
        """The first reviewed translation of ``msgid`` from a catalog other than ``exclude``."""
        for hit in self.entries.get(msgid, ()):
            if hit.source != exclude:
                return hit
        return None
