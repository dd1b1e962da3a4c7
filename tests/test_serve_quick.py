"""``Builder.quick``, serve's fast path: an edited item's own page is written from the site kept
in memory before the full build, with the bytes that build gives it; anything it cannot do
exactly (a new or deleted file, another title or slug, a changed link, a problem) is refused
and left to the full build, which always ends with the output of a clean build."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import copy_site, needs_theme, write_files

from bantin import search
from bantin.errors import SiteError
from bantin.pipeline import Builder
from bantin.server import PREVIEW_DIR
from bantin.writer import MARKER

pytestmark = needs_theme

BULLETIN = "content/bulletins/2024/kiem-tra-cheo-nam-2024.md"
BULLETIN_PAGE = "tin-tuc/2024/kiem-tra-cheo-nam-2024/index.html"
PAGE = "content/pages/gioi-thieu.md"
PROFILE = "content/profiles/tran-thi-mai.md"
CAMPAIGN = "content/campaigns/dan-van-kheo.md"
ADDED = "\nĐoàn kiểm tra ghi nhận nhiều mô hình hay ở cơ sở.\n"


def preview_builder(root: Path, keep: bool = True, cache: bool = True) -> Builder:
    """A builder as ``serve`` makes it: drafts, scheduled and expired items shown."""
    return Builder(
        root,
        {"output": PREVIEW_DIR},
        1,
        cache,
        drafts=True,
        future=True,
        expired=True,
        manifest="preview",
        keep=keep,
    )


def tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def clean_preview(root: Path, scratch: Path) -> dict[str, bytes]:
    """What a clean preview build (no cache, no earlier output) of a copy of ``root`` gives."""
    copy = scratch / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("output", ".cache"))
    preview_builder(copy, keep=False, cache=False).build()
    return tree(copy / PREVIEW_DIR)


def append(root: Path, rel: str, text: str = ADDED) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> tuple[Path, Builder]:
    root = copy_site("basic", tmp_path)
    builder = preview_builder(root)
    builder.build()
    return root, builder


def test_an_edited_text_is_written_first_then_the_full_build_gives_a_clean_builds_output(
    site, tmp_path
):
    root, builder = site
    out = root / PREVIEW_DIR
    manifest = root / ".cache" / "preview.pickle"
    recorded = manifest.read_bytes()
    append(root, BULLETIN)

    assert builder.quick({BULLETIN}) == [BULLETIN_PAGE]
    first = (out / BULLETIN_PAGE).read_bytes()
    assert ADDED.strip().encode() in first
    assert manifest.read_bytes() == recorded  # only the full build records what it wrote
    assert not [p for p in out.parent.rglob(".*.quick")]  # written through a temporary file

    result = builder.build(changed={BULLETIN})
    assert BULLETIN_PAGE in result.rendered_paths  # no longer the file the record knows
    assert (out / BULLETIN_PAGE).read_bytes() == first  # what the fast path wrote was right
    assert tree(out) == clean_preview(root, tmp_path)


def test_pages_profiles_and_campaigns_have_their_pages_written_first_too(site, tmp_path):
    root, builder = site
    for rel in (PAGE, PROFILE, CAMPAIGN):
        append(root, rel)
    written = builder.quick({PAGE, PROFILE, CAMPAIGN})
    assert sorted(written) == [
        "dien-hinh/tran-thi-mai/index.html",
        "gioi-thieu/index.html",
        "phong-trao/dan-van-kheo/index.html",
    ]
    first = {rel: (root / PREVIEW_DIR / rel).read_bytes() for rel in written}
    builder.build()
    assert {rel: (root / PREVIEW_DIR / rel).read_bytes() for rel in written} == first
    assert tree(root / PREVIEW_DIR) == clean_preview(root, tmp_path)


def test_a_heading_added_is_text_only_and_one_taken_away_is_not(site):
    root, builder = site
    append(root, BULLETIN, "\n## Kết quả\n\nMọi đơn vị đều đạt.\n")
    assert builder.quick({BULLETIN}) == [BULLETIN_PAGE]
    builder.build()
    replace(root, BULLETIN, "## Kết quả", "Kết quả:")
    assert builder.quick({BULLETIN}) is None  # a link elsewhere may point at it


REFUSED = {  # edit: (text, replaced by)
    "another title": ('title: "Kiểm tra', 'title: "Đợt kiểm tra'),
    "another date": ("2024-06-12T08:00", "2024-06-13T08:00"),
    "another tag": ('tags: ["Kiểm tra chéo"]', "tags: [Mới]"),
    "a link added": ("(page:gioi-thieu).", "(page:gioi-thieu), [khối](bloc:khoi-doan-the)."),
    "a problem in the file": ("title:", "title: [hỏng\nx:"),
}


@pytest.mark.parametrize("edit", sorted(REFUSED))
def test_what_other_pages_show_or_check_goes_through_the_full_build(site, edit):
    root, builder = site
    before = tree(root / PREVIEW_DIR)
    replace(root, BULLETIN, *REFUSED[edit])
    assert builder.quick({BULLETIN}) is None
    assert tree(root / PREVIEW_DIR) == before  # nothing was written


def test_new_deleted_and_renamed_files_go_through_the_full_build(site):
    root, builder = site
    before = tree(root / PREVIEW_DIR)
    new = "content/bulletins/2024/tin-moi.md"
    text = (root / BULLETIN).read_text(encoding="utf-8")
    write_files(root, {new: text})
    assert builder.quick({new}) is None  # a new file
    (root / new).rename(root / "content/bulletins/2024/ten-khac.md")
    assert builder.quick({new, "content/bulletins/2024/ten-khac.md"}) is None  # a new slug
    write_files(root, {BULLETIN: None})
    assert builder.quick({BULLETIN}) is None  # deleted
    assert tree(root / PREVIEW_DIR) == before


def test_only_content_items_own_pages_are_written_first(site):
    root, builder = site
    append(root, BULLETIN)
    for other in (
        "templates/bulletin.html",
        "site_config.yaml",
        "content/blocs/khoi-doan-the.yaml",
    ):
        assert builder.quick({BULLETIN, other}) is None
    assert builder.quick(set()) is None


def test_nothing_is_written_first_before_a_good_build(tmp_path):
    root = copy_site("basic", tmp_path)
    builder = preview_builder(root)
    append(root, BULLETIN)
    assert builder.quick({BULLETIN}) is None  # no build yet
    builder.build()
    assert builder.quick({BULLETIN}) == [BULLETIN_PAGE]

    replace(root, PAGE, "title:", "title: [hỏng\nx:")
    with pytest.raises(SiteError):
        builder.build()
    append(root, BULLETIN)
    assert builder.quick({BULLETIN}) is None  # the last build failed

    unkept = preview_builder(copy_site("basic", tmp_path / "other"), keep=False)
    unkept.build()
    append(unkept.root, BULLETIN)
    assert unkept.quick({BULLETIN}) is None  # only serve keeps the site in memory


def test_a_preview_folder_that_is_gone_is_left_to_the_full_build(site):
    root, builder = site
    shutil.rmtree(root / PREVIEW_DIR)
    append(root, BULLETIN)
    assert builder.quick({BULLETIN}) is None
    assert not (root / PREVIEW_DIR).exists()


@pytest.fixture
def one_now(monkeypatch) -> None:
    """One "now" for every build of a test, the clean one it is compared with included: the
    open-data page shows the day of its build, which a run across midnight (Asia/Ho_Chi_Minh)
    sees change. Asked for before ``site``, whose build it pins too."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time())))


def test_a_preview_already_up_to_date_is_loaded_for_the_fast_path(one_now, site, tmp_path):
    """``serve`` started again on its preview: the build has nothing to do and loads nothing;
    ``warm`` loads the site as it is, and an edit is written first again."""
    root, _ = site
    again = preview_builder(root)
    assert again.build().site is None
    append(root, BULLETIN)
    assert again.quick({BULLETIN}) is None  # nothing kept yet
    assert again.warm() is False  # the files are no longer those of the preview: build first
    again.build()
    assert again.warm() is False  # that build kept its site

    fresh = preview_builder(root)
    assert fresh.build().site is None
    assert fresh.warm() is True
    append(root, BULLETIN, "\nMột đoạn nữa.\n")
    assert fresh.quick({BULLETIN}) == [BULLETIN_PAGE]
    first = (root / PREVIEW_DIR / BULLETIN_PAGE).read_bytes()
    fresh.build()
    assert (root / PREVIEW_DIR / BULLETIN_PAGE).read_bytes() == first
    assert tree(root / PREVIEW_DIR) == clean_preview(root, tmp_path)


def test_serves_first_build_leaves_the_search_index_to_the_next_and_keeps_its_site(
    one_now, tmp_path
):
    """``serve``'s first build (``search_later``) publishes the pages without the parts of the
    search index it would make, and keeps its site: an edit is written first at once. The next
    build makes the parts even when nothing changed, and the preview is then a clean build's;
    a builder started on the preview it left (serve stopped meanwhile) makes them too."""
    if search.executable() is None:
        pytest.skip("the Pagefind program is not installed")
    root = copy_site("basic", tmp_path)
    bundle = root / PREVIEW_DIR / "tim-kiem" / "pagefind"
    builder = preview_builder(root)
    result = builder.build(search_later=True)
    assert result.site is not None and result.rendered > 0
    assert result.parts_pending == 1 and not result.index_made and result.parts == 0
    assert (root / PREVIEW_DIR / "tim-kiem" / "index.html").is_file()  # the search page is there
    assert not bundle.exists()  # its index is not, yet
    append(root, BULLETIN)
    assert builder.quick({BULLETIN}) == [BULLETIN_PAGE]  # the site is kept: the fast path
    after = builder.build()
    assert after.parts_made == 1 and after.parts_pending == 0
    assert (bundle / "pagefind-entry.json").is_file()
    assert tree(root / PREVIEW_DIR) == clean_preview(root, tmp_path)
    assert builder.build().rendered == 0 and builder.build().parts_made == 0  # whole now

    fresh_root = copy_site("basic", tmp_path / "fresh")
    preview_builder(fresh_root).build(search_later=True)
    again = preview_builder(fresh_root)  # serve started again before the index was made
    made = again.build(changed=set())  # nothing changed on disk: the index is still made
    assert made.parts_made == 1 and made.rendered == 0
    assert tree(fresh_root / PREVIEW_DIR) == clean_preview(fresh_root, tmp_path)


def hold_search(builder: Builder) -> tuple:
    """Make ``builder``'s next full build stop after its search phase (before it publishes)
    until let go: (held, go) events."""
    held, go = threading.Event(), threading.Event()
    original = builder._search

    def search(*args, **kwargs):
        index = original(*args, **kwargs)
        builder._search = original  # only this build waits
        held.set()
        assert go.wait(60)
        return index

    builder._search = search
    return held, go


def test_an_edit_saved_while_a_build_runs_is_written_at_once_and_that_build_keeps_it(
    site, tmp_path
):
    """quick() runs beside a full build: its page reaches the disk while the build is still
    running, and the build, publishing afterwards, puts that newer page in the new site in
    place of its own older one; the build after it ends as a clean build."""
    root, builder = site
    out = root / PREVIEW_DIR
    held, go = hold_search(builder)
    append(root, BULLETIN, "\nĐoạn thứ nhất của bản tin.\n")
    results: list = []
    running = threading.Thread(
        target=lambda: results.append(builder.build(changed={BULLETIN})), daemon=True
    )
    running.start()
    try:
        assert held.wait(120)
        second = "\nĐoạn thứ hai, lưu khi bản dựng còn đang chạy.\n"
        append(root, BULLETIN, second)
        assert builder.quick({BULLETIN}) == [BULLETIN_PAGE]
        assert running.is_alive()  # written while the build runs
        early = (out / BULLETIN_PAGE).read_bytes()
        assert second.strip().encode() in early
    finally:
        go.set()
        running.join(120)
    assert results and BULLETIN_PAGE in results[0].rendered_paths
    assert (out / BULLETIN_PAGE).read_bytes() == early  # not put back to the older page
    again = builder.build(changed={BULLETIN})
    assert BULLETIN_PAGE in again.rendered_paths  # the page written meanwhile is made again
    assert (out / BULLETIN_PAGE).read_bytes() == early
    assert tree(out) == clean_preview(root, tmp_path)


def test_an_edit_undone_after_its_page_was_written_during_a_build_is_built_again(site, tmp_path):
    """The page written meanwhile stands for a file that has since gone back to what the
    running build read: the next build still renders it again, and nothing of the undone
    edit stays."""
    root, builder = site
    out = root / PREVIEW_DIR
    held, go = hold_search(builder)
    append(root, BULLETIN, "\nĐoạn thứ nhất.\n")
    before = (root / BULLETIN).read_bytes()
    running = threading.Thread(target=builder.build, kwargs={"changed": {BULLETIN}}, daemon=True)
    running.start()
    try:
        assert held.wait(120)
        append(root, BULLETIN, "\nĐoạn sẽ bị xoá.\n")
        assert builder.quick({BULLETIN}) == [BULLETIN_PAGE]
    finally:
        go.set()
        running.join(120)
    (root / BULLETIN).write_bytes(before)  # undone
    builder.build(changed={BULLETIN})
    assert "Đoạn sẽ bị xoá".encode() not in (out / BULLETIN_PAGE).read_bytes()
    assert tree(out) == clean_preview(root, tmp_path)


def test_a_page_written_first_leaves_the_spare_copy_usable(site, tmp_path):
    """quick() renames its page into place; the folder keeps its time, so the next build still
    finds output as its record says but for that page, and uses its spare copy."""
    root, builder = site
    out = root / PREVIEW_DIR
    append(root, PAGE)
    builder.build(changed={PAGE})  # a build over an old site leaves a spare copy
    folder = (out / BULLETIN_PAGE).parent
    stamp = folder.stat().st_mtime_ns
    append(root, BULLETIN)
    assert builder.quick({BULLETIN}) == [BULLETIN_PAGE]
    assert folder.stat().st_mtime_ns == stamp
    spares = sorted(p.name for p in (root / ".cache").glob("preview.spare-*"))
    assert spares  # the last build left one
    builder.build(changed={BULLETIN})
    assert tree(out) == clean_preview(root, tmp_path)
    after = sorted(p.name for p in (root / ".cache").glob("preview.spare-*"))
    assert after and after != spares  # the spare copy was used, and one is kept for the next
