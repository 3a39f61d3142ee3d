"""Shared fixtures: a copy of the real project (shipped articles and catalogs) per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Path:
    """The repository's project (settings, sources, catalogs) copied to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(ROOT / "source", target / "source")
    shutil.copytree(ROOT / "locales", target / "locales")
    return target


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory):
    """The commands' lock files (one per project folder, in the user's cache) go to a
    folder of this session, not the user's ~/.cache: tests make thousands of projects."""
    import os

    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A fresh, writable copy of the shipped project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory):
    """The shipped project built once (HTML and PDF), for tests that only read the output."""
    from pipeline.build import build
    from pipeline.config import load_project

    project = load_project(copy_project(tmp_path_factory.mktemp("built") / "project"))
    result = build(project, jobs=2)
    return project, result
