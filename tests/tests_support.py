"""Small helpers shared by tests (not fixtures)."""

from __future__ import annotations

import shutil
from pathlib import Path


def clone(project_dir: Path, target: Path) -> Path:
    """A second copy of a test project (its settings, sources and catalogs)."""
    target.mkdir(parents=True)
    shutil.copy2(project_dir / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(project_dir / "source", target / "source")
    shutil.copytree(project_dir / "locales", target / "locales")
    return target
