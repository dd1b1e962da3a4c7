"""What editors leave beside the files they have open (backups, autosaves, swap and lock
files, temporary copies) is no file of the site: a build, with or without a cache, and serve's
watcher leave them out, so that a save in progress never fails the build with a "misplaced
file" problem, and the site built is the one the same files without them give."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_site, needs_theme, write_files
from hypothesis import given
from hypothesis import strategies as st

from bantin.pipeline import Builder
from bantin.server import Watcher
from bantin.sources import left_out, scan

pytestmark = needs_theme

BULLETINS = "content/bulletins/2024"
EDITORS = {  # what each editor writes beside kiem-tra-cheo-nam-2024.md while it is open
    "backup (Vim, Emacs, gedit, nano)": "kiem-tra-cheo-nam-2024.md~",
    "Emacs autosave": "#kiem-tra-cheo-nam-2024.md#",
    "Emacs lock": ".#kiem-tra-cheo-nam-2024.md",
    "Vim swap, hidden": ".kiem-tra-cheo-nam-2024.md.swp",
    "Vim swap": "kiem-tra-cheo-nam-2024.swp",
    "Vim swap, second": "kiem-tra-cheo-nam-2024.swo",
    "Vim folder test": "4913",
    "JetBrains": "kiem-tra-cheo-nam-2024.md___jb_tmp___",
    "Kate": "kiem-tra-cheo-nam-2024.md.kate-swp",
    "Chromium": "kiem-tra-cheo-nam-2024.md.crswap",
    "a temporary copy": "kiem-tra-cheo-nam-2024.md.tmp",
}


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_site_with_editors_files_beside_its_content_builds_as_without_them(tmp_path):
    plain = copy_site("basic", tmp_path / "plain")
    Builder(plain, cache=False).build()
    root = copy_site("basic", tmp_path / "open")
    text = (root / BULLETINS / "kiem-tra-cheo-nam-2024.md").read_text(encoding="utf-8")
    files: dict[str, str | bytes | None] = {
        f"{BULLETINS}/{name}": text + '\n<script>nửa chừng & "dở"\n' for name in EDITORS.values()
    }
    files["content/pages/gioi-thieu.md~"] = "title: [hỏng\n"  # would fail the build if read
    files["content/blocs/khoi-doan-the.yaml~"] = "units: [\n"
    files["content/media/#anh.jpg#"] = b"\xff\xd8 not a picture"
    files["templates/bulletin.html.swp"] = b"b0VIM 9.0"
    write_files(root, files)
    builder = Builder(root)
    result = builder.build()
    assert not result.warnings
    listed = {s.rel for s in scan(root, "default", "site_config.yaml")}
    assert not any(left_out(rel.rsplit("/", 1)[-1]) for rel in listed)
    assert tree(root / "output") == tree(plain / "output")
    assert builder.build().site is None  # and nothing to do the next time


def test_an_editors_file_that_appears_during_serve_starts_no_build_and_fails_none(tmp_path):
    root = copy_site("basic", tmp_path)
    builder = Builder(root)
    builder.build()
    write_files(root, {f"{BULLETINS}/{EDITORS['backup (Vim, Emacs, gedit, nano)']}": "x"})
    # the watcher would not report it; a build given it as changed still leaves it out
    assert builder.build(changed={f"{BULLETINS}/kiem-tra-cheo-nam-2024.md~"}).site is None
    watcher = Watcher(root, [root / "content"], lambda paths: None)
    for name in EDITORS.values():
        assert not watcher.wanted(str(root / BULLETINS / name)), name
    assert watcher.wanted(str(root / BULLETINS / "kiem-tra-cheo-nam-2024.md"))


@pytest.mark.parametrize("name", ["tin.md", "bao-cao-2024.yaml", "anh~1.jpg", "ghi#chu.md"])
def test_ordinary_names_are_read(name):
    assert not left_out(name)


@given(st.from_regex(r"[a-z0-9\-]{1,20}\.(md|yaml|jpg|png)", fullmatch=True))
def test_a_content_file_name_is_never_taken_for_an_editors(name):
    assert not left_out(name)
    assert left_out(name + "~") and left_out("." + name) and left_out(f"#{name}#")
