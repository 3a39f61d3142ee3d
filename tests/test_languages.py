"""Language names as gettext and CLDR write them, and the plural forms of new catalogs,
against GNU gettext's own msginit where it has an opinion."""

from __future__ import annotations

import doctest
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import pipeline.languages
from pipeline.errors import LocaliseError
from pipeline.languages import (
    bcp47,
    cldr_knows,
    language_code,
    parse_language,
    plural_counts,
    plural_forms,
)

# name -> (gettext spelling, BCP 47 tag, CLDR locale whose data is read)
NAMES = {
    "sr@latin": ("sr@latin", "sr-Latn", "sr_Latn"),
    "sr_RS@latin": ("sr_RS@latin", "sr-Latn-RS", "sr_Latn_RS"),
    "ca@valencia": ("ca@valencia", "ca-valencia", "ca_ES_VALENCIA"),
    "sr_Latn": ("sr_Latn", "sr-Latn", "sr_Latn"),
    "zh_Hans": ("zh_Hans", "zh-Hans", "zh_Hans"),
    "zh_CN": ("zh_CN", "zh-CN", "zh_Hans_CN"),
    "zh_TW.Big5": ("zh_TW.Big5", "zh-TW", "zh_Hant_TW"),
    "pt_BR": ("pt_BR", "pt-BR", "pt_BR"),
    "pt-BR": ("pt_BR", "pt-BR", "pt_BR"),
    "es-419": ("es_419", "es-419", "es_419"),
    "de_DE@euro": ("de_DE@euro", "de-DE", "de_DE"),
    "de_DE.UTF-8": ("de_DE.UTF-8", "de-DE", "de_DE"),
    "udm": ("udm", "udm", "root"),
    "cak": ("cak", "cak", "root"),
}


def test_doctests() -> None:
    assert doctest.testmod(pipeline.languages).failed == 0


@pytest.mark.parametrize("name", NAMES)
def test_every_name_gettext_and_cldr_use_is_read(name: str) -> None:
    code, tag, cldr = NAMES[name]
    assert language_code(name, named=False) == code
    assert bcp47(name) == tag
    assert str(parse_language(name)) == cldr
    assert cldr_knows(name) == (cldr != "root")


def test_a_language_cldr_lacks_reads_root_notation() -> None:
    root = parse_language("udm")
    assert root.number_symbols["latn"]["decimal"] == "."
    assert root.text_direction == "ltr"


@pytest.mark.parametrize("name", ["../x", "/etc", "tr/../../etc", "tr\x00", "TR ", "", "tr.bak",
                                  "..", "tr@", "x"])
def test_names_shaped_like_paths_are_refused_everywhere(name: str) -> None:
    with pytest.raises(LocaliseError, match="is not a language code"):
        language_code(name, named=False)
    with pytest.raises(LocaliseError, match="is not a language code"):
        parse_language(name)


def test_a_name_typed_by_a_person_must_be_a_language() -> None:
    """Settings and the command line refuse a code that names no language, so a typo is
    one suggestion away; a catalog header is read as it is (checked with root's data)."""
    with pytest.raises(LocaliseError, match="unknown language code 'xx'") as caught:
        language_code("xx")
    assert caught.value.hint
    assert language_code("xx", named=False) == "xx"
    assert language_code("udm") == "udm"  # CLDR names it, without data for it


def msginit_plural_forms(lang: str, tmp_path: Path) -> str | None:
    """The Plural-Forms GNU gettext's msginit writes for ``lang`` (None if it has none)."""
    msginit = shutil.which("msginit")
    assert msginit, "GNU gettext's msginit must be installed (apt-get install gettext)"
    template = tmp_path / "x.pot"
    template.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
                        "utf-8")
    done = subprocess.run([msginit, "--no-translator", "-i", str(template), "-l", lang, "-o", "-"],
                          capture_output=True, text=True, check=True)
    found = re.search(r"nplurals=(\d+)", done.stdout)
    return found[1] if found else None


# Languages of the shipped catalogs, those issue 23 names, and a spread of plural systems.
MSGINIT_LANGUAGES = ["es", "fr", "it", "pt", "pt_BR", "de", "tr", "ru", "pl", "cs", "ja", "ro",
                     "sl", "lt", "lv", "uk", "sk", "ko", "nl", "sv", "el", "hu", "fi", "da"]


@pytest.mark.parametrize("lang", MSGINIT_LANGUAGES)
def test_new_catalogs_have_the_plural_count_msginit_writes(lang: str, tmp_path: Path) -> None:
    expected = msginit_plural_forms(lang, tmp_path)
    assert expected is not None
    assert plural_forms(lang).startswith(f"nplurals={expected};")
    assert int(expected) in plural_counts(lang)  # what msginit writes raises no warning


@pytest.mark.parametrize("lang", ["es", "fr", "it", "pt", "pt_BR", "ca"])
def test_cldr_plural_forms_on_request(lang: str) -> None:
    """CLDR gives these languages a third form for round millions ("un millón de"):
    written only where the project asks for it, and accepted in a catalog either way."""
    assert plural_forms(lang).startswith("nplurals=2;")
    assert plural_forms(lang, "cldr").startswith("nplurals=3;")
    assert {2, 3} <= set(plural_counts(lang))


def test_plural_forms_of_a_language_cldr_lacks_are_gettexts_default() -> None:
    assert plural_forms("udm") == "nplurals=2; plural=(n != 1);"
    assert plural_counts("udm") == ()  # not checked: the locale-unknown warning says so
