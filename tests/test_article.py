"""Articles: front matter and tokens; bad input names the file and line."""

import datetime as dt

import pytest

from pipeline.article import parse_article
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
