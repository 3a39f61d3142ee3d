"""Settings: localise.toml at a repository's root, or [tool.localise] in pyproject.toml;
only ``languages`` is required; ``localise new`` writes a starter and never overwrites."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pipeline.config import load_project, write_starter
from pipeline.errors import LocaliseError


def test_two_lines_of_localise_toml_are_a_project(tmp_path: Path) -> None:
    (tmp_path / "localise.toml").write_text('source = "docs"\nlanguages = ["es"]\n')
    (tmp_path / "docs" / "deep" / "er").mkdir(parents=True)
    project = load_project(tmp_path / "docs" / "deep" / "er")
    assert project.root == tmp_path.resolve() and project.languages == ("es",)
    assert (project.organisation, project.base_url, project.site_dir.name) == ("", "", "site")
    assert project.settings_file.name == "localise.toml"


def test_languages_is_required_and_named_at_its_file(tmp_path: Path) -> None:
    (tmp_path / "localise.toml").write_text('source = "docs"\n')
    with pytest.raises(LocaliseError) as caught:
        load_project(tmp_path)
    assert caught.value.path == "localise.toml" and "languages is required" in str(caught.value)


def test_settings_errors_name_the_line_in_localise_toml(tmp_path: Path) -> None:
    (tmp_path / "localise.toml").write_text('languages = ["es"]\n\nprotected_terms = ["X"]\n')
    with pytest.raises(LocaliseError) as caught:
        load_project(tmp_path)
    assert (caught.value.path, caught.value.line) == ("localise.toml", 3)
    assert "did you mean 'protected-terms'" in str(caught.value)


def test_the_starter_is_valid_commented_and_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    written = write_starter(tmp_path, ("es", "pt_BR"))
    text = written.read_text("utf-8")
    assert tomllib.loads(text) == {"languages": ["es", "pt_BR"], "source": "docs"}
    assert text.count("\n# ") > 10  # every key explained
    assert load_project(tmp_path).languages == ("es", "pt_BR")
    with pytest.raises(LocaliseError, match="never overwrites"):
        write_starter(tmp_path)
    assert written.read_text("utf-8") == text


def test_localise_new_on_the_command_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pipeline", "new", str(tmp_path / "site-repo"),
                           "--lang", "de"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site-repo" / "localise.toml").is_file()
    again = subprocess.run([sys.executable, "-m", "pipeline", "new", str(tmp_path / "site-repo")],
                           capture_output=True, text=True, check=False)
    assert again.returncode == 2 and "never overwrites" in again.stderr
    assert "Traceback" not in again.stderr
