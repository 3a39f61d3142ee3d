"""The command line as users meet it: help with examples, exit codes, JSON for CI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = ("extract", "init", "update", "check", "status", "build", "export", "import",
            "serve")


def localise(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True,
                          text=True, check=False, env={**os.environ, "NO_COLOR": "1"})


def test_version_and_help(project_dir: Path) -> None:
    assert localise("--version", cwd=project_dir).stdout.startswith("localise, version ")
    listing = localise("--help", cwd=project_dir).stdout
    for command in COMMANDS:
        assert command in listing
        helptext = localise(command, "--help", cwd=project_dir).stdout
        assert "Example" in helptext and f"localise {command}" in helptext


def test_check_on_the_shipped_catalogs_exits_0(project_dir: Path) -> None:
    done = localise("check", cwd=project_dir)
    assert done.returncode == 0, done.stdout
    assert "passed: 0 error(s)" in done.stdout
    assert "Traceback" not in done.stderr


def test_shipped_catalogs_mean_the_same_under_the_installed_cldr(project_dir: Path) -> None:
    """Run under the oldest and the newest allowed dependencies (README, "Tested dependency
    range"): a CLDR release that reads a shipped number differently (de_CH's apostrophe
    changed between CLDR 47 and 48) shows here as a finding, warnings included."""
    import babel

    done = localise("check", "--format", "json", cwd=project_dir)
    summary = json.loads(done.stdout)["summary"]
    assert (summary["errors"], summary["warnings"]) == (0, 0), (
        f"Babel {babel.__version__}: {summary['by_id']}")
    assert done.returncode == 0


def test_waived_findings_are_counted_and_listed_with_reasons_only_when_asked(
    project_dir: Path,
) -> None:
    quiet = localise("check", "--lang", "tr", cwd=project_dir).stdout
    waived = json.loads(localise("check", "--lang", "tr", "--format", "json",
                                 cwd=project_dir).stdout)["summary"]["waived"]
    assert waived > 0 and "waived[" not in quiet
    assert f"({waived} waived finding(s) not listed; --show-waived" in quiet
    shown = localise("check", "--lang", "tr", "--show-waived", cwd=project_dir).stdout
    listed = [line for line in shown.splitlines() if "waived[" in line]
    assert len(listed) == waived
    assert all(" — waived: " in line and line.startswith("locales/tr/") for line in listed)


def test_check_json_schema_is_stable(project_dir: Path) -> None:
    data = json.loads(localise("check", "--format", "json", cwd=project_dir).stdout)
    assert set(data) == {"findings", "summary"}
    assert set(data["summary"]) == {"files", "errors", "warnings", "waived", "unreadable", "by_id"}
    for finding in data["findings"]:
        assert {"severity", "id", "file", "line", "source", "message"} <= set(finding)


def test_check_sarif(project_dir: Path) -> None:
    data = json.loads(localise("check", "--format", "sarif", cwd=project_dir).stdout)
    assert data["version"] == "2.1.0"
    rules = {rule["id"] for rule in data["runs"][0]["tool"]["driver"]["rules"]}
    assert {"number-missing", "number-changed", "url-changed", "catalog-invalid"} <= rules


def test_a_planted_error_exits_1_with_compiler_style_lines(project_dir: Path) -> None:
    path = project_dir / "locales" / "tr" / "LC_MESSAGES" / "spinal-fusion-nerve-damage.po"
    text = path.read_text("utf-8").replace("%14,97", "%4,97", 1)
    path.write_text(text, "utf-8")
    done = localise("check", "--lang", "tr", cwd=project_dir)
    assert done.returncode == 1
    line = next(line for line in done.stdout.splitlines() if "error[number-changed]" in line)
    assert line.startswith("locales/tr/LC_MESSAGES/spinal-fusion-nerve-damage.po:")
    assert "(source/spinal-fusion-nerve-damage.md:13)" in line


@pytest.mark.parametrize("code", ["xx", "../x", "tr/../../etc", "", "TR "])
def test_init_rejects_bad_language_codes_with_exit_2(project_dir: Path, code: str) -> None:
    done = localise("init", code, cwd=project_dir)
    assert done.returncode == 2
    assert "error:" in done.stderr and "Traceback" not in done.stderr
    assert not (project_dir / "locales" / code.strip()).exists() or code.strip() in ("",)


def test_status_json(project_dir: Path) -> None:
    status = json.loads(localise("status", "--format", "json", cwd=project_dir).stdout)
    languages = status["languages"]
    assert {row["language"] for row in languages} == {"tr", "de", "ru", "ar", "fa"}
    assert all(row["percent"] == 100.0 and row["published"] and not row["blocked"]
               and row["errors"] == 0 for row in languages)
    assert all(catalog["percent"] == 100.0 for row in languages for catalog in row["catalogs"])
    assert [catalog["catalog"] for catalog in languages[0]["catalogs"]] == [
        "preparing-for-spine-surgery", "spinal-fusion-nerve-damage", "site"]
    assert status["orphaned"] == []


def test_ctrl_c_while_the_command_starts_is_one_line_not_a_traceback() -> None:
    """Ctrl-C that lands while click and the package are still being imported (before
    ``main``): the command says so in one line and exits 130."""
    import signal

    code = ("import os, signal, time\n"
            "import pipeline.__main__\n"  # what the localise script does first
            "os.kill(os.getpid(), signal.SIGINT)\n"
            "time.sleep(10)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert done.returncode == 130, done.stderr
    assert done.stderr == "interrupted\n"


def on_a_terminal(*args: str, cwd: Path, no_color: bool) -> str:
    """What a command prints on a terminal (a pseudo-terminal as its stdout and stderr)."""
    import pty

    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    if no_color:
        env["NO_COLOR"] = "1"
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env,
                               stdout=follower, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the command has ended and closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_colour_only_on_a_terminal_and_never_with_no_color(project_dir: Path) -> None:
    """https://no-color.org: NO_COLOR turns colour off even on a terminal."""
    assert "\x1b[" in on_a_terminal("status", cwd=project_dir, no_color=False)
    for command in ("status", "check", "extract"):
        assert "\x1b[" not in on_a_terminal(command, cwd=project_dir, no_color=True), command


def test_states_line_up_in_one_column_when_coloured(project_dir: Path) -> None:
    """Padding a coloured word counted its colour codes: 'wrote' and 'unchanged' lines
    began their paths in different columns on a terminal."""
    import re

    (project_dir / "locales" / "templates" / "site.pot").unlink()
    printed = on_a_terminal("extract", cwd=project_dir, no_color=False)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", printed)
    lines = [line for line in plain.splitlines() if "locales/templates/" in line]
    assert {line.split()[0] for line in lines} == {"wrote", "unchanged"}
    assert len({line.index("locales/") for line in lines}) == 1, lines


def test_completion_is_rounded_down_so_100_means_complete() -> None:
    from pipeline.catalog import completion_percent

    assert completion_percent(9997, 10000) == 99.9  # rounded, it read 100.0 % with a full bar
    assert completion_percent(977, 1000) == 97.7
    assert completion_percent(10000, 10000) == 100.0 and completion_percent(0, 0) == 100.0


def test_the_build_table_lines_up(project_dir: Path) -> None:
    """'2 new/0 kept' is wider than the 11 columns the table once gave pages and pdfs."""
    printed = localise("build", "--no-pdf", cwd=project_dir).stdout.splitlines()
    header = next(line for line in printed if line.startswith("lang "))
    rows = [line for line in printed if line.split()[:1] in (["en"], ["tr"], ["fa"])]
    for column in ("pages", "pdfs"):
        end = header.index(column) + len(column)
        assert len(rows) == 3 and all(row[:end].endswith("kept") for row in rows), (header, rows)


def test_project_is_accepted_after_the_command_too(project_dir: Path, tmp_path: Path) -> None:
    """``localise build --project x`` as users type it (mkdocs' and sphinx's options follow
    the command): each command finds the project from outside it, either way round."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    runs = [("extract",), ("update",), ("init", "es"), ("check",), ("status",),
            ("build", "--no-pdf", "--lang", "tr"), ("export", "tr"),
            ("import", str(project_dir / "xliff/tr/site.xlf"))]
    for args in runs:
        after = localise(*args, "--project", str(project_dir), cwd=elsewhere)
        assert after.returncode == 0, (args, after.stderr)
    assert (project_dir / "locales/es/LC_MESSAGES/site.po").is_file()
    assert (project_dir / "site/tr/index.html").is_file()
    before = localise("--project", str(project_dir), "status", cwd=elsewhere)
    assert before.stdout == localise("status", "--project", str(project_dir), cwd=elsewhere).stdout
    outside = localise("status", cwd=elsewhere)
    assert outside.returncode == 2 and "pass --project DIR" in outside.stderr


def _line_starting(path: Path, start: str) -> int:
    return next(number for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                if line.startswith(start))


def test_init_of_an_unpublished_language_writes_its_catalogs_and_says_how_to_publish(
    project_dir: Path,
) -> None:
    """A translator starts before the language goes live, so ``init es`` writes the
    catalogs; it says that ``build`` will not publish them until ``es`` is in the settings'
    ``languages``, at that line, instead of leaving the user wondering where the pages are."""
    settings = project_dir / "pyproject.toml"
    started = localise("init", "es", cwd=project_dir)
    assert started.returncode == 0, started.stderr
    assert (project_dir / "locales/es/LC_MESSAGES/spinal-fusion-nerve-damage.po").is_file()
    line = _line_starting(settings, "languages =")
    assert (f"note: pyproject.toml:{line}: es is not in languages, so localise build does not "
            "publish it") in started.stderr
    assert 'languages = ["tr", "de", "ru", "ar", "fa", "es"]' in started.stderr
    settings.write_text(settings.read_text("utf-8").replace('"fa"]', '"fa", "pt_BR"]'), "utf-8")
    listed = localise("init", "pt_BR", cwd=project_dir)
    assert listed.returncode == 0 and "note:" not in listed.stderr, listed.stderr
    source = localise("init", "en", cwd=project_dir)
    assert source.returncode == 2 and not (project_dir / "locales/en").exists()
    assert (f"pyproject.toml:{_line_starting(settings, 'source-language =')}: en is the source "
            "language") in source.stderr


def test_extract_prints_everything_before_it_leaves_its_parse_to_the_exit(project_dir: Path) -> None:
    """extract ends with os._exit (the parse is freed by leaving, not token by token):
    what it printed to a pipe, and its warnings, must be flushed first, and every
    template written."""
    (project_dir / "source" / "extra.md").write_text(
        "# Extra\n\nSee the scan.\n\n![A scan](missing.png)\n", encoding="utf-8")
    for template in (project_dir / "locales" / "templates").glob("*.pot"):
        template.unlink()
    done = localise("extract", cwd=project_dir)
    assert done.returncode == 0, done.stderr
    written = [line for line in done.stdout.splitlines() if line.split()[:1] == ["wrote"]]
    names = {path.stem for path in (project_dir / "locales" / "templates").glob("*.pot")}
    assert len(written) == len(names) == 4 and "extra" in names, done.stdout
    assert "missing.png" in done.stderr and "source/extra.md:5" in done.stderr, done.stderr
