"""HTML in messages: the source's tags kept, none added where the source has none.

Where the msgid carries HTML (an end tag, an attribute with a value, a self-closing tag)
the translation's tags are compared with it, order free: names as a multiset, and each
start tag's attributes with their values, except the text a reader sees (``title``,
``alt``, ``aria-label``, ``placeholder``) which is translated; ``href``/``src`` may be the
settings' url-map replacement. A tag missing, added, changed or broken (escaped or curly
quotes, ``</ em>``, a lookalike ``‹code>``) is ``markup-mismatch``.

Where the msgid has no HTML, a tag in the translation is ``raw-html``. On this project's
pages HTML from a translation is escaped (shown as text), so every added tag is one. In
any other project's catalog only what could break or change the page counts: a closed,
attribute-free text-level element (Django's ordinals ``{}<sup>e</sup>``, marked safe for
that) is the program's to render, whether the msgid has HTML or not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..html_tags import Tag, has_html, lookalike_tags, read_tags
from . import Context, Entry
from .links import localised_url

_READER_TEXT = frozenset({"title", "alt", "aria-label", "placeholder"})
"""Attributes whose values are text for the reader, translated like the rest."""
_ADDRESSES = frozenset({"href", "src"})
_TEXT_LEVEL = frozenset({
    "b", "i", "u", "s", "em", "strong", "small", "mark", "sup", "sub", "q", "cite", "abbr",
    "dfn", "code", "kbd", "samp", "var", "span", "bdi", "bdo", "br", "wbr", "ins", "del",
})
"""The HTML Standard's text-level semantics (§4.5) that carry no address and run nothing."""
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


def _message_tags(text: str, context: Context) -> tuple[Tag, ...]:
    """The tags of a message; in Markdown, a code span's ``<div>`` is code, not HTML."""
    if "<" not in text:
        return ()
    if context.markdown and "`" in text:
        text = _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), text)
    return read_tags(text)


def _shown(tag: Tag) -> str:
    return tag.text if tag.kind != "end" else f"</{tag.name}>"


def _signature(tag: Tag, source: dict[str, set[str]]) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """What must match: kind, name, attributes (reader text by name only; an address as
    the source's when it is one the translation may use instead)."""
    attrs = []
    for name, value in tag.attrs:
        if value is None and not any(ch.isalpha() for ch in name):
            continue  # prose showing a tag: <a rel="noreferrer" …> written with "..."
        if name in _READER_TEXT:
            value = ""
        elif name in _ADDRESSES and value is not None:
            value = next((url for url, allowed in source.items() if value in allowed), value)
        attrs.append((name, value or ""))
    kind = "start" if tag.kind == "empty" else tag.kind  # <br> and <br/> are one tag
    return (kind, tag.name, tuple(sorted(attrs)))


def _allowed_addresses(tags: tuple[Tag, ...], context: Context) -> dict[str, set[str]]:
    """Per source address, the addresses a translation may write for it."""
    allowed: dict[str, set[str]] = {}
    for tag in tags:
        for name, value in tag.attrs:
            if name in _ADDRESSES and value:
                options = allowed.setdefault(value, {value})
                if value in context.url_map:
                    options.add(context.url_map[value])
    return allowed


def markup(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """markup-mismatch: the msgid's HTML tags and attributes, kept in the translation."""
    if "<" not in entry.msgid:
        return
    source_tags = _message_tags(entry.msgid, context)
    if not has_html(entry.msgid, source_tags):
        return
    target_tags = _message_tags(entry.msgstr, context)
    if not context.markdown:  # formatting the program renders (Django uk: <i>True</i>)
        kept = Counter(tag.name for tag in source_tags)
        target_tags = tuple(tag for tag in target_tags
                            if kept[tag.name] or not _harmless(tag, target_tags))
    allowed = _allowed_addresses(source_tags, context)
    as_written = {tag.text for tag in source_tags if tag.broken}  # the source's own oddity
    problems = [tag.broken for tag in target_tags if tag.broken and tag.text not in as_written]
    names = {tag.name for tag in source_tags}
    problems += [f"{text!r} uses a lookalike of '<'" for text in lookalike_tags(entry.msgstr, names)]
    source = Counter(_signature(tag, allowed) for tag in source_tags)
    signatures = {}
    for tag in target_tags:
        signature = _signature(tag, allowed)
        if tag.name in names and signature not in source and not context.markdown:
            signature = _localised(tag, source, allowed, context) or signature
        signatures[id(tag)] = signature
    target = Counter(signatures.values())
    shown = {_signature(tag, allowed): _shown(tag) for tag in source_tags}
    shown.update({signatures[id(tag)]: _shown(tag) for tag in target_tags})
    lost, added = source - target, target - source
    if not problems and not lost and not added:
        return
    parts = problems
    if lost:
        parts.append("missing " + ", ".join(_count(shown[key], n) for key, n in lost.items()))
    if added:
        parts.append("not in the source " + ", ".join(_count(shown[key], n) for key, n in added.items()))
    yield "markup-mismatch", "HTML differs from the source: " + "; ".join(parts)


def _localised(tag: Tag, source: Counter, allowed: dict[str, set[str]], context: Context):
    """The source signature ``tag`` matches when its address is the source's in the
    catalog's language (``/en/`` as ``/fr/``): a project's own localised documentation."""
    attrs = dict(tag.attrs)
    for key in source:
        if key[1] != tag.name:
            continue
        wanted = dict(key[2])
        if set(wanted) != set(attrs):
            continue
        if all(attrs[name] in (value, None) or name in _READER_TEXT
               or (name in _ADDRESSES and localised_url(value, attrs[name] or "", context))
               for name, value in wanted.items()):
            return key
    return None


def _count(text: str, count: int) -> str:
    return text if count == 1 else f"{text} ×{count}"


def raw_html(entry: Entry, context: Context) -> Iterator[tuple[str, str]]:
    """raw-html: HTML in a translation whose source has none."""
    if "<" not in entry.msgstr:
        return
    source_tags = _message_tags(entry.msgid, context)
    if has_html(entry.msgid, source_tags):
        return  # compared tag by tag by markup()
    target_tags = _message_tags(entry.msgstr, context)
    if context.markdown:
        added = Counter(_shown(tag) for tag in target_tags) - Counter(_shown(tag) for tag in source_tags)
    else:
        if not has_html(entry.msgstr, target_tags):
            return  # words in brackets (<comando>, <<entrada original>>)
        added = Counter(_shown(tag) for tag in target_tags if not _harmless(tag, target_tags))
        added -= Counter(_shown(tag) for tag in source_tags)
    if added:
        yield "raw-html", (
            "the translation adds HTML the source does not have: " + ", ".join(added)
            + ("; write plain text or Markdown (the page shows it as text, never as HTML)"
               if context.markdown else "; remove it, or ask for it in the source text")
        )


def _harmless(tag: Tag, tags: tuple[Tag, ...]) -> bool:
    """A closed, attribute-free text-level element: formatting the program may render."""
    if tag.name not in _TEXT_LEVEL or tag.attrs or tag.broken:
        return False
    if tag.name in ("br", "wbr"):
        return True
    starts = sum(1 for other in tags if other.name == tag.name and other.kind == "start")
    ends = sum(1 for other in tags if other.name == tag.name and other.kind == "end")
    return starts == ends
