"""localise serve: the build's own pages, ungated, in a folder of their own (never site/),
rebuilt when an input changes, served with the findings panel; and, in a real browser, a
catalog edit on the open page within 2 s."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import polib
import pytest
from test_build import ARTICLE, outputs, plant_number_error

from pipeline.build import build
from pipeline.config import load_project
from pipeline.errors import LocaliseError
from pipeline.serve import (
    Preview,
    PreviewState,
    Watcher,
    bind,
    changed_files,
    inject,
    snapshot,
    start_serving,
    stop_serving,
    url_of,
)

BROWSER = Path(__file__).parent / "browser"
CATALOG = f"locales/tr/LC_MESSAGES/{ARTICLE}.po"


def catalog_line(path: Path, needle: str) -> int:
    """The line of the ``msgstr`` keyword of the entry whose translation holds ``needle``
    (the line a finding names), read from the file as a translator's editor shows it."""
    lines = path.read_text("utf-8").splitlines()
    at = next(number for number, line in enumerate(lines) if needle in line)
    while not lines[at].startswith("msgstr"):
        at -= 1
    return at + 1


def edited_entry(path: Path, marker: str) -> str:
    """Put ``marker`` into a plain paragraph's translation (no markup, no number) and
    save the catalog as polib does; the new translation."""
    catalog = polib.pofile(str(path))
    terms = load_project(path.parent).protected_terms
    entry = next(e for e in catalog if e.msgstr and not e.fuzzy and len(e.msgstr) > 60
                 and not re.search(r"[\d*_\[\]`<>\"'%-]", e.msgid + e.msgstr)
                 and not any(term in e.msgid for term in terms))
    words = entry.msgstr.split(" ")
    entry.msgstr = " ".join([words[0], marker, *words[1:]])
    catalog.save(str(path))
    return entry.msgstr


# -- watching ------------------------------------------------------------------------------


def test_the_inputs_of_a_build_are_watched_and_nothing_else(project_dir: Path) -> None:
    project = load_project(project_dir)
    before = snapshot(project)
    assert {"pyproject.toml", CATALOG, f"source/{ARTICLE}.md",
            "locales/tr/LC_MESSAGES/site.po"} <= before.keys()
    assert not any(path.startswith("locales/templates/") for path in before)
    edits = {
        CATALOG: "\n# a translator's note\n",
        "locales/tr/glossary.csv": "spinal fusion,omurga füzyonu,\n",
        f"source/{ARTICLE}.md": "\nOne more sentence.\n",
        "source/chart.png": "not really a picture",
        "pyproject.toml": "\n",
    }
    ignored = {  # templates are extract's, not the build's; editors' own files
        f"locales/templates/{ARTICLE}.pot": "\n",
        f"locales/tr/LC_MESSAGES/.{ARTICLE}.po.swp": "swap",
        f"locales/tr/LC_MESSAGES/{ARTICLE}.po~": "backup",
        "site/en/index.html": "published",
    }
    for path, text in {**edits, **ignored}.items():
        (project_dir / path).parent.mkdir(parents=True, exist_ok=True)
        append(project_dir / path, text)
    assert changed_files(before, snapshot(project)) == tuple(sorted(edits))


def test_the_watcher_waits_for_a_change_and_for_the_changes_to_stop(project_dir: Path) -> None:
    """A save arriving in three writes (an editor, or update rewriting catalogs) is one
    rebuild, reported once with every file it touched."""
    project = load_project(project_dir)
    writes: Iterator[Callable[[], None]] = iter([
        lambda: None,  # a look that finds nothing
        lambda: append(project_dir / CATALOG, "\n"),
        lambda: append(project_dir / "locales/de/glossary.csv", "a,b,\n"),
        lambda: append(project_dir / CATALOG, "\n"),
    ])
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        next(writes, lambda: None)()

    watcher = Watcher(project, sleep=sleep)
    assert watcher.wait() == ("locales/de/glossary.csv", CATALOG)
    assert len(sleeps) == 5  # two looks to see it, two while it changes, one still
    writes = iter([lambda: (project_dir / CATALOG).unlink()])
    assert watcher.wait() == (CATALOG,)  # a deleted catalog is a change too


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


# -- rebuilding ----------------------------------------------------------------------------


def test_the_preview_shows_what_the_build_withholds_and_never_writes_site(
    project_dir: Path, tmp_path: Path
) -> None:
    empty = project_dir / "locales/tr/LC_MESSAGES/preparing-for-spine-surgery.po"
    catalog = polib.pofile(str(empty))
    for entry in catalog:
        entry.msgstr = ""
    catalog.save(str(empty))
    project = load_project(project_dir)
    build(project, pdf=False, languages=("tr",))
    assert (project.site_dir / f"tr/{ARTICLE}/index.html").is_file()
    assert not (project.site_dir / "tr/preparing-for-spine-surgery").exists()  # 0 %
    plant_number_error(project_dir, "tr")
    assert build(project, pdf=False, languages=("tr",)).blocked == ("tr",)
    site = outputs(project.site_dir)

    preview = Preview(project, ("tr",), tmp_path / "preview")
    result = preview.rebuild()
    assert result.blocked == ()
    page = (preview.site / f"tr/{ARTICLE}/index.html").read_text("utf-8")
    assert "%4,97" in page and "%14,97" not in page  # the translator sees their work
    assert (preview.site / "tr/preparing-for-spine-surgery/index.html").is_file()
    assert not (preview.site / "de").exists()  # only the language asked for
    assert outputs(project.site_dir) == site

    state = PreviewState.from_json(preview.state_file.read_text("utf-8"))
    assert state == preview.state
    (finding,) = [f for f in state.findings["tr"] if f.id == "number-changed"]
    assert (finding.file, finding.line) == (CATALOG, catalog_line(project_dir / CATALOG, "4,97"))
    assert finding.source.startswith(f"source/{ARTICLE}.md:")
    assert state.pages[f"tr/{ARTICLE}/index.html"].file == CATALOG
    assert state.pages[f"en/{ARTICLE}/index.html"].file == f"source/{ARTICLE}.md"


def test_a_rebuild_renders_what_changed_and_moves_the_version_only_then(
    project_dir: Path, tmp_path: Path
) -> None:
    project = load_project(project_dir)
    preview = Preview(project, (), tmp_path / "preview")
    first = preview.rebuild()
    assert {row.lang: row.pages_written for row in first.languages} == {
        lang: 2 for lang in ("en", *project.languages)}
    version = preview.state.version

    again = preview.rebuild()
    assert not again.changed and preview.state.version == version

    marker = "DÜZENLENDİ"
    edited_entry(project_dir / CATALOG, marker)
    third = preview.rebuild()
    assert {row.lang: row.pages_written for row in third.languages if row.pages_written} == {
        "tr": 1}
    assert preview.state.version != version
    assert all(row.errors == 0 for row in third.languages)  # an edit the checks pass
    assert marker in (preview.site / f"tr/{ARTICLE}/index.html").read_text("utf-8")
    assert not project.site_dir.exists()


def test_a_site_inside_the_docs_folder_is_no_source_of_the_preview(tmp_path: Path) -> None:
    """A docs folder may hold its published site (docs/_site), which the build never reads
    as sources; the preview, built elsewhere, keeps it out too, with whatever Markdown a
    publisher's tools put in it, and does not watch it."""
    root = tmp_path / "docs-project"
    (root / "docs" / "_site" / "es").mkdir(parents=True)
    (root / "localise.toml").write_text('source = "docs"\nsite = "docs/_site"\n'
                                        'languages = ["es"]\n')
    (root / "docs" / "page.md").write_text("# Page\n\nText.\n")
    (root / "docs" / "_site" / "es" / "page.md").write_text("# Página\n\nTexto.\n")
    project = load_project(root)
    preview = Preview(project, (), tmp_path / "preview")
    preview.rebuild()
    assert set(preview.state.pages) == {"en/index.html", "es/index.html",
                                        "en/page/index.html", "es/page/index.html"}
    assert sorted(path.relative_to(preview.site).as_posix()
                  for path in preview.site.rglob("*.html")) == sorted([*preview.state.pages, "index.html"])
    assert not any(path.startswith("docs/_site/") for path in snapshot(project))
    assert sorted(path.name for path in (root / "docs" / "_site").rglob("*")) == [
        "es", "page.md"]


def test_broken_settings_are_said_on_the_pages_which_stay_as_last_built(
    project_dir: Path, tmp_path: Path
) -> None:
    project = load_project(project_dir)
    preview = Preview(project, ("tr",), tmp_path / "preview")
    preview.rebuild()
    page = preview.site / f"tr/{ARTICLE}/index.html"
    before = page.read_bytes()
    settings = project_dir / "pyproject.toml"
    good = settings.read_text("utf-8")
    settings.write_text(good.replace('languages = ["tr"', 'languages = ["tr" "de"'), "utf-8")
    with pytest.raises(LocaliseError):
        preview.rebuild()
    assert preview.state.error.startswith("pyproject.toml:")
    assert page.read_bytes() == before
    settings.write_text(good, "utf-8")
    preview.rebuild()
    assert preview.state.error == ""


def test_the_panel_goes_before_the_end_of_the_body() -> None:
    assert inject(b"<html><body><p>x</p></BODY></html>", b"<aside>") == (
        b"<html><body><p>x</p><aside></BODY></html>")
    assert inject(b"<p>a fragment</p>", b"<aside>") == b"<p>a fragment</p><aside>"


# -- serving -------------------------------------------------------------------------------


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def test_pages_are_served_with_the_panel_and_other_files_as_they_are(
    project_dir: Path, tmp_path: Path
) -> None:
    plant_number_error(project_dir, "tr")
    preview = Preview(load_project(project_dir), ("tr",), tmp_path / "preview")
    server = bind("127.0.0.1", 0, preview)
    preview.rebuild()
    child = start_serving(server)
    try:
        status, kind, body = fetch(url_of(server, f"tr/{ARTICLE}/"))
        page = body.decode("utf-8")
        assert status == 200 and kind.startswith("text/html")
        panel = page[page.index('<aside id="localise-preview"'):]
        assert f'data-version="{preview.state.version}"' in panel
        line = catalog_line(project_dir / CATALOG, "4,97")
        item = re.search(r'<li [^>]*data-finding="number-changed".*?</li>', panel, re.S)
        assert item is not None and f"{CATALOG}:{line}" in item.group()
        assert f"English: <code>source/{ARTICLE}.md:" in item.group()
        assert "does not publish tr until its errors are fixed" in panel
        assert page.index("localise-preview") > page.index("</footer>")
        assert page.rstrip().endswith("</html>")
        assert fetch(url_of(server, f"tr/{ARTICLE}/index.html"))[2] == body

        status, _, english = fetch(url_of(server, f"en/{ARTICLE}/"))
        assert status == 200 and b"number-changed" not in english
        assert b"This page: <code>source/" in english
        site_index = fetch(url_of(server))[2].decode("utf-8")
        assert re.search(r'<a href="/tr/">tr</a>: 1 error, \d+ warnings?', site_index)

        style = preview.site / "assets" / "style.css"
        assert fetch(url_of(server, "assets/style.css"))[2] == style.read_bytes()
        assert json.loads(fetch(url_of(server, "__localise__/version"))[2]) == {
            "version": preview.state.version}
        status, kind, script = fetch(url_of(server, "__localise__/preview.js"))
        assert status == 200 and "javascript" in kind and b"location.reload()" in script
        assert fetch(url_of(server, "__localise__/nothing"))[0] == 404
        assert fetch(url_of(server, "../../../../etc/passwd"))[0] == 404
    finally:
        stop_serving(child)
    with pytest.raises(OSError):
        socket.create_connection(server.server_address[:2], timeout=2)


# -- the command ---------------------------------------------------------------------------


class Serving:
    """``localise serve`` running in its own process group (as from a terminal), its
    output read line by line as it comes."""

    def __init__(self, project_dir: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "serve", "--port", "0", *args], cwd=project_dir,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "NO_COLOR": "1"}, start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert self.process.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,),
                                        daemon=True)
        self._reader.start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def line(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        """The first line from now that matches ``pattern``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.process.kill()
                pytest.fail(f"no line matching {pattern!r} in {timeout} s: {self.seen}, "
                            f"{self.process.stderr.read() if self.process.stderr else ''}")
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found

    def interrupt(self) -> tuple[int, str]:
        """Ctrl-C, as a terminal sends it to the whole process group: exit code, stderr."""
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=30)
        self._reader.join(timeout=10)
        assert self.process.stderr is not None
        return self.process.returncode, self.process.stderr.read()

    def rest(self) -> list[str]:
        """The lines not read yet."""
        found = []
        while not self.lines.empty():
            found.append(self.lines.get())
        return found


def test_ctrl_c_stops_serving_with_one_line_and_leaves_nothing(project_dir: Path) -> None:
    serving = Serving(project_dir, "--lang", "tr")
    folder = Path(serving.line(r" in (\S+)/site;").group(1))
    url = serving.line(r"^serving (http://\S+) \(Ctrl-C to stop\)").group(1)
    assert url.endswith("/tr/") and folder.is_dir()
    code, err = serving.interrupt()
    assert (code, err) == (0, "")
    assert serving.rest() == ["stopped"]
    assert not folder.exists()  # the preview's folder is removed
    assert not (project_dir / "site").exists()
    with pytest.raises(ProcessLookupError):
        os.killpg(serving.process.pid, 0)  # neither the server nor a worker is left


def test_a_taken_port_or_an_unknown_language_is_refused_with_exit_2(project_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = subprocess.run([sys.executable, "-m", "pipeline", "serve", "--port", port],
                              cwd=project_dir, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert f"cannot serve on 127.0.0.1 port {port}" in done.stderr
    assert "--port" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "pipeline", "serve", "--port", "0", "--lang",
                           "xx"], cwd=project_dir, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "xx" in done.stderr


# -- in a real browser ---------------------------------------------------------------------


class Browser:
    """Chromium with one page open on ``url`` (tests/browser/preview.mjs)."""

    def __init__(self, url: str) -> None:
        self.process = subprocess.Popen(
            ["node", str(BROWSER / "preview.mjs"), url], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.opened = self._answer()

    def _answer(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, self.process.stderr.read() if self.process.stderr else ""
        return json.loads(line)

    def wait(self, expression: str, timeout_ms: int) -> dict:
        """Wait until ``expression`` is true in the page, which is never reloaded by us."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"wait": expression, "timeout": timeout_ms}) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.write('{"quit": true}\n')
            self.process.stdin.close()
        self.process.wait(timeout=30)


def test_a_catalog_edit_is_on_the_open_page_within_2_s_and_findings_in_its_panel(
    project_dir: Path,
) -> None:
    project = load_project(project_dir)
    build(project, pdf=False)  # a published site, which serve must leave as it is
    site = {path: (project.site_dir / path).stat().st_mtime_ns
            for path in outputs(project.site_dir)}
    serving = Serving(project_dir, "--lang", "tr")
    url = serving.line(r"^serving (http://\S+) ").group(1)
    browser = Browser(f"{url}{ARTICLE}/")
    try:
        assert browser.opened["ok"], browser.opened
        catalog = project_dir / CATALOG
        marker = "Çevirmenin düzeltmesi"

        started = time.monotonic()
        translation = edited_entry(catalog, marker)
        seen = browser.wait(f"document.querySelector('main').textContent.includes({translation!r})",
                            10_000)
        seconds = time.monotonic() - started
        assert seen["ok"], seen
        assert seconds < 2.0, f"{seconds:.2f} s from saving the catalog to the page showing it"
        assert seen["loads"] >= 2  # the page reloaded itself

        plant_number_error(project_dir, "tr")
        line = catalog_line(catalog, "4,97")
        finding = browser.wait(
            "(document.querySelector('#localise-preview [data-finding=\"number-changed\"]')"
            " || {}).textContent", 10_000)
        assert finding["ok"], finding
        assert f"{CATALOG}:{line}" in finding["value"]
        assert f"source/{ARTICLE}.md:" in finding["value"]
        shown = browser.wait("document.querySelector('main').textContent", 1_000)["value"]
        assert "%4,97" in shown and "%14,97" not in shown  # shown, though build blocks it
    finally:
        browser.close()
        code, err = serving.interrupt()
    assert (code, err) == (0, "")
    assert {path: (project.site_dir / path).stat().st_mtime_ns
            for path in outputs(project.site_dir)} == site
