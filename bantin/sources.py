"""The build's inputs: every file a build reads, with its size, modification time and hash.

A file whose size and modification time match the last build (and which was not modified just
before that build ended) keeps its recorded hash; any other file is read and hashed. The digest
of all inputs tells a build that nothing at all has changed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .bundled import theme_folder
from .cache import Manifest, digest, racy
from .errors import Problem, SiteError
from .messages import msg
from .text import nfc


@dataclass(frozen=True)
class Source:
    rel: str  # path relative to the project root, as on disk, with "/"
    path: Path
    size: int
    mtime_ns: int
    sha: bytes


@dataclass
class Listing:
    """What :func:`walk` found: the files to read, as (rel to root, path, stat), and the
    folders and files bantin cannot or must not read, each a problem naming it."""

    files: list[tuple[str, Path, os.stat_result]] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)


# what is not a file, by its type: what the message calls it
_SPECIAL = {
    stat.S_IFIFO: lambda: msg("load.file_kind.fifo"),
    stat.S_IFSOCK: lambda: msg("load.file_kind.socket"),
    stat.S_IFBLK: lambda: msg("load.file_kind.block_device"),
    stat.S_IFCHR: lambda: msg("load.file_kind.char_device"),
}


def walk(root: Path, base: Path) -> Listing:
    """Files under ``base`` (hidden ones skipped), as (rel to root, path, stat), in path
    order (folder by folder, as ``sorted(Path…)`` would give).

    A symbolic link to a folder inside ``base`` is followed like a folder. A link to a folder
    outside ``base``, to a folder that holds the link (a loop), a broken link and a link loop
    are listed themselves, with the link's own ``lstat``, so that the loader can say what is
    wrong with them; nothing outside ``base`` is ever listed through a link to a folder.

    Nothing is left out quietly: a folder that cannot be opened, a file that may not be read,
    and a named pipe, socket or device (never opened: reading one could wait forever) are
    :attr:`Listing.refused`, each a problem naming it."""
    listing = Listing()
    if not base.is_dir():
        return listing
    prefix = len(str(root)) + 1
    top = os.path.realpath(base)

    def rel(path: str) -> str:
        return path[prefix:].replace(os.sep, "/")

    def visit(folder: str, chain: frozenset[str]) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
            found, folders = _entries(entries, top, chain)
        except FileNotFoundError:  # removed meanwhile
            return
        except OSError as exc:  # cannot list it, or cannot look at what it holds
            listing.refused.append(_unreadable_folder(rel(folder), exc))
            return
        for path, st in found:
            refused = refusal(rel(path), path, st)
            if refused is None:
                listing.files.append((rel(path), Path(path), st))
            else:
                listing.refused.append(refused)
        for path, real in folders:
            visit(path, chain | {real})

    visit(str(base), frozenset({top}))
    listing.files.sort(key=lambda f: f[0].split("/"))
    listing.refused.sort()
    return listing


def _entries(
    entries: list[os.DirEntry], top: str, chain: frozenset[str]
) -> tuple[list[tuple[str, os.stat_result]], list[tuple[str, str]]]:
    """The files of one folder's ``entries`` with their stat, and its folders to visit (path,
    real path). Raises PermissionError when the folder's entries cannot be looked at."""
    found: list[tuple[str, os.stat_result]] = []
    folders: list[tuple[str, str]] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
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
    kind = _SPECIAL.get(stat.S_IFMT(st.st_mode))
    if kind is not None:
        special = msg("load.special_file", kind=kind())
        return Problem(nfc(rel), 0, 0, special, msg("load.hint_special_file"))
    if stat.S_ISREG(st.st_mode) and not os.access(path, os.R_OK):
        return _unreadable(rel, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
    return None


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


def file_digest(path: Path) -> bytes:
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


def scan(root: Path, theme: str, config_name: str) -> list[Source]:
    """Every input of a build of the project at ``root``; hashes are filled by :func:`hash_all`.
    Raises :class:`SiteError` naming every folder or file under content/, templates/ or the
    theme that cannot be read (or is a pipe, socket or device): nothing is built without it."""
    entries: list[tuple[str, Path, os.stat_result]] = []
    problems: list[Problem] = []
    config = root / config_name
    if config.is_file():
        entries.append((config_name, config, config.stat()))
    for listing in (walk(root, root / "content"), walk(root, root / "templates")):
        entries += listing.files
        problems += listing.refused
    theme_listing = theme_files(root, theme)
    entries += theme_listing.files
    problems += theme_listing.refused
    if problems:
        raise SiteError(problems)
    return [Source(rel, path, st.st_size, st.st_mtime_ns, b"") for rel, path, st in entries]


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
                if isinstance(exc, FileNotFoundError) or s.path.is_symlink():
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
