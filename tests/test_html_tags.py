"""HTML tags read with the standard tokenizer (pipeline/html_tags.py)."""

import pytest

from pipeline.html_tags import has_html, lookalike_tags, read_tags


def test_tags_keep_names_attributes_and_places() -> None:
    text = 'See <a href="/x" title="Hi">it</a><br/>'
    tags = read_tags(text)
    assert [(t.kind, t.name) for t in tags] == [("start", "a"), ("end", "a"), ("empty", "br")]
    assert tags[0].attrs == (("href", "/x"), ("title", "Hi"))
    assert text[tags[1].start : tags[1].end] == "</a>"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Search <em>%(q)s</em>", True),
        ('<meta name="referrer" content="no-referrer"> tag', True),
        ("Line<br />break", True),
        ("<<original entry>>", False),      # Sphinx: words in brackets
        ("Usage: <command> [options]", False),
        ("For more, visit <https://www.sphinx-doc.org/>.", False),
        ("5 < 7 and 8 > 3", False),
    ],
)
def test_html_is_told_from_brackets_in_prose(text: str, html: bool) -> None:
    assert has_html(text) is html


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ('<a href=\\"%(url)s\\">', "escaped"),     # allauth hr, Django ar_DZ
        ("<a href=“%(url)s”>", "typographic"),     # allauth da
        ("</ em>", "no end tag"),                  # Wagtail ug
    ],
)
def test_broken_tags_say_why(text: str, broken: str) -> None:
    assert broken in read_tags(text)[0].broken


def test_a_lookalike_bracket_is_found() -> None:
    assert lookalike_tags("Put ‹code>x</code> here", {"code"}) == ["‹code"]
    assert lookalike_tags("‹ and › quote", {"code"}) == []
