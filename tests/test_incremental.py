"""Incremental builds: after any sequence of edits the output is byte for byte what a clean build
gives; only changed files are written; a damaged cache is detected and never trusted; parallel
rendering gives what serial rendering gives."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import copy_site, needs_theme
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bantin import parallel, pipeline
from bantin.pipeline import Builder, build
from bantin.writer import MARKER

pytestmark = needs_theme

BULLETINS = "content/bulletins"
EXISTING = [
    "2023/phat-dong-thi-dua-nam-2023.md",
    "2023/so-ket-6-thang-nam-2023.md",
    "2024/tong-ket-khoi-nam-2023.md",
    "2024/kiem-tra-cheo-nam-2024.md",
]


def tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def clean_tree(root: Path, scratch: Path) -> dict[str, bytes]:
    """The output of a clean build (no cache, no earlier output) of a copy of ``root``."""
    copy = scratch / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("output", ".cache"))
    build(copy, jobs=1, cache=False)
    return tree(copy / "output")


def new_bulletin(n: int, day: int, tags: list[str]) -> str:
    tag_list = ", ".join(f'"{t}"' for t in tags)
    return (
        "---\n"
        f'title: "Tin mới số {n} của khối"\n'
        f"date: 2024-03-{day:02d}T09:00:00+07:00\n"
        "event_types: [hoat-dong-chung]\n"
        "units: [hoi-nong-dan]\n"
        f"tags: [{tag_list}]\n"
        "---\n"
        f"Đoạn mở đầu của tin mới số {n}.\n\n## Diễn biến\n\nNội dung chi tiết.\n"
    )


# ------------------------------------------------------------------ the edits a writer makes


class Project:
    """A fixture site being edited, with a clock that moves ten seconds per edit, so that the
    cache's trust in unchanged modification times is exercised too."""

    def __init__(self, root: Path):
        self.root = root
        self.added: list[str] = []
        self.counter = itertools.count(1)
        self.clock = 1_700_000_000_000_000_000

    def tick(self, *paths: Path) -> None:
        self.clock += 10_000_000_000
        for path in paths:
            if path.exists():
                os.utime(path, ns=(self.clock, self.clock))

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.tick(path)

    def edit(self, rel: str, change: Callable[[str], str]) -> None:
        self.write(rel, change((self.root / rel).read_text(encoding="utf-8")))

    # each op takes an integer that picks among its variants

    def body(self, k: int) -> None:
        self.edit(f"{BULLETINS}/{EXISTING[k % 4]}", lambda t: t + f"\nĐoạn thêm {k}.\n")

    def title(self, k: int) -> None:
        rel = f"{BULLETINS}/{EXISTING[k % 4]}"
        self.edit(
            rel,
            lambda t: "\n".join(
                f'title: "Tiêu đề sửa lần {k}"' if line.startswith("title:") else line
                for line in t.split("\n")
            ),
        )

    def tags(self, k: int) -> None:
        choices = [["Kiểm tra chéo"], ["Kiểm tra chéo", "Thi đua yêu nước"], ["Chủ đề mới"]]
        tag_list = ", ".join(f'"{t}"' for t in choices[k % 3])
        self.edit(
            f"{BULLETINS}/2024/kiem-tra-cheo-nam-2024.md",
            lambda t: "\n".join(
                f"tags: [{tag_list}]" if line.startswith("tags:") else line
                for line in t.split("\n")
            ),
        )

    def add(self, k: int) -> None:
        n = next(self.counter)
        rel = f"{BULLETINS}/2024/tin-moi-so-{n}.md"
        self.write(rel, new_bulletin(n, 1 + k % 28, [["Tổng kết"], ["Tin mới"], []][k % 3]))
        self.added.append(rel)

    def delete(self, k: int) -> None:
        if self.added:
            (self.root / self.added.pop(k % len(self.added))).unlink()
            self.tick()

    def rename(self, k: int) -> None:
        if self.added:
            old = self.added.pop(k % len(self.added))
            new = old.replace(".md", f"-doi-ten-{next(self.counter)}.md")
            (self.root / old).rename(self.root / new)
            self.added.append(new)
            self.tick(self.root / new)

    def template(self, k: int) -> None:
        theme = "themes/default/templates"
        name = ["partials/pager.html", "bulletin.html", "base.html"][k % 3]
        self.edit(
            f"{theme}/{name}",
            lambda t: (
                t.replace("{% block content %}", f"{{% block content %}}<!-- {k} -->", 1)
                if "{% block content %}" in t
                else t + f"{{# {k} #}}"
            ),
        )

    def override(self, k: int) -> None:
        """A template of the site's own that overrides the theme's, then goes away."""
        rel = "templates/partials/pager.html"
        if (self.root / rel).exists():
            (self.root / rel).unlink()
            self.tick()
        else:
            source = self.root / "themes/default/templates/partials/pager.html"
            self.write(rel, f"<!-- trang riêng {k} -->\n" + source.read_text(encoding="utf-8"))

    def config(self, k: int) -> None:
        self.edit(
            "site_config.yaml",
            lambda t: "\n".join(
                f'publisher: "Ban Thi đua tỉnh, lần {k}"' if line.startswith("publisher:") else line
                for line in t.split("\n")
            ),
        )

    def strings(self, k: int) -> None:
        self.write("templates/strings/vi.yaml", f'nav_home: "Trang chủ {k}"\n')

    def touch(self, k: int) -> None:
        path = self.root / BULLETINS / EXISTING[k % 4]
        path.write_bytes(path.read_bytes())
        self.tick(path)

    def tamper(self, k: int) -> None:
        """Someone changes output/ by hand: an edited page, a deleted page, a stray file."""
        out = self.root / "output"
        pages = sorted(p for p in out.rglob("index.html"))
        if not pages:
            return
        page = pages[k % len(pages)]
        if k % 3 == 0:
            page.write_bytes(b"sua tay")
        elif k % 3 == 1:
            page.unlink()
        else:
            (out / "la.txt").write_text("tệp lạ")

    def damage(self, k: int) -> None:
        """The cache is damaged or stale: garbage, truncated, or from another version."""
        cache = self.root / ".cache"
        target = cache / ("manifest.pickle" if k % 2 == 0 else "parsed.sqlite")
        if target.exists():
            data = target.read_bytes()
            target.write_bytes(data[: len(data) // 2] if k % 4 < 2 else b"rac" + data[10:])


OPS = [
    "body",
    "title",
    "tags",
    "add",
    "delete",
    "rename",
    "template",
    "override",
    "config",
    "strings",
    "touch",
    "tamper",
    "damage",
]


def run_sequence(steps: list[tuple[str, int]], persistent: bool, jobs: int, monkeypatch) -> None:
    with tempfile.TemporaryDirectory(prefix="bantin-incr-") as scratch:
        root = copy_site("basic", Path(scratch))
        project = Project(root)
        monkeypatch.setattr(pipeline, "now_ns", lambda: project.clock + 5_000_000_000)
        builder = Builder(root, jobs=jobs)
        builder.build()
        for op, k in steps:
            getattr(project, op)(k)
            if not persistent:
                builder = Builder(root, jobs=jobs)
            builder.build()
            assert tree(root / "output") == clean_tree(root, Path(scratch)), (op, k)


step = st.tuples(st.sampled_from(OPS), st.integers(0, 50))


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=5), persistent=st.booleans())
def test_an_incremental_build_equals_a_clean_build_after_any_edits(steps, persistent, monkeypatch):
    run_sequence(steps, persistent, jobs=1, monkeypatch=monkeypatch)


@pytest.mark.slow
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=3, max_size=10), persistent=st.booleans())
def test_longer_edit_sequences_in_parallel_equal_a_clean_build(steps, persistent, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    run_sequence(steps, persistent, jobs=2, monkeypatch=monkeypatch)


@pytest.mark.parametrize("op", OPS)
def test_each_kind_of_edit_once(op, monkeypatch):
    run_sequence([(op, 1), (op, 2)], persistent=False, jobs=1, monkeypatch=monkeypatch)


# ------------------------------------------------------------------ what is (not) rewritten


def mtimes(out: Path) -> dict[str, int]:
    return {
        p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()
    }


SEARCH_BUNDLE = "tim-kiem/pagefind/"


def test_a_body_edit_rewrites_only_that_page_and_keeps_every_other_modification_time(tmp_path):
    root = copy_site("basic", tmp_path)
    first = build(root)
    assert first.rendered == first.pages
    before = mtimes(root / "output")
    rel = root / BULLETINS / "2024/kiem-tra-cheo-nam-2024.md"
    rel.write_text(rel.read_text(encoding="utf-8") + "\nMột đoạn cuối.\n", encoding="utf-8")

    second = build(root)

    page = "tin-tuc/2024/kiem-tra-cheo-nam-2024/index.html"
    assert page in second.rendered_paths
    assert second.rendered < second.pages  # listings and the rest are not even rendered again
    after = mtimes(root / "output")
    changed = {p for p in after if after.get(p) != before.get(p)}
    # the page, and the files of the search index that hold its text (its fragment, the word
    # index, the metadata naming them and the entry file naming that)
    index = {p for p in changed if p.startswith(SEARCH_BUNDLE)}
    assert changed - index == {page}
    assert f"{SEARCH_BUNDLE}pagefind-entry.json" in index and len(index) <= 5
    assert second.written == 1 + len(index)


def test_a_title_edit_re_renders_the_pages_that_show_it_and_nothing_else(tmp_path):
    root = copy_site("basic", tmp_path)
    build(root)
    path = root / BULLETINS / "2023/phat-dong-thi-dua-nam-2023.md"
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.split("\n") if line.startswith("title:"))
    path.write_text(text.replace(title, 'title: "Một tiêu đề khác hẳn"'), encoding="utf-8")

    result = build(root)

    out = root / "output"
    showing = {rel for rel, data in tree(out).items() if "Một tiêu đề khác hẳn".encode() in data}
    assert showing and set(result.rendered_paths) >= showing
    # the profile and page that never show the bulletin are left alone
    assert "gioi-thieu/index.html" not in result.rendered_paths
    assert "404.html" not in result.rendered_paths


def test_nothing_changed_is_recognised_without_loading_the_site(tmp_path):
    root = copy_site("basic", tmp_path)
    build(root)
    again = build(root)
    assert again.site is None and again.rendered == 0 and again.written == 0


def test_a_stray_file_in_output_is_removed_like_a_clean_build_would(tmp_path):
    root = copy_site("basic", tmp_path)
    build(root)
    (root / "output" / "cu.html").write_text("cũ")
    page = root / BULLETINS / EXISTING[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    before = set(tree(root / "output"))
    result = build(root)
    assert not (root / "output" / "cu.html").exists()
    # the stray file, and the search index's files for the page's old text
    gone = before - set(tree(root / "output"))
    assert {p for p in gone if not p.startswith(SEARCH_BUNDLE)} == {"cu.html"}
    assert result.removed == len(gone)


@pytest.mark.parametrize("name", ["manifest.pickle", "parsed.sqlite"])
@pytest.mark.parametrize("damage", [b"", b"garbage" * 100])
def test_a_damaged_cache_is_rebuilt_and_never_trusted(tmp_path, name, damage):
    root = copy_site("basic", tmp_path)
    build(root)
    (root / ".cache" / name).write_bytes(damage)
    shutil.rmtree(root / "output")  # only a rebuild from the content can bring it back
    result = build(root)
    assert result.rendered == result.pages
    assert tree(root / "output") == clean_tree(root, tmp_path)


def test_a_manifest_from_another_bantin_version_is_ignored(tmp_path, monkeypatch):
    root = copy_site("basic", tmp_path)
    build(root)
    monkeypatch.setattr("bantin.cache.__version__", "0.0.0-khac")
    result = build(root)
    assert result.rendered == result.pages


def test_parallel_rendering_gives_the_serial_bytes(tmp_path, monkeypatch):
    serial = copy_site("basic", tmp_path / "a")
    build(serial, jobs=1, cache=False)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    forked = copy_site("basic", tmp_path / "b")
    result = build(forked, jobs=2, cache=False)
    assert result.rendered == result.pages
    assert tree(forked / "output") == tree(serial / "output")


def test_pages_rendered_in_forked_workers_are_recorded_as_one_process_records_them(
    tmp_path, monkeypatch
):
    # a rendered page's digest is worked out by the worker that rendered it
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733000000")  # both builds at the same moment
    records = {}
    root = copy_site("basic", tmp_path)  # digests hold paths: one project, built twice
    for name, jobs in (("serial", 1), ("forked", 2)):
        shutil.rmtree(root / "output", ignore_errors=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)
        monkeypatch.setattr(parallel, "MIN_PARALLEL", 1 if jobs > 1 else 64)
        builder = Builder(root, jobs=jobs)
        assert builder.build().rendered > 24  # more than one worker's share
        records[name] = dict(builder.cache.load_manifest().pages)
        builder.cache.close()
    assert records["forked"] == records["serial"]


def test_a_template_error_in_a_worker_is_reported_and_output_is_untouched(tmp_path, monkeypatch):
    from bantin.errors import SiteError

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    root = copy_site("basic", tmp_path)
    build(root, jobs=2)
    before = tree(root / "output")
    page = root / "themes/default/templates/bulletin.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("{% block content %}", "{% block content %}{{ khong_co_bien }}", 1),
        encoding="utf-8",
    )
    with pytest.raises(SiteError) as info:
        build(root, jobs=2)
    assert "khong_co_bien" in info.value.problems[0].message
    assert tree(root / "output") == before
    assert [p.name for p in tmp_path.iterdir() if ".staging-" in p.name] == []


def test_a_file_that_changes_during_a_build_is_never_cached_under_the_old_hash(
    tmp_path, monkeypatch
):
    root = copy_site("basic", tmp_path)
    build(root)
    path = root / BULLETINS / EXISTING[3]
    original = path.read_text(encoding="utf-8")
    version_b = original + "\nPhiên bản B.\n"
    version_c = original + "\nPhiên bản C, ghi trong lúc đang dựng.\n"
    path.write_text(version_b, encoding="utf-8")
    real_hash_all = pipeline.hash_all

    def hash_then_edit(sources, manifest):
        hashed = real_hash_all(sources, manifest)  # B is hashed …
        path.write_text(version_c, encoding="utf-8")  # … then the writer saves C
        return hashed

    monkeypatch.setattr(pipeline, "hash_all", hash_then_edit)
    build(root)
    monkeypatch.setattr(pipeline, "hash_all", real_hash_all)
    path.write_text(version_b, encoding="utf-8")  # B again: its key must not give C's parse
    build(root)
    assert tree(root / "output") == clean_tree(root, tmp_path)
