"""The build cache in ``.cache/``: what a later build may reuse, and never trusts blindly.

* **Parsed files** (``parsed.sqlite``): each content file's model and problems, stored under a
  key made of the file's bytes, its path, the settings that shape parsing and the bantin version.
  A changed file has a new key, so a stale entry can never be found; an entry whose checksum does
  not match is treated as missing and the file is parsed again.
* **The manifest** (``manifest.pickle``): what the last build read (every input file's size,
  modification time and hash) and what it wrote (each output file's hash, size and modification
  time, and for each page the digest of everything it was rendered from). It carries a checksum
  and the bantin version; a damaged or foreign manifest is ignored, which makes a full build.

Deleting ``.cache/`` is always safe: the next build is a clean one.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .messages import msg

FORMAT = 6  # bump when what is stored changes shape (5: bodies sanitised, 6: escapes in links)
CACHE_DIR = ".cache"
_MAGIC = b"bantin-manifest\n"
# a file modified this close to the last build's end may have changed without its size or
# modification time changing (coarse file-system clocks): it is hashed again, never trusted
_RACY_NS = 2_000_000_000


def digest(*parts: bytes | str) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


@dataclass(frozen=True)
class FileState:
    """An output file as the last build left it."""

    sha: bytes
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class PageRecord:
    """What one page was rendered from: the digest of its context, templates, the site data
    its templates read and the global settings; and the names of those templates and data."""

    digest: bytes
    templates: tuple[str, ...]
    attrs: tuple[str, ...]
    search: bytes = b""  # digest of what the search index takes from the page; b"" if nothing


@dataclass
class Manifest:
    version: str = __version__
    format: int = FORMAT
    written_ns: int = 0
    inputs_digest: bytes = b""
    # input file → (size, modification time, hash)
    sources: dict[str, tuple[int, int, bytes]] = field(default_factory=dict)
    outputs: dict[str, FileState] = field(default_factory=dict)  # output path → state
    pages: dict[str, PageRecord] = field(default_factory=dict)  # output path → record
    warnings: list[Any] = field(default_factory=list)  # shown again when nothing changed
    counts: dict[str, int] = field(default_factory=dict)
    related: dict[bytes, Any] = field(default_factory=dict)  # the linker's memo
    next_change: float | None = None  # when a scheduled item is published or one expires
    # the search index: digest of what it was made from, its files, how long it took
    search_digest: bytes = b""
    search_files: tuple[str, ...] = ()
    search_seconds: float = 0.0


class BuildCache:
    """``.cache/`` of one project. Every method copes with a missing, damaged or concurrent
    cache by behaving as if it were empty."""

    def __init__(self, root: Path, enabled: bool = True, manifest: str = "manifest"):
        """``manifest`` names the record of one output folder: ``serve`` keeps its preview's
        apart from the published site's."""
        self.dir = root / CACHE_DIR
        self.enabled = enabled
        self.manifest_name = manifest
        self._db: sqlite3.Connection | None = None
        self.notes: list[str] = []  # what was found damaged and rebuilt, for the user

    # ------------------------------------------------------------------ manifest

    @property
    def manifest_path(self) -> Path:
        return self.dir / f"{self.manifest_name}.pickle"

    def load_manifest(self) -> Manifest | None:
        if not self.enabled:
            return None
        try:
            data = self.manifest_path.read_bytes()
        except OSError:
            return None
        head, payload = data[: len(_MAGIC) + 16], data[len(_MAGIC) + 16 :]
        if head[: len(_MAGIC)] != _MAGIC or head[len(_MAGIC) :] != digest(payload):
            self.notes.append(msg("load.cache_manifest_damaged"))
            return None
        try:
            with _no_gc():
                manifest = pickle.loads(payload)
        except Exception:
            self.notes.append(msg("load.cache_manifest_unreadable"))
            return None
        if (
            not isinstance(manifest, Manifest)
            or manifest.version != __version__
            or manifest.format != FORMAT
        ):
            return None
        return manifest

    def save_manifest(self, manifest: Manifest) -> None:
        if not self.enabled:
            return
        payload = pickle.dumps(manifest, protocol=pickle.HIGHEST_PROTOCOL)
        self._write_atomic(self.manifest_path, _MAGIC + digest(payload) + payload)

    def _write_atomic(self, path: Path, data: bytes) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError as exc:  # a read-only project still builds, just without a cache
            self.notes.append(msg("load.cache_write_failed", reason=exc.strerror))

    def bytecode_dir(self) -> Path | None:
        """Where Jinja keeps compiled templates, or None without a usable cache."""
        if not self.enabled:
            return None
        path = self.dir / "templates"
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return path

    # ------------------------------------------------------------------ parsed files

    def _connect(self) -> sqlite3.Connection | None:
        if not self.enabled:
            return None
        if self._db is not None:
            return self._db
        path = self.dir / "parsed.sqlite"
        for attempt in range(2):
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=2, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
                row = db.execute("SELECT value FROM meta WHERE name='format'").fetchone()
                wanted = f"{FORMAT}/{__version__}"
                if row is None or row[0] != wanted:
                    db.execute("DROP TABLE IF EXISTS parsed")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (wanted,))
                db.execute(
                    "CREATE TABLE IF NOT EXISTS parsed "
                    "(key BLOB PRIMARY KEY, data BLOB NOT NULL, checksum BLOB NOT NULL)"
                )
                self._db = db
                return db
            except sqlite3.DatabaseError:
                if attempt:
                    break
                self.notes.append(msg("load.cache_parse_damaged"))
                for name in ("parsed.sqlite", "parsed.sqlite-wal", "parsed.sqlite-shm"):
                    with contextlib.suppress(OSError):
                        (self.dir / name).unlink()
            except OSError:
                break
        self.enabled = False
        return None

    def get_parsed(self, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        """The stored pickles for ``keys`` that exist and are intact."""
        db = self._connect()
        if db is None:
            return {}
        found: dict[bytes, bytes] = {}
        wanted = list(keys)
        try:
            for start in range(0, len(wanted), 500):
                batch = wanted[start : start + 500]
                marks = ",".join("?" * len(batch))
                for key, data, checksum in db.execute(
                    f"SELECT key, data, checksum FROM parsed WHERE key IN ({marks})", batch
                ):
                    if digest(data) == checksum:
                        found[key] = data
        except sqlite3.DatabaseError:
            self.notes.append(msg("load.cache_parse_unreadable"))
            return {}
        return found

    def put_parsed(self, entries: Iterable[tuple[bytes, bytes]]) -> None:
        db = self._connect()
        if db is None:
            return
        rows = [(key, data, digest(data)) for key, data in entries]
        if not rows:
            return
        try:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?)", rows)
            db.execute("COMMIT")
        except sqlite3.DatabaseError:
            with contextlib.suppress(sqlite3.DatabaseError):
                db.execute("ROLLBACK")
            self.notes.append(msg("load.cache_store_failed"))

    def prune(self, live: set[bytes]) -> None:
        """Forget parsed files no longer in the project (keeps the cache from growing)."""
        db = self._connect()
        if db is None:
            return
        try:
            stored = [k for (k,) in db.execute("SELECT key FROM parsed")]
            dead = [(k,) for k in stored if k not in live]
            if len(dead) > max(100, len(live) // 4):  # now and then, not at every build
                db.execute("BEGIN")
                db.executemany("DELETE FROM parsed WHERE key = ?", dead)
                db.execute("COMMIT")
        except sqlite3.DatabaseError:
            pass

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.DatabaseError):
                self._db.close()
            self._db = None


def racy(mtime_ns: int, manifest: Manifest | None) -> bool:
    """Whether a file's modification time is too close to the last build to prove it unchanged."""
    return manifest is None or mtime_ns >= manifest.written_ns - _RACY_NS


def now_ns() -> int:
    return time.time_ns()


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Unpickling thousands of objects with the cyclic collector running is several times
    slower; nothing unpickled here holds a cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def loads_many(blobs: Iterable[bytes]) -> list[Any]:
    with _no_gc():
        return [pickle.loads(b) for b in blobs]
