"""``localise build`` on a hospital-sized library (issue 22): every figure a ratio against
a baseline measured in the same run, on generated libraries in a temporary folder.

A library of N articles is made from the two shipped articles (alternating; every unit
made unique by a counter word appended to its text, as compare.py does, titles and
descriptions included), spread over folders of 20 (``topic-01/``, half of each in
``topic-01/more/``) so the indexes group them, with complete catalogs in L languages:
each translation is the shipped catalog's translation of the base unit with the same
counter word appended, so numbers, links and markup survive and the checks pass. The
shipped languages are tr, de, ru, ar and fa; a 12-language library adds the same
catalogs under regional codes whose CLDR number notation is the shipped language's own
(tr_CY, de_AT, ru_UA, ar_EG, fa_AF, de_LU), so the checks read them alike. The catalogs
are then laid out by ``localise update`` (msgcat's layout, as a project keeps them).

Measured for each library (default 25, 100 and 400 articles x 6 languages, and
100 x 12), in interleaved rounds (round 1 of every library, then round 2, ...):

* full build: ``localise build`` from an empty ``site/`` (every check, page and PDF),
  with the process tree's memory sampled from ``/proc`` every 0.2 s (resident and
  proportional sets: see ``_harness``);
* no-op rebuild: ``localise build`` right after;
* one catalog changed: one article's Turkish catalog gets a new PO-Revision-Date (an
  editor's save), then ``localise build``: the pages re-rendered are read from the
  build's own progress lines and compared with the one page expected; the pages and PDFs
  whose file changed on disk (new inode) are counted besides;
* one English sentence changed: a word added to the first paragraph of one article,
  then ``localise build`` (its pages in every language expected, no others), and the
  change undone, then ``localise build`` again (a second sample);
* ``--jobs 1`` against the default ``--jobs`` (the core count), full builds, on one
  library (default 100 x 6): throughput and CPU / wall;
* the floor: the pages of two articles (one of each kind) in every language of the first
  library, printed by bare WeasyPrint in one process (as bench_build.py), per page.

Usage::

    .venv/bin/python benchmarks/bench_scale.py                   # full run, about 1.5 hours
    .venv/bin/python benchmarks/bench_scale.py --quick           # 4-8 articles, no PDFs
    .venv/bin/python benchmarks/bench_scale.py --libraries 25x6 400x6 --runs 2 --no-pdf

Nothing under the project is written.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
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
from bench_build import FLOOR, touch_catalog
from compare import Generator, make_generator, word

BASES = ("spinal-fusion-nerve-damage", "preparing-for-spine-surgery")
SHIPPED = ("tr", "de", "ru", "ar", "fa")
VARIANTS = (("tr_CY", "tr"), ("de_AT", "de"), ("ru_UA", "ru"), ("ar_EG", "ar"),
            ("fa_AF", "fa"), ("de_LU", "de"))
"""Regional codes whose CLDR notation (digits, decimal and group signs, percent
pattern) is that of the shipped language whose catalogs they reuse."""
PER_FOLDER = 20
FRONT_FIELDS = ("title", "description")
JOB_LINE = re.compile(r"^\[\s*\d+/\d+\]\s+(\S+)\s+(\S+)\s+html ", re.MULTILINE)


# --------------------------------------------------------------------------------------
# The library.


@dataclass(frozen=True)
class Base:
    """One shipped article: its generator and its translations in every shipped language."""

    name: str
    generator: Generator
    front: tuple[str, ...]
    """The front matter's translatable values (title, description), in the order written."""
    translations: dict[str, dict[str, tuple[str, str]]]
    """Per shipped language: msgid -> (msgstr, translator comment: its waivers)."""
    headers: dict[str, str]
    """Per shipped language: the catalog's header entry, as written."""

    @property
    def units(self) -> int:
        return self.generator.units + len(self.front)


def read_base(project: Path, name: str) -> Base:
    import polib

    text = (project / "source" / f"{name}.md").read_text("utf-8")
    generator = make_generator(text)
    front = []
    for field_name in FRONT_FIELDS:
        found = re.search(rf"^{field_name}: (.+)$", generator.front, re.MULTILINE)
        if not found or found.group(1)[:1] in "'\"|>":
            raise SystemExit(f"source/{name}.md: no plain {field_name} in the front matter")
        front.append(found.group(1))
    translations, headers = {}, {}
    for lang in SHIPPED:
        path = project / "locales" / lang / "LC_MESSAGES" / f"{name}.po"
        catalog = polib.pofile(str(path))
        translations[lang] = {entry.msgid: (entry.msgstr, entry.tcomment or "")
                              for entry in catalog
                              if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags}
        raw = path.read_text("utf-8")
        headers[lang] = raw[: raw.index("\n\n") + 2]
        missing = [msgid for msgid in (*front, *generator.base_msgids)
                   if msgid not in translations[lang]]
        if missing:
            raise SystemExit(f"{path}: {len(missing)} units untranslated, e.g. {missing[0]!r}")
    return Base(name, generator, tuple(front), translations, headers)


def po_quote(keyword: str, text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'{keyword} "{escaped.replace(chr(9), chr(92) + "t")}"\n'


@dataclass
class Library:
    """A generated project: where it is, its articles, its languages."""

    spec: str
    root: Path
    slugs: list[str]
    languages: tuple[str, ...]
    """The published languages, the source's first."""
    first_words: dict[str, str] = field(default_factory=dict)
    """Per article: the counter word of its first paragraph (the sentence benchmark's)."""

    @property
    def pages(self) -> int:
        return len(self.slugs) * len(self.languages)

    @property
    def site(self) -> Path:
        return self.root / "site"

    def source(self, slug: str) -> Path:
        return self.root / "source" / f"{slug}.md"

    def catalog(self, lang: str, slug: str) -> Path:
        return self.root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"


def slug_of(number: int, base: str) -> str:
    """Article ``number`` (0-based): 20 to a topic folder, the second ten in ``more/``."""
    folder = f"topic-{number // PER_FOLDER + 1:02d}"
    if number % PER_FOLDER >= PER_FOLDER // 2:
        folder += "/more"
    return f"{folder}/{base}-{number + 1:03d}"


def languages_for(count: int) -> tuple[tuple[str, str], ...]:
    """``count`` target languages: (code, shipped language whose catalogs it reuses)."""
    codes = (*((lang, lang) for lang in SHIPPED), *VARIANTS)
    if not 1 <= count <= len(codes):
        raise SystemExit(f"between 2 and {len(codes) + 1} languages (en included), not {count + 1}")
    return codes[:count]


def generate(spec: str, root: Path, project: Path, bases: Sequence[Base], localise: list[str],
             timeout: float) -> Library:
    """Write the library ``spec`` (``NxL``) under ``root``, its catalogs laid out by update."""
    n, total_languages = (int(part) for part in spec.lower().split("x"))
    targets = languages_for(total_languages - 1)
    settings = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))["tool"]["localise"]
    settings = {key: value for key, value in settings.items() if not isinstance(value, dict)}
    settings.update(source="source", locales="locales", site="site",
                    languages=[code for code, _ in targets])
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    (root / "localise.toml").write_text(
        "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n"
                for key, value in settings.items()), "utf-8")
    library = Library(spec, root, [], (settings.get("source-language", "en"),
                                       *(code for code, _ in targets)))
    for code, shipped in targets:
        folder = root / "locales" / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy2(project / "locales" / shipped / "glossary.csv", folder.parent)
        site_po = (project / "locales" / shipped / "LC_MESSAGES" / "site.po").read_text("utf-8")
        (folder / "site.po").write_text(relabel(site_po, shipped, code), "utf-8")
    counter = 0
    for number in range(n):
        base = bases[number % len(bases)]
        slug = slug_of(number, base.name)
        library.slugs.append(slug)
        words = [word(counter + j) for j in range(base.units)]
        counter += base.units
        front_words, body_words = words[: len(base.front)], words[len(base.front):]
        front = base.generator.front
        for field_name, value, extra in zip(FRONT_FIELDS, base.front, front_words, strict=True):
            front = front.replace(f"\n{field_name}: {value}\n", f"\n{field_name}: {value} {extra}\n")
        segments = base.generator.segments
        body = "".join(segments[j] + " " + body_words[j] for j in range(len(body_words)))
        path = library.source(slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front + body + segments[-1], "utf-8")
        library.first_words[slug] = body_words[0]
        msgids = [*base.front, *base.generator.base_msgids]
        for code, shipped in targets:
            translated = base.translations[shipped]
            chunks = [relabel(base.headers[shipped], shipped, code)]
            for msgid, extra in zip(msgids, words, strict=True):
                msgstr, comment = translated[msgid]
                chunks.append("".join(f"# {line}".rstrip() + "\n" for line in comment.splitlines())
                              + po_quote("msgid", f"{msgid} {extra}")
                              + po_quote("msgstr", f"{msgstr} {extra}") + "\n")
            catalog = library.catalog(code, slug)
            catalog.parent.mkdir(parents=True, exist_ok=True)
            catalog.write_text("".join(chunks), "utf-8")
    started = time.perf_counter()
    updated = run([*localise, "update"], root, timeout=timeout)
    if not updated.ok:
        raise SystemExit(f"{spec}: localise update failed (exit {updated.returncode}):\n"
                         f"{updated.stderr[-3000:]}")
    log(f"  {spec}: {n} articles, {counter} units, {len(targets)} languages + "
        f"{library.languages[0]}; update laid out the catalogs in "
        f"{time.perf_counter() - started:.0f} s")
    return library


def relabel(text: str, shipped: str, code: str) -> str:
    """A catalog's text with its header's Language set to ``code``."""
    if code == shipped:
        return text
    new, count = re.subn(rf'"Language: {re.escape(shipped)}\\n"', f'"Language: {code}\\\\n"',
                         text, count=1)
    if not count:
        raise SystemExit(f"no 'Language: {shipped}' header line to relabel as {code}")
    return new


# --------------------------------------------------------------------------------------
# Builds and what they did.


def rendered_pages(result: Run) -> set[tuple[str, str]]:
    """(lang, slug) of every page the build rendered, from its progress lines."""
    return {(found.group(1), found.group(2)) for found in JOB_LINE.finditer(result.stderr)}


def outputs(site: Path) -> dict[str, int]:
    """Every article page and PDF of the site: path -> inode (a rewrite makes a new one)."""
    found = {}
    for path in site.rglob("*"):
        relative = path.relative_to(site)
        if path.suffix == ".pdf" or path.name == "index.html" and len(relative.parts) > 2:
            found[relative.as_posix()] = path.stat().st_ino  # (not the indexes)
    return found


def changed_outputs(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path, inode in after.items() if before.get(path) != inode} | (
        set(before) - set(after))


def page_of(path: str) -> tuple[str, str]:
    """(lang, slug) of a page or PDF path (``tr/topic-01/x/index.html``, ``tr/topic-01/x.pdf``)."""
    lang, _, rest = path.partition("/")
    rest = rest.removesuffix("/index.html").removesuffix(".pdf")
    return lang, rest


@dataclass
class Rebuild:
    """A rebuild after a change, and what it re-rendered against what it should have."""

    run: Run
    rendered: set[tuple[str, str]]
    expected: set[tuple[str, str]]
    changed_files: set[str]

    @property
    def exact(self) -> bool:
        return self.rendered == self.expected and {
            page_of(path) for path in self.changed_files} <= self.expected


@dataclass
class Measures:
    library: Library
    full: Series = field(default_factory=lambda: Series("full"))
    noop: Series = field(default_factory=lambda: Series("noop"))
    jobs1: Series = field(default_factory=lambda: Series("jobs1"))
    catalog: list[Rebuild] = field(default_factory=list)
    sentence: list[Rebuild] = field(default_factory=list)
    full_rendered: list[int] = field(default_factory=list)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--libraries", nargs="+", default=["25x6", "100x6", "400x6", "100x12"],
                        help="libraries as ARTICLESxLANGUAGES (languages count en)")
    parser.add_argument("--runs", type=int, default=3, help="rounds of every measurement")
    parser.add_argument("--large-runs", type=int, default=2,
                        help="rounds for libraries of --large pages or more")
    parser.add_argument("--large", type=int, default=2000, help="pages of a large library")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="--jobs of every build (default: the core count, the build's own)")
    parser.add_argument("--jobs-library", default="100x6",
                        help="library on which --jobs 1 is measured ('' for none)")
    parser.add_argument("--no-pdf", action="store_true", help="build with --no-pdf (HTML only)")
    parser.add_argument("--quick", action="store_true",
                        help="development run: 4x6, 8x6 and 4x12, two rounds, no PDFs")
    parser.add_argument("--sample-every", type=float, default=0.2,
                        help="seconds between samples of the process tree's memory")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per command")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--markdown", type=Path, help="also write the tables as Markdown here")
    add_common_arguments(
        parser,
        python_help="Python with WeasyPrint for the floor (default: this one)",
        project_help="project whose two articles and catalogs the libraries are made from",
    )
    args = parser.parse_args()
    if args.quick:
        args.libraries, args.jobs_library = ["4x6", "8x6", "4x12"], "8x6"
        args.runs, args.large_runs, args.no_pdf = 2, 2, True
    localise = shlex.split(args.localise)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"work folder: {work}\n{machine_line()}")
    load_start = load_average()
    started = time.perf_counter()

    bases = [read_base(args.project, name) for name in BASES]
    log("generating the libraries ...")
    measures = [Measures(generate(spec, work / spec, args.project, bases, localise, args.timeout))
                for spec in args.libraries]
    pdf_option = ("--no-pdf",) if args.no_pdf else ()

    def build(library: Library, *options: str, sample: bool = False) -> Run:
        result = run([*localise, "build", "--jobs", str(args.jobs), *pdf_option, *options],
                     library.root, timeout=args.timeout, sample_tree=sample,
                     sample_every=args.sample_every, sample_pss=sample)
        tree = f"  tree {mb(result.tree_pss_peak_mb)} Pss" if sample else ""
        log(f"  {library.spec:<7} build {' '.join(options):<10} {result.seconds:8.2f} s  cpu "
            f"{result.cpu_seconds:7.2f} s  {result.maxrss_mb:5.0f} MB{tree}  exit "
            f"{result.returncode}  load {load_average()}")
        if not result.ok:
            raise SystemExit(f"{library.spec}: build {' '.join(options)} failed (exit "
                             f"{result.returncode}):\n{result.stdout[-3000:]}\n"
                             f"{result.stderr[-3000:]}")
        return result

    def full_build(library: Library, *options: str) -> Run:
        shutil.rmtree(library.site, ignore_errors=True)
        return build(library, *options, sample=True)

    # First builds (HTML only: the checks' verdict is the same): every language complete,
    # no error, every page published, or the run stops.
    for measure in measures:
        library = measure.library
        shutil.rmtree(library.site, ignore_errors=True)
        first = run([*localise, "build", "--jobs", str(args.jobs), "--format", "json",
                     "--no-pdf"], library.root, timeout=args.timeout)
        summary = json.loads(first.stdout) if first.stdout.strip() else {}
        problems = [f"{row['lang']}: {row['translated']}/{row['units']} units translated, "
                    f"{row['errors']} errors, {row['pages_written']} pages"
                    for row in summary.get("languages", [])
                    if row["translated"] != row["units"] or row["errors"] or row["blocked"]
                    or row["pages_written"] != len(library.slugs)]
        if first.returncode != 0 or problems or not summary:
            raise SystemExit(f"{library.spec}: the first build is not complete (exit "
                             f"{first.returncode}):\n" + "\n".join(problems)
                             + f"\n{first.stderr[-3000:]}")
        warnings = sum(row["warnings"] for row in summary["languages"])
        log(f"  {library.spec}: first build {first.seconds:.1f} s, {library.pages} pages, every "
            f"unit translated, no errors, {warnings} warnings")

    floor = Series("floor")
    floor_pages = 0
    jobs_spec = args.jobs_library if args.jobs_library in args.libraries else ""
    rounds = max(args.runs, args.large_runs)
    for number in range(rounds):
        for measure in measures:
            library = measure.library
            wanted = args.large_runs if library.pages >= args.large else args.runs
            if number >= wanted:
                continue
            log(f"round {number + 1}/{wanted} of {library.spec}")
            if measure is measures[0] and not args.no_pdf:  # the floor, from the last build
                pages = [library.site / lang / slug / "index.html"
                         for slug in library.slugs[:2] for lang in library.languages]
                copy = work / "floor-pages"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(library.site, copy)
                files = [copy / page.relative_to(library.site) for page in pages]
                result = run([args.python, "-c", FLOOR, "ua", *files], library.root,
                             timeout=args.timeout)
                if result.ok:
                    floor.runs.append(result)
                    floor.extra.append(sum(json.loads(result.stdout)["renders"]))
                    floor_pages = len(files)
                else:
                    log(f"  ! floor failed: {result.stderr[-2000:]}")
            full = full_build(library)
            measure.full.runs.append(full)
            measure.full_rendered.append(len(rendered_pages(full)))
            if library.spec == jobs_spec and args.jobs != 1:
                measure.jobs1.runs.append(full_build(library, "--jobs", "1"))
            measure.noop.runs.append(build(library))

            slug = library.slugs[(number * 7) % len(library.slugs)]
            before = outputs(library.site)
            touch_catalog(library.catalog("tr", slug), number)
            result = build(library)
            measure.catalog.append(Rebuild(result, rendered_pages(result), {("tr", slug)},
                                           changed_outputs(before, outputs(library.site))))

            slug = library.slugs[(len(library.slugs) // 2 + number * 2) % len(library.slugs)]
            path = library.source(slug)
            original = path.read_text("utf-8")
            mark = library.first_words[slug]
            changed, count = re.subn(rf" {mark}(?![a-z])", f" {mark} revised", original, count=1)
            assert count == 1, f"{path}: no {mark}"
            every = {(lang, slug) for lang in library.languages}
            for text in (changed, original):  # the change, then its undoing: two samples
                before = outputs(library.site)
                path.write_text(text, "utf-8")
                result = build(library)
                measure.sentence.append(Rebuild(result, rendered_pages(result), every,
                                                changed_outputs(before, outputs(library.site))))

    print(report(args, measures, floor, floor_pages, load_start, started, jobs_spec))
    if args.markdown:
        args.markdown.write_text(markdown_report(args, measures, floor, floor_pages, load_start,
                                                 started, jobs_spec), "utf-8")
        log(f"markdown: {args.markdown}")
    if args.keep or args.work:
        log(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(rebuild.exact for m in measures for rebuild in (*m.catalog, *m.sentence)) else 1


# --------------------------------------------------------------------------------------
# The report.


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _spread(values: Sequence[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else ""


def _cpu(series: Series) -> float:
    return _median([run.cpu_seconds for run in series.runs])


def _rebuild_note(rebuilds: Sequence[Rebuild], what: str) -> str:
    counts = sorted({len(r.rendered) for r in rebuilds})
    files = sorted({len(r.changed_files) for r in rebuilds})
    verdict = "exactly those" if all(r.exact for r in rebuilds) else "NOT exactly those"
    return (f"pages re-rendered: {'/'.join(map(str, counts))} ({verdict} of {what}); "
            f"files changed: {'/'.join(map(str, files))}")


def rows_for(args: argparse.Namespace, measures: Sequence[Measures], floor: Series,
             floor_pages: int, jobs_spec: str) -> tuple[list[list[str]], list[list[str]]]:
    """The measurement rows, and the targets' rows."""
    rows: list[list[str]] = []
    base = measures[0]
    base_per_page = base.full.median / base.library.pages
    base_cpu_page = _cpu(base.full) / base.library.pages
    floor_per_page = floor.median / floor_pages if floor_pages else float("nan")
    base_pss = max((r.tree_pss_peak_mb or 0 for r in base.full.runs), default=float("nan"))
    for measure in measures:
        library, full = measure.library, measure.full
        n, pages = len(library.slugs), library.pages
        spec = f"{n} x {len(library.languages)} ({pages} pages)"
        per_page = full.median / pages
        cpu_page = _cpu(full) / pages
        pss = max((r.tree_pss_peak_mb or 0 for r in full.runs), default=float("nan"))
        rss = max((r.tree_peak_mb or 0 for r in full.runs), default=float("nan"))
        runs = str(len(full.runs))
        rendered = "/".join(str(c) for c in sorted(set(measure.full_rendered)))
        rows += [
            [f"{spec}: full build", seconds(full.median), full.spread, runs,
             ratio(full.median, base.full.median),
             f"vs {base.library.spec}; from an empty site/, --jobs {args.jobs}; pages "
             f"rendered {rendered}"],
            ["  cost per page (wall)", seconds(per_page), "", runs,
             ratio(per_page, base_per_page),
             f"vs {base.library.spec}"
             + (f"; {ratio(per_page, floor_per_page)} bare WeasyPrint's per page"
                if floor_pages else "")],
            ["  CPU per page (user+sys)", seconds(cpu_page), "", runs,
             ratio(cpu_page, base_cpu_page),
             f"vs {base.library.spec}; CPU / wall {ratio(_cpu(full), full.median)}"],
            ["  no-op rebuild", seconds(measure.noop.median), measure.noop.spread,
             str(len(measure.noop.runs)), ratio(measure.noop.median, full.median),
             f"vs full build; pages re-rendered: "
             f"{'/'.join(str(len(rendered_pages(r))) for r in measure.noop.runs)}"],
            ["  one catalog changed (tr)",
             seconds(_median([r.run.seconds for r in measure.catalog])),
             _spread([r.run.seconds for r in measure.catalog]), str(len(measure.catalog)),
             ratio(_median([r.run.seconds for r in measure.catalog]), full.median),
             "vs full build; " + _rebuild_note(measure.catalog, "its 1 page")],
            ["  one English sentence changed",
             seconds(_median([r.run.seconds for r in measure.sentence])),
             _spread([r.run.seconds for r in measure.sentence]), str(len(measure.sentence)),
             ratio(_median([r.run.seconds for r in measure.sentence]), full.median),
             "vs full build; " + _rebuild_note(
                 measure.sentence, f"its {len(library.languages)} pages, one per language")],
            ["  peak memory, whole tree (Pss)", mb(pss), "", runs, ratio(pss, base_pss),
             f"vs {base.library.spec}; sum of resident sets {mb(rss)} (shared pages counted "
             "in each process)"],
            ["  peak memory, largest process", mb(full.maxrss_mb), "", runs,
             ratio(full.maxrss_mb, base.full.maxrss_mb), f"vs {base.library.spec} (ru_maxrss)"],
        ]
        if library.spec == jobs_spec and measure.jobs1.runs:
            one = measure.jobs1
            rows += [
                ["  full build --jobs 1", seconds(one.median), one.spread, str(len(one.runs)),
                 ratio(one.median, full.median),
                 f"vs --jobs {args.jobs}: --jobs {args.jobs} throughput "
                 f"{ratio(one.median, full.median)} of --jobs 1's"],
                ["    CPU / wall of --jobs 1", seconds(_cpu(one)), "", str(len(one.runs)),
                 ratio(_cpu(one), one.median), "1.00x: one core busy"],
                [f"    CPU / wall of --jobs {args.jobs}", seconds(_cpu(full)), "", runs,
                 ratio(_cpu(full), full.median),
                 f"{args.jobs}.00x: all busy; less: cores taken by other work"],
            ]
    if floor_pages:
        rows.append([f"floor: bare WeasyPrint, per page ({floor_pages} pages of "
                     f"{base.library.spec}, pdf/ua-1)", seconds(floor_per_page), floor.spread,
                     str(len(floor.runs)), "1.00x",
                     "one process, renders summed (import excluded)"])

    def met(ok: bool) -> str:
        return "met" if ok else "MISSED"

    targets: list[list[str]] = []
    largest = max(measures, key=lambda m: m.library.pages)
    per_page_ratio = (largest.full.median / largest.library.pages) / base_per_page
    targets.append([f"cost per page at {largest.library.spec} within 1.2x {base.library.spec}'s",
                    ratio(largest.full.median / largest.library.pages, base_per_page),
                    met(per_page_ratio <= 1.2)])
    noop = largest.noop.median
    targets.append([f"no-op rebuild of {largest.library.pages} pages under 1 s", seconds(noop),
                    met(noop < 1.0)])
    exact = all(r.exact for m in measures for r in m.catalog)
    targets.append(["one-catalog rebuild re-renders exactly its page", "every run" if exact
                    else "not every run", met(exact)])
    exact = all(r.exact for m in measures for r in m.sentence)
    targets.append(["one-sentence rebuild re-renders exactly its article's pages",
                    "every run" if exact else "not every run", met(exact)])
    peak = max(max((r.tree_pss_peak_mb or 0 for r in m.full.runs), default=0) for m in measures)
    targets.append(["peak memory of the tree under 2 GB", mb(peak), met(peak < 2048)])
    jobs = next((m for m in measures if m.library.spec == jobs_spec and m.jobs1.runs), None)
    if jobs is not None:
        speedup = jobs.jobs1.median / jobs.full.median
        targets.append([f"--jobs {args.jobs} throughput >= 1.7x --jobs 1's ({jobs_spec})",
                        f"{speedup:.2f}x", met(speedup >= 1.7)])
    return rows, targets


HEADER = ["measure", "median", "range", "runs", "ratio", "baseline / note"]
TARGETS = ["target", "measured", ""]


def _preamble(args: argparse.Namespace, load_start: str, started: float) -> list[str]:
    return [
        f"localise scale benchmark — {machine_line()}",
        f"load average (1/5/15 min) at start {load_start}, at end {load_average()}; "
        f"{(time.perf_counter() - started) / 60:.0f} min",
        f"libraries {', '.join(args.libraries)} (articles x languages, en included); "
        + ("HTML only (--no-pdf)" if args.no_pdf else "pages and PDFs")
        + f"; {args.runs} rounds ({args.large_runs} for {args.large}+ pages); memory sampled "
        f"every {args.sample_every:g} s from /proc",
    ]


def report(args: argparse.Namespace, measures: Sequence[Measures], floor: Series,
           floor_pages: int, load_start: str, started: float, jobs_spec: str) -> str:
    rows, targets = rows_for(args, measures, floor, floor_pages, jobs_spec)
    return "\n".join([*_preamble(args, load_start, started), "", aligned(HEADER, rows), "",
                      aligned(TARGETS, targets)])


def markdown_report(args: argparse.Namespace, measures: Sequence[Measures], floor: Series,
                    floor_pages: int, load_start: str, started: float, jobs_spec: str) -> str:
    rows, targets = rows_for(args, measures, floor, floor_pages, jobs_spec)
    return "\n".join([*_preamble(args, load_start, started), "", markdown_table(HEADER, rows),
                      "", markdown_table(TARGETS, targets), ""])


if __name__ == "__main__":
    sys.exit(main())
