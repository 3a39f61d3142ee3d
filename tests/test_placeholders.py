"""Format directives read per gettext *-format kind (pipeline/placeholders.py)."""

import pytest

from pipeline.placeholders import MASK, find, glued, kinds_for, mask


@pytest.mark.parametrize(
    ("text", "kinds", "expected"),
    [
        ("%s of %d", ("printf",), ["%s", "%d"]),
        ("%(count)s pages, %(value).1f kg", ("printf",), ["%(count)s", "%(value).1f"]),
        ("%1$s and %2$d", ("printf",), ["%1$s", "%2$d"]),
        ("100%% done: %s", ("printf",), ["%s"]),
        ("{0} and {name} and {name!r:>10} and {current.__name__}", ("brace",),
         ["{0}", "{name}", "{name!r:>10}", "{current.__name__}"]),
        ("{{literal}} {}", ("brace",), ["{}"]),
        ("%1 of %2", ("numbered",), ["%1", "%2"]),
        ("Hello %{name}", ("ruby",), ["%{name}"]),
        ("Hello $USER and ${HOME}", ("shell",), ["$USER", "${HOME}"]),
    ],
)
def test_placeholders_of_each_kind(text: str, kinds: tuple[str, ...], expected: list[str]) -> None:
    assert [p.text for p in find(text, kinds)] == expected


@pytest.mark.parametrize(
    ("msgid", "flags", "expected"),
    [
        ("About 20% of patients.", (), ()),
        ("Hastaların %20'si ve %20si", (), ()),  # Turkish percent stays a percent
        ("20% discount, 5% off", (), ()),
        ("Delete %(count)s pages", (), ("printf",)),
        ("Page %s of %s", (), ("printf",)),
        ("The config value {name} is wrong", (), ("brace",)),
        ("{}th", (), ("brace",)),
        ("Rates of 20% off", ("python-format",), ("printf",)),
        ("Delete %(count)s pages", ("no-python-format",), ()),
        ("%1 files", ("qt-format",), ("numbered",)),
    ],
)
def test_kinds_come_from_the_flag_or_an_unambiguous_msgid(
    msgid: str, flags: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    assert kinds_for(msgid, flags) == expected


def test_masking_keeps_offsets() -> None:
    text = "%(value).1f kg"
    (placeholder,) = find(text, ("printf",))
    masked = mask(text, [(placeholder.start, placeholder.end)])
    assert len(masked) == len(text) and masked.startswith(MASK * 11) and masked.endswith(" kg")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"1%(q)s1"', "digit"),        # Wagtail tr: a digit glued on both sides
        ("Zobraziť%s", "letter"),       # Django sk: a lost space
        ("%sn", ""),                    # Esperanto accusative ending
        ("%(cnt)sнерседен", ""),        # Kyrgyz case ending
        ("%(count)d%(items)s", ""),     # two placeholders side by side
        ("و%(count)s", ""),             # Arabic conjunction: the script's own spelling
        ("%(count)s個", ""),
    ],
)
def test_what_a_placeholder_is_glued_to(text: str, expected: str) -> None:
    found = find(text, ("printf",))
    assert glued(text, found[-1], found) == expected
