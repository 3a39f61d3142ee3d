"""The documentation a new user follows: commands they can paste into their own clone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("README.md", "benchmarks/README.md")

_SHELL_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
_ABSOLUTE = re.compile(r"(?<![\w.~/-])/(?:tmp|work|home|root|Users|opt|srv)/\S*")


def shell_lines(text: str) -> list[str]:
    """The commands of a Markdown file's ``sh`` blocks (comments dropped)."""
    lines = []
    for block in _SHELL_BLOCK.findall(text):
        for line in block.splitlines():
            command = line.split(" #", 1)[0].strip()
            if command and not command.startswith("#"):
                lines.append(command)
    return lines


@pytest.mark.parametrize("name", DOCS)
def test_commands_run_from_any_clone(name: str) -> None:
    """A command naming one machine's folder (``/work/main``, ``/tmp/venv``) fails for
    every other reader: commands are written relative to the root of the clone."""
    commands = shell_lines((ROOT / name).read_text("utf-8"))
    assert commands, f"{name} has no shell block"
    absolute = [command for command in commands if _ABSOLUTE.search(command)]
    assert absolute == [], absolute


def test_the_absolute_path_rule_would_catch_one() -> None:
    assert _ABSOLUTE.search("/tmp/venv/bin/python benchmarks/compare.py")
    assert _ABSOLUTE.search("pip install -e '/work/main[bench]'")
    assert not _ABSOLUTE.search(".venv/bin/python benchmarks/compare.py --work benchmarks/work/x")


def test_every_command_is_in_the_readme_command_table() -> None:
    from pipeline.__main__ import cli

    table = [line for line in (ROOT / "README.md").read_text("utf-8").splitlines()
             if line.startswith("| `localise ")]
    documented = {line.split("`")[1].split()[1] for line in table}
    assert documented == set(cli.commands), documented ^ set(cli.commands)
