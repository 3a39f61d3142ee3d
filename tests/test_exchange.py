"""An agency round trip on the shipped project: ``localise export`` gives schema-valid
XLIFF, an unchanged file imports without changing a byte, and translations that come back
land in the catalogs checked, as fuzzy where the English changed or a check fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from lxml import etree
from tests_support import assert_valid_xliff

from pipeline.xliff import XLIFF_1, XLIFF_2

ARTICLE = "spinal-fusion-nerve-damage"
NAMES = ("preparing-for-spine-surgery", ARTICLE, "site")
X = {"x": XLIFF_2}


def localise(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=project,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_COLOR": "1"})


def catalogs(project: Path) -> dict[str, bytes]:
    return {path.relative_to(project).as_posix(): path.read_bytes()
            for path in sorted((project / "locales").rglob("*.po"))}


def entries(project: Path, lang: str, name: str = ARTICLE) -> dict[str, polib.POEntry]:
    path = project / "locales" / lang / "LC_MESSAGES" / f"{name}.po"
    return {entry.msgid: entry for entry in polib.pofile(str(path)) if not entry.obsolete}


@pytest.fixture
def spanish(project_dir: Path) -> Path:
    """The shipped project with Spanish started as a user starts it."""
    done = localise(project_dir, "init", "es")
    assert done.returncode == 0, done.stderr
    return project_dir


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_an_unchanged_export_imports_without_changing_a_byte(spanish: Path, version: str) -> None:
    """Export Spanish (untranslated), Turkish and German (translated, with waivers and
    links), validate every file against the OASIS schema, import them all back: every
    catalog is byte for byte what it was."""
    german = spanish / "locales/de/LC_MESSAGES" / f"{ARTICLE}.po"  # one with an error already
    german.write_bytes(german.read_bytes().replace(b"0,13", b"0,31", 1))
    before = catalogs(spanish)
    files = []
    for lang in ("es", "tr", "de"):
        done = localise(spanish, "export", lang, "--version", version)
        assert done.returncode == 0, done.stderr
        for name in NAMES:
            path = spanish / "xliff" / lang / f"{name}.xlf"
            assert_valid_xliff(path.read_bytes(), version)
            files.append(str(path.relative_to(spanish)))
    assert "(163 units: 0 translated, 0 fuzzy, 163 untranslated)" in localise(
        spanish, "export", "es", "--version", version).stdout
    done = localise(spanish, "import", *files)
    assert done.returncode == 0, done.stdout + done.stderr  # what was there is check's to judge
    assert catalogs(spanish) == before
    assert done.stdout.count("unchanged  locales/") == 9
    assert "added 0, changed 0, unchanged 163" in done.stdout


def test_the_export_carries_states_notes_and_tags(project_dir: Path) -> None:
    """What an agency's translator sees: each unit's state, the template's notes (the
    numbers to keep), the translator's comment, and links and emphasis as tags."""
    german = project_dir / "locales/de/LC_MESSAGES" / f"{ARTICLE}.po"
    catalog = polib.pofile(str(german))
    research = next(e for e in catalog if e.msgid.startswith("Research shows that up to 14.97"))
    research.flags.append("fuzzy")
    research.previous_msgid = "Research shows that up to 14.9% of patients"
    untranslated = next(e for e in catalog if e.msgid.startswith("Spinal fusion surgery carries"))
    untranslated.msgstr = ""
    catalog.save(str(german))
    assert localise(project_dir, "export", "de").returncode == 0
    root = etree.parse(str(project_dir / "xliff/de" / f"{ARTICLE}.xlf")).getroot()
    by_source = {"".join(unit.find("x:segment/x:source", X).itertext()): unit
                 for unit in root.iterfind(".//x:unit", X)}
    fuzzy = next(unit for text, unit in by_source.items() if text.startswith("Research shows"))
    assert fuzzy.find("x:segment", X).get("state") == "initial"
    assert fuzzy.find("x:notes/x:note[@category='previous-source']", X).text == \
        "Research shows that up to 14.9% of patients"
    assert "numbers: 14.97%" in fuzzy.find("x:notes/x:note[@category='developer']", X).text
    todo = next(unit for text, unit in by_source.items() if text.startswith("Spinal fusion surgery c"))
    assert todo.find("x:segment/x:target", X) is None
    waived = [unit for unit in by_source.values()
              if unit.find("x:notes/x:note[@category='translator']", X) is not None]
    assert waived and all("localise-ignore" in unit.find(
        "x:notes/x:note[@category='translator']", X).text for unit in waived)
    links = root.findall(".//x:source/x:pc[@type='link']", X)
    assert links and all(link.get("dataRefEnd") for link in links)
    data = {item.get("id"): item.text for item in root.iterfind(".//x:data", X)}
    assert any(text.startswith("](https://") for text in data.values())


def fill_targets(path: Path, translations: dict[str, str], lang: str, notes: dict[str, str]) -> None:
    """Do what an agency does in a CAT tool: write targets (as text, or keeping the tags
    of the source around their words), mark them translated, add a note."""
    tree = etree.parse(str(path))
    root = tree.getroot()
    root.set("trgLang", lang)
    for unit in root.iterfind(".//x:unit", X):
        segment = unit.find("x:segment", X)
        source = segment.find("x:source", X)
        text = "".join(source.itertext())
        if text not in translations:
            continue
        target = segment.find("x:target", X)
        if target is None:
            target = etree.SubElement(segment, f"{{{XLIFF_2}}}target")
        target.clear()
        wanted = translations[text]
        pc = source.find("x:pc", X)
        if pc is not None and pc.text and pc.text in text and "{" in wanted:
            before, _, after = wanted.partition("{")
            inner, _, after = after.partition("}")
            target.text = before
            copy = etree.SubElement(target, pc.tag, dict(pc.attrib))
            copy.text, copy.tail = inner, after
        else:
            target.text = wanted
        segment.set("state", "translated")
        if text in notes:
            holder = unit.find("x:notes", X)
            if holder is None:
                holder = etree.Element(f"{{{XLIFF_2}}}notes")
                unit.insert(0, holder)
            etree.SubElement(holder, f"{{{XLIFF_2}}}note", category="translator").text = notes[text]
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


INCIDENCE = "The incidence of nerve root injury varies from 0.13 to 7.8 percent."
SYMPTOMS = "Numbness in just one area of the skin"


def test_translations_from_an_agency_land_checked(spanish: Path) -> None:
    """A Spanish file comes back: good translations are added (a tag moved, a note
    written); one with a changed number is kept as fuzzy, never published; the catalog
    stays in msgcat's form; exported again, the file says what came in."""
    assert localise(spanish, "export", "es").returncode == 0
    path = spanish / "xliff/es" / f"{ARTICLE}.xlf"
    links = [e for e in entries(spanish, "es").values() if e.msgid.startswith("[")
             and e.msgid.endswith(")") and e.msgid.count("](") == 1]
    labels = [e.msgid[1:e.msgid.index("](")] for e in links]
    link_unit = next(e for e, label in zip(links, labels, strict=True) if labels.count(label) == 1)
    label = link_unit.msgid[1:link_unit.msgid.index("](")]
    good = {
        "Spinal fusion surgery carries a risk of permanent nerve damage.":
            "La cirugía de fusión vertebral conlleva un riesgo de daño nervioso permanente.",
        SYMPTOMS: "Entumecimiento en una sola zona de la piel",
        label: "Fuente: {" + label + "} (en inglés)",
    }
    broken_source = INCIDENCE
    bad = "La incidencia de lesión de la raíz nerviosa varía del 0,31 al 7,8 por ciento."
    fill_targets(path, {**good, broken_source: bad}, "es",
                 {SYMPTOMS: "revisado por la Dra. López"})
    done = localise(spanish, "import", str(path.relative_to(spanish)))
    assert done.returncode == 1, done.stdout + done.stderr  # a translation failed a check
    assert "added 3, changed 0, unchanged 159, kept fuzzy 1" in done.stdout
    line = next(line for line in done.stdout.splitlines() if ": kept fuzzy" in line)
    assert line.startswith(f"xliff/es/{ARTICLE}.xlf:") and "number-changed" in line
    assert f"(source/{ARTICLE}.md:" in line and "never published while fuzzy" in line

    found = entries(spanish, "es")
    spinal = "Spinal fusion surgery carries a risk of permanent nerve damage."
    assert found[spinal].msgstr == good[spinal] and "fuzzy" not in found[spinal].flags
    assert found[SYMPTOMS].tcomment == "revisado por la Dra. López"
    assert found[link_unit.msgid].msgstr == "Fuente: " + link_unit.msgid + " (en inglés)"
    assert found[broken_source].msgstr == bad and "fuzzy" in found[broken_source].flags
    po = spanish / "locales/es/LC_MESSAGES" / f"{ARTICLE}.po"
    assert subprocess.run(["msgcat", str(po)], capture_output=True, check=True).stdout == \
        po.read_bytes()
    check = localise(spanish, "check", "--lang", "es", "--format", "json")
    assert check.returncode == 0, check.stdout  # what was published passes the checks
    imported = catalogs(spanish)
    again = localise(spanish, "import", str(path.relative_to(spanish)))
    assert again.returncode == 1 and "unchanged 162, kept fuzzy 1" in again.stdout, again.stdout
    assert catalogs(spanish) == imported  # said again, still not taken

    assert localise(spanish, "export", "es").returncode == 0
    again = etree.parse(str(path)).getroot()
    states = {"".join(u.find("x:segment/x:source", X).itertext()): u.find("x:segment", X).get(
        "state") for u in again.iterfind(".//x:unit", X)}
    assert states[spinal] == "translated" and states[broken_source] == "initial"
    # the round trip is stable: importing the new export changes nothing
    before = catalogs(spanish)
    assert localise(spanish, "import", str(path.relative_to(spanish))).returncode == 0
    assert catalogs(spanish) == before


def test_an_error_never_replaces_a_translation(project_dir: Path) -> None:
    assert localise(project_dir, "export", "tr", "--version", "1.2").returncode == 0
    path = project_dir / "xliff/tr" / f"{ARTICLE}.xlf"
    before = entries(project_dir, "tr")[INCIDENCE].msgstr
    text = path.read_text("utf-8")
    assert "%0,13" in before
    path.write_text(text.replace(before, before.replace("%0,13", "%0,31")), "utf-8")
    done = localise(project_dir, "import", str(path))
    assert done.returncode == 1
    assert ": refused (source/" in done.stdout and "number-changed" in done.stdout
    assert "the catalog keeps its current translation" in done.stdout
    assert entries(project_dir, "tr")[INCIDENCE].msgstr == before


def test_a_unit_whose_english_changed_since_the_export_becomes_fuzzy(project_dir: Path) -> None:
    """The English of two units changes while the agency works, and ``update`` runs: the
    translation of the old English lands as fuzzy on the new one (with the old English
    as #| msgid), except where a translator already reviewed the new one."""
    assert localise(project_dir, "export", "de").returncode == 0
    path = project_dir / "xliff/de" / f"{ARTICLE}.xlf"
    fill_targets(path, {INCIDENCE: "Die Häufigkeit liegt zwischen 0,13 und 7,8 Prozent.",
                        SYMPTOMS: "Taubheit in nur einem Hautbereich"}, "de", {})
    source = project_dir / "source" / f"{ARTICLE}.md"
    text = source.read_text("utf-8")
    source.write_text(text.replace(INCIDENCE, INCIDENCE.replace("varies", "ranges")).replace(
        SYMPTOMS, SYMPTOMS + " or limb"), "utf-8")
    assert localise(project_dir, "update").returncode == 0
    new_symptoms = SYMPTOMS + " or limb"
    catalog_path = project_dir / "locales/de/LC_MESSAGES" / f"{ARTICLE}.po"
    catalog = polib.pofile(str(catalog_path))
    reviewed = catalog.find(new_symptoms)
    reviewed.msgstr, reviewed.flags, reviewed.previous_msgid = "Taubheit (geprüft)", [], None
    catalog.save(str(catalog_path))
    subprocess.run(["msgcat", "-o", str(catalog_path), str(catalog_path)], check=True)

    done = localise(project_dir, "import", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "fuzzy: English changed 1" in done.stdout and "refused 1" in done.stdout
    changed = entries(project_dir, "de")[INCIDENCE.replace("varies", "ranges")]
    assert changed.msgstr == "Die Häufigkeit liegt zwischen 0,13 und 7,8 Prozent."
    assert "fuzzy" in changed.flags and changed.previous_msgid == INCIDENCE
    assert entries(project_dir, "de")[new_symptoms].msgstr == "Taubheit (geprüft)"
    assert "already has a reviewed translation of the new English" in done.stdout


def test_a_bad_file_changes_no_catalog(spanish: Path, tmp_path: Path) -> None:
    assert localise(spanish, "export", "tr").returncode == 0
    good = spanish / "xliff/tr" / f"{ARTICLE}.xlf"
    fill_targets(good, {SYMPTOMS: "Ciltte tek bir bölgede uyuşukluk"}, "tr", {})
    before = catalogs(spanish)
    cases = {
        "broken.xlf": b"<xliff version='2.0'>\n<file>",
        "escape.xlf": good.read_bytes().replace(f'original="{ARTICLE}"'.encode(),
                                                b'original="../../../etc/passwd"'),
        "klingon.xlf": good.read_bytes().replace(b'trgLang="tr"', b'trgLang="tlh"'),
        "no-catalog.xlf": good.read_bytes().replace(b'trgLang="tr"', b'trgLang="pt-BR"'),
        "source.xlf": good.read_bytes().replace(b'srcLang="en"', b'srcLang="de"'),
    }
    for name, data in cases.items():
        bad = tmp_path / name
        bad.write_bytes(data)
        done = localise(spanish, "import", str(good), str(bad))
        assert done.returncode == 2, (name, done.stdout, done.stderr)
        assert f"{bad}:" in done.stderr and "Traceback" not in done.stderr, (name, done.stderr)
        assert catalogs(spanish) == before, name
    missing = localise(spanish, "import", "nowhere.xlf")
    assert missing.returncode == 2 and "nowhere.xlf: file not found" in missing.stderr


def test_a_1_2_file_from_a_cat_tool_imports(spanish: Path) -> None:
    """1.2 as memoQ and Trados return it: a state per target, segment markers."""
    assert localise(spanish, "export", "es", "--version", "1.2").returncode == 0
    path = spanish / "xliff/es" / f"{ARTICLE}.xlf"
    root = etree.parse(str(path)).getroot()
    ns = {"x": XLIFF_1}
    for unit in root.iterfind(".//x:trans-unit", ns):
        if "".join(unit.find("x:source", ns).itertext()) == SYMPTOMS:
            target = etree.Element(f"{{{XLIFF_1}}}target", state="signed-off")
            mark = etree.SubElement(target, f"{{{XLIFF_1}}}mrk", mtype="seg", mid="1")
            mark.text = "Entumecimiento en una sola zona de la piel"
            unit.insert(1, target)
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    done = localise(spanish, "import", str(path))
    assert done.returncode == 0 and "added 1," in done.stdout, done.stdout + done.stderr
    entry = entries(spanish, "es")[SYMPTOMS]
    assert entry.msgstr == "Entumecimiento en una sola zona de la piel" and not entry.fuzzy


def test_a_character_xml_cannot_carry_is_named_at_its_line(project_dir: Path) -> None:
    path = project_dir / "locales/tr/LC_MESSAGES" / f"{ARTICLE}.po"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    number = next(index for index, line in enumerate(lines) if line.startswith('msgstr "')
                  and index > 20)
    lines[number] = lines[number].replace('msgstr "', 'msgstr "\x01', 1)
    path.write_text("".join(lines), "utf-8")
    done = localise(project_dir, "export", "tr")
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"locales/tr/LC_MESSAGES/{ARTICLE}.po:{number + 1}: a control character (U+0001)" \
        in done.stderr and "Traceback" not in done.stderr


def test_a_docs_tree_goes_out_and_comes_back_by_page(tmp_path: Path) -> None:
    """A user's docs tree: pages in folders are catalogs in folders, and so are their XLIFF
    files; a language named as gettext spells it (sr@latin) travels in BCP 47 (sr-Latn)
    and comes back to its own folder."""
    root = tmp_path / "docs-repo"
    (root / "docs/guide").mkdir(parents=True)
    (root / "localise.toml").write_text('source = "docs"\nlanguages = ["sr@latin"]\n', "utf-8")
    (root / "docs/index.md").write_text("# Welcome\n\nRead the **guide**.\n", "utf-8")
    (root / "docs/guide/install.md").write_text(
        "# Install\n\nTake [the form](https://x.org/form) to desk 3.\n", "utf-8")
    for args in (("extract",), ("init", "sr@latin"), ("export", "sr@latin")):
        done = localise(root, *args)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    path = root / "xliff/sr@latin/guide/install.xlf"
    document = etree.parse(str(path)).getroot()
    assert document.get("trgLang") == "sr-Latn"
    assert document.find("x:file", X).get("original") == "guide/install"
    before = catalogs(root)
    assert localise(root, "import", str(path)).returncode == 0 and catalogs(root) == before
    fill_targets(path, {"Install": "Instalacija",
                        "Take the form to desk 3.": "Odnesite {obrazac} na šalter 3."},
                 "sr-Latn", {})
    done = localise(root, "import", str(path))
    assert done.returncode == 0 and "added 2" in done.stdout, done.stdout + done.stderr
    found = entries(root, "sr@latin", "guide/install")
    assert found["Install"].msgstr == "Instalacija"
    assert found["Take [the form](https://x.org/form) to desk 3."].msgstr == \
        "Odnesite [obrazac](https://x.org/form) na šalter 3."
