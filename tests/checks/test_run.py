"""Running the checks over whole catalogs: lines, source mapping, waivers, catalog health."""

from __future__ import annotations

from pathlib import Path

from pipeline.checks import SEVERITY, Context
from pipeline.checks.run import check_catalog, check_files

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: {plural}\\n"\n\n'
)


def catalog(body: str, lang: str = "de", plural: str = "nplurals=2; plural=(n != 1);") -> bytes:
    return (HEADER.format(lang=lang, plural=plural) + body).encode("utf-8")


def test_findings_point_at_the_msgstr_line_and_the_source_reference() -> None:
    data = catalog('#: source/x.md:12\nmsgid "Take 1 tablet."\nmsgstr "10 Tabletten einnehmen."\n')
    (finding,) = check_catalog(data, "de.po", Context(lang="de"))
    assert (finding.id, finding.line, finding.source) == ("number-changed", 11, "source/x.md:12")


def test_a_waiver_silences_a_warning_but_lists_it() -> None:
    data = catalog('# localise-ignore: same-as-source — brand name\nmsgid "Spine.MD"\nmsgstr "Spine.MD"\n')
    (finding,) = check_catalog(data, "de.po", Context(lang="de"))
    assert finding.id == "same-as-source" and finding.waived == "brand name"


def test_an_error_cannot_be_waived() -> None:
    data = catalog('# localise-ignore: number-changed — typo\nmsgid "Take 1 tablet."\nmsgstr "10 Tabletten."\n')
    (finding,) = check_catalog(data, "de.po", Context(lang="de"))
    assert finding.id == "number-changed" and not finding.waived
    assert "cannot be waived" in finding.message


def test_plural_forms_that_disagree_with_cldr_are_kept_and_reported() -> None:
    data = catalog('msgid "x"\nmsgstr "y"\n', lang="ru", plural="nplurals=2; plural=(n != 1);")
    ids = [f.id for f in check_catalog(data, "ru.po", Context(lang="ru"))]
    assert "plural-forms" in ids
    ok = catalog('msgid "x"\nmsgstr "y"\n', lang="ru",
                 plural="nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")
    assert "plural-forms" not in [f.id for f in check_catalog(ok, "ru.po", Context(lang="ru"))]


def test_plural_counts_of_gettext_and_of_cldr_both_pass() -> None:
    """Spanish, French, Italian and Portuguese catalogs have 2 forms (msginit, Poedit)
    or CLDR's 3; 4 is neither."""
    for lang, plural in (("es", "nplurals=2; plural=(n != 1);"), ("fr", "nplurals=2; plural=(n > 1);"),
                         ("it", "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);"),
                         ("pt", "nplurals=2; plural=(n != 1);")):
        data = catalog('msgid "x"\nmsgstr "y"\n', lang=lang, plural=plural)
        assert [f.id for f in check_catalog(data, f"{lang}.po", Context(lang=lang))] == []
    data = catalog('msgid "x"\nmsgstr "y"\n', lang="es", plural="nplurals=4; plural=(n % 4);")
    (finding,) = check_catalog(data, "es.po", Context(lang="es"))
    assert finding.id == "plural-forms" and "give 2 or 3" in finding.message


def test_a_language_cldr_lacks_is_checked_with_one_warning(tmp_path: Path) -> None:
    """udm (Udmurt) and sr@latin are read from the header; the language-independent rules
    still run (a changed number), and a language CLDR lacks gets one locale-unknown
    warning naming what is not checked."""
    body = 'msgid "Take 1 tablet."\nmsgstr "10 tablet."\n'
    slavic = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    for lang, expected in (("udm", ["locale-unknown", "number-changed"]),
                           ("sr@latin", ["number-changed"]), ("xx", ["locale-unknown", "number-changed"])):
        path = tmp_path / f"{lang}.po"
        path.write_bytes(catalog(body, lang=lang, plural=slavic if lang.startswith("sr") else
                                 "nplurals=2; plural=(n != 1);"))
        report = check_files([path], None, None)
        assert report.unreadable == ()
        assert [f.id for f in report.findings] == expected, lang
        if expected[0] == "locale-unknown":
            assert lang in report.findings[0].message and "not checked" in report.findings[0].message


def test_duplicate_messages_are_catalog_invalid_with_their_line() -> None:
    data = catalog('msgid "x"\nmsgstr "a"\n\nmsgid "x"\nmsgstr "b"\n')
    invalid = [f for f in check_catalog(data, "de.po", Context(lang="de")) if f.id == "catalog-invalid"]
    assert invalid and invalid[0].line == 12


def test_an_unparsable_file_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_bytes(catalog('msgid "x"\nmsgstr "unterminated\n'))
    report = check_files([path], "de", None)
    assert report.unreadable == (str(path),)
    assert [f.id for f in report.findings] == ["catalog-invalid"]
    assert report.findings[0].line == 10


def test_every_id_has_a_stable_severity() -> None:
    assert SEVERITY["number-missing"].value == "error"
    assert SEVERITY["number-format"].value == "warning"
    assert {id for id, s in SEVERITY.items() if s.value == "error"} == {
        "number-missing", "number-changed", "url-changed", "markup-mismatch", "raw-html",
        "protected-term", "catalog-invalid", "catalog-unreadable", "source-invalid",
        "placeholder"}


def test_a_long_catalog_checked_by_several_processes_gives_the_same_findings(
    monkeypatch,
) -> None:
    """The shipped Turkish catalog with two planted errors: forked workers find exactly what
    one process finds, in the same order."""
    import pipeline.checks.run as run
    from pipeline import parallel
    from pipeline.article import read_article
    from pipeline.checks.run import project_context
    from pipeline.config import load_project

    root = Path(__file__).resolve().parents[2]
    project = load_project(root)
    slug = "spinal-fusion-nerve-damage"
    article = read_article(project.source_dir / f"{slug}.md", f"source/{slug}.md")
    text = project.catalog_path("tr", slug).read_text("utf-8")
    planted = text.replace("%0,13", "%0,31", 1).replace("%7,8", "%78", 1)
    assert planted.count("%0,31") == 1 and "%78" in planted
    context = project_context(project, "tr", article)
    data = planted.encode("utf-8")
    monkeypatch.setattr(run, "PARALLEL_ENTRIES", 10)
    pools: list[int] = []

    def counted_pool(workers: int):
        pools.append(workers)
        return run_forked_pool(workers)

    run_forked_pool = parallel.forked_pool
    monkeypatch.setattr(parallel, "forked_pool", counted_pool)
    alone = check_catalog(data, "tr.po", context, article, workers=1)
    assert pools == []
    forked = check_catalog(data, "tr.po", context, article, workers=2)
    assert pools == [2]
    assert forked == alone
    assert [f.id for f in alone if not f.waived].count("number-changed") == 2
    lines = sorted({f.line for f in alone})  # findings from all over the catalog
    assert len(lines) >= 5 and lines[0] < 100 and lines[-1] > 1000


def test_a_unit_the_catalog_lacks_is_reported_untranslated_with_its_source_line() -> None:
    """The English changed and ``update`` has not run (or entries were deleted): the page
    publishes those units in English, so check says so instead of passing silently."""
    from pipeline.article import parse_article

    article = parse_article("---\ntitle: T\ndescription: D\nupdated: 2025-11-18\nauthor: A\n---\n\n"
                            "About 45 percent of them.\n\nSee a doctor.\n", "source/x.md")
    data = catalog('msgid "T"\nmsgstr "T-de"\n\nmsgid "D"\nmsgstr "D-de"\n\n'
                   'msgid "See a doctor."\nmsgstr "Gehen Sie zum Arzt."\n')
    (finding,) = check_catalog(data, "x.po", Context(lang="de"), article)
    assert (finding.id, finding.line, finding.source) == ("untranslated", 1, "source/x.md:8")
    assert "localise update" in finding.message


def test_files_given_are_each_checked_whatever_is_wrong_with_one(tmp_path: Path) -> None:
    """A catalog without a Language header takes it from a gettext layout's folder
    (de/LC_MESSAGES/x.po); one whose language cannot be told is checked with the
    language-independent rules and one language-unknown warning (it once stopped them all)."""
    body = 'msgid "Take 1 tablet."\nmsgstr "10 Tabletten."\n'
    no_language = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body
    laid_out = tmp_path / "de" / "LC_MESSAGES" / "x.po"
    laid_out.parent.mkdir(parents=True)
    laid_out.write_text(no_language, "utf-8")
    loose = tmp_path / "loose.po"
    loose.write_text(no_language, "utf-8")
    good = tmp_path / "good.po"
    good.write_bytes(catalog(body))
    report = check_files([laid_out, loose, good], None, None)
    assert report.unreadable == ()
    assert [(Path(f.file).name, f.id) for f in report.findings] == [
        ("x.po", "number-changed"), ("loose.po", "language-unknown"), ("loose.po", "number-changed"),
        ("good.po", "number-changed")]
    assert "--lang" in report.findings[1].message


def test_a_programs_catalog_is_plain_text_and_a_markdown_one_is_markdown() -> None:
    """Django keeps no references; Sphinx names .py files: backticks there are quotes."""
    body = 'msgid "The related `%(name)s` object"\nmsgstr "l\'objet «\u00a0%(name)s\u00a0» en relation"\n'
    def errors(text: str) -> list[str]:
        found = check_catalog(catalog(text, lang="fr"), "fr.po", Context(lang="fr"))
        return [f.id for f in found if f.severity.value == "error"]

    assert errors(body) == []
    assert errors("#: sphinx/config.py:12\n" + body) == []
    assert errors("#: source/x.md:3\n" + body) == ["markup-mismatch"]


PLURAL = ('#, python-format\nmsgid "Delete 1 page"\nmsgid_plural "Delete %(counter)s pages"\n'
          'msgstr[0] "{0}"\nmsgstr[1] "{1}"\n')


def test_each_plural_form_follows_the_english_singular_or_plural() -> None:
    # German form 0 serves n = 1 alone: "Eine Seite" says the count
    de = PLURAL.format("Eine Seite löschen", "%(counter)s Seiten löschen")
    assert check_catalog(catalog(de), "de.po", Context(lang="de")) == ()
    # Japanese writes every count with the plural's placeholder
    ja = ('#, python-format\nmsgid "Delete 1 page"\nmsgid_plural "Delete %(counter)s pages"\n'
          'msgstr[0] "%(counter)s ページを削除"\n')
    assert check_catalog(catalog(ja, lang="ja", plural="nplurals=1; plural=0;"), "ja.po",
                         Context(lang="ja")) == ()
    # Wagtail tr: the form for every other count says "one"
    tr = ('msgid "It will also delete 1 translation."\nmsgid_plural "It will also delete '
          '%(count)s translations."\nmsgstr[0] "Bir çevirisi de silinecek."\n'
          'msgstr[1] "Bir çevirisi de silinecek."\n')
    (finding,) = [f for f in check_catalog(catalog(tr, lang="tr"), "tr.po", Context(lang="tr"))
                  if f.severity.value == "error"]
    assert finding.id == "placeholder" and finding.message.startswith("msgstr[1]: ")


def test_a_form_for_a_single_count_may_leave_its_placeholder_out() -> None:
    """Django ar: msgstr[0] serves n = 0 alone ("nothing selected"), as msgfmt allows."""
    forms = ["لا شيء محدد"] + ["%(sel)s من %(cnt)s محدد"] * 5
    arabic = ("nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
              ": n%100>=11 ? 4 : 5;")

    def placeholder_findings(texts: list[str]) -> list[str]:
        body = ('#, javascript-format\nmsgid "%(sel)s of %(cnt)s selected"\n'
                'msgid_plural "%(sel)s of %(cnt)s selected"\n'
                + "".join(f'msgstr[{i}] "{text}"\n' for i, text in enumerate(texts)))
        found = check_catalog(catalog(body, lang="ar", plural=arabic), "ar.po", Context(lang="ar"))
        return [f.message for f in found if f.id == "placeholder"]

    assert placeholder_findings(forms) == []
    # form 3 serves 3 to 10, 103 to 110, …: it must show the counts
    assert len(placeholder_findings(forms[:3] + ["محدد"] + forms[4:])) == 2


def test_a_po_file_checked_alone_warns_of_numbers_in_words(tmp_path: Path) -> None:
    path = tmp_path / "de.po"
    path.write_bytes(catalog('msgid "Past 7 days"\nmsgstr "Letzte sieben Tage"\n'))
    (finding,) = check_files([path], None, None).findings
    assert (finding.id, finding.severity.value) == ("number-words", "warning")
    assert "sieben = 7" in finding.message


def test_a_header_naming_its_language_in_words_takes_the_folders(tmp_path) -> None:
    """django-allauth 65.22.1's Estonian catalog says ``Language: Estonian``: msgfmt takes
    it, and its folder (et/LC_MESSAGES) says the language; once a catalog-unreadable error."""
    from pipeline.checks.run import check_files

    path = tmp_path / "et" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Language: Estonian\\n"\n'
                    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "Sign in"\nmsgstr "Logi sisse"\n', "utf-8")
    report = check_files([path], None, None)
    assert report.errors == 0 and report.unreadable == ()
    assert not [f for f in report.findings if f.id.endswith("-unknown")]
