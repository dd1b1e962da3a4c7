"""The spare copy of the published site (``.cache/<record>.spare-<token>``, bantin.writer.Shelf):
a build after the first brings that copy up to the new site and swaps it in, instead of
making a folder tree of the whole site again. Whatever happens to the copy, to ``output/`` or
to the record, the site published is byte for byte a clean build's; a copy that is not exactly
what the record says is never used."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import copy_site, needs_theme, write_files

from bantin import pipeline, writer
from bantin.cache import CACHE_DIR
from bantin.messages import msg
from bantin.pipeline import Builder, build
from bantin.writer import MARKER, Shelf

pytestmark = needs_theme

BULLETIN = "content/bulletins/2024/kiem-tra-cheo-nam-2024.md"
PAGE = "tin-tuc/2024/kiem-tra-cheo-nam-2024/index.html"


def tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def clean_tree(root: Path, scratch: Path) -> dict[str, bytes]:
    copy = scratch / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("output", ".cache"))
    build(copy, jobs=1, cache=False)
    return tree(copy / "output")


def spares(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).glob("manifest.spare-*"))


def edit(root: Path, n: int) -> None:
    path = root / BULLETIN
    path.write_text(path.read_text(encoding="utf-8") + f"\nĐoạn thêm {n}.\n", encoding="utf-8")


def folders(top: Path) -> list[str]:
    return sorted(p.relative_to(top).as_posix() for p in top.rglob("*") if p.is_dir())


@pytest.fixture
def site(tmp_path) -> Path:
    """The basic site built twice: the second build put the old site on the shelf."""
    root = copy_site("basic", tmp_path)
    build(root)
    edit(root, 0)
    build(root)
    return root


def test_the_second_build_keeps_a_spare_copy_identical_to_the_published_site(site):
    (spare,) = spares(site)
    out = site / "output"
    assert tree(spare) == tree(out) and (spare / MARKER).is_file()
    assert folders(spare) == folders(out)
    for rel in tree(out):  # the same files: hard links, never copies
        assert (spare / rel).stat().st_ino == (out / rel).stat().st_ino


def test_an_edit_with_the_spare_copy_writes_only_what_changed(site, tmp_path):
    out = site / "output"
    before = {rel: (out / rel).stat() for rel in tree(out)}
    edit(site, 1)
    result = build(site)
    assert tree(out) == clean_tree(site, tmp_path)
    changed = {
        rel
        for rel in tree(out)
        if rel not in before
        or (out / rel).stat().st_ino != before[rel].st_ino
        or (out / rel).stat().st_mtime_ns != before[rel].st_mtime_ns
    }
    assert PAGE in changed and result.written == len(changed)
    (spare,) = spares(site)
    assert tree(spare) == tree(out) and folders(spare) == folders(out)


def test_pages_that_appear_and_disappear_keep_the_copy_exact(site, tmp_path):
    extra = "content/bulletins/2025/tin-them.md"
    text = (site / BULLETIN).read_text(encoding="utf-8").replace("2024-", "2025-")
    write_files(site, {extra: text})
    build(site)
    assert tree(site / "output") == clean_tree(site, tmp_path)
    write_files(site, {extra: None})
    build(site)
    out = site / "output"
    assert tree(out) == clean_tree(site, tmp_path)
    assert not (out / "tin-tuc/2025").exists()  # no empty folder left behind
    (spare,) = spares(site)
    assert folders(spare) == folders(out) and tree(spare) == tree(out)


def stray_in_spare(spare: Path) -> None:
    (spare / "tin-tuc" / "la.html").write_text("không thuộc trang", encoding="utf-8")


def file_gone_from_spare(spare: Path) -> None:
    (spare / "index.html").unlink()


def folder_gone_from_spare(spare: Path) -> None:
    shutil.rmtree(spare / "tin-tuc" / "2024")


def spare_is_a_file(spare: Path) -> None:
    shutil.rmtree(spare)
    spare.write_text("không phải thư mục", encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "noted"),
    [
        (stray_in_spare, True),
        (file_gone_from_spare, True),
        (folder_gone_from_spare, True),
        (spare_is_a_file, True),
        (shutil.rmtree, False),
    ],
    ids=["stray-file", "file-gone", "folder-gone", "a-file", "deleted"],
)
def test_a_damaged_spare_copy_is_never_published(site, tmp_path, damage, noted):
    (spare,) = spares(site)
    damage(spare)
    edit(site, 1)
    result = build(site)
    assert tree(site / "output") == clean_tree(site, tmp_path)
    assert (f"{CACHE_DIR}/{spare.name}/" in " ".join(map(str, result.notes))) is noted
    assert not (site / "output" / "tin-tuc" / "la.html").exists()
    edit(site, 2)
    build(site)  # no copy yet (the old site was not one the record described)…
    edit(site, 3)
    again = build(site)  # … and a good one again
    assert again.notes == []
    assert tree(site / "output") == clean_tree(site, tmp_path)
    (spare,) = spares(site)
    assert tree(spare) == tree(site / "output")


@pytest.mark.parametrize("where", ["output", "output/tin-tuc/2024"])
def test_a_stray_file_in_output_never_comes_back_through_the_spare_copy(site, tmp_path, where):
    stray = site / where / "la.txt"
    stray.write_text("tệp lạ", encoding="utf-8")
    assert build(site).site is not None  # a folder changed: not "nothing changed"
    assert not stray.exists()
    for n in range(1, 4):
        edit(site, n)
        build(site)
        assert not stray.exists()
        assert tree(site / "output") == clean_tree(site, tmp_path)


def test_a_page_edited_by_hand_is_made_again_in_output_and_in_the_copy(site, tmp_path):
    page = site / "output" / PAGE
    page.write_bytes(b"sua tay")  # written into the file: the spare copy's link sees it too
    edit(site, 1)
    build(site)
    assert tree(site / "output") == clean_tree(site, tmp_path)
    edit(site, 2)
    build(site)
    assert tree(site / "output") == clean_tree(site, tmp_path)
    (spare,) = spares(site)
    assert tree(spare) == tree(site / "output")


def test_a_record_that_names_no_copy_leaves_stale_copies_to_be_deleted(site, tmp_path):
    (site / CACHE_DIR / "manifest.pickle").unlink()
    edit(site, 1)
    build(site)  # no record: a new tree; the stale copy is deleted
    assert spares(site) == []
    edit(site, 2)
    build(site)
    assert len(spares(site)) == 1
    assert tree(site / "output") == clean_tree(site, tmp_path)


def test_without_a_cache_on_the_same_disk_there_is_no_spare_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "same_disk", lambda *paths: False)
    root = copy_site("basic", tmp_path)
    for n in range(3):
        edit(root, n)
        build(root)
    assert spares(root) == []
    assert tree(root / "output") == clean_tree(root, tmp_path)


def test_serve_and_build_keep_their_copies_apart_and_clean_leaves_serves(site):
    from bantin.cache import forget
    from bantin.server import PREVIEW_DIR

    preview = Builder(site, {"output": PREVIEW_DIR}, manifest="preview", drafts=True)
    preview.build()
    edit(site, 1)
    preview.build()
    kept = sorted((site / CACHE_DIR).glob("preview.spare-*"))
    assert len(kept) == 1 and len(spares(site)) == 1
    forget(site)
    assert spares(site) == []
    assert sorted((site / CACHE_DIR).glob("preview.spare-*")) == kept


def test_a_shelf_hands_a_copy_to_one_taker_only(tmp_path):
    shelf = Shelf(tmp_path, "manifest")
    tree_ = tmp_path / "cay"
    tree_.mkdir()
    (tree_ / "a.html").write_text("a", encoding="utf-8")
    token = shelf.put(tree_)
    (tmp_path / "manifest.spare-cu").mkdir()  # stale
    staging = tmp_path / "staging"
    staging.mkdir()
    assert shelf.take(token, staging / "site")
    assert (staging / "site" / "a.html").is_file()
    assert not shelf.take(token, staging / "site2")  # gone: taken once
    assert sorted(p.name for p in tmp_path.iterdir() if ".spare-" in p.name) == []
    # the stale copy was moved beside the taken one, to be deleted with the staging folder
    names = sorted(p.name for p in staging.iterdir())
    assert len(names) == 2 and names[0] == "site" and names[1].startswith("stale-")


def test_files_where_folders_were_and_back(tmp_path):
    """The new site has a file where the old one had a folder, and the other way round."""
    from bantin.cache import FileState
    from bantin.writer import Assembly, Staging

    out = tmp_path / "output"
    shelf = Shelf(tmp_path / "ke", "manifest")
    (tmp_path / "ke").mkdir()
    sites = [
        {"a/b.html": b"1", "c": b"2", "d/e/f.html": b"3"},
        {"a": b"4", "c/index.html": b"5", "d/e/f.html": b"3"},
        {"a/b.html": b"1", "c": b"2", "d/e/f.html": b"6"},
        {"a": b"4", "c/index.html": b"5"},
    ]
    previous = None
    for files in sites * 2:
        with Staging(out) as staging:
            new = Assembly(staging, previous, shelf)
            for n, (rel, data) in enumerate(sorted(files.items())):
                tmp = staging.pages / str(n)
                tmp.write_bytes(data)
                new.add(rel, tmp, data)  # the bytes stand for their hash here
            published = new.publish()
        assert tree(out) == files
        previous = pipeline.Manifest(
            outputs=published.outputs,
            folders=published.folders,
            spare=published.spare,
            spare_folders=published.spare_folders,
        )
        assert all(isinstance(s, FileState) for s in previous.outputs.values())
        if published.spare:
            copy = tmp_path / "ke" / f"manifest.spare-{published.spare}"
            assert tree(copy) == files
            assert folders(copy) == folders(out)
    assert writer.folders_intact(out, previous.folders)


def test_nothing_changed_notices_a_file_added_deep_inside_output(site):
    assert build(site).site is None
    stray = site / "output" / "tin-tuc" / "2024" / "kiem-tra-cheo-nam-2024" / "la.html"
    stray.write_text("lạ", encoding="utf-8")
    result = build(site)
    assert result.site is not None and not stray.exists()
    assert build(site).site is None


def test_a_damaged_copy_is_said_in_the_users_language(site, run_cli, monkeypatch):
    (spare,) = spares(site)
    stray_in_spare(spare)
    edit(site, 1)
    run = run_cli("--root", str(site), "build")
    assert run.code == 0, run.err
    note = msg("cli.cache_damaged", path=f"{CACHE_DIR}/{spare.name}/")
    assert f"note: {note}" in run.out.splitlines()
    assert os.listdir(site / CACHE_DIR)  # still a cache
