"""Segmentation: which text is a unit, what it is, and the true line it comes from."""

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.article import parse_article
from pipeline.segment import _fold_soft_breaks, each_unit, segment

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


def _units(text: str) -> list[tuple[str, str]]:
    """The units of a docs page (its title, made from the file name, left out)."""
    return [(unit.kind, unit.msgid) for unit in segment(parse_article(text, "docs/x.md", "x"))
            if unit.kind != "title (from the file name)"]


def test_a_list_item_that_starts_with_an_autolink_is_a_unit() -> None:
    """Its text after the address was skipped as if it were the address."""
    assert _units("- <https://github.com/x> - reference implementations in C & JS\n") == [
        ("list item", "<https://github.com/x> - reference implementations in C & JS")]
    assert _units("- <https://github.com/x>\n") == []  # only the address: nothing to translate


def test_hard_breaks_stay_where_a_translator_sees_and_may_move_them() -> None:
    backslash = _units("Line one\\\nline two\n")
    spaces = _units("Line one  \nline two\n")
    assert backslash == spaces == [("paragraph", "Line one\\\nline two")]
    assert _units("Soft\nbreak\n") == [("paragraph", "Soft break")]


def test_a_line_break_that_would_change_the_markup_is_kept() -> None:
    """``[link](<foo\\nbar>)`` is no link; folded to one line it would become one."""
    assert _units("[link](<foo\nbar>)\n") == [("paragraph", "[link](<foo\nbar>)")]


def test_docs_blocks_are_units_with_their_kind() -> None:
    text = ('!!! note "Before surgery"\n    Stop eating 8 hours before.\n\n'
            "Dose\n: Ten tablets\n\nSee the note[^1].\n\n[^1]: Normal range.\n")
    assert _units(text) == [
        ("admonition title", "Before surgery"), ("paragraph", "Stop eating 8 hours before."),
        ("definition term", "Dose"), ("definition", "Ten tablets"),
        ("paragraph", "See the note[^1]."), ("footnote", "Normal range.")]


def test_html_blocks_with_words_are_units_and_layout_is_not() -> None:
    text = ('<p align="center">Open <b>every day</b>.</p>\n\n<div>\n\n'
            'Text.\n\n</div>\n\n<img src="logo.png" alt="Clinic logo">\n')
    assert _units(text) == [("HTML block", '<p align="center">Open <b>every day</b>.</p>'),
                            ("paragraph", "Text."),
                            ("HTML block", '<img src="logo.png" alt="Clinic logo">')]


def test_inline_html_and_comments() -> None:
    assert _units("About 10<sup>9</sup>/L <!-- check with lab --> platelets.\n") == [
        ("paragraph", "About 10<sup>9</sup>/L platelets.")]


def test_the_title_comes_from_the_file_name_only_without_heading_or_front_matter() -> None:
    def first(text: str) -> tuple[str, str]:
        unit = segment(parse_article(text, "docs/first-visit.md", "first-visit"))[0]
        return unit.kind, unit.msgid

    assert first("Some text.\n") == ("title (from the file name)", "First visit")
    assert first("# Real title\n\nText.\n") == ("heading level 1", "Real title")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\\\nab"), max_size=30))
def test_soft_breaks_fold_as_the_pattern_folds_them(text: str) -> None:
    """_fold_soft_breaks is this pattern's substitution, line by line (for speed)."""
    assert _fold_soft_breaks(text) == re.sub(r"[ \t]*\\?\n[ \t]*", " ", text)


def test_units_one_by_one_are_the_units_and_walked_to_the_end_are_kept() -> None:
    """extract reads a long article's notes while it segments it (each_unit); the build
    and the checks then ask segment(), which must not walk the article again."""
    root = Path(__file__).resolve().parent.parent
    text = (root / "source" / "spinal-fusion-nerve-damage.md").read_text(encoding="utf-8")
    walked = parse_article(text, "source/spinal-fusion-nerve-damage.md")
    one_by_one = list(each_unit(walked))
    assert segment(walked) == tuple(one_by_one) and segment(walked)[5] is one_by_one[5]
    fresh = parse_article(text, "source/spinal-fusion-nerve-damage.md")
    assert segment(fresh) == tuple(one_by_one) and len(one_by_one) == 163
    assert list(each_unit(fresh)) == one_by_one
