"""Bad input over every command, through the real CLI (``python -m pipeline``).

Each case asserts what PRODUCT.md "Bad input" promises: the documented exit code (2 for
input that cannot be read or a usage error, 1 for content findings), a message naming the
file and line (``path:LINE``; the path alone where the problem is the whole file: missing,
a folder, a broken link), no traceback, and not one input byte changed (except the files
the command exists to rewrite). ``build`` counts an unreadable catalog as an error finding
(``catalog-invalid``): the language is blocked, the others publish, exit 1.

Then the security half: a translation never puts HTML, script or a foreign link on a page,
even when forced past the checks, and a language code never becomes a path outside
``locales/`` or ``site/``.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from tests_support import clone

from pipeline.errors import LocaliseError
from pipeline.pofile import format_po, msgstr_line, read_po

ARTICLE = "spinal-fusion-nerve-damage"
SOURCE = f"source/{ARTICLE}.md"
TR = f"locales/tr/LC_MESSAGES/{ARTICLE}.po"
TR_SITE = "locales/tr/LC_MESSAGES/site.po"
WORKERS = max(2, os.cpu_count() or 2)

# --- helpers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One command on its own copy of the project: its result and the inputs around it."""

    args: tuple[str, ...]
    project: Path
    returncode: int
    stdout: str
    stderr: str
    before: dict[str, bytes]
    after: dict[str, bytes]

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def changed(self) -> set[str]:
        return {name for name in self.before.keys() | self.after.keys()
                if self.before.get(name) != self.after.get(name)}


def localise(project: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real command line, as a user runs it in the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=project, capture_output=True,
        text=True, errors="replace", check=False, timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", "LOCALISE_DEBUG": ""},
    )


def inputs(project: Path) -> dict[str, bytes]:
    """Every byte the user owns: settings, sources, catalogs, templates, glossaries."""
    files = {"pyproject.toml": (project / "pyproject.toml").read_bytes()}
    for folder in ("source", "locales"):
        for path in sorted((project / folder).rglob("*")) if (project / folder).is_dir() else ():
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(project).as_posix()] = path.read_bytes()
    return files


def run(project: Path, *args: str) -> Run:
    before = inputs(project)
    done = localise(project, *args)
    return Run(tuple(args), project, done.returncode, done.stdout, done.stderr, before,
               inputs(project))


def on_copies(
    base: Path, where: Path, mutate: Callable[[Path], object], commands: Iterable[tuple[str, ...]]
) -> dict[tuple[str, ...], Run]:
    """Each command on a fresh copy of ``base`` changed by ``mutate``, two at a time."""
    commands = list(commands)
    projects = []
    for number, _ in enumerate(commands):
        project = clone(base, where / f"run{number}")
        mutate(project)
        projects.append(project)
    with ThreadPoolExecutor(WORKERS) as pool:
        runs = list(pool.map(lambda pair: run(pair[0], *pair[1]), zip(projects, commands, strict=True)))
    return dict(zip(map(tuple, commands), runs, strict=True))


def assert_no_traceback(result: Run | subprocess.CompletedProcess[str]) -> None:
    text = result.stdout + result.stderr
    assert "Traceback" not in text, text[-3000:]
    assert "internal error" not in text, text[-3000:]


def located(text: str, path: str) -> list[int]:
    """The lines at which ``text`` names ``path`` (``path:LINE``)."""
    return [int(n) for n in re.findall(rf"(?:^|[\s(]){re.escape(path)}:(\d+)\b", text, re.M)]


def assert_names_line(result: Run, path: str) -> list[int]:
    lines = located(result.output, path)
    assert lines and all(line >= 1 for line in lines), (
        f"{result.args}: no {path}:LINE in the output:\n{result.output[-3000:]}")
    return lines


def assert_untouched(result: Run, allowed: Callable[[str], bool] = lambda name: False) -> None:
    wrongly = sorted(name for name in result.changed if not allowed(name))
    assert not wrongly, f"{result.args} changed {wrongly}"


def is_template(name: str) -> bool:
    return name.startswith("locales/templates/") and name.endswith(".pot")


def is_catalog(name: str) -> bool:
    return "/LC_MESSAGES/" in name and name.endswith(".po")


REWRITES: dict[str, Callable[[str], bool]] = {
    "check": lambda name: False,
    "status": lambda name: False,
    "extract": is_template,
    "build": is_template,
    "update": lambda name: is_template(name) or is_catalog(name),
    "init": lambda name: False,  # creates files, never changes one
}


def assert_inputs_safe(result: Run) -> None:
    """Failed commands change nothing; others only what they exist to rewrite."""
    command = result.args[0]
    if result.returncode == 2 or command in ("check", "status"):
        assert_untouched(result)
    else:
        assert_untouched(result, REWRITES[command])
    if command == "init":
        assert set(result.before) <= set(result.after)


def translations(data: bytes) -> dict[tuple[str | None, str], str]:
    po = read_po(data, "x.po")
    return {(entry.msgctxt, entry.msgid): entry.msgstr for entry in po if entry.msgstr}


def assert_nothing_lost(old: bytes, new: bytes) -> None:
    """Every translation of the old catalog is still in the new one (as it was)."""
    kept = set(translations(new).values())
    lost = [text for text in translations(old).values() if text not in kept]
    assert not lost, lost[:3]


def set_translation(path: Path, msgid_start: str, msgstr: str) -> int:
    """Give the entry whose msgid starts so a new translation; return its msgstr line."""
    po = read_po(path.read_bytes(), path.name)
    entry = next(entry for entry in po if entry.msgid.startswith(msgid_start))
    entry.msgstr = msgstr
    path.write_text(format_po(po), "utf-8")
    again = read_po(path.read_bytes(), path.name)
    return msgstr_line(next(e for e in again if e.msgid == entry.msgid))


def catalog_bytes(project: Path) -> bytes:
    return (project / TR).read_bytes()


# --- catalogs -----------------------------------------------------------------------

CATALOG_COMMANDS = {
    "check": ("check", "--lang", "tr"),
    "check FILE": ("check", TR),
    "status": ("status", "--lang", "tr"),
    "update": ("update", "--lang", "tr"),
    "build": ("build", "--lang", "tr", "--no-pdf"),
}


def _rewrite(transform: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / TR
        path.write_bytes(transform(path.read_bytes()))
    return mutate


def _insert_line(data: bytes, line: int, text: bytes) -> bytes:
    lines = data.split(b"\n")
    return b"\n".join([*lines[: line - 1], text, *lines[line - 1 :]])


def _second_translation(data: bytes) -> bytes:
    """The title's entry again, with another translation (msgfmt: duplicate definition)."""
    return data + ('\nmsgid "Permanent Nerve Damage After Spinal Fusion Surgery"\n'
                   'msgstr "BAŞKA BİR ÇEVİRİ"\n').encode()


def _lying_utf8(data: bytes) -> bytes:
    """Windows-1254 bytes under a header that says UTF-8."""
    return data.decode("utf-8").encode("cp1254")


def _lying_latin1(data: bytes) -> bytes:
    """UTF-8 bytes under a header that says ISO-8859-1: read as declared, all garbled."""
    return data.replace(b"charset=UTF-8", b"charset=ISO-8859-1")


def _honest_cp1254(data: bytes) -> bytes:
    """A catalog as a Windows tool may save it: Windows-1254, and the header says so."""
    return data.decode("utf-8").replace("charset=UTF-8", "charset=CP1254").encode("cp1254")


def _no_plural_forms(data: bytes) -> bytes:
    return b"\n".join(line for line in data.split(b"\n") if b"Plural-Forms" not in line)


def _mixed_endings(data: bytes) -> bytes:
    lines = data.split(b"\n")
    return b"".join(line + (b"\r\n" if number % 3 else b"\n") for number, line in
                    enumerate(lines[:-1])) + lines[-1]


# case: (mutation, {command: exit code}, the line the messages must name)
# An unreadable catalog is exit 2 for every command but build, where it is an error finding
# (catalog-invalid) that blocks the language: build publishes the others and exits 1.
UNREADABLE = {"check": 2, "check FILE": 2, "status": 2, "update": 2, "build": 1}
FINE = {"check": 0, "check FILE": 0, "status": 0, "update": 0, "build": 0}
CATALOG_CASES: dict[str, tuple[Callable[[bytes], bytes], dict[str, int],
                               int | Callable[[bytes], int] | None]] = {
    "syntax error": (lambda data: _insert_line(data, 120, b"this line is not PO"), UNREADABLE, 120),
    "unclosed string": (lambda data: _insert_line(data, 120, b'msgid "no end'), UNREADABLE, 120),
    "NUL byte in a translation": (lambda data: data.replace(
        "msgstr \"Spinal Füzyon Ameliyatı Nedir?\"".encode(),
        b'msgstr "Spinal\x00 F\x01zyon Ameliyat\x7f Nedir?"'), UNREADABLE, 124),
    "binary junk": (lambda data: bytes(random.Random(7).randrange(256) for _ in range(4000)),
                    UNREADABLE, None),
    "Latin bytes, header says UTF-8": (_lying_utf8, UNREADABLE, 23),
    "UTF-8 bytes, header says ISO-8859-1": (_lying_latin1, UNREADABLE, 15),
    "duplicate entry": (_second_translation, {"check": 1, "check FILE": 1, "status": 0,
                                              "update": 2, "build": 1},
                        lambda data: data.count(b"\n") + 2),  # the second msgid
    # no header: check FILE takes the language from the tr/LC_MESSAGES folder and reports
    # the missing header (exit 1, as check); update may rewrite it (there is nothing to
    # lose); the checks block the language
    "empty file (0 bytes)": (lambda data: b"", {"check": 1, "check FILE": 1, "status": 0,
                                                "update": 0, "build": 1}, 1),
    "honest Windows-1254": (_honest_cp1254, FINE, None),
    # a BOM: msgfmt --check rejects it (a syntax error at line 1), so check and build do;
    # the catalog is still read whole, and update rewrites it without the BOM
    "UTF-8 BOM": (lambda data: b"\xef\xbb\xbf" + data, {"check": 1, "check FILE": 1,
                                                        "status": 0, "update": 0, "build": 1}, 1),
    "CRLF": (lambda data: data.replace(b"\n", b"\r\n"), FINE, None),
    "mixed line endings": (_mixed_endings, FINE, None),
    "no Plural-Forms": (_no_plural_forms, FINE, None),
}


@pytest.mark.parametrize("case", CATALOG_CASES)
def test_bad_catalog(case: str, project_dir: Path, tmp_path: Path) -> None:
    transform, exits, line = CATALOG_CASES[case]
    original = catalog_bytes(project_dir)
    line = line(original) if callable(line) else line
    mutated = transform(original)
    runs = on_copies(project_dir, tmp_path, _rewrite(transform), CATALOG_COMMANDS.values())
    for label, (args, result) in zip(CATALOG_COMMANDS, runs.items(), strict=True):
        command = args[0]
        assert_no_traceback(result)
        assert result.returncode == exits[label], (args, result.output[-2000:])
        assert_inputs_safe(result)
        if result.returncode:
            lines = assert_names_line(result, TR)
            if line is not None:
                assert line in lines, (args, lines)
        if command == "update" and result.returncode == 0:
            new = catalog_bytes(result.project)
            if mutated:
                assert_nothing_lost(mutated, new)
            assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(result.project / TR)],
                                  capture_output=True).returncode == 0
        if command == "build":
            page = result.project / "site" / "tr" / ARTICLE / "index.html"
            assert page.exists() == (result.returncode == 0), result.output[-2000:]
            assert (result.project / "site" / "en" / ARTICLE / "index.html").exists()


@pytest.mark.parametrize("case", ["syntax error", "binary junk", "empty file (0 bytes)"])
def test_extract_and_init_leave_a_broken_catalog_alone(case: str, project_dir: Path,
                                                       tmp_path: Path) -> None:
    """The two commands that do not read catalogs: extract succeeds, init refuses to
    overwrite (exit 2, naming the catalog), and neither touches it."""
    transform = CATALOG_CASES[case][0]
    runs = on_copies(project_dir, tmp_path, _rewrite(transform), [("extract",), ("init", "tr")])
    extract, init = runs[("extract",)], runs[("init", "tr")]
    for result in (extract, init):
        assert_no_traceback(result)
        assert_inputs_safe(result)
    assert extract.returncode == 0
    assert init.returncode == 2 and "init never overwrites" in init.stderr
    assert re.search(r"error: locales/tr/LC_MESSAGES/[a-z-]+\.po: ", init.stderr), init.stderr


def test_update_converts_a_windows_1254_catalog_to_utf8_without_garbling(
        project_dir: Path) -> None:
    """Regression: update wrote UTF-8 bytes under the old CP1254 header (every non-ASCII
    letter garbled, worse at each run, and msgfmt rejected the file). Now the catalog
    becomes UTF-8 and says so, as msgmerge does with a UTF-8 template."""
    path = project_dir / TR
    utf8 = path.read_bytes()
    path.write_bytes(_honest_cp1254(utf8))
    (project_dir / SOURCE).write_text((project_dir / SOURCE).read_text("utf-8")
                                      + "\nOne more sentence.\n", "utf-8")
    done = localise(project_dir, "update", "--lang", "tr")
    assert done.returncode == 0, done.stderr
    converted = path.read_bytes()
    assert b"charset=UTF-8" in converted
    assert translations(converted).items() >= translations(utf8).items()
    assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)]).returncode == 0
    assert localise(project_dir, "update", "--lang", "tr").returncode == 0
    assert path.read_bytes() == converted


def test_update_keeps_the_header_of_a_catalog_without_entries(project_dir: Path) -> None:
    """Regression: a catalog holding only its header counted as missing, and update
    replaced the translator's header (Last-Translator, Language-Team) by placeholders."""
    path = project_dir / TR
    header = path.read_text("utf-8").split("\n\n")[0] + "\n"
    path.write_text(header.replace("Language-Team: ", "Language-Team: Ekip Ayşe, "), "utf-8")
    done = localise(project_dir, "update", "--lang", "tr")
    assert done.returncode == 0, done.stderr
    merged = read_po(path.read_bytes(), TR)
    assert merged.metadata["Language-Team"].startswith("Ekip Ayşe, ")
    assert merged.metadata["Last-Translator"] == read_po(header.encode(), TR).metadata[
        "Last-Translator"]
    assert len(merged) > 100


def test_update_refuses_duplicate_entries_instead_of_dropping_a_translation(
        project_dir: Path) -> None:
    """Regression: update merged a duplicated entry and silently kept only the last one."""
    path = project_dir / TR
    path.write_bytes(_second_translation(path.read_bytes()))
    before = path.read_bytes()
    done = localise(project_dir, "update")
    assert done.returncode == 2
    assert re.search(rf"{re.escape(TR)}:\d+: duplicate message definition \(first definition "
                     r"at line \d+\)", done.stderr), done.stderr
    assert path.read_bytes() == before


# --- a real catalog truncated at 40 offsets -------------------------------------------

OFFSETS = 40


def truncation_offsets(size: int) -> list[int]:
    """One cut in each fortieth of the file, at a seeded random byte (mid-string, mid-char)."""
    rng = random.Random(20251125)
    return [rng.randrange(size * slot // OFFSETS, size * (slot + 1) // OFFSETS)
            for slot in range(OFFSETS)]


def readable(data: bytes) -> bool:
    try:
        read_po(data, "cut.po")
    except LocaliseError:
        return False
    return True


def test_truncated_catalogs_through_check(project_dir: Path, tmp_path: Path) -> None:
    """All 40 cuts in one ``localise check FILE...``: every unreadable one is reported at a
    line inside it, the readable ones are checked, nothing crashes."""
    data = catalog_bytes(project_dir)
    folder = tmp_path / "cut"
    folder.mkdir()
    paths = []
    for number, offset in enumerate(truncation_offsets(len(data))):
        path = folder / f"cut{number:02d}-at-{offset}.po"
        path.write_bytes(data[:offset])
        paths.append(path)
    done = localise(project_dir, "check", "--lang", "tr", "--format", "json", *map(str, paths))
    assert_no_traceback(done)
    report = json.loads(done.stdout)
    unreadable = set(report["summary"]["unreadable"])
    assert done.returncode == (2 if unreadable else 1 if report["summary"]["errors"] else 0)
    for path in paths:
        cut = path.read_bytes()
        assert (str(path) in unreadable) == (not readable(cut)), path.name
        if str(path) in unreadable:
            lines = [f["line"] for f in report["findings"]
                     if f["file"] == str(path) and f["id"] == "catalog-invalid"]
            assert lines and all(1 <= line <= cut.count(b"\n") + 1 for line in lines), path.name
    assert len(unreadable) >= OFFSETS // 2  # most cuts fall inside an entry


def test_truncated_catalog_in_the_project(project_dir: Path, tmp_path: Path) -> None:
    """The same 40 cuts inside the project under ``update`` (the command that rewrites
    catalogs), and every eighth under ``status`` and ``build`` too: exit 2 (build: 1, the
    language blocked) naming a line inside the cut file, or success; never a changed input,
    never a lost translation."""
    data = catalog_bytes(project_dir)
    cuts = [(offset, ("update", "--lang", "tr")) for offset in truncation_offsets(len(data))]
    cuts += [(offset, command) for offset in truncation_offsets(len(data))[3::8]
             for command in (("status", "--lang", "tr"), ("build", "--lang", "tr", "--no-pdf"))]
    offsets = [offset for offset, _ in cuts]
    commands = [command for _, command in cuts]
    projects = []
    for number, offset in enumerate(offsets):
        project = clone(project_dir, tmp_path / f"cut{number:02d}")
        (project / TR).write_bytes(data[:offset])
        projects.append(project)
    with ThreadPoolExecutor(WORKERS) as pool:
        runs = list(pool.map(lambda pair: run(pair[0], *pair[1]), zip(projects, commands, strict=True)))
    for offset, result in zip(offsets, runs, strict=True):
        cut = data[:offset]
        ok = readable(cut)
        assert_no_traceback(result)
        command = result.args[0]
        if command == "build":
            assert result.returncode in ((0, 1) if ok else (1,)), (offset, result.output[-1500:])
        elif command == "check":
            assert result.returncode in ((0, 1) if ok else (2,)), (offset, result.output[-1500:])
        else:
            assert result.returncode == (0 if ok else 2), (offset, result.output[-1500:])
        if result.returncode:
            assert all(line <= cut.count(b"\n") + 1 for line in assert_names_line(result, TR))
        assert_inputs_safe(result)
        if command == "update" and ok:
            assert_nothing_lost(cut, catalog_bytes(result.project))


# --- language codes -----------------------------------------------------------------

# A NUL cannot travel in argv (the OS refuses it), so "tr\x00" is tested where it can
# arrive: a catalog header and the settings (below); on the command line, "tr\x01".
BAD_CODES = ["../x", "/etc", "tr\x01", "xx", "TR ", "", "tr/../../etc"]
CODE_COMMANDS = (("init",), ("update", "--lang"), ("status", "--lang"), ("check", "--lang"),
                 ("build", "--no-pdf", "--lang"))


def tree(root: Path) -> set[str]:
    """Every path under ``root`` (the commands' lock file lives in the user's cache)."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*")}


@pytest.mark.parametrize("code", BAD_CODES, ids=repr)
def test_bad_language_codes_on_the_command_line(code: str, project_dir: Path,
                                                tmp_path: Path) -> None:
    commands = [(*command, code) for command in CODE_COMMANDS]
    runs = on_copies(project_dir, tmp_path / "runs", lambda project: None, commands)
    for args, result in runs.items():
        assert_no_traceback(result)
        assert result.returncode == 2, (args, result.output)
        assert "error:" in result.stderr and "language code" in result.stderr, result.stderr
        assert_untouched(result)
    # nothing was created anywhere: not under the project, not beside it, not above it
    for result in runs.values():
        assert tree(result.project) == tree(project_dir), result.args
    assert not (tmp_path / "x").exists() and not (tmp_path / "runs" / "x").exists()


@pytest.mark.parametrize("code", ["../x", "tr\x00", "/etc", "tr/../x"], ids=repr)
def test_bad_language_code_in_a_catalog_header(code: str, project_dir: Path) -> None:
    path = project_dir / TR
    path.write_bytes(path.read_bytes().replace(b'"Language: tr\\n"',
                                               f'"Language: {code}\\n"'.encode()))
    before = inputs(project_dir)
    done = localise(project_dir, "check", TR)
    assert_no_traceback(done)
    assert done.returncode == 2, done.stdout + done.stderr
    assert located(done.stdout + done.stderr, TR), done.stdout + done.stderr
    assert inputs(project_dir) == before


@pytest.mark.parametrize("code", ["xx", "udm", "sr@latin"])
def test_a_catalog_header_naming_a_language_cldr_lacks_is_checked(code: str,
                                                                   project_dir: Path) -> None:
    """A header's language is never refused for its name: sr@latin is read as CLDR's
    sr_Latn; a language CLDR lacks (udm, or a test code like xx) is checked with the
    language-independent rules and root notation, with one locale-unknown warning."""
    path = project_dir / TR
    path.write_bytes(path.read_bytes().replace(b'"Language: tr\\n"',
                                               f'"Language: {code}\\n"'.encode()))
    before = inputs(project_dir)
    done = localise(project_dir, "check", TR)
    assert_no_traceback(done)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    warnings = re.findall(rf"^{re.escape(TR)}:1: warning\[locale-unknown\]: .*", done.stdout, re.M)
    assert len(warnings) == (0 if code == "sr@latin" else 1), done.stdout[-3000:]
    assert inputs(project_dir) == before


@pytest.mark.parametrize("code", ["../x", "tr\\u0000", "xx"])
def test_bad_language_code_in_the_settings(code: str, project_dir: Path, tmp_path: Path) -> None:
    def mutate(project: Path) -> None:
        settings = project / "pyproject.toml"
        settings.write_text(settings.read_text("utf-8").replace(
            'languages = ["tr",', f'languages = ["{code}", "tr",'), "utf-8")
    commands = [("extract",), ("init", "it"), ("update",), ("check",), ("status",),
                ("build", "--no-pdf")]
    for args, result in on_copies(project_dir, tmp_path, mutate, commands).items():
        assert_no_traceback(result)
        assert result.returncode == 2, (args, result.output)
        assert "pyproject.toml" in result.stderr
        assert_untouched(result)
        assert not (result.project / "site").exists()


@pytest.mark.parametrize("name", ["xx", "TR ", "..x", "tr.bak"])
def test_a_stray_language_folder_is_named_not_followed(name: str, project_dir: Path,
                                                       tmp_path: Path) -> None:
    def mutate(project: Path) -> None:
        folder = project / "locales" / name / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / f"{ARTICLE}.po").write_bytes((project / TR).read_bytes())
    commands = [("update",), ("check",), ("status",)]
    for args, result in on_copies(project_dir, tmp_path, mutate, commands).items():
        assert_no_traceback(result)
        if args == ("status",):
            assert result.returncode == 2 or result.returncode == 0
        else:
            assert result.returncode == 2, (args, result.output)
        if result.returncode == 2:
            assert f"locales/{name}" in result.stderr or "language code" in result.stderr
        assert_untouched(result)


# --- sources ------------------------------------------------------------------------

ALL_COMMANDS = (("extract",), ("init", "it"), ("update",), ("check",), ("status",),
                ("build", "--no-pdf"))


def _article(text: bytes) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        (project / SOURCE).write_bytes(text)
    return mutate


def _non_utf8(project: Path) -> None:
    path = project / SOURCE
    lines = path.read_bytes().split(b"\n")
    lines[7] = lines[7].replace(b"spinal", "sp\xeenal".encode("latin-1"), 1)
    path.write_bytes(b"\n".join(lines))


def _front_matter(body: str) -> bytes:
    return f"---\n{body}---\n\n# Heading\n\nText.\n".encode()


# case: (mutation, the line the messages must name; None: a whole-file problem, no line)
SOURCE_CASES: dict[str, tuple[Callable[[Path], object], int | None]] = {
    "front matter is invalid YAML": (_article(_front_matter(
        'title: "unclosed\ndescription: [1, 2\n')), 3),
    "front matter with an unquoted colon": (_article(_front_matter(
        "title: Surgery: what to expect\n")), 2),
    "front matter date is no date": (_article(_front_matter("updated: next spring\n")), 2),
    "non-UTF-8 article": (_non_utf8, 8),
    "article is a folder": (lambda project: ((project / SOURCE).unlink(),
                                             (project / SOURCE).mkdir()), None),
    "article is a broken link": (lambda project: ((project / SOURCE).unlink(),
                                                  (project / SOURCE).symlink_to("gone.md")), None),
}
OTHER = "source/preparing-for-spine-surgery.md"


def _what_may_change(args: tuple[str, ...]) -> Callable[[str], bool]:
    """The one article that cannot be read stops nothing else: ``init`` starts the others'
    catalogs, ``build`` publishes their pages; nothing of the broken one changes."""
    broken = Path(SOURCE).stem
    if args[0] == "init":
        return lambda name: name.startswith("locales/it/") and broken not in name
    return lambda name: False


@pytest.mark.parametrize("case", SOURCE_CASES)
def test_bad_source(case: str, project_dir: Path, tmp_path: Path) -> None:
    mutate, line = SOURCE_CASES[case]
    for args, result in on_copies(project_dir, tmp_path, mutate, ALL_COMMANDS).items():
        assert_no_traceback(result)
        assert result.returncode == 2, (args, result.output)
        said = result.stderr + result.stdout  # check reports on stdout, as compilers do
        if line is None:  # a broken link is named by the file it points to
            assert re.search(rf"({re.escape(SOURCE)}|source/gone\.md)(:1)?: ", said), (args, said)
        else:
            assert line in located(said, SOURCE), (args, said)
        assert_untouched(result, _what_may_change(args))
        site = result.project / "site"
        if args[0] == "build":  # the other article is published, the broken one is not
            other = Path(OTHER).stem
            assert (site / "tr" / other / "index.html").is_file()
            assert not (site / "tr" / Path(SOURCE).stem).exists()
        else:
            assert not site.exists()


@pytest.mark.parametrize("front_matter", [
    b"# A heading\n\nA paragraph.\n",  # none at all: the title is the heading
    _front_matter("title: Only a title\n"),  # only some fields
    _front_matter("- title\n- description\n"),  # no mapping: a rule, a list, a rule
])
def test_front_matter_is_optional(front_matter: bytes, project_dir: Path, tmp_path: Path) -> None:
    runs = on_copies(project_dir, tmp_path, _article(front_matter),
                     [("extract",), ("build", "--no-pdf")])
    for args, result in runs.items():
        assert_no_traceback(result)
        assert result.returncode in (0, 1), (args, result.output)  # 1: the English changed
    page = (runs[("build", "--no-pdf")].project / "site" / "en" / Path(SOURCE).stem / "index.html")
    assert page.read_text("utf-8").count("<h1") == 1


def test_missing_source_folder(project_dir: Path, tmp_path: Path) -> None:
    def mutate(project: Path) -> None:
        for path in (project / "source").iterdir():
            path.unlink()
        (project / "source").rmdir()
    for args, result in on_copies(project_dir, tmp_path, mutate, ALL_COMMANDS).items():
        assert_no_traceback(result)
        assert result.returncode == 2, (args, result.output)
        assert "source: source folder not found" in result.stderr
        assert_untouched(result)


def test_an_empty_language_header_in_a_gettext_layout_takes_the_folders(project_dir: Path) -> None:
    path = project_dir / TR
    path.write_bytes(path.read_bytes().replace(b'"Language: tr\\n"', b'"Language: \\n"'))
    done = localise(project_dir, "check", TR)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "passed: 0 error(s)" in done.stdout


def test_missing_files_given_to_check(project_dir: Path) -> None:
    for path in ("nope.po", "locales/tr/LC_MESSAGES/nope.po", "locales"):
        done = localise(project_dir, "check", path)
        assert_no_traceback(done)
        assert done.returncode == 2
        assert done.stderr.startswith(f"error: {path}: "), done.stderr


def test_a_removed_article_keeps_its_catalogs(project_dir: Path, tmp_path: Path) -> None:
    """An article deleted from source/: its translations stay untouched (nothing lost)."""
    gone = "preparing-for-spine-surgery"
    runs = on_copies(project_dir, tmp_path, lambda p: (p / "source" / f"{gone}.md").unlink(),
                     ALL_COMMANDS)
    for args, result in runs.items():
        assert_no_traceback(result)
        assert result.returncode == 0, (args, result.output)
        assert not any(gone in name for name in result.changed if name.endswith(".po")), args


def test_a_10_mb_article_extracts(project_dir: Path, record_property) -> None:
    """A generated 10 MB article (about 38,000 distinct units) goes through extract."""
    text = (project_dir / SOURCE).read_text("utf-8")
    end = text.index("\n---\n", 4) + 5
    front, body = text[:end], text[end:]
    parts, size, number = [front], len(front), 0
    while size < 10 * 2**20:
        part = f"\n## Part {number}\n\n" + re.sub(
            r"(?m)^([A-Z].*\S)$", lambda found, n=number: f"{found[1]} (part {n})", body)
        parts.append(part)
        size += len(part.encode())
        number += 1
    (project_dir / "source" / "big-article.md").write_text("".join(parts), "utf-8")
    out, err = project_dir / "out.txt", project_dir / "err.txt"
    started = time.perf_counter()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "pipeline", "extract"],
                                   cwd=project_dir, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    peak_mb = usage.ru_maxrss / 1024
    record_property("extract_10mb_seconds", round(seconds, 2))
    record_property("extract_10mb_peak_mb", round(peak_mb))
    print(f"\n10 MB article: extract {seconds:.1f} s, peak {peak_mb:.0f} MB")
    assert process.returncode == 0, err.read_text()
    assert "Traceback" not in err.read_text()
    assert re.search(r"wrote\s+locales/templates/big-article\.pot\s+\(\d{5} units\)",
                     out.read_text()), out.read_text()
    template = read_po((project_dir / "locales/templates/big-article.pot").read_bytes(), "big")
    assert len(template) > 30_000
    assert seconds < 120 and peak_mb < 2048


# --- content findings (exit 1) and what reaches the page ------------------------------

def plain_headings(path: Path) -> list[str]:
    """Headings without numbers or links, where a planted finding is the only one."""
    po = read_po(path.read_bytes(), path.name)
    return [entry.msgid for entry in po if entry.msgstr and "heading" in entry.comment
            and not re.search(r"[0-9\[\]]", entry.msgid)]


def references(path: Path, name: str) -> str:
    po = read_po(path.read_bytes(), path.name)
    return next(entry.msgid for entry in po if entry.msgid.startswith(f"[{name}]("))


def test_content_findings_exit_1_and_block_the_language(project_dir: Path,
                                                         tmp_path: Path) -> None:
    """Seven planted defects in one catalog, each at its own entry: check (project and
    file) and build report each as an error at its msgstr line, exit 1; build blocks the
    language and no page anywhere carries the injected markup."""
    path = project_dir / TR
    first, second, third = plain_headings(path)[:3]
    planted = {  # msgid: (translation, finding id; None: any error)
        "Research shows that up to 14.97 percent": (
            "Araştırmalar, hastaların %4,97’sine varan bir bölümünde kronik ağrı görüldüğünü, "
            "yaklaşık yüzde 40’ının 10 yıl sonra da ağrı çektiğini gösteriyor.", "number-changed"),
        first: ("<script>alert('x')</script> Başlık", "raw-html"),
        second: ('<img src=x onerror="alert(1)"> Başlık', "raw-html"),
        third: ("**Kalın** başlık", "markup-mismatch"),
        references(path, "Premia Spine"): ("[Premia Spine](javascript:alert(1))", None),
        references(path, "Neurosurgery One"): ("[Neurosurgery One](https://evil.example/phish)",
                                               "url-changed"),
        references(path, "Spine.MD"): ("[Spine.MD(https://www.spine.md/insights/permanent-"
                                        "restrictions-after-spinal-fusion)", "markup-mismatch"),
    }
    lines = {msgid: set_translation(path, msgid, text) for msgid, (text, _) in planted.items()}
    runs = on_copies(project_dir, tmp_path, lambda project: None,
                     [("check",), ("check", TR), ("build", "--no-pdf")])
    for args, result in runs.items():
        assert_no_traceback(result)
        assert result.returncode == 1, (args, result.output[-2000:])
        errors = set(re.findall(rf"^{re.escape(TR)}:(\d+): error\[([a-z-]+)\]", result.stdout,
                                re.M))
        for msgid, (_, finding) in planted.items():
            at_line = {found for line, found in errors if int(line) == lines[msgid]}
            assert at_line and (finding is None or finding in at_line), (args, msgid, errors)
        assert_inputs_safe(result)
        if args[0] == "build":
            assert "not published: tr" in result.stdout
            assert not (result.project / "site" / "tr").exists()
            for page in (result.project / "site").rglob("*.html"):
                assert_safe_html(page.read_text("utf-8"))


def test_unclosed_emphasis_stays_text(project_dir: Path) -> None:
    """A stray ``**`` where the source has no emphasis is text, not markup: no error, and
    the page shows the asterisks inside an unchanged structure."""
    heading = plain_headings(project_dir / TR)[0]
    set_translation(project_dir / TR, heading, "**Spinal füzyon nedir?")
    done = localise(project_dir, "build", "--lang", "tr", "--no-pdf")
    assert_no_traceback(done)
    assert done.returncode == 0, done.stdout
    page = lxml.html.parse(str(project_dir / "site/tr" / ARTICLE / "index.html")).getroot()
    assert "**Spinal füzyon nedir?" in [h.text_content() for h in page.xpath("//h2|//h3")]
    assert not page.xpath("//strong|//em")


def test_a_blocked_language_keeps_its_previous_pages(project_dir: Path) -> None:
    assert localise(project_dir, "build", "--no-pdf").returncode == 0
    page = project_dir / "site" / "tr" / ARTICLE / "index.html"
    published = page.read_bytes()
    set_translation(project_dir / TR, "Research shows that up to 14.97",
                    "<script>alert('x')</script> %14,97 %40 10")
    (project_dir / SOURCE).write_text((project_dir / SOURCE).read_text("utf-8")
                                      + "\nOne more sentence.\n", "utf-8")
    done = localise(project_dir, "build", "--no-pdf")
    assert_no_traceback(done)
    assert done.returncode == 1 and "not published: tr" in done.stdout
    assert page.read_bytes() == published
    assert "One more sentence." in (project_dir / "site/de" / ARTICLE / "index.html").read_text()
    for path in (project_dir / "site").rglob("*.html"):
        assert_safe_html(path.read_text("utf-8"))


def test_an_unreadable_catalog_blocks_only_its_language(project_dir: Path) -> None:
    """Regression: a broken catalog of a published language made build fail as a whole
    (exit 2, no language published) while writing the indexes."""
    assert localise(project_dir, "build", "--no-pdf").returncode == 0
    page = project_dir / "site" / "tr" / ARTICLE / "index.html"
    published = page.read_bytes()
    data = catalog_bytes(project_dir)
    (project_dir / TR).write_bytes(data[: data.index(b"%14,97")])  # inside a string
    (project_dir / SOURCE).write_text((project_dir / SOURCE).read_text("utf-8")
                                      + "\nOne more sentence.\n", "utf-8")
    done = localise(project_dir, "build", "--no-pdf")
    assert_no_traceback(done)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(rf"^{re.escape(TR)}:\d+: error\[catalog-invalid\]", done.stdout, re.M)
    assert page.read_bytes() == published
    for lang in ("en", "de", "ru", "ar", "fa"):
        assert "One more sentence." in (project_dir / "site" / lang / ARTICLE /
                                        "index.html").read_text("utf-8")


# --- security: what a translation can put on a page ---------------------------------

SCRIPTS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:alert(1))",
    "![tracking pixel](https://evil.example/pixel.png)",
    "[x](  javascript:alert(1)  )",
    "[x](java&#115;cript:alert(1))",
    "<javascript:alert(1)>",
    "[x](https://evil.example/)",
    "<https://evil.example/>",
    '<iframe src="https://evil.example/"></iframe>',
    "</p><script>alert(1)</script><p>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "**unclosed strong",
    "a | b | c",
    "`code` with <b>bold</b>",
]


def force_render(project_dir: Path, translations: dict[str, str],
                 site_strings: dict[str, str] | None = None, lang: str = "tr") -> str:
    """Publish translations straight through assemble and render, past every check."""
    from pipeline.addresses import address
    from pipeline.article import read_article
    from pipeline.assemble import assemble
    from pipeline.config import load_project
    from pipeline.languages import parse_language
    from pipeline.render import digits_system, render_article_page
    from pipeline.site import article_languages, page_url

    place = address(ARTICLE)
    project = load_project(project_dir)
    article = read_article(project_dir / SOURCE, SOURCE)
    assembled = assemble(article, translations,
                         rtl=parse_language(lang).text_direction == "rtl",
                         url_map=project.url_map.get(lang, {}), source_lang="en")
    return render_article_page(
        article=article, assembled=assembled, lang=lang, site_strings=site_strings or {},
        languages=article_languages(project.base_url, place, ("en", *project.languages), lang),
        organisation=project.organisation, canonical=page_url(project.base_url, lang, place),
        source_lang="en", system=digits_system(lang, list(translations.values())), place=place,
    )


def hrefs(document) -> list[str]:
    return [value for element in document.iter() if isinstance(element.tag, str)
            for name, value in element.attrib.items() if name in ("href", "src", "action")]


def assert_safe_html(html: str) -> None:
    """No script, frame or plugin element, no on* attribute, no script or data URL, and
    no link or image to a host the sources do not have."""
    document = lxml.html.document_fromstring(html)
    assert not document.xpath("//script"), "a <script> element on the page"
    assert not document.xpath("//iframe|//svg|//object|//embed|//form")
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for name in element.attrib:
            assert not name.lower().startswith("on"), f"{name}= attribute on <{element.tag}>"
    for target in hrefs(document):
        assert not target.strip().lower().startswith(("javascript:", "data:", "vbscript:")), target
        assert "evil.example" not in target, target


def all_units(project_dir: Path) -> list[str]:
    from pipeline.article import read_article
    from pipeline.segment import segment

    return [unit.msgid for unit in segment(read_article(project_dir / SOURCE, SOURCE))]


def test_templates_autoescape() -> None:
    from pipeline.render import TEMPLATES, environment, translator

    env = environment()
    for name in sorted(path.name for path in TEMPLATES.iterdir() if path.suffix == ".html"):
        template = env.get_template(name)
        assert env.autoescape is True or env.autoescape(name), name
        assert template is not None
    assert env.from_string("{{ x }}").render(x="<script>") == "&lt;script&gt;"
    assert str(translator({"Hi": "<b>x</b> %(n)s"})("Hi", n="<i>")) == (
        "&lt;b&gt;x&lt;/b&gt; &lt;i&gt;")


@pytest.mark.parametrize("payload", SCRIPTS)
def test_forced_translation_never_injects_html_script_or_links(payload: str,
                                                               project_dir: Path) -> None:
    """Every unit (title, description, headings, cells, list items, references) translated
    as the payload, and every site string too: the page holds none of it as markup."""
    units = all_units(project_dir)
    translations = {msgid: f"{payload} {msgid}" for msgid in units}
    site = read_po((project_dir / TR_SITE).read_bytes(), TR_SITE)
    strings = {entry.msgid: f"{payload} {entry.msgstr}" for entry in site}
    html = force_render(project_dir, translations, strings)
    assert_safe_html(html)
    document = lxml.html.document_fromstring(html)
    english = lxml.html.document_fromstring(force_render(project_dir, {}))
    for structure in ("//table", "//tr", "//th", "//td", "//h2", "//h3", "//li", "//blockquote"):
        assert len(document.xpath(structure)) == len(english.xpath(structure)), structure
    assert document.xpath("//title")[0].text_content().startswith(payload)


def test_links_come_from_the_source_or_the_url_map(project_dir: Path) -> None:
    source = "https://premiaspine.com/10-years-after-spinal-fusion-studies-and-research"
    mapped = "https://premiaspine.example/tr/10-yil"
    settings = project_dir / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8") + f'\n[tool.localise.url-map.tr]\n"{source}" = "{mapped}"\n', "utf-8")
    msgid = next(unit for unit in all_units(project_dir) if source in unit)
    for target, allowed in ((mapped, True), (source, True), ("https://evil.example/x", False),
                            ("https://premiaspine.com/other", False)):
        html = force_render(project_dir, {msgid: f"[Premia Spine]({target})"})
        found = hrefs(lxml.html.document_fromstring(html))
        assert (target in found) == allowed, (target, allowed)
        assert_safe_html(html)
        line = set_translation(project_dir / TR, msgid, f"[Premia Spine]({target})")
        done = localise(project_dir, "check", "--lang", "tr")
        assert_no_traceback(done)
        if allowed:
            assert done.returncode == 0, done.stdout[-2000:]
        else:
            assert done.returncode == 1
            assert f"{TR}:{line}: error[url-changed]" in done.stdout


def test_a_pipe_in_a_table_cell_cannot_break_the_table(project_dir: Path) -> None:
    cell = "Non-neurological adverse effects"
    line = set_translation(project_dir / TR, cell, "Nörolojik | olmayan | yan etkiler")
    done = localise(project_dir, "check", "--lang", "tr")
    assert_no_traceback(done)
    assert done.returncode in (0, 1)
    assert not re.search(rf"^{re.escape(TR)}:{line}: error", done.stdout, re.M)
    assert localise(project_dir, "build", "--lang", "tr", "--no-pdf").returncode == 0
    page = lxml.html.parse(str(project_dir / "site/tr" / ARTICLE / "index.html")).getroot()
    english = lxml.html.parse(str(project_dir / "site/en" / ARTICLE / "index.html")).getroot()
    assert [len(row.xpath("th|td")) for row in page.xpath("//tr")] == [
        len(row.xpath("th|td")) for row in english.xpath("//tr")]
    assert any("Nörolojik | olmayan | yan etkiler" in cell.text_content()
               for cell in page.xpath("//td|//th"))


def test_check_lang_must_be_a_language(project_dir: Path) -> None:
    """Regression: ``check --lang ""`` silently checked every language."""
    for code in ("", "../x"):
        done = localise(project_dir, "check", "--lang", code)
        assert done.returncode == 2 and "is not a language code" in done.stderr
        done = localise(project_dir, "check", "--lang", code, TR)
        assert done.returncode == 2 and "is not a language code" in done.stderr


# --- settings ([tool.localise] in pyproject.toml) -------------------------------------

SETTINGS = "pyproject.toml"
README = "# A file of the user's that is neither a source nor a catalog\n"


def _setting(key: str, value: str) -> Callable[[str], str]:
    """The settings with ``key = value`` (TOML): the shipped line replaced, or one added."""
    def edit(text: str) -> str:
        line = f"{key} = {value}"
        shipped = re.compile(rf"^{re.escape(key)} = .*$", re.M)
        if shipped.search(text):
            return shipped.sub(lambda _: line, text, count=1)
        return text.replace("[tool.localise]\n", f"[tool.localise]\n{line}\n", 1)
    return edit


def _appended(toml: str) -> Callable[[str], str]:
    return lambda text: text + toml


def line_of(text: str, start: str) -> int:
    """The first line of ``text`` that starts with ``start``."""
    return next(number for number, line in enumerate(text.splitlines(), 1)
                if line.startswith(start))


# case: (edit of the settings' text, the start of the line the message must name, a
# fragment of the message). README.md stands for any file of the user's in the project.
SETTINGS_CASES: dict[str, tuple[Callable[[str], str], str, str]] = {
    "site is a file": (_setting("site", '"README.md"'), "site =", "is a file"),
    "site is the settings file": (_setting("site", '"pyproject.toml"'), "site =", "is a file"),
    "site inside a file": (_setting("site", '"README.md/site"'), "site =", "is a file"),
    "site is not a path": (_setting("site", '"si\\u0000te"'), "site =", "is not a path"),
    "site is the project": (_setting("site", '"."'), "site =", "the project folder"),
    "site is the project, spelled as a path": (_setting("site", '"source/.."'), "site =",
                                               "the project folder"),
    "site is empty": (_setting("site", '""'), "site =", "the project folder"),
    "site is the sources": (_setting("site", '"source"'), "site =", "source"),
    "site is the catalogs": (_setting("site", '"locales"'), "site =", "locales"),
    "site inside the catalogs": (_setting("site", '"locales/tr"'), "site =", "locales"),
    "site holds the catalogs": (lambda text: _setting("locales", '"out/locales"')(
        _setting("site", '"out"')(text)), "site =", "locales"),
    "sources are the catalogs": (_setting("source", '"locales"'), "source =", "locales"),
    "sources are the project": (_setting("source", '"."'), "source =", "README.md"),
    "sources inside the catalogs": (_setting("source", '"locales/en"'), "source =", "locales"),
    "a folder is not text": (_setting("source", "5"), "source =", "must be a string"),
    "misspelt key": (_setting("protected_terms", '["MRI"]'), "protected_terms =",
                     "'protected_terms'"),
    "unknown key": (_setting("colour", '"blue"'), "colour =", "'colour'"),
    "misspelt sub-table": (_appended('\n[tool.localise.url_map.tr]\n"https://a.example/" = '
                                     '"https://a.example/tr"\n'), "[tool.localise.url_map.tr]",
                           "'url_map'"),
    "empty protected term": (_setting("protected-terms", '["MRI", ""]'), "protected-terms =",
                             "empty"),
    "blank protected term": (_setting("protected-terms", '["MRI", "  "]'), "protected-terms =",
                             "empty"),
    "protected term not text": (_setting("protected-terms", '["MRI", 5]'), "protected-terms =",
                                "list of strings"),
    "unknown source language": (_setting("source-language", '"xx"'), "source-language =",
                                "unknown language code 'xx'"),
    "path-like source language": (_setting("source-language", '"../en"'), "source-language =",
                                  "is not a language code"),
    "unknown published language": (_setting("languages", '["tr", "xx"]'), "languages =",
                                   "unknown language code 'xx'"),
    "source language published": (_setting("languages", '["tr", "en", "de"]'), "languages =",
                                  "languages lists the source language 'en'"),
    "source language published, as another spelling": (
        _setting("languages", '["tr", "EN"]'), "languages =", "the source language 'en'"),
    "organisation not text": (_setting("organisation", '["Liv", "Hospital"]'),
                              "organisation =", "must be a string"),
    "url-map language unknown": (_appended('\n[tool.localise.url-map.xx]\n"https://a.example/"'
                                           ' = "https://a.example/xx"\n'),
                                 "[tool.localise.url-map.xx]", "unknown language code 'xx'"),
    "url-map target not text": (_appended('\n[tool.localise.url-map.tr]\n"https://a.example/"'
                                          ' = 5\n'), "[tool.localise.url-map.tr]", "url-map"),
    "invalid TOML": (_setting("organisation", '"Liv Hospital'), "organisation =", "invalid TOML"),
    "numbers in words neither error nor warning": (_setting("numbers-in-words", '"ignore"'),
                                                   "numbers-in-words =", "error, warning"),
    "translated Markdown into the sources": (_setting("markdown-out", '"source"'),
                                             "markdown-out =", "holds the source folder"),
    "translated Markdown inside the sources": (_setting("markdown-out", '"source/tr"'),
                                               "markdown-out =", "inside the source folder"),
    "translated Markdown inside the site": (_setting("markdown-out", '"site/md"'),
                                            "markdown-out =", "inside the site folder"),
    "translated Markdown is the project": (_setting("markdown-out", '"."'),
                                               "markdown-out =", "the project folder"),
    "markdown neither true nor false": (_setting("markdown", '"yes"'), "markdown =",
                                        "true or false"),
}


def _settings_case(edit: Callable[[str], str]) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        (project / "README.md").write_text(README, "utf-8")
        settings = project / SETTINGS
        settings.write_text(edit(settings.read_text("utf-8")), "utf-8")
    return mutate


@pytest.mark.parametrize("case", SETTINGS_CASES)
def test_bad_settings(case: str, project_dir: Path, tmp_path: Path) -> None:
    """Regression: a site that is a file was replaced by the site folder (exit 0, the file
    left only in a hidden staging copy) and one that is the sources or catalogs published
    into them; a misspelt key was ignored (``protected_terms`` turned the check off); a
    blank protected term failed every entry; and settings errors named no line. Now each
    is exit 2 at the line of its key, before anything is written."""
    edit, start, fragment = SETTINGS_CASES[case]
    for args, result in on_copies(project_dir, tmp_path, _settings_case(edit),
                                  [("check",), ("build", "--no-pdf")]).items():
        assert_no_traceback(result)
        assert result.returncode == 2, (args, result.output[-2000:])
        expected = line_of((result.project / SETTINGS).read_text("utf-8"), start)
        assert expected in assert_names_line(result, SETTINGS), (args, result.stderr)
        assert fragment in result.stderr, (args, result.stderr)
        assert_untouched(result)
        assert (result.project / "README.md").read_text("utf-8") == README
        assert not (result.project / "site").exists()
        assert not list(result.project.glob(".*staging*"))


def test_a_misspelt_setting_suggests_the_known_key(project_dir: Path) -> None:
    _settings_case(_setting("protected_terms", '["MRI"]'))(project_dir)
    done = localise(project_dir, "check")
    assert done.returncode == 2
    assert "hint: did you mean 'protected-terms'?" in done.stderr, done.stderr


def test_a_site_folder_of_its_own_builds_again_and_again(project_dir: Path) -> None:
    """The checks above refuse only what overlaps: a site folder elsewhere in the project,
    and the same folder holding a previous build, are fine."""
    _settings_case(_setting("site", '"public/site"'))(project_dir)
    before = inputs(project_dir)
    for _ in range(2):
        done = localise(project_dir, "build", "--no-pdf")
        assert done.returncode == 0, done.stdout + done.stderr
        assert (project_dir / "public/site/index.html").is_file()
    assert inputs(project_dir).keys() >= before.keys()
    assert (project_dir / "README.md").read_text("utf-8") == README


def test_a_docs_folder_may_hold_the_catalogs_and_the_site(project_dir: Path) -> None:
    """Articles are read from their own folder alone, so a Sphinx-like layout (docs/ with
    docs/locales and docs/_site in it) is safe and builds; only overlaps that the site's
    exchange or the catalogs' language folders would break are refused."""
    import shutil

    docs = project_dir / "docs"
    shutil.move(project_dir / "source", docs)
    shutil.move(project_dir / "locales", docs / "locales")
    _settings_case(lambda text: _setting("site", '"docs/_site"')(_setting(
        "locales", '"docs/locales"')(_setting("source", '"docs"')(text))))(project_dir)
    for _ in range(2):
        done = localise(project_dir, "build", "--no-pdf")
        assert done.returncode == 0, done.stdout + done.stderr
    assert (docs / "_site" / "tr" / "spinal-fusion-nerve-damage" / "index.html").is_file()
    assert (docs / "spinal-fusion-nerve-damage.md").is_file()


# --- glossaries ----------------------------------------------------------------------

GLOSSARY = "locales/de/glossary.csv"


@pytest.mark.parametrize(("text", "line"), [
    ('source,target,note\nnerve,"Nerv,note\nroot,Wurzel,x\n', 2),
    ('source,target,note\nspine,Wirbelsäule,\nnerve,"Nerv\nroot",x\n', 3),
], ids=["unclosed quote", "target spans lines"])
def test_a_glossary_with_a_broken_row_is_named_at_its_line(text: str, line: int,
                                                           project_dir: Path) -> None:
    """Regression: an unclosed quote swallowed the rest of the glossary into one target and
    the rows after it were silently dropped."""
    (project_dir / GLOSSARY).write_text(text, "utf-8")
    result = run(project_dir, "check", "--lang", "de")
    assert_no_traceback(result)
    assert result.returncode == 2, result.output[-2000:]
    assert assert_names_line(result, GLOSSARY) == [line], result.stderr
    assert "hint:" in result.stderr
    assert_untouched(result)
