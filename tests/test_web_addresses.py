"""Addresses written in text (pipeline/web_addresses.py)."""

import pytest

from pipeline.web_addresses import broken, find


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Visit https://www.sphinx-doc.org/.", ["https://www.sphinx-doc.org/"]),
        ("See (https://example.org/a).", ["https://example.org/a"]),
        ("http://example.com/a_(b)", ["http://example.com/a_(b)"]),
        ("www.spine.md, or write to help@example.org.", ["www.spine.md", "help@example.org"]),
        ("a scheme such as “https://”.", ["https://"]),
        ("No address in 3.5 mg.", []),
    ],
)
def test_addresses_are_found_without_the_sentences_punctuation(text: str, expected: list[str]) -> None:
    assert [address.text for address in find(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('un esquema como "https: //".', ["https: //"]),   # Django es, it
        ("visite https:/www.sphinx-doc.org", ["https:/www.sphinx-doc.org"]),
        ("http//example.org", ["http//example.org"]),
        ("https://example.org", []),
    ],
)
def test_a_broken_scheme_is_found(text: str, expected: list[str]) -> None:
    assert [address.text for address in broken(text)] == expected


def test_examples_are_told_apart() -> None:
    (slug,) = find("e.g http://domain.com/blog/[my-slug]/")
    (reserved,) = find("like https://example.com/page")
    (real,) = find("see https://www.ncbi.nlm.nih.gov/pmc/")
    assert slug.example and reserved.example and not real.example
