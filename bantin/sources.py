"""The build's inputs: every file a build reads, with its size, modification time and hash.

A file whose size and modification time match the last build (and which was not modified just
before that build ended) keeps its recorded hash; any other file is read and hashed. The digest
of all inputs tells a build that nothing at all has changed.
"""

from __future__ import annotations

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
    order (folder by folder, as ``sorted(Path…)`` would give)."""
    found: list[tuple[str, Path, os.stat_result]] = []
    if not base.is_dir():
        return found
    prefix = len(str(root)) + 1
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            found.append((path[prefix:].replace(os.sep, "/"), Path(path), st))
    found.sort(key=lambda f: f[0].split("/"))
    return found


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
                sha = digest(s.path.read_bytes())
            except OSError:
                sha = b"unreadable"
        out.append(Source(s.rel, s.path, s.size, s.mtime_ns, sha))
    return out


def inputs_digest(sources: list[Source], settings: bytes) -> bytes:
    """One digest for all inputs and the settings that are not in a file."""
    return digest(settings, *(s.rel.encode() + b"\0" + s.sha for s in sources))


def source_records(sources: list[Source]) -> dict[str, tuple[int, int, bytes]]:
    return {s.rel: (s.size, s.mtime_ns, s.sha) for s in sources}
