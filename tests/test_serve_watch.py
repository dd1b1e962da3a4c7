"""How ``serve`` learns what changed and hands it to the builder: the operating system's
notices (watchfiles), filtered (hidden files, editors' temporary files, output folders), as
paths relative to the site's root; then the edited pages first, the full build after, one
build at a time."""

from __future__ import annotations

import os
import queue
import threading
import time
from pathlib import Path

import pytest

from bantin.messages import tr
from bantin.pipeline import BuildResult
from bantin.server import PreviewState, Rebuilds, Watcher


class FakeWatch:
    """Stands for ``watchfiles.watch``: yields the given batches to the watcher of folders;
    the watcher of single files' folders gets none. Records how it was called."""

    def __init__(self, batches, fail_first: Exception | None = None):
        self.batches = batches
        self.fail_first = fail_first
        self.calls: list[tuple[tuple[str, ...], dict]] = []

    def __call__(self, *paths, **options):
        self.calls.append((tuple(str(p) for p in paths), options))
        if self.fail_first is not None and not options["force_polling"]:
            raise self.fail_first
        if options["recursive"]:
            yield from self.batches


def run(watcher: Watcher) -> None:
    watcher.start()
    for thread in watcher.threads:
        thread.join(timeout=30)


@pytest.fixture
def root(tmp_path) -> Path:
    site = tmp_path / "site"
    for folder in ("content/bulletins/2024", "templates", "themes/rieng", "output"):
        (site / folder).mkdir(parents=True)
    (site / "site_config.yaml").write_text("title: x\n", encoding="utf-8")
    return site


def folders(root: Path) -> list[Path]:
    return [root / "content", root / "templates", root / "themes", root / "site_config.yaml"]


def test_the_changed_paths_reach_the_builder_relative_to_the_root_without_editors_files(root):

    def at(rel: str) -> tuple[int, str]:
        return (2, str(root / rel))  # (Change.modified, the full path), as watchfiles gives

    batches = [
        {
            at("content/bulletins/2024/tin.md"),
            at("content/bulletins/2024/.tin.md.swp"),  # Vim
            at("content/bulletins/2024/.tin.md.swx"),
            at("content/bulletins/2024/4913"),
            at("content/bulletins/2024/tin.md~"),
            at("content/bulletins/2024/#tin.md#"),  # Emacs
            at("content/bulletins/2024/.#tin.md"),
            at("templates/bulletin.html___jb_tmp___"),  # JetBrains
            at("templates/.goutputstream-X1Y2"),  # gedit
            at("content/.git/index"),
            at("themes/rieng/templates/base.html"),
            at("themes/rieng/out/index.html"),  # an output folder in a watched one
        },
        {at("content/bulletins/2024/.tin.md.swp")},  # nothing left: not handed over
        {at("site_config.yaml"), at("README.md"), at("output/index.html")},
    ]
    handed: list[set[str]] = []
    watch = FakeWatch(batches)
    watcher = Watcher(
        root, folders(root), handed.append, skip=[root / "themes/rieng/out"], watch=watch
    )
    run(watcher)
    assert handed == [
        {"content/bulletins/2024/tin.md", "themes/rieng/templates/base.html"},
        {"site_config.yaml"},  # the settings file, not what else is in its folder
    ]
    recursive = {options["recursive"]: paths for paths, options in watch.calls}
    assert recursive == {
        True: tuple(str(root / f) for f in ("content", "templates", "themes")),
        False: (str(root),),  # a single file through its folder: editors save by renaming
    }
    for _, options in watch.calls:
        assert options["stop_event"] is watcher.stop_event
        assert options["debounce"] <= 100 and options["force_polling"] is None


def test_a_settings_file_elsewhere_is_handed_over_by_its_full_path(root, tmp_path):
    other = tmp_path / "khac" / "thiet-lap.yaml"
    other.parent.mkdir()
    other.write_text("title: y\n", encoding="utf-8")
    handed: list[set[str]] = []
    batches = [{(2, str(other)), (2, str(other.parent / "ghi-chu.txt"))}]

    class OnlyFiles(FakeWatch):
        def __call__(self, *paths, **options):
            self.calls.append((paths, options))
            if not options["recursive"]:
                yield from self.batches

    run(Watcher(root, [root / "content", other], handed.append, watch=OnlyFiles(batches)))
    assert handed == [{str(other)}]


def test_without_notifications_it_looks_for_changes_and_says_why(root):
    told: list[str] = []
    handed: list[set[str]] = []
    watch = FakeWatch([{(2, str(root / "content/bulletins/2024/tin.md"))}], OSError("đầy"))
    run(Watcher(root, [root / "content"], handed.append, tell=told.append, watch=watch))
    assert told == ["đầy"]
    assert [options["force_polling"] for _, options in watch.calls] == [None, True]
    assert handed == [{"content/bulletins/2024/tin.md"}]


def test_the_system_tells_of_a_saved_file_through_watchfiles(root):
    """The real watcher: a save is reported; what editors write beside it is not."""
    handed: queue.Queue[set[str]] = queue.Queue()
    watcher = Watcher(root, folders(root), handed.put, skip=[root / "output"])
    watcher.start()
    try:
        target = root / "content/bulletins/2024/tin.md"
        seen: set[str] = set()
        deadline = time.monotonic() + 30
        n = 0
        while "content/bulletins/2024/tin.md" not in seen and time.monotonic() < deadline:
            n += 1  # the watch may not be in place yet: save again until it is
            (target.parent / ".tin.md.swp").write_bytes(b"swap %d" % n)
            (target.parent / "tin.md~").write_text("sao lưu", encoding="utf-8")
            target.write_text(f"lần lưu {n}\n", encoding="utf-8")
            try:
                seen |= handed.get(timeout=1)
            except queue.Empty:
                pass
        assert "content/bulletins/2024/tin.md" in seen
        # the settings file saved the way many editors do: another file renamed over it
        config = root / "site_config.yaml"
        while "site_config.yaml" not in seen and time.monotonic() < deadline:
            temp = root / "site_config.yaml.tmp"
            temp.write_text(f"title: z{n}\n", encoding="utf-8")
            os.replace(temp, config)
            n += 1
            try:
                seen |= handed.get(timeout=1)
            except queue.Empty:
                pass
        assert "site_config.yaml" in seen
        assert seen <= {"content/bulletins/2024/tin.md", "site_config.yaml"}, seen
    finally:
        watcher.stop()
    for thread in watcher.threads:
        thread.join(timeout=30)
        assert not thread.is_alive()


# ---------------------------------------------------------------- the builds of the preview


class Out:
    lang = "en"

    def __init__(self):
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(tr(text, "en"))

    def detail(self, text: str) -> None:
        pass

    def problems(self, problems) -> None:
        pass

    def progress(self, *args) -> None:
        pass

    def seconds(self, value: float) -> str:
        return f"{value:.2f}"


class FakeBuilder:
    """Records what it is asked; its first full build waits until it is let go."""

    def __init__(self, root: Path, quick: list[str] | None):
        self.root = root
        self.answer = quick
        self.calls: list[tuple[str, set[str] | None]] = []
        self.later: list[bool] = []  # each build: search_later (serve's first)
        self.pending = 0  # parts of the search index a search_later build leaves
        self.hold = threading.Event()
        self.started = threading.Event()
        self.site: object = "loaded"  # None: the builds find nothing to do

    def quick(self, changed: set[str]) -> list[str] | None:
        self.calls.append(("quick", set(changed)))
        return self.answer

    def build(self, changed: set[str] | None = None, search_later: bool = False) -> BuildResult:
        self.calls.append(("build", None if changed is None else set(changed)))
        self.later.append(search_later)
        self.started.set()
        self.hold.wait(timeout=30)
        pending = self.pending if search_later else 0
        return BuildResult(site=self.site, pages=1, files=2, parts_pending=pending)

    def warm(self) -> bool:
        self.calls.append(("warm", None))
        self.site = "loaded"
        return True


def serve_builds(root: Path, quick: list[str] | None, script) -> tuple[FakeBuilder, Out, list]:
    """Run ``script(rebuilds, builder)`` on a tornado loop, with a fake builder."""
    from tornado.ioloop import IOLoop

    loop = IOLoop(make_current=False)
    builder, out, told = FakeBuilder(root, quick), Out(), []
    state = PreviewState("en", generation=1)
    rebuilds = Rebuilds(builder, state, out, root, loop)
    rebuilds.broadcast = lambda: told.append((state.ok, state.generation))
    try:
        loop.run_sync(lambda: script(rebuilds, builder), timeout=60)
    finally:
        loop.close()
    return builder, out, told


async def settled(rebuilds: Rebuilds) -> None:
    import asyncio

    while rebuilds.building():
        await asyncio.sleep(0.01)


def test_the_edited_pages_are_shown_first_then_the_full_build_gets_the_same_paths(tmp_path):
    async def script(rebuilds, builder):
        builder.hold.set()
        rebuilds.changed({"content/bulletins/2024/tin.md"})
        await settled(rebuilds)

    builder, out, told = serve_builds(tmp_path, ["tin-tuc/2024/tin/index.html"], script)
    changed = {"content/bulletins/2024/tin.md"}
    assert builder.calls == [("quick", changed), ("build", changed)]
    assert told == [(True, 2), (True, 3)]  # the browser reloads twice: the page, then the site
    assert out.said[0].startswith("shown first: tin-tuc/2024/tin/index.html in ")
    assert out.said[1].startswith("rebuilt: ")


def test_what_changes_during_a_build_is_built_together_after_it(tmp_path):
    async def script(rebuilds, builder):
        import asyncio

        rebuilds.changed({"templates/a.html"})
        while not builder.started.is_set():
            await asyncio.sleep(0.01)
        rebuilds.changed({"content/pages/b.md"})
        while rebuilds.early_busy:
            await asyncio.sleep(0.01)
        rebuilds.changed({"content/pages/c.md"})
        while rebuilds.early_busy:
            await asyncio.sleep(0.01)
        builder.hold.set()
        await settled(rebuilds)

    builder, _, told = serve_builds(tmp_path, None, script)
    assert builder.calls == [
        ("quick", {"templates/a.html"}),
        ("build", {"templates/a.html"}),
        ("quick", {"content/pages/b.md"}),  # tried at once, while the build runs
        ("quick", {"content/pages/c.md"}),
        # refused (nothing written): tried again from the site of that build, before the next
        ("quick", {"content/pages/b.md", "content/pages/c.md"}),
        ("build", {"content/pages/b.md", "content/pages/c.md"}),
    ]
    assert told == [(True, 2), (True, 3)]  # nothing written first: one reload a build


def test_a_page_saved_during_a_build_is_shown_before_that_build_ends(tmp_path):
    """The save does not wait for the build that is running: its page is written beside it
    (the browser reloads), and the next build, which brings the rest up to date, does not
    write it first again."""
    shown_during: list[tuple[bool, int]] = []

    async def script(rebuilds, builder):
        import asyncio

        rebuilds.changed({"templates/a.html"})
        while not builder.started.is_set():
            await asyncio.sleep(0.01)
        rebuilds.changed({"content/pages/b.md"})
        deadline = asyncio.get_running_loop().time() + 30
        while not told and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.01)
        shown_during.extend(told)
        assert rebuilds.busy  # the first build has not ended
        builder.hold.set()
        await settled(rebuilds)

    told: list[tuple[bool, int]] = []

    from tornado.ioloop import IOLoop

    loop = IOLoop(make_current=False)
    builder, out = FakeBuilder(tmp_path, ["gioi-thieu/index.html"]), Out()
    builder.answer = None  # the template's batch: nothing written first
    state = PreviewState("en", generation=1)
    rebuilds = Rebuilds(builder, state, out, tmp_path, loop)
    rebuilds.broadcast = lambda: told.append((state.ok, state.generation))
    real_quick = builder.quick

    def quick(changed):
        real_quick(changed)
        return ["gioi-thieu/index.html"] if changed == {"content/pages/b.md"} else None

    builder.quick = quick  # type: ignore[method-assign]
    try:
        loop.run_sync(lambda: script(rebuilds, builder), timeout=60)
    finally:
        loop.close()
    assert shown_during == [(True, 2)]  # shown while the template's build still ran
    assert builder.calls == [
        ("quick", {"templates/a.html"}),
        ("build", {"templates/a.html"}),
        ("quick", {"content/pages/b.md"}),
        ("build", {"content/pages/b.md"}),  # no second quick: its page is on disk
    ]
    assert told == [(True, 2), (True, 3), (True, 4)]
    assert out.said[0].startswith("shown first: gioi-thieu/index.html in ")


def test_a_first_build_with_nothing_to_do_loads_the_site_for_the_fast_path_after(tmp_path):
    """serve started on an up-to-date preview is ready at once; the site is loaded right after,
    in the build's thread, and a save made meanwhile waits for it."""

    async def script(rebuilds, builder):
        builder.site = None
        builder.hold.set()
        rebuilds.now(first=True)
        rebuilds.changed({"content/pages/b.md"})
        await settled(rebuilds)

    builder, _, told = serve_builds(tmp_path, ["gioi-thieu/index.html"], script)
    assert builder.calls == [
        ("build", None),
        ("warm", None),
        ("quick", {"content/pages/b.md"}),
        ("build", {"content/pages/b.md"}),
    ]
    assert told == [(True, 2), (True, 3), (True, 4)]
    assert builder.later == [True, False]  # the first build may leave the index for later


def test_the_search_index_the_first_build_left_is_made_by_a_build_right_after_it(tmp_path):
    """serve's first build publishes the pages without the parts of the search index it would
    make (the preview is served sooner); the build that follows at once makes them, and the
    preview counts as building until it is done."""
    seen: list[bool] = []
    notices: list[str] = []

    async def script(rebuilds, builder):
        builder.pending = 3
        builder.hold.set()
        rebuilds.now(first=True)
        seen.append(rebuilds.building())
        notices.append(rebuilds.state.payload()["notice"])  # what each page shows at its foot
        await settled(rebuilds)
        notices.append(rebuilds.state.payload()["notice"])

    builder, out, told = serve_builds(tmp_path, None, script)
    assert builder.calls == [("build", None), ("build", set())]  # nothing changed: the index
    assert builder.later == [True, False]
    assert seen == [True]  # the index still to make: not idle yet
    later = "making the search index (3 parts) while the preview is served"
    assert [later in line for line in out.said] == [True, False]  # then: "rebuilt: …"
    assert told == [(True, 2), (True, 3)]
    assert notices == [
        "The search index is being made: the search page works once it is done, "
        "and this page reloads then.",
        "",
    ]


def test_a_save_during_a_build_reaches_the_disk_before_that_build_ends(tmp_path):
    """The real watcher and the real builder: a bulletin saved while the build of an earlier
    save runs has its page written at once (the build is held before publishing until the
    page is there), the build publishes that page rather than its older one, and the preview
    ends as a clean build."""
    from conftest import copy_site, theme_missing
    from test_serve_quick import (
        BULLETIN,
        BULLETIN_PAGE,
        append,
        clean_preview,
        hold_search,
        preview_builder,
        tree,
    )
    from tornado.ioloop import IOLoop

    if theme_missing():
        pytest.skip(theme_missing())
    root = copy_site("basic", tmp_path)
    builder = preview_builder(root)
    builder.build()
    out = root / ".cache" / "preview"
    page = out / BULLETIN_PAGE
    held, go = hold_search(builder)
    after_first: list[bytes] = []
    build = builder.build

    def recorded(changed=None, search_later=False):
        result = build(changed=changed, search_later=search_later)
        after_first.append(page.read_bytes())
        return result

    builder.build = recorded  # type: ignore[method-assign]
    loop = IOLoop(make_current=False)
    output = Out()
    state = PreviewState("en", generation=1)
    rebuilds = Rebuilds(builder, state, output, out, loop)
    watcher = Watcher(
        root,
        folders(root),
        lambda paths: loop.add_callback(rebuilds.changed, paths),
        skip=[root / "output", out],
    )
    second = "Đoạn lưu khi bản dựng trước còn đang chạy."

    async def script():
        import asyncio

        n = 0
        while not held.is_set():  # the watch may not be in place yet: save until it is
            n += 1
            append(root, BULLETIN, f"\nLần lưu thứ {n}.\n")
            for _ in range(100):
                if held.is_set():
                    break
                await asyncio.sleep(0.05)
        append(root, BULLETIN, "\n" + second + "\n")
        for _ in range(1200):
            if second in page.read_text(encoding="utf-8"):
                break
            await asyncio.sleep(0.05)
        assert second in page.read_text(encoding="utf-8")
        assert not go.is_set() and rebuilds.busy  # the first build is still held
        go.set()
        await settled(rebuilds)

    watcher.start()
    try:
        loop.run_sync(script, timeout=240)
    finally:
        go.set()
        watcher.stop()
        loop.close()
    assert second.encode() in after_first[0]  # that build published the newer page
    assert any(s.startswith("shown first: " + BULLETIN_PAGE) for s in output.said)
    assert tree(out) == clean_preview(root, tmp_path)
