"""Reading numbers as values, per CLDR locale (pipeline/numbers.py)."""

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.numbers import Kind, notation, read_numbers


def values(text: str, lang: str) -> list[str]:
    return [str(number) for number in read_numbers(text, lang).numbers]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # English source conventions
        ("en", "in 0.13 to 7.8 percent of cases", ["0.13%", "7.8%"]),
        ("en", "About 20-30% of patients", ["20%", "30%"]),
        ("en", "0.13% – 1.5%", ["0.13%", "1.5%"]),
        ("en", "2.5%–7.8%", ["2.5%", "7.8%"]),
        ("en", "1,500 patients", ["1500"]),
        ("en", "a dose of 1.500 mg", ["1.5"]),
        ("en", "from -5 to +3", ["-5", "3"]),
        ("en", "the 1st and 2nd visit", ["1", "2"]),
        ("en", "5‰ of births", ["5‰"]),
        ("en", "November 18, 2025", ["18", "2025"]),
        # Turkish: decimal comma, percent sign first
        ("tr", "%0,13 ile %7,8 arasında", ["0.13%", "7.8%"]),
        ("tr", "hastaların %20-30’u", ["20%", "30%"]),
        ("tr", "yüzde 14,97", ["14.97%"]),
        ("tr", "1.500 hasta", ["1500"]),
        # Turkish: a leading percent sign or word serves both ends of a word-joined range
        ("tr", "vakaların yüzde 0,13 ile 7,8'inde", ["0.13%", "7.8%"]),
        ("tr", "%0,13 ile 7,8", ["0.13%", "7.8%"]),
        # German: 1.500 is fifteen hundred, 1,5 is one and a half
        ("de", "0,13 bis 7,8\u00a0%", ["0.13%", "7.8%"]),
        ("de", "1.500 Patienten", ["1500"]),
        ("de", "1,5 Jahre", ["1.5"]),
        ("de", "14,97 Prozent", ["14.97%"]),
        # German also groups with a small space (DIN 5008); a plain space or a comma parts
        ("de", "10\u2009000 Patienten", ["10000"]),
        ("de", "Nehmen Sie 2 500-mg-Tabletten", ["2", "500"]),
        ("en", "Take 2 500 mg tablets", ["2", "500"]),
        ("de", "10\u00a0000 und 1\u202f000\u2009000,5", ["10000", "1000000.5"]),
        ("de", "Seite 5, 100 Patienten", ["5", "100"]),
        # Swiss German groups with an apostrophe, typed as ’ or ' (CLDR 47 gives one, 48 the other)
        ("de_CH", "1’000 Patienten, 0.5 Jahre", ["1000", "0.5"]),
        ("de_CH", "1'000 Patienten, 0.5 Jahre", ["1000", "0.5"]),
        ("de_CH", "1ʼ000ʼ000 Franken", ["1000000"]),
        # Russian: no-break space groups, percent word inflected
        ("ru", "от 0,13 до 7,8\u00a0%", ["0.13%", "7.8%"]),
        ("ru", "1\u00a0500 пациентов", ["1500"]),
        ("ru", "14,97 процента", ["14.97%"]),
        # French: narrow no-break space groups
        ("fr", "1\u202f500 patients, 0,13 à 7,8\u00a0%", ["1500", "0.13%", "7.8%"]),
        # Spanish, Polish, Greek, Hebrew
        ("es", "del 0,13 al 7,8\u00a0%", ["0.13%", "7.8%"]),
        ("pl", "od 0,13 do 7,8%", ["0.13%", "7.8%"]),
        ("el", "0,13% έως 7,8%", ["0.13%", "7.8%"]),
        ("he", "0.13% עד 7.8%", ["0.13%", "7.8%"]),
        # Arabic: Latin digits by default (CLDR 46+), Arabic-Indic native; ALM marks tolerated
        ("ar", "٠٫١٣٪\u061c إلى ٧٫٨٪\u061c", ["0.13%", "7.8%"]),
        ("ar", "من 0.13 إلى 7.8 بالمائة", ["0.13%", "7.8%"]),
        ("ar", "بين ٠٫١٣٪ و٧٫٨٪", ["0.13%", "7.8%"]),
        ("ar", "١٠ سنوات", ["10"]),
        # Persian: extended Arabic-Indic digits, momayyez decimal
        ("fa", "۰٫۱۳ تا ۷٫۸ درصد", ["0.13%", "7.8%"]),
        ("fa", "۱۴٫۹۷٪", ["14.97%"]),
        # Hindi and Bengali: native digits and Indian grouping
        ("hi", "1,23,456.5 और १,२३,४५६.५", ["123456.5", "123456.5"]),
        ("bn", "১২.৫%", ["12.5%"]),
        # Chinese and Japanese: fullwidth percent signs
        ("zh", "0.13%至7.8%", ["0.13%", "7.8%"]),
        ("ja", "0.13％〜7.8％", ["0.13%", "7.8%"]),
    ],
)
def test_reads_values_in_the_locale_notation(lang: str, text: str, expected: list[str]) -> None:
    assert values(text, lang) == expected


def test_identifiers_are_not_quantities() -> None:
    reading = read_numbers("Levels L4-L5, PMC10423077, call +90 212 444 44 84.", "en")
    assert reading.numbers == ()
    assert reading.identifiers == ("L4-L5", "PMC10423077", "+90 212 444 44 84")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "type-2 diabetes, over-65, pre-2.0, day-3", ["2", "65", "2", "3"]),
        ("de", "Typ-2-Diabetes", ["2"]),
    ],
)
def test_a_word_joined_to_a_number_is_no_identifier(lang: str, text: str, expected: list[str]) -> None:
    reading = read_numbers(text, lang)
    assert reading.identifiers == ()
    assert values(text, lang) == expected


def test_codes_stay_identifiers() -> None:
    reading = read_numbers("C5-C6, S1, T12, COVID-19, Ki-67, PMC123", "en")
    assert reading.identifiers == ("C5-C6", "S1", "T12", "COVID-19", "Ki-67", "PMC123")
    assert reading.numbers == ()
    assert read_numbers("HbA1c", "en").numbers == ()


def test_a_leading_sign_carries_forward_only_where_cldr_puts_it_first() -> None:
    assert values("%0,13 bis 7,8", "de") == ["0.13%", "7.8"]
    assert values("yüzde 20 hastada, 30 yaşında", "tr") == ["20%", "30"]


def test_ranges_keep_both_ends_in_order() -> None:
    reading = read_numbers("6–8 %", "de")
    assert reading.range_keys() == (
        ((Decimal(6), Kind.PERCENT), (Decimal(8), Kind.PERCENT)),
    )


@pytest.mark.parametrize(
    ("lang", "text", "issue"),
    [
        ("de", "0.13", "English notation"),
        ("fa", "0.13%", "digits of another script"),
        ("fa", "٠٫١٣٪", "digits of another script"),
        ("tr", "7,8%", "sign after the number"),
        ("de", "%7,8", "sign before the number"),
        ("de", "10\u00a0000", "space grouping"),
        ("tr", "10\u202f000", "space grouping"),
    ],
)
def test_notation_issues_are_named(lang: str, text: str, issue: str) -> None:
    (number,) = read_numbers(text, lang).numbers
    assert number.notation_issue == issue


def test_right_notation_has_no_issue() -> None:
    for lang, text in [("de", "0,13\u00a0%"), ("tr", "%0,13"), ("ar", "٠٫١٣٪"), ("ar", "0.13%"),
                       ("fa", "۰٫۱۳٪"), ("ru", "0,13 %"), ("fr", "10 000"),
                       ("de_CH", "1’000"), ("de_CH", "1'000")]:
        (number,) = read_numbers(text, lang).numbers
        assert number.notation_issue == "", (lang, text)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("tr", "%7,8"), ("de", "7,8\u00a0%"), ("ru", "7,8\u00a0%"), ("fa", "۷٫۸٪"), ("en", "7.8%")],
)
def test_writes_a_number_as_the_locale_does(lang: str, expected: str) -> None:
    (number,) = read_numbers("7.8%", "en").numbers
    assert notation(lang).write(number) == expected


def test_typographic_spellings_of_a_grouping_sign_are_that_sign() -> None:
    """Whichever apostrophe the installed CLDR gives de_CH, the other spellings read the same."""
    from babel.numbers import get_group_symbol

    assert notation("de_CH").systems[0].group == get_group_symbol("de_CH")
    for apostrophe in "'\u2019\u02bc":
        (number,) = read_numbers(f"1{apostrophe}000", "de_CH").numbers
        assert (number.value, number.notation_issue) == (Decimal(1000), "")


def test_a_slash_between_persian_digits_is_their_decimal_sign() -> None:
    """Persian keyboards lack ٫: people type a slash (Sphinx fa writes 2.5 as ۲/۵)."""
    assert values("۲/۵ و ۰٫۱۳", "fa") == ["2.5", "0.13"]
    assert values("1/2", "fa") == ["1", "2"]  # Latin digits: a fraction, as in English


def test_arabic_accepts_both_latin_and_arabic_indic_digits() -> None:
    systems = [system.name for system in notation("ar").systems]
    assert systems == ["latn", "arab"]
    assert [system.name for system in notation("fa").systems] == ["arabext"]


def test_a_regional_locale_also_reads_its_languages_percent_word() -> None:
    """CLDR's en_GB says "per cent"; a British hospital's article may still say "percent",
    as en does (source-language = "en-GB" once blocked every translation over it)."""
    assert [str(n) for n in read_numbers("About 40 percent, or 3 per cent.", "en_GB").numbers] == [
        "40%", "3%"]


NUMBER_PIECES = ["3.0a1", "2.5.1", "1.2.3rc4", "L4-L5", "C5", "COVID-19", "type-2", "+90 212 444 44",
                 "+1", "6 p.m.", "6:30 pm", "11am", "10", "0.13", "1.500", "20-30", "%", " ", "-",
                 " to ", "(", ")", "x", ".", ","]
NUMBERISH = st.one_of(
    st.lists(st.sampled_from(NUMBER_PIECES), max_size=8).map("".join),
    st.text(alphabet="0123456789 .,:-‐+%()apmAPMLvCOVIDrcbeta\u00a0", max_size=40),
)


@settings(max_examples=400, deadline=None)
@given(text=NUMBERISH, lang=st.sampled_from(["en", "de", "tr"]))
@example(text="at 6:30 pm, 11am and 6 p.m.", lang="en")
@example(text="version 3.0a1 or 2.5.1 or 1.2.3rc4 (L4-L5, COVID-19)", lang="en")
@example(text="call +90 212 444 44 84 or +1 from abroad", lang="tr")
def test_the_quick_hints_skip_only_texts_without_identifiers_versions_or_clock_times(
    text: str, lang: str
) -> None:
    """The reader skips its slow searches where a cheap one finds nothing they could
    match: the same reading as with the slow searches run on every text."""
    import re

    import pipeline.numbers as numbers

    hinted = read_numbers(text, lang)
    everything = re.compile("")  # a hint that is always found
    saved = (numbers._IDENTIFIER_HINT, numbers._VERSION_HINT, numbers._CLOCK_HINT)
    try:
        numbers._IDENTIFIER_HINT = numbers._VERSION_HINT = numbers._CLOCK_HINT = everything
        assert read_numbers(text, lang) == hinted
    finally:
        numbers._IDENTIFIER_HINT, numbers._VERSION_HINT, numbers._CLOCK_HINT = saved
