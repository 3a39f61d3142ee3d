"""``localise check`` on 200 real catalogs from other projects (corpus/po-wild).

tests/test_pofile.py compares ``pofile.check_po`` with msgfmt; this file tests the command
on top of it, as a user runs it on someone else's catalogs: ``check FILE`` with no
``--lang`` (the run layer that reads, takes the language from the header, reads every name
gettext and CLDR use, falls back to msgfmt-style problems for unreadable files, checks
entries, and the report layer that prints them) gets through every file without a
traceback, refuses none for its language name, and its ``catalog-invalid`` verdict is
``msgfmt --check``'s on every file, without exception. Every file goes through the library
entry point of the command (``checks.run.check_files``) and the report formats; a sample of
20 goes through the real command line too.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest

from pipeline.checks import Severity
from pipeline.checks.run import check_files
from pipeline.errors import LocaliseError
from pipeline.findings import Report
from pipeline.languages import cldr_knows
from pipeline.pofile import read_po
from pipeline.report import format_json, format_sarif, format_text

CORPUS = Path(os.environ.get("LOCALISE_PO_CORPUS", "/work/shared/corpus/po-wild"))
FILES = sorted(CORPUS.glob("*.po"))
CLI_SAMPLE = FILES[::10]  # 20 files, spread over the sorted names (every source project)


@cache
def manifest() -> dict[str, dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


@cache
def msgfmt_accepts(path: Path) -> bool:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt must be installed (apt-get install gettext)"
    done = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True)
    return done.returncode == 0


def invalid(findings) -> bool:
    return any(finding.id == "catalog-invalid" for finding in findings)


def test_the_corpus_is_there() -> None:
    assert len(FILES) == 200, f"expected the 200 po-wild catalogs in {CORPUS}"
    assert set(manifest()) == {path.name for path in FILES}


def header_language(path: Path) -> str:
    try:
        return read_po(path.read_bytes(), path.name).metadata.get("Language", "").strip()
    except LocaliseError:
        return ""


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_check_agrees_with_msgfmt(path: Path) -> None:
    """No --lang: the verdict is msgfmt's, whatever the language name (sr@latin, cak, xx,
    zh_TW.Big5, none at all); a file is unreadable only where msgfmt rejects it too."""
    report = check_files([path], None, None)  # raises only LocaliseError
    assert report.files == (str(path),)
    assert invalid(report.findings) == (not msgfmt_accepts(path)), (
        "catalog-invalid verdict differs from msgfmt --check",
        [finding.message for finding in report.findings if finding.id == "catalog-invalid"])
    assert not any(finding.id == "catalog-unreadable" for finding in report.findings)
    if report.unreadable:  # unreadable means catalog-invalid findings, each with a line
        assert report.unreadable == (str(path),) and invalid(report.findings)
    else:  # the language is the header's; without one, a single language-unknown warning
        unknown = [f for f in report.findings if f.id == "language-unknown"]
        assert len(unknown) == (0 if header_language(path) else 1), path.name
    assert_report_layer(report, path)


def assert_report_layer(report: Report, path: Path) -> None:
    """The text report names each finding ``FILE:LINE``; json and sarif are valid JSON
    holding the same findings."""
    lines = list(format_text(report, colour=False))
    for finding in report.findings:
        assert finding.file == str(path) and finding.line >= 1
        assert finding.severity in (Severity.ERROR, Severity.WARNING)
    errors = [line for line in lines if re.match(rf"{re.escape(str(path))}:\d+: error\[", line)]
    assert len(errors) == report.errors
    data = json.loads(format_json(report))
    assert len(data["findings"]) == len(report.findings)
    assert data["summary"]["unreadable"] == list(report.unreadable)
    sarif = json.loads(format_sarif(report))
    assert sarif["version"] == "2.1.0"


def localise(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd,
                          capture_output=True, text=True, errors="replace", check=False,
                          env={**os.environ, "NO_COLOR": "1", "LOCALISE_DEBUG": ""})


def test_check_command_on_a_sample(tmp_path: Path) -> None:
    """20 files through ``localise check FILE``, outside any project: exit 2 for
    an unreadable file, 1 for errors, 0 otherwise; the catalog-invalid verdict is msgfmt's;
    each error is a ``FILE:LINE: error[id]`` line, as many as the library finds; no
    traceback; the file untouched."""
    assert len(CLI_SAMPLE) == 20
    before = {path: path.read_bytes() for path in CLI_SAMPLE}

    def one(path: Path) -> subprocess.CompletedProcess[str]:
        return localise("check", str(path), cwd=tmp_path)

    with ThreadPoolExecutor(max(2, os.cpu_count() or 2)) as pool:
        results = list(pool.map(one, CLI_SAMPLE))
    for path, done in zip(CLI_SAMPLE, results, strict=True):
        assert "Traceback" not in done.stdout + done.stderr, path.name
        assert "internal error" not in done.stderr, (path.name, done.stderr)
        report = check_files([path], None, None)
        expected = 2 if report.unreadable else 1 if report.errors else 0
        assert done.returncode == expected, (path.name, done.stderr)
        errors = [line for line in done.stdout.splitlines() if "error[" in line]
        assert len(errors) == report.errors, path.name
        assert all(re.match(rf"{re.escape(str(path))}:\d+: error\[[a-z-]+\]: ", line)
                   for line in errors), errors[:3]
        rejected = any("error[catalog-invalid]" in line for line in errors)
        assert rejected != msgfmt_accepts(path), path.name
        assert path.read_bytes() == before[path]


def test_no_catalog_is_refused_for_its_language_name(tmp_path: Path) -> None:
    """Every Language header of the corpus is read: gettext's names (sr@latin,
    ca@valencia, zh_TW.Big5) with CLDR's data, languages CLDR lacks (cak, xx) with root's
    and one locale-unknown warning naming what is not checked; exit 0 or 1, never 2."""
    names = {path: header_language(path) for path in FILES}
    odd = {path: name for path, name in names.items()
           if name and (not cldr_knows(name) or "@" in name or "." in name)}
    assert {"sr@latin", "ca@valencia", "zh_TW.Big5", "cak", "xx"} <= set(odd.values()), odd
    for path, name in odd.items():
        report = check_files([path], None, None)
        unknown = [f for f in report.findings if f.id == "locale-unknown"]
        assert len(unknown) == (0 if cldr_knows(name) else 1), (name, unknown)
        if unknown:
            assert unknown[0].line == 1 and name in unknown[0].message
    for path in [path for path, name in odd.items() if name in ("sr@latin", "cak")]:
        done = localise("check", str(path), cwd=tmp_path)
        assert done.returncode in (0, 1), (path.name, done.stdout[-2000:])
        assert "Traceback" not in done.stderr
        if names[path] == "cak":
            assert re.search(rf"^{re.escape(str(path))}:1: warning\[locale-unknown\]: CLDR has "
                             "no data for cak", done.stdout, re.M), done.stdout[-2000:]
