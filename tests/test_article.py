"""Articles: front matter and tokens; bad input names the file and line."""

import datetime as dt

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.article import (
    _parser,
    _syntax_plugins,
    copy_token,
    inline_tokens,
    markdown,
    parse_article,
    parser_for,
)
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
        ("---\ntitle: T\ndescription: D\nupdated: soon\nauthor: A\n---\n", 4, "updated must be a date"),
        ("---\ntitle: Surgery: what to expect\n---\n", 2, "quote a value that contains ': '"),
        ("---\ndate: 18/11/2025\n---\n", 2, "date must be a date"),
    ],
)
def test_bad_front_matter_names_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(LocaliseError) as caught:
        parse_article(text, "source/bad.md")
    assert caught.value.path == "source/bad.md"
    assert caught.value.line == line
    assert words in str(caught.value)


def test_front_matter_is_optional_and_the_title_comes_from_the_first_heading() -> None:
    article = parse_article("Intro.\n\n# Wound care {#care}\n\nText.\n", "docs/guide/wound_care.md",
                            "guide/wound_care")
    assert article.meta.title == "" and article.meta.updated is None
    assert article.title == "Wound care"
    assert article.tokens[article.title_heading].attrGet("id") == "care"


def test_without_title_or_heading_the_title_comes_from_the_file_name() -> None:
    assert parse_article("Text.\n", "docs/getting-started.md", "getting-started").title == \
        "Getting started"
    assert parse_article("Text.\n", "docs/user_guide/index.md", "user_guide/index").title == \
        "User guide"
    assert parse_article("Text.\n", "docs/README.md", "README").title == "Home"


def test_an_opening_block_that_is_no_yaml_mapping_is_markdown() -> None:
    """CommonMark's "---", "Foo", "---" is a rule and a heading, not front matter."""
    article = parse_article("---\nFoo\n---\nBar\n", "docs/x.md")
    assert [token.type for token in article.tokens][:4] == [
        "hr", "heading_open", "inline", "heading_close"]
    assert article.meta.title == ""


def test_any_file_name_is_an_article() -> None:
    for name in ("site", "My Article", "index", "README", "_draft"):
        assert parse_article(GOOD, f"source/{name}.md", name).slug == name


def test_front_matter_may_date_the_article_with_date_as_blogs_do() -> None:
    article = parse_article("---\ndate: 2024-02-01\n---\nText.\n", "docs/post.md")
    assert article.meta.updated == dt.date(2024, 2, 1)


def test_html_comments_reach_neither_tokens_nor_text() -> None:
    article = parse_article("A <!-- editor's note --> b.\n\n<!-- block note -->\n\nC.\n", "d.md")
    assert "note" not in "".join(token.content for token in article.tokens)
    assert [token.type for token in article.tokens if token.type.startswith("html")] == []


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


# --- the parser without the plugins a text cannot use ---------------------------------

PLUGIN_SYNTAX = [  # (the plugin's place in the parser, a text that needs it)
    (0, "Risk[^1] is low.\n\n[^1]: In 2 of 100 cases.\n"),
    (0, "Risk^[in 2 of 100 cases] is low.\n"),
    (2, '!!! warning "Call us"\n    If the pain grows.\n'),
    (2, '??? note "More"\n    Hidden text.\n'),
    (3, "{.lead}\nFirst paragraph.\n"),
    (4, "## Recovery {#recovery}\n"),
    (5, "Rest <!-- check with Dr A --> for 2 weeks.\n\n<!-- a note -->\n"),
]


@pytest.mark.parametrize(("plugin", "text"), PLUGIN_SYNTAX)
def test_a_plugins_syntax_keeps_its_plugin(plugin: int, text: str) -> None:
    every = markdown().parse(text, {})
    assert parser_for(text).parse(text, {}) == every
    without = _parser(True, tuple(index != plugin for index in range(len(_syntax_plugins()))))
    assert without.parse(text, {}) != every, "the plugin reads nothing here: the case tests nothing"


def test_the_parser_for_a_text_makes_the_tokens_of_the_whole_parser_on_real_articles() -> None:
    texts = [path.read_text(encoding="utf-8") for path in
             [*sorted((ROOT / "source").glob("*.md")), *sorted((ROOT / "tests" / "fixtures").iterdir())]]
    for text in texts:
        assert parser_for(text).parse(text, {}) == markdown().parse(text, {})
    assert parser_for(texts[0]) is not markdown()  # the shipped articles leave some out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 1.-*>#!?[]^{}<>/:\n\t `~|=\"'"), max_size=60))
def test_the_parser_for_a_text_makes_the_tokens_of_the_whole_parser(text: str) -> None:
    assert parser_for(text).parse(text, {}) == markdown().parse(text, {})
