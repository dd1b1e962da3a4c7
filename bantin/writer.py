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
import stat
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import CACHE_DIR, FileState, FileTable, Manifest, digest, remove, trouble
from .errors import Problem, SiteError
from .messages import Msg, msg

if TYPE_CHECKING:
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
    exc: OSError, root: Path, default: Path, out: Path | None = None, *, site: bool = True
) -> Problem | None:
    """A full disk, a read-only one or a refused write as a problem naming the folder (the
    output folder ``out``, the staging folder beside it, a folder of ``.cache/``…) and what to
    do; None for any other error. ``site``: the site was being built (the messages say so);
    otherwise another command was writing (``import``, ``new``…)."""
    kind = trouble(exc)
    if kind is None:
        return None
    named = exc.filename2 or exc.filename  # shutil names the target second
    path = Path(os.fsdecode(named)) if named else default
    folder, shown = _folder_of(path, root.resolve(), out.resolve() if out else None)
    reason = exc.strerror or str(exc)
    if site:
        said = {
            "full": (msg("render.disk_full", folder=folder), msg("render.hint_disk_full")),
            "read_only": (
                msg("render.read_only_disk", folder=folder),
                msg("render.hint_read_only_disk"),
            ),
            "refused": (
                msg("render.write_refused", folder=folder, reason=reason),
                msg("render.hint_write_refused"),
            ),
        }
    else:
        said = {
            "full": (msg("cli.disk_full", folder=folder), msg("cli.hint_disk_full")),
            "read_only": (msg("cli.read_only_disk", folder=folder), msg("cli.hint_read_only_disk")),
            "refused": (
                msg("cli.write_refused", folder=folder, reason=reason),
                msg("cli.hint_write_refused"),
            ),
        }
    text, hint = said[kind]
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


def intact(path: Path | str, state: FileState | None) -> bool:
    """Whether ``path`` is still the file the last build wrote."""
    if state is None:
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_size == state.size and st.st_mtime_ns == state.mtime_ns


def files_intact(base: Path, files: Mapping[str, FileState]) -> bool:
    """Whether every file of ``files`` (paths relative to ``base``) is as recorded."""
    root = str(base) + os.sep
    stat_ = os.stat
    if isinstance(files, FileTable):
        stats = files.stats()
    else:
        stats = ((rel, s.size, s.mtime_ns) for rel, s in files.items())
    for rel, size, mtime_ns in stats:
        try:
            st = stat_(root + rel)
        except OSError:
            return False
        if st.st_mtime_ns != mtime_ns or st.st_size != size:
            return False
    return True


def folders_intact(base: Path, folders: Mapping[str, int]) -> bool:
    """Whether every folder of ``folders`` (relative to ``base``; ``""`` is ``base`` itself) is
    still a folder with the recorded modification time. A folder's time changes whenever an
    entry is added to it, removed from it or renamed in it, so this tells, without listing
    them, that the folders hold exactly the entries they held: no file was added by hand."""
    root = str(base)
    lstat = os.lstat
    for rel, mtime in folders.items():
        try:
            st = lstat(root + os.sep + rel if rel else root)
        except OSError:
            return False
        if st.st_mtime_ns != mtime or not stat.S_ISDIR(st.st_mode):
            return False
    return True


def same_disk(*paths: Path) -> bool:
    """Whether the existing folders ``paths`` are all on one file system (a rename between
    them is possible)."""
    try:
        return len({os.stat(p).st_dev for p in paths}) == 1
    except OSError:
        return False


SPARE = "{name}.spare-"


class Shelf:
    """Where the spare copy of a published site rests between builds: in ``.cache/``, as
    ``<name>.spare-<token>`` (``name`` the record's: ``manifest``, ``preview``…; ``token`` the
    one the record names). A build takes it by renaming it into its staging folder, so two
    builds can never use the same copy; any other spare copy of that record is stale and goes
    with the staging folder."""

    def __init__(self, folder: Path, name: str):
        self.folder = folder
        self.prefix = SPARE.format(name=name)

    def take(self, token: str, into: Path) -> bool:
        """Move the spare copy ``token`` to ``into`` (a path in a staging folder); whether it
        was there. Stale copies are moved beside ``into``, to be deleted with it."""
        taken = False
        try:
            found = sorted(
                e.name for e in os.scandir(self.folder) if e.name.startswith(self.prefix)
            )
        except OSError:
            return False
        for n, name in enumerate(found):
            path = self.folder / name
            # moved before it is deleted: never deleted where another build may be taking it
            target = into if token and name == self.prefix + token else into.with_name(f"stale-{n}")
            try:
                os.rename(path, target)
            except OSError:
                continue
            taken = taken or target == into
        return taken

    def put(self, tree: Path) -> str:
        """Rest ``tree`` on the shelf; its token, or "" when it could not be moved there."""
        token = os.urandom(8).hex()
        try:
            os.rename(tree, self.folder / (self.prefix + token))
        except OSError:
            return ""
        return token


def _folder_of_rel(rel: str) -> str:
    return rel.rpartition("/")[0]


class _Tree:
    """A folder being changed into the new site: the files and folders it holds, the folders
    made and those whose entries changed (their modification time is recorded again). It is
    private to this build (in the staging folder), so what is recorded is what is there."""

    def __init__(self, base: Path, work: Path, files: Iterable[str], folders: Iterable[str]):
        self.base = base
        self.work = work  # a folder on the same disk for temporary names
        self.files = set(files)
        self.folders = set(folders) | {""}
        self.touched: set[str] = set()
        self.gone: set[str] = set()  # folders removed

    def path(self, rel: str) -> Path:
        return self.base / rel

    def folder(self, rel: str) -> None:
        """Make the folder of the file ``rel`` (and those above it), removing a file of the
        old site where the new one has a folder."""
        folder = _folder_of_rel(rel)
        if folder in self.folders:
            return
        parts = folder.split("/")
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d in self.folders:
                continue
            if d in self.files:  # a file of the old site where the new one has a folder
                os.unlink(self.base / d)
                self.files.discard(d)
            (self.base / d).mkdir()
            self.folders.add(d)
            self.gone.discard(d)
            self.touched.add(d)
            self.touched.add(_folder_of_rel(d))

    def _clear(self, rel: str) -> None:
        """A folder of the old site where the new one has the file ``rel``: removed."""
        if rel not in self.folders:
            return
        shutil.rmtree(self.base / rel)
        inside = rel + "/"
        self.files = {f for f in self.files if not f.startswith(inside)}
        for d in [d for d in self.folders if d == rel or d.startswith(inside)]:
            self.folders.discard(d)
            self.gone.add(d)
        self.touched.add(_folder_of_rel(rel))

    def put(self, rel: str, source: Path) -> None:
        """``source`` (a temporary file on this disk) becomes ``rel``, in one rename: a file
        already there is replaced, never written into (it may be the published site's file)."""
        self.folder(rel)
        self._clear(rel)
        os.replace(source, self.base / rel)
        self.files.add(rel)
        self.touched.add(_folder_of_rel(rel))

    def link(self, rel: str, source: Path) -> None:
        """``rel`` becomes the file ``source`` (a hard link; a copy where links fail)."""
        tmp = self.work / "link"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        _link(source, tmp)
        self.put(rel, tmp)

    def remove(self, rels: Iterable[str]) -> None:
        """Delete the files ``rels``, and the folders that are left empty."""
        emptied: set[str] = set()
        for rel in rels:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.base / rel)
            self.files.discard(rel)
            folder = _folder_of_rel(rel)
            self.touched.add(folder)
            while folder:
                emptied.add(folder)
                folder = _folder_of_rel(folder)
        for folder in sorted(emptied, key=lambda d: -d.count("/")):
            if folder not in self.folders:
                continue
            try:
                os.rmdir(self.base / folder)
            except OSError:  # not empty: kept
                continue
            self.folders.discard(folder)
            self.gone.add(folder)
            self.touched.add(_folder_of_rel(folder))

    def record(self, known: Mapping[str, int]) -> dict[str, int]:
        """Each folder's modification time: ``known`` for those this build did not change,
        read again for the others."""
        found: dict[str, int] = {}
        root = str(self.base)
        for d in self.folders:
            mtime = known.get(d)
            if mtime is None or d in self.touched:
                mtime = os.lstat(root + os.sep + d if d else root).st_mtime_ns
            found[d] = mtime
        return found


@dataclass
class Published:
    outputs: dict[str, FileState]  # every file of the new site (but the marker) and its state
    written: int = 0  # files new or changed
    removed: int = 0  # files the old site had and the new one has not
    note: str = ""  # said when the site could not be swapped in at once
    folders: dict[str, int] = field(default_factory=dict)  # its folders' modification times
    spare: str = ""  # the token of the spare copy put on the shelf, "" if none
    spare_folders: dict[str, int] = field(default_factory=dict)  # that copy's folders' times


class Assembly:
    """The new site, put together in ``staging.tree``; :meth:`publish` swaps it in.

    Without a spare copy (the first builds, or when the copy cannot be used) the tree is made
    anew: pages this build rendered are moved in, files that did not change are hard-linked from
    the current ``output/``. With the spare copy of the current site (``shelf``: what the last
    build left, taken into the staging folder) only what changed is put into it, and what the
    new site no longer has is deleted: a one-page change writes one page, not a folder for
    each of thousands. After the swap the old site, now in the staging folder, is brought up to
    the new one the same way and rests on the shelf as the next build's spare copy; that is
    done only when its folders are exactly as recorded (nothing was added to or removed from
    ``output/`` by hand), otherwise it is deleted as before.

    Anything put into the tree goes there by a rename: a file of the spare copy is a hard link
    to the published site's file and is never written into."""

    def __init__(self, staging: Staging, previous: Manifest | None, shelf: Shelf | None = None):
        self.out = staging.out
        self.tree = staging.tree
        self.work = staging.work
        self.old = previous.outputs if previous else {}
        self.old_folders: dict[str, int] = getattr(previous, "folders", {}) if previous else {}
        self.shelf = shelf
        self.outputs: dict[str, FileState] = {}
        self.written = 0
        self.damaged = ""  # the spare copy found damaged, for a note
        self.changed: set[str] = set()  # files with bytes the old site did not have there
        self.linked = True  # every file shared with output/ is a hard link, not a copy
        self._copies = 0
        spare = self._take(staging, previous)
        if spare is None:
            self.tree.mkdir(parents=True)
            self.spared = False
            self.files = _Tree(self.tree, self.work, (), ())
            self.known: Mapping[str, int] = {}
        else:
            self.spared = True
            self.files = _Tree(self.tree, self.work, self.old, spare)
            self.known = spare
        current = self.out / MARKER
        try:
            marked = current.is_file() and current.read_bytes() == MARKER_TEXT
        except OSError:
            marked = False
        if not (marked and (self.spared or self._adopt(MARKER))):
            tmp = self.work / "marker"
            tmp.write_bytes(MARKER_TEXT)
            self.files.put(MARKER, tmp)
            self.changed.add(MARKER)

    def _take(self, staging: Staging, previous: Manifest | None) -> dict[str, int] | None:
        """The folders of the spare copy, taken from the shelf into ``tree`` when it is there
        and intact; None to make the tree anew."""
        if self.shelf is None:
            return None
        token = getattr(previous, "spare", "") if previous else ""
        folders: dict[str, int] = getattr(previous, "spare_folders", {}) if previous else {}
        if not self.shelf.take(token if folders else "", self.tree):
            return None
        if folders_intact(self.tree, folders):
            return folders
        # changed at rest, where nothing should touch it: not used, deleted with the staging
        self.damaged = f"{CACHE_DIR}/{self.shelf.prefix}{token}/"
        os.rename(self.tree, staging.dir / "damaged")
        return None

    def _adopt(self, rel: str, state: FileState | None = None) -> bool:
        """Take ``output/rel`` into the new site as it is (same file, same time); ``state`` is
        what the caller found it to be. A spare copy holds that very file when the record says
        it was that."""
        if (
            self.spared
            and rel in self.files.files
            and state is not None
            and self.old.get(rel) == state
        ):
            return True
        try:
            self._link_from_output(rel)
        except FileNotFoundError:
            return False
        return True

    def _link_from_output(self, rel: str) -> None:
        if self.spared:
            self.files.link(rel, self.out / rel)
        else:
            self.files.folder(rel)
            if not _link(self.out / rel, self.tree / rel):
                self.linked = False
            self.files.files.add(rel)

    def add(self, rel: str, tmp: Path, sha: bytes) -> None:
        """A file this build made (``tmp``, whose hash is ``sha``) goes to ``rel``; if the
        current output has the same bytes there, that file is kept instead."""
        _checked(rel)
        current = self.out / rel
        old = self.old.get(rel)
        if old is not None and old.sha == sha and intact(current, old) and self._adopt(rel, old):
            self.outputs[rel] = old
            tmp.unlink()
            return
        # no record, or one without a hash (e.g. the cache was deleted): compare the bytes
        if (old is None or not old.sha) and _same_bytes(current, tmp) and self._adopt(rel):
            self.outputs[rel] = _state(current, sha)
            tmp.unlink()
            return
        self.files.put(rel, tmp)
        self.changed.add(rel)
        self.outputs[rel] = _state(self.tree / rel, sha)
        self.written += 1

    def keep(self, rel: str, state: FileState) -> None:
        """A file of the current output that this build did not make again."""
        _checked(rel)
        if not self._adopt(rel, state):
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
        if not (intact(self.out / rel, state) and self._adopt(rel, state)):
            self._copies += 1
            tmp = self.work / f"copy-{self._copies}"
            shutil.copyfile(src, tmp)
            os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
            if not _same_bytes(self.out / rel, tmp):
                self.written += 1
            self.files.put(rel, tmp)
            self.changed.add(rel)
        self.outputs[rel] = state

    def settle(self) -> None:
        """Delete what the spare copy holds that the new site has not been given (yet): the
        tree is then the new site, but for files still to come (the search index, made over
        it)."""
        if self.spared:
            self.files.remove(sorted(self.files.files - self.outputs.keys() - {MARKER}))

    def publish(self) -> Published:
        """Swap the new site in for the old one; the old one is left in ``tree``, or, brought
        up to the new one, on the shelf."""
        self.settle()
        folders = self.files.record(self.known)
        existed = self.out.exists()
        note, replaced = _swap(self.tree, self.out)
        published = Published(self.outputs, self.written, replaced or 0, note, folders)
        if not existed or replaced is not None:  # no old site, or output/ changed file by file
            published.folders = {} if replaced is not None else folders
            return published
        # self.tree now holds the old site
        clean = bool(self.old_folders) and folders_intact(self.tree, self.old_folders)
        if clean:
            published.removed = len(self.old.keys() - self.outputs.keys())
        else:
            old = {rel for rel, _ in output_files(self.tree)}
            published.removed = len(old - self.outputs.keys())
        if clean and self.linked and self.shelf is not None:
            self._spare(published)
        return published

    def _spare(self, published: Published) -> None:
        """Bring the old site (in ``tree``, exactly what the record says) up to the new one and
        put it on the shelf."""
        old = _Tree(self.tree, self.work, self.old.keys() | {MARKER}, self.old_folders)
        old.remove(sorted(old.files - self.outputs.keys() - {MARKER}))
        for rel in sorted(self.changed | (self.outputs.keys() - old.files)):
            old.link(rel, self.out / rel)
        spare_folders = old.record(self.old_folders)
        if spare_folders.keys() != published.folders.keys():
            return  # cannot happen; never keep a copy that is not the site
        token = self.shelf.put(self.tree) if self.shelf else ""
        if token:
            published.spare = token
            published.spare_folders = spare_folders


def _link(src: Path, dst: Path) -> bool:
    """``dst`` becomes ``src``: a hard link (True), or a copy keeping its times where links
    fail (False)."""
    try:
        os.link(src, dst)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copy2(src, dst)
        return False
    return True


def _swap(new: Path, out: Path) -> tuple[str, int | None]:
    """Put the folder ``new`` in place of ``out`` at once; what was ``out`` ends up at ``new``.
    Where that could only be done file by file (``new`` is left as it was), a note saying so
    and the number of files removed from ``out``."""
    if not out.exists():
        os.rename(new, out)
        return "", None
    try:
        _exchange(new, out)
        return "", None
    except OSError as exc:
        if exc.errno in (errno.EBUSY, errno.EXDEV):  # output/ is a mount point
            removed = _replace_contents(new, out)
            return msg("render.output_mount_point", folder=out.name), removed
        if exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise
    # no atomic exchange here: two renames; a build killed between them leaves the old site in
    # the staging folder, and the next build puts it back (see recover)
    old = new.parent / "old"
    os.rename(out, old)
    os.rename(new, out)
    os.rename(old, new)
    return "", None


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


def _replace_contents(new: Path, out: Path) -> int:
    """Make ``out`` hold what ``new`` holds, file by file (the last resort), leaving ``new`` as
    it is. Returns the number of files removed from ``out``."""
    wanted = {rel for rel, _ in output_files(new)} | {MARKER}
    removed = 0
    for rel, path in output_files(out):
        if rel not in wanted:
            os.unlink(path)
            removed += 1
    for rel in sorted(wanted):
        source, target = new / rel, out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if intact(target, _state(source, b"")):
            continue
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copy2(source, tmp)
        os.replace(tmp, target)
    _remove_empty(out)
    return removed


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
