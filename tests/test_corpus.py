"""``localise check`` on 200 real catalogs from other projects (corpus/po-wild).

tests/test_pofile.py compares ``pofile.check_po`` with msgfmt; this file tests the command
on top of it: ``check FILE --lang L`` (the run layer that reads, falls back to msgfmt-style
problems for unreadable files, checks entries, and the report layer that prints them) gets
through every file without a traceback, and its ``catalog-invalid`` verdict agrees with
``msgfmt --check`` on every file. The one allowed difference is a file whose only problem
is a UTF-8 byte order mark (msgfmt rejects it, we accept it). Every file goes through the
library entry point of the command (``checks.run.check_files``) and the report formats; a
sample of 20 goes through the real command line too.
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
from pipeline.languages import parse_language
from pipeline.pofile import read_po
from pipeline.report import format_json, format_sarif, format_text

CORPUS = Path(os.environ.get("LOCALISE_PO_CORPUS", "/work/shared/corpus/po-wild"))
FILES = sorted(CORPUS.glob("*.po"))
BOM = b"\xef\xbb\xbf"
CLI_SAMPLE = FILES[::10]  # 20 files, spread over the sorted names (every source project)


@cache
def manifest() -> dict[str, dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


def known(code: str) -> bool:
    try:
        parse_language(code)
    except LocaliseError:
        return False
    return True


def language_of(path: Path) -> str:
    """The header's Language, else the manifest's, else en (each only if CLDR knows it:
    ``sr@latin``, ``zh_TW.Big5`` or ``xx`` would stop the command before any check)."""
    try:
        header = read_po(path.read_bytes(), path.name).metadata.get("Language", "").strip()
    except LocaliseError:
        header = ""
    for code in (header, manifest()[path.name]["language"].strip()):
        if code and known(code):
            return code
    return "en"


@cache
def msgfmt_accepts(path: Path) -> bool:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt must be installed (apt-get install gettext)"
    done = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True)
    return done.returncode == 0


def invalid(findings) -> bool:
    return any(finding.id == "catalog-invalid" for finding in findings)


def allowed_difference(path: Path, tmp_path: Path) -> bool:
    """msgfmt rejects the file only for its byte order mark."""
    data = path.read_bytes()
    if not data.startswith(BOM):
        return False
    stripped = tmp_path / path.name
    stripped.write_bytes(data[len(BOM):])
    return msgfmt_accepts(stripped)


def test_the_corpus_is_there() -> None:
    assert len(FILES) == 200, f"expected the 200 po-wild catalogs in {CORPUS}"
    assert set(manifest()) == {path.name for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_check_agrees_with_msgfmt(path: Path, tmp_path: Path) -> None:
    report = check_files([path], language_of(path), None)  # raises only LocaliseError
    assert report.files == (str(path),)
    verdict = invalid(report.findings)
    if verdict != (not msgfmt_accepts(path)):
        assert verdict is False and allowed_difference(path, tmp_path), (
            "catalog-invalid verdict differs from msgfmt --check",
            [finding.message for finding in report.findings if finding.id == "catalog-invalid"])
    if report.unreadable:  # unreadable means catalog-invalid findings, each with a line
        assert report.unreadable == (str(path),) and verdict
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
    """20 files through ``localise check FILE --lang L``, outside any project: exit 2 for
    an unreadable file, 1 for errors, 0 otherwise; the catalog-invalid verdict is msgfmt's;
    each error is a ``FILE:LINE: error[id]`` line, as many as the library finds; no
    traceback; the file untouched."""
    assert len(CLI_SAMPLE) == 20
    before = {path: path.read_bytes() for path in CLI_SAMPLE}

    def one(path: Path) -> subprocess.CompletedProcess[str]:
        return localise("check", str(path), "--lang", language_of(path), cwd=tmp_path)

    with ThreadPoolExecutor(max(2, os.cpu_count() or 2)) as pool:
        results = list(pool.map(one, CLI_SAMPLE))
    for path, done in zip(CLI_SAMPLE, results, strict=True):
        assert "Traceback" not in done.stdout + done.stderr, path.name
        assert "internal error" not in done.stderr, (path.name, done.stderr)
        report = check_files([path], language_of(path), None)
        expected = 2 if report.unreadable else 1 if report.errors else 0
        assert done.returncode == expected, (path.name, done.stderr)
        errors = [line for line in done.stdout.splitlines() if "error[" in line]
        assert len(errors) == report.errors, path.name
        assert all(re.match(rf"{re.escape(str(path))}:\d+: error\[[a-z-]+\]: ", line)
                   for line in errors), errors[:3]
        rejected = any("error[catalog-invalid]" in line for line in errors)
        if rejected == msgfmt_accepts(path):
            assert not rejected and allowed_difference(path, tmp_path), path.name
        assert path.read_bytes() == before[path]


def test_unknown_header_languages_are_a_usage_error_naming_the_file(tmp_path: Path) -> None:
    """Catalogs whose Language CLDR does not know (``xx``, ``sr@latin``) cannot be checked
    without --lang: exit 2, ``FILE:1``, and a hint (the close CLDR codes); reported as a
    finding, so that other files given with them are still checked."""
    unknown = []
    for path in FILES:
        try:
            code = read_po(path.read_bytes(), path.name).metadata.get("Language", "").strip()
        except LocaliseError:
            continue
        if code and not known(code):
            unknown.append(path)
    assert unknown, "the corpus has catalogs with non-CLDR languages (xx, sr@latin)"
    for path in unknown:
        done = localise("check", str(path), cwd=tmp_path)
        assert done.returncode == 2, (path.name, done.stdout)
        assert re.search(rf"^{re.escape(str(path))}:1: error\[catalog-invalid\]: .+ "
                         r"\((did you mean|use a CLDR code|pass the language)", done.stdout, re.M), \
            done.stdout
        assert "Traceback" not in done.stderr

