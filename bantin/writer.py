"""Write: publish the new site into ``output/`` all at once, or not at all.

The whole new site is assembled in a private staging folder beside ``output/`` (so on the same
file system): pages that changed are moved in, files that did not change are hard-linked from
the current ``output/`` (they keep their modification times, so uploads stay small), static
files and media are copied. The search index is made over that folder. Only when everything has
succeeded are the two folders swapped in one atomic rename (``renameat2(RENAME_EXCHANGE)`` on
Linux, ``renamex_np(RENAME_SWAP)`` on macOS); the old site is then deleted with the staging
folder. A build that fails, or is killed at any moment, leaves ``output/`` exactly as it was or
exactly the new site; a staging folder left by a killed build is removed by the next one.

A disk that will not take the new site (full, read-only, or a folder this user may not write in)
is reported by :func:`disk_trouble` as a problem naming the folder, never as an internal error;
``output/`` is then left as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .cache import CACHE_DIR, FileState, Manifest, digest, remove, trouble
from .errors import Problem, SiteError
from .messages import Msg, msg
from .render import OutputFile


def check_output_dir(out: Path, root: Path, where: str = "site_config.yaml") -> None:
    """Refuse output folders whose replacement would destroy something else; ``where`` names
    what set the folder (the settings file, or ``--output``)."""
    out, root = out.resolve(), root.resolve()
    forbidden = {Path("/"), Path.home().resolve(), root, (root / "content").resolve()}
    if out in forbidden or out in root.parents or (root / "content") in [out, *out.parents]:
        raise SiteError(
            [
                Problem(
                    where,
                    0,
                    0,
                    msg("render.output_would_replace", folder=str(out.name or out)),
                    msg("render.hint_set_output"),
                )
            ]
        )
    _check_replaceable(out, root, where)


MARKER = ".bantin-output"
MARKER_TEXT = b"This folder is written by bantin; each build replaces what it holds.\n"


def _check_replaceable(out: Path, root: Path, where: str) -> None:
    """Only a folder bantin wrote (it holds the marker file) or an empty one is replaced."""
    if not out.exists():
        return
    if not out.is_dir():
        raise SiteError(
            [
                Problem(
                    where,
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
                where,
                0,
                0,
                msg("render.output_not_ours", path=_shown(out, root)),
                msg("render.hint_empty_output"),
            )
        ]
    )


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() + "/" if root in path.parents else str(path)


@contextlib.contextmanager
def disk_trouble(out: Path, root: Path, default: Path) -> Iterator[None]:
    """While the site for ``out`` is built: a disk that will not take a write becomes a
    SiteError naming the folder (:func:`storage_problem`); ``default`` is the folder meant when
    the error names no file."""
    try:
        yield
    except OSError as exc:
        problem = storage_problem(exc, root, default, out)
        if problem is None:
            raise
        raise SiteError([problem]) from None


def storage_problem(
    exc: OSError, root: Path, default: Path, out: Path | None = None
) -> Problem | None:
    """A full disk, a read-only one or a refused write as a problem naming the folder (the
    output folder ``out``, the staging folder beside it, a folder of ``.cache/``…) and what to
    do; None for any other error."""
    kind = trouble(exc)
    if kind is None:
        return None
    named = exc.filename2 or exc.filename  # shutil names the target second
    path = Path(os.fsdecode(named)) if named else default
    folder, shown = _folder_of(path, root.resolve(), out.resolve() if out else None)
    if kind == "full":
        text, hint = msg("render.disk_full", folder=folder), msg("render.hint_disk_full")
    elif kind == "read_only":
        text, hint = msg("render.read_only_disk", folder=folder), msg("render.hint_read_only_disk")
    else:
        reason = exc.strerror or str(exc)
        text = msg("render.write_refused", folder=folder, reason=reason)
        hint = msg("render.hint_write_refused")
    return Problem(shown, 0, 0, text, hint)


def _folder_of(path: Path, root: Path, out: Path | None) -> tuple[Msg | str, str]:
    """The folder to name for a failure at ``path``, in a message and as a problem's path."""
    path = Path(os.path.abspath(path))
    if out is not None:
        if path == out or out in path.parents:
            return _shown(out, root), _shown(out, root)
        staging = STAGING.format(name=out.name)
        for p in (path, *path.parents):
            if p.parent == out.parent and p.name.startswith(staging):
                shown = _shown(p, root)
                return msg("render.staging_folder", folder=shown, output=_shown(out, root)), shown
    cache = root / CACHE_DIR
    if cache in path.parents:  # the folder of .cache/ it is in
        path = cache / path.relative_to(cache).parts[0]
    if not path.is_dir() and path != cache:
        path = path.parent
    shown = _shown(path, root)
    return shown, shown


def _checked(rel: str) -> str:
    """``rel`` if it names a file inside the output folder; a SiteError otherwise."""
    parts = rel.split("/")
    if (
        not rel
        or rel.startswith("/")
        or any(p in ("", ".", "..") for p in parts)
        or "\\" in rel
        or "\0" in rel
    ):
        raise SiteError([Problem(rel, 0, 0, msg("render.write_outside_output"))])
    return rel


STAGING = ".{name}.staging-"


class Staging:
    """The private folder of one build, beside the output folder: ``pages`` holds the rendered
    pages, ``tree`` the new site, ``work`` anything else (e.g. the search bundle being made).
    Used as a context manager; removed when the build ends, whatever happens."""

    def __init__(self, out: Path):
        self.out = out
        self.dir = staging_dir(out)
        self.pages = self.dir / "pages"
        self.tree = self.dir / "site"
        self.work = self.dir / "work"

    def __enter__(self) -> Staging:
        recover(self.out)
        with contextlib.suppress(OSError):
            remove(self.dir)
        self.pages.mkdir(parents=True)
        self.work.mkdir()
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def staging_dir(out: Path) -> Path:
    """The staging folder of this process's build of ``out``."""
    return out.parent / (STAGING.format(name=out.name) + str(os.getpid()))


def recover(out: Path) -> None:
    """Clear what a build that was killed left beside ``out``: its staging folder, and if it
    was killed between the two renames of a swap without an atomic exchange, put the old site
    back first."""
    prefix = STAGING.format(name=out.name)
    try:
        leftovers = [p for p in out.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    for folder in leftovers:
        pid = folder.name[len(prefix) :]
        if pid == str(os.getpid()) or _running(pid, folder):
            continue
        old = folder / "old"
        if not out.exists() and old.is_dir():
            os.rename(old, out)
        with contextlib.suppress(OSError):
            remove(folder)


def _running(pid: str, folder: Path) -> bool:
    """Whether the build that made ``folder`` may still be running."""
    if not pid.isdigit():
        return False
    if os.name != "posix":  # no harmless way to ask; an hour is longer than any build
        try:
            return time.time() - folder.stat().st_mtime < 3600
        except OSError:
            return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, but is someone else's
    return True


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
class Published:
    outputs: dict[str, FileState]  # every file of the new site (but the marker) and its state
    written: int = 0  # files new or changed
    removed: int = 0  # files the old site had and the new one has not
    note: str = ""  # said when the site could not be swapped in at once


class Assembly:
    """The new site, put together in ``staging.tree`` from the current ``output/``, this
    build's files and copies; :meth:`publish` swaps it in."""

    def __init__(self, staging: Staging, previous: Manifest | None):
        self.out = staging.out
        self.tree = staging.tree
        self.old = previous.outputs if previous else {}
        self.outputs: dict[str, FileState] = {}
        self.written = 0
        self._dirs: set[str] = set()
        self.tree.mkdir(parents=True)
        current = self.out / MARKER
        if not (current.is_file() and current.read_bytes() == MARKER_TEXT and self._adopt(MARKER)):
            (self.tree / MARKER).write_bytes(MARKER_TEXT)

    def _parent(self, rel: str) -> None:
        folder = rel.rpartition("/")[0]
        if folder and folder not in self._dirs:
            (self.tree / folder).mkdir(parents=True, exist_ok=True)
            self._dirs.add(folder)

    def _adopt(self, rel: str) -> bool:
        """Take ``output/rel`` into the new site as it is (same file, same time)."""
        self._parent(rel)
        try:
            _link(self.out / rel, self.tree / rel)
        except FileNotFoundError:
            return False
        return True

    def add(self, rel: str, tmp: Path, sha: bytes) -> None:
        """A file this build made (``tmp``, whose hash is ``sha``) goes to ``rel``; if the
        current output has the same bytes there, that file is kept instead."""
        _checked(rel)
        current = self.out / rel
        old = self.old.get(rel)
        if old is not None and old.sha == sha and intact(current, old) and self._adopt(rel):
            self.outputs[rel] = old
            tmp.unlink()
            return
        # no record, or one without a hash (e.g. the cache was deleted): compare the bytes
        if (old is None or not old.sha) and _same_bytes(current, tmp) and self._adopt(rel):
            self.outputs[rel] = _state(current, sha)
            tmp.unlink()
            return
        self._parent(rel)
        os.replace(tmp, self.tree / rel)
        self.outputs[rel] = _state(self.tree / rel, sha)
        self.written += 1

    def keep(self, rel: str, state: FileState) -> None:
        """A file of the current output that this build did not make again."""
        _checked(rel)
        if not self._adopt(rel):
            raise SiteError(
                [Problem(rel, 0, 0, msg("render.output_changed"), msg("render.hint_build_again"))]
            )
        self.outputs[rel] = state

    def copy(self, src: Path, rel: str) -> None:
        """A static file or picture: copied (never linked: editing the source must not change
        the published site), with its source's modification time, so that size and time tell
        the next build it is current."""
        _checked(rel)
        st = src.stat()
        state = FileState(b"", st.st_size, st.st_mtime_ns)
        if not (intact(self.out / rel, state) and self._adopt(rel)):
            self._parent(rel)
            target = self.tree / rel
            shutil.copyfile(src, target)
            os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
            if not _same_bytes(self.out / rel, target):
                self.written += 1
        self.outputs[rel] = state

    def publish(self) -> Published:
        """Swap the new site in for the old one; the old one is left in ``tree``."""
        old = {rel for rel, _ in output_files(self.out)} if self.out.is_dir() else set()
        note = _swap(self.tree, self.out)
        return Published(self.outputs, self.written, len(old - self.outputs.keys()), note)


def _link(src: Path, dst: Path) -> None:
    """``dst`` becomes ``src``: a hard link, or a copy keeping its times where links fail."""
    try:
        os.link(src, dst)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copy2(src, dst)


def _swap(new: Path, out: Path) -> str:
    """Put the folder ``new`` in place of ``out`` at once; what was ``out`` ends up at ``new``.
    Returns a note when that could only be done file by file."""
    if not out.exists():
        os.rename(new, out)
        return ""
    try:
        _exchange(new, out)
        return ""
    except OSError as exc:
        if exc.errno in (errno.EBUSY, errno.EXDEV):  # output/ is a mount point
            _replace_contents(new, out)
            return msg("render.output_mount_point", folder=out.name)
        if exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise
    # no atomic exchange here: two renames; a build killed between them leaves the old site in
    # the staging folder, and the next build puts it back (see recover)
    old = new.parent / "old"
    os.rename(out, old)
    os.rename(new, out)
    os.rename(old, new)
    return ""


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders in one atomic step, where the system can."""
    libc = ctypes.CDLL(None, use_errno=True)
    if sys.platform == "linux" and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2
        done = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        done = libc.renamex_np(os.fsencode(a), os.fsencode(b), 2)  # RENAME_SWAP
    else:
        raise OSError(errno.ENOSYS, "no atomic exchange")
    if done != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(b))


def _replace_contents(new: Path, out: Path) -> None:
    """Make ``out`` hold what ``new`` holds, file by file (the last resort), leaving the old
    files in ``new``."""
    wanted = {rel for rel, _ in output_files(new)} | {MARKER}
    for rel, path in output_files(out):
        if rel not in wanted:
            os.unlink(path)
    for rel in sorted(wanted):
        source, target = new / rel, out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if intact(target, _state(source, b"")):
            continue
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copy2(source, tmp)
        os.replace(tmp, target)
    _remove_empty(out)


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


def _remove_empty(out: Path) -> None:
    for dirpath, _dirnames, _filenames in os.walk(out, topdown=False):
        if dirpath != str(out):
            with contextlib.suppress(OSError):  # not empty: keep it
                os.rmdir(dirpath)


def write_site(
    files: Iterable[OutputFile],
    copies: Iterable[tuple[Path, str]],
    out: Path,
) -> int:
    """Publish ``files`` and ``copies`` (source path, output path) as the whole content of
    ``out``. Returns the number of files written."""
    out = out.resolve()
    with Staging(out) as staging:
        new = Assembly(staging, None)
        for n, f in enumerate(files):
            tmp = staging.pages / str(n)
            tmp.write_bytes(f.data)
            new.add(f.path, tmp, digest(f.data))
        for src, rel in copies:
            new.copy(src, rel)
        return new.publish().written
