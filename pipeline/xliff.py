"""XLIFF 2.0 and 1.2, the files translation agencies' CAT tools (Trados, memoQ, Phrase)
exchange: one catalog written as one XLIFF file, and XLIFF files read back as units.

A unit's inline Markdown travels as placeholders, so a CAT tool shows a link or an
emphasis as a tag its translator can move but cannot break: ``<pc>``/``<ph>`` with the
Markdown in ``<originalData>`` (2.0), ``<bpt>``/``<ept>``/``<ph>`` holding it (1.2). Where
a translation's markup matches none of the source's, it travels as text. Either way,
reading gives back the exact Markdown written, so a file returned unchanged changes no
catalog byte.

Written with lxml rather than Translate Toolkit: the toolkit's XLIFF 2.0 support keeps
inline content as plain text (its placeables know 1.2's ``<g>``/``<x>`` only, and read
no ``<ph>``/``<bpt>``), and it is GPL-licensed, which this MIT package cannot depend on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from .errors import LocaliseError
from .inline import Code, Node, Piece, nest

XLIFF_2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF_1 = "urn:oasis:names:tc:xliff:document:1.2"
VERSIONS = ("2.0", "1.2")
"""2.0 by default; 1.2 for the tools that import only it (older Trados and memoQ)."""

TRANSLATED, FUZZY, UNTRANSLATED = "translated", "fuzzy", "untranslated"

NOTE_DEVELOPER = "developer"
"""The template's ``#.`` comment: what the unit is, the numbers to keep."""
NOTE_TRANSLATOR = "translator"
"""The translator's ``#`` comment; the one kind of note read back."""
NOTE_LOCATION = "location"
NOTE_PREVIOUS = "previous-source"
"""The English a fuzzy translation was made for (``#| msgid``)."""
_OWN_NOTES = (NOTE_DEVELOPER, NOTE_LOCATION, NOTE_PREVIOUS)


# --- writing ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportUnit:
    """One catalog entry as it goes out."""

    id: str
    source: tuple[Piece, ...]
    target: tuple[Piece, ...] | None
    """None when untranslated."""
    state: str
    context: str | None = None
    developer_note: str = ""
    translator_note: str = ""
    previous_source: str = ""
    locations: tuple[tuple[str, str], ...] = ()


_STRUCTURE = frozenset({"xliff", "file", "unit", "notes", "originalData", "segment", "body",
                        "trans-unit", "context-group", "group"})
"""Elements holding only elements: indented; text-holding ones are left exactly as built."""


def write_xliff(units: Iterable[ExportUnit], *, version: str, source_lang: str,
                target_lang: str, name: str) -> bytes:
    """One catalog (``name``) as an XLIFF document of ``version``."""
    if version == "2.0":
        root = etree.Element(f"{{{XLIFF_2}}}xliff", nsmap={None: XLIFF_2})
        root.set("version", "2.0")
        root.set("srcLang", source_lang)
        root.set("trgLang", target_lang)
        file = etree.SubElement(root, f"{{{XLIFF_2}}}file")
        file.set("id", re.sub(r"[^A-Za-z0-9._-]", "_", name) or "f1")
        file.set("original", name)
        file.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for unit in units:
            _unit_2(file, unit)
    elif version == "1.2":
        root = etree.Element(f"{{{XLIFF_1}}}xliff", nsmap={None: XLIFF_1})
        root.set("version", "1.2")
        file = etree.SubElement(root, f"{{{XLIFF_1}}}file")
        file.set("original", name)
        file.set("source-language", source_lang)
        file.set("target-language", target_lang)
        file.set("datatype", "plaintext")
        body = etree.SubElement(file, f"{{{XLIFF_1}}}body")
        for unit in units:
            _unit_1(body, unit)
    else:
        raise ValueError(f"XLIFF version {version!r}")
    _layout(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _layout(element: etree._Element, depth: int = 0) -> None:
    if etree.QName(element).localname not in _STRUCTURE or not len(element):
        return
    element.text = "\n" + "  " * (depth + 1)
    for child in element:
        _layout(child, depth + 1)
        child.tail = "\n" + "  " * (depth + 1)
    element[-1].tail = "\n" + "  " * depth


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{etree.QName(parent).namespace}}}{tag}")
    for key, value in attributes.items():
        element.set(key.rstrip("_").replace("_", "-") if key != "xml_space" else
                    "{http://www.w3.org/XML/1998/namespace}space", value)
    if text is not None:
        element.text = _xml_text(text)
    return element


NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry (control characters): a text with one is refused."""


def _xml_text(text: str) -> str:
    if NOT_IN_XML.search(text):  # callers check first, with the catalog's line
        raise LocaliseError(f"a control character XLIFF cannot carry, in {text[:60]!r}")
    return text


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + _xml_text(text)
    else:
        parent.text = (parent.text or "") + _xml_text(text)


_TYPES_2 = {"strong": ("fmt", "xlf:b"), "em": ("fmt", "xlf:i"), "strike": ("fmt", "xlf:s"),
            "link": ("link", ""), "autolink": ("link", ""), "image": ("image", ""),
            "code": ("other", ""), "html": ("other", ""), "placeholder": ("other", "")}
_CTYPES_1 = {"strong": "bold", "em": "italic", "strike": "x-strike", "link": "link",
             "autolink": "x-link", "image": "image", "code": "x-code", "html": "x-html",
             "placeholder": "x-python-format"}


class _Codes:
    """Inline ids of one unit: the source's codes, then the target's matched to them."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        """Markdown -> data id (2.0's originalData)."""
        self.free: dict[tuple[str, ...], list[str]] = {}
        """(kind of code, its Markdown) -> inline ids of the source not yet used by the target."""
        self.count = 0

    def data_id(self, text: str) -> str:
        return self.data.setdefault(text, f"d{len(self.data) + 1}")

    def new(self, key: tuple[str, ...]) -> str:
        self.count += 1
        self.free.setdefault(key, []).append(str(self.count))
        return str(self.count)

    def take(self, key: tuple[str, ...]) -> str | None:
        ids = self.free.get(key)
        return ids.pop(0) if ids else None


def _inline_2(parent: etree._Element, nodes: list[Node], codes: _Codes, source: bool) -> None:
    for node in nodes:
        if isinstance(node, str):
            _append_text(parent, node)
        elif isinstance(node, Code):
            key: tuple[str, ...] = ("alone", node.data)
            code_id = codes.new(key) if source else codes.take(key)
            if code_id is None:
                _append_text(parent, node.data)
                continue
            kind, subtype = _TYPES_2[node.kind]
            ph = _sub(parent, "ph", id=code_id, dataRef=codes.data_id(node.data), type=kind,
                      disp=node.data)
            if subtype:
                ph.set("subType", subtype)
        else:
            assert node.close is not None
            key = ("pair", node.open.data, node.close.data)
            code_id = codes.new(key) if source else codes.take(key)
            if code_id is None:
                _append_text(parent, node.open.data)
                _inline_2(parent, node.children, codes, source)
                _append_text(parent, node.close.data)
                continue
            kind, subtype = _TYPES_2[node.open.kind]
            pc = _sub(parent, "pc", id=code_id, dataRefStart=codes.data_id(node.open.data),
                      dataRefEnd=codes.data_id(node.close.data), type=kind,
                      dispStart=node.open.data, dispEnd=node.close.data)
            if subtype:
                pc.set("subType", subtype)
            _inline_2(pc, node.children, codes, source)


def _unit_2(file: etree._Element, unit: ExportUnit) -> None:
    element = _sub(file, "unit", id=unit.id)
    if unit.context is not None:
        element.set("name", unit.context)
    notes = [(NOTE_LOCATION, "\n".join(f"{path}:{line}" if line else path
                                       for path, line in unit.locations), "source"),
             (NOTE_DEVELOPER, unit.developer_note, "source"),
             (NOTE_TRANSLATOR, unit.translator_note, ""),
             (NOTE_PREVIOUS, unit.previous_source, "source")]
    if any(text for _category, text, _applies in notes):
        holder = _sub(element, "notes")
        for category, text, applies in notes:
            if text:
                note = _sub(holder, "note", text, category=category)
                if applies:
                    note.set("appliesTo", applies)
    codes = _Codes()
    data_holder = _sub(element, "originalData")
    segment = _sub(element, "segment")
    _inline_2(_sub(segment, "source"), nest(unit.source), codes, source=True)
    if unit.target is not None:
        _inline_2(_sub(segment, "target"), nest(unit.target), codes, source=False)
        segment.set("state", "translated" if unit.state == TRANSLATED else "initial")
        if unit.state == FUZZY:
            segment.set("subState", "localise:fuzzy")
    if codes.data:
        for text, data_id in codes.data.items():
            _sub(data_holder, "data", text, id=data_id)
    else:
        element.remove(data_holder)


def _inline_1(parent: etree._Element, nodes: list[Node], codes: _Codes, source: bool) -> None:
    for node in nodes:
        if isinstance(node, str):
            _append_text(parent, node)
        elif isinstance(node, Code):
            key: tuple[str, ...] = ("alone", node.data)
            code_id = codes.new(key) if source else codes.take(key)
            if code_id is None:
                _append_text(parent, node.data)
            else:
                _sub(parent, "ph", node.data, id=code_id, ctype=_CTYPES_1[node.kind])
        else:
            assert node.close is not None
            key = ("pair", node.open.data, node.close.data)
            code_id = codes.new(key) if source else codes.take(key)
            if code_id is None:
                _append_text(parent, node.open.data)
                _inline_1(parent, node.children, codes, source)
                _append_text(parent, node.close.data)
                continue
            _sub(parent, "bpt", node.open.data, id=code_id, ctype=_CTYPES_1[node.open.kind])
            _inline_1(parent, node.children, codes, source)
            _sub(parent, "ept", node.close.data, id=code_id)


def _unit_1(body: etree._Element, unit: ExportUnit) -> None:
    element = _sub(body, "trans-unit", id=unit.id, xml_space="preserve")
    if unit.context is not None:
        element.set("resname", unit.context)
    codes = _Codes()
    _inline_1(_sub(element, "source"), nest(unit.source), codes, source=True)
    if unit.target is not None:
        target = _sub(element, "target", state="translated" if unit.state == TRANSLATED
                      else "needs-review-translation")
        _inline_1(target, nest(unit.target), codes, source=False)
    for path, line in unit.locations:
        group = _sub(element, "context-group", purpose="location")
        _sub(group, "context", path, context_type="sourcefile")
        if line:
            _sub(group, "context", line, context_type="linenumber")
    for origin, text in ((NOTE_DEVELOPER, unit.developer_note),
                         (NOTE_TRANSLATOR, unit.translator_note),
                         (NOTE_PREVIOUS, unit.previous_source)):
        if text:
            note = _sub(element, "note", text, from_=origin)
            if origin != NOTE_TRANSLATOR:
                note.set("annotates", "source")


# --- reading ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class XliffUnit:
    """One unit as a CAT tool returned it, its inline tags turned back into Markdown."""

    id: str
    source: str
    target: str
    """Empty when the unit has no translation."""
    state: str
    """``translated``, ``fuzzy`` (needs review) or ``untranslated``."""
    line: int
    """Line of the unit's target (else of the unit) in the XLIFF file."""
    context: str | None = None
    notes: tuple[str, ...] = ()
    """The translators' notes (every note but the ones localise wrote for them)."""
    locations: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class XliffFile:
    """One ``<file>`` of an XLIFF document: one catalog's units in one language."""

    version: str
    source_lang: str
    target_lang: str
    name: str
    """The catalog it came from (``original``)."""
    line: int
    units: tuple[XliffUnit, ...]


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)


def read_xliff(data: bytes, display: str) -> tuple[XliffFile, ...]:
    """The files of an XLIFF 2.0 or 1.2 document; anything that cannot become Markdown
    again is a LocaliseError at its line."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise LocaliseError(f"not well-formed XML: {error.msg}", display,
                            error.lineno or None) from error
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in (XLIFF_2, XLIFF_1):
        raise LocaliseError("not an XLIFF 2.0 or 1.2 document", display, root.sourceline,
                            hint="export it from the CAT tool as XLIFF (2.0, or 1.2)")
    reader = _Reader2(display) if namespace == XLIFF_2 else _Reader1(display)
    files = tuple(reader.files(root))
    if not files:
        raise LocaliseError("no <file> in this XLIFF document", display, root.sourceline)
    return files


class _Reader:
    version = ""
    namespace = ""

    def __init__(self, display: str) -> None:
        self.display = display

    def tag(self, name: str) -> str:
        return f"{{{self.namespace}}}{name}"

    def error(self, message: str, element: etree._Element, hint: str | None = None) -> LocaliseError:
        return LocaliseError(message, self.display, element.sourceline, hint=hint)

    def required(self, element: etree._Element, attribute: str) -> str:
        value = element.get(attribute)
        if not value:
            raise self.error(f"<{etree.QName(element).localname}> without {attribute}", element)
        return value

    def files(self, root: etree._Element) -> Iterator[XliffFile]:
        raise NotImplementedError

    def markdown(self, element: etree._Element | None, data: Mapping[str, str]) -> str:
        """The Markdown of a source or target: its text with each tag's Markdown put back."""
        if element is None:
            return ""
        parts = [element.text or ""]
        for child in element:
            parts.append(self.inline(child, data))
            parts.append(child.tail or "")
        return "".join(parts)

    def inline(self, element: etree._Element, data: Mapping[str, str]) -> str:
        raise NotImplementedError

    def lost(self, element: etree._Element) -> LocaliseError:
        return self.error(
            f"<{etree.QName(element).localname}> carries no Markdown to put back", element,
            hint="keep the tags as exported (move them, do not replace them); this tag was "
            "added by the CAT tool")


class _Reader2(_Reader):
    version = "2.0"
    namespace = XLIFF_2

    def files(self, root: etree._Element) -> Iterator[XliffFile]:
        source_lang = self.required(root, "srcLang")
        target_lang = root.get("trgLang") or ""
        for file in root.iter(self.tag("file")):
            name = file.get("original") or self.required(file, "id")
            units = tuple(self.unit(unit) for unit in file.iter(self.tag("unit")))
            yield XliffFile("2.0", source_lang, target_lang, name, file.sourceline, units)

    def unit(self, unit: etree._Element) -> XliffUnit:
        data = {self.required(item, "id"): self.markdown(item, {})
                for item in unit.iterfind(f"{self.tag('originalData')}/{self.tag('data')}")}
        sources, targets, states = [], [], []
        line = unit.sourceline
        for part in unit:
            local = etree.QName(part).localname
            if local not in ("segment", "ignorable"):
                continue
            source = part.find(self.tag("source"))
            if source is None:
                raise self.error(f"<{local}> without <source>", part)
            target = part.find(self.tag("target"))
            sources.append(self.markdown(source, data))
            targets.append(self.markdown(target, data))
            if target is not None and line == unit.sourceline:
                line = target.sourceline
            if local == "segment" and sources[-1].strip():
                states.append(part.get("state", "initial") if target is not None else "")
        target_text = "".join(targets)
        if not target_text.strip():
            state = UNTRANSLATED
        elif all(found in ("translated", "reviewed", "final") for found in states):
            state = TRANSLATED
        else:  # 'initial' (the default) holds a draft: fuzzy, as Translate Toolkit reads it
            state = FUZZY
        notes: list[str] = []
        locations: list[tuple[str, str]] = []
        for note in unit.iterfind(f"{self.tag('notes')}/{self.tag('note')}"):
            category, text = note.get("category", ""), self.markdown(note, {})
            if category == NOTE_LOCATION:
                locations.extend(_location(line_text) for line_text in text.splitlines())
            elif category not in _OWN_NOTES and text:
                notes.append(text)
        return XliffUnit(self.required(unit, "id"), "".join(sources),
                         target_text if state != UNTRANSLATED else "", state, line,
                         unit.get("name"), tuple(notes), tuple(locations))

    def inline(self, element: etree._Element, data: Mapping[str, str]) -> str:
        local = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if local in ("ph", "sc", "ec"):
            reference = element.get("dataRef")
            if reference is None or reference not in data:
                raise self.lost(element)
            return data[reference]
        if local == "pc":
            start, end = element.get("dataRefStart"), element.get("dataRefEnd")
            if start not in data or end not in data:
                raise self.lost(element)
            return data[start] + self.markdown(element, data) + data[end]
        if local == "mrk":
            return self.markdown(element, data)
        if local in ("sm", "em"):
            return ""
        if local == "cp":
            return chr(int(self.required(element, "hex"), 16))
        raise self.error(f"unexpected <{local or element.tag}> in the text", element)


class _Reader1(_Reader):
    version = "1.2"
    namespace = XLIFF_1
    _DONE = ("translated", "signed-off", "final")

    def files(self, root: etree._Element) -> Iterator[XliffFile]:
        for file in root.iter(self.tag("file")):
            units = tuple(self.unit(unit) for unit in file.iter(self.tag("trans-unit")))
            yield XliffFile("1.2", self.required(file, "source-language"),
                            file.get("target-language") or "", self.required(file, "original"),
                            file.sourceline, units)

    def unit(self, unit: etree._Element) -> XliffUnit:
        source = unit.find(self.tag("source"))
        if source is None:
            raise self.error("<trans-unit> without <source>", unit)
        target = unit.find(self.tag("target"))
        text = self.markdown(target, {})
        if not text.strip():
            state = UNTRANSLATED
        elif target is not None and (found := target.get("state")):
            state = TRANSLATED if found in self._DONE else FUZZY
        else:
            state = FUZZY if unit.get("approved") == "no" else TRANSLATED
        notes = tuple(self.markdown(note, {}) for note in unit.findall(self.tag("note"))
                      if note.get("from", "") not in _OWN_NOTES and (note.text or len(note)))
        locations: list[tuple[str, str]] = []
        for group in unit.findall(self.tag("context-group")):
            if group.get("purpose") != "location":
                continue
            parts = {context.get("context-type"): context.text or ""
                     for context in group.iter(self.tag("context"))}
            if parts.get("sourcefile"):
                locations.append((parts["sourcefile"], parts.get("linenumber", "")))
        return XliffUnit(self.required(unit, "id"), self.markdown(source, {}),
                         text if state != UNTRANSLATED else "", state,
                         (target if target is not None else unit).sourceline,
                         unit.get("resname"), notes, tuple(locations))

    def inline(self, element: etree._Element, data: Mapping[str, str]) -> str:
        local = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if local in ("bpt", "ept", "ph", "it"):
            return "".join(element.itertext())
        if local == "mrk":
            return self.markdown(element, data)
        if local in ("g", "x", "bx", "ex"):
            raise self.lost(element)
        raise self.error(f"unexpected <{local or element.tag}> in the text", element)


def _location(text: str) -> tuple[str, str]:
    path, _colon, line = text.rpartition(":")
    return (path, line) if path and line.isdigit() else (text, "")
