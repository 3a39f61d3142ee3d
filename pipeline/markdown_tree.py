"""The translated Markdown tree (``build --markdown``): one file per published page.

``<markdown-out>/<lang>/<the source's path>.md`` for every article and every language the
build publishes it in, gated as the pages are: a language the checks block writes nothing
(its earlier files stay, as its pages do); a page below ``min-translated`` has none (an
earlier one is removed, as its page is withdrawn); so is the file of an article or a
language taken out. Each file is written on its own with ``write_atomic`` (whole or not
at all, and untouched when its bytes are the same, so a site generator watching the
folder rebuilds only what changed), not swapped in as one folder as ``site/`` is: the
folder is the generator's input, read after the build, and a language blocked now must
keep its earlier files beside the others' new ones. What was written is listed in
``.localise-manifest.json`` there, so that only the build's own files are ever removed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .files import content_hash, read_bytes, remove_empty_folders, write_atomic

if TYPE_CHECKING:
    from .build import Gathered
    from .config import Project

MANIFEST = ".localise-manifest.json"
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[_@-][A-Za-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class MarkdownTree:
    """What one build did to the translated Markdown folder."""

    folder: str
    """As the user reads it (``site-markdown``)."""
    written: tuple[str, ...]
    """Files whose bytes changed (``tr/guide/install.md``)."""
    unchanged: int
    kept: int
    """Files of a language blocked now, or not built now, left as they were."""
    removed: tuple[str, ...]


def is_current(project: Project, inputs: str) -> bool:
    """Whether the folder holds what a build of these same inputs writes (a build that
    changes nothing then has nothing to do for it either)."""
    manifest = _read_manifest(project.markdown_dir)
    return manifest.get("inputs") == inputs and all(
        (project.markdown_dir / f"{key}.md").is_file()
        for key in manifest.get("files", {}) if _safe_key(key))


def write_tree(
    gathered: Gathered, languages: Sequence[str], blocked: set[str],
    withheld: set[tuple[str, str]], inputs: str, code: str,
) -> MarkdownTree:
    """Write the translated Markdown of the pages of ``languages`` (the source language
    first) that the build publishes; remove what the build no longer publishes."""
    from .build import translations_of
    from .translated_markdown import translate_markdown

    project = gathered.project
    folder = project.markdown_dir
    old: Mapping[str, str] = {key: digest for key, digest in
                              _read_manifest(folder).get("files", {}).items()
                              if _safe_key(key) and isinstance(digest, str)}
    files: dict[str, str] = {}
    written = []
    unchanged = 0
    for lang in languages:
        if lang in blocked:
            continue
        for slug in gathered.facts:
            if (lang, slug) in withheld:
                continue
            source = project.source_path(slug)
            raw = read_bytes(source, project.display(source))
            catalog = project.catalog_path(lang, slug)
            catalog_bytes = b"" if lang == project.source_language or not catalog.is_file() \
                else read_bytes(catalog, project.display(catalog))
            url_map = dict(project.url_map.get(lang, {}))
            key = gathered.places[slug].markdown_path(lang)[: -len(".md")]
            files[key] = digest = content_hash(code, raw, catalog_bytes,
                                               json.dumps(url_map, sort_keys=True))
            path = folder / f"{key}.md"
            if old.get(key) == digest and path.is_file():
                unchanged += 1
                continue
            if lang == project.source_language:
                data = raw  # the source itself, byte for byte
            else:
                text = translate_markdown(gathered.article(slug),
                                          translations_of(gathered.catalog(lang, slug)),
                                          url_map=url_map)
                data = _as_source_writes(text, raw)
            if write_atomic(path, data):
                written.append(f"{key}.md")
            else:
                unchanged += 1
    kept = 0
    removed = []
    built_now = {lang for lang in languages if lang not in blocked}
    published = {project.source_language, *project.languages}
    for key, digest in old.items():
        if key in files:
            continue
        lang, _, slug = key.partition("/")
        decided_now = lang in built_now and slug in gathered.facts
        if lang in published and slug in gathered.places and not decided_now:
            files[key] = digest  # blocked, not built now, or its article unreadable now
            kept += 1
            continue
        path = folder / f"{key}.md"
        if path.is_file():
            path.unlink()
            removed.append(f"{key}.md")
            remove_empty_folders(path.parent, folder)
    write_atomic(folder / MANIFEST, json.dumps(
        {"inputs": inputs, "files": dict(sorted(files.items()))}, indent=1, sort_keys=True) + "\n")
    return MarkdownTree(project.display(folder), tuple(sorted(written)), unchanged, kept,
                        tuple(sorted(removed)))


def _as_source_writes(text: str, raw: bytes) -> bytes:
    """The translated text in the source file's own line endings (CRLF from a Windows
    editor) and byte order mark, as read (``files.read_text``) it had LF and none."""
    data = text.encode("utf-8")
    if raw.count(b"\r\n") and raw.count(b"\r\n") == raw.count(b"\n"):
        data = data.replace(b"\n", b"\r\n")
    if raw.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    return data


def _safe_key(key: object) -> bool:
    """A manifest key the build may have written (``lang/path``), never one that leaves
    the folder (``../x``): a manifest is data, not trusted."""
    if not isinstance(key, str):
        return False
    parts = key.split("/")
    return (len(parts) >= 2 and _LANGUAGE.fullmatch(parts[0]) is not None
            and all(part not in ("", ".", "..") and "\\" not in part and "\0" not in part
                    for part in parts))


def _read_manifest(folder: Path) -> dict:
    try:
        found = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) and isinstance(found.get("files", {}), dict) else {}
