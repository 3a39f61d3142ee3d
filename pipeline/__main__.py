"""The ``localise`` command line: each command parses its options, calls one function, prints.

Library code never prints or exits; this module turns results into designed output and
errors into ``path:line: message`` on stderr with exit code 2 (1 for content findings).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from pathlib import Path
from typing import TextIO


def _interrupted_while_starting(signum: int, _frame: object) -> None:
    """Ctrl-C before ``main`` runs (while click and the package are imported): one line
    and exit 130, as later, instead of a traceback from inside an import."""
    os.write(2, b"interrupted\n")
    os._exit(128 + signum)


signal.signal(signal.SIGINT, _interrupted_while_starting)

import click  # noqa: E402  (after the handler: Ctrl-C during this import is handled)

from . import __version__  # noqa: E402
from .errors import LocaliseError  # noqa: E402

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _project(ctx: click.Context):
    from .config import load_project

    return load_project(ctx.obj.get("project"))


_PROJECT_HELP = ("Project folder (default: the nearest folder with localise.toml, or with "
                 "[tool.localise] in pyproject.toml).")


def _project_after_command(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    """``localise build --project x`` means what ``localise --project x build`` does."""
    if value is not None:
        ctx.ensure_object(dict)["project"] = value


_PROJECT = click.option(
    "--project", type=click.Path(file_okay=False, path_type=Path), default=None,
    expose_value=False, callback=_project_after_command, help=_PROJECT_HELP,
)
"""The same option on every command, so it may come before or after the command's name."""


@click.group(context_settings=_CONTEXT)
@click.version_option(__version__, prog_name="localise")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=_PROJECT_HELP,
)
@click.pass_context
def cli(ctx: click.Context, project: Path | None) -> None:
    """Localise medical patient-education articles: Markdown -> gettext -> checked HTML and PDF.

    \b
    Typical round:
      localise new --lang es    # a repository's localise.toml (once)
      localise extract          # source/**/*.md -> locales/templates/**/*.pot
      localise init tr          # start Turkish catalogs
      localise update           # merge changed English into every catalog
      localise check            # numbers, links, markup, terms, catalog health
      localise status           # how far each language is
      localise build            # site/<lang>/<path>/index.html and .pdf
      localise export es        # XLIFF for a translation agency; back with: localise import
      localise serve --lang tr  # preview while translating
    """
    ctx.ensure_object(dict)
    ctx.obj["project"] = project


@cli.command()
@click.argument("folder", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", "languages", multiple=True,
              help="A language to publish (repeatable); more can be added to the file later.")
def new(folder: Path, languages: tuple[str, ...]) -> None:
    """Start a project in FOLDER (default: here): write a commented localise.toml.

    Never overwrites. The source folder is docs/ (or source/ if that is what exists).

    \b
    Example:
      localise new --lang es --lang fr
      localise new my-docs
    """
    from .config import write_starter

    folder.mkdir(parents=True, exist_ok=True)
    target = write_starter(folder, languages)
    click.echo(f"{_style('created', fg='green')}  {target}")
    click.echo("next: localise extract, localise init LANG, translate, localise build")


@cli.command()
@_PROJECT
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Segment every article into units and write locales/templates/<slug>.pot.

    A second run with no change to the sources writes no byte.

    \b
    Example:
      localise extract
    """
    from .checks.run import source_findings
    from .extract import write_templates

    project = _project(ctx)
    sources, templates = _templates(project)
    for result in write_templates(project, templates):
        click.echo(f"{_state('wrote', result.changed)}  {result.path}  ({result.units} units)")
    _print_source_findings(source_findings(project, sources.articles, sources.errors))
    if sources.errors:
        sys.exit(EXIT_BAD_INPUT)
    _free_by_exit(sources, templates)


def _templates(project):
    """The project's articles and their templates: the articles that can be read; the
    others are named (file:line) when the command ends, which then exits 2."""
    from .article import read_sources
    from .extract import build_templates

    sources = read_sources(project)
    return sources, build_templates(project, sources)


def _unreadable_sources(sources) -> None:
    """After a command did what it could: the articles it could not read, and exit 2."""
    if sources.errors:
        from .checks.run import source_findings

        _print_source_findings(finding for finding in source_findings(
            None, {}, sources.errors) if finding.id == "source-invalid")
        sys.exit(EXIT_BAD_INPUT)


def _print_source_findings(findings) -> None:
    """The sources' own problems (an article that cannot be read, a missing image), on
    stderr, compiler-style, so editors and CI logs link to the line."""
    for finding in findings:
        label = f"{finding.severity.value}[{finding.id}]"
        if _colour(sys.stderr):
            label = click.style(label, fg="red" if finding.severity.value == "error" else "yellow",
                                bold=True)
        click.echo(f"{finding.file}:{finding.line}: {label}: {finding.message}", err=True)


_LOCK_WAIT = click.option(
    "--wait",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds to wait for another localise command (a build, an update) to finish.",
)


def _say(line: str) -> None:
    click.echo(line, err=True)


def _colour(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return (stream or sys.stdout).isatty() and not os.environ.get("NO_COLOR")


def _style(text: str, fg: str) -> str:
    """``text`` in colour where colour is wanted; padding is done before, on the plain text."""
    return click.style(text, fg=fg) if _colour() else text


def _state(done: str, changed: bool) -> str:
    """``done`` (wrote, updated) or ``unchanged``, in one aligned column, green if changed."""
    return _style(f"{done:>9}", fg="green") if changed else f"{'unchanged':>9}"


@cli.command()
@click.argument("lang")
@_PROJECT
@click.pass_context
def init(ctx: click.Context, lang: str) -> None:
    """Start the catalogs of language LANG (as gettext or CLDR names it: tr, pt_BR, zh_CN,
    sr@latin, sr_Latn).

    Writes locales/LANG/LC_MESSAGES/<slug>.po for every article and site.po, with the
    header translators' tools expect (Plural-Forms as msginit writes them, or CLDR's with
    the setting plural-forms = "cldr"). Never overwrites. A language not yet in the
    settings' languages is started all the same (translators begin long before it goes
    live); the build publishes it once it is added there, as the note says.

    \b
    Example:
      localise init tr
    """
    from .files import project_lock
    from .languages import language_code
    from .workflow import init_language, unpublished_note

    project = _project(ctx)
    with project_lock(project.root, 60, "starting a language", _say):
        sources, templates = _templates(project)
        for written in init_language(project, lang, templates):
            click.echo(f"{_style('created', fg='green')}  {written.path}  ({written.detail})")
    _unreadable_sources(sources)
    note = unpublished_note(project, language_code(lang))
    if note:
        _say(f"{_style('note:', fg='yellow')} {note}")


@cli.command()
@click.option("--lang", "languages", multiple=True, help="Only this language (repeatable).")
@_LOCK_WAIT
@_PROJECT
@click.pass_context
def update(ctx: click.Context, languages: tuple[str, ...], wait: float) -> None:
    """Merge the current English into every catalog, losing nothing.

    Re-extracts the templates, then per catalog: unchanged units keep their translation;
    changed ones become fuzzy with the previous English (#| msgid); removed ones are kept
    as obsolete (#~); new ones are pre-filled from other articles' translations (fuzzy).

    \b
    Example:
      localise update
      localise update --lang tr
    """
    from .extract import write_templates
    from .files import project_lock
    from .workflow import update_catalogs

    project = _project(ctx)
    with project_lock(project.root, wait, "updating catalogs", _say):
        sources, templates = _templates(project)
        write_templates(project, templates)
        results = update_catalogs(project, languages, templates)
    width = max((len(r.path) for r in results), default=0)
    for result in results:
        merge = result.result
        click.echo(
            f"{_state('updated', result.changed)}  {result.path:<{width}}  kept {merge.kept}, fuzzy {merge.fuzzy_from_changed}, "
            f"from memory {merge.from_memory}, new {merge.new}, obsoleted {merge.obsoleted}"
        )
    _unreadable_sources(sources)


_FORMAT = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output for people (text) or for CI (json).",
)


@cli.command()
@click.option("--lang", "languages", multiple=True, help="Only this language (repeatable).")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
    show_default=True, help="text for people, json for CI, markdown for a pull-request comment.",
)
@_PROJECT
@click.pass_context
def status(ctx: click.Context, languages: tuple[str, ...], output_format: str) -> None:
    """Show how far each language is, and whether the build would publish or block it.

    Translated / fuzzy / untranslated units and words per language and catalog; a
    language with error findings shows as blocked (the build publishes none of it), and
    catalogs or templates of a deleted article are listed for removal.

    \b
    Examples:
      localise status
      localise status --format json
      localise status --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    import json

    from .status_table import status_json, status_lines, status_markdown
    from .workflow import project_status

    project = _project(ctx)
    sources, templates = _templates(project)
    report = project_status(project, languages, templates, sources)
    if output_format == "json":
        click.echo(json.dumps(status_json(report), indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        for line in status_markdown(report):
            click.echo(line)
    elif not report.languages:
        click.echo("no language catalogs yet; start one with: localise init LANG")
    else:
        for line in status_lines(report, colour=_colour()):
            click.echo(line)
    _unreadable_sources(sources)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--lang", help="Language of the PO files given (default: their header's Language).")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "sarif"]), default="text",
    show_default=True, help="text for people, json or sarif (code scanning) for CI.",
)
@click.option("--show-waived", is_flag=True,
              help="Also list waived findings with their reasons (json and sarif always do).")
@_PROJECT
@click.pass_context
def check(
    ctx: click.Context, paths: tuple[Path, ...], lang: str | None, output_format: str,
    show_waived: bool,
) -> None:
    """Check catalogs: numbers, links, markup, terms, glossary, hygiene, catalog health.

    Without PATHS, checks every catalog of the project against the current English.
    With PATHS, checks those PO files (any project's). Exit 0 when there is no error
    (warnings allowed), 1 when there are errors, 2 when a file cannot be read.

    \b
    Examples:
      localise check
      localise check --format json > findings.json
      localise check --show-waived
      localise check --lang de path/to/any.po
    """
    from .checks.run import check_files, check_project
    from .config import load_project
    from .languages import language_code
    from .report import format_json, format_sarif, format_text

    if lang is not None:  # an empty or path-like --lang is a usage error, not "all languages"
        lang = language_code(lang)
    if paths:
        try:
            project = load_project(ctx.obj.get("project"))
        except LocaliseError:
            project = None
        report = check_files(paths, lang, project)
    else:
        def progress(line: str) -> None:  # on a terminal only: CI logs and editors get findings
            if output_format == "text" and sys.stderr.isatty():
                click.echo(click.style(line, dim=True) if _colour(sys.stderr) else line, err=True)

        report = check_project(_project(ctx), (lang,) if lang else (), progress_line=progress)
    if output_format == "json":
        click.echo(format_json(report))
    elif output_format == "sarif":
        click.echo(format_sarif(report))
    else:
        for line in format_text(report, colour=_colour(), show_waived=show_waived):
            click.echo(line)
    if report.unreadable:
        sys.exit(EXIT_BAD_INPUT)
    if report.errors:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.option("--lang", "languages", multiple=True, help="Only this published language (repeatable).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes for rendering (default: the number of cores).")
@click.option("--force", is_flag=True, help="Re-render every page, even unchanged ones.")
@click.option("--no-pdf", is_flag=True, help="HTML only (faster previews); PDFs are left as they were.")
@click.option("--markdown/--no-markdown", default=None,
              help="Also write each published page's translated Markdown to "
                   "<markdown-out>/<lang>/<path>.md (default: the setting markdown).")
@_LOCK_WAIT
@_FORMAT
@_PROJECT
@click.pass_context
def build(
    ctx: click.Context, languages: tuple[str, ...], jobs: int | None, force: bool, no_pdf: bool,
    markdown: bool | None, wait: float, output_format: str,
) -> None:
    """Check, assemble and publish site/: one page and one PDF per article and language.

    A language with error findings is not (re)published: its previous pages stay and the
    build exits 1 after publishing the others. Only pages whose inputs changed are
    re-rendered; the new site replaces the old in one step.

    \b
    Examples:
      localise build
      localise build --lang tr --jobs 2
      localise build --format json > build.json
      localise build --markdown   # and site-markdown/<lang>/<path>.md for a site generator
    """
    import json

    from .build import build as run_build
    from .build_report import build_lines, build_summary

    project = _project(ctx)
    plain = output_format == "json" or not _colour(sys.stderr)

    def progress(line: str) -> None:
        if output_format != "json":
            click.echo(line if plain else click.style(line, dim=True), err=True)

    result = run_build(project, languages=languages, jobs=jobs, force=force, pdf=not no_pdf,
                       markdown=markdown, wait=wait, progress_line=progress)
    if output_format == "json":
        click.echo(json.dumps(build_summary(result), indent=2, ensure_ascii=False))
    else:
        for line in build_lines(result, colour=_colour()):
            click.echo(line)
    if result.unreadable_sources:
        sys.exit(EXIT_BAD_INPUT)
    if result.blocked:
        sys.exit(EXIT_FINDINGS)


@cli.command(name="export")
@click.argument("lang")
@click.option("--format", "file_format", type=click.Choice(["xliff"]), default="xliff",
              show_default=True, help="File format (XLIFF: what CAT tools exchange).")
@click.option("--version", "xliff_version", type=click.Choice(["2.0", "1.2"]), default="2.0",
              show_default=True, help="XLIFF version: 1.2 for tools that import only it.")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the files (default: xliff/LANG/ in the project).")
@_PROJECT
@click.pass_context
def export_command(ctx: click.Context, lang: str, file_format: str, xliff_version: str,
                   output: Path | None) -> None:
    """Write language LANG's catalogs as XLIFF files for a translation agency's CAT tool.

    One file per article (and one for the site's strings): each unit's English, its
    current translation and state (translated; fuzzy as needing review; untranslated),
    the translators' comments and the notes (numbers to keep). Links, emphasis and code
    travel as tags the CAT tool keeps whole. Send the files; bring them back with
    localise import.

    \b
    Examples:
      localise export es
      localise export es --version 1.2 -o to-agency/
    """
    from .article import read_sources
    from .exchange import export_language

    project = _project(ctx)
    sources = read_sources(project)
    for done in export_language(project, lang, xliff_version, output, sources):
        units = done.translated + done.fuzzy + done.untranslated
        click.echo(f"{_state('wrote', done.changed)}  {done.path}  ({units} units: "
                   f"{done.translated} translated, {done.fuzzy} fuzzy, "
                   f"{done.untranslated} untranslated)")
    _unreadable_sources(sources)


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_LOCK_WAIT
@_PROJECT
@click.pass_context
def import_command(ctx: click.Context, files: tuple[Path, ...], wait: float) -> None:
    """Merge XLIFF files returned by a translation agency into the catalogs.

    Each unit is matched by its English. Its translation is checked as localise check
    does: one with an error is kept as fuzzy (never published), or refused where the
    catalog already has a translation, which stays. A unit whose English changed since
    the export becomes fuzzy on the new English, never over a reviewed translation.
    Exit 1 when a translation was kept fuzzy or refused for an error.

    \b
    Examples:
      localise import xliff/es/*.xlf
      localise import returned/spinal-fusion-nerve-damage.xlf
    """
    from .article import read_sources
    from .exchange import import_files
    from .files import project_lock

    project = _project(ctx)
    with project_lock(project.root, wait, "importing translations", _say):
        sources = read_sources(project)
        results = import_files(project, files, sources)
    errors = 0
    for result in results:
        counts = [f"{what} {result.count(what)}" for what in (
            "added", "changed", "unchanged", "fuzzy: English changed", "kept fuzzy", "refused")
            if result.count(what) or what in ("added", "changed", "unchanged")]
        warnings = f"; {result.warnings} warnings (localise check lists them)" if (
            result.warnings) else ""
        click.echo(f"{_state('updated', result.written)}  {result.catalog}  from {result.path}: "
                   + ", ".join(counts) + warnings)
        for outcome in result.outcomes:
            if outcome.what in ("refused", "kept fuzzy", "fuzzy: English changed"):
                label = _style(outcome.what, fg="red" if outcome.errors else "yellow")
                source = f" ({outcome.source})" if outcome.source else ""
                click.echo(f"{result.path}:{outcome.line}: {label}{source}: {outcome.why}")
        errors += result.errors
    _unreadable_sources(sources)
    if errors:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.option("--lang", "languages", multiple=True,
              help="Only this published language (repeatable; default: all of them).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to serve on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on (127.0.0.1: this computer only).")
@_PROJECT
@click.pass_context
def serve(ctx: click.Context, languages: tuple[str, ...], port: int, host: str) -> None:
    """Preview the site while translating: each save shows on the open page in about a second.

    Builds the HTML pages (no PDFs) into a temporary folder, never site/, and serves them.
    Pages the checks would keep from being published are shown all the same, with the
    checks' findings for their language in a panel on the page. Every change to an
    article, a catalog, a glossary or the settings rebuilds what it touches, and the open
    page reloads itself. Ctrl-C stops it.

    \b
    Examples:
      localise serve --lang tr        # then open http://127.0.0.1:8000/tr/
      localise serve --port 0         # any free port
    """
    from .serve import serve as run_serve

    project = _project(ctx)
    try:
        run_serve(project, languages=languages, host=host, port=port, say=click.echo)
    except KeyboardInterrupt:
        click.echo("stopped")


_FREED_BY_EXIT: list[object] | None = None
"""Under :func:`main`: what a command left for the process's exit to free."""


def _free_by_exit(*objects: object) -> None:
    """Leave ``objects`` to the process's exit instead of freeing them one by one: the
    600,000 tokens of a 10 MB article take 0.3 s to free, which exiting at once skips (as
    mypy does). Outside :func:`main` (a test's runner), they are freed as usual."""
    if _FREED_BY_EXIT is not None:
        _FREED_BY_EXIT.extend(objects)


def main() -> None:
    """Entry point: run the CLI, turning every failure into a message and an exit code."""
    global _FREED_BY_EXIT
    _FREED_BY_EXIT = []
    # An article's token stream and a catalog's entries are millions of long-lived objects
    # that Python's default collector rescans every 700 allocations: 40% of the time of
    # extracting a 10 MB article. Collect rarely instead (mypy's setting); cycles are still
    # freed, and the pipeline makes few.
    gc.set_threshold(200_000, 30, 30)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # KeyboardInterrupt from here on
    try:
        cli.main(prog_name="localise", standalone_mode=False)
    except LocaliseError as error:
        label = click.style("error: ", fg="red", bold=True) if _colour(sys.stderr) else "error: "
        click.echo(label + str(error), err=True)
        sys.exit(EXIT_BAD_INPUT)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_BAD_INPUT if error.exit_code == 2 else error.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # a bug of ours: say so briefly, never a bare traceback
        if os.environ.get("LOCALISE_DEBUG"):
            raise
        click.echo(
            f"internal error: {type(error).__name__}: {error}\n"
            "  hint: this is a bug in localise; rerun with LOCALISE_DEBUG=1 for the traceback "
            "and report it",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)
    if _FREED_BY_EXIT:  # the command finished and wrote its files: print, then leave
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


if __name__ == "__main__":
    main()
