"""protected-term and glossary: whole words, case rules of the language."""

from pipeline.checks import GlossaryTerm
from pipeline.checks.terms import contains_term, fold_case, read_glossary
from pipeline.errors import LocaliseError

from .helpers import fails, findings, passes

PROTECTED = ("Liv Hospital", "MRI", "EMG")


def test_protected_terms_must_stay_as_written() -> None:
    source = "At Liv Hospital we use MRI and EMG."
    passes("protected-", source, "Liv Hospital’da MRI ve EMG kullanıyoruz.", "tr", protected_terms=PROTECTED)
    fails("protected-term", source, "Liv Hastanesi’nde MRI ve EMG kullanıyoruz.", "tr", protected_terms=PROTECTED)
    fails("protected-term", source, "В Liv Hospital мы используем МРТ и EMG.", "ru", protected_terms=PROTECTED)


def test_a_protected_term_may_take_the_local_form_its_language_approves() -> None:
    """Patients know an MRI as MRT (de) or МРТ (ru): a glossary row for the protected term
    itself approves that form, and only that form; dropping the term is still an error."""
    source = "Bring your MRI and EMG."
    glossary = (GlossaryTerm("MRI", ("МРТ",)), GlossaryTerm("numbness", ("онемени*",)))
    passes("protected-", source, "Возьмите с собой МРТ и EMG.", "ru",
           protected_terms=PROTECTED, glossary=glossary)
    message = fails("protected-term", source, "Возьмите с собой снимки и EMG.", "ru",
                    protected_terms=PROTECTED, glossary=glossary)
    assert "'MRI' must stay as written or as the glossary's 'МРТ'" in message
    fails("protected-term", source, "Возьмите с собой МРТ и ЭМГ.", "ru",
          protected_terms=PROTECTED, glossary=glossary)  # EMG has no approved local form
    passes("protected-", source, "Bringen Sie Ihr MRT und EMG mit.", "de",
           protected_terms=PROTECTED, glossary=(GlossaryTerm("mri", ("MRT",)),))
    fails("protected-term", source, "Bringen Sie Ihr MRT und EMG mit.", "de",
          protected_terms=PROTECTED, glossary=(GlossaryTerm("MRI scan", ("MRT",)),))


def test_glossary_term_must_use_the_approved_form() -> None:
    glossary = (GlossaryTerm("numbness", ("онемени*",)),)
    passes("glossary", "Numbness in the leg.", "Онемение ноги.", "ru", glossary=glossary)
    passes("glossary", "Leg numbness.", "Причины онемения.", "ru", glossary=glossary)
    fails("glossary", "Numbness in the leg.", "Нечувствительность ноги.", "ru", glossary=glossary)


def test_overlapping_and_nested_terms_are_each_checked_in_glossary_order() -> None:
    """Terms found by one pass over the source's word starts: a term inside a longer one
    ("nerve" in "nerve damage"), terms overlapping ("spinal cord" / "cord injury"), a
    stem, and a term that is only part of a word (not a match) are all handled."""
    glossary = (
        GlossaryTerm("nerve damage", ("sinir hasarı",)),
        GlossaryTerm("nerve", ("sinir",)),
        GlossaryTerm("cord injury", ("kord yaralanması",)),
        GlossaryTerm("spinal cord", ("omurilik",)),
        GlossaryTerm("fus*", ("füzyon",)),
        GlossaryTerm("graft", ("greft",)),
    )
    source = "Nerve damage after a spinal cord injury or fusion surgery (no grafting)."
    found = findings(source, "Ameliyattan sonra bir şey oldu.", "tr", glossary=glossary)
    assert [message.split(" should")[0] for finding_id, message in found
            if finding_id == "glossary"] == ["'nerve damage'", "'nerve'", "'cord injury'",
                                             "'spinal cord'", "'fus*'"]
    passes("glossary", source, "Omurilik kord yaralanması veya füzyon sonrası sinir hasarı "
           "(greftsiz).", "tr", glossary=glossary)


def test_alternatives_and_whole_words() -> None:
    assert contains_term("Ischiasschmerzen", "Ischias*", "de")
    assert not contains_term("Ischiasschmerzen", "Ischias", "de")
    assert contains_term("حول الألم العصبي", "الألم العصبي", "ar")


def test_turkish_dotted_and_dotless_i_fold_correctly() -> None:
    assert fold_case("İLERİ GÖRÜNTÜLEME", "tr") == fold_case("ileri görüntüleme", "tr")
    assert fold_case("ISIRIK", "tr") == "ısırık"
    assert contains_term("İleri görüntüleme yöntemleri", "ileri görüntüleme*", "tr")


def test_glossary_csv_reports_bad_rows_with_their_line() -> None:
    terms = read_glossary("source,target,note\nnumbness,онемени*|онемение,\nEMG,EMG,do not translate\n", "g.csv")
    assert terms[0].targets == ("онемени*", "онемение") and terms[1].line == 3
    try:
        read_glossary("source,target\nnumbness,\n", "g.csv")
    except Exception as error:
        assert "g.csv:2" in str(error)
    else:
        raise AssertionError("a row without a target must be rejected")


def _glossary_error(text: str) -> str:
    try:
        read_glossary(text, "g.csv")
    except LocaliseError as error:
        return str(error)
    raise AssertionError("the glossary must be rejected")


def test_an_unclosed_quote_in_the_glossary_is_an_error_at_its_line() -> None:
    """Regression: the open quote swallowed the rest of the file into one target, and the
    rows after it were silently dropped."""
    message = _glossary_error('source,target,note\nnerve,"Nerv,note\nroot,Wurzel,x\n')
    assert message.startswith("g.csv:2: ") and "hint:" in message, message
    message = _glossary_error('source,target\nspine,Wirbelsäule\nnerve,"Nerv\nroot,"Wurzel"\n')
    assert message.startswith("g.csv:3: "), message


def test_a_glossary_term_on_two_lines_is_an_error() -> None:
    message = _glossary_error('source,target\nspine,Wirbelsäule\nnerve,"Nerv\nWurzel",x\n')
    assert message.startswith("g.csv:3: ") and "hint:" in message, message
    assert _glossary_error('source,target\n"nerve\nroot",Nerv\n').startswith("g.csv:2: ")


def test_glossary_rows_after_a_note_on_two_lines_keep_their_line() -> None:
    """A note may span lines (it is for people); the rows after it are still read, and
    each term names the line its row starts on."""
    terms = read_glossary('source,target,note\nnerve,Nerv,"one\ntwo"\nroot,"Wurzel, x",\n',
                          "g.csv")
    assert [(term.source, term.targets, term.line) for term in terms] == [
        ("nerve", ("Nerv",), 2), ("root", ("Wurzel, x",), 4)]
