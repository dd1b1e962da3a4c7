"""``Builder.build(changed=…)``: a file watcher's list of changed paths lets the scan skip
walking content/. Whatever the edits, a build given the paths that changed publishes what a
build that looks at every file publishes (byte for byte a clean build), and reports the same."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import copy_site, needs_theme, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import OPS, Project, clean_tree, tree

from bantin import pipeline, sources
from bantin.errors import SiteError
from bantin.pipeline import Builder

pytestmark = needs_theme

BULLETIN = "content/bulletins/2024/kiem-tra-cheo-nam-2024.md"


def inputs(root: Path) -> dict[str, tuple[int, int, bool]]:
    """Every path of the project but output/ and .cache/, with what a watcher sees change."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        if rel_dir == ".":
            dirnames[:] = [d for d in dirnames if d not in ("output", ".cache")]
            rel_dir = ""
        for name in dirnames + filenames:
            rel = f"{rel_dir}/{name}" if rel_dir else name
            st = os.lstat(os.path.join(dirpath, name))
            found[rel] = (st.st_size, st.st_mtime_ns, name in dirnames)
    return found


def changes(before: dict, after: dict) -> set[str]:
    """What a file watcher reports: each path created, deleted or modified."""
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


class Walks:
    """Counts the walks of content/."""

    def __init__(self, monkeypatch):
        self.count = 0
        real = sources.walk

        def walk(root, base, **options):
            if Path(base).name == "content":
                self.count += 1
            return real(root, base, **options)

        monkeypatch.setattr(sources, "walk", walk)


def run_with_hints(steps, monkeypatch) -> None:
    with tempfile.TemporaryDirectory(prefix="bantin-hint-") as scratch:
        root = copy_site("basic", Path(scratch))
        project = Project(root)
        monkeypatch.setattr(pipeline, "now_ns", lambda: project.clock + 5_000_000_000)
        hinted = Builder(root, jobs=1)
        hinted.build()
        walks = Walks(monkeypatch)
        for op, k in steps:
            before = inputs(root)
            getattr(project, op)(k)
            changed = changes(before, inputs(root))
            walks.count = 0
            result = hinted.build(changed=changed)
            assert walks.count == 0, (op, k)  # content/ was not walked
            assert tree(root / "output") == clean_tree(root, Path(scratch)), (op, k)
            full = Builder(root, jobs=1).build()  # a full scan finds nothing more to do
            assert full.site is None and full.rendered == 0, (op, k, result.rendered)


step = st.tuples(st.sampled_from([op for op in OPS if op != "damage"]), st.integers(0, 50))


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=5))
def test_a_build_given_the_changed_paths_equals_a_full_scan(steps, monkeypatch):
    run_with_hints(steps, monkeypatch)


@pytest.mark.parametrize("op", ["add", "delete", "rename", "body", "tamper", "override"])
def test_each_kind_of_change_with_the_hint(op, monkeypatch):
    run_with_hints([("add", 1), (op, 2), (op, 3)], monkeypatch)


@pytest.fixture
def site(tmp_path) -> Path:
    root = copy_site("basic", tmp_path)
    return root


def test_a_new_folder_and_a_removed_folder_are_seen_when_named(site, tmp_path):
    builder = Builder(site)
    builder.build()
    text = (site / BULLETIN).read_text(encoding="utf-8")
    write_files(site, {"content/bulletins/2026/tin-nam-moi.md": text.replace("2024-", "2026-")})
    result = builder.build(changed={"content/bulletins/2026"})  # the folder alone
    assert "tin-tuc/2026/tin-nam-moi/index.html" in result.rendered_paths
    shutil.rmtree(site / "content/bulletins/2026")
    builder.build(changed={"content/bulletins/2026/tin-nam-moi.md"})  # the file alone
    assert not (site / "output/tin-tuc/2026").exists()
    assert tree(site / "output") == clean_tree(site, tmp_path)


def test_a_hint_given_to_a_failed_build_is_kept_for_the_next(site, tmp_path):
    builder = Builder(site)
    builder.build()
    good = (site / BULLETIN).read_text(encoding="utf-8")
    write_files(site, {BULLETIN: good.replace("title:", "title: [khong dong", 1)})
    with pytest.raises(SiteError):
        builder.build(changed={BULLETIN})
    other = "content/bulletins/2023/phat-dong-thi-dua-nam-2023.md"
    write_files(site, {BULLETIN: good + "\nSửa lại.\n"})
    write_files(site, {other: (site / other).read_text(encoding="utf-8") + "\nThêm.\n"})
    builder.build(changed={other})  # the bulletin was named to the failed build only
    assert tree(site / "output") == clean_tree(site, tmp_path)


def test_a_record_written_by_another_builder_is_not_trusted_with_a_hint(site, tmp_path):
    serve = Builder(site)
    serve.build()
    write_files(site, {BULLETIN: (site / BULLETIN).read_text(encoding="utf-8") + "\nMột.\n"})
    Builder(site).build()  # another process built meanwhile
    write_files(site, {BULLETIN: (site / BULLETIN).read_text(encoding="utf-8") + "\nHai.\n"})
    serve.build(changed=set())  # told nothing: it must look anyway
    assert tree(site / "output") == clean_tree(site, tmp_path)


def test_symbolic_links_in_content_turn_the_hint_off(site, tmp_path, monkeypatch):
    """A page that is a link to another: editing the other changes it, though the watcher
    names only the file edited. With a link anywhere in content/, the scan walks it all."""
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links")
    page = site / "content/pages/gioi-thieu.md"
    os.symlink("gioi-thieu.md", site / "content/pages/lien-he.md")
    builder = Builder(site)
    builder.build()
    walks = Walks(monkeypatch)
    write_files(
        site, {"content/pages/gioi-thieu.md": page.read_text(encoding="utf-8") + "\nMới.\n"}
    )
    builder.build(changed={"content/pages/gioi-thieu.md"})
    assert walks.count == 1
    assert tree(site / "output") == clean_tree(site, tmp_path)
