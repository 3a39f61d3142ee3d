"""Extraction: the template holds every sentence of the seed once, in msgcat's own form."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import polib
import pytest

from pipeline.article import parse_article, read_article
from pipeline.checks import parse_inline
from pipeline.config import load_project
from pipeline.errors import LocaliseError
from pipeline.extract import build_template, write_templates
from pipeline.pofile import format_po
from pipeline.segment import plain_text

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).parent / "fixtures" / "seed-article.txt"
ARTICLE = ROOT / "source" / "spinal-fusion-nerve-damage.md"


def seed_pieces() -> list[tuple[str, str]]:
    """Every piece of text of the seed: (text, "unit") must equal one unit's text exactly;
    (url, "link") must be the target of exactly one unit."""
    pieces = []
    for line in SEED.read_text("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("Last Updated on") or set(line) <= set("|-"):
            continue
        line = line.removeprefix("- ")
        if line.startswith("|"):
            pieces.extend((cell.strip(), "unit") for cell in line.strip("|").split("|"))
        elif " : http" in line:
            name, url = line.split(" : ")
            pieces.extend([(name, "unit"), (url, "link")])
        else:
            pieces.append((line, "unit"))
    return pieces


def test_every_sentence_of_the_seed_stands_in_exactly_one_msgid() -> None:
    article = read_article(ARTICLE, "source/spinal-fusion-nerve-damage.md")
    template = build_template(article)
    texts = [plain_text(parse_inline(entry.msgid)) for entry in template]
    pieces = seed_pieces()
    assert len(pieces) > 150
    for piece, kind in pieces:
        if kind == "unit":
            holders = [text for text in texts if text == piece]
            if not holders:  # a reference name shared by two links is one text, two units
                holders = [text for text in texts if piece in text]
        else:
            holders = [entry.msgid for entry in template if f"]({piece})" in entry.msgid]
        assert holders, piece
        assert len(holders) == 1 or len(set(holders)) == 1 and kind == "unit", (piece, holders)
    sentences = [s for text, _ in pieces for s in re.split(r"(?<=[.?!])\s+", text)]
    for sentence in sentences:
        assert sum(sentence in entry.msgid for entry in template) >= 1, sentence
    assert article.meta.updated.isoformat() == "2025-11-18"
    assert article.meta.author == "Ugurkan Demir"


def test_entries_say_what_they_are_and_which_numbers_to_keep() -> None:
    article = read_article(ARTICLE, "source/spinal-fusion-nerve-damage.md")
    template = build_template(article)
    cell = template.find("0.13% – 1.5%")
    assert cell.comment == "table cell, row 1, column 2\nnumbers: 0.13%, 1.5%"
    assert cell.occurrences == [("source/spinal-fusion-nerve-damage.md", "70")]
    first = template[2]
    assert first.comment == "paragraph\nnumbers: 0.13%, 7.8%"
    assert template[0].comment == "front matter: title"


def test_identical_text_is_one_entry_with_several_references(tmp_path: Path) -> None:
    text = ("---\ntitle: T\ndescription: D\nupdated: 2025-11-18\nauthor: A\n---\n\n"
            "## FAQ\n\nSee a doctor.\n\n- See a doctor.\n")
    template = build_template(parse_article(text, "source/t.md"))
    entry = template.find("See a doctor.")
    assert entry.occurrences == [("source/t.md", "10"), ("source/t.md", "12")]
    assert entry.comment == "paragraph\nlist item"


def test_extract_is_idempotent_msgcat_canonical_and_msgfmt_clean(project_dir: Path) -> None:
    project = load_project(project_dir)
    for path in project.templates_dir.glob("*.pot"):
        path.unlink()
    first = write_templates(project)
    assert first and all(result.changed for result in first)
    stamp = {path: path.stat().st_mtime_ns for path in project.templates_dir.glob("*.pot")}
    time.sleep(0.01)
    second = write_templates(project)
    assert not any(result.changed for result in second)
    assert {path: path.stat().st_mtime_ns for path in project.templates_dir.glob("*.pot")} == stamp
    for path in project.templates_dir.glob("*.pot"):
        canonical = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
        assert canonical == path.read_bytes(), path
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_shipped_templates_are_up_to_date() -> None:
    project = load_project(ROOT)
    for path in project.source_paths():
        article = read_article(path, project.display(path))
        assert format_po(build_template(article)) == \
            project.template_path(article.slug).read_text("utf-8"), "run localise extract"


def test_missing_source_folder_is_a_clear_error(project_dir: Path) -> None:
    import shutil

    shutil.rmtree(project_dir / "source")
    with pytest.raises(LocaliseError, match="source folder not found"):
        write_templates(load_project(project_dir))


def test_non_utf8_source_names_the_line(project_dir: Path) -> None:
    bad = project_dir / "source" / "latin1.md"
    bad.write_bytes(b"---\ntitle: T\ndescription: D\nupdated: 2025-11-18\nauthor: A\n---\n\nCaf\xe9\n")
    from pipeline.article import read_sources

    project = load_project(project_dir)
    (error,) = read_sources(project).errors  # the others are read: one bad file stops nothing
    assert error.path == "source/latin1.md" and error.line == 8
    assert {result.path for result in write_templates(project)} >= {
        "locales/templates/spinal-fusion-nerve-damage.pot"}


def test_numbers_note_lists_ranges_and_percent() -> None:
    article = read_article(ARTICLE, "source/spinal-fusion-nerve-damage.md")
    notes = [e.comment for e in build_template(article) if "About 20-30%" in e.msgid]
    assert notes == ["list item\nnumbers: 20%, 30%, 10"]
    assert re.search(r"POT-Creation-Date: 2025-11-18", format_po(build_template(article)))
    assert isinstance(build_template(article), polib.POFile)


def test_a_long_templates_notes_made_by_workers_are_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long article's notes are read by forked workers: the template must be the one
    made in one process, and what msgcat writes for it."""
    import pipeline.extract

    article = read_article(ARTICLE, "source/spinal-fusion-nerve-damage.md")
    alone = build_template(article)
    monkeypatch.setattr(pipeline.extract, "PARALLEL_TOKENS", 10)  # 163 units: forked workers
    monkeypatch.setattr(pipeline.extract, "NOTES_BATCH", 20)  # several batches and a last one
    by_workers = build_template(read_article(ARTICLE, "source/spinal-fusion-nerve-damage.md"))
    assert format_po(by_workers) == format_po(alone)
    assert [entry.comment for entry in by_workers] == [entry.comment for entry in alone]
    assert sum("numbers: " in entry.comment for entry in by_workers) >= 10
    assert format_po(by_workers) == ROOT.joinpath(
        "locales/templates/spinal-fusion-nerve-damage.pot").read_text("utf-8")
