"""Shared helpers of the benchmark scripts: timed child processes, medians, tables.

Every measurement is a child process: wall time from just before ``fork`` to ``wait4``
returning, peak memory from the ``wait4`` resource usage (``ru_maxrss``: the largest
resident set of the process or of any descendant it waited for, the figure
``/usr/bin/time -v`` prints as "Maximum resident set size"). For process pools, where the
sum of the workers matters, :func:`run` can also sample the resident memory of the whole
process tree from ``/proc`` (off by default: sampling costs CPU on a 2-core machine):
the sum of resident sets (``statm``; pages a forked worker shares with its parent count in
both) and the sum of proportional sets (``smaps_rollup`` Pss: a page shared by k processes
counts 1/k in each, so the sum is the memory the tree really holds).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Run:
    """One finished (or stopped) child process."""

    cmd: list[str]
    seconds: float
    maxrss_mb: float
    """Largest single-process resident set in the tree (wait4 ru_maxrss)."""
    returncode: int | None
    stdout: str
    stderr: str
    timed_out: bool = False
    tree_peak_mb: float | None = None
    """Largest sampled sum of resident sets over the process tree (when sampled)."""
    tree_pss_peak_mb: float | None = None
    """Largest sampled sum of proportional sets (Pss) over the process tree (when sampled)."""
    cpu_seconds: float = 0.0
    """User + system CPU time of the process and the descendants it waited for."""

    @property
    def ok(self) -> bool:
        return not self.timed_out and self.returncode == 0


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _tree_rss_kb(root: int, pss: bool = False) -> tuple[int, int]:
    """Sums over the tree under ``root``: resident sets, and (if ``pss``) proportional sets."""
    children = _children_map()
    total = proportional = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE_KB
            if pss:
                with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                    for line in handle:
                        if line.startswith(b"Pss:"):
                            proportional += int(line.split()[1])
                            break
        except (OSError, IndexError, ValueError):
            pass
        stack.extend(children.get(pid, ()))
    return total, proportional


def run(
    cmd: Sequence[str],
    cwd: Path | str | None = None,
    *,
    timeout: float | None = None,
    env: dict[str, str] | None = None,
    sample_tree: bool = False,
    stdin: bytes | None = None,
    sample_every: float = 0.05,
    sample_pss: bool = False,
) -> Run:
    """Run ``cmd`` to completion (or until ``timeout``), timed, with its peak memory
    (with ``sample_tree``, the tree's sampled every ``sample_every`` seconds; its Pss
    too with ``sample_pss``)."""
    cmd = [str(part) for part in cmd]
    if env is None:  # measure as installed: pip writes bytecode at install, so no run compiles
        env = {name: value for name, value in os.environ.items()
               if name != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            start_new_session=True,
        )
        if stdin is not None:
            assert process.stdin is not None
            process.stdin.write(stdin)
            process.stdin.close()
        done: dict[str, object] = {}

        def reap() -> None:
            _pid, status, usage = os.wait4(process.pid, 0)
            done["end"] = time.perf_counter()
            done["status"] = status
            done["usage"] = usage

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        tree_peak = tree_pss_peak = 0
        deadline = None if timeout is None else started + timeout
        timed_out = False
        while waiter.is_alive():
            if sample_tree:
                rss, pss = _tree_rss_kb(process.pid, sample_pss)
                tree_peak = max(tree_peak, rss)
                tree_pss_peak = max(tree_pss_peak, pss)
            waiter.join(sample_every if sample_tree else 0.25)
            if deadline is not None and time.perf_counter() > deadline and waiter.is_alive():
                timed_out = True
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                waiter.join()
        process.returncode = os.waitstatus_to_exitcode(done["status"])  # type: ignore[arg-type]
        end = done["end"]
        usage = done["usage"]
        out.seek(0)
        err.seek(0)
        return Run(
            cmd=cmd,
            seconds=float(end) - started,  # type: ignore[arg-type]
            maxrss_mb=usage.ru_maxrss / 1024,  # type: ignore[attr-defined]
            returncode=None if timed_out else process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=timed_out,
            tree_peak_mb=tree_peak / 1024 if sample_tree else None,
            tree_pss_peak_mb=tree_pss_peak / 1024 if sample_tree and sample_pss else None,
            cpu_seconds=usage.ru_utime + usage.ru_stime,  # type: ignore[attr-defined]
        )


@dataclass
class Series:
    """Repeated runs of one measurement."""

    name: str
    runs: list[Run] = field(default_factory=list)
    extra: list[float] = field(default_factory=list)
    """Times measured inside a process (e.g. the floor), when not the wall time."""

    @property
    def times(self) -> list[float]:
        return self.extra if self.extra else [run.seconds for run in self.runs]

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def spread(self) -> str:
        times = self.times
        if len(times) < 2:
            return ""
        return f"{min(times):.2f}-{max(times):.2f}"

    @property
    def maxrss_mb(self) -> float:
        return max((run.maxrss_mb for run in self.runs), default=float("nan"))

    @property
    def failed(self) -> bool:
        return any(not run.ok for run in self.runs)

    @property
    def state(self) -> str:
        """What a table shows instead of a time: "timed out", "failed", or nothing."""
        if any(run.timed_out for run in self.runs):
            return "timed out"
        return "failed" if self.failed else ""


def ratio(a: float, b: float) -> str:
    if not (a == a and b == b) or b <= 0:  # NaN or zero
        return "n/a"
    value = a / b
    return f"{value:.2f}x" if value < 100 else f"{value:.0f}x"


def seconds(value: float) -> str:
    if value != value:
        return "n/a"
    if value < 10:
        return f"{value:.3f} s"
    return f"{value:.1f} s"


def mb(value: float | None) -> str:
    if value is None or value != value:
        return "n/a"
    return f"{value:.0f} MB"


_NUMERIC = re.compile(r"^(?:n/a|-|[\d.][\d.,\-]*\s?(?:s|x|MB|s/MiB)?)$")


def aligned(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table, columns padded (numbers right-aligned)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = []
        for cell, width in zip(cells, widths, strict=True):
            text = str(cell)
            numeric = bool(_NUMERIC.match(text))
            parts.append(text.rjust(width) if numeric else text.ljust(width))
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; columns whose cells are mostly numbers are right-aligned."""

    def escape(cell: object) -> str:
        text = str(cell).replace("|", "\\|")
        stripped = text.lstrip(" ")
        return "&emsp;" * ((len(text) - len(stripped)) // 2) + stripped

    def numeric(column: int) -> bool:
        cells = [str(row[column]) for row in rows if str(row[column]).strip()]
        return bool(cells) and sum(c[:1].isdigit() for c in cells) * 2 > len(cells)

    lines = [
        "| " + " | ".join(escape(cell) for cell in header) + " |",
        "|" + "|".join("---:" if numeric(i) else "---" for i in range(len(header))) + "|",
    ]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_line() -> str:
    cores = os.cpu_count()
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = "?"
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            kb = int(handle.readline().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"nproc {nproc} (os.cpu_count {cores}){memory}, Python {sys.version.split()[0]}"


def load_average() -> str:
    """The 1/5/15-minute load averages: other work on the machine shows here."""
    try:
        with open("/proc/loadavg") as handle:
            return " ".join(handle.read().split()[:3])
    except OSError:
        return "?"


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


def add_common_arguments(parser: argparse.ArgumentParser, python_help: str, project_help: str) -> None:
    """``--localise``, ``--python`` and ``--project``, as both benchmark scripts take them."""
    parser.add_argument(
        "--localise",
        default=f"{shlex.quote(sys.executable)} -m pipeline",
        help="command that runs localise (default: this Python -m pipeline)",
    )
    parser.add_argument("--python", default=sys.executable, help=python_help)
    parser.add_argument("--project", type=Path, default=project_root(), help=project_help)


def copy_project(target: Path, root: Path | None = None) -> Path:
    """A temporary copy of the project's inputs: pyproject.toml, source/, locales/."""
    root = root or project_root()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "pyproject.toml", target / "pyproject.toml")
    for name in ("source", "locales"):
        shutil.copytree(root / name, target / name)
    return target


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
