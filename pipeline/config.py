"""Project settings: the ``[tool.localise]`` table of the nearest ``pyproject.toml``.

Everything a command needs to know about the project is read once, validated (language
codes through Babel, paths kept inside the project) and frozen, so stages never look
anything up for themselves.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .errors import LocaliseError
from .languages import parse_language

SITE_DOMAIN = "site"
"""The catalog of the site's own strings (``locales/<lang>/LC_MESSAGES/site.po``)."""


@dataclass(frozen=True, slots=True)
class Project:
    """A localise project: where things live and what is published."""

    root: Path
    source_dir: Path
    locales_dir: Path
    site_dir: Path
    source_language: str = "en"
    languages: tuple[str, ...] = ()
    """Published languages, in gettext form (``tr``, ``pt_BR``), in the settings' order."""
    organisation: str = ""
    base_url: str = ""
    protected_terms: tuple[str, ...] = ()
    """Terms that stay as written in every language (``Liv Hospital``, ``MRI``)."""
    url_map: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Per language: source URL -> URL a translation may use instead."""

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir / "templates"

    def template_path(self, slug: str) -> Path:
        return self.templates_dir / f"{slug}.pot"

    def catalog_path(self, lang: str, slug: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{slug}.po"

    def glossary_path(self, lang: str) -> Path:
        return self.locales_dir / lang / "glossary.csv"

    def display(self, path: Path) -> str:
        """A path as the user should read it: relative to the project when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def source_paths(self) -> tuple[Path, ...]:
        """Every article of the project (``source/*.md``), sorted by name."""
        if not self.source_dir.is_dir():
            raise LocaliseError(
                "source folder not found",
                self.display(self.source_dir),
                hint="create it with one Markdown article per file, or set "
                "[tool.localise] source in pyproject.toml",
            )
        return tuple(sorted(self.source_dir.glob("*.md")))

    def catalog_languages(self) -> tuple[str, ...]:
        """Languages that have a catalog folder under ``locales/`` (published or not)."""
        if not self.locales_dir.is_dir():
            return ()
        found = []
        for folder in sorted(self.locales_dir.iterdir()):
            if folder.name == "templates" or not folder.is_dir():
                continue
            if (folder / "LC_MESSAGES").is_dir():
                found.append(folder.name)
        return tuple(found)


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` whose pyproject.toml has [tool.localise]."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.localise" in candidate.read_text("utf-8", "replace"):
            return folder
    raise LocaliseError(
        "no pyproject.toml with a [tool.localise] table here or in any parent folder",
        start,
        hint="run localise inside a project, or pass --project DIR",
    )


def load_project(start: Path | None = None) -> Project:
    """Read and validate the settings of the project containing ``start`` (default: cwd)."""
    root = find_root(start or Path.cwd())
    pyproject = root / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise LocaliseError(f"invalid TOML: {error}", "pyproject.toml") from error
    settings = data.get("tool", {}).get("localise", {})
    if not isinstance(settings, dict):
        raise LocaliseError("[tool.localise] must be a table", "pyproject.toml")

    def folder(key: str, default: str) -> Path:
        value = settings.get(key, default)
        path = (root / str(value)).resolve()
        if not path.is_relative_to(root.resolve()):
            raise LocaliseError(
                f"[tool.localise] {key} = {value!r} points outside the project", "pyproject.toml"
            )
        return path

    def strings(key: str) -> tuple[str, ...]:
        value = settings.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise LocaliseError(f"[tool.localise] {key} must be a list of strings", "pyproject.toml")
        return tuple(value)

    languages = tuple(
        str(parse_language(code, where="pyproject.toml")) for code in strings("languages")
    )
    url_map = settings.get("url-map", {})
    if not isinstance(url_map, dict) or not all(isinstance(v, dict) for v in url_map.values()):
        raise LocaliseError(
            "[tool.localise.url-map] must map languages to tables of URL = URL", "pyproject.toml"
        )
    return Project(
        root=root,
        source_dir=folder("source", "source"),
        locales_dir=folder("locales", "locales"),
        site_dir=folder("site", "site"),
        source_language=str(settings.get("source-language", "en")),
        languages=languages,
        organisation=str(settings.get("organisation", "")),
        base_url=str(settings.get("base-url", "")).rstrip("/"),
        protected_terms=strings("protected-terms"),
        url_map=MappingProxyType(
            {
                str(parse_language(lang, where="pyproject.toml")): MappingProxyType(dict(table))
                for lang, table in url_map.items()
            }
        ),
    )
