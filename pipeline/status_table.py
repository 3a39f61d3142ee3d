"""``status`` for people and for a team: an aligned table (colour only on a terminal), a
Markdown table for a pull-request comment, and JSON for CI; all say which languages the
build would block, and which files belong to no article any more."""

from __future__ import annotations

from collections.abc import Iterable

import click

from .workflow import LanguageStatus, ProjectStatus

_BAR = 20


def _bar(percent: float, colour: bool) -> str:
    filled = int(_BAR * percent / 100)  # rounded down: a full bar means complete
    bar = "█" * filled + "·" * (_BAR - filled)
    if not colour:
        return bar
    shade = "green" if percent >= 100 else "yellow" if percent >= 50 else "red"
    return click.style(bar, fg=shade)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def state(language: LanguageStatus) -> str:
    """What the build does with the language, in words: a blocked language is not "72.6 %"
    published, it is not published at all."""
    if language.blocked:
        return (f"blocked: {_plural(language.errors, 'error')} "
                f"(localise check --lang {language.lang})")
    if not language.published:
        return "not published (not in the settings' languages)"
    return "published"


def status_lines(status: ProjectStatus, colour: bool) -> Iterable[str]:
    """One line per language and catalog, a total per language with its state, then the
    files of deleted articles."""
    rows = [row for language in status.languages for row in language.catalogs]
    name_width = max(len("catalog"), *(len(row.name) for row in rows))
    header = (
        f"{'lang':<6} {'catalog':<{name_width}} {'units':>5} {'done':>5} {'fuzzy':>5} "
        f"{'todo':>5} {'words':>6} {'done':>6}  {'complete':>8}"
    )
    yield click.style(header, bold=True) if colour else header
    for language in status.languages:
        for row in language.catalogs:
            p = row.progress
            yield (
                f"{row.lang:<6} {row.name:<{name_width}} {p.units:>5} {p.translated:>5} "
                f"{p.fuzzy:>5} {p.untranslated:>5} {p.words:>6} {p.translated_words:>6}  "
                f"{p.percent:>7.1f}% {_bar(p.percent, colour)}"
            )
        said = state(language)
        if language.blocked and colour:
            said = click.style(said, fg="red", bold=True)
        total = (f"{'':<6} {'all':<{name_width}} {'':>5} {'':>5} {'':>5} {'':>5} "
                 f"{language.words:>6} {language.translated_words:>6}  ")
        total += said if language.blocked else f"{language.percent:>7.1f}%  {said}"
        yield click.style(total, bold=True) if colour and not language.blocked else total
    if status.orphaned:
        yield ""
        yield ("orphaned: no article in the sources uses these (deleted or renamed); remove "
               "them, or restore the article:")
        for path in status.orphaned:
            yield f"  {path}"


def status_markdown(status: ProjectStatus) -> Iterable[str]:
    """A GitHub-flavoured Markdown table per language, then per catalog (folded), for a
    pull-request comment from CI."""
    yield "| language | state | complete | translated words | fuzzy units | untranslated units |"
    yield "|---|---|---:|---:|---:|---:|"
    for language in status.languages:
        fuzzy = sum(row.progress.fuzzy for row in language.catalogs)
        todo = sum(row.progress.untranslated for row in language.catalogs)
        said, complete = state(language), f"{language.percent:.1f} %"
        if language.blocked:  # not "72.6 %": none of it is published
            said = f"**{said.replace('(', '(`').replace(')', '`)')}**"
            complete = "—"
        yield (f"| `{language.lang}` | {said} | {complete} | "
               f"{language.translated_words} of {language.words} | {fuzzy} | {todo} |")
    yield ""
    yield "<details><summary>Per catalog</summary>"
    yield ""
    yield "| language | catalog | units | translated | fuzzy | untranslated | complete |"
    yield "|---|---|---:|---:|---:|---:|---:|"
    for language in status.languages:
        for row in language.catalogs:
            p = row.progress
            yield (f"| `{row.lang}` | `{row.name}` | {p.units} | {p.translated} | {p.fuzzy} | "
                   f"{p.untranslated} | {p.percent:.1f} % |")
    yield ""
    yield "</details>"
    if status.orphaned:
        yield ""
        yield ("**Orphaned**: no article uses these any more (deleted or renamed); remove them, "
               "or restore the article:")
        yield ""
        for path in status.orphaned:
            yield f"- `{path}`"


def status_json(status: ProjectStatus) -> dict[str, object]:
    """The same for CI: per language its state and totals, with its catalogs."""
    return {
        "languages": [
            {
                "language": language.lang,
                "published": language.published,
                "blocked": language.blocked,
                "errors": language.errors,
                "warnings": language.warnings,
                "words": language.words,
                "translated_words": language.translated_words,
                "percent": language.percent,
                "catalogs": [
                    {
                        "catalog": row.name,
                        "units": row.progress.units, "translated": row.progress.translated,
                        "fuzzy": row.progress.fuzzy, "untranslated": row.progress.untranslated,
                        "words": row.progress.words,
                        "translated_words": row.progress.translated_words,
                        "fuzzy_words": row.progress.fuzzy_words,
                        "untranslated_words": row.progress.untranslated_words,
                        "percent": row.progress.percent,
                    }
                    for row in language.catalogs
                ],
            }
            for language in status.languages
        ],
        "orphaned": list(status.orphaned),
    }
