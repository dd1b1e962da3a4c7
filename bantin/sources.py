"""The build's inputs: every file a build reads, with its size, modification time and hash.

A file whose size and modification time match the last build (and which was not modified just
before that build ended) keeps its recorded hash; any other file is read and hashed. The digest
of all inputs tells a build that nothing at all has changed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .bundled import theme_folder
from .cache import Manifest, digest, racy
from .errors import Problem, SiteError
from .messages import msg
from .text import nfc


class Source(NamedTuple):
    """One input file (a named tuple: a scan makes two for each of 10,000 files, three times
    faster than a frozen dataclass's)."""

    rel: str  # path relative to the project root, as on disk, with "/"
    # the file; a content file's is its full path as text (a scan of 10,000 files makes no
    # Path of each: most builds read none of them): Path(source.path) where one is needed
    path: Path | str
    size: int
    mtime_ns: int
    sha: bytes


@dataclass
class Listing:
    """What :func:`walk` found: the files to read, as (rel to root, path, stat), and the
    folders and files bantin cannot or must not read, each a problem naming it; ``links``:
    whether any of them is a symbolic link or lies in a linked folder."""

    files: list[tuple[str, Path, os.stat_result]] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)
    links: bool = False


# what is not a file, by its type: what the message calls it
_SPECIAL = {
    stat.S_IFIFO: lambda: msg("load.file_kind.fifo"),
    stat.S_IFSOCK: lambda: msg("load.file_kind.socket"),
    stat.S_IFBLK: lambda: msg("load.file_kind.block_device"),
    stat.S_IFCHR: lambda: msg("load.file_kind.char_device"),
}


# What editors write beside the file being saved, never a file of the site: backups (x.md~),
# Emacs' autosaves (#x.md#), Vim's swap files (x.swp; hidden ones, .x.md.swp, are skipped like
# every hidden file, and so is Emacs' lock link .#x.md) and the file 4913 it writes to test a
# folder, JetBrains' and Chromium's temporary copies, KDE's swap files, .tmp files. The scan
# lists none of them (a build must not fail on a file an editor has open), and serve's watcher
# does not report them.
EDITOR_TEMP = re.compile(
    r"(~|\.sw[a-p]|\.swx|\.tmp|\.crswap|\.kate-swp|___jb_(tmp|old)___)$|^#.*#$|^4913$"
)


_ORDINARY = (".md", ".yaml", ".yml", ".html", ".jpg", ".jpeg", ".png", ".webp", ".svg")


def left_out(name: str) -> bool:
    """Whether a file or folder called ``name`` is never an input: hidden, or an editor's."""
    if name[:1] == ".":
        return True
    if name[:1] != "#" and name.endswith(_ORDINARY):  # most names: no pattern to try
        return False
    return EDITOR_TEMP.search(name) is not None


def walk(root: Path, base: Path, text: bool = False) -> Listing:
    """Files under ``base`` (hidden ones and editors' temporary files skipped:
    :func:`left_out`), as (rel to root, path, stat), in path order (folder by folder, as
    ``sorted(Path…)`` would give).

    A symbolic link to a folder inside ``base`` is followed like a folder. A link to a folder
    outside ``base``, to a folder that holds the link (a loop), a broken link and a link loop
    are listed themselves, with the link's own ``lstat``, so that the loader can say what is
    wrong with them; nothing outside ``base`` is ever listed through a link to a folder.
    ``text``: each file's path as text instead of a Path.

    Nothing is left out quietly: a folder that cannot be opened, a file that may not be read,
    and a named pipe, socket or device (never opened: reading one could wait forever) are
    :attr:`Listing.refused`, each a problem naming it."""
    listing = Listing()
    if not base.is_dir():
        return listing
    top = os.path.realpath(base)
    _Walker(root, top, listing, text).visit(str(base), frozenset({top}))
    listing.files.sort(key=lambda f: f[0].split("/"))
    listing.refused.sort()
    return listing


class _Walker:
    """One walk of a folder: what :func:`walk` and :func:`scan_changed` list."""

    def __init__(self, root: Path, top: str, listing: Listing, text: bool = False):
        self.prefix = len(str(root)) + 1
        self.top = top
        self.listing = listing
        self.path: type = str if text else Path

    def rel(self, path: str) -> str:
        return path[self.prefix :].replace(os.sep, "/")

    def visit(self, folder: str, chain: frozenset[str], only: set[str] | None = None) -> None:
        """List ``folder`` (just its entries named ``only``, when given) and the folders in it."""
        listing = self.listing
        try:
            with os.scandir(folder) as it:
                entries = sorted(
                    (e for e in it if only is None or e.name in only), key=lambda e: e.name
                )
            found, folders = _entries(entries, self.top, chain, listing)
        except FileNotFoundError:  # removed meanwhile
            return
        except OSError as exc:  # cannot list it, or cannot look at what it holds
            listing.refused.append(_unreadable_folder(self.rel(folder), exc))
            return
        for path, st in found:
            rel = self.rel(path)
            refused = refusal(rel, path, st)
            if refused is None:
                listing.files.append((rel, self.path(path), st))
            else:
                listing.refused.append(refused)
        for path, real in folders:
            self.visit(path, chain | {real})


def _entries(
    entries: list[os.DirEntry], top: str, chain: frozenset[str], listing: Listing
) -> tuple[list[tuple[str, os.stat_result]], list[tuple[str, str]]]:
    """The files of one folder's ``entries`` with their stat, and its folders to visit (path,
    real path). Raises PermissionError when the folder's entries cannot be looked at."""
    found: list[tuple[str, os.stat_result]] = []
    folders: list[tuple[str, str]] = []
    for entry in entries:
        if left_out(entry.name):
            continue
        try:
            if entry.is_symlink():
                listing.links = True
            is_dir = entry.is_dir()  # through a link
        except OSError:
            is_dir = False
        if is_dir:
            real = os.path.realpath(entry.path)
            inside = real == top or real.startswith(top.rstrip(os.sep) + os.sep)
            if entry.is_symlink() and (not inside or real in chain):
                try:
                    found.append((entry.path, os.lstat(entry.path)))
                except FileNotFoundError:
                    pass
            else:
                folders.append((entry.path, real))
            continue
        try:
            st = os.stat(entry.path)
        except OSError:  # a broken link, a link loop, a link into a folder we may not open
            try:
                st = os.lstat(entry.path)  # PermissionError: this folder cannot be looked into
            except FileNotFoundError:  # removed meanwhile
                continue
        found.append((entry.path, st))
    return found, folders


def refusal(rel: str, path: str, st: os.stat_result) -> Problem | None:
    """Why the listed file ``path`` is not read: a named pipe, socket or device, or a file bantin
    may not read; None for a file it can read (and for a link, which the loader judges)."""
    mode = st.st_mode
    if stat.S_ISREG(mode):
        if (st.st_uid == _UID and mode & stat.S_IRUSR) or os.access(path, os.R_OK):
            return None  # its owner may read it (asked without a system call), or it says so
        return _unreadable(rel, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
    kind = _SPECIAL.get(stat.S_IFMT(mode))
    if kind is not None:
        special = msg("load.special_file", kind=kind())
        return Problem(nfc(rel), 0, 0, special, msg("load.hint_special_file"))
    return None


_UID = os.geteuid() if hasattr(os, "geteuid") else -1


def _unreadable(rel: str, exc: OSError) -> Problem:
    reason = exc.strerror or type(exc).__name__
    return Problem(
        nfc(rel), 0, 0, msg("load.unreadable", reason=reason), msg("load.hint_unreadable")
    )


def _unreadable_folder(rel: str, exc: OSError) -> Problem:
    reason = exc.strerror or type(exc).__name__
    return Problem(
        nfc(rel),
        0,
        0,
        msg("load.unreadable_folder", reason=reason),
        msg("load.hint_unreadable_folder"),
    )


def file_digest(path: Path | str) -> bytes:
    """:func:`bantin.cache.digest` of a file's bytes, read a piece at a time (a large file is
    never held in memory whole)."""
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        h.update(size.to_bytes(8, "little"))
        read = 0
        while chunk := f.read(1 << 20):
            h.update(chunk)
            read += len(chunk)
    if read != size:  # changed while it was read: the hash of what was read, said honestly
        h = hashlib.blake2b(digest_size=16)
        h.update(b"changed while read")
    return h.digest()


def refused(root: Path, folders: Iterable[str]) -> list[Problem]:
    """What cannot be read (or must not be opened) in ``folders`` of the project at ``root``."""
    return [p for folder in folders for p in walk(root, root / folder).refused]


def theme_files(root: Path, theme: str) -> Listing:
    """The files of the site's theme (its own or the installed one: :func:`theme_folder`),
    each named ``themes/<theme>/…`` wherever the folder is."""
    folder = theme_folder(root, theme)
    return walk(folder.parents[1], folder)


class Inputs(list[Source]):
    """The inputs :func:`scan` lists, in order; ``links``: whether content/ holds a symbolic
    link (a file's bytes may then change with no change at its own path)."""

    links: bool = False


def scan(
    root: Path,
    theme: str,
    config_name: str,
    manifest: Manifest | None = None,
    changed: Iterable[str] | None = None,
) -> Inputs:
    """Every input of a build of the project at ``root``; hashes are filled by :func:`hash_all`.
    Raises :class:`SiteError` naming every folder or file under content/, templates/ or the
    theme that cannot be read (or is a pipe, socket or device): nothing is built without it.

    ``changed``: the paths (relative to ``root``, with "/") that may have changed since the
    build that wrote ``manifest``, as a file watcher reports them. content/ is then not
    walked: only those paths are looked at (a file or folder there that appeared, changed
    or disappeared), every other content file is taken as ``manifest`` recorded it, and so is
    the rest of the list exactly what a full scan gives. templates/, the theme and the settings
    file are always listed (they are few). Files modified just before that build ended, and
    a content/ with symbolic links (a file may change with no change at its own path), are
    looked at as without the hint."""
    entries: list[tuple[str, Path, os.stat_result]] = []
    problems: list[Problem] = []
    config = root / config_name
    if config.is_file():
        entries.append((config_name, config, config.stat()))
    content = _content(root, manifest, changed)
    inputs = Inputs()
    inputs.links = content.links
    for listing in (content, walk(root, root / "templates"), theme_files(root, theme)):
        entries += listing.files
        problems += listing.refused
    if problems:
        raise SiteError(problems)
    inputs += [Source(rel, path, st.st_size, st.st_mtime_ns, b"") for rel, path, st in entries]
    return inputs


class _Recorded(NamedTuple):
    """A content file as the manifest recorded it, standing for its stat."""

    st_size: int
    st_mtime_ns: int


def _content(root: Path, manifest: Manifest | None, changed: Iterable[str] | None) -> Listing:
    """The files under content/: walked, or (with ``changed``) the manifest's list with the
    changed paths looked at again."""
    base = root / "content"
    look = None if changed is None or manifest is None else _looked(changed)
    if look is None or "content" in look or manifest.source_links or not base.is_dir():  # type: ignore[union-attr]
        return walk(root, base, text=True)
    recorded = {
        rel: rec
        for rel, rec in manifest.sources.items()  # type: ignore[union-attr]
        if rel.startswith("content/")
    }
    # hashed again by a full scan: looked at again here
    look |= {rel for rel, rec in recorded.items() if racy(rec[1], manifest)}
    listing = Listing()
    top = os.path.realpath(base)
    walker = _Walker(root, top, listing, text=True)
    looked: dict[str, set[str]] = {}  # folder → the names looked at in it
    inside: list[str] = []
    for rel in sorted(look, key=lambda r: r.count("/")):
        if rel.startswith(tuple(inside)):
            continue  # inside a folder already looked at
        parent, _, name = rel.rpartition("/")
        while parent != "content" and not os.path.isdir(root / parent):
            parent, _, name = parent.rpartition("/")  # gone: look from the nearest folder
        looked.setdefault(parent, set()).add(name)
        inside.append(f"{parent}/{name}/")
    for parent, names in looked.items():
        chain = {top}
        folder = "content"
        for part in parent.split("/")[1:]:
            folder += "/" + part
            chain.add(os.path.realpath(root / folder))
        walker.visit(str(root / parent), frozenset(chain), only=names)
    seen = {f"{parent}/{name}" for parent, names in looked.items() for name in names}
    under = tuple(inside)
    prefix = str(root) + os.sep
    for rel, (size, mtime, _sha) in recorded.items():
        if rel in seen or rel.startswith(under):
            continue
        path = prefix + rel.replace("/", os.sep)
        listing.files.append((rel, path, _Recorded(size, mtime)))  # type: ignore[arg-type]
    listing.files.sort(key=lambda f: f[0].split("/"))
    listing.refused.sort()
    return listing


def _looked(changed: Iterable[str]) -> set[str] | None:
    """The changed paths under content/ a scan must look at; None when one cannot be trusted
    (outside the project, or not a plain relative path)."""
    look: set[str] = set()
    for path in changed:
        rel = path.replace("\\", "/").strip("/")
        while rel.startswith("./"):
            rel = rel[2:]
        parts = rel.split("/")
        if not rel or os.path.isabs(path) or any(p in ("", ".", "..") for p in parts):
            return None
        if parts[0] != "content" or any(p.startswith(".") for p in parts):
            continue  # not content, or hidden: never listed
        look.add(rel)
    return look


def hash_all(sources: list[Source], manifest: Manifest | None) -> list[Source]:
    """Fill in each source's hash, reusing the manifest's where the file is provably unchanged."""
    known = manifest.sources if manifest else {}
    out = []
    problems = []
    for s in sources:
        rec = known.get(s.rel)
        if rec and rec[0] == s.size and rec[1] == s.mtime_ns and not racy(s.mtime_ns, manifest):
            sha = rec[2]
        else:
            try:
                sha = file_digest(s.path)
            except OSError as exc:
                if isinstance(exc, FileNotFoundError) or os.path.islink(s.path):
                    sha = b"unreadable"  # gone, or a link walk listed as such: not read
                else:  # made unreadable since the scan
                    problems.append(_unreadable(s.rel, exc))
                    continue
        out.append(Source(s.rel, s.path, s.size, s.mtime_ns, sha))
    if problems:
        raise SiteError(problems)
    return out


def inputs_digest(sources: list[Source], settings: bytes) -> bytes:
    """One digest for all inputs and the settings that are not in a file."""
    return digest(settings, *(s.rel.encode() + b"\0" + s.sha for s in sources))


def source_records(sources: list[Source]) -> dict[str, tuple[int, int, bytes]]:
    return {s.rel: (s.size, s.mtime_ns, s.sha) for s in sources}
