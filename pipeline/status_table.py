"""The ``status`` table: aligned columns, a bar per catalog, colour only on a terminal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import click

from .catalog import completion_percent
from .workflow import Status

_BAR = 20


def _bar(percent: float, colour: bool) -> str:
    filled = int(_BAR * percent / 100)  # rounded down: a full bar means complete
    bar = "█" * filled + "·" * (_BAR - filled)
    if not colour:
        return bar
    shade = "green" if percent >= 100 else "yellow" if percent >= 50 else "red"
    return click.style(bar, fg=shade)


def status_lines(rows: Sequence[Status], colour: bool) -> Iterable[str]:
    """One line per language and catalog, then a total per language."""
    name_width = max(len("catalog"), *(len(row.name) for row in rows))
    header = (
        f"{'lang':<6} {'catalog':<{name_width}} {'units':>5} {'done':>5} {'fuzzy':>5} "
        f"{'todo':>5} {'words':>6} {'done':>6}  {'complete':>8}"
    )
    yield click.style(header, bold=True) if colour else header
    languages = dict.fromkeys(row.lang for row in rows)
    for lang in languages:
        mine = [row for row in rows if row.lang == lang]
        for row in mine:
            p = row.progress
            yield (
                f"{row.lang:<6} {row.name:<{name_width}} {p.units:>5} {p.translated:>5} "
                f"{p.fuzzy:>5} {p.untranslated:>5} {p.words:>6} {p.translated_words:>6}  "
                f"{p.percent:>7.1f}% {_bar(p.percent, colour)}"
            )
        words = sum(row.progress.words for row in mine)
        done = sum(row.progress.translated_words for row in mine)
        percent = completion_percent(done, words)
        total = f"{'':<6} {'all':<{name_width}} {'':>5} {'':>5} {'':>5} {'':>5} {words:>6} {done:>6}  {percent:>7.1f}%"
        yield click.style(total, bold=True) if colour else total
