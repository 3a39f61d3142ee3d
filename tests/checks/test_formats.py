"""placeholder: format directives kept, not renamed, reordered or glued; real cases from
Django, Wagtail and Sphinx catalogs, and planted ones."""

import pytest

from .helpers import fails, passes

PLAIN = {"markdown": False}


@pytest.mark.parametrize(
    ("source", "target", "lang", "says"),
    [
        ("Delete %(count)s pages", "Seiten löschen", "de", "%(count)s is missing"),
        ("Delete %(count)s pages", "%(count)s %(extra)s Seiten löschen", "de", "not in the source"),
        ("The config value {name} has type {current.__name__}",
         "Η τιμή {name} έχει τύπο {current__name__}", "el", "became {current__name__}"),
        ("Page %s of %d", "Seite %d von %s", "de", "in this order"),
        # Wagtail tr, sl: placeholders glued to digits
        ('Sorry, no matches for "%(q)s"', 'Üzgünüz, "1%(q)s1" bulunamadı.', "tr", "glued to a digit"),
        # Django sk: a lost space
        ("View %s", "Zobraziť%s", "sk", "glued to a letter"),
    ],
)
def test_changed_placeholders_are_errors(source: str, target: str, lang: str, says: str) -> None:
    assert says in fails("placeholder", source, target, lang, **PLAIN)


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Delete %(count)s pages", "%(count)s페이지를 삭제", "ko"),
        ("Page %1$s of %2$s", "Seite %2$s von %1$s", "de"),
        ("Add %s", "Aldoni %sn", "eo"),                 # Esperanto ending
        ("%(sel)s of %(cnt)s selected", "%(cnt)sнерседен %(sel)sтандалды", "ky"),
        # Turkish percent in prose is never a directive
        ("About 20% of patients.", "Hastaların yaklaşık %20si.", "tr"),
    ],
)
def test_kept_placeholders_pass(source: str, target: str, lang: str) -> None:
    passes("placeholder", source, target, lang, **PLAIN)


def test_msgfmt_compares_flagged_entries_itself() -> None:
    """catalog-invalid reports what msgfmt --check-format reports; only glue is added."""
    passes("placeholder", "Delete %(count)s pages", "Seiten löschen", "de",
           flags=("python-format",), **PLAIN)
    fails("placeholder", "Delete %(count)s pages", "Lösche1%(count)s Seiten", "de",
          flags=("python-format",), **PLAIN)
    fails("placeholder", "Add %s", "Lisää %s %s", "fi", flags=("javascript-format",), **PLAIN)
