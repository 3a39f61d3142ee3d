"""Articles: front matter and tokens; bad input names the file and line."""

import datetime as dt

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.article import copy_token, inline_tokens, markdown, parse_article
from pipeline.errors import LocaliseError

GOOD = "---\ntitle: T\ndescription: D\nupdated: 2025-11-18\nauthor: A\n---\n\nText.\n"


def test_front_matter_fields_and_their_lines() -> None:
    article = parse_article(GOOD, "source/good.md")
    assert article.meta.title == "T" and article.meta.updated == dt.date(2025, 11, 18)
    assert article.meta.line_of("title") == 2 and article.meta.line_of("author") == 5


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: T\ndescription: [unclosed\nupdated: 2025-11-18\nauthor: A\n---\n", 4, "invalid front matter"),
        ("---\n- just\n- a list\n---\n", 2, "must be a mapping"),
        ("---\ntitle: T\n---\n", 2, "lacks description, updated, author"),
        ("---\ntitle: T\ndescription: D\nupdated: soon\nauthor: A\n---\n", 4, "updated must be a date"),
        ("No front matter at all.\n", 1, "no front matter"),
    ],
)
def test_bad_front_matter_names_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(LocaliseError) as caught:
        parse_article(text, "source/bad.md")
    assert caught.value.path == "source/bad.md"
    assert caught.value.line == line
    assert words in str(caught.value)


def test_reserved_or_odd_slugs_are_refused() -> None:
    with pytest.raises(LocaliseError, match="slug"):
        parse_article(GOOD, "source/site.md")
    with pytest.raises(LocaliseError, match="slug"):
        parse_article(GOOD, "source/My Article.md")


def test_copy_token_copies_every_field_and_owns_its_attributes() -> None:
    path = ROOT / "source" / "spinal-fusion-nerve-damage.md"
    article = parse_article(path.read_text("utf-8"), "source/spinal-fusion-nerve-damage.md")
    tokens = [*article.tokens, *(child for token in article.tokens for child in token.children or [])]
    assert any(token.attrs for token in tokens)
    for token in tokens:
        copied = copy_token(token)
        assert copied == token  # every dataclass field, so a field markdown-it adds is caught
        assert copied.attrs is not token.attrs
        copied.attrSet("data-copied", "yes")
        assert token.attrGet("data-copied") is None


def _parsed_by_markdown_it(text: str) -> list:
    parsed = markdown().parseInline(text, {})
    return list(parsed[0].children or []) if parsed else []


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.text(alphabet=st.sampled_from("ab zÇğİış٠١,.;'\"()?–\t"), max_size=40),  # no markup
    st.text(alphabet=st.sampled_from("ab zÇğİış٠١%,.;:'\"()?-–*_`[]!<>&#\\\n\r\t\0~{}"),
            max_size=40),
))
def test_inline_tokens_are_what_markdown_it_makes(text: str) -> None:
    assert inline_tokens(text) == _parsed_by_markdown_it(text)


def test_inline_tokens_of_every_shipped_string_are_what_markdown_it_makes() -> None:
    import polib

    texts = {text for path in (ROOT / "locales").rglob("*.po*")
             for entry in polib.pofile(str(path)) for text in (entry.msgid, entry.msgstr)}
    plain = [text for text in texts if text and not markdown().inline.terminator_re.search(text)]
    assert len(texts) > 1000 and len(plain) > 300  # both paths are taken
    for text in texts:
        assert inline_tokens(text) == _parsed_by_markdown_it(text), text
