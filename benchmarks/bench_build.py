"""Benchmark of ``localise build`` (issue 8): every figure a ratio against a baseline
measured in the same run, on a temporary copy of the project.

Measured, each ``--runs`` times (interleaved, median reported):

* the floor: every page the build produces (``site/<lang>/<slug>/index.html``) rendered
  by bare WeasyPrint, ``HTML(filename=...).write_pdf()``, all in one process (the time
  of the renders summed, interpreter start and imports excluded);
* ``localise build --force`` (default ``--jobs``, the core count), ``--jobs 1`` and
  ``--jobs 2``;
* a no-op rebuild (``localise build`` right after a build);
* a rebuild after one catalog changed (its PO-Revision-Date header rewritten);
* PDF seconds per page: the build's own per-job PDF timings (progress lines) and the
  floor's, divided by the pages of each PDF (``pdfinfo``);
* peak memory: largest single process (wait4 ``ru_maxrss``, as ``/usr/bin/time -v``) and
  the sampled sum over the process tree (the workers of a parallel build).

Usage::

    /tmp/venv/bin/python benchmarks/bench_build.py              # 5 runs, about 3 minutes
    /tmp/venv/bin/python benchmarks/bench_build.py --runs 5 --markdown /tmp/build.md

Nothing under the project is written (the copy lives in a temporary folder).
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    Run,
    Series,
    add_common_arguments,
    aligned,
    copy_project,
    load_average,
    log,
    machine_line,
    markdown_table,
    mb,
    ratio,
    run,
    seconds,
)

FLOOR = r"""
import json, logging, sys, time
t0 = time.perf_counter()
from weasyprint import HTML
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)
mode, names = sys.argv[1], sys.argv[2:]
imported = time.perf_counter() - t0
times = []
for name in names:
    started = time.perf_counter()
    if mode == "ua":  # the variant the build asks for: tagged PDF/UA-1
        HTML(filename=name).write_pdf(pdf_variant="pdf/ua-1")
    else:
        HTML(filename=name).write_pdf()
    times.append(time.perf_counter() - started)
print(json.dumps({"import": imported, "renders": times}))
"""

JOB_LINE = re.compile(
    r"\]\s+(?P<lang>\S+)\s+(?P<slug>\S+)\s+html (?P<html>[\d.]+)s(?:, pdf (?P<pdf>[\d.]+)s)?"
)


def pdf_pages(path: Path) -> int:
    """Pages of a PDF: pdfinfo when installed, else a count of page objects."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
        if found:
            return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes())) or 1


def job_times(result: Run) -> dict[str, tuple[float, float]]:
    """Per ``lang/slug``: (html seconds, pdf seconds) from the build's progress lines."""
    found = {}
    for match in JOB_LINE.finditer(result.stderr):
        found[f"{match['lang']}/{match['slug']}"] = (
            float(match["html"]),
            float(match["pdf"] or 0.0),
        )
    return found


def written_pages(result: Run) -> int | None:
    """Pages the build re-rendered, from the table it prints ("N new/M kept")."""
    counts = re.findall(r"(\d+) new/\d+ kept\s+\d+ new/\d+ kept", result.stdout)
    return sum(int(count) for count in counts) if counts else None


def touch_catalog(path: Path, round_number: int) -> None:
    """Change one catalog's bytes the way a save in an editor does: a new revision date."""
    text = path.read_text("utf-8")
    stamp = (
        f"2030-01-{1 + round_number % 28:02d} {round_number % 24:02d}:{round_number % 60:02d}+0000"
    )
    new, count = re.subn(
        r'"PO-Revision-Date: [^"\\]*\\n"', f'"PO-Revision-Date: {stamp}\\\\n"', text, count=1
    )
    if not count:  # no header line: append a translator comment instead
        new = "# benchmark touch " + stamp + "\n" + text
    path.write_text(new, "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measurement")
    add_common_arguments(
        parser,
        python_help="Python with WeasyPrint for the floor (default: this one)",
        project_help="project whose pyproject.toml, source/ and locales/ are copied",
    )
    parser.add_argument(
        "--catalog",
        default="tr/spinal-fusion-nerve-damage",
        help="LANG/NAME of the catalog the one-change rebuild touches",
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per command")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = parser.parse_args()
    localise = shlex.split(args.localise)

    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    project = copy_project(work / "project", args.project)
    lang, name = args.catalog.split("/", 1)
    catalog = project / "locales" / lang / "LC_MESSAGES" / f"{name}.po"
    log(f"project copy: {project}")
    log(machine_line())
    load_start = load_average()

    def build(*options: str, sample: bool = False) -> Run:
        result = run(
            [*localise, "build", *options], project, timeout=args.timeout, sample_tree=sample
        )
        log(
            f"  build {' '.join(options):<22} {result.seconds:7.2f} s  cpu {result.cpu_seconds:6.2f} s"
            f"  {result.maxrss_mb:5.0f} MB  exit {result.returncode}"
        )
        if not result.ok:
            log(
                f"  ! {' '.join(options) or 'build'}: exit {result.returncode}"
                f"{' (timed out)' if result.timed_out else ''}\n{result.stderr[-2000:]}"
            )
        return result

    log("first build (untimed: creates site/) ...")
    first = build("--jobs", "1")
    if first.returncode not in (0,):
        log("the first build failed: stopping (see above)")
        print(first.stdout)
        return 2
    pages_html = sorted((project / "site").glob("*/*/index.html"))
    pdfs = {
        f"{p.parent.parent.name}/{p.parent.name}": p.parent.parent / f"{p.parent.name}.pdf"
        for p in pages_html
    }
    page_counts = {key: pdf_pages(path) for key, path in pdfs.items() if path.exists()}
    total_pdf_pages = sum(page_counts.values())
    log(f"{len(pages_html)} article pages, {len(page_counts)} PDFs, {total_pdf_pages} PDF pages")

    series = {
        key: Series(key)
        for key in ("floor", "floor-ua", "force", "jobs1", "jobs2", "noop", "one-catalog")
    }
    floor_import: list[float] = []
    floor_per_file: list[list[float]] = []
    job_pdf: list[float] = []
    job_html: list[float] = []
    one_written: list[int | None] = []
    for number in range(1, args.runs + 1):
        log(f"round {number}/{args.runs}")
        # Floor first, on a copy of the pages (a later build replaces site/).
        pages_copy = work / f"pages-{number}"
        shutil.rmtree(pages_copy, ignore_errors=True)
        shutil.copytree(project / "site", pages_copy)
        files = [pages_copy / p.relative_to(project / "site") for p in pages_html]
        floor = run([args.python, "-c", FLOOR, "bare", *files], project, timeout=args.timeout)
        if floor.ok:
            data = json.loads(floor.stdout)
            floor.seconds = sum(data["renders"])
            series["floor"].runs.append(floor)
            series["floor"].extra.append(floor.seconds)
            floor_import.append(data["import"])
            floor_per_file.append(data["renders"])
            ua = run([args.python, "-c", FLOOR, "ua", *files], project, timeout=args.timeout)
            if ua.ok:
                ua.seconds = sum(json.loads(ua.stdout)["renders"])
                series["floor-ua"].runs.append(ua)
                series["floor-ua"].extra.append(ua.seconds)
            else:
                log(f"  ! floor (pdf/ua-1) failed: {ua.stderr[-2000:]}")
        else:
            log(f"  ! floor failed: {floor.stderr[-2000:]}")
        shutil.rmtree(pages_copy, ignore_errors=True)

        forced = build("--force")
        series["force"].runs.append(forced)
        one = build("--force", "--jobs", "1")
        series["jobs1"].runs.append(one)
        timings = job_times(one)
        job_pdf.append(sum(pdf for _html, pdf in timings.values()))
        job_html.append(sum(html for html, _pdf in timings.values()))
        series["jobs2"].runs.append(build("--force", "--jobs", "2"))
        series["noop"].runs.append(build())
        touch_catalog(catalog, number)
        changed = build()
        series["one-catalog"].runs.append(changed)
        one_written.append(written_pages(changed))

    log("memory run (process tree sampled) ...")
    sampled = build("--force", sample=True)
    sampled1 = build("--force", "--jobs", "1", sample=True)

    full = series["force"].median
    floor_s = series["floor"].median
    jobs1 = series["jobs1"].median
    html_s = statistics.median(job_html) if job_html else float("nan")
    pdf_s = statistics.median(job_pdf) if job_pdf else float("nan")
    rest_s = jobs1 - html_s - pdf_s
    import_s = statistics.median(floor_import) if floor_import else float("nan")
    n = args.runs
    cores = __import__("os").cpu_count()
    written = sorted({w for w in one_written if w is not None})

    def spread(values: list[float]) -> str:
        return f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else ""

    def rng(key: str) -> str:
        return spread(series[key].times)

    def cpu_median(key: str) -> float:
        values = [r.cpu_seconds for r in series[key].runs]
        return statistics.median(values) if values else float("nan")

    def cpu(key: str) -> str:
        return seconds(cpu_median(key))

    pages = total_pdf_pages
    rows = [
        [
            "floor: bare WeasyPrint, all pages, one process",
            seconds(floor_s),
            rng("floor"),
            n,
            "1.00x",
            f"sum of {len(pages_html)} renders (import {import_s:.2f} s excluded)",
        ],
        [
            "same, write_pdf(pdf_variant='pdf/ua-1') as the build",
            seconds(series["floor-ua"].median),
            rng("floor-ua"),
            n,
            ratio(series["floor-ua"].median, floor_s),
            "vs floor (own process, same way)",
        ],
        [
            f"build --force (default --jobs = {cores})",
            seconds(full),
            rng("force"),
            n,
            ratio(full, floor_s),
            "vs floor",
        ],
        [
            "build --force --jobs 1",
            seconds(jobs1),
            rng("jobs1"),
            n,
            ratio(jobs1, floor_s),
            "vs floor",
        ],
        [
            "  of which: PDF (WeasyPrint in jobs)",
            seconds(pdf_s),
            spread(job_pdf),
            n,
            ratio(pdf_s, floor_s),
            "vs floor (per-job timings, 0.1 s resolution)",
        ],
        [
            "  of which: HTML (assemble+render in jobs)",
            seconds(html_s),
            spread(job_html),
            n,
            ratio(html_s, jobs1),
            "vs build --jobs 1",
        ],
        [
            "  of which: rest (start, checks, indexes, publish)",
            seconds(rest_s),
            "",
            n,
            ratio(rest_s, jobs1),
            "vs build --jobs 1",
        ],
        [
            "build --force --jobs 2",
            seconds(series["jobs2"].median),
            rng("jobs2"),
            n,
            ratio(series["jobs2"].median, jobs1),
            "vs --jobs 1",
        ],
        [
            "  CPU time (user+sys) of --jobs 1",
            cpu("jobs1"),
            "",
            n,
            ratio(cpu_median("jobs1"), jobs1),
            "CPU / wall (1.00x: one core busy)",
        ],
        [
            "  CPU time (user+sys) of --jobs 2",
            cpu("jobs2"),
            "",
            n,
            ratio(cpu_median("jobs2"), series["jobs2"].median),
            "CPU / wall (2.00x: both cores busy; less: cores taken by other work)",
        ],
        [
            "no-op rebuild",
            seconds(series["noop"].median),
            rng("noop"),
            n,
            ratio(series["noop"].median, full),
            "vs full build",
        ],
        [
            f"one catalog changed ({args.catalog}.po)",
            seconds(series["one-catalog"].median),
            rng("one-catalog"),
            n,
            ratio(series["one-catalog"].median, full),
            f"vs full build; pages re-rendered: {', '.join(map(str, written)) or '?'}",
        ],
        [
            "PDF per page, build (jobs 1)",
            seconds(pdf_s / pages),
            "",
            n,
            ratio(pdf_s, floor_s),
            f"{pages} pages; vs floor per page",
        ],
        ["PDF per page, floor", seconds(floor_s / pages), "", n, "1.00x", f"{pages} pages"],
        [
            "peak RSS, build --force, largest process",
            mb(series["force"].maxrss_mb),
            "",
            n,
            ratio(series["force"].maxrss_mb, series["floor"].maxrss_mb),
            "vs floor process",
        ],
        [
            f"peak RSS, build --force, whole tree (jobs {cores})",
            mb(sampled.tree_peak_mb),
            "",
            1,
            ratio(sampled.tree_peak_mb or float("nan"), series["floor"].maxrss_mb),
            "sampled every 50 ms; vs floor process",
        ],
        [
            "peak RSS, build --force --jobs 1, whole tree",
            mb(sampled1.tree_peak_mb),
            "",
            1,
            ratio(sampled1.tree_peak_mb or float("nan"), series["floor"].maxrss_mb),
            "sampled every 50 ms; vs floor process",
        ],
        ["peak RSS, floor process", mb(series["floor"].maxrss_mb), "", n, "1.00x", ""],
    ]
    header = ["measure", "median", "range", "runs", "ratio", "baseline / note"]
    failed = [key for key, s in series.items() if s.failed]
    print(f"localise build benchmark — {machine_line()}")
    print(f"load average (1/5/15 min) at start {load_start}, at end {load_average()}")
    print(
        f"project: {len(pages_html)} pages ({len(page_counts)} PDFs, {total_pdf_pages} PDF "
        f"pages), languages from {args.project / 'pyproject.toml'}"
    )
    print()
    print(aligned(header, [[str(c) for c in row] for row in rows]))
    if floor_per_file:
        per_page = [
            f"{pages_html[i].parent.parent.name}/{pages_html[i].parent.name} "
            f"{statistics.median(r[i] for r in floor_per_file):.2f}s"
            for i in range(len(pages_html))
        ]
        print("\nfloor per file (median): " + "; ".join(per_page))
    if failed:
        print(f"\nFAILED runs in: {', '.join(failed)} (see stderr)")
    if args.markdown:
        args.markdown.write_text(
            f"Machine: {machine_line()}; load average at start {load_start}, at end "
            f"{load_average()}; {len(pages_html)} pages, {total_pdf_pages} PDF pages; "
            f"median of {n} runs.\n\n"
            + markdown_table(header, [[str(c) for c in row] for row in rows])
            + "\n",
            "utf-8",
        )
        log(f"markdown table: {args.markdown}")
    if args.keep:
        log(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
