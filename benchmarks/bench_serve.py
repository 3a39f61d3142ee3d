"""Benchmark of ``localise serve`` (issue 23): from a translator's save to the open page
showing it, against the command they would otherwise run, measured in the same run.

On a temporary copy of the project, ``localise serve --lang tr --port 0`` runs with the
Turkish page open in Debian's chromium (``tests/browser/preview.mjs``); each of ``--runs``
edits puts a new word into one translation of the Turkish catalog and times, from the
save:

* **seen**: the server's "changed" line (polling, and waiting for the writes to stop);
* **rebuilt**: its "rebuilt" line (the build of the changed page, ungated, HTML only);
* **on the page**: chromium's page shows the new text, reloaded by the page itself.

The baseline is the same edit followed by ``localise build --no-pdf --lang tr`` in a
process of its own (what a translator runs by hand, before reloading the page), on a
second copy built once beforehand. Then a look at the inputs (``serve.snapshot``) on the
shipped project and on a generated docs tree of 2,500 files: its time, the poll interval
the watcher picks, and the share of one core that polling takes.

Usage::

    .venv/bin/python benchmarks/bench_serve.py               # 10 edits, under a minute
    .venv/bin/python benchmarks/bench_serve.py --runs 20

Nothing under the project is written (the copies live in a temporary folder).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import aligned, load_average, machine_line, project_root, ratio, run, seconds

from pipeline.config import load_project
from pipeline.serve import POLL_SECONDS, snapshot

ARTICLE = "spinal-fusion-nerve-damage"
CATALOG = f"locales/tr/LC_MESSAGES/{ARTICLE}.po"
BROWSER = project_root() / "tests" / "browser" / "preview.mjs"


def copy_project(target: Path) -> Path:
    root = project_root()
    target.mkdir(parents=True)
    shutil.copy2(root / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(root / "source", target / "source")
    shutil.copytree(root / "locales", target / "locales")
    return target


def edit(catalog: Path, number: int) -> str:
    """A new word in the same translation each time (as a translator's save); the new
    translation, as the page will show it."""
    import polib

    po = polib.pofile(str(catalog))
    terms = load_project(catalog.parent).protected_terms
    entry = next(e for e in po if e.msgstr and len(e.msgstr) > 60
                 and not re.search(r"[\d*_\[\]`<>\"'%-]", e.msgid + e.msgstr)
                 and not any(term in e.msgid for term in terms))
    words = [word for word in entry.msgstr.split(" ") if not word.startswith("düzeltme")]
    entry.msgstr = " ".join([words[0], f"düzeltme{number}", *words[1:]])
    po.save(str(catalog))
    return entry.msgstr


class Lines:
    """A process's standard output, line by line as it comes, each with its arrival time."""

    def __init__(self, stream) -> None:
        self.queue: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.queue.put((time.monotonic(), line.rstrip("\n")))

    def until(self, pattern: str, timeout: float = 60) -> tuple[float, re.Match[str]]:
        deadline = time.monotonic() + timeout
        while True:
            at, line = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            found = re.search(pattern, line)
            if found:
                return at, found


def measure_serve(root: Path, runs: int) -> dict[str, list[float]]:
    serve = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--lang", "tr", "--port", "0"], cwd=root,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "NO_COLOR": "1"})
    lines = Lines(serve.stdout)
    browser = None
    try:
        url = lines.until(r"^serving (http://\S+) ")[1].group(1)
        browser = subprocess.Popen(["node", str(BROWSER), f"{url}{ARTICLE}/"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert browser.stdin is not None and browser.stdout is not None
        assert json.loads(browser.stdout.readline())["ok"]
        times: dict[str, list[float]] = {"seen": [], "rebuilt": [], "on the page": []}
        for number in range(runs):
            time.sleep(0.5)  # (a translator does not save twice in a second)
            started = time.monotonic()
            text = edit(root / CATALOG, number)
            check = f"document.querySelector('main').textContent.includes({text!r})"
            browser.stdin.write(json.dumps({"wait": check, "timeout": 20_000}) + "\n")
            browser.stdin.flush()
            shown = json.loads(browser.stdout.readline())
            on_page = time.monotonic()
            assert shown["ok"], shown
            seen = lines.until(r" changed$")[0]
            rebuilt = lines.until(r"^  rebuilt ")[0]
            times["seen"].append(seen - started)
            times["rebuilt"].append(rebuilt - started)
            times["on the page"].append(on_page - started)
        return times
    finally:
        if browser is not None and browser.stdin is not None:
            browser.stdin.write('{"quit": true}\n')
            browser.stdin.close()
            browser.wait(30)
        serve.send_signal(2)
        serve.wait(30)


def measure_build(root: Path, runs: int) -> list[float]:
    command = [sys.executable, "-m", "pipeline", "build", "--no-pdf", "--lang", "tr"]
    assert run(command, root, timeout=300).ok  # built once: the next builds are incremental
    times = []
    for number in range(runs):
        edit(root / CATALOG, number)
        done = run(command, root, timeout=300)
        assert done.ok, done
        times.append(done.seconds)
    return times


def measure_looks(work: Path) -> list[tuple[str, int, float]]:
    """(tree, files, seconds of one look) for the shipped project and a 2,500-file tree."""
    tree = work / "docs-tree"
    (tree / "localise.toml").parent.mkdir(parents=True)
    (tree / "localise.toml").write_text('source = "docs"\nlanguages = ["de", "fr", "es"]\n')
    for number in range(500):
        folder = f"s{number % 20}"
        (tree / "docs" / folder).mkdir(parents=True, exist_ok=True)
        (tree / "docs" / folder / f"p{number}.md").write_text("# Page\n")
        (tree / "docs" / folder / f"p{number}.png").write_bytes(b"\x89PNG")
        for lang in ("de", "fr", "es"):
            catalogs = tree / "locales" / lang / "LC_MESSAGES" / folder
            catalogs.mkdir(parents=True, exist_ok=True)
            (catalogs / f"p{number}.po").write_text('msgid ""\nmsgstr ""\n')
    found = []
    for name, root in (("shipped project", work / "serve"), ("docs tree", tree)):
        project = load_project(root)
        files = len(snapshot(project))
        looks = []
        for _ in range(20):
            started = time.perf_counter()
            snapshot(project)
            looks.append(time.perf_counter() - started)
        found.append((name, files, statistics.median(looks)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="edits measured (default 10)")
    arguments = parser.parse_args()
    load_start = load_average()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        work = Path(folder)
        served = measure_serve(copy_project(work / "serve"), arguments.runs)
        built = measure_build(copy_project(work / "build"), arguments.runs)
        looks = measure_looks(work)
    baseline = statistics.median(built)
    print(f"localise serve benchmark — {machine_line()}")
    print(f"load average (1/5/15 min) at start {load_start}, at end {load_average()}")
    print(f"{arguments.runs} saves of {CATALOG}, medians (min-max)\n")
    rows = [[name, seconds(statistics.median(times)), f"{min(times):.2f}-{max(times):.2f}",
             ratio(statistics.median(times), baseline)] for name, times in served.items()]
    rows.append(["build --no-pdf --lang tr (baseline)", seconds(baseline),
                 f"{min(built):.2f}-{max(built):.2f}", "1.00x"])
    print(aligned(["from the save to", "time", "spread", "vs baseline"], rows))
    print()
    rows = []
    for name, files, look in looks:
        interval = max(POLL_SECONDS, 20 * look)
        rows.append([name, str(files), f"{look * 1000:.1f} ms", f"{interval:.2f} s",
                     f"{look / interval:.1%}"])
    print(aligned(["inputs", "files", "one look", "poll every", "of one core"], rows))


if __name__ == "__main__":
    main()
