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


def test_a_placeholder_added_where_the_source_has_none_is_an_error() -> None:
    """django-allauth th, zh_Hans: '%(email)s' in a message the program does not format."""
    fails("placeholder", "Your email has been confirmed.", "คุณได้ยืนยัน %(email)s", "th", **PLAIN)
    passes("placeholder", "About 20% of patients.", "Hastaların %20'si.", "tr", **PLAIN)


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Delete selected %(verbose_name_plural)s", "Scrios %(verbose_name_plural) roghnaithe",
         "ga"),                                                        # Django ga
    ],
)
def test_a_space_typed_inside_a_directive_is_an_error_even_where_msgfmt_passes_it(
    source: str, target: str, lang: str
) -> None:
    assert "space inside" in fails("placeholder", source, target, lang,
                                   flags=("python-format",), **PLAIN)
    # django-allauth ro: "% s" keeps its conversion and prints the same in Python
    passes("placeholder", 'No access token saved for "%s".',
           'Nu s-a salvat niciun token pentru "% s".', "ro", flags=("python-format",), **PLAIN)


def test_a_directive_glued_to_a_word_is_normal_where_words_take_no_spaces() -> None:
    passes("placeholder", "View <a>release notes</a> for Django %(version)s",
           "Django%(version)sの<a>リリースノート</a>を見る", "ja", **PLAIN)
