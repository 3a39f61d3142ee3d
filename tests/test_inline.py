"""Inline Markdown as pieces: each markup's exact characters, joined back to the text."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.article import read_article
from pipeline.inline import Code, format_pieces, joined, markdown_pieces, nest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "spinal-fusion-nerve-damage"

TRICKY = [
    ("Up to **14.97%** of [cases](https://x.org \"T\").",
     ["**", "**", "[", '](https://x.org "T")']),
    ("An \\*escaped\\* star, &amp; an entity, &nbsp;and 5 * 3.", []),
    ("Code `` a`b `` and `MRI` and ![alt *x*](a.png 'title').",
     ["`` a`b ``", "`MRI`", "![alt *x*](a.png 'title')"]),
    ("***both*** and __strong__ and _em_.", ["*", "**", "**", "*", "__", "__", "_", "_"]),
    ("See <https://a.org/x%20y> and [ref][r] and [r] and [x]().",
     ["<https://a.org/x%20y>", "[", "][r]", "[", "]", "[", "]()"]),
    ("[link with (parens)](<a b.html> (t)) end", ["[", "](<a b.html> (t))"]),
    ("Tabs\tand trailing space ", []),
    ("A line\nbroken, \\\nhard.", []),
]
ENV = {"references": {"R": {"href": "https://r.org", "title": ""}}}


@pytest.mark.parametrize(("text", "codes"), TRICKY, ids=[text[:24] for text, _ in TRICKY])
def test_pieces_keep_each_markups_exact_characters(text: str, codes: list[str]) -> None:
    pieces = markdown_pieces(text, ENV)
    assert joined(pieces) == text
    assert [piece.data for piece in pieces if isinstance(piece, Code)] == codes


def test_every_shipped_text_splits_into_tags_without_falling_back_to_text() -> None:
    """On the real catalogs each link, emphasis and code becomes a tag (a unit falls back
    to plain text only for a construct the splitter does not know)."""
    article = read_article(ROOT / "source" / f"{ARTICLE}.md", f"source/{ARTICLE}.md")
    tags = 0
    for lang in ("tr", "de", "ar"):
        for entry in polib.pofile(str(ROOT / f"locales/{lang}/LC_MESSAGES/{ARTICLE}.po")):
            for text in (entry.msgid, entry.msgstr):
                pieces = markdown_pieces(text, article.env)
                assert joined(pieces) == text
                found = [piece for piece in pieces if isinstance(piece, Code)]
                if "](" in text or "**" in text:
                    assert found, text
                tags += len(found)
    assert tags >= 60


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_`[]()<>!\\&;#x:/.\n\t\"'~")), max_size=40))
def test_pieces_of_any_text_join_back_to_it(text: str) -> None:
    """Whatever the text, the pieces are the text: no character lost, doubled or moved."""
    assert joined(markdown_pieces(text)) == text


def test_site_placeholders_are_tags() -> None:
    pieces = format_pieces("Last updated on %(date)s by %(author)s (100%%)")
    assert [piece.data for piece in pieces if isinstance(piece, Code)] == [
        "%(date)s", "%(author)s", "%%"]


def test_pairs_nest_and_unbalanced_markup_stays_text() -> None:
    (text, pair, end) = nest(markdown_pieces("a **b [c](u) d** e"))
    assert (text, end) == ("a ", " e") and pair.open.data == pair.close.data == "**"
    assert [getattr(node, "open", node) for node in pair.children][1].data == "["
    unbalanced = (Code("strong", "open", "**"), "x", Code("em", "close", "*"))
    assert nest(unbalanced) == ["**x*"]
