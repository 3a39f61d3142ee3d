"""Project settings: ``localise.toml``, or the ``[tool.localise]`` table of ``pyproject.toml``.

A content repository is usually not a Python project: it keeps the settings at the top
level of ``localise.toml`` (``localise new`` writes a starter); a Python project may keep
the same keys under ``[tool.localise]``. Only ``languages`` is required. Everything a
command needs to know about the project is read once, validated (known keys only,
language codes through Babel, folders inside the project and apart from each other) and
frozen, so stages never look anything up for themselves. Every settings error names the
file and the line of its key.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import LocaliseError
from .languages import PLURAL_STYLES, language_code

SITE_DOMAIN = "site"
"""The catalog of the site's own strings (``locales/<lang>/LC_MESSAGES/site.po``)."""

PYPROJECT = "pyproject.toml"
SETTINGS_FILE = "localise.toml"

SETTINGS_KEYS = ("source", "locales", "site", "source-language", "languages", "organisation",
                 "base-url", "protected-terms", "url-map", "plural-forms", "min-translated",
                 "numbers-in-words", "markdown", "markdown-out")
"""Every key of [tool.localise]: any other is a typo that would silently change nothing."""

FOLDERS = {"source": "source", "locales": "locales", "site": "site",
           "markdown-out": "site-markdown"}

MIN_TRANSLATED = 80.0
"""The default publishing threshold: po4a's ``--keep`` (80 % of a page's words)."""
"""The folder settings and their defaults."""


@dataclass(frozen=True, slots=True)
class Project:
    """A localise project: where things live and what is published."""

    root: Path
    source_dir: Path
    locales_dir: Path
    site_dir: Path
    settings_file: Path = Path(SETTINGS_FILE)
    """Where the settings were read (``localise.toml`` or ``pyproject.toml``)."""
    source_language: str = "en"
    languages: tuple[str, ...] = ()
    """Published languages, in gettext form (``tr``, ``pt_BR``), in the settings' order."""
    organisation: str = ""
    base_url: str = ""
    protected_terms: tuple[str, ...] = ()
    """Terms that stay as written in every language (``Liv Hospital``, ``MRI``)."""
    url_map: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Per language: source URL -> URL a translation may use instead."""
    plural_forms: str = "gettext"
    """Plural-Forms of new catalogs: ``gettext`` (as msginit and Poedit) or ``cldr``."""
    min_translated: float = MIN_TRANSLATED
    """Percent of a page's words that must be translated for the page to be published in a
    language (as po4a's --keep): a mostly English page is offered in no language but English."""
    numbers_in_words: str = "error"
    """``error``: a number the translation writes in words blocks its language (clinical
    facts stay numerals); ``warning``: it is reported and published."""
    excluded: tuple[Path, ...] = ()
    """Folders that are never sources, besides the site and the catalogs: a preview's
    build, which writes elsewhere, keeps the published site out this way."""
    markdown: bool = False
    """Whether ``build`` also writes each published page's translated Markdown."""
    markdown_dir: Path = Path(FOLDERS["markdown-out"])
    """Where: ``<markdown_dir>/<lang>/<the source's path>.md``."""

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
        """Every article of the project: each ``*.md`` under the source folder at any depth,
        sorted by path; hidden files and folders (``.snippets/``) and the site and catalog
        folders (when they are inside it) left out, as MkDocs does."""
        if not self.source_dir.is_dir():
            raise LocaliseError(
                "source folder not found",
                self.display(self.source_dir),
                hint="create it with one Markdown article per file, or set source = "
                f"\"FOLDER\" in {self.settings_file.name}",
            )
        found: list[Path] = []
        for folder, folders, files in os.walk(self.source_dir):
            here = Path(folder)
            # a folder named like an article is reported as one (reading it says what is
            # wrong), never skipped: its translations would look removed
            found.extend(here / name for name in folders
                         if name.endswith(".md") and not name.startswith("."))
            folders[:] = sorted(name for name in folders if not name.startswith(".")
                                and not name.endswith(".md")
                                and here / name not in (self.site_dir, self.locales_dir,
                                                        *self.excluded))
            found.extend(here / name for name in files
                         if name.endswith(".md") and not name.startswith("."))
        paths = tuple(sorted(found, key=lambda path: self.slug_of(path)))
        for path in paths:
            if self.slug_of(path) == SITE_DOMAIN:
                raise LocaliseError(
                    f"an article named {SITE_DOMAIN!r} would share its catalogs with the site's "
                    "own strings", self.display(path), hint="rename the file")
        return paths

    def slug_of(self, path: Path) -> str:
        """An article's name: its path in the source folder without ``.md`` (``a/b``)."""
        return path.relative_to(self.source_dir).with_suffix("").as_posix()

    def source_path(self, slug: str) -> Path:
        return self.source_dir / f"{slug}.md"

    def catalog_names(self, lang: str) -> tuple[str, ...]:
        """The names of a language's catalogs (``a/b`` for ``LC_MESSAGES/a/b.po``), sorted."""
        folder = self.locales_dir / lang / "LC_MESSAGES"
        if not folder.is_dir():
            return ()
        return tuple(sorted(path.relative_to(folder).with_suffix("").as_posix()
                            for path in folder.rglob("*.po") if path.is_file()))

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


def find_settings(start: Path) -> Path:
    """The settings file of the project containing ``start``: the nearest ``localise.toml``
    at or above it, or ``pyproject.toml`` with a [tool.localise] table, whichever is nearer
    (``localise.toml`` first in one folder)."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder / SETTINGS_FILE
        candidate = folder / PYPROJECT
        if candidate.is_file() and "[tool.localise" in candidate.read_text("utf-8", "replace"):
            return candidate
    raise LocaliseError(
        f"no {SETTINGS_FILE} (or pyproject.toml with a [tool.localise] table) here or in any "
        "parent folder",
        start,
        hint="start a project with localise new, or pass --project DIR",
    )


def find_root(start: Path) -> Path:
    """The project folder: where its settings file is."""
    return find_settings(start).parent


def load_project(start: Path | None = None) -> Project:
    """Read and validate the settings of the project containing ``start`` (default: cwd)."""
    settings_file = find_settings(start or Path.cwd()).resolve()
    root = settings_file.parent
    settings = _read_settings(settings_file)
    _check_keys(settings)
    if "languages" not in settings.table:
        raise settings.error("languages is required: the languages to publish besides the "
                             "source language", hint='add a line such as languages = ["es", "fr"]')
    folders = {key: _folder(settings, root, key) for key in FOLDERS}
    _check_layout(settings, root, folders)
    source_language = _language(settings, _text(settings, "source-language", "en"),
                                "source-language")
    return Project(
        root=root,
        source_dir=folders["source"],
        locales_dir=folders["locales"],
        site_dir=folders["site"],
        settings_file=settings_file,
        source_language=source_language,
        languages=_published(settings, source_language),
        organisation=_text(settings, "organisation", ""),
        base_url=_text(settings, "base-url", "").rstrip("/"),
        protected_terms=_strings(settings, "protected-terms"),
        url_map=_url_map(settings),
        plural_forms=_choice(settings, "plural-forms", PLURAL_STYLES),
        min_translated=_percent(settings, "min-translated", MIN_TRANSLATED),
        numbers_in_words=_choice(settings, "numbers-in-words", ("error", "warning")),
        markdown=_flag(settings, "markdown"),
        markdown_dir=folders["markdown-out"],
    )


@dataclass(frozen=True, slots=True)
class _Settings:
    """The settings table and the text it was read from: tomllib gives no positions, so
    each error looks up the line of its key in the text."""

    table: dict[str, Any]
    text: str
    file: str
    """``localise.toml`` or ``pyproject.toml``, as messages name it."""
    prefix: tuple[str, ...]
    """Where the table is in the file: () at the top of localise.toml, (tool, localise)."""

    def line(self, *key: str) -> int | None:
        """The line of a key (or sub-table) of the settings, else of the table itself."""
        return key_line(self.text, (*self.prefix, *key)) or (
            key_line(self.text, self.prefix) if self.prefix else None)

    def error(self, message: str, *key: str, hint: str | None = None) -> LocaliseError:
        """A settings error at the line of ``key``: every one names where to fix it."""
        label = "[tool.localise] " if self.prefix else ""
        return LocaliseError(f"{label}{message}", self.file, self.line(*key), hint=hint)


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def _read_settings(path: Path) -> _Settings:
    data = path.read_bytes()
    prefix = ("tool", "localise") if path.name == PYPROJECT else ()
    try:
        text = data.decode("utf-8")
        table: Any = tomllib.loads(text)
        for part in prefix:
            table = table.get(part, {}) if isinstance(table, dict) else table
    except UnicodeDecodeError as error:
        raise LocaliseError("not UTF-8 text", path.name, data.count(b"\n", 0, error.start) + 1,
                            hint=f"save {path.name} as UTF-8") from error
    except tomllib.TOMLDecodeError as error:  # its line is only in the message (Python 3.11)
        found = _TOML_LINE.search(str(error))
        raise LocaliseError(f"invalid TOML: {error}", path.name,
                            int(found[1]) if found else None) from error
    settings = _Settings(table, text, path.name, prefix)
    if not isinstance(table, dict):
        raise settings.error("must be a table")
    return settings


_KEY_PART = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*([.=\]])""")
"""One part of a TOML key (basic, literal or bare) and the character after it."""


def _dotted_key(text: str, end: str) -> tuple[str, ...]:
    """The dotted key ``text`` starts with, up to ``end`` (``a."b.c" =``: a, b.c), or ()."""
    parts: list[str] = []
    position = 0
    while found := _KEY_PART.match(text, position):
        parts.append(next(part for part in found.groups()[:3] if part is not None))
        if found[4] == end:
            return tuple(parts)
        if found[4] != ".":
            return ()
        position = found.end()
    return ()


def key_line(text: str, key: tuple[str, ...]) -> int | None:
    """The first line of the TOML ``text`` that sets ``key`` or something under it: a
    table header, a key in a table, or a dotted key.

    >>> key_line('[tool]\\nlocalise.site = "x"\\n', ("tool", "localise", "site"))
    2
    """
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("["):
            table = found = _dotted_key(line.lstrip().lstrip("["), "]")
        else:
            dotted = _dotted_key(line, "=")
            found = (*table, *dotted) if dotted else ()
        if found[: len(key)] == key:
            return number
    return None


def _check_keys(settings: _Settings) -> None:
    """A misspelt key (``protected_terms``) would silently turn its setting off."""
    for key in settings.table:
        if key not in SETTINGS_KEYS:
            close = difflib.get_close_matches(key, SETTINGS_KEYS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(SETTINGS_KEYS)
            raise settings.error(f"unknown setting {key!r}", key, hint=hint)


def _text(settings: _Settings, key: str, default: str) -> str:
    value = settings.table.get(key, default)
    if not isinstance(value, str):
        raise settings.error(f"{key} must be a string, not {value!r}", key)
    return value


def _flag(settings: _Settings, key: str) -> bool:
    value = settings.table.get(key, False)
    if not isinstance(value, bool):
        raise settings.error(f"{key} must be true or false, not {value!r}", key,
                             hint=f"{key} = true")
    return value


def _strings(settings: _Settings, key: str) -> tuple[str, ...]:
    """A list of strings, none blank: an empty protected term would be "missing" everywhere."""
    value = settings.table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise settings.error(f"{key} must be a list of strings", key)
    if not all(item.strip() for item in value):
        raise settings.error(f"{key} has an empty entry", key, hint="remove the \"\" from the list")
    return tuple(value)


def _percent(settings: _Settings, key: str, default: float) -> float:
    """A percentage setting: a number from 0 to 100."""
    value = settings.table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise settings.error(f"{key} must be a number from 0 to 100, not {value!r}", key,
                             hint=f"{key} = {default:g}")
    return float(value)


def _choice(settings: _Settings, key: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (the first is the default)."""
    value = _text(settings, key, choices[0])
    if value not in choices:
        raise settings.error(f"{key} = {value!r} is not one of: {', '.join(choices)}", key)
    return value


def _language(settings: _Settings, code: str, *key: str) -> str:
    """A language code of the settings in gettext's spelling (the folders' name), refused
    (at the key's line) as an unknown or path-like code is everywhere else."""
    return language_code(code, where=settings.file, line=settings.line(*key))


def _published(settings: _Settings, source_language: str) -> tuple[str, ...]:
    """The published languages: the source language is published from the articles
    themselves, so listing it would ask for catalogs translating English into English."""
    languages = tuple(_language(settings, code, "languages")
                      for code in _strings(settings, "languages"))
    if source_language in languages:
        raise settings.error(
            f"languages lists the source language {source_language!r}", "languages",
            hint=f"remove {source_language!r} from languages: the articles are published in "
            "it as written (a regional variant such as en_GB is a language of its own)",
        )
    return languages


def _folder(settings: _Settings, root: Path, key: str) -> Path:
    """A folder setting, resolved: inside the project, and neither a file nor inside one."""
    value = _text(settings, key, FOLDERS[key])
    try:
        path = (root / value).resolve()
    except ValueError as error:  # a NUL byte
        raise settings.error(f"{key} = {value!r} is not a path", key) from error
    if not path.is_relative_to(root):
        raise settings.error(f"{key} = {value!r} points outside the project", key)
    existing = next(folder for folder in (path, *path.parents) if folder.exists())
    if not existing.is_dir():
        shown = existing.relative_to(root).as_posix()
        raise settings.error(f"{key} = {value!r}: {shown!r} is a file, not a folder", key,
                             hint=f"name a folder, such as {FOLDERS[key]!r}")
    return path


def _check_layout(settings: _Settings, root: Path, folders: dict[str, Path]) -> None:
    """The build exchanges the whole site folder for a new one: a site that is, or holds,
    the project, its articles or its catalogs would replace them, and one among the
    catalogs would read as a language. The catalogs may not hold the articles either (a
    folder there reads as a language). Articles are read from their folder alone, so the
    site or the catalogs inside it (a Sphinx-like docs/ layout) are fine, but not in the
    project folder itself, beside its README.md. The translated Markdown (``markdown-out``)
    has a folder of its own: written into the articles' it would be read as articles."""
    site, source, locales = folders["site"], folders["source"], folders["locales"]
    markdown = folders["markdown-out"]
    refusals = [
        ("site", site == root, "is the project folder: the build would replace it"),
        ("source", source == root, "is the project folder: its README.md and every other "
         "Markdown file would be read as articles"),
        *[("site", other.is_relative_to(site), f"holds the {name} folder: the build would "
           "replace it") for name, other in (("source", source), ("locales", locales))],
        ("site", site.is_relative_to(locales), "is inside the locales folder"),
        ("source", source.is_relative_to(locales), "is (or is inside) the locales folder"),
        # translated Markdown is written file by file beside the site: never over the
        # articles, the catalogs or the site (whose swap would drop it), nor read as articles
        ("markdown-out", markdown == root, "is the project folder"),
        *[("markdown-out", other.is_relative_to(markdown), f"holds the {name} folder: the "
           f"build would write into it") for name, other in (("source", source),
                                                            ("locales", locales), ("site", site))],
        *[("markdown-out", markdown.is_relative_to(other), f"is inside the {name} folder")
          for name, other in (("source", source), ("locales", locales), ("site", site))],
    ]
    for key, refused, why in refusals:
        if refused:
            value = settings.table.get(key, FOLDERS[key])
            raise settings.error(f"{key} = {value!r} {why}", key, hint=(
                "give the site, the articles and the catalogs a folder each" if key != "markdown-out"
                else "give the translated Markdown a folder of its own, such as 'site-markdown'"))


def _url_map(settings: _Settings) -> Mapping[str, Mapping[str, str]]:
    """Per language, the URLs a translation may use instead of the source's."""
    url_map = settings.table.get("url-map", {})
    if not isinstance(url_map, dict):
        raise settings.error("url-map must be a table of languages", "url-map")
    checked = {}
    for lang, urls in url_map.items():
        if not isinstance(urls, dict) or not all(isinstance(url, str) for url in urls.values()):
            raise settings.error(f"url-map.{lang} must be a table of URL = URL", "url-map", lang)
        checked[_language(settings, lang, "url-map", lang)] = MappingProxyType(dict(urls))
    return MappingProxyType(checked)


STARTER = """\
# Settings of this localise project: the same keys as [tool.localise] in a pyproject.toml.
# Only `languages` is required; commented lines show the defaults. README: "Settings".

# Languages to publish besides the source language (gettext or CLDR codes: es, pt_BR, zh_CN).
languages = {languages}

# Folder of the English Markdown (any depth; index.md and README.md become folder pages).
source = "{source}"
# Folder of the gettext catalogs: templates/<path>.pot and <lang>/LC_MESSAGES/<path>.po.
# locales = "locales"
# Folder the build writes (replaced as a whole by each build: keep nothing else in it).
# site = "site"
# Language the articles are written in.
# source-language = "en"

# Public address of the site: canonical links, hreflang alternates and sitemap.xml are
# absolute with it; without it pages link to each other with relative addresses.
# base-url = "https://patients.example.org"
# Shown in page titles, headers and footers.
# organisation = "Example Clinic"
# Terms no translation may drop (brand names, abbreviations patients know).
# protected-terms = ["Example Clinic", "MRI"]
# Percent of a page's words that must be translated before the page is published in a
# language (below it, readers of that language are sent to the English page).
# min-translated = 80
# Also write each published page's Markdown, translated, for a static site generator
# (MkDocs, Hugo, Docusaurus): <markdown-out>/<lang>/<the source's path>.md.
# markdown = true
# markdown-out = "site-markdown"

# Per language, link targets a translation may use instead of the English one.
# [url-map.es]
# "https://example.org/leaflet" = "https://example.org/es/leaflet"
"""


def write_starter(folder: Path, languages: tuple[str, ...] = ()) -> Path:
    """Write a commented ``localise.toml`` into ``folder``; never overwrite settings.

    The source folder is the one a docs tree already has (``docs``, else ``source``)."""
    from .files import write_atomic

    target = folder / SETTINGS_FILE
    if target.exists():
        raise LocaliseError("already exists; localise new never overwrites settings",
                            target, hint="edit it, or start the project in another folder")
    pyproject = folder / PYPROJECT
    if pyproject.is_file() and "[tool.localise" in pyproject.read_text("utf-8", "replace"):
        raise LocaliseError("this folder's settings are already in pyproject.toml "
                            "([tool.localise])", pyproject, key_line(
                                pyproject.read_text("utf-8", "replace"), ("tool", "localise")))
    codes = [language_code(code, where="--lang") for code in languages]
    source = next((name for name in ("docs", "source") if (folder / name).is_dir()), "docs")
    listed = "[" + ", ".join(f'"{code}"' for code in codes) + "]"
    write_atomic(target, STARTER.format(languages=listed, source=source))
    return target
