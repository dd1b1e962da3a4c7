"""Write: put the rendered files, the theme's static files and the media into ``output/``.

Everything is written into a staging folder beside ``output/`` first; only when all of it is
there does the staging folder take ``output/``'s place. A failed build leaves ``output/`` as it
was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from .errors import Problem, SiteError
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
                    f"refusing to write the site into {out.name or out}: "
                    "it would replace other files",
                    "set output: output",
                )
            ]
        )
    _check_replaceable(out, root)


MARKER = ".bantin-output"
MARKER_TEXT = b"This folder is written by bantin; everything in it is replaced at each build.\n"


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
                    f"the output path {_shown(out, root)} is a file, not a folder",
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
                f"refusing to replace the folder {_shown(out, root)}: "
                "it holds files that bantin did not write",
                "empty it, or set output: to another folder",
            )
        ]
    )


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() + "/" if root in path.parents else str(path)


def _safe_join(base: Path, rel: str) -> Path:
    target = (base / rel).resolve()
    if base.resolve() not in target.parents:
        raise SiteError([Problem(rel, 0, 0, "refusing to write outside the output folder")])
    return target


def write_site(
    files: Iterable[OutputFile],
    copies: Iterable[tuple[Path, str]],
    out: Path,
) -> int:
    """Write ``files`` and copy ``copies`` (source path, output path) into ``out`` atomically.
    Returns the number of files written."""
    out = out.resolve()
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".{out.name}.staging-{os.getpid()}"
    old = parent / f".{out.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    count = 0
    try:
        staging.mkdir()
        (staging / MARKER).write_bytes(MARKER_TEXT)
        for f in files:
            target = _safe_join(staging, f.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.data)
            count += 1
        for src, rel in copies:
            target = _safe_join(staging, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
            count += 1
        if out.exists():
            out.rename(old)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return count
