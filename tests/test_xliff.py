"""XLIFF 2.0 and 1.2 as files: documents the OASIS schemas accept, tags that give back the
exact Markdown, and what CAT tools do to a file, read back."""

from __future__ import annotations

import pytest
from lxml import etree
from tests_support import assert_valid_xliff

from pipeline.errors import LocaliseError
from pipeline.inline import joined, markdown_pieces
from pipeline.xliff import (
    FUZZY,
    TRANSLATED,
    UNTRANSLATED,
    XLIFF_1,
    XLIFF_2,
    ExportUnit,
    read_xliff,
    write_xliff,
)


def units() -> list[ExportUnit]:
    link = markdown_pieces("Read [the study](https://x.org) on **14.97%**.")
    moved = markdown_pieces("**%14,97** üzerine [çalışmayı](https://x.org) okuyun.")
    return [
        ExportUnit("u1", link, moved, TRANSLATED, developer_note="paragraph\nnumbers: 14.97%",
                   translator_note="checked with the surgeon",
                   locations=(("source/x.md", "12"),)),
        ExportUnit("u2", ("Numbness",), ("Uyuşma",), FUZZY, previous_source="Numbness.",
                   locations=(("source/x.md", "14"), ("source/x.md", "20"))),
        ExportUnit("u3", markdown_pieces("Take `1` tablet"), None, UNTRANSLATED),
        ExportUnit("u4", ("Menu",), ("Menü <b>",), TRANSLATED, context="nav"),
        # a translation whose link differs from the source's: its markup travels as text
        ExportUnit("u5", link, markdown_pieces("[x](https://other.org) **14,97 %**"), TRANSLATED),
    ]


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_a_written_file_validates_and_reads_back_the_same(version: str) -> None:
    data = write_xliff(units(), version=version, source_lang="en", target_lang="tr", name="x")
    assert_valid_xliff(data, version)
    (file,) = read_xliff(data, "x.xlf")
    assert (file.version, file.source_lang, file.target_lang, file.name) == (
        version, "en", "tr", "x")
    for written, read in zip(units(), file.units, strict=True):
        assert read.id == written.id and read.source == joined(written.source)
        assert read.target == (joined(written.target) if written.target else "")
        assert read.state == written.state
        assert read.notes == ((written.translator_note,) if written.translator_note else ())
        assert read.locations == written.locations and read.context == written.context
    again = write_xliff(units(), version=version, source_lang="en", target_lang="tr", name="x")
    assert again == data  # deterministic


def test_tags_of_the_source_are_reused_by_the_target() -> None:
    data = write_xliff(units()[:1], version="2.0", source_lang="en", target_lang="tr", name="x")
    root = etree.fromstring(data)
    ns = {"x": XLIFF_2}
    source = root.find(".//x:source", ns)
    target = root.find(".//x:target", ns)
    assert [pc.get("id") for pc in source.iter(f"{{{XLIFF_2}}}pc")] == ["1", "2"]
    assert [pc.get("id") for pc in target.iter(f"{{{XLIFF_2}}}pc")] == ["2", "1"]
    assert "https://x.org" not in "".join(target.itertext())  # the URL is in originalData only
    data_1 = write_xliff(units()[:1], version="1.2", source_lang="en", target_lang="tr", name="x")
    bpt = etree.fromstring(data_1).find(f".//{{{XLIFF_1}}}target/{{{XLIFF_1}}}bpt")
    assert (bpt.get("id"), bpt.get("ctype"), bpt.text) == ("2", "bold", "**")


def returned(version: str, edit) -> bytes:
    """A file written here, then changed as a CAT tool would change it."""
    data = write_xliff(units(), version=version, source_lang="en", target_lang="tr", name="x")
    root = etree.fromstring(data)
    edit(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_what_cat_tools_do_to_a_2_0_file_reads_back_as_markdown() -> None:
    """Resegmenting a unit, marking terms with <mrk>, writing a pair as <sc>/<ec>, a
    character as <cp>: the Markdown comes back; the state of every segment counts."""
    ns = {"x": XLIFF_2}

    def edit(root):
        unit = root.find(".//x:unit[@id='u1']", ns)
        segment = unit.find("x:segment", ns)
        target = segment.find("x:target", ns)
        target.clear()
        target.text = "Once "
        mark = etree.SubElement(target, f"{{{XLIFF_2}}}mrk", id="m1", type="term")
        mark.text = "%14,97"
        mark.tail = " "
        etree.SubElement(target, f"{{{XLIFF_2}}}sc", id="1", dataRef="d1")
        etree.SubElement(target, f"{{{XLIFF_2}}}cp", hex="00E7").tail = "alışma"
        etree.SubElement(target, f"{{{XLIFF_2}}}ec", startRef="1", dataRef="d2").tail = "."
        ignorable = etree.Element(f"{{{XLIFF_2}}}ignorable")
        etree.SubElement(ignorable, f"{{{XLIFF_2}}}source").text = " "
        etree.SubElement(ignorable, f"{{{XLIFF_2}}}target").text = " "
        second = etree.Element(f"{{{XLIFF_2}}}segment", state="initial")
        etree.SubElement(second, f"{{{XLIFF_2}}}source").text = "Second sentence."
        etree.SubElement(second, f"{{{XLIFF_2}}}target").text = "İkinci cümle."
        unit.extend([ignorable, second])

    (file,) = read_xliff(returned("2.0", edit), "r.xlf")
    first = file.units[0]
    assert first.source == "Read [the study](https://x.org) on **14.97%**. Second sentence."
    assert first.target == "Once %14,97 [çalışma](https://x.org). İkinci cümle."
    assert first.state == FUZZY  # one segment still 'initial'


def test_what_cat_tools_do_to_a_1_2_file_reads_back_as_markdown() -> None:
    def edit(root):
        unit = root.find(f".//{{{XLIFF_1}}}trans-unit[@id='u2']")
        unit.find(f"{{{XLIFF_1}}}target").set("state", "signed-off")
        target = root.find(f".//{{{XLIFF_1}}}trans-unit[@id='u1']/{{{XLIFF_1}}}target")
        first = target[0]  # <bpt id="1">**</bpt>
        mark = etree.Element(f"{{{XLIFF_1}}}mrk", mtype="seg", mid="1")
        target.insert(0, mark)
        mark.append(first)  # segment markers around the tags keep the text
        note = etree.SubElement(unit, f"{{{XLIFF_1}}}note")
        note.text = "reviewed by Dr. K."

    (file,) = read_xliff(returned("1.2", edit), "r.xlf")
    assert file.units[0].target == "**%14,97** üzerine [çalışmayı](https://x.org) okuyun."
    assert file.units[1].state == TRANSLATED
    assert file.units[1].notes == ("reviewed by Dr. K.",)


@pytest.mark.parametrize(("case", "data", "line", "fragment"), [
    ("not XML", b"<xliff version='2.0'>\n<file>", 2, "not well-formed XML"),
    ("not XLIFF", b"<?xml version='1.0'?>\n<html/>", 2, "not an XLIFF 2.0 or 1.2 document"),
    ("a tag without its Markdown", (
        f'<xliff xmlns="{XLIFF_2}" version="2.0" srcLang="en" trgLang="tr">\n'
        '<file id="x"><unit id="u1"><segment state="translated">\n<source>a</source>\n'
        '<target>b <ph id="9"/></target></segment></unit></file></xliff>').encode(),
     4, "<ph> carries no Markdown to put back"),
    ("a 1.2 <g> (no native code)", (
        f'<xliff xmlns="{XLIFF_1}" version="1.2"><file original="x" source-language="en" '
        'target-language="tr" datatype="plaintext"><body>\n<trans-unit id="u1">'
        '<source>a</source>\n<target><g id="1">b</g></target></trans-unit></body></file>'
        '</xliff>').encode(), 3, "<g> carries no Markdown"),
    ("an entity from a DTD", (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x "boom">]>\n'
        f'<xliff xmlns="{XLIFF_1}" version="1.2"><file original="x" source-language="en" '
        'target-language="tr" datatype="plaintext"><body>\n<trans-unit id="u1">'
        '<source>a</source>\n<target>&x;</target></trans-unit></body></file></xliff>').encode(),
     5, "unexpected"),
])
def test_a_file_that_cannot_become_markdown_names_its_line(case: str, data: bytes, line: int,
                                                           fragment: str) -> None:
    with pytest.raises(LocaliseError) as caught:
        read_xliff(data, "r.xlf")
    assert caught.value.path == "r.xlf" and caught.value.line == line, case
    assert fragment in caught.value.message, (case, caught.value.message)
