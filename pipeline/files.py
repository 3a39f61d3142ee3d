"""All file I/O at the edges: tolerant reading, atomic writing, one lock per project.

Reading accepts what editors and translators' tools really save (a UTF-8 BOM, CRLF or
CR line endings) and reports undecodable bytes with their line. Writing goes to a temporary
file in the same folder and is renamed over the target, so a crash leaves either the old
file or the new one, never half; an unchanged file is not touched at all (no mtime churn).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import LocaliseError

BOM = "\ufeff"


def content_hash(*parts: bytes | str) -> str:
    """One digest over several inputs, each length-prefixed (``ab``+``c`` is not ``a``+``bc``):
    what the build and the translated Markdown compare to know a file is unchanged."""
    return stream_hash(parts)


def stream_hash(parts: Iterable[bytes | str]) -> str:
    """``content_hash`` of parts made one at a time (each file read as it is hashed, not
    every file of a library in memory at once)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def normalise_newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line endings become LF, so lines count the same."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_utf8(data: bytes, path: str | Path) -> str:
    """Decode UTF-8 (BOM allowed) or raise naming the line of the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise LocaliseError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
            path,
            line,
            hint="save the file as UTF-8",
        ) from error
    return text.removeprefix(BOM)


def read_bytes(path: Path, display: str | Path | None = None) -> bytes:
    """A file's bytes; a missing file, a folder or an unreadable one is a LocaliseError."""
    shown = display if display is not None else path
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise LocaliseError("file not found", shown) from error
    except IsADirectoryError as error:
        raise LocaliseError("is a folder, expected a file", shown) from error
    except OSError as error:
        raise LocaliseError(f"cannot read: {error.strerror}", shown) from error


def read_text(path: Path, display: str | Path | None = None) -> str:
    """Read a UTF-8 text file with LF line endings, whatever the editor saved."""
    shown = display if display is not None else path
    return normalise_newlines(decode_utf8(read_bytes(path, shown), shown))


def write_atomic(path: Path, content: str | bytes) -> bool:
    """Write ``content`` to ``path`` via temp file + rename; return False if unchanged."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp_name, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return True


def lock_path(root: Path) -> Path:
    """The lock file of the project at ``root``: in the user's cache folder (as XDG says
    where such files go), one per project folder, so it never shows in ``git status`` of
    the user's repository as an untracked file, nor in the site it would be swapped with.

    Where the cache cannot be made (a read-only home), the system's temporary folder.
    """
    project = root.resolve()
    name = f"{project.name or 'root'}-{hashlib.sha256(os.fsencode(project)).hexdigest()[:16]}.lock"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    for folder in (cache / "localise" / "locks",
                   Path(tempfile.gettempdir()) / f"localise-locks-{os.getuid()}"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        return folder / name
    raise LocaliseError("no folder for the project's lock file", cache,
                        hint="set XDG_CACHE_HOME to a writable folder")


@contextmanager
def project_lock(
    root: Path, timeout: float, what: str, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Serialise commands that write catalogs or the site (two builds, update during build).

    ``waiting`` is told (once) when another command holds the lock, so nobody stares at a
    silent terminal for up to ``timeout`` seconds.
    """
    path = lock_path(root)
    lock = FileLock(path)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if waiting is not None:
                waiting(f"waiting up to {timeout:g} s for another localise command in this "
                        f"project to finish ({path} is held)")
            lock.acquire(timeout=timeout)
    except Timeout as error:
        raise LocaliseError(
            f"another localise command is running in this project; gave up after {timeout:g} s",
            path,
            hint=f"wait for it to finish, or use --wait to wait longer before {what}",
        ) from error
    try:
        yield
    finally:
        lock.release()


def remove_empty_folders(folder: Path, top: Path) -> None:
    """Remove ``folder`` and its parents up to ``top`` while they are empty (the folders
    a removed file leaves; a folder that still holds something stays)."""
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
