"""``localise status`` as a team reads it: the terminal table, a pull-request comment in
Markdown, JSON for CI; a blocked language is blocked, and deleted articles' files listed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ARTICLE = "spinal-fusion-nerve-damage"
OTHER = "preparing-for-spine-surgery"


def localise(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True,
                          text=True, check=False, env={**os.environ, "NO_COLOR": "1"})


def plant_number_error(project: Path, lang: str) -> None:
    path = project / "locales" / lang / "LC_MESSAGES" / f"{ARTICLE}.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid.startswith("Research shows that up to 14.97"))
    entry.msgstr = entry.msgstr.replace("14,97", "4,97")
    catalog.save(str(path))


def markdown_rows(text: str) -> list[list[str]]:
    """The cells of every table row of a Markdown text."""
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.startswith("|")]


def test_a_blocked_language_shows_as_blocked_in_every_form(project_dir: Path) -> None:
    """Regression: German with a changed number read "100.0%" in status, yet the build
    publishes none of it. Each form now says blocked, with the error count and the
    command that lists them; the other languages stay as they were."""
    plant_number_error(project_dir, "de")
    text = localise("status", cwd=project_dir)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    german_total = lines[lines.index(next(line for line in lines if line.startswith("de "))) + 3]
    assert german_total.split()[0] == "all" and "%" not in german_total
    assert "blocked: 1 error (localise check --lang de)" in german_total
    assert sum("published" in line for line in lines) == 4

    status = json.loads(localise("status", "--format", "json", cwd=project_dir).stdout)
    german = next(row for row in status["languages"] if row["language"] == "de")
    assert (german["blocked"], german["errors"], german["published"]) == (True, 1, True)
    assert [row["language"] for row in status["languages"] if row["blocked"]] == ["de"]

    table = markdown_rows(localise("status", "--format", "markdown", cwd=project_dir).stdout)
    header, rule, *rows = table[:7]
    assert len({len(row) for row in table[:7]}) == 1 and set("".join(rule)) <= set("-:")
    by_lang = {row[0].strip("`"): dict(zip(header, row, strict=True)) for row in rows}
    assert by_lang["de"]["state"].startswith("**blocked: 1 error")
    assert by_lang["de"]["complete"] == "—" and by_lang["tr"]["complete"] == "100.0 %"
    assert by_lang["tr"]["state"] == "published"


def test_an_unpublished_language_says_so(project_dir: Path) -> None:
    assert localise("init", "es", cwd=project_dir).returncode == 0
    status = json.loads(localise("status", "--format", "json", "--lang", "es",
                                 cwd=project_dir).stdout)
    (spanish,) = status["languages"]
    assert (spanish["published"], spanish["blocked"], spanish["percent"]) == (False, False, 0.0)
    text = localise("status", "--lang", "es", cwd=project_dir).stdout
    assert "0.0%  not published (not in the settings' languages)" in text


def test_files_of_a_deleted_article_are_named_for_removal(project_dir: Path) -> None:
    """Regression: deleting an article left its template and every language's catalog
    behind, silently skipped by status and check; translators went on translating them."""
    (project_dir / "source" / f"{OTHER}.md").unlink()
    expected = [f"locales/templates/{OTHER}.pot"] + [
        f"locales/{lang}/LC_MESSAGES/{OTHER}.po" for lang in ("ar", "de", "fa", "ru", "tr")]
    status = json.loads(localise("status", "--format", "json", cwd=project_dir).stdout)
    assert status["orphaned"] == expected
    assert all(OTHER not in [c["catalog"] for c in row["catalogs"]] for row in status["languages"])
    text = localise("status", cwd=project_dir).stdout
    assert text.splitlines()[-len(expected):] == [f"  {path}" for path in expected]
    assert "remove them, or restore the article" in text
    markdown = localise("status", "--format", "markdown", cwd=project_dir).stdout
    assert all(f"- `{path}`" in markdown for path in expected)

    check = localise("check", "--format", "json", cwd=project_dir)
    assert check.returncode == 0, check.stdout  # a warning: nothing wrong is published
    orphans = [f for f in json.loads(check.stdout)["findings"] if f["id"] == "orphaned"]
    assert [f["file"] for f in orphans] == expected
    assert all(f["severity"] == "warning" and f"git rm {f['file']}" in f["message"]
               for f in orphans)
    only_turkish = localise("check", "--lang", "tr", cwd=project_dir).stdout
    assert f"locales/tr/LC_MESSAGES/{OTHER}.po:1: warning[orphaned]" in only_turkish
    assert f"locales/de/LC_MESSAGES/{OTHER}.po" not in only_turkish
