"""end-punctuation, whitespace, same-as-source, length, untranslated, fuzzy."""

import pytest

from pipeline.checks import Context, Entry, check_entry, parse_inline

from .helpers import fails, passes


@pytest.mark.parametrize(
    ("lang", "target"),
    [("ar", "هل يمكن علاجه؟"), ("fa", "آیا درمان می‌شود؟"), ("el", "Θεραπεύεται;"),
     ("es", "¿Se puede tratar?"), ("zh", "可以治疗吗？"), ("de", "Ist das heilbar?")],
)
def test_questions_stay_questions_in_each_script(lang: str, target: str) -> None:
    passes("end-", "Can it be treated?", target, lang)


def test_question_turned_statement_is_flagged() -> None:
    fails("end-punctuation", "Can it be treated?", "Es ist behandelbar.", "de")


def test_arabic_script_wants_the_arabic_question_mark() -> None:
    fails("end-punctuation", "Can it be treated?", "هل يمكن علاجه?", "ar")


def test_spanish_question_opens_with_inverted_mark() -> None:
    fails("end-punctuation", "Can it be treated?", "Se puede tratar?", "es")


def test_cjk_full_stop_counts_as_a_stop() -> None:
    passes("end-", "It heals.", "它会愈合。", "zh")


def test_whitespace() -> None:
    fails("whitespace", "Rest well.", "Gut ausruhen. ", "de")
    fails("whitespace", "Rest well.", "Gut  ausruhen.", "de")
    passes("whitespace", "Rest well.", "Gut ausruhen.", "de")


def test_same_as_source() -> None:
    fails("same-as-source", "Back pain", "Back pain", "de")
    passes("same-as-source", "10%", "10%", "de")


def test_length_bounds() -> None:
    long_source = "Tell a nurse at once if you notice new weakness in a leg."
    fails("length", long_source, "Krankenschwester.", "de")
    passes("length", long_source, "Sagen Sie sofort einer Pflegekraft Bescheid, wenn ein Bein schwächer wird.", "de")
    passes("length", long_source, "如果腿部无力请立即告诉护士。", "zh")


def test_untranslated_and_fuzzy_stop_further_checks() -> None:
    entry = Entry("Take 1 tablet.", "", (), parse_inline("Take 1 tablet."), ())
    assert [i for i, _ in check_entry(entry, Context(lang="de"))] == ["untranslated"]
    fuzzy = Entry("Take 1 tablet.", "10 Tabletten.", ("fuzzy",), parse_inline("Take 1 tablet."),
                  parse_inline("10 Tabletten."))
    assert [i for i, _ in check_entry(fuzzy, Context(lang="de"))] == ["fuzzy"]


def test_closing_quotes_of_any_language_are_looked_through() -> None:
    passes("end-", "“EMG and NCS are invaluable.”", "„EMG und NCS sind unverzichtbar.“", "de")
    passes("end-", "“EMG and NCS are invaluable.”", "«ЭМГ и NCS незаменимы».", "ru")


def test_a_comma_may_become_the_colon_that_introduces_a_quote() -> None:
    passes("end-", "A medical expert said,", "Ein Facharzt sagte dazu:", "de")
    fails("end-punctuation", "A medical expert said,", "Ein Facharzt sagte dazu.", "de")
