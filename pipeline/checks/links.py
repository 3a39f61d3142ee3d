"""Links, addresses and inline markup: link targets and emphasis read from the parsed
Markdown, never by regular expression; addresses written in the text read as addresses.

A translation may reorder words and markup, but must keep every link target and every
address of the text (or use the settings' per-language replacement), and the same
emphasis, code and images. HTML in messages is :mod:`.html`'s.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from markdown_it.token import Token

from .. import web_addresses
from ..html_tags import tag_spans
from ..placeholders import mask
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
    """url-changed: the source's link targets and written addresses, unchanged or as mapped
    for the language; no address of the text broken by a typo (``https: //``)."""
    source_targets = link_targets(entry.source_tokens)
    target_targets = link_targets(entry.target_tokens)
    source_written, examples = _written(_outside_links(entry, entry.source_tokens,
                                                       entry.source_text), source_targets)
    target_written, _ = _written(_outside_links(entry, entry.target_tokens, entry.target_text),
                                 target_targets)
    broken = [address for address in web_addresses.broken(entry.target_text)
              if address.text not in entry.source_text]
    for address in broken:
        yield "url-changed", (
            f"the address “{address.text}” is broken (a typo in its “://”); copy it "
            "from the source")
    if not (source_targets or target_targets or source_written or target_written):
        return
    source = Counter(source_targets) + Counter(source_written)
    target = Counter(target_targets) + Counter(target_written)
    lost = []
    for url, count in source.items():
        mapped = context.url_map.get(url)
        have = target[url] + (target[mapped] if mapped else 0)
        if have < count and not context.markdown:
            have += sum(n for other, n in target.items() if localised_url(url, other, context))
        if have < count:
            lost.append(f"{url} (or {mapped})" if mapped else url)
    allowed = set(source) | {context.url_map[url] for url in source if url in context.url_map}
    added = [url for url in target if url not in allowed and not (
        not context.markdown and any(localised_url(s, url, context) for s in source))]
    added = added[examples:]  # the translation's own example for the source's
    if broken and not added:
        return  # the broken one is the changed one, said above
    for old, new in zip(lost, added, strict=False):
        yield "url-changed", f"link target {old} became {new} in the translation"
    for old in lost[len(added):]:
        if not broken:
            yield "url-changed", f"link target {old} is missing or changed in the translation"
    for new in added[len(lost):]:
        yield "url-changed", (
            f"link target {new} is not in the source; links in translations must point "
            "where the English does (or to the settings' url-map)"
        )


def _outside_links(entry: Entry, tokens: Iterable[Token], text: str) -> str:
    """The text where an address is written, not linked: a link's or autolink's own text
    is its target's (compared above), and the words right after it are no part of it
    (``<https://x.org>を参照``). Plain catalogs have no links: their whole text."""
    if not any(token.type == "link_open" for token in tokens):
        return text
    parts, depth = [], 0
    for token in tokens:
        if token.type == "link_open":
            depth += 1
            parts.append(" ")
        elif token.type == "link_close":
            depth = max(0, depth - 1)
            parts.append(" ")
        elif depth == 0 and token.type == "text":
            parts.append(token.content)
        elif depth == 0 and token.type in ("softbreak", "hardbreak", "code_inline", "html_inline"):
            parts.append(" ")
    return "".join(parts)


def _written(text: str, targets: list[str]) -> tuple[list[str], int]:
    """Addresses written in the text, less those that are a link's own text (autolinks),
    and how many examples it has (``http://domain.com/blog/[my-slug]/``), which each
    language may write its own way."""
    if "<" in text:  # an address in an attribute is the HTML check's (pipeline.checks.html)
        text = mask(text, tag_spans(text))
    written = web_addresses.find(text)
    found = [address.text for address in written if not address.example]
    examples = len(written) - len(found)
    if not found:
        return found, examples
    linked = Counter(targets) + Counter(target.removeprefix("mailto:") for target in targets)
    kept = []
    for address in found:
        if linked[address] > 0:
            linked[address] -= 1
        else:
            kept.append(address)
    return kept, examples


def _language_spellings(code: str) -> set[str]:
    parts = code.replace("-", "_").lower().split("_")
    return {parts[0], "_".join(parts), "-".join(parts)}


def localised_url(source: str, target: str, context: Context) -> bool:
    """Whether ``target`` is ``source`` in the catalog's language: one path segment, query
    value or host label naming the source language (``/en/``, ``?hl=en``, ``en.``) names
    the catalog's instead (``/fr/``), or a path under the source's starts with the
    catalog's language (``/`` as ``/pt_BR/master``), as projects link their translated
    documentation."""
    if source == target or not target:
        return False
    theirs = _language_spellings(context.source_lang)
    ours = _language_spellings(context.lang)
    source_parts = re.split(r"([/?&=.#])", source)
    target_parts = re.split(r"([/?&=.#])", target)
    if source.endswith("/") and target.startswith(source):  # /pt_BR/master added
        return target[len(source):].split("/", maxsplit=1)[0].lower() in ours
    if len(source_parts) != len(target_parts):
        return False
    changed = [(a, b) for a, b in zip(source_parts, target_parts, strict=True) if a != b]
    return len(changed) == 1 and changed[0][0].lower() in theirs and changed[0][1].lower() in ours \
        and bool(urlsplit(source).netloc)


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
