"""``localise serve``: a live preview for translators, as ``mkdocs serve`` is for writers.

The preview is made by the build itself, into a temporary folder (never the project's
``site/``), HTML only (no PDFs: a changed catalog is back on the page in a fraction of a
second) and ungated: a language the checks would block, and a page below
``min-translated``, are shown all the same, since the translator wants to see their work.
The checks' findings for the page's language are in a panel on the page instead.

Two processes. This one watches the inputs and rebuilds; the build forks its workers,
which must not happen while threads run (see ``parallel.Prefetch``), so the standard
library's threaded HTTP server runs in a child forked once, before any thread. They share
one file, the preview's state (a version and the findings), which this side replaces
after each rebuild; a script in every preview page polls the version and reloads the page
when it moves.

Changes are seen by polling sizes and times: of exactly the files a build reads (the
settings, the source folder, the catalogs and glossaries), which takes milliseconds for
hundreds of files. An inotify watcher (watchfiles) loses a single watched file, such as the
settings at the project's root, at an editor's first save by rename (watchfiles issue
235), and watching that root recursively instead would watch ``.git`` and ``.venv`` too.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from .build import BuildResult, build
from .config import Project, load_project
from .errors import LocaliseError
from .files import write_atomic
from .findings import Finding, Report, Severity
from .languages import language_code

POLL_SECONDS = 0.1
"""How often the inputs are looked at (less often where looking takes long: ``Watcher``)."""

SETTLE_SECONDS = 0.1
"""After a change, how long the inputs must stay still before the rebuild: an editor's
save, or ``localise update`` rewriting every catalog, is built once it is whole."""

SETTLE_LIMIT = 2.0
"""A file that keeps changing is built anyway after this many seconds."""

PREVIEW_PATH = "/__localise__/"
"""Where the server answers for itself (the reload script, the panel's style, the
version), apart from the site's own addresses."""

ASSETS = Path(__file__).parent / "preview"
"""The panel's stylesheet and the reloading script: served to previews only, never
copied into a built site."""

Snapshot = dict[str, tuple[int, int, int]]
"""Each watched file (relative to the project) -> its inode (a save by rename makes a new
one), modification time (ns) and size."""


def snapshot(project: Project) -> Snapshot:
    """Every file a build reads, now: the settings, all of the source folder (the articles
    and the images and files they show), each language's catalogs and glossary."""
    found: Snapshot = {}
    root = str(project.root) + os.sep

    def note(path: str, stat: os.stat_result) -> None:
        label = path[len(root):] if path.startswith(root) else path
        found[label.replace(os.sep, "/")] = (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    with contextlib.suppress(OSError):
        note(str(project.settings_file), project.settings_file.stat())
    outputs = {str(folder) for folder in (project.site_dir, project.locales_dir,
                                          *project.excluded)}
    for path, stat in _walk(str(project.source_dir), outputs):
        note(path, stat)
    for path, stat in _walk(str(project.locales_dir),
                            {str(project.templates_dir), str(project.site_dir)}):
        if path.endswith((".po", ".csv")):
            note(path, stat)
    return found


def _walk(folder: str, skip: set[str]) -> Iterator[tuple[str, os.stat_result]]:
    """Every file under ``folder`` with its stat, but hidden ones and backups (an editor's
    swap file, a write's temporary file, ``x.po~``) and the folders in ``skip``."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # (not there, or gone since it was listed)
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.path not in skip:
                    yield from _walk(entry.path, skip)
            elif entry.is_file():
                yield entry.path, entry.stat()
        except OSError:
            continue


def changed_files(before: Snapshot, after: Snapshot) -> tuple[str, ...]:
    """The files added, removed or changed between two snapshots, sorted."""
    return tuple(sorted(path for path in before.keys() | after.keys()
                        if before.get(path) != after.get(path)))


class Watcher:
    """Looks at a project's inputs every ``poll`` seconds, or every 20 looks' time where a
    look takes longer (a large docs tree): never more than a twentieth of a core."""

    def __init__(self, project: Project, poll: float = POLL_SECONDS,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.project = project
        """Whose files are watched (replaced when the settings change)."""
        self.poll = poll
        self._sleep = sleep
        self._look_seconds = 0.0
        self.seen = self.look()

    def look(self) -> Snapshot:
        started = time.perf_counter()
        found = snapshot(self.project)
        self._look_seconds = time.perf_counter() - started
        return found

    def wait(self) -> tuple[str, ...]:
        """Block until a watched file changes and the changes have stopped; the files
        that changed since the last call."""
        while True:
            self._sleep(max(self.poll, 20 * self._look_seconds))
            now = self.look()
            if now != self.seen:
                break
        limit = time.monotonic() + SETTLE_LIMIT
        while time.monotonic() < limit:
            self._sleep(SETTLE_SECONDS)
            later = self.look()
            if later == now:
                break
            now = later
        changed = changed_files(self.seen, now)
        self.seen = now
        return changed


@dataclass(frozen=True, slots=True)
class PreviewPage:
    """What a preview page is: its language, and the file whose findings are its own."""

    lang: str
    file: str
    """Its catalog (in the source language: its article); empty for a language's index."""


@dataclass(frozen=True, slots=True)
class PreviewState:
    """What the preview pages show, as the last rebuild left it: the file that the
    rebuilding process writes and the serving process reads."""

    version: str = ""
    """Changes with every rebuild that changed anything (the pages reload when it does)."""
    built: str = ""
    """When (local time, ``HH:MM:SS``)."""
    source_language: str = "en"
    findings: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)
    """Each previewed language's findings: its catalogs' (the source language's: the
    articles' own); waived ones too (counted, not listed)."""
    pages: Mapping[str, PreviewPage] = field(default_factory=dict)
    """Each page (its file in the site: ``tr/a/index.html``)."""
    error: str = ""
    """Why the last rebuild failed (the pages are the last good build's); empty if it
    did not."""

    def as_json(self) -> str:
        return json.dumps({
            "version": self.version, "built": self.built,
            "source_language": self.source_language, "error": self.error,
            "findings": {lang: [finding.as_dict() for finding in found]
                         for lang, found in self.findings.items()},
            "pages": {path: [page.lang, page.file] for path, page in self.pages.items()},
        }, ensure_ascii=False, indent=1)  # (the languages in the settings' order)

    @classmethod
    def from_json(cls, text: str) -> PreviewState:
        data = json.loads(text)
        return cls(
            data["version"], data["built"], data["source_language"],
            {lang: tuple(Finding.from_dict(item) for item in found)
             for lang, found in data["findings"].items()},
            {path: PreviewPage(*page) for path, page in data["pages"].items()},
            data["error"],
        )


def state_of(project: Project, languages: Sequence[str], report: Report,
             version: str) -> PreviewState:
    """The preview's state after a build of ``languages`` with this ``report``."""
    from .addresses import addresses_of

    source_lang = project.source_language
    locales = project.display(project.locales_dir) + "/"
    folders = {project.display(project.locales_dir / lang) + "/": lang for lang in languages}
    findings: dict[str, list[Finding]] = {lang: [] for lang in (source_lang, *languages)}
    for finding in report.findings:
        if not finding.file.startswith(locales):
            findings[source_lang].append(finding)
            continue
        for folder, lang in folders.items():
            if finding.file.startswith(folder):
                findings[lang].append(finding)
    sources = {project.slug_of(path): path for path in project.source_paths()}
    pages: dict[str, PreviewPage] = {f"{lang}/index.html": PreviewPage(lang, "")
                                     for lang in findings}
    for slug, place in addresses_of(sources).items():
        pages[place.page(source_lang)] = PreviewPage(source_lang, project.display(sources[slug]))
        for lang in languages:
            pages[place.page(lang)] = PreviewPage(
                lang, project.display(project.catalog_path(lang, slug)))
    return PreviewState(version, time.strftime("%H:%M:%S"), source_lang,
                        {lang: tuple(found) for lang, found in findings.items()}, pages)


class Preview:
    """The project's pages as the next build would make them, in every language, into
    ``folder`` (never the project's ``site/``), with the state the pages show."""

    def __init__(self, project: Project, languages: Sequence[str], folder: Path,
                 jobs: int | None = None) -> None:
        self.root = project.root
        self.project = project
        """The settings as last read."""
        self.languages = tuple(language_code(code) for code in languages)
        self.folder = folder
        self.jobs = jobs
        self.state = PreviewState()
        self._session = secrets.token_hex(4)  # a restarted server's pages reload too
        self._builds = 0

    @property
    def site(self) -> Path:
        return self.folder / "site"

    @property
    def state_file(self) -> Path:
        return self.folder / "state.json"

    def previewed(self) -> tuple[str, ...]:
        """The languages shown besides the source language."""
        return self.languages or self.project.languages

    def rebuild(self, progress_line: Callable[[str], None] = lambda line: None) -> BuildResult:
        """Build the preview from the settings and files as they are now. A build that
        fails (unreadable settings, say) raises its LocaliseError, and the pages, still
        the last good build's, say why."""
        try:
            self.project = load_project(self.root)
            project = self.preview_project()
            result = build(project, languages=self.languages, jobs=self.jobs, pdf=False,
                           gate=False, progress_line=progress_line)
        except LocaliseError as error:
            self._publish(replace(self.state, version=self._next_version(), error=str(error)))
            raise
        if result.changed or self.state.error or not self.state.version:
            self._publish(state_of(project, self.previewed(), result.report,
                                   self._next_version()))
        return result

    def preview_project(self) -> Project:
        """The project as the preview builds it: into its own folder, every page shown
        (no ``min-translated``), the published site kept out of the sources."""
        return replace(self.project, site_dir=self.site, min_translated=0.0,
                       excluded=(*self.project.excluded, self.project.site_dir))

    def _next_version(self) -> str:
        self._builds += 1
        return f"{self._session}-{self._builds}"

    def _publish(self, state: PreviewState) -> None:
        self.state = state
        write_atomic(self.state_file, state.as_json() + "\n")


class StateReader:
    """The preview's state as the serving process reads it: parsed again only when the
    file was replaced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._read: tuple[tuple[int, int], PreviewState] | None = None

    def state(self) -> PreviewState:
        try:
            stat = self.path.stat()
        except OSError:
            return PreviewState()
        key = (stat.st_ino, stat.st_mtime_ns)
        read = self._read
        if read is None or read[0] != key:
            read = (key, PreviewState.from_json(self.path.read_text("utf-8")))
            self._read = read
        return read[1]


def inject(page: bytes, snippet: bytes) -> bytes:
    """``snippet`` before the page's (last) closing body tag, or at its end without one;
    as mkdocs serve adds its livereload script."""
    end = page.lower().rfind(b"</body>")
    return page + snippet if end < 0 else page[:end] + snippet + page[end:]


def _by_severity(findings: Sequence[Finding]) -> list[Finding]:
    """Errors first, each in file and line order; waived findings left out."""
    return sorted((finding for finding in findings if not finding.waived),
                  key=lambda f: (f.severity is not Severity.ERROR, f.file, f.line))


def panel(state: PreviewState, page: str) -> str:
    """The panel for the page at ``page`` (its file in the site): the findings of its
    language, its own catalog's first; on a page of no language, each language's counts."""
    from .render import render_template

    current = state.pages.get(page)
    lang = current.lang if current else page.split("/", 1)[0]
    if lang not in state.findings:  # the site's index: every language in one line each
        totals = [(code, _count(found, Severity.ERROR), _count(found, Severity.WARNING))
                  for code, found in state.findings.items()]
        return render_template("preview.html", state=state, lang="", own_file="", own=[],
                               others=[], waived=0, totals=totals, errors=0, warnings=0)
    found = state.findings[lang]
    own_file = current.file if current else ""
    return render_template(
        "preview.html", state=state, lang=lang, own_file=own_file,
        own=_by_severity([f for f in found if f.file == own_file]),
        others=_by_severity([f for f in found if f.file != own_file]),
        waived=sum(1 for f in found if f.waived), totals=[],
        errors=_count(found, Severity.ERROR), warnings=_count(found, Severity.WARNING),
    )


def _count(findings: Sequence[Finding], severity: Severity) -> int:
    return sum(1 for finding in findings if finding.severity is severity and not finding.waived)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the preview folder, each HTML page with the findings panel and the script
    that reloads it after a rebuild; ``/__localise__/version`` says the current version."""

    def __init__(self, *args: Any, reader: StateReader, **kwargs: Any) -> None:
        self.reader = reader  # (set first: the base class handles the request at once)
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self._reply(head=False)

    def do_HEAD(self) -> None:
        self._reply(head=True)

    def _reply(self, head: bool) -> None:
        address = urllib.parse.urlsplit(self.path).path
        if address.startswith(PREVIEW_PATH):
            self._own(address.removeprefix(PREVIEW_PATH), head)
            return
        file = Path(self.translate_path(self.path))
        if file.is_dir() and address.endswith("/"):
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            page = Path(os.path.relpath(file, self.directory)).as_posix()
            body = inject(file.read_bytes(), panel(self.reader.state(), page).encode())
            self._send(body, "text/html; charset=utf-8", head)
        elif head:
            super().do_HEAD()
        else:
            super().do_GET()

    def _own(self, name: str, head: bool) -> None:
        if name == "version":
            self._send(json.dumps({"version": self.reader.state().version}).encode(),
                       "application/json", head)
        elif name in ("preview.js", "preview.css"):
            kind = "text/javascript" if name.endswith(".js") else "text/css"
            self._send((ASSETS / name).read_bytes(), f"{kind}; charset=utf-8", head)
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _send(self, body: bytes, kind: str, head: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload shows the rebuilt page
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for rebuilds and findings, not for every request."""


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that left mid-answer is no error; anything else is one line."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"preview server: {type(error).__name__}: {error}", file=sys.stderr)


def bind(host: str, port: int, preview: Preview) -> PreviewServer:
    """The server, listening (port 0: any free one); a taken port or an unknown host is a
    LocaliseError (exit 2) before anything is built."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror as error:
        raise LocaliseError(f"cannot serve on {host}: {error.strerror}",
                            hint="pass --host 127.0.0.1 (this computer only)") from error
    server_class = type("Server", (PreviewServer,), {"address_family": family})
    handler = partial(PreviewHandler, reader=StateReader(preview.state_file),
                      directory=str(preview.site))
    try:
        return server_class((host, port), handler)
    except OSError as error:
        raise LocaliseError(f"cannot serve on {host} port {port}: {error.strerror}",
                            hint="pick another port with --port N (0: any free port)") from error


def url_of(server: PreviewServer, path: str = "") -> str:
    """The address to open (an IPv6 host in brackets)."""
    host, port = str(server.server_address[0]), int(server.server_address[1])
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}/{path}"


def _serve_forever(server: PreviewServer) -> None:
    """The serving process: quiet on Ctrl-C, and gone with the process that started it."""
    from .parallel import _start_worker  # (a forked worker's first steps)

    _start_worker()
    server.serve_forever()


def start_serving(server: PreviewServer) -> BaseProcess:
    """Serve in a child process forked now (while this process has no thread)."""
    import multiprocessing

    from .parallel import forking

    child = multiprocessing.get_context("fork").Process(
        target=_serve_forever, args=(server,), daemon=True, name="localise-serve")
    with forking():
        child.start()
    server.server_close()  # the child has the socket; it is freed when the child ends
    return child


def stop_serving(child: BaseProcess) -> None:
    child.terminate()
    child.join(5)
    if child.is_alive():
        child.kill()
        child.join()


def counts_line(result: BuildResult) -> str:
    """Each language's unwaived errors and warnings, as the panel counts them."""
    parts = []
    for row in result.languages:
        if row.errors or row.warnings:
            errors = f"{row.errors} error{'s' * (row.errors != 1)}"
            warnings = f"{row.warnings} warning{'s' * (row.warnings != 1)}"
            parts.append(f"{row.lang}: {errors}, {warnings}" if row.errors else f"{row.lang}: {warnings}")
    return "; ".join(parts) or "no findings"


def serve(
    project: Project,
    *,
    languages: Sequence[str] = (),
    host: str = "127.0.0.1",
    port: int = 8000,
    say: Callable[[str], None] = lambda line: None,
    poll: float = POLL_SECONDS,
) -> None:
    """Build the preview, serve it, and rebuild it at every change until interrupted
    (KeyboardInterrupt, raised on after the server is stopped and the folder removed).
    A first build that fails raises its LocaliseError; a later one is shown on the pages
    and ``say``-d, and the preview goes on."""
    with tempfile.TemporaryDirectory(prefix="localise-preview-") as folder:
        preview = Preview(project, languages, Path(folder))
        server = bind(host, port, preview)  # a taken port is said before building
        with contextlib.ExitStack() as stack:
            stack.callback(server.server_close)
            watcher = Watcher(project, poll)  # before building: an edit meanwhile is seen
            names = ", ".join((project.source_language, *preview.previewed()))
            say(f"building the preview ({names}; HTML only, every page shown whatever the "
                f"checks find) in {preview.site}; {project.display(project.site_dir)}/ is "
                "not touched")
            result = preview.rebuild(lambda line: say(f"  {line}"))
            say(f"built {_pages(result)} in {result.seconds:.1f} s; {counts_line(result)}")
            child = start_serving(server)
            stack.callback(stop_serving, child)
            start = f"{preview.languages[0]}/" if len(preview.languages) == 1 else ""
            say(f"serving {url_of(server, start)} (Ctrl-C to stop); watching "
                f"{_watched(project)}")
            while True:
                changed = watcher.wait()
                if not child.is_alive():
                    raise LocaliseError("the preview's server stopped",
                                        hint="start localise serve again")
                shown = changed[0] if len(changed) == 1 else f"{len(changed)} files"
                say(f"{time.strftime('%H:%M:%S')} {shown} changed")
                say(_rebuilt(preview, say))
                watcher.project = preview.project  # (the settings may name other folders)


def _rebuilt(preview: Preview, say: Callable[[str], None]) -> str:
    """Rebuild after a change; what came of it, in one line."""
    try:
        result = preview.rebuild(lambda line: say(f"  {line}"))
    except LocaliseError as error:
        return f"  not rebuilt: {error}"
    done = f"rebuilt {_pages(result)}" if result.changed else "nothing to rebuild"
    return f"  {done} in {result.seconds:.1f} s; {counts_line(result)}"


def _pages(result: BuildResult) -> str:
    count = sum(row.pages_written for row in result.languages)
    return f"{count} page{'s' * (count != 1)}"


def _watched(project: Project) -> str:
    return (f"{project.display(project.source_dir)}/, {project.display(project.locales_dir)}/ "
            f"and {project.display(project.settings_file)}")
