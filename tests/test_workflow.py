"""A translator's round trip: init, translate, English changes, update; nothing lost."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from pipeline.config import load_project
from pipeline.errors import LocaliseError
from pipeline.workflow import catalog_status, init_language, update_catalogs

ARTICLE = "spinal-fusion-nerve-damage"


def msgcat_agrees(path: Path) -> None:
    canonical = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert canonical == path.read_bytes(), path
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_round_trip_init_translate_change_update(project_dir: Path) -> None:
    project = load_project(project_dir)
    written = init_language(project, "pt-BR")
    assert [Path(w.path).name for w in written] == [
        "preparing-for-spine-surgery.po", f"{ARTICLE}.po", "site.po"]
    path = project.catalog_path("pt_BR", ARTICLE)
    catalog = polib.pofile(str(path))
    assert catalog.metadata["Language"] == "pt_BR"
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=2;")  # as msginit writes
    msgcat_agrees(path)

    # translate three entries, as Poedit would
    keep, edit, drop = catalog[2], catalog[3], catalog[4]
    for entry in (keep, edit, drop):
        entry.msgstr = "PT: " + entry.msgid
    catalog.save(str(path))

    # the editor changes one paragraph and deletes another
    source = project.source_dir / f"{ARTICLE}.md"
    text = source.read_text("utf-8")
    text = text.replace("About 40 percent of them deal with pain 10 years later.",
                        "About 40 percent of them still deal with pain 10 years later.")
    text = text.replace("## Key Takeaways\n", "")
    source.write_text(text, "utf-8")

    results = update_catalogs(project, ("pt_BR",))
    assert any(r.changed for r in results)
    merged = polib.pofile(str(path))
    assert merged.find(keep.msgid).msgstr == keep.msgstr
    edited = next(e for e in merged if "still deal with pain" in e.msgid)
    assert "fuzzy" in edited.flags and edited.previous_msgid == edit.msgid
    assert edited.msgstr == edit.msgstr
    obsolete = [e for e in merged if e.obsolete]
    assert [e.msgid for e in obsolete] == [drop.msgid] and obsolete[0].msgstr == drop.msgstr
    msgcat_agrees(path)

    # a second update changes no byte
    before = path.read_bytes()
    assert not any(r.changed for r in update_catalogs(project, ("pt_BR",)))
    assert path.read_bytes() == before


@pytest.mark.parametrize("name, folder, language", [
    ("zh_CN", "zh_CN", "zh_CN"), ("sr@latin", "sr@latin", "sr@latin"),
    ("es-419", "es_419", "es_419"), ("udm", "udm", "udm"),
])
def test_init_writes_the_folder_the_user_named(name: str, folder: str, language: str,
                                               project_dir: Path) -> None:
    """gettext tools and translation platforms look for locales/zh_CN/, not zh_Hans_CN/;
    a BCP 47 name is written in gettext's spelling; a language CLDR lacks is started too."""
    project = load_project(project_dir)
    init_language(project, name)
    path = project_dir / "locales" / folder / "LC_MESSAGES" / f"{ARTICLE}.po"
    assert polib.pofile(str(path)).metadata["Language"] == language
    msgcat_agrees(path)
    assert [p.name for p in (project_dir / "locales").iterdir() if p.name.startswith(name[:2])] \
        == [folder]


def test_the_settings_may_ask_for_cldr_plural_forms(project_dir: Path) -> None:
    """Spanish: two forms as msginit and Poedit write them, three (one for round
    millions, "un millón de") where the project asks for CLDR's."""
    init_language(load_project(project_dir), "es")
    settings = project_dir / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace(
        'languages = [', 'plural-forms = "cldr"\nlanguages = ['), "utf-8")
    project = load_project(project_dir)
    assert project.plural_forms == "cldr"
    init_language(project, "it")
    spanish = polib.pofile(str(project.catalog_path("es", ARTICLE)))
    italian = polib.pofile(str(project.catalog_path("it", ARTICLE)))
    assert spanish.metadata["Plural-Forms"].startswith("nplurals=2;")
    assert italian.metadata["Plural-Forms"].startswith("nplurals=3;")
    for path in (project.catalog_path("es", ARTICLE), project.catalog_path("it", ARTICLE)):
        msgcat_agrees(path)


def test_init_refuses_to_overwrite(project_dir: Path) -> None:
    with pytest.raises(LocaliseError, match="never overwrites"):
        init_language(load_project(project_dir), "tr")


def test_crlf_and_bom_catalogs_are_read_and_written_back_canonical(project_dir: Path) -> None:
    project = load_project(project_dir)
    path = project.catalog_path("de", ARTICLE)
    original = polib.pofile(str(path))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    update_catalogs(project, ("de",))
    msgcat_agrees(path)
    again = polib.pofile(str(path))
    assert [(e.msgid, e.msgstr) for e in again] == [(e.msgid, e.msgstr) for e in original]


def test_shipped_catalogs_are_canonical_and_up_to_date(project_dir: Path) -> None:
    project = load_project(project_dir)
    before = {p: p.read_bytes() for p in project.locales_dir.rglob("*.po*")}
    results = update_catalogs(project)
    assert not [r.path for r in results if r.changed], "run localise update"
    assert {p: p.read_bytes() for p in project.locales_dir.rglob("*.po*")} == before
    for path in before:
        msgcat_agrees(path)


def test_status_counts_every_language(project_dir: Path) -> None:
    rows = catalog_status(load_project(project_dir))
    assert {row.lang for row in rows} == {"tr", "de", "ru", "ar", "fa"}
    assert all(row.progress.percent == 100.0 for row in rows)


def test_a_malformed_catalog_stops_update_before_any_write(project_dir: Path) -> None:
    project = load_project(project_dir)
    bad = project.catalog_path("ru", ARTICLE)
    bad.write_bytes(bad.read_bytes()[:5000])  # truncated mid-entry
    before = {p: p.read_bytes() for p in project.locales_dir.rglob("*.po")}
    with pytest.raises(LocaliseError) as caught:
        update_catalogs(project)
    assert caught.value.path == f"locales/ru/LC_MESSAGES/{ARTICLE}.po" and caught.value.line
    assert {p: p.read_bytes() for p in project.locales_dir.rglob("*.po")} == before
