"""No data loss under faults: SIGKILL at random points of ``update`` and ``build``, a
crash at every single write, and commands run at the same time.

The project changes between an old and a new state (an edited English sentence), so every
output differs between the two. After each fault: every catalog and template is
byte-identical to its old or its new version (never half, never missing), nothing that
looks like a catalog is left behind, and ``site/`` is the old complete site or the new
complete one, compared file by file with reference builds; then the same command, run
again, completes the new state.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests_support import clone

ARTICLE = "spinal-fusion-nerve-damage"
OLD_SENTENCE = "Choosing to have spinal fusion surgery is a big step."
NEW_SENTENCE = "Choosing spinal fusion surgery is a big decision."
TRIALS = 25
SEED = 20251125


def localise(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=project,
                          capture_output=True, text=True, errors="replace", check=False,
                          env={**os.environ, "NO_COLOR": "1"}, timeout=300)


def start(project: Path, *args: str) -> subprocess.Popen[str]:
    """The command in its own process group, so a kill takes its workers with it."""
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            errors="replace", env={**os.environ, "NO_COLOR": "1"},
                            start_new_session=True)


def kill(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it had finished
    process.communicate()


def files(root: Path, pattern: str = "**/*") -> dict[str, bytes]:
    if not root.is_dir():
        return {}
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.glob(pattern)) if path.is_file()}


def catalogs(project: Path) -> dict[str, bytes]:
    """Catalogs and templates, as every command finds them (``*.po``, ``*.pot``)."""
    found = files(project / "locales", "*/LC_MESSAGES/*.po")
    found.update({f"templates/{name}": data
                  for name, data in files(project / "locales" / "templates", "*.pot").items()})
    return found


def edit_source(project: Path) -> None:
    path = project / "source" / f"{ARTICLE}.md"
    text = path.read_text("utf-8")
    assert OLD_SENTENCE in text
    path.write_text(text.replace(OLD_SENTENCE, NEW_SENTENCE), "utf-8")


@dataclass(frozen=True)
class States:
    """The project before (old) and after (new) each command, and its run time."""

    start: Path
    """Old catalogs and old site, with the English already edited: where trials begin."""
    old_catalogs: dict[str, bytes]
    updated_catalogs: dict[str, bytes]
    built_catalogs: dict[str, bytes]
    old_site: dict[str, bytes]
    new_site: dict[str, bytes]
    updated_site: dict[str, bytes]
    """The site built after update (update then build)."""
    update_seconds: float
    build_seconds: float


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> States:
    from conftest import copy_project

    root = tmp_path_factory.mktemp("faults")
    base = copy_project(root / "base")
    assert localise(base, "build", "--no-pdf").returncode == 0
    old_catalogs, old_site = catalogs(base), files(base / "site")
    edit_source(base)

    updated = clone(base, root / "updated")
    shutil.copytree(base / "site", updated / "site")
    began = time.perf_counter()
    assert localise(updated, "update").returncode == 0
    update_seconds = time.perf_counter() - began

    built = clone(base, root / "built")
    shutil.copytree(base / "site", built / "site")
    began = time.perf_counter()
    done = localise(built, "build", "--no-pdf")
    build_seconds = time.perf_counter() - began
    assert done.returncode == 0, done.stderr

    again = clone(base, root / "again")  # the same build twice: the outputs are a function
    shutil.copytree(base / "site", again / "site")  # of the inputs, so comparing is fair
    assert localise(again, "build", "--no-pdf").returncode == 0
    assert files(again / "site") == files(built / "site")

    assert localise(updated, "build", "--no-pdf").returncode == 0
    states = States(base, old_catalogs, catalogs(updated), catalogs(built), old_site,
                    files(built / "site"), files(updated / "site"), update_seconds,
                    build_seconds)
    assert states.updated_catalogs != old_catalogs and states.new_site != old_site
    assert states.built_catalogs == old_catalogs  # build writes site/ only, never locales/
    return states


def trial_copy(states: States, target: Path, site: bool = True) -> Path:
    project = clone(states.start, target)
    if site:
        shutil.copytree(states.start / "site", project / "site")
    return project


def delays(seconds: float) -> Iterator[float]:
    """One kill time in each 25th of the command's run (and a little after), seeded."""
    rng = random.Random(SEED)
    span = seconds * 1.1
    for trial in range(TRIALS):
        yield span * (trial + rng.random()) / TRIALS


def assert_each_old_or_new(found: dict[str, bytes], old: dict[str, bytes],
                           new: dict[str, bytes]) -> str:
    """Every catalog is one version or the other; return which: old, new or mixed."""
    assert set(found) == set(old) == set(new), set(found) ^ set(old)
    versions = set()
    for name, data in found.items():
        if data == old[name] == new[name]:
            continue
        assert data in (old[name], new[name]), f"{name}: half-written or foreign bytes"
        versions.add("old" if data == old[name] else "new")
    return versions.pop() if len(versions) == 1 else "mixed" if versions else "old"


def assert_no_stray_catalogs(project: Path, expected: dict[str, bytes]) -> int:
    """Leftovers of a killed write are hidden ``.NAME.tmp`` files that no command reads;
    return how many there are."""
    leftovers = 0
    for path in (project / "locales").rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(project / "locales").as_posix()
        if name.startswith("templates/") or "/LC_MESSAGES/" in name:
            if name in expected or name.endswith(".csv"):
                continue
            assert path.name.startswith(".") and path.name.endswith(".tmp"), name
            assert not path.name.endswith((".po", ".pot")), name
            leftovers += 1
    return leftovers


MANIFEST = ".localise-manifest.json"


def published(site: dict[str, bytes]) -> dict[str, bytes]:
    """The site without the manifest's per-run counts (pages written or kept), which
    depend on the build before; every page, index, sitemap and hash stays compared."""
    manifest = json.loads(site[MANIFEST])
    manifest.pop("rows")
    return {**site, MANIFEST: json.dumps(manifest, sort_keys=True).encode()}


def assert_site_is_one_build(project: Path, *builds: dict[str, bytes],
                             exact: bool = True) -> int:
    """``site/`` exists and equals one complete reference build; return which."""
    site = files(project / "site")
    assert site, "site/ is missing"
    if not exact:
        site, builds = published(site), tuple(published(build) for build in builds)
    for number, build in enumerate(builds):
        if site == build:
            return number
    closest = min(builds, key=lambda build: len(set(site.items()) ^ set(build.items())))
    differing = sorted({name for name in site.keys() | closest.keys()
                        if site.get(name) != closest.get(name)})
    raise AssertionError(f"site/ is a mix of builds: {differing[:5]}")


def test_sigkill_during_update(states: States, tmp_path: Path) -> None:
    outcomes = {"old": 0, "new": 0, "mixed": 0}
    leftovers = 0
    for trial, delay in enumerate(delays(states.update_seconds)):
        project = trial_copy(states, tmp_path / f"trial{trial:02d}", site=False)
        process = start(project, "update")
        time.sleep(delay)
        kill(process)
        found = catalogs(project)
        outcomes[assert_each_old_or_new(found, states.old_catalogs,
                                        states.updated_catalogs)] += 1
        leftovers += assert_no_stray_catalogs(project, found)
        assert not (project / "site").exists()
        if trial % 5 == 4:  # and the next run completes the work
            again = localise(project, "update")
            assert again.returncode == 0, again.stderr
            assert catalogs(project) == states.updated_catalogs
        shutil.rmtree(project)
    print(f"\nupdate killed {TRIALS} times over {states.update_seconds:.2f} s: {outcomes}, "
          f"{leftovers} hidden temp file(s) left")
    assert outcomes["old"]  # (the last kills usually come after the end: all new)


def test_sigkill_during_build(states: States, tmp_path: Path) -> None:
    outcomes = [0, 0]
    leftovers = staging = 0
    for trial, delay in enumerate(delays(states.build_seconds)):
        project = trial_copy(states, tmp_path / f"trial{trial:02d}")
        process = start(project, "build", "--no-pdf")
        time.sleep(delay)
        kill(process)
        outcomes[assert_site_is_one_build(project, states.old_site, states.new_site)] += 1
        found = catalogs(project)
        assert_each_old_or_new(found, states.old_catalogs, states.built_catalogs)
        leftovers += assert_no_stray_catalogs(project, found)
        staging += len(list(project.glob(".site.*")))
        if trial % 5 == 4:  # the next build completes the new site and clears the leftovers
            again = localise(project, "build", "--no-pdf")
            assert again.returncode == 0, again.stderr
            assert files(project / "site") == states.new_site
            assert not list(project.glob(".site.*"))
        shutil.rmtree(project)
    print(f"\nbuild killed {TRIALS} times over {states.build_seconds:.2f} s: "
          f"old site {outcomes[0]}, new site {outcomes[1]}, {leftovers} temp file(s) left "
          f"in locales/, {staging} hidden .site.* staging folder(s) beside site/")
    assert outcomes[0]  # (the last kills usually come after the end: the new site)


def test_ctrl_c_during_build_says_so_once_and_leaves_one_site(
    states: States, tmp_path: Path
) -> None:
    """Ctrl-C reaches the command and its forked workers (one process group): the command
    says it was interrupted and exits 130, no worker prints a traceback, none is left
    running, and site/ is the previous build or the new one."""
    interrupted = 0
    for trial, delay in enumerate(list(delays(states.build_seconds))[::3]):
        project = trial_copy(states, tmp_path / f"trial{trial:02d}")
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "build", "--no-pdf"], cwd=project,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
            env={**os.environ, "NO_COLOR": "1"}, start_new_session=True,
            # Ctrl-C's default action, even where the test runner started with it ignored
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        time.sleep(delay)
        try:
            os.killpg(process.pid, signal.SIGINT)
        except ProcessLookupError:
            pass  # it had finished
        _out, err = process.communicate(timeout=120)
        # Before any of localise runs, the interpreter's own start-up stops: by the signal
        # itself (-SIGINT) or, once Python has set its handler, in one of its init_ steps
        # (the site module, the standard streams), which Python reports itself as a fatal
        # error in that step (both seen on a loaded machine).
        if not err.startswith("Fatal Python error: init_"):
            assert "Traceback" not in err, err
            assert process.returncode in (0, 130, -signal.SIGINT), err
        if process.returncode == 130:
            interrupted += 1
            assert err.strip().splitlines()[-1] in ("aborted", "interrupted"), err
        time.sleep(0.2)
        with pytest.raises(ProcessLookupError):
            os.killpg(process.pid, 0)  # no worker of the build is left
        assert_site_is_one_build(project, states.old_site, states.new_site)
        shutil.rmtree(project)
    assert interrupted >= 3


def living_in_group(pgid: int) -> list[int]:
    """Processes of a process group that are not zombies (from /proc: Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_workers_die_with_a_build_killed_alone(states: States, tmp_path: Path) -> None:
    """SIGKILL to the build's own process only (as the out-of-memory killer or a runner's
    timeout sends it): its forked workers die too, instead of living on blocked on a
    queue nobody writes to, or writing pages into a staging folder nobody publishes."""
    project = trial_copy(states, tmp_path / "killed", site=False)
    process = start(project, "build", "--force")  # with PDFs: the pool's workers print
    deadline = time.monotonic() + 60
    while not list(project.glob(".site.staging-*/*/*.pdf")) and process.poll() is None and \
            time.monotonic() < deadline:
        time.sleep(0.01)  # until the first PDF: the pool's workers are busy printing
    assert len(living_in_group(process.pid)) >= 3, "the build and two workers, running"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while living_in_group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = living_in_group(process.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever is left, before reading its pipes
    process.communicate()
    assert survivors == [], "workers outlived the build"


# --- a crash at every write ---------------------------------------------------------

CRASH_AT = "LOCALISE_TEST_CRASH_AT_WRITE"
CRASHER = """
import os, sys
import pipeline.files as files

count = 0
real_replace = os.replace

def replace(source, target):
    global count
    count += 1
    if count == int(os.environ["{var}"]):
        os._exit(137)  # as SIGKILL: no cleanup, the temp file stays where it is
    real_replace(source, target)

files.os.replace = replace
from pipeline.__main__ import main
sys.argv = ["localise", *sys.argv[1:]]
main()
""".replace("{var}", CRASH_AT)


def test_a_crash_at_every_write_of_update(states: States, tmp_path: Path) -> None:
    """Process death at the n-th rename of update (templates, then catalogs), for every n:
    each file old or new, a dead write leaves a hidden temp file, never a catalog."""
    script = tmp_path / "crash.py"
    script.write_text(CRASHER, "utf-8")
    changed = {name for name, data in states.updated_catalogs.items()
               if data != states.old_catalogs[name]}
    writes = 0
    for point in range(1, 40):
        project = trial_copy(states, tmp_path / f"crash{point:02d}")
        done = subprocess.run([sys.executable, str(script), "update"], cwd=project,
                              capture_output=True, text=True, errors="replace",
                              env={**os.environ, CRASH_AT: str(point),
                                   "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
        found = catalogs(project)
        assert_each_old_or_new(found, states.old_catalogs, states.updated_catalogs)
        leftovers = assert_no_stray_catalogs(project, found)
        shutil.rmtree(project)
        if done.returncode == 0:  # fewer writes than ``point``: every point was tried
            assert leftovers == 0
            break
        assert done.returncode == 137 and leftovers == 1, done.stderr
        writes = point
    assert writes == len(changed) >= 6  # a template and the 5 catalogs of the article


# --- two commands at once ------------------------------------------------------------

def test_a_held_lock_makes_build_wait_then_give_up_with_exit_2(states: States,
                                                               tmp_path: Path) -> None:
    from pipeline.files import lock_path, project_lock

    project = trial_copy(states, tmp_path / "held")
    with project_lock(project, 5, "testing"):
        began = time.perf_counter()
        done = localise(project, "build", "--no-pdf", "--wait", "1")
        waited = time.perf_counter() - began
    assert done.returncode == 2, done.stderr
    assert "waiting up to 1 s for another localise command" in done.stderr
    assert f"{lock_path(project)}: another localise command is running in this project; " \
           "gave up after 1 s" in done.stderr
    assert "Traceback" not in done.stderr and waited >= 1
    assert files(project / "site") == states.old_site
    assert catalogs(project) == states.old_catalogs


def test_build_and_update_wait_for_a_held_lock_then_run(states: States, tmp_path: Path) -> None:
    from pipeline.files import project_lock

    project = trial_copy(states, tmp_path / "waiting")
    with project_lock(project, 5, "testing"):
        build = start(project, "build", "--no-pdf", "--wait", "60")
        update = start(project, "update", "--wait", "60")
        time.sleep(2.5)
        assert build.poll() is None and update.poll() is None  # both wait
        assert files(project / "site") == states.old_site
        assert catalogs(project) == states.old_catalogs
    build_out, build_err = build.communicate(timeout=120)
    update_out, update_err = update.communicate(timeout=120)
    assert build.returncode == 0 and update.returncode == 0, (build_err, update_err)
    assert "waiting up to 60 s" in build_err and "waiting up to 60 s" in update_err
    assert catalogs(project) == states.updated_catalogs
    assert_site_is_one_build(project, states.new_site, states.updated_site, exact=False)


def test_two_builds_and_an_update_at_once(states: States, tmp_path: Path) -> None:
    """Started together, they run one after the other: each exits 0, the catalogs are the
    updated ones and site/ is one complete build (before or after the update)."""
    project = trial_copy(states, tmp_path / "together")
    processes = [start(project, "build", "--no-pdf"), start(project, "build", "--no-pdf"),
                 start(project, "update")]
    results = [(process, *process.communicate(timeout=180)) for process in processes]
    for process, _out, err in results:
        assert process.returncode == 0, err
        assert "Traceback" not in err
    assert sum("waiting up to" in err for _, _, err in results) >= 1
    assert catalogs(project) == states.updated_catalogs
    assert_site_is_one_build(project, states.new_site, states.updated_site, exact=False)


def test_the_lock_is_no_file_of_the_users_repository(project_dir: Path) -> None:
    """Regression: every command left ``.localise.lock`` in the project, an untracked file
    in ``git status`` of the user's repository (which ignores only its build output)."""
    git = ("git", "-c", "user.name=t", "-c", "user.email=t@example.org")
    (project_dir / ".gitignore").write_text("site/\n", "utf-8")
    subprocess.run([*git, "init", "-q"], cwd=project_dir, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project_dir, check=True)
    subprocess.run([*git, "commit", "-qm", "articles"], cwd=project_dir, check=True)
    for args in (("update",), ("init", "es"), ("build", "--no-pdf", "--lang", "tr")):
        done = localise(project_dir, *args)
        assert done.returncode == 0, (args, done.stderr)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                            cwd=project_dir, capture_output=True, text=True, check=True)
    assert status.stdout.splitlines() == [
        f"?? locales/es/LC_MESSAGES/{name}.po"
        for name in ("preparing-for-spine-surgery", "site", "spinal-fusion-nerve-damage")
    ]
