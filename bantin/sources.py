"""The build's inputs: every file a build reads, with its size, modification time and hash.

A file whose size and modification time match the last build (and which was not modified just
before that build ended) keeps its recorded hash; any other file is read and hashed. The digest
of all inputs tells a build that nothing at all has changed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .cache import Manifest, digest, racy


@dataclass(frozen=True)
class Source:
    rel: str  # path relative to the project root, as on disk, with "/"
    path: Path
    size: int
    mtime_ns: int
    sha: bytes


def walk(root: Path, base: Path) -> list[tuple[str, Path, os.stat_result]]:
    """Files under ``base`` (hidden ones skipped), as (rel to root, path, stat), in path
    order (folder by folder, as ``sorted(Path…)`` would give).

    A symbolic link to a folder inside ``base`` is followed like a folder. A link to a folder
    outside ``base``, to a folder that holds the link (a loop), a broken link and a link loop
    are listed themselves, with the link's own ``lstat``, so that the loader can say what is
    wrong with them; nothing outside ``base`` is ever listed through a link to a folder."""
    found: list[tuple[str, Path, os.stat_result]] = []
    if not base.is_dir():
        return found
    prefix = len(str(root)) + 1
    top = os.path.realpath(base)

    def listed(path: str, st: os.stat_result) -> None:
        found.append((path[prefix:].replace(os.sep, "/"), Path(path), st))

    def visit(folder: str, chain: frozenset[str]) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
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
                        listed(entry.path, os.lstat(entry.path))
                    except OSError:
                        pass
                else:
                    folders.append((entry.path, real))
                continue
            try:
                st = os.stat(entry.path)
            except OSError:  # a broken link, or a link loop
                try:
                    st = os.lstat(entry.path)
                except OSError:
                    continue
            listed(entry.path, st)
        for path, real in folders:
            visit(path, chain | {real})

    visit(str(base), frozenset({top}))
    found.sort(key=lambda f: f[0].split("/"))
    return found


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


def scan(root: Path, theme: str, config_name: str) -> list[Source]:
    """Every input of a build of the project at ``root``; hashes are filled by :func:`hash_all`."""
    entries: list[tuple[str, Path, os.stat_result]] = []
    config = root / config_name
    if config.is_file():
        entries.append((config_name, config, config.stat()))
    for folder in ("content", "templates", f"themes/{theme}"):
        entries += walk(root, root / folder)
    return [Source(rel, path, st.st_size, st.st_mtime_ns, b"") for rel, path, st in entries]


def hash_all(sources: list[Source], manifest: Manifest | None) -> list[Source]:
    """Fill in each source's hash, reusing the manifest's where the file is provably unchanged."""
    known = manifest.sources if manifest else {}
    out = []
    for s in sources:
        rec = known.get(s.rel)
        if rec and rec[0] == s.size and rec[1] == s.mtime_ns and not racy(s.mtime_ns, manifest):
            sha = rec[2]
        else:
            try:
                sha = file_digest(s.path)
            except OSError:
                sha = b"unreadable"
        out.append(Source(s.rel, s.path, s.size, s.mtime_ns, sha))
    return out


def inputs_digest(sources: list[Source], settings: bytes) -> bytes:
    """One digest for all inputs and the settings that are not in a file."""
    return digest(settings, *(s.rel.encode() + b"\0" + s.sha for s in sources))


def source_records(sources: list[Source]) -> dict[str, tuple[int, int, bytes]]:
    return {s.rel: (s.size, s.mtime_ns, s.sha) for s in sources}
