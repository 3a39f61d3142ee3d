"""localise build: gated per language, incremental by content hash, parallel, locked."""

from __future__ import annotations

import filecmp
from pathlib import Path

import polib
import pytest

from pipeline.build import build
from pipeline.config import load_project
from pipeline.errors import LocaliseError
from pipeline.files import project_lock
from pipeline.workflow import init_language

ARTICLE = "spinal-fusion-nerve-damage"


def outputs(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def plant_number_error(project_dir: Path, lang: str) -> None:
    path = project_dir / "locales" / lang / "LC_MESSAGES" / f"{ARTICLE}.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid.startswith("Research shows that up to 14.97"))
    entry.msgstr = entry.msgstr.replace("14,97", "4,97")
    catalog.save(str(path))


def test_second_build_renders_nothing_and_a_catalog_change_renders_one_language(project_dir: Path) -> None:
    project = load_project(project_dir)
    first = build(project, pdf=False, jobs=2)
    assert first.changed and all(row.pages_written == 2 for row in first.languages)
    before = outputs(project.site_dir)

    again = build(project, pdf=False, jobs=2)
    assert not again.changed
    assert all(row.pages_written == 0 for row in again.languages)
    assert outputs(project.site_dir) == before

    path = project.catalog_path("tr", ARTICLE)
    catalog = polib.pofile(str(path))
    catalog.metadata["PO-Revision-Date"] = "2025-11-25 10:00+0000"  # a translator saved it
    catalog.save(str(path))
    third = build(project, pdf=False, jobs=2)
    written = {row.lang: row.pages_written for row in third.languages}
    assert written == {"en": 0, "tr": 1, "de": 0, "ru": 0, "ar": 0, "fa": 0}


def test_a_planted_number_error_blocks_only_that_language(project_dir: Path) -> None:
    project = load_project(project_dir)
    build(project, pdf=False)
    german_before = (project.site_dir / "de" / ARTICLE / "index.html").read_bytes()
    plant_number_error(project_dir, "de")
    (project.source_dir / f"{ARTICLE}.md").write_text(
        (project.source_dir / f"{ARTICLE}.md").read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    result = build(project, pdf=False)
    assert result.blocked == ("de",)
    blocking = [f for f in result.report.findings if f.severity.value == "error"]
    assert [f.id for f in blocking] == ["number-changed"]
    assert "14.97%" in blocking[0].message and blocking[0].file.startswith("locales/de/")
    # German keeps what was published; the others are rebuilt with the new sentence
    assert (project.site_dir / "de" / ARTICLE / "index.html").read_bytes() == german_before
    assert "One more sentence." in (project.site_dir / "tr" / ARTICLE / "index.html").read_text("utf-8")


def test_a_first_build_that_blocks_a_language_does_not_claim_to_keep_pages(
    project_dir: Path,
) -> None:
    """Regression: the first build of a project whose German is blocked said "previous
    pages kept" and counted 2 pages kept, when nothing had ever been published in German."""
    from pipeline.build_report import build_lines

    project = load_project(project_dir)
    plant_number_error(project_dir, "de")
    first = build(project, pdf=False)
    german = next(row for row in first.languages if row.lang == "de")
    assert first.blocked == ("de",) and not (project.site_dir / "de" / ARTICLE).exists()
    assert german.note == "blocked by errors: not published (no earlier pages to keep)"
    assert german.pages_skipped == 0
    table = "\n".join(build_lines(first, colour=False))
    line = next(line for line in table.splitlines() if line.startswith("de "))
    assert "0 new/0 kept" in line and "previous pages kept" not in line
    # once German was published, a later block does keep its pages, and says so
    (project_dir / "locales/de/LC_MESSAGES" / f"{ARTICLE}.po").write_bytes(
        (Path(__file__).parent.parent / "locales/de/LC_MESSAGES" / f"{ARTICLE}.po").read_bytes())
    assert build(project, pdf=False).blocked == ()
    plant_number_error(project_dir, "de")
    again = next(row for row in build(project, pdf=False).languages if row.lang == "de")
    assert again.note == "blocked by errors: previous pages kept" and again.pages_skipped == 2


def test_parallel_build_is_identical_to_serial(tmp_path: Path, project_dir: Path) -> None:
    from tests_support import clone

    serial = load_project(project_dir)
    parallel = load_project(clone(project_dir, tmp_path / "parallel"))
    build(serial, jobs=1, pdf=True)
    build(parallel, jobs=2, pdf=True)
    comparison = filecmp.dircmp(serial.site_dir, parallel.site_dir)
    assert outputs(serial.site_dir) == outputs(parallel.site_dir), comparison.diff_files


def test_a_second_build_waits_for_the_first_then_gives_up_with_a_message(project_dir: Path) -> None:
    project = load_project(project_dir)
    with project_lock(project.root, 1, "test"), pytest.raises(LocaliseError) as caught:
        build(project, pdf=False, wait=0.5)
    assert "another localise command is running" in str(caught.value)


def test_unknown_language_is_refused(project_dir: Path) -> None:
    with pytest.raises(LocaliseError, match="not a published language"):
        build(load_project(project_dir), languages=["pt_BR"], pdf=False)


def test_a_language_is_published_under_the_name_the_settings_give(project_dir: Path) -> None:
    """languages = ["zh_CN", "sr@latin"] builds site/zh_CN/ and site/sr@latin/ (the folders
    gettext tools use), with BCP 47 in the pages: lang="zh-CN", hreflang="sr-Latn"."""
    settings = project_dir / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace(
        'languages = ["tr",', 'min-translated = 0\nlanguages = ["zh_CN", "sr@latin", "tr",'),
        "utf-8")  # (pages of languages just started: published, though all English)
    project = load_project(project_dir)
    assert project.languages[:2] == ("zh_CN", "sr@latin")
    for lang in ("zh_CN", "sr@latin"):
        init_language(project, lang)
    result = build(project, pdf=False)
    assert not result.blocked
    page = (project.site_dir / "zh_CN" / ARTICLE / "index.html").read_text("utf-8")
    assert '<html lang="zh-CN"' in page and 'hreflang="sr-Latn"' in page
    assert (project.site_dir / "sr@latin" / ARTICLE / "index.html").is_file()
    assert not (project.site_dir / "zh_Hans_CN").exists()


def test_a_language_never_published_is_not_offered_in_the_switcher(project_dir: Path) -> None:
    plant_number_error(project_dir, "ru")
    project = load_project(project_dir)
    result = build(project, pdf=False)
    assert result.blocked == ("ru",)
    assert not (project.site_dir / "ru").exists()
    page = (project.site_dir / "tr" / ARTICLE / "index.html").read_text("utf-8")
    assert 'hreflang="ru"' not in page and 'hreflang="de"' in page
    sitemap = (project.site_dir / "sitemap.xml").read_text("utf-8")
    assert "/ru/" not in sitemap


def test_findings_of_unchanged_catalogs_are_reused_and_changes_rechecked(project_dir: Path) -> None:
    project = load_project(project_dir)
    build(project, pdf=False)
    import json

    manifest = json.loads((project.site_dir / ".localise-manifest.json").read_text("utf-8"))
    assert len(manifest["checks"]) == 15  # five languages, three catalogs each
    plant_number_error(project_dir, "de")  # only de's catalog changes
    lines: list[str] = []
    result = build(project, pdf=False, progress_line=lines.append)
    assert [line for line in lines if line.startswith("checking ")] == [
        "checking locales/de/LC_MESSAGES/spinal-fusion-nerve-damage.po"]
    assert result.blocked == ("de",)
    assert [f.id for f in result.report.findings if f.severity.value == "error"] == ["number-changed"]
    waived = [f for f in result.report.findings if f.waived]
    assert len(waived) >= 30  # reused from the cache with their reasons


def test_catalogs_parsed_ahead_give_the_same_site_and_findings(
    tmp_path: Path, project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every catalog parsed by forked workers (the threshold lowered to 0), a number error
    planted in German and Russian's article catalog cut in half: the same findings, the
    same blocked languages and the same pages as a build that parses all in one process."""
    from tests_support import clone

    import pipeline.build
    from pipeline import parallel

    plant_number_error(project_dir, "de")
    broken = project_dir / "locales" / "ru" / "LC_MESSAGES" / f"{ARTICLE}.po"
    data = broken.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    alone = load_project(clone(project_dir, tmp_path / "alone"))
    ahead = load_project(project_dir)
    fetched: list[str] = []
    prefetch_result = parallel.Prefetch.result

    def counted(self: parallel.Prefetch, key: object) -> object:
        fetched.append(key)
        return prefetch_result(self, key)

    monkeypatch.setattr(parallel.Prefetch, "result", counted)
    monkeypatch.setattr(pipeline.build, "PREFETCH_BYTES", 0)
    first = build(alone, jobs=1, pdf=False)
    assert fetched == []
    second = build(ahead, jobs=2, pdf=False)
    catalogs = [key for key in fetched if isinstance(key, str)]
    pages = [key for key in fetched if isinstance(key, pipeline.build.Job)]
    assert len(catalogs) == len(set(catalogs)) == 15  # 5 languages x (2 articles + site)
    # every page rendered early (de's and ru's put back below), but ru's cut article: its
    # unreadable catalog translates none of it, below min-translated
    assert len(pages) == 11
    assert second.blocked == first.blocked == ("de", "ru")
    assert second.report.findings == first.report.findings
    assert outputs(ahead.site_dir) == outputs(alone.site_dir)


def test_a_build_writes_site_only_never_locales(project_dir: Path) -> None:
    """Templates are extract's and update's: a CI build leaves the working tree as it was."""
    import shutil

    project = load_project(project_dir)
    shutil.rmtree(project_dir / "locales" / "templates")
    (project.source_dir / f"{ARTICLE}.md").write_text(
        (project.source_dir / f"{ARTICLE}.md").read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    before = outputs(project_dir / "locales")
    result = build(project, pdf=False, jobs=2)
    assert result.changed and not result.blocked
    assert outputs(project_dir / "locales") == before
    assert "One more sentence." in (project.site_dir / "en" / ARTICLE / "index.html").read_text("utf-8")


def test_a_translation_that_breaks_its_page_blocks_only_its_language(
    tmp_path: Path, project_dir: Path
) -> None:
    """A wrong placeholder in German's site strings makes its page fail to render, which
    the checks block: rendered early (jobs 2) or after the checks (jobs 1), German is not
    published and the other languages are, the same way."""
    from tests_support import clone

    path = project_dir / "locales" / "de" / "LC_MESSAGES" / "site.po"
    text = path.read_text("utf-8")
    assert 'msgstr "Zuletzt aktualisiert am %(date)s' in text
    path.write_text(text.replace('msgstr "Zuletzt aktualisiert am %(date)s',
                                 'msgstr "Zuletzt aktualisiert am %(datum)s'), "utf-8")
    alone = load_project(clone(project_dir, tmp_path / "alone"))
    early = load_project(project_dir)
    first = build(alone, jobs=1, pdf=False)
    second = build(early, jobs=2, pdf=False)
    assert first.blocked == second.blocked == ("de",)
    assert not (early.site_dir / "de").exists()
    assert (early.site_dir / "tr" / ARTICLE / "index.html").exists()
    assert outputs(early.site_dir).keys() == outputs(alone.site_dir).keys()


def test_a_catalog_that_is_a_folder_blocks_only_its_language(project_dir: Path) -> None:
    """As an unreadable file does: named in a finding, the other languages published
    (it once stopped the whole build, before the checks could name it)."""
    path = project_dir / "locales" / "fa" / "LC_MESSAGES" / "site.po"
    path.unlink()
    path.mkdir()
    result = build(load_project(project_dir), pdf=False)
    assert result.blocked == ("fa",)
    (finding,) = [f for f in result.report.findings if f.id == "catalog-unreadable"]
    assert (finding.file, finding.line, finding.message) == (
        "locales/fa/LC_MESSAGES/site.po", 1, "is a folder, expected a file")
    assert not (project_dir / "site" / "fa").exists()
    assert (project_dir / "site" / "ar" / ARTICLE / "index.html").exists()


def test_builds_in_one_process_leave_nothing_frozen(project_dir: Path) -> None:
    """The collector is paused and what was read frozen only during a build: a process that
    builds again and again (a test suite, a server) can still collect its garbage."""
    import gc

    project = load_project(project_dir)
    before = gc.get_freeze_count()
    build(project, pdf=False, force=True)
    build(project, pdf=False, force=True)
    assert gc.get_freeze_count() == before
    assert gc.isenabled()


def test_a_published_language_blocked_for_a_broken_placeholder_keeps_its_pages(
    project_dir: Path,
) -> None:
    """Its pages stay as published; the indexes, rebuilt over every language, show the
    English of the one broken string instead of failing the whole build."""
    project = load_project(project_dir)
    build(project, pdf=False)
    german_before = (project.site_dir / "de" / ARTICLE / "index.html").read_bytes()
    path = project_dir / "locales" / "de" / "LC_MESSAGES" / "site.po"
    text = path.read_text("utf-8")
    assert 'msgid "%(percent)s translated"' in text
    catalog = polib.pofile(str(path))
    entry = catalog.find("%(percent)s translated")
    assert entry is not None and "%(percent)s" in entry.msgstr
    entry.msgstr = entry.msgstr.replace("%(percent)s", "%(prozent)s")
    catalog.save(str(path))
    result = build(project, pdf=False)
    assert result.blocked == ("de",)
    assert (project.site_dir / "de" / ARTICLE / "index.html").read_bytes() == german_before
    assert "translated" in (project.site_dir / "de" / "index.html").read_text("utf-8")


def test_a_language_or_article_taken_out_is_withdrawn_from_the_site(project_dir: Path) -> None:
    """Unlinked pages of a language removed from the settings, or of an article removed
    from source/, once stayed online at their old addresses (and in search engines). Only
    the pages the build made go: files a publisher put in site/ stay."""
    build(load_project(project_dir), pdf=False)
    site = project_dir / "site"
    assert (site / "tr" / ARTICLE / "index.html").is_file()
    settings = project_dir / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace('"tr", ', ""), "utf-8")
    (project_dir / "source" / "preparing-for-spine-surgery.md").unlink()
    (site / "de" / "preparing-for-spine-surgery.pdf").write_bytes(b"%PDF- an older print")
    publishers_own = [site / "about" / "index.html", site / "de" / "consent-forms" / "index.html",
                      site / "de" / "Patientenaufklaerung.pdf", site / "tr" / "kvkk.pdf"]
    for path in publishers_own:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"the publisher's, not the build's")
    result = build(load_project(project_dir), pdf=False)
    assert "tr/spinal-fusion-nerve-damage" in result.withdrawn
    assert "de/preparing-for-spine-surgery" in result.withdrawn
    assert all(path.read_bytes() == b"the publisher's, not the build's" for path in publishers_own)
    assert sorted(path.name for path in (site / "tr").iterdir()) == ["kvkk.pdf"]
    (site / "tr" / "kvkk.pdf").unlink()
    (site / "tr").rmdir()
    for lang in ("en", "de", "ar"):
        assert (site / lang / ARTICLE / "index.html").is_file()
        assert not (site / lang / "preparing-for-spine-surgery").exists()
    assert not (site / "de" / "preparing-for-spine-surgery.pdf").exists()
    assert (site / "assets").is_dir() and (site / "index.html").is_file()


def test_a_one_language_build_keeps_the_others_pages_on_record(project_dir: Path) -> None:
    """``--lang de`` once wrote a manifest listing only en and de: the next full build
    re-rendered every other language, and a language taken out after it stayed online."""
    project = load_project(project_dir)
    build(project, pdf=False)
    build(project, languages=["de"], pdf=False, force=True)
    again = build(load_project(project_dir), pdf=False)
    assert all(row.pages_written == 0 for row in again.languages), again.languages
    settings = project_dir / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace('"ru", ', ""), "utf-8")
    assert "ru/spinal-fusion-nerve-damage" in build(load_project(project_dir), pdf=False).withdrawn
    assert not (project_dir / "site" / "ru").exists()


def test_pages_are_withdrawn_even_without_a_manifest_and_odd_keys_are_not_followed(
    project_dir: Path,
) -> None:
    """The build knows its pages by their generator mark when its manifest is lost; a
    manifest key that is no ``lang/slug`` ("../x") is never used as a path."""
    import json

    from pipeline.build import MANIFEST

    build(load_project(project_dir), pdf=False)
    site = project_dir / "site"
    (site / MANIFEST).unlink()
    (project_dir / "source" / "preparing-for-spine-surgery.md").unlink()
    result = build(load_project(project_dir), pdf=False)
    assert "de/preparing-for-spine-surgery" in result.withdrawn
    assert not list(site.glob("*/preparing-for-spine-surgery"))
    outside = project_dir / "keep.txt"
    outside.write_text("not the site's")
    manifest = json.loads((site / MANIFEST).read_text("utf-8"))
    manifest["pages"].update({"../keep.txt": "x", "nokey": "x", "de/../../keep.txt": "x"})
    (site / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    assert build(load_project(project_dir), pdf=False, force=True).withdrawn == ()
    assert outside.read_text() == "not the site's"


def test_a_language_folder_left_behind_is_not_offered_in_the_switcher(project_dir: Path) -> None:
    """A withdrawn language whose folder stayed (a publisher's file in it), added back
    and blocked at once, was linked from every page although it had no page."""
    build(load_project(project_dir), pdf=False)
    site = project_dir / "site"
    (site / "tr" / "kvkk.pdf").write_bytes(b"the publisher's")
    settings = project_dir / "pyproject.toml"
    shipped = settings.read_text("utf-8")
    settings.write_text(shipped.replace('"tr", ', ""), "utf-8")
    build(load_project(project_dir), pdf=False)
    settings.write_text(shipped, "utf-8")
    plant_number_error(project_dir, "tr")
    assert build(load_project(project_dir), pdf=False).blocked == ("tr",)
    assert "/tr/" not in (site / "en" / ARTICLE / "index.html").read_text("utf-8")


def test_the_build_keeps_facts_of_small_articles_and_catalogs_not_their_parse(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library's memory must not grow with its articles: once counted, an article and
    its catalogs are let go (parsed again where rendered), and what is kept gives the same
    progress as the parsed catalog against the article's template."""
    import pipeline.build as build_module
    from pipeline.build import Gathered
    from pipeline.catalog import progress
    from pipeline.extract import build_template
    from pipeline.workflow import read_catalog

    project = load_project(project_dir)
    gathered = Gathered.read(project)
    assert set(gathered.facts) == {"preparing-for-spine-surgery", ARTICLE}
    for lang in ("tr", "ar"):
        for slug in gathered.facts:
            counted = gathered.progress(lang, slug)
            expected = progress(read_catalog(project, project.catalog_path(lang, slug)),
                                build_template(gathered.article(slug), notes=False))
            assert counted == expected and counted.translated > 40
    assert gathered.kept == {}
    assert all(name == "site" for _lang, name in gathered.catalogs)
    assert len(gathered.counted) == 4

    monkeypatch.setattr(build_module, "PREFETCH_BYTES", 1_000)  # every file "large" now
    large = Gathered.read(project)
    assert set(large.kept) == set(large.facts)
    assert large.article(ARTICLE) is large.article(ARTICLE)
    large.progress("de", ARTICLE)
    assert ("de", ARTICLE) in large.catalogs


def test_a_rebuild_counts_again_only_the_catalog_that_changed(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting a catalog's progress means parsing it: a rebuild takes the counts of
    unchanged catalogs from the manifest, and parses only the changed one (to count it and
    to render its page), whatever the library's size."""
    from pipeline.build import Gathered

    project = load_project(project_dir)
    build(project, pdf=False, jobs=1)
    path = project.catalog_path("tr", ARTICLE)
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgstr and not e.fuzzy)
    entry.msgstr += " "  # a translator's edit: the page changes, the counts do not
    catalog.save(str(path))
    parsed: list[tuple[str, str]] = []
    original = Gathered.catalog

    def counting(self: Gathered, lang: str, name: str) -> polib.POFile:
        parsed.append((lang, name))
        return original(self, lang, name)

    monkeypatch.setattr(Gathered, "catalog", counting)
    again = build(project, pdf=False, jobs=1)
    assert [row.pages_written for row in again.languages if row.lang == "tr"] == [1]
    assert {pair for pair in parsed if pair[1] != "site"} == {("tr", ARTICLE)}
    rows = {row.lang: (row.units, row.translated) for row in again.languages}
    monkeypatch.setattr(Gathered, "catalog", original)
    forced = build(project, pdf=False, jobs=1, force=True)
    assert {row.lang: (row.units, row.translated) for row in forced.languages} == rows
