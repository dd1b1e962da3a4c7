"""The build cache in ``.cache/``: what a later build may reuse, and never trusts blindly.

* **Parsed files** (``parsed.sqlite``): each content file's model and problems, stored under a
  key made of the file's bytes, its path, the settings that shape parsing and the bantin version.
  A changed file has a new key, so a stale entry can never be found; an entry whose checksum does
  not match is treated as missing and the file is parsed again.
* **Search records** (table ``records`` of ``parsed.sqlite``): what each indexed page gives the
  search index (:func:`bantin.search.page_record`), stored under the digest of its bytes, so that
  a part of the index can be made again without reading its pages; a missing or damaged record
  is read again from the page in ``output/``.
* **The manifest** (``manifest.pickle``): what the last build read (every input file's size,
  modification time and hash) and what it wrote (each output file's hash, size and modification
  time, and for each page the digest of everything it was rendered from). It carries a checksum
  and the bantin version; a damaged or foreign manifest is ignored, which makes a full build.
* **Compiled templates** (``templates/``): Jinja's bytecode, each file sealed with a hash of its
  content (:class:`SealedBytecodeCache`); Jinja would run whatever a damaged file holds.
* **Resized pictures** (``images/``), by :mod:`bantin.images`, each file checked against the hash
  recorded when it was made; and ``serve``'s preview (``preview/``, ``preview.pickle``).

Whatever is found damaged (a bad hash, a file where a folder should be, a folder where a file
should be) is removed and made again, with a note for the user. A ``.cache/`` that cannot be
written (a full or read-only disk, no permission) is gone without, with a note saying why.
Deleting ``.cache/`` is always safe: the next build is a clean one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import gc
import hashlib
import os
import pickle
import shutil
import sqlite3
import time
from array import array
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    ValuesView,
)
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__
from .messages import Msg, msg

FORMAT = 11  # bump when what is stored changes shape (5: bodies sanitised, 6: escapes in links,
# 7: local paths in bodies, 8: search records and parts, 9: folders of output/ and its spare copy,
# 10: output files' states as named tuples, the count of pages, 11: those states in columns)
CACHE_DIR = ".cache"
PREVIEW = "preview"  # serve's folder and record in .cache/; never deleted by build --clean
_MAGIC = b"bantin-manifest\n"
_BYTECODE_MAGIC = b"bantin-bytecode\n"
_BYTECODE_SUFFIX = ".jinja"
# what the disk says when it cannot take a write: full, read-only, or not allowed
_FULL = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY = {errno.EROFS}
_REFUSED = {errno.EACCES, errno.EPERM}
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


def seal(magic: bytes, payload: bytes) -> bytes:
    """``payload`` behind ``magic`` and its digest: what :func:`unseal` can verify."""
    return magic + digest(payload) + payload


def unseal(magic: bytes, data: bytes) -> bytes | None:
    """The payload of sealed ``data``; None if it is not sealed with ``magic`` or damaged."""
    head, payload = data[: len(magic) + 16], data[len(magic) + 16 :]
    if head[: len(magic)] != magic or head[len(magic) :] != digest(payload):
        return None
    return payload


def trouble(exc: OSError) -> str | None:
    """``"full"``, ``"read_only"`` or ``"refused"`` when ``exc`` says the disk would not take a
    write; None for any other error."""
    if exc.errno in _FULL:
        return "full"
    if exc.errno in _READ_ONLY:
        return "read_only"
    if exc.errno in _REFUSED:
        return "refused"
    return None


def remove(path: Path) -> None:
    """Delete whatever is at ``path``: a file, a link or a folder with all it holds."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def make_folder(path: Path, base: Path) -> bool:
    """Make the folder ``path`` and those between the existing folder ``base`` and it, removing
    a file (or a link to nothing) in the way. Returns whether something was removed: damage."""
    removed = False
    current = base
    for part in path.relative_to(base).parts:
        current = current / part
        try:  # made first, looked at after: another build making it too is never taken for
            current.mkdir()  # a file in the way and removed (it was, between a look and mkdir)
            continue
        except FileExistsError:
            if current.is_dir():
                continue
        remove(current)
        removed = True
        current.mkdir(exist_ok=True)
    return removed


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file, so that no reader ever sees it half written."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def unusable(exc: OSError, path: str) -> Msg:
    """The note for a build cache that could not be written at ``path`` (``.cache/``)."""
    return _unusable(trouble(exc), path, exc.strerror or str(exc))


def _unusable(kind: str | None, path: str, reason: str) -> Msg:
    if kind == "full":
        return msg("cli.cache_full", path=path)
    if kind == "read_only":
        return msg("cli.cache_read_only", path=path)
    if kind == "refused":
        return msg("cli.cache_refused", path=path, reason=reason)
    return msg("load.cache_write_failed", reason=reason)


class FileState(NamedTuple):
    """An output file as the last build left it (a named tuple: the manifest of a
    10,000-bulletin site holds 29,000 of them, which unpickle in half the time of a
    dataclass's, and a build that finds nothing changed reads them all)."""

    sha: bytes
    size: int
    mtime_ns: int


class LazyMapping(Mapping[str, Any]):
    """A mapping made only when first read (:meth:`_open`), from what the manifest stored:
    a build that finds nothing changed unpickles the least it can."""

    __slots__ = ()

    def _open(self) -> dict[str, Any]:
        raise NotImplementedError

    def __contains__(self, key: object) -> bool:
        return key in self._open()

    def __getitem__(self, key: str) -> Any:
        return self._open()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._open().get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._open())

    def __len__(self) -> int:
        return len(self._open())

    def keys(self) -> KeysView[str]:
        return self._open().keys()

    def items(self) -> ItemsView[str, Any]:
        return self._open().items()

    def values(self) -> ValuesView[Any]:
        return self._open().values()


class FileTable(LazyMapping):
    """The output files of a manifest (path → :class:`FileState`), pickled as columns: the
    paths, their digests and two arrays of numbers, which unpickle in a fifth of the time of
    29,000 named tuples (a site of 10,000 bulletins). The mapping itself is made when first
    read; a build that finds nothing changed only reads :meth:`stats`."""

    __slots__ = ("_columns", "_items")

    def __init__(
        self,
        items: Mapping[str, FileState] | None = None,
        columns: tuple[list[str], list[bytes], array, array] | None = None,
    ):
        self._items: dict[str, FileState] | None = (
            None if columns is not None else dict(items or {})
        )
        self._columns = columns

    def _open(self) -> dict[str, FileState]:
        if self._items is None:
            assert self._columns is not None
            states = map(FileState, *self._columns[1:])
            self._items = dict(zip(self._columns[0], states, strict=True))
            self._columns = None
        return self._items

    def stats(self) -> Iterator[tuple[str, int, int]]:
        """(path, size, modification time) of each file, the mapping left unmade."""
        if self._columns is not None:
            rels, _, sizes, mtimes = self._columns
            return zip(rels, sizes, mtimes, strict=True)
        return ((rel, s.size, s.mtime_ns) for rel, s in self._open().items())

    def __len__(self) -> int:
        return len(self._columns[0]) if self._columns is not None else len(self._open())

    def __reduce__(self) -> tuple[Any, ...]:
        if self._columns is None:
            files = self._open()
            states = files.values()
            columns = (
                list(files),
                [s.sha for s in states],
                array("q", [s.size for s in states]),
                array("q", [s.mtime_ns for s in states]),
            )
        else:
            columns = self._columns
        return (FileTable, (None, columns))


@dataclass(frozen=True)
class PageRecord:
    """What one page was rendered from: the digest of its context, templates, the site data
    its templates read and the global settings; and the names of those templates and data."""

    digest: bytes
    templates: tuple[str, ...]
    attrs: tuple[str, ...]
    search: bytes = b""  # key of the page's search record (digest of its bytes); b"" if none
    search_date: str = ""  # the record's date, which files it in a part of the index


# what a build that finds nothing changed never reads: kept pickled in the manifest until read
DEFERRED = ("pages", "related", "spare_folders", "search_parts")


class Deferred(LazyMapping):
    """A mapping kept pickled until it is first read: the records of 17,000 pages take a tenth
    of a CPU-second to unpickle, which a build that finds nothing changed never reads."""

    __slots__ = ("_blob", "_items")

    def __init__(self, items: Mapping[str, Any] | None = None, blob: bytes = b""):
        self._items: dict[str, Any] | None = None if blob else dict(items or {})
        self._blob = blob

    def _open(self) -> dict[str, Any]:
        if self._items is None:
            with collector_off():
                self._items = pickle.loads(self._blob)
            self._blob = b""
        return self._items

    def __reduce__(self) -> tuple[Any, ...]:
        blob = self._blob or pickle.dumps(self._items, protocol=pickle.HIGHEST_PROTOCOL)
        return (Deferred, (None, blob))


@dataclass
class Manifest:
    version: str = __version__
    format: int = FORMAT
    written_ns: int = 0
    inputs_digest: bytes = b""
    # input file → (size, modification time, hash)
    sources: dict[str, tuple[int, int, bytes]] = field(default_factory=dict)
    source_links: bool = False  # content/ holds a symbolic link (bantin.sources.scan)
    # output path → state (saved as a FileTable)
    outputs: Mapping[str, FileState] = field(default_factory=dict)
    # each folder of output/ ("" itself) → its modification time: unchanged means no file was
    # added to it or removed from it since (empty: not known, output/ is listed instead)
    folders: dict[str, int] = field(default_factory=dict)
    # the spare copy of output/ in .cache/ (bantin.writer.Shelf): its token ("" none) and its
    # folders' modification times; it holds exactly the files of ``outputs``
    spare: str = ""
    spare_folders: dict[str, int] = field(default_factory=dict)
    # output path → record; saved as a Deferred, like the other DEFERRED fields (read when
    # the build goes on past the scan)
    pages: Mapping[str, PageRecord] = field(default_factory=dict)
    page_count: int = 0  # len(pages), which a build that finds nothing changed says
    warnings: list[Any] = field(default_factory=list)  # shown again when nothing changed
    counts: dict[str, int] = field(default_factory=dict)
    related: dict[bytes, Any] = field(default_factory=dict)  # the linker's memo
    next_change: float | None = None  # when a scheduled item is published or one expires
    left_out: tuple[tuple[str, str], ...] = ()  # (status, file) of the items left out
    # the parts of the search index: name → (digest of what it was made from, its files)
    search_parts: dict[str, tuple[bytes, tuple[str, ...]]] = field(default_factory=dict)


class BuildCache:
    """``.cache/`` of one project. Every method copes with a missing, damaged or concurrent
    cache by behaving as if it were empty, and with one that cannot be written by going
    without; :attr:`notes` tells the user what was found."""

    def __init__(self, root: Path, enabled: bool = True, manifest: str = "manifest"):
        """``manifest`` names the record of one output folder: ``serve`` keeps its preview's
        apart from the published site's."""
        self.root = root
        self.dir = root / CACHE_DIR
        self.wanted = enabled
        self.enabled = enabled
        self.writable = False  # .cache/ takes files (pictures go there even without the cache)
        self.manifest_name = manifest
        self._db: sqlite3.Connection | None = None
        self._parsed_ok = True  # the parse cache is usable
        self.notes: list[str] = []  # what was found damaged and rebuilt, for the user

    def prepare(self) -> None:
        """At the start of each build: make ``.cache/`` a folder this build can write in
        (removing a file in its place), or go without the cache, with a note saying why."""
        self.notes = []
        self.enabled = self.wanted
        self._parsed_ok = True
        self.writable = False
        try:
            if make_folder(self.dir, self.root):
                self.damaged(f"{CACHE_DIR}/")
            probe = self.dir / f".probe-{os.getpid()}"
            try:
                probe.write_bytes(b"bantin")
            finally:
                with contextlib.suppress(OSError):
                    probe.unlink()
        except OSError as exc:
            self.enabled = False
            self.note(unusable(exc, f"{CACHE_DIR}/"))
            return
        self.writable = True

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def damaged(self, path: str) -> None:
        """Tell the user that ``path`` (``.cache/templates/``) was damaged and made again."""
        self.note(msg("cli.cache_damaged", path=path))

    # ------------------------------------------------------------------ manifest

    @property
    def manifest_path(self) -> Path:
        return self.dir / f"{self.manifest_name}.pickle"

    def load_manifest(self) -> Manifest | None:
        if not self.enabled:
            return None
        path = self.manifest_path
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            if trouble(exc):  # there, but this user may not read it
                self.note(unusable(exc, f"{CACHE_DIR}/{path.name}"))
                return None
            with contextlib.suppress(OSError):  # a folder where the manifest should be
                remove(path)
            data = b""
        payload = unseal(_MAGIC, data)
        if payload is None:
            self.note(msg("load.cache_manifest_damaged"))
            return None
        try:
            with collector_off():
                manifest = pickle.loads(payload)
        except Exception:
            self.note(msg("load.cache_manifest_unreadable"))
            return None
        if (
            not isinstance(manifest, Manifest)
            or manifest.version != __version__
            or manifest.format != FORMAT
        ):
            return None
        return manifest

    def save_manifest(self, manifest: Manifest) -> bool:
        """Record ``manifest``; whether it was."""
        if not self.enabled:
            return False
        manifest = dataclasses.replace(
            manifest,
            **{
                name: Deferred(getattr(manifest, name))
                for name in DEFERRED
                if not isinstance(getattr(manifest, name), Deferred)
            },
        )
        if not isinstance(manifest.outputs, FileTable):
            manifest = dataclasses.replace(manifest, outputs=FileTable(manifest.outputs))
        payload = pickle.dumps(manifest, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            make_folder(self.dir, self.root)  # deleted while the build ran: made again
            if self.manifest_path.is_dir():
                remove(self.manifest_path)
            write_atomic(self.manifest_path, seal(_MAGIC, payload))
        except OSError as exc:  # a read-only project still builds, just without a cache
            self.note(unusable(exc, f"{CACHE_DIR}/"))
            return False
        return True

    def bytecode_dir(self) -> Path | None:
        """Where Jinja keeps compiled templates (:class:`SealedBytecodeCache`), every damaged
        file there removed first; None without a usable cache."""
        if not self.enabled:
            return None
        folder = self.dir / "templates"
        try:
            damaged = make_folder(folder, self.dir)
            for entry in folder.iterdir():
                if entry.name.startswith("."):  # being written by another build
                    continue
                ours = entry.name.endswith(_BYTECODE_SUFFIX)
                if not (ours and _sealed_file(entry, _BYTECODE_MAGIC)):
                    damaged = damaged or ours  # files of older bantin versions go quietly
                    remove(entry)
        except OSError as exc:
            self.note(unusable(exc, f"{CACHE_DIR}/templates/"))
            return None
        if damaged:
            self.damaged(f"{CACHE_DIR}/templates/")
        return folder

    # ------------------------------------------------------------------ parsed files

    @property
    def _db_path(self) -> Path:
        return self.dir / "parsed.sqlite"

    def _connect(self) -> sqlite3.Connection | None:
        if not (self.enabled and self._parsed_ok):
            return None
        if self._db is not None:
            return self._db
        for attempt in range(2):
            try:
                self._db = self._open()
                return self._db
            except (sqlite3.DatabaseError, OSError) as exc:
                self.close()
                if attempt or _sqlite_trouble(exc) != "damaged":
                    self._give_up(exc)
                    return None
                self._reset()
        return None

    def _open(self) -> sqlite3.Connection:
        self.dir.mkdir(parents=True, exist_ok=True)
        if self._db_path.is_dir():  # a folder where the database should be
            self._reset()
        db = sqlite3.connect(self._db_path, timeout=2, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE name='format'").fetchone()
            wanted = f"{FORMAT}/{__version__}"
            if row is None or row[0] != wanted:
                db.execute("DROP TABLE IF EXISTS parsed")
                db.execute("DROP TABLE IF EXISTS records")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (wanted,))
            db.execute(
                "CREATE TABLE IF NOT EXISTS parsed "
                "(key BLOB PRIMARY KEY, data BLOB NOT NULL, checksum BLOB NOT NULL)"
            )
            # search records: the key is the digest of the data, its own checksum
            db.execute(
                "CREATE TABLE IF NOT EXISTS records (key BLOB PRIMARY KEY, data BLOB NOT NULL)"
            )
            db.execute("SELECT count(*) FROM parsed").fetchone()
            db.execute("SELECT count(*) FROM records").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _reset(self) -> None:
        """Delete a damaged parse cache; the next connection starts an empty one."""
        self.close()
        self.note(msg("load.cache_parse_damaged"))
        for name in ("parsed.sqlite", "parsed.sqlite-wal", "parsed.sqlite-shm"):
            with contextlib.suppress(OSError):
                remove(self.dir / name)

    def _give_up(self, exc: BaseException) -> None:
        """Go on without the parse cache for this build, saying why."""
        self.close()
        self._parsed_ok = False
        kind = _sqlite_trouble(exc)
        path = f"{CACHE_DIR}/parsed.sqlite"
        if isinstance(exc, OSError):
            self.note(unusable(exc, path))
        elif kind in ("full", "refused"):
            self.note(_unusable(kind, path, str(exc)))
        else:
            self.note(msg("load.cache_store_failed"))

    def get_parsed(self, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        """The stored pickles for ``keys`` that exist and are intact."""
        return self._get("SELECT key, data, checksum FROM parsed", keys, lambda k, d, c: c)

    def _get(
        self, select: str, keys: Iterable[bytes], checksum: Callable[..., bytes]
    ) -> dict[bytes, bytes]:
        """The rows of ``select`` (key, data, …) for ``keys`` whose data's digest is
        ``checksum(*row)``; a damaged row is left out (made again and stored anew)."""
        db = self._connect()
        if db is None:
            return {}
        found: dict[bytes, bytes] = {}
        wanted = list(keys)
        try:
            for start in range(0, len(wanted), 500):
                batch = wanted[start : start + 500]
                marks = ",".join("?" * len(batch))
                for row in db.execute(f"{select} WHERE key IN ({marks})", batch):
                    if digest(row[1]) == checksum(*row):
                        found[row[0]] = row[1]
                    else:
                        self.damaged(f"{CACHE_DIR}/parsed.sqlite")
        except sqlite3.DatabaseError as exc:
            if _sqlite_trouble(exc) == "damaged":
                self._reset()
            else:
                self._give_up(exc)
            return {}
        return found

    def put_parsed(self, entries: Iterable[tuple[bytes, bytes]]) -> None:
        rows = [(key, data, digest(data)) for key, data in entries]
        self._put("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?)", rows)

    def _put(self, sql: str, rows: list[tuple[bytes, ...]]) -> bool:
        """Whether ``rows`` were stored (nothing to store: True)."""
        if not rows:
            return True
        for attempt in range(2):
            db = self._connect()
            if db is None:
                return False
            try:
                db.execute("BEGIN")
                db.executemany(sql, rows)
                db.execute("COMMIT")
                return True
            except sqlite3.DatabaseError as exc:
                with contextlib.suppress(sqlite3.DatabaseError):
                    db.execute("ROLLBACK")
                if attempt or _sqlite_trouble(exc) != "damaged":
                    self._give_up(exc)
                    return False
                self._reset()
        return False

    def get_records(self, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        """The stored search records for ``keys`` that exist and are intact (their key is the
        digest of their bytes); a damaged one is read again from its page."""
        return self._get("SELECT key, data FROM records", keys, lambda k, d: k)

    def put_records(self, records: Iterable[tuple[bytes, bytes]]) -> bool:
        """Store search records as (key, bytes), the key being the digest of the bytes; whether
        they were stored (not when the cache cannot be used)."""
        return self._put("INSERT OR REPLACE INTO records VALUES (?, ?)", list(records))

    def prune(self, live: set[bytes], records: set[bytes] | None = None) -> None:
        """Forget parsed files no longer in the project, and search records no page has any
        more (``records``: the keys pages have; None leaves them): keeps the cache from
        growing."""
        db = self._connect()
        if db is None:
            return
        for table, keep in (("parsed", live), ("records", records)):
            if keep is None:
                continue
            try:
                stored = [k for (k,) in db.execute(f"SELECT key FROM {table}")]
                dead = [(k,) for k in stored if k not in keep]
                if len(dead) > max(100, len(keep) // 4):  # now and then, not at every build
                    db.execute("BEGIN")
                    db.executemany(f"DELETE FROM {table} WHERE key = ?", dead)
                    db.execute("COMMIT")
            except sqlite3.DatabaseError:
                with contextlib.suppress(sqlite3.DatabaseError):
                    db.execute("ROLLBACK")

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.DatabaseError):
                self._db.close()
            self._db = None


def _sealed_bytecode_cache() -> type:
    import jinja2

    class SealedBytecodeCache(jinja2.BytecodeCache):
        """Jinja's compiled templates, one file each in ``folder``, sealed with a hash of their
        content: a damaged file is never loaded (Jinja would run whatever it holds), the
        template is compiled again instead. A file that cannot be written is simply not kept."""

        def __init__(self, folder: Path):
            self.folder = folder

        def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
            return self.folder / f"{bucket.key}{_BYTECODE_SUFFIX}"

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                payload = unseal(_BYTECODE_MAGIC, self._path(bucket).read_bytes())
            except OSError:
                return
            if payload is not None:
                bucket.bytecode_from_string(payload)

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                data = seal(_BYTECODE_MAGIC, bucket.bytecode_to_string())
                write_atomic(self._path(bucket), data)

    SealedBytecodeCache.__module__ = __name__
    return SealedBytecodeCache


def __getattr__(name: str) -> Any:
    """``SealedBytecodeCache`` is made when first asked for: a build that finds nothing changed
    reads the cache without importing Jinja."""
    if name == "SealedBytecodeCache":
        cls = globals()[name] = _sealed_bytecode_cache()
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _sealed_file(path: Path, magic: bytes) -> bool:
    try:
        return path.is_file() and unseal(magic, path.read_bytes()) is not None
    except OSError:
        return False


def _sqlite_trouble(exc: BaseException) -> str:
    """What a failure of the parse cache means: ``"full"``, ``"refused"`` (read-only, no
    permission) or ``"damaged"`` (anything else: the file is deleted and made again)."""
    if isinstance(exc, OSError):
        return trouble(exc) or "damaged"
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == 13:  # SQLITE_FULL
        return "full"
    if code in (3, 8, 23):  # SQLITE_PERM, SQLITE_READONLY, SQLITE_AUTH
        return "refused"
    return "damaged"


def forget(root: Path) -> None:
    """``build --clean``: delete the build cache, but never the preview a running ``serve``
    shows (its folder, its record and the folders it builds in)."""
    folder = root / CACHE_DIR
    if not folder.is_dir():
        with contextlib.suppress(OSError):
            remove(folder)
        return
    kept = {PREVIEW, f"{PREVIEW}.pickle"}
    for entry in folder.iterdir():
        name = entry.name
        if name in kept or name.startswith((f".{PREVIEW}.staging-", f"{PREVIEW}.spare-")):
            continue
        with contextlib.suppress(OSError):
            if ".spare-" in name:  # moved first: never deleted while a build is taking it
                gone = folder / f".gone-{os.getpid()}-{name}"
                os.rename(entry, gone)
                entry = gone
            remove(entry)


def racy(mtime_ns: int, manifest: Manifest | None) -> bool:
    """Whether a file's modification time is too close to the last build to prove it unchanged."""
    return manifest is None or mtime_ns >= manifest.written_ns - _RACY_NS


def now_ns() -> int:
    return time.time_ns()


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """The cyclic garbage collector off for a while, then as it was: unpickling thousands of
    objects, or loading and linking a site, with it running is several times slower (each full
    collection walks every object made so far), for no garbage (nothing made there holds a
    cycle that is not kept)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def loads_many(blobs: Iterable[bytes]) -> list[Any]:
    with collector_off():
        return [pickle.loads(b) for b in blobs]
