"""Cache folders made by several builds (or worker processes) at once.

Two image workers of one build each make ``.cache/images/<shard>/``. Looking before making
("is it a folder? is something else there?") let one of them see no folder, then see the
folder the other had just made, take it for a file in the way and remove it, with whatever
the other had put in it; the other then failed with FileNotFoundError.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from bantin.cache import make_folder


def test_a_folder_another_process_makes_meanwhile_is_never_removed(tmp_path, monkeypatch):
    base = tmp_path / ".cache"
    base.mkdir()
    target = base / "images"
    real_is_dir = Path.is_dir
    other: list[Path] = []

    def is_dir(self: Path) -> bool:
        seen = real_is_dir(self)
        if self == target and not other:  # the other worker makes it right after our look
            os.mkdir(target)
            (target / "entry").write_bytes(b"made by the other worker")
            other.append(target)
        return seen

    monkeypatch.setattr(Path, "is_dir", is_dir)
    assert make_folder(target / "c3", base) is False
    assert not other or (target / "entry").read_bytes() == b"made by the other worker"
    assert (target / "c3").is_dir()


def _make(args: tuple[str, str, int]) -> str:
    base, path, n = args
    try:
        make_folder(Path(path), Path(base))
        (Path(path) / f"entry-{n}").write_bytes(b"x")
    except OSError as exc:
        return repr(exc)
    return ""


def test_workers_making_the_same_new_folders_at_once_all_succeed(tmp_path):
    jobs = [
        (str(tmp_path / f"run{r}"), str(tmp_path / f"run{r}" / "images" / "c3"), n)
        for r in range(40)
        for n in range(4)
    ]
    for r in range(40):
        (tmp_path / f"run{r}").mkdir()
    with multiprocessing.get_context("fork").Pool(4) as pool:
        failures = [f for f in pool.map(_make, jobs, chunksize=1) if f]
    assert failures == []
    for r in range(40):
        assert len(list((tmp_path / f"run{r}" / "images" / "c3").iterdir())) == 4


def test_a_file_or_a_broken_link_in_the_way_is_removed_and_said(tmp_path):
    base = tmp_path / ".cache"
    base.mkdir()
    (base / "images").write_bytes(b"not a folder")
    assert make_folder(base / "images" / "c3", base) is True
    assert (base / "images" / "c3").is_dir()
    (base / "templates").symlink_to(tmp_path / "nowhere")
    assert make_folder(base / "templates", base) is True
    assert (base / "templates").is_dir() and not (base / "templates").is_symlink()
    assert make_folder(base / "templates", base) is False  # already a folder: nothing done
