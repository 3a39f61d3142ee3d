"""localise against its peers on one large article (issue 11).

Generates a large Markdown article from ``source/spinal-fusion-nerve-damage.md`` (the body
repeated, every unit made unique by a counter word appended to its text, front matter
once) and its Turkish catalog (each unit's msgstr is the shipped Turkish catalog's
translation of the base unit with the same counter word appended, so numbers, links and
markup survive and the checks have real work), then times, as separate processes:

extract      ``localise extract`` | ``md2po`` (mdpo) | ``po4a-updatepo -f text -o markdown``
             | floor: bare markdown-it-py parsing (``MarkdownIt('commonmark')
             .enable('table').parse(text)``, timed inside its process)
update       ``localise update`` | ``msgmerge --previous``, same template and catalog,
             10% of the units changed by one word
check        ``localise check PO --lang tr`` | ``pofilter`` (Translate Toolkit, default checks)
reassembly   ``localise build --no-pdf --lang tr`` (HTML) | ``po2md`` (mdpo) |
             ``po4a-translate -f text -o markdown``; and ``localise build --no-pdf --lang
             tr --markdown`` (HTML and translated Markdown, the peers' own output)

plus a size sweep of extract (0.25, 1, 4, 10 MiB) showing seconds per MiB. Every figure
is the median of N runs (5 for sizes up to 1 MiB, 3 above), with ratios against each
peer and against the floor, and the peak resident memory of each process (wait4
ru_maxrss, as ``/usr/bin/time -v``). md2po grows quadratically (about 16 s at 1 MiB,
more than 15 min at 10 MiB): it is measured at 1 MiB and below only. Every command has a
timeout; a tool that times out is not run at larger sizes.

Peers are optional and installed by hand (see benchmarks/README.md); a missing peer is
reported and skipped. Usage::

    /tmp/benchvenv/bin/python benchmarks/compare.py            # full run (~16-23 min)
    /tmp/benchvenv/bin/python benchmarks/compare.py --quick    # small sizes, a minute or two
    /tmp/benchvenv/bin/python benchmarks/compare.py --profile  # + pyinstrument where slower
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shlex
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    Run,
    Series,
    add_common_arguments,
    aligned,
    load_average,
    log,
    machine_line,
    markdown_table,
    mb,
    ratio,
    run,
    seconds,
)

MIB = 1024 * 1024
SLUG = "large-article"
BASE_ARTICLE = "source/spinal-fusion-nerve-damage.md"
BASE_CATALOG = "locales/tr/LC_MESSAGES/spinal-fusion-nerve-damage.po"
MD2PO_MAX_MIB = 1.0
WORD = re.compile(r"qx[a-z]{4}")
_SOFT_BREAK = re.compile(r"[ \t]*\\?\n[ \t]*")
_TABLE_RULE = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_BLOCK_START = re.compile(r"^(?:[-*+] |\d+[.)] |#{1,6}(?: |$)|\||>)")
PLACEHOLDER = "\x00"

FLOOR = r"""
import gc, json, sys, time
from markdown_it import MarkdownIt
if len(sys.argv) > 2:  # "gc": the collector setting localise's CLI uses (pipeline/__main__.py)
    gc.set_threshold(200_000, 30, 30)
text = open(sys.argv[1], encoding="utf-8").read()
started = time.perf_counter()
tokens = MarkdownIt("commonmark").enable("table").parse(text)
print(json.dumps({"seconds": time.perf_counter() - started, "tokens": len(tokens)}))
"""

FLOOR_GC = "floor, gc as localise"
"""The same parse with localise's garbage-collector threshold: what the parse costs
inside localise, shown beside the issue's floor (Python's default collector)."""

PO4A_MARKDOWN = ("-f", "text", "-o", "markdown", "-M", "UTF-8")
"""po4a's options for a UTF-8 Markdown document (extraction and translation alike)."""


def po4a_extract(article: Path, pot: Path) -> list[str | Path]:
    return ["po4a-updatepo", *PO4A_MARKDOWN, "-m", article, "-p", pot]


def md2po(python: str, article: Path, po: Path) -> list[str | Path]:
    """mdpo's extractor, run as a module (translate-toolkit installs a ``md2po`` too)."""
    return [python, "-m", "mdpo.md2po", article, "-q", "-s", "-p", po]


def word(number: int) -> str:
    """The counter word of unit ``number``: letters only, so no check reads it as a number."""
    letters = []
    for _ in range(4):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("a") + digit))
    if number:
        raise ValueError("more than 26**4 units")
    return "qx" + "".join(reversed(letters))


def fold(content: str) -> str:
    return _SOFT_BREAK.sub(" ", content).strip()


def squash(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------
# The generated article and its catalog.


@dataclass
class Generator:
    """One copy of the base body with a placeholder where each unit's counter word goes."""

    front: str
    segments: list[str]
    """The body split at the placeholders: unit j's text ends segments[j]."""
    base_msgids: list[str]
    lines: list[int]
    """Line of unit j within one copy (0-based from the copy's first line)."""
    copy_lines: int
    front_lines: int
    changed_segments: dict[int, str] = field(default_factory=dict)
    """Unit j's segment with one word replaced (the units update may change)."""

    @property
    def units(self) -> int:
        return len(self.segments) - 1

    def copy_text(
        self,
        copy: int,
        changed: Callable[[int, int], bool] | None = None,
        marker: Callable[[int], str] = word,
    ) -> str:
        """Copy ``copy`` of the body, unit j marked ``marker(copy * units + j)``."""
        m = self.units
        parts = []
        for j in range(m):
            segment = self.segments[j]
            if changed is not None and j in self.changed_segments and changed(copy, j):
                segment = self.changed_segments[j]
            parts.append(segment)
            parts.append(" " + marker(copy * m + j))
        parts.append(self.segments[m])
        return "".join(parts)

    def copies_for(self, mib: float, marker: Callable[[int], str] = word) -> int:
        copies = 1
        for _ in range(2):  # a marker may grow with the counter (numerals): a middle copy
            size = len(self.copy_text(copies // 2, marker=marker).encode("utf-8")) + 1
            copies = max(1, round((mib * MIB - len(self.front.encode("utf-8"))) / size))
        return copies

    def article(
        self,
        copies: int,
        changed: Callable[[int, int], bool] | None = None,
        marker: Callable[[int], str] = word,
    ) -> str:
        body = "\n".join(self.copy_text(k, changed, marker) for k in range(copies))
        return self.front + body


def counter_number(number: int) -> str:
    """The number-dense article's marker: the unit's counter as a numeral (``17``), so
    every unit carries a number for extract's ``#. numbers:`` notes to read."""
    return str(number + 1)


def mark_units(body: str) -> str:
    """The body with a placeholder at the end of every unit's text."""
    lines = body.split("\n")
    out = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        stripped = line.strip()
        if not stripped:
            out.append(line)
        elif stripped.startswith("|"):
            if _TABLE_RULE.match(stripped):
                out.append(line)
            else:
                cells = stripped.strip("|").split("|")
                out.append("| " + " | ".join(cell.strip() + PLACEHOLDER for cell in cells) + " |")
        else:
            ends = (
                re.match(r"#{1,6} ", stripped)
                or not following.strip()
                or _BLOCK_START.match(following.strip())
                and not (stripped.startswith(">") and following.strip().startswith(">"))
            )
            out.append(line.rstrip() + PLACEHOLDER if ends else line)
    return "\n".join(out)


def make_generator(base_text: str) -> Generator:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    found = re.match(r"\A---\n.*?\n---\n", base_text, re.DOTALL)
    if not found:
        raise SystemExit(f"{BASE_ARTICLE}: no front matter")
    front = found.group(0)
    body = base_text[found.end() :].rstrip("\n") + "\n"
    marked = mark_units(body)
    segments = marked.split(PLACEHOLDER)
    generator = Generator(front, segments, [], [], marked.count("\n") + 1, front.count("\n"))
    # Check the placeholders against the parser: one per inline token, in order.
    copy = generator.copy_text(0)
    parser = MarkdownIt("commonmark", {"html": False}).enable("table").use(front_matter_plugin)
    inlines = [t for t in parser.parse(copy) if t.type == "inline"]
    if len(inlines) != generator.units:
        raise SystemExit(
            f"generator: {generator.units} placeholders but {len(inlines)} inline "
            "tokens: the base article has a construct mark_units does not know"
        )
    for j, token in enumerate(inlines):
        text = fold(token.content)
        suffix = " " + word(j)
        if not text.endswith(suffix):
            raise SystemExit(f"generator: unit {j} {text!r} does not end with {suffix!r}")
        generator.base_msgids.append(text[: -len(suffix)])
        generator.lines.append(token.map[0] if token.map else 0)
    # One-word changes for the update benchmark: the last lowercase word of the unit's line.
    for j in range(generator.units):
        segment = segments[j]
        start = max(segment.rfind("\n"), segment.rfind("|")) + 1
        tail = segment[start:]
        matches = [m for m in re.finditer(r"(?<![\w/.\-\[(])[a-z]{4,}(?![\w/.\-\])])", tail)]
        if matches and "](" not in tail[matches[-1].start() :]:
            last = matches[-1]
            replacement = "altered" if last.group(0) != "altered" else "changed"
            generator.changed_segments[j] = (
                segment[:start] + tail[: last.start()] + replacement + tail[last.end() :]
            )
    return generator


def change_plan(
    generator: Generator, copies: int, share: float = 0.10
) -> tuple[set[tuple[int, int]], int]:
    """Which (copy, unit) pairs get a one-word change: every 10th changeable unit."""
    chosen: set[tuple[int, int]] = set()
    total = copies * generator.units
    seen = 0
    for k in range(copies):
        for j in range(generator.units):
            seen += 1
            if j in generator.changed_segments and len(chosen) < share * seen:
                chosen.add((k, j))
    return chosen, total


def po_string(keyword: str, text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'{keyword} "{escaped}"\n'


def po_header(language: str, name: str) -> str:
    fields = [
        f"Project-Id-Version: {name}",
        "Report-Msgid-Bugs-To: ",
        "POT-Creation-Date: 2025-11-18 00:00+0000",
        "PO-Revision-Date: 2025-11-24 12:00+0000",
        "Last-Translator: benchmark <bench@example.org>",
        "Language-Team: Turkish <bench@example.org>",
        f"Language: {language}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "Plural-Forms: nplurals=2; plural=(n != 1);",
        "X-Generator: localise benchmark",
    ]
    return 'msgid ""\nmsgstr ""\n' + "".join(f'"{f}\\n"\n' for f in fields)


def load_translations(root: Path) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """Shipped Turkish translations by msgid (msgstr, translator comment); front-matter msgids."""
    import polib

    catalog = polib.pofile(str(root / BASE_CATALOG))
    found = {}
    front = []
    for entry in catalog:
        if entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags:
            continue
        found[entry.msgid] = (entry.msgstr, entry.tcomment or "")
        if (entry.comment or "").startswith("front matter"):
            front.append(entry.msgid)
    return found, front


def write_catalog(
    path: Path,
    generator: Generator,
    copies: int,
    translations: dict[str, tuple[str, str]],
    front_msgids: list[str],
) -> dict:
    """The Turkish catalog of the generated article; returns counts."""
    m = generator.units
    chunks = [po_header("tr", SLUG), "\n"]
    translated = identity = 0
    for msgid in front_msgids:
        msgstr, _comment = translations[msgid]
        chunks.append(po_string("msgid", msgid) + po_string("msgstr", msgstr) + "\n")
        translated += 1
    templates = []
    for j in range(m):
        base = generator.base_msgids[j]
        hit = translations.get(base)
        if hit:
            templates.append((base, hit[0], hit[1]))
        else:
            templates.append((base, base, ""))
    for k in range(copies):
        offset = generator.front_lines + k * generator.copy_lines + 1
        for j, (base, target, comment) in enumerate(templates):
            w = word(k * m + j)
            block = ""
            if comment:
                block += "".join(f"# {line}\n" if line else "#\n" for line in comment.split("\n"))
            block += f"#: source/{SLUG}.md:{offset + generator.lines[j]}\n"
            block += po_string("msgid", f"{base} {w}") + po_string("msgstr", f"{target} {w}") + "\n"
            chunks.append(block)
            if target is base:
                identity += 1
            else:
                translated += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(chunks), "utf-8")
    return {"translated": translated, "identity": identity}


def peer_catalog(
    extracted: Path, out: Path, copies: int, units: int, localise_targets: dict[str, str]
) -> dict:
    """A peer's catalog for the large article, from its extraction of one copy.

    Every peer msgid of the one-copy extraction becomes a template (its counter words are
    placeholders); the translation is the Turkish one when the msgid (whitespace folded)
    is a localise unit, else the msgid itself. The template is then repeated per copy.
    """
    import polib

    catalog = polib.pofile(str(extracted))
    constant: list[tuple[str, str]] = []
    per_copy: list[tuple[str, str]] = []
    translated = identity = 0
    for entry in catalog:
        if not entry.msgid or entry.obsolete:
            continue
        target = localise_targets.get(squash(entry.msgid), entry.msgid)
        if WORD.search(entry.msgid):
            per_copy.append((entry.msgid, target))
        else:
            constant.append((entry.msgid, target))
    chunks = [po_header("tr", SLUG), "\n"]
    for msgid, target in constant:
        chunks.append(po_string("msgid", msgid) + po_string("msgstr", target) + "\n")
        translated += target != msgid
        identity += target == msgid

    def renumber(text: str, copy: int) -> str:
        return WORD.sub(lambda m: word(copy * units + number_of(m.group(0))), text)

    for k in range(copies):
        for msgid, target in per_copy:
            chunks.append(
                po_string("msgid", renumber(msgid, k))
                + po_string("msgstr", renumber(target, k))
                + "\n"
            )
            translated += target != msgid
            identity += target == msgid
    out.write_text("".join(chunks), "utf-8")
    return {"entries": translated + identity, "translated": translated, "identity": identity}


def number_of(counter_word: str) -> int:
    number = 0
    for ch in counter_word[2:]:
        number = number * 26 + ord(ch) - ord("a")
    return number


# --------------------------------------------------------------------------------------
# Tools.


@dataclass
class Tool:
    name: str
    available: bool
    why_not: str = ""


@dataclass
class Context:
    args: argparse.Namespace
    work: Path
    localise: list[str]
    python: str
    settings: dict
    results: dict[tuple[str, str, float], Series] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    stopped: set[str] = field(default_factory=set)
    """Tools that timed out (not run at larger sizes)."""


def write_pyproject(project: Path, settings: dict) -> None:
    protected = ", ".join(json.dumps(t) for t in settings.get("protected-terms", []))
    project.mkdir(parents=True, exist_ok=True)
    (project / "pyproject.toml").write_text(
        "[tool.localise]\n"
        'source = "source"\nlocales = "locales"\nsite = "site"\nsource-language = "en"\n'
        'languages = ["tr"]\n'
        f"organisation = {json.dumps(settings.get('organisation', ''))}\n"
        f"base-url = {json.dumps(settings.get('base-url', ''))}\n"
        f"protected-terms = [{protected}]\n",
        "utf-8",
    )


@dataclass
class Job:
    """One tool's command for one operation, and how to prepare and judge each run."""

    tool: str
    cmd: Sequence[str | Path]
    cwd: Path
    before: Callable[[], None] | None = None
    accept: tuple[int, ...] = (0,)
    parse: Callable[[Run], float] | None = None
    after: Callable[[Run], None] | None = None
    """Called with the last successful run (to note what the tool said)."""


def rounds(ctx: Context, op: str, size: float, runs: int, jobs: Sequence[Job]) -> None:
    """Run every job ``runs`` times, interleaved (round 1 of each tool, then round 2, ...)
    so that a change of load on the machine falls on every tool alike. A tool that fails
    or times out is dropped from the later rounds (and, on a timeout, from larger sizes)."""
    active = [job for job in jobs if job.tool not in ctx.stopped]
    last: dict[str, Run] = {}
    for number in range(runs):
        for job in list(active):
            series = ctx.results.setdefault((op, job.tool, size), Series(f"{op}/{job.tool}/{size}"))
            if job.before:
                job.before()
            result = run(job.cmd, job.cwd, timeout=ctx.args.timeout)
            series.runs.append(result)
            status = "timed out" if result.timed_out else f"exit {result.returncode}"
            log(
                f"  {op:<10} {job.tool:<20} {size:>5g} MiB  run {number + 1}/{runs}: "
                f"{result.seconds:8.2f} s  {result.maxrss_mb:6.0f} MB  {status}"
            )
            if result.timed_out:
                ctx.stopped.add(job.tool)
                ctx.notes.append(
                    f"{op} with {job.tool} at {size:g} MiB: stopped after "
                    f"{ctx.args.timeout:.0f} s (timeout); not run at larger sizes"
                )
                active.remove(job)
                continue
            if result.returncode not in job.accept:
                ctx.notes.append(
                    f"{op} with {job.tool} at {size:g} MiB failed (exit "
                    f"{result.returncode}): {result.stderr.strip()[-300:]}"
                )
                active.remove(job)
                continue
            result.returncode = 0  # accepted (e.g. check's exit 1 for findings)
            if job.parse is not None:
                series.extra.append(job.parse(result))
            last[job.tool] = result
            if number == 0 and runs > 1 and result.seconds > ctx.args.long:
                ctx.notes.append(
                    f"{op} with {job.tool} at {size:g} MiB measured once: its first "
                    f"run took {result.seconds:.0f} s (> --long {ctx.args.long:g} s)"
                )
                active.remove(job)
    for job in jobs:
        if job.after is not None and job.tool in last:
            job.after(last[job.tool])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small run: sweep 0.05/0.25 MiB, main size 0.25 MiB, fewer runs",
    )
    parser.add_argument("--sizes", type=float, nargs="+", help="sweep sizes in MiB")
    parser.add_argument("--size", type=float, help="size in MiB of the main comparison")
    parser.add_argument("--runs-small", type=int, default=5, help="runs for sizes <= 1 MiB")
    parser.add_argument("--runs-big", type=int, default=3, help="runs for sizes > 1 MiB")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per command")
    parser.add_argument(
        "--long",
        type=float,
        default=100.0,
        help="a command whose first run takes longer is measured once",
    )
    add_common_arguments(
        parser,
        python_help="Python with mdpo, translate-toolkit, markdown-it-py, polib",
        project_help="project holding the base article and Turkish catalog",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile localise with pyinstrument where a peer is faster",
    )
    parser.add_argument("--pyinstrument", default=str(Path(sys.executable).parent / "pyinstrument"))
    parser.add_argument(
        "--dense-size",
        type=float,
        help="MiB of the number-dense article extract is measured on (default 10, "
        "--quick 0.25; 0: not measured)",
    )
    parser.add_argument(
        "--dense-only",
        action="store_true",
        help="measure only extract on the number-dense article against the floor",
    )
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--markdown", type=Path, help="also write the tables as Markdown here")
    args = parser.parse_args()
    if args.quick:
        args.sizes = args.sizes or [0.05, 0.25]
        args.size = args.size or 0.25
        args.runs_small = min(args.runs_small, 3)
        args.runs_big = min(args.runs_big, 2)
    if args.dense_size is None:
        args.dense_size = 0.25 if args.quick else 10.0
    sizes = sorted(args.sizes or [0.25, 1.0, 4.0, 10.0])
    main_size = args.size or max(sizes)
    if main_size not in sizes:
        sizes = sorted({*sizes, main_size})

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    settings = tomllib.loads((args.project / "pyproject.toml").read_text("utf-8"))
    ctx = Context(
        args,
        work,
        shlex.split(args.localise),
        args.python,
        settings.get("tool", {}).get("localise", {}),
    )
    log(f"work folder: {work}\n{machine_line()}")
    ctx.load_start = load_average()  # type: ignore[attr-defined]

    base_text = (args.project / BASE_ARTICLE).read_text("utf-8")
    generator = make_generator(base_text)
    translations, front_msgids = load_translations(args.project)
    log(
        f"generator: {generator.units} units per copy of the body "
        f"({len(generator.copy_text(0).encode()) / 1024:.1f} KiB)"
    )
    if args.dense_only:
        tables = dense_report(ctx, dense_extract(ctx, generator, args.dense_size))
        if args.markdown:
            args.markdown.write_text(tables, "utf-8")
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
        return 0

    tools = detect_tools(ctx)
    for tool in tools.values():
        if not tool.available:
            ctx.notes.append(f"{tool.name} not available: {tool.why_not}")

    # ---------------------------------------------------------------- extract sweep
    articles: dict[float, Path] = {}
    skipped_md2po: list[float] = []
    for size in sizes:
        copies = generator.copies_for(size)
        project = work / f"extract-{size:g}"
        write_pyproject(project, ctx.settings)
        article = project / "source" / f"{SLUG}.md"
        article.parent.mkdir(parents=True, exist_ok=True)
        article.write_text(generator.article(copies), "utf-8")
        articles[size] = article
        actual = article.stat().st_size / MIB
        log(
            f"extract sweep: {size:g} MiB ({actual:.2f} MiB, {copies} copies, "
            f"{copies * generator.units + len(front_msgids)} units)"
        )
        runs = args.runs_small if size <= 1 else args.runs_big

        def clean_templates(project: Path = project) -> None:
            shutil.rmtree(project / "locales" / "templates", ignore_errors=True)

        def floor_seconds(result: Run) -> float:
            return float(json.loads(result.stdout)["seconds"])

        jobs = [
            Job(
                "floor (markdown-it)",
                [ctx.python, "-c", FLOOR, article],
                project,
                parse=floor_seconds,
            ),
            Job(
                FLOOR_GC,
                [ctx.python, "-c", FLOOR, article, "gc"],
                project,
                parse=floor_seconds,
            ),
            Job("localise", [*ctx.localise, "extract"], project, before=clean_templates),
        ]
        if tools["po4a"].available:
            pot = work / f"po4a-{size:g}.pot"
            jobs.append(
                Job(
                    "po4a",
                    po4a_extract(article, pot),
                    project,
                    before=lambda pot=pot: pot.unlink(missing_ok=True),
                )
            )
        if tools["mdpo"].available:
            if size <= MD2PO_MAX_MIB:
                po = work / f"md2po-{size:g}.po"
                jobs.append(
                    Job(
                        "mdpo",
                        md2po(ctx.python, article, po),
                        project,
                        before=lambda po=po: po.unlink(missing_ok=True),
                    )
                )
            else:
                skipped_md2po.append(size)
        rounds(ctx, "extract", size, runs, jobs)
    if skipped_md2po:
        ctx.notes.append(
            f"md2po (mdpo) not run at {', '.join(f'{s:g}' for s in skipped_md2po)} MiB: it "
            "grows quadratically (issue 11: ~16 s at 1 MB, >15 min at 10 MB; see the sweep's "
            "exponent column)"
        )

    dense = dense_extract(ctx, generator, args.dense_size) if args.dense_size else None

    # ---------------------------------------------------------------- main comparison
    size = main_size
    copies = generator.copies_for(size)
    runs = args.runs_small if size <= 1 else args.runs_big
    project = work / "main"
    write_pyproject(project, ctx.settings)
    source = project / "source" / f"{SLUG}.md"
    source.parent.mkdir(parents=True, exist_ok=True)
    original = generator.article(copies)
    chosen, total = change_plan(generator, copies)
    modified = generator.article(copies, lambda k, j: (k, j) in chosen)
    source.write_text(original, "utf-8")
    messages = project / "locales" / "tr" / "LC_MESSAGES"
    catalog = messages / f"{SLUG}.po"
    counts = write_catalog(catalog, generator, copies, translations, front_msgids)
    if shutil.which("msgcat"):  # as a translator's tool would save it (wrapped at 79)
        result = run(["msgcat", "-o", catalog, catalog], project, timeout=args.timeout)
        if not result.ok:
            ctx.notes.append(f"msgcat could not normalise the catalog: {result.stderr[-300:]}")
    shutil.copy2(args.project / "locales" / "tr" / "glossary.csv", project / "locales" / "tr")
    shutil.copy2(args.project / "locales" / "tr" / "LC_MESSAGES" / "site.po", messages / "site.po")
    saved = work / "saved"
    saved.mkdir(exist_ok=True)
    shutil.copy2(catalog, saved / "catalog.po")
    shutil.copy2(messages / "site.po", saved / "site.po")
    (saved / "modified.md").write_text(modified, "utf-8")
    log(
        f"main comparison at {size:g} MiB ({source.stat().st_size / MIB:.2f} MiB): "
        f"{copies * generator.units + 2} units, catalog {catalog.stat().st_size / MIB:.2f} MiB "
        f"({counts['translated']} Turkish, {counts['identity']} copied); update changes "
        f"{len(chosen)} units ({100 * len(chosen) / total:.1f}%)"
    )
    ctx.notes.append(
        f"main comparison: {source.stat().st_size / MIB:.2f} MiB article, "
        f"{copies * generator.units + 2} units, catalog {catalog.stat().st_size / MIB:.2f} MiB "
        f"({counts['translated']} units in Turkish, {counts['identity']} copied from English); "
        f"update: {len(chosen)} units ({100 * len(chosen) / total:.1f}%) changed by one word"
    )

    def restore(article_text: str = original) -> Callable[[], None]:
        def reset() -> None:
            shutil.copy2(saved / "catalog.po", catalog)
            shutil.copy2(saved / "site.po", messages / "site.po")
            source.write_text(article_text, "utf-8")
            shutil.rmtree(project / "locales" / "templates", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            for stray in project.glob(".site*"):
                shutil.rmtree(stray, ignore_errors=True)

        return reset

    # update: localise update vs msgmerge --previous, same template and catalog.
    template = project / "locales" / "templates" / f"{SLUG}.pot"
    restore(modified)()
    made = run([*ctx.localise, "extract"], project, timeout=args.timeout)  # msgmerge's template
    jobs = [
        Job(
            "localise",
            [*ctx.localise, "update", "--lang", "tr"],
            project,
            before=restore(modified),
            after=lambda r: ctx.notes.append(
                "localise update said: "
                + " ".join(
                    next((line for line in r.stdout.splitlines() if SLUG in line), "").split()
                )
            ),
        )
    ]
    if template.exists():
        shutil.copy2(template, saved / "template.pot")
        if tools["msgmerge"].available:
            merged = work / "msgmerge-out.po"

            def merged_note(_run: Run) -> None:
                text = merged.read_text("utf-8")
                ctx.notes.append(
                    f"msgmerge output: {text.count('#, fuzzy')} fuzzy entries, "
                    f"{text.count(chr(10) + '#| msgid')} with #| msgid, "
                    f"{text.count(chr(10) + '#~ msgid')} obsolete"
                )

            jobs.append(
                Job(
                    "msgmerge",
                    [
                        "msgmerge",
                        "--previous",
                        "--quiet",
                        "-o",
                        merged,
                        saved / "catalog.po",
                        saved / "template.pot",
                    ],
                    project,
                    before=lambda: merged.unlink(missing_ok=True),
                    after=merged_note,
                )
            )
    else:
        ctx.notes.append(
            f"update: no template for msgmerge (localise extract failed: "
            f"{made.stderr.strip()[-300:]})"
        )
    rounds(ctx, "update", size, runs, jobs)

    # check: localise check vs pofilter on the same catalog.
    restore()()
    jobs = [
        Job(
            "localise",
            [*ctx.localise, "check", catalog.relative_to(project), "--lang", "tr"],
            project,
            accept=(0, 1),
            after=lambda r: ctx.notes.append(
                "localise check said: " + next(
                    (line.strip() for line in r.stdout.splitlines()
                     if line.startswith(("passed", "FAILED"))), "(no verdict line)")
            ),
        )
    ]
    if tools["pofilter"].available:
        flagged = work / "pofilter-out.po"

        def flagged_note(_run: Run) -> None:
            text = flagged.read_text("utf-8")
            ctx.notes.append(
                f"pofilter flagged {max(0, text.count(chr(10) + 'msgid ') - 1)} "
                f"entries ({text.count('(pofilter)')} findings)"
            )

        jobs.append(
            Job(
                "pofilter",
                [
                    ctx.python,
                    "-m",
                    "translate.filters.pofilter",
                    "--progress=none",
                    "--language=tr",
                    "-i",
                    saved / "catalog.po",
                    "-o",
                    flagged,
                ],
                project,
                before=lambda: flagged.unlink(missing_ok=True),
                after=flagged_note,
            )
        )
    rounds(ctx, "check", size, runs, jobs)

    # reassembly: localise build --no-pdf vs po2md and po4a-translate.
    page = project / "site" / "tr" / SLUG / "index.html"

    def page_note(result: Run) -> None:
        said = result.stdout.strip().splitlines()
        ctx.notes.append(f"localise build said: {said[-1].strip() if said else '(nothing)'}")
        if page.exists():
            text = page.read_text("utf-8")
            ctx.notes.append(
                f"localise page: {len(text) / MIB:.1f} MiB HTML, "
                f"{text.count('ameliyat')} occurrences of 'ameliyat' (Turkish)"
            )

    translated = project / "site-markdown" / "tr" / f"{SLUG}.md"

    def markdown_note(_result: Run) -> None:
        if translated.exists():
            text = translated.read_text("utf-8")
            ctx.notes.append(
                f"localise --markdown output: {len(text) / MIB:.1f} MiB Markdown, "
                f"{text.count('ameliyat')} occurrences of 'ameliyat' (Turkish)"
            )

    def from_scratch() -> None:
        restore()()
        shutil.rmtree(project / "site-markdown", ignore_errors=True)

    jobs = [
        Job(
            "localise",
            [*ctx.localise, "build", "--no-pdf", "--lang", "tr"],
            project,
            before=restore(),
            accept=(0, 1),
            after=page_note,
        ),
        Job(
            "localise --markdown",
            [*ctx.localise, "build", "--no-pdf", "--lang", "tr", "--markdown"],
            project,
            before=from_scratch,
            accept=(0, 1),
            after=markdown_note,
        ),
    ]
    jobs += reassembly_peers(
        ctx, tools, generator, copies, size, source, translations, front_msgids
    )
    rounds(ctx, "reassembly", size, runs, jobs)

    # ---------------------------------------------------------------- report
    tables = report(ctx, sizes, main_size, articles)
    if dense is not None:
        tables += "\n" + dense_report(ctx, dense)
    if args.profile:
        profiles(ctx, project, catalog, restore, modified, main_size)
    if args.markdown:
        args.markdown.write_text(tables, "utf-8")
        log(f"markdown tables: {args.markdown}")
    if not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    else:
        log(f"kept: {work}")
    return 0


DENSE = "extract (number-dense)"


@dataclass(frozen=True)
class Dense:
    """The number-dense article measured: its size, units and the template's notes."""

    size: float
    mib: float
    units: int
    noted: list[int] = field(default_factory=list)
    """Entries of the template with a ``#. numbers:`` note (filled after the runs)."""


def dense_extract(ctx: Context, generator: Generator, size: float) -> Dense:
    """``localise extract`` against the markdown-it floor on an article where every unit
    carries a number (issue 22): the shipped article repeated, each unit's counter a
    numeral, so reading numbers for the translators' notes is on every unit's path."""
    copies = generator.copies_for(size, counter_number)
    project = ctx.work / f"dense-{size:g}"
    write_pyproject(project, ctx.settings)
    article = project / "source" / f"{SLUG}.md"
    article.parent.mkdir(parents=True, exist_ok=True)
    text = generator.article(copies, marker=counter_number)
    check_markers(generator, text, counter_number)
    article.write_text(text, "utf-8")
    dense = Dense(size, article.stat().st_size / MIB, copies * generator.units)
    log(f"number-dense extract: {size:g} MiB ({dense.mib:.2f} MiB, {dense.units} units)")
    template = project / "locales" / "templates" / f"{SLUG}.pot"

    def clean_templates() -> None:
        shutil.rmtree(project / "locales" / "templates", ignore_errors=True)

    def count_notes(_run: Run) -> None:
        text = template.read_text("utf-8") if template.exists() else ""
        dense.noted.append(text.count("\n#. numbers: "))

    def floor_seconds(result: Run) -> float:
        return float(json.loads(result.stdout)["seconds"])

    runs = ctx.args.runs_small if size <= 1 else ctx.args.runs_big
    rounds(ctx, DENSE, size, runs, [
        Job("floor (markdown-it)", [ctx.python, "-c", FLOOR, article], project,
            parse=floor_seconds),
        Job(FLOOR_GC, [ctx.python, "-c", FLOOR, article, "gc"], project, parse=floor_seconds),
        Job("localise", [*ctx.localise, "extract"], project, before=clean_templates,
            after=count_notes),
    ])
    return dense


def check_markers(generator: Generator, text: str, marker: Callable[[int], str]) -> None:
    """Every unit of the generated article (its first copy) ends with its marker, as
    markdown-it reads it: a numeral at the end of a line must not change the blocks."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    copy = generator.front + generator.copy_text(0, marker=marker)
    parser = MarkdownIt("commonmark", {"html": False}).enable("table").use(front_matter_plugin)
    inlines = [t for t in parser.parse(copy) if t.type == "inline"]
    ends = [fold(t.content).endswith(" " + marker(j)) for j, t in enumerate(inlines)]
    if len(inlines) != generator.units or not all(ends):
        raise SystemExit("generator: the markers changed the article's units")


def dense_report(ctx: Context, dense: Dense) -> str:
    """The number-dense table: localise extract and the floor, each against the floor."""
    floor = ctx.results.get((DENSE, "floor (markdown-it)", dense.size))
    floor_s = floor.median if floor is not None and not floor.failed else float("nan")
    header = ["tool", "median", "range", "runs", "tool / floor", "peak RSS"]
    rows = []
    for tool in ("floor (markdown-it)", FLOOR_GC, "localise"):
        series = ctx.results.get((DENSE, tool, dense.size))
        if series is None:
            continue
        rows.append([tool, series.state or seconds(series.median), series.spread,
                     str(len(series.runs)), ratio(series.median, floor_s), mb(series.maxrss_mb)])
    noted = max(dense.noted, default=0)
    title = (f"extract on number-dense text: {dense.mib:.2f} MiB article, {dense.units} units, "
             f"every one ending with a numeral (the template's '#. numbers:' notes: {noted} "
             f"entries); floor = markdown-it-py parse of the same article")
    load = (f"{machine_line()}; load average (1/5/15 min) at start "
            f"{getattr(ctx, 'load_start', '?')}, at end {load_average()}")
    print(f"\n{title}\n{load}")
    print(aligned(header, rows))
    return f"{title}\n{load}\n\n{markdown_table(header, rows)}\n"


def detect_tools(ctx: Context) -> dict[str, Tool]:
    def module(name: str) -> Tool:
        result = run([ctx.python, "-c", f"import {name}"], None, timeout=60)
        return Tool(
            name,
            result.ok,
            f"python -c 'import {name}' failed with {ctx.python}; "
            "install the bench extra (see benchmarks/README.md)",
        )

    def program(name: str, package: str) -> Tool:
        found = shutil.which(name) is not None
        return Tool(name, found, f"{name} not on PATH (apt-get install -y {package})")

    return {
        "mdpo": module("mdpo"),
        "pofilter": module("translate.filters.pofilter"),
        "po4a": program("po4a-updatepo", "po4a"),
        "po4a-translate": program("po4a-translate", "po4a"),
        "msgmerge": program("msgmerge", "gettext"),
    }


def reassembly_peers(
    ctx: Context,
    tools: dict[str, Tool],
    generator: Generator,
    copies: int,
    size: float,
    source: Path,
    translations: dict,
    front_msgids: list[str],
) -> list[Job]:
    """po2md and po4a-translate, each with a catalog in its own msgid conventions."""
    work = ctx.work / "peers"
    work.mkdir(exist_ok=True)
    one = work / "one-copy.md"
    one.write_text(generator.article(1), "utf-8")
    m = generator.units
    targets = {
        squash(f"{base} {word(j)}"): f"{translations[base][0]} {word(j)}"
        for j, base in enumerate(generator.base_msgids)
        if base in translations
    }
    for msgid in front_msgids:
        targets[squash(msgid)] = translations[msgid][0]
    peers = []
    jobs: list[Job] = []
    if tools["mdpo"].available:
        extracted = work / "mdpo-one.po"
        run(md2po(ctx.python, one, extracted), work, timeout=120)
        peers.append(
            (
                "mdpo",
                extracted,
                lambda po, out: [ctx.python, "-m", "mdpo.po2md", source, "-q", "-p", po, "-s", out],
            )
        )
    if tools["po4a-translate"].available:
        extracted = work / "po4a-one.pot"
        run(po4a_extract(one, extracted), work, timeout=120)
        peers.append(
            (
                "po4a",
                extracted,
                lambda po, out: [
                    "po4a-translate",
                    *PO4A_MARKDOWN,
                    "-L",
                    "UTF-8",
                    "-k",
                    "0",
                    "-m",
                    source,
                    "-p",
                    po,
                    "-l",
                    out,
                ],
            )
        )
    for name, extracted, command in peers:
        if not extracted.exists():
            ctx.notes.append(f"reassembly with {name}: its extraction of one copy failed")
            continue
        if name in ctx.stopped:
            continue
        po = work / f"{name}-{size:g}.po"
        counts = peer_catalog(extracted, po, copies, m, targets)
        ctx.notes.append(
            f"{name} catalog for reassembly: {counts['entries']} entries, "
            f"{counts['translated']} in Turkish, {counts['identity']} copied "
            "(its msgids that are not one localise unit, e.g. po4a's whole tables, mdpo's front matter)"
        )
        out = work / f"{name}-{size:g}.out.md"

        def output_note(_run: Run, name: str = name, out: Path = out) -> None:
            text = out.read_text("utf-8")
            ctx.notes.append(
                f"{name} output: {len(text) / MIB:.1f} MiB Markdown, "
                f"{text.count('ameliyat')} occurrences of 'ameliyat' (Turkish)"
            )

        jobs.append(
            Job(
                name,
                command(po, out),
                work,
                before=lambda out=out: out.unlink(missing_ok=True),
                after=output_note,
            )
        )
    return jobs


def report(
    ctx: Context, sizes: Sequence[float], main_size: float, articles: dict[float, Path]
) -> str:
    results = ctx.results

    def median(op: str, tool: str, size: float) -> float:
        series = results.get((op, tool, size))
        if series is None or series.failed or not series.times:
            return float("nan")
        return series.median

    main_rows = []
    for op in ("extract", "update", "check", "reassembly"):
        tools_here = [tool for (o, tool, s) in results if o == op and s == main_size]
        ours = median(op, "localise", main_size)
        floor_s = median("extract", "floor (markdown-it)", main_size)
        for tool in tools_here:
            series = results[(op, tool, main_size)]
            value = median(op, tool, main_size)
            state = series.state
            main_rows.append(
                [
                    op,
                    tool,
                    state or seconds(value),
                    series.spread,
                    str(len(series.runs)),
                    "-" if tool == "localise" else ratio(ours, value),
                    ratio(value, floor_s),
                    mb(series.maxrss_mb),
                ]
            )
        if op == "reassembly" and ("reassembly", "localise --markdown", main_size) in results:
            with_markdown = median(op, "localise --markdown", main_size)
            main_rows.append(
                [
                    "reassembly",
                    "localise --markdown / po2md (both write Markdown)",
                    seconds(with_markdown),
                    "",
                    "",
                    ratio(with_markdown, median(op, "mdpo", main_size)),
                    ratio(with_markdown, floor_s),
                    "n/a",
                ]
            )
        if op == "update":
            extract_s = median("extract", "localise", main_size)
            merge_s = ours - extract_s
            peer = median("update", "msgmerge", main_size)
            main_rows.append(
                [
                    "update",
                    "localise update minus one extract",
                    seconds(merge_s),
                    "",
                    "",
                    ratio(merge_s, peer),
                    ratio(merge_s, floor_s),
                    "n/a",
                ]
            )
    header = [
        "operation",
        "tool",
        "median",
        "range",
        "runs",
        "localise / tool",
        "tool / floor",
        "peak RSS",
    ]
    sweep_rows = []
    previous: dict[str, tuple[float, float]] = {}
    for size in sizes:
        ours = median("extract", "localise", size)
        actual = articles[size].stat().st_size / MIB
        for tool in ("floor (markdown-it)", FLOOR_GC, "localise", "po4a", "mdpo"):
            series = results.get(("extract", tool, size))
            if series is None:
                if tool == "mdpo" and size > MD2PO_MAX_MIB:
                    sweep_rows.append(
                        [f"{size:g}", tool, "not run (quadratic)", "", "", "", "", "", ""]
                    )
                continue
            value = median("extract", tool, size)
            state = series.state
            growth = ""
            if tool in previous and value == value:
                old_size, old_value = previous[tool]
                growth = f"{math.log(value / old_value) / math.log(actual / old_size):.2f}"
            if value == value:
                previous[tool] = (actual, value)
            sweep_rows.append(
                [
                    f"{size:g}",
                    tool,
                    state or seconds(value),
                    state or f"{value / actual:.2f} s/MiB",
                    growth,
                    str(len(series.runs)),
                    "-" if tool == "localise" else ratio(ours, value),
                    ratio(value, median("extract", "floor (markdown-it)", size)),
                    mb(series.maxrss_mb),
                ]
            )
    sweep_header = [
        "MiB",
        "tool",
        "median",
        "per MiB",
        "exponent",
        "runs",
        "localise / tool",
        "tool / floor",
        "peak RSS",
    ]
    lines = [
        f"localise vs peers — {machine_line()}",
        f"main comparison at {main_size:g} MiB; floor = markdown-it-py parse of the same "
        "article, in-process, Python's default gc (the 'gc as localise' row: with the gc "
        "threshold localise sets); times are process wall times (medians)",
        f"load average (1/5/15 min) at start {getattr(ctx, 'load_start', '?')}, at end "
        f"{load_average()}",
        "",
    ]
    print("\n".join(lines))
    print(aligned(header, main_rows))
    print()
    print(
        "extract size sweep (exponent: time ~ size^k between this size and the previous; "
        "1 = linear, 2 = quadratic)"
    )
    print(aligned(sweep_header, sweep_rows))
    if ctx.notes:
        print("\nnotes:")
        for note in ctx.notes:
            print(f"- {note}")
    markdown = (
        "\n".join(lines)
        + "\n"
        + markdown_table(header, main_rows)
        + "\n\n"
        + "Extract size sweep (exponent k: time ~ size^k from the previous size):\n\n"
        + markdown_table(sweep_header, sweep_rows)
        + "\n\n"
        + "Notes:\n\n"
        + "".join(f"- {note}\n" for note in ctx.notes)
    )
    slower = []
    for op in ("extract", "update", "check", "reassembly"):
        ours = median(op, "localise", main_size)
        for o, tool, s in results:
            if o == op and s == main_size and tool not in (
                    "localise", "localise --markdown", "floor (markdown-it)", FLOOR_GC):
                value = median(op, tool, s)
                if value == value and ours == ours and ours > value:
                    slower.append((op, tool, ours / value))
    ctx.slower = slower  # type: ignore[attr-defined]
    if slower:
        print(
            "\nlocalise slower than: "
            + "; ".join(f"{tool} at {op} ({r:.1f}x)" for op, tool, r in slower)
        )
    return markdown


def profiles(
    ctx: Context, project: Path, catalog: Path, restore, modified: str, size: float
) -> None:
    """pyinstrument profiles of the localise commands a peer beats, top lines printed."""
    ops = sorted({op for op, _tool, _r in getattr(ctx, "slower", [])})
    if not ops:
        return
    commands = {
        "extract": (["extract"], restore()),
        "update": (["update", "--lang", "tr"], restore(modified)),
        "check": (["check", str(catalog.relative_to(project)), "--lang", "tr"], restore()),
        "reassembly": (["build", "--no-pdf", "--lang", "tr", "--jobs", "1"], restore()),
    }
    folder = ctx.work / "profiles"
    folder.mkdir(exist_ok=True)
    for op in ops:
        options, reset = commands[op]
        reset()
        out = folder / f"{op}.txt"
        result = run(
            [ctx.args.pyinstrument, "-r", "text", "-o", out, "-m", "pipeline", *options],
            project,
            timeout=ctx.args.timeout * 2,
        )
        if not out.exists():
            print(f"\nprofile of {op} failed: {result.stderr[-500:]}")
            continue
        text = out.read_text("utf-8")
        print(
            f"\n---- pyinstrument: localise {' '.join(options)} at {size:g} MiB "
            f"({result.seconds:.1f} s under the profiler) -> {out}"
        )
        print("\n".join(text.splitlines()[:60]))


if __name__ == "__main__":
    sys.exit(main())
