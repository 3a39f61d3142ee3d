"""The build's final table (and its JSON twin for CI): what was published and why not."""

from __future__ import annotations

from collections.abc import Iterable

import click

from .build import BuildResult
from .findings import SOURCE_IDS, Severity

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def build_lines(result: BuildResult, colour: bool) -> Iterable[str]:
    """Blocking findings and the sources' own problems first (they say why a language or
    a page is not published, or what a page lacks), then the table."""
    for finding in result.report.findings:
        if finding.waived or not (finding.severity is Severity.ERROR or finding.id in SOURCE_IDS):
            continue
        label = f"{finding.severity.value}[{finding.id}]"
        if colour:
            label = click.style(label, fg=_COLOURS[finding.severity], bold=True)
        source = f" ({finding.source})" if finding.source else ""
        yield f"{finding.file}:{finding.line}: {label}: {finding.message}{source}"
    pages = [f"{row.pages_written} new/{row.pages_skipped} kept" for row in result.languages]
    pdfs = [f"{row.pdfs_written} new/{row.pdfs_skipped} kept" for row in result.languages]
    width = max(len("pages"), *map(len, pages + pdfs))  # "12 new/0 kept" is wider than "2 new/0 kept"
    header = (f"{'lang':<6} {'units':>5} {'translated':>10} {'errors':>6} {'warnings':>8} "
              f"{'pages':>{width}} {'pdfs':>{width}}  note")
    yield click.style(header, bold=True) if colour else header
    for row, row_pages, row_pdfs in zip(result.languages, pages, pdfs, strict=True):
        note = row.note
        if colour and row.blocked:
            note = click.style(note, fg="red")
        yield (f"{row.lang:<6} {row.units:>5} {row.translated:>10} {row.errors:>6} "
               f"{row.warnings:>8} {row_pages:>{width}} {row_pdfs:>{width}}  {note}".rstrip())
    yield from result.notes
    if result.markdown is not None:
        tree = result.markdown
        removed = f", {len(tree.removed)} removed" if tree.removed else ""
        kept = f", {tree.kept} kept (blocked or not built)" if tree.kept else ""
        yield (f"translated Markdown in {tree.folder}/: {len(tree.written)} written, "
               f"{tree.unchanged} unchanged{kept}{removed}")
    state = "published" if result.changed else "nothing changed"
    blocked = f"; not published: {', '.join(result.blocked)}" if result.blocked else ""
    yield f"{state} {result.site}/ in {result.seconds:.1f} s{blocked}"


def build_summary(result: BuildResult) -> dict[str, object]:
    return {
        "site": result.site,
        "changed": result.changed,
        "seconds": round(result.seconds, 3),
        "blocked": list(result.blocked),
        "withdrawn": list(result.withdrawn),
        "languages": [
            {
                "lang": row.lang, "units": row.units, "translated": row.translated,
                "errors": row.errors, "warnings": row.warnings,
                "pages_written": row.pages_written, "pages_skipped": row.pages_skipped,
                "pdfs_written": row.pdfs_written, "pdfs_skipped": row.pdfs_skipped,
                "blocked": row.blocked, "note": row.note,
            }
            for row in result.languages
        ],
        "notes": list(result.notes),
        "markdown": None if result.markdown is None else {
            "folder": result.markdown.folder, "written": list(result.markdown.written),
            "unchanged": result.markdown.unchanged, "kept": result.markdown.kept,
            "removed": list(result.markdown.removed)},
        "findings": [f.as_dict() for f in result.report.findings
                     if (f.severity is Severity.ERROR or f.id in SOURCE_IDS) and not f.waived],
    }
