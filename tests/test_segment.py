"""Segmentation: which text is a unit, what it is, and the true line it comes from."""

from pathlib import Path

from pipeline.article import parse_article
from pipeline.segment import segment

FIXTURES = Path(__file__).parent / "fixtures"


def units_of(name: str):
    text = (FIXTURES / name).read_text("utf-8")
    return segment(parse_article(text, f"source/{name}"))


def test_every_block_type_with_kind_and_line() -> None:
    found = [(unit.line, unit.kind, unit.msgid) for unit in units_of("every-block.md")]
    assert found == [
        (2, "front matter: title", "Every Block"),
        (3, "front matter: description", "A fixture with *every* block type."),
        (8, "heading level 1", "Heading *one*"),
        (10, "paragraph", "A paragraph that wraps onto a second line with **bold**."),
        (13, "list item", "First item"),
        (14, "list item", "Second item with a [link](https://example.org/a) continued on the next line"),
        (17, "list item", "Ordered item"),
        (19, "table header, column 1", "Test"),
        (19, "table header, column 2", "Rate"),
        (21, "table cell, row 1, column 1", "EMG"),
        (21, "table cell, row 1, column 2", "0.13% – 1.5%"),
        (22, "table cell, row 2, column 1", "NCS"),
        (22, "table cell, row 2, column 2", "Finds `nerve` damage"),
        (24, "block quote", "A quoted sentence on two lines."),
        (27, "block quote", "— Someone"),
        (29, "image alt text", "An X-ray of the lumbar spine"),
        (35, "paragraph", "Repeated sentence."),
        (37, "paragraph", "Repeated sentence."),
    ]


def test_units_with_nothing_to_translate_are_skipped() -> None:
    msgids = {unit.msgid for unit in units_of("every-block.md")}
    assert "<https://only.a.url/here>" not in msgids
    assert "`only code`" not in msgids


def test_crlf_and_bom_give_the_same_units_and_lines() -> None:
    from pipeline.files import decode_utf8, normalise_newlines

    text = (FIXTURES / "every-block.md").read_text("utf-8")
    windows = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    again = normalise_newlines(decode_utf8(windows, "x.md"))
    assert segment(parse_article(again, "source/every-block.md")) == units_of("every-block.md")
