"""Write: bring ``output/`` to the new site, touching only the files that changed.

Rendered pages are first written into a staging folder beside ``output/``; nothing in
``output/`` changes until every page has rendered and every path has been checked. Then each
changed file is moved into place with an atomic rename, unchanged files keep their
modification times, and files the site no longer has are deleted. A failed build leaves
``output/`` as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .cache import FileState, Manifest, digest
from .errors import Problem, SiteError
from .messages import msg
from .render import OutputFile


def check_output_dir(out: Path, root: Path) -> None:
    """Refuse output folders whose replacement would destroy something else."""
    out, root = out.resolve(), root.resolve()
    forbidden = {Path("/"), Path.home().resolve(), root, (root / "content").resolve()}
    if out in forbidden or out in root.parents or (root / "content") in [out, *out.parents]:
        raise SiteError(
            [
                Problem(
                    "site_config.yaml",
                    0,
                    0,
                    msg("render.output_would_replace", folder=str(out.name or out)),
                    msg("render.hint_set_output"),
                )
            ]
        )
    _check_replaceable(out, root)


MARKER = ".bantin-output"
MARKER_TEXT = b"This folder is written by bantin; each build replaces what it holds.\n"


def _check_replaceable(out: Path, root: Path) -> None:
    """Only a folder bantin wrote (it holds the marker file) or an empty one is replaced."""
    if not out.exists():
        return
    if not out.is_dir():
        raise SiteError(
            [
                Problem(
                    "site_config.yaml",
                    0,
                    0,
                    msg("render.output_is_file", path=_shown(out, root)),
                )
            ]
        )
    if (out / MARKER).is_file() or not any(out.iterdir()):
        return
    raise SiteError(
        [
            Problem(
                "site_config.yaml",
                0,
                0,
                msg("render.output_not_ours", path=_shown(out, root)),
                msg("render.hint_empty_output"),
            )
        ]
    )


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() + "/" if root in path.parents else str(path)


def _checked(rel: str) -> str:
    """``rel`` if it names a file inside the output folder; a SiteError otherwise."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel:
        raise SiteError([Problem(rel, 0, 0, msg("render.write_outside_output"))])
    return rel


def stage_dir(out: Path) -> Path:
    """A private folder beside ``out`` (same file system, so files move in by renaming)."""
    return out.resolve().parent / f".{out.name}.staging-{os.getpid()}"


def _state(path: Path, sha: bytes) -> FileState:
    st = path.stat()
    return FileState(sha, st.st_size, st.st_mtime_ns)


def intact(path: Path, state: FileState | None) -> bool:
    """Whether ``path`` is still the file the last build wrote."""
    if state is None:
        return False
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_size == state.size and st.st_mtime_ns == state.mtime_ns


@dataclass
class Applied:
    outputs: dict[str, FileState]
    written: int = 0
    removed: int = 0


def apply_changes(
    out: Path,
    staged: dict[str, tuple[Path, bytes]],
    kept: dict[str, FileState],
    copies: list[tuple[Path, str]],
    previous: Manifest | None,
) -> Applied:
    """Bring ``out`` to the new site: move in the ``staged`` files (output path → staged file
    and hash) whose bytes changed, leave ``kept`` files and unchanged ones alone (their
    modification times survive, so uploads stay small), copy changed static files and media,
    and delete every file the new site does not have. Everything that can fail on the user's
    input is checked before the first file changes."""
    for rel in staged:
        _checked(rel)
    sources = []
    for src, rel in copies:
        _checked(rel)
        st = src.stat()  # a missing source fails here, before anything is touched
        sources.append((src, rel, st))
    out.mkdir(parents=True, exist_ok=True)
    marker = out / MARKER
    if not marker.is_file():
        marker.write_bytes(MARKER_TEXT)
    old_outputs = previous.outputs if previous else {}
    result = Applied(outputs=dict(kept))
    made_dirs: set[str] = set()

    def parent_of(rel: str) -> None:
        folder = rel.rpartition("/")[0]
        if folder and folder not in made_dirs:
            (out / folder).mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)

    for rel, (tmp, sha) in staged.items():
        target = out / rel
        old = old_outputs.get(rel)
        if old is not None and old.sha == sha and intact(target, old):
            tmp.unlink()
            result.outputs[rel] = old
            continue
        # no record, or one without a hash: e.g. after the cache was deleted
        if (old is None or not old.sha) and _same_bytes(target, tmp):
            tmp.unlink()
            result.outputs[rel] = _state(target, sha)
            continue
        parent_of(rel)
        os.replace(tmp, target)
        result.outputs[rel] = _state(target, sha)
        result.written += 1
    for src, rel, st in sources:
        target = out / rel
        state = FileState(b"", st.st_size, st.st_mtime_ns)
        # a copy keeps its source's modification time, so size and time tell it is current
        if not intact(target, state) and _same_bytes(target, src):
            os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))  # e.g. a picture made again
        elif not intact(target, state):
            parent_of(rel)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            shutil.copyfile(src, tmp)
            os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
            os.replace(tmp, target)
            result.written += 1
        result.outputs[rel] = state
    result.removed = _remove_others(out, set(result.outputs))
    return result


def _same_bytes(target: Path, new: Path) -> bool:
    try:
        if target.stat().st_size != new.stat().st_size:
            return False
        return target.read_bytes() == new.read_bytes()
    except OSError:
        return False


def output_files(out: Path) -> list[tuple[str, str]]:
    """Every file under ``out`` but the marker, as (path relative to ``out``, full path)."""
    found = []
    prefix = len(str(out)) + 1
    for dirpath, _dirnames, filenames in os.walk(out):
        for name in filenames:
            path = os.path.join(dirpath, name)
            rel = path[prefix:].replace(os.sep, "/")
            if rel != MARKER:
                found.append((rel, path))
    return found


def _remove_others(out: Path, keep: set[str]) -> int:
    """Delete what the new site does not have, and folders left empty."""
    removed = 0
    for rel, path in output_files(out):
        if rel not in keep:
            os.unlink(path)
            removed += 1
    for dirpath, _dirnames, _filenames in os.walk(out, topdown=False):
        if dirpath != str(out):
            with contextlib.suppress(OSError):  # not empty: keep it
                os.rmdir(dirpath)
    return removed


def write_site(
    files: Iterable[OutputFile],
    copies: Iterable[tuple[Path, str]],
    out: Path,
) -> int:
    """Write ``files`` and copy ``copies`` (source path, output path) into ``out``, replacing
    what was there. Returns the number of files written."""
    staging = stage_dir(out)
    shutil.rmtree(staging, ignore_errors=True)
    staged: dict[str, tuple[Path, bytes]] = {}
    try:
        staging.mkdir(parents=True)
        for n, f in enumerate(files):
            _checked(f.path)
            tmp = staging / str(n)
            tmp.write_bytes(f.data)
            staged[f.path] = (tmp, digest(f.data))
        applied = apply_changes(out, staged, {}, list(copies), None)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return applied.written
