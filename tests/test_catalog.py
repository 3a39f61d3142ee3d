"""Catalog merges never lose a translation (scenarios + a property test over edits)."""

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalog import has_translation, merge, new_catalog, progress
from pipeline.memory import TranslationMemory


def template(*msgids: str) -> polib.POFile:
    pot = polib.POFile()
    pot.metadata = {"Project-Id-Version": "x", "POT-Creation-Date": "2025-11-18 00:00+0000"}
    for number, msgid in enumerate(msgids, 1):
        pot.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=[("source/x.md", str(number))]))
    return pot


def translated(pot: polib.POFile, lang: str = "tr") -> polib.POFile:
    catalog = new_catalog(pot, lang)
    for entry in catalog:
        entry.msgstr = f"<{lang}> {entry.msgid}"
    return catalog


PARAGRAPHS = (
    "Spinal fusion joins vertebrae together.",
    "Permanent nerve damage happens in 0.13 to 7.8 percent of cases.",
    "Leg weakness can happen after surgery.",
    "Knowing the risks is key.",
)


def test_edited_sentence_becomes_fuzzy_with_previous_msgid() -> None:
    old = translated(template(*PARAGRAPHS))
    new = template(PARAGRAPHS[0], "Permanent nerve damage happens in 0.13 to 7.8 percent of all cases.",
                   *PARAGRAPHS[2:])
    result = merge(new, old)
    entry = result.catalog.find("Permanent nerve damage happens in 0.13 to 7.8 percent of all cases.")
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == PARAGRAPHS[1]
    assert entry.msgstr == f"<tr> {PARAGRAPHS[1]}"
    assert (result.kept, result.fuzzy_from_changed, result.obsoleted) == (3, 1, 0)


def test_deleted_paragraph_is_kept_as_obsolete() -> None:
    old = translated(template(*PARAGRAPHS))
    result = merge(template(*PARAGRAPHS[:2], PARAGRAPHS[3]), old)
    obsolete = [entry for entry in result.catalog if entry.obsolete]
    assert [entry.msgid for entry in obsolete] == [PARAGRAPHS[2]]
    assert obsolete[0].msgstr == f"<tr> {PARAGRAPHS[2]}"
    assert result.obsoleted == 1


def test_moved_section_keeps_translations_unchanged() -> None:
    old = translated(template(*PARAGRAPHS))
    result = merge(template(*reversed(PARAGRAPHS)), old)
    assert [entry.msgid for entry in result.catalog] == list(reversed(PARAGRAPHS))
    assert all("fuzzy" not in entry.flags and entry.msgstr for entry in result.catalog)


def test_translator_comments_and_fuzzy_state_survive() -> None:
    old = translated(template(*PARAGRAPHS))
    old.find(PARAGRAPHS[0]).tcomment = "checked with Dr. Demir"
    old.find(PARAGRAPHS[1]).flags.append("fuzzy")
    result = merge(template(*PARAGRAPHS), old)
    assert result.catalog.find(PARAGRAPHS[0]).tcomment == "checked with Dr. Demir"
    assert "fuzzy" in result.catalog.find(PARAGRAPHS[1]).flags


def test_renamed_article_is_prefilled_from_memory_as_fuzzy() -> None:
    old = translated(template(*PARAGRAPHS))
    memory = TranslationMemory.from_catalogs({"old-name.po": old})
    fresh = new_catalog(template(*PARAGRAPHS), "tr")
    result = merge(template(*PARAGRAPHS), fresh, memory, "new-name.po")
    assert result.from_memory == 4
    entry = result.catalog.find(PARAGRAPHS[0])
    assert entry.msgstr == f"<tr> {PARAGRAPHS[0]}" and "fuzzy" in entry.flags
    assert "old-name.po" in entry.tcomment


def test_memory_offers_only_reviewed_translations() -> None:
    other = translated(template(*PARAGRAPHS))
    other.find(PARAGRAPHS[0]).flags.append("fuzzy")
    memory = TranslationMemory.from_catalogs({"other.po": other})
    assert memory.lookup(PARAGRAPHS[0]) is None
    assert memory.lookup(PARAGRAPHS[1]).source == "other.po"


def test_progress_counts_units_and_words() -> None:
    pot = template(*PARAGRAPHS)
    catalog = translated(pot)
    catalog.find(PARAGRAPHS[0]).flags.append("fuzzy")
    catalog.find(PARAGRAPHS[1]).msgstr = ""
    counts = progress(catalog, pot)
    assert (counts.translated, counts.fuzzy, counts.untranslated) == (2, 1, 1)
    assert counts.words == sum(len(p.split()) for p in PARAGRAPHS)


def test_header_gets_plural_forms_from_cldr() -> None:
    assert new_catalog(template("x"), "ar").metadata["Plural-Forms"].startswith("nplurals=6;")
    assert new_catalog(template("x"), "ru").metadata["Plural-Forms"].startswith("nplurals=3;")
    assert new_catalog(template("x"), "tr").metadata["Plural-Forms"].startswith("nplurals=2;")
    assert new_catalog(template("x"), "ja").metadata["Plural-Forms"].startswith("nplurals=1;")
    assert new_catalog(template("x"), "es").metadata["Plural-Forms"].startswith("nplurals=2;")
    assert new_catalog(template("x"), "es", "cldr").metadata["Plural-Forms"].startswith(
        "nplurals=3;")


SENTENCES = st.text(alphabet=st.sampled_from("abcde fgh."), min_size=3, max_size=40).map(str.strip).filter(bool)
EDITS = st.lists(
    st.tuples(st.sampled_from(["edit", "delete", "insert", "move", "translate"]),
              st.integers(0, 20), SENTENCES),
    min_size=1, max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(SENTENCES, min_size=1, max_size=8, unique=True), EDITS)
def test_no_translation_is_ever_lost(initial: list[str], edits: list) -> None:
    """Property: every translation ever written survives as active, fuzzy or obsolete."""
    source = list(initial)
    catalog = merge(template(*source), new_catalog(template(*source), "de")).catalog
    written: set[str] = set()
    for action, position, text in edits:
        if action == "translate":
            entries = [entry for entry in catalog if not entry.obsolete]
            entry = entries[position % len(entries)] if entries else None
            if entry is not None:
                written.discard(entry.msgstr)  # the translator replaces their own text
                entry.msgstr = f"de:{text}:{len(written)}:{position}"
                written.add(entry.msgstr)
            continue
        if action == "edit" and source:
            source[position % len(source)] = text
        elif action == "delete" and source:
            source.pop(position % len(source))
        elif action == "insert":
            source.insert(position % (len(source) + 1), text)
        elif action == "move" and source:
            source.append(source.pop(position % len(source)))
        source = list(dict.fromkeys(source))
        catalog = merge(template(*source), catalog).catalog
        kept = {entry.msgstr for entry in catalog if has_translation(entry)}
        assert written <= kept, written - kept
