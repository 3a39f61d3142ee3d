"""Links and inline markup: read from the parsed Markdown, never by regular expression.

A translation may reorder words and markup, but must keep every link target (or use the
settings' per-language replacement), the same emphasis, code and images, and add no HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import Context, Entry

_MARKUP = {
    "em_open": "*emphasis*",
    "strong_open": "**strong**",
    "link_open": "[link](...)",
    "image": "![image](...)",
    "code_inline": "`code`",
    "s_open": "~~strikethrough~~",
}


def link_targets(tokens: Iterable[Token]) -> list[str]:
    """Every link and image target of inline tokens, in order."""
    found = []
    for token in tokens:
        if token.type == "link_open":
            found.append(str(token.attrGet("href") or ""))
        elif token.type == "image":
            found.append(str(token.attrGet("src") or ""))
            found.extend(link_targets(token.children or []))
    return found


def urls(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """url-changed: the source's link targets, unchanged or as mapped for the language."""
    source_targets = link_targets(entry.source_tokens)
    target_targets = link_targets(entry.target_tokens)
    if not source_targets and not target_targets:
        return
    source, target = Counter(source_targets), Counter(target_targets)
    for url, count in source.items():
        mapped = context.url_map.get(url)
        have = target[url] + (target[mapped] if mapped else 0)
        if have < count:
            hint = f" or {mapped}" if mapped else ""
            yield "url-changed", f"link target {url}{hint} is missing or changed in the translation"
    allowed = set(source) | {context.url_map[url] for url in source if url in context.url_map}
    for url in target:
        if url not in allowed:
            yield "url-changed", (
                f"link target {url} is not in the source; links in translations must point "
                "where the English does (or to the settings' url-map)"
            )


def markup_signature(tokens: Iterable[Token]) -> Counter[str]:
    """Inline markup as a multiset; code spans count with their exact content."""
    found: Counter[str] = Counter()
    for token in tokens:
        if token.type == "code_inline":
            found[f"`{token.content}`"] += 1
        elif token.type in _MARKUP:
            found[_MARKUP[token.type]] += 1
    return found


def markup(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """markup-mismatch: same emphasis, strong, links, code and images, order free."""
    source = markup_signature(entry.source_tokens)
    target = markup_signature(entry.target_tokens)
    if source == target:
        return
    lost = ", ".join(f"{name} ×{count}" for name, count in (source - target).items())
    added = ", ".join(f"{name} ×{count}" for name, count in (target - source).items())
    parts = [f"missing {lost}" if lost else "", f"added {added}" if added else ""]
    yield "markup-mismatch", "inline markup differs from the source: " + "; ".join(
        part for part in parts if part
    )


@cache
def _html_reader() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def html_fragments(text: str) -> Counter[str]:
    """Raw HTML a Markdown reader with HTML enabled would pass through."""
    parsed = _html_reader().parseInline(text, {})
    children = parsed[0].children or [] if parsed else []
    return Counter(token.content for token in children if token.type == "html_inline")


def raw_html(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """raw-html: HTML the source does not have (it is escaped on the page, never run)."""
    if "<" not in entry.msgstr:
        return
    added = html_fragments(entry.msgstr) - html_fragments(entry.msgid)
    for fragment in added:
        yield "raw-html", (
            f"the translation contains HTML {fragment!r}; write plain text or Markdown "
            "(the page shows it as text, never as HTML)"
        )
