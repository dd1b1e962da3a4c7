"""bantin.pipeline: load → link → render → write, and what is copied beside the pages."""

import errno
import gc
import os
import tempfile
import unicodedata
from pathlib import Path

import pytest
from conftest import bulletin_text, copy_site, needs_theme, write_files
from PIL import Image
from test_disk_trouble import fails, in_cache
from test_search import tree

from bantin import parallel
from bantin.errors import Problem, SiteError
from bantin.pipeline import Builder, build, load_site, static_copies


def test_load_site_raises_every_error_at_once(minimal_site):
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/mot.md": bulletin_text('title: "x"\ndate: hôm qua\n'),
            "content/bulletins/2024/hai.md": bulletin_text(
                'title: "y"\ndate: 2024-02-01\npeople: [ai-do]\n'
            ),
        },
    )
    with pytest.raises(SiteError) as info:
        load_site(minimal_site)
    assert sorted(p.path for p in info.value.problems) == [
        "content/bulletins/2024/hai.md",
        "content/bulletins/2024/mot.md",
    ]


def test_load_site_returns_warnings_without_raising(minimal_site):
    bloc = minimal_site / "content/blocs/khoi-thu.yaml"
    bloc.write_text(bloc.read_text(encoding="utf-8").replace("proposed", "awarded"), "utf-8")
    site, warnings = load_site(minimal_site)
    assert [w.severity for w in warnings] == ["warning"]
    assert site.bloc_by_slug["khoi-thu"]


def test_only_used_media_is_copied(minimal_site):
    write_files(minimal_site, {"content/media/khong-dung.jpg": b"x"})
    site, _ = load_site(minimal_site)
    copies = [rel for _, rel in static_copies(site) if not rel.startswith("static/")]
    assert copies == ["media/anh.png"]


def test_the_site_static_folder_wins_over_the_theme(minimal_site):
    write_files(
        minimal_site,
        {
            "themes/default/static/css/site.css": "theme",
            "themes/default/static/logo.svg": "<svg/>",
            "templates/static/css/site.css": "site",
        },
    )
    site, _ = load_site(minimal_site)
    copies = {rel: src.read_text() for src, rel in static_copies(site) if rel.startswith("static")}
    assert copies == {"static/css/site.css": "site", "static/logo.svg": "<svg/>"}


def test_media_with_a_decomposed_file_name_is_copied_from_the_real_file(minimal_site):
    name = unicodedata.normalize("NFD", "ảnh-đẹp.png")
    write_files(
        minimal_site,
        {
            f"content/media/{name}": b"png",
            "content/bulletins/2024/anh.md": bulletin_text(
                'title: "Ảnh"\ndate: 2024-02-01\n', "![Ảnh](media/ảnh-đẹp.png)\n"
            ),
        },
    )
    site, _ = load_site(minimal_site)
    assert all(src.is_file() for src, _ in static_copies(site))


@needs_theme
def test_a_build_writes_every_planned_page_and_the_used_files(tmp_path):
    root = copy_site("basic", tmp_path)
    result = build(root)
    out = root / "output"
    html = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    xml = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xml"))
    data = sorted(p.name for p in (out / "du-lieu-mo").iterdir() if p.suffix in (".csv", ".json"))
    # 47 pages (2 of statistics, 6 of the award ledger, open data), 20 feeds (site, bloc, 2
    # campaigns, 6 tags; Atom and RSS), sitemap, robots.txt; 8 tables as CSV and JSON and
    # datapackage.json
    assert len(html) == 47 and len(xml) == 21 and len(data) == 17
    assert result.pages == len(html) + len(xml) + 1 + len(data)
    # pictures are published re-encoded (metadata dropped), at the source's size
    with Image.open(out / "media/2023/so-ket.png") as published:
        with Image.open(root / "content/media/2023/so-ket.png") as source:
            assert published.format == "PNG" and published.size == source.size
    assert result.warnings == []


@needs_theme
def test_two_builds_give_the_same_bytes(tmp_path):
    first = copy_site("basic", tmp_path / "a")
    second = copy_site("basic", tmp_path / "b")
    build(first)
    build(second)

    def files(root):
        out = root / "output"
        return {
            p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
        }

    assert files(first) == files(second)


@needs_theme
def test_the_collector_is_on_again_after_a_build_good_or_failed(tmp_path):
    # it is off while the site is loaded and linked, and the site frozen out of its sight
    root = copy_site("basic", tmp_path)
    assert gc.isenabled()
    assert Builder(root).build().site is not None
    assert gc.isenabled() and gc.get_freeze_count() == 0
    write_files(root, {"content/bulletins/2024/hong.md": bulletin_text('title: "x"\ndate: 31/2\n')})
    with pytest.raises(SiteError):
        Builder(root).build()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_kept_site_stays_out_of_the_collectors_sight_between_builds(tmp_path):
    # serve keeps the last site for its quick pages: a full collection walking it, at any
    # moment, would hold up a page saved meanwhile; it is collected and frozen once per build
    root = copy_site("basic", tmp_path)
    builder = Builder(root, keep=True)
    try:
        assert builder.build().site is not None
        frozen = gc.get_freeze_count()
        assert gc.isenabled() and frozen > 0
        kept = builder._kept.site
        assert gc.is_tracked(kept) and all(o is not kept for o in gc.get_objects())  # frozen
        bulletin = root / "content/bulletins/2024/kiem-tra-cheo-nam-2024.md"
        bulletin.write_text(bulletin.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
        del kept
        assert builder.build().site is not None
        assert gc.get_freeze_count() > 0
        broken = bulletin_text('title: "x"\ndate: 31/2\n')
        write_files(root, {"content/bulletins/2024/hong.md": broken})
        with pytest.raises(SiteError):
            builder.build()
        assert builder._kept is None and gc.get_freeze_count() == 0  # nothing kept: all seen
    finally:
        gc.unfreeze()


def test_pages_that_used_the_same_templates_and_data_share_one_tuple_of_their_names(tmp_path):
    # 17,922 pages of a 10,000-bulletin site noted 209,000 names, 50 of them different
    root = copy_site("basic", tmp_path)
    builder = Builder(root)
    builder.build()
    pages = list(builder.cache.load_manifest().pages.values())
    assert len(pages) > 10
    for field in ("templates", "attrs"):
        tuples = [getattr(p, field) for p in pages]
        assert len({id(t) for t in tuples}) == len(set(tuples)) < len(tuples)


def _numbers_and_pid(part: range) -> tuple[list[int], int]:
    return list(part), os.getpid()


def test_results_out_of_order_come_each_once_from_every_process():
    try:
        got = list(parallel.run(_numbers_and_pid, 500, 2, chunk=7, in_order=False))
    finally:
        gc.unfreeze()  # parallel.run froze what existed before forking
    numbers = sorted(n for part, _pid in got for n in part)
    assert numbers == list(range(500))
    assert len({pid for _part, pid in got}) == 2
    assert len(got) == len(parallel.chunks(500, 7))


class _Unsendable(Exception):
    def __init__(self, a, b):  # pickled with one argument, it cannot be made again
        super().__init__(f"{a} {b}")


def test_work_done_in_a_child_comes_back_with_its_result_or_its_exception():
    assert parallel.in_child(lambda: (os.getpid(), {"đ": [1, 2]}))[1] == {"đ": [1, 2]}
    assert parallel.in_child(os.getpid) != os.getpid()
    problem = Problem("content/bulletins/2024/a.md", 3, 1, "Ngày không hợp lệ", "Sửa ngày")

    def fails():
        raise SiteError([problem])

    with pytest.raises(SiteError) as info:
        parallel.in_child(fails)
    assert info.value.problems == [problem]  # whole, not rebuilt from its text
    assert "fails" in "\n".join(info.value.__notes__)  # where the child raised it

    def breaks():
        raise _Unsendable("a", "b")

    with pytest.raises(RuntimeError, match=r"(?s)could not send back.*_Unsendable: a b"):
        parallel.in_child(breaks)
    with pytest.raises(RuntimeError, match="without an answer"):
        parallel.in_child(lambda: os._exit(3))


def test_a_lean_build_loads_the_site_in_a_child_process_and_builds_the_same(tmp_path, monkeypatch):
    # the command line's build loads, renders and writes in a child process, so that this one
    # holds little while Pagefind runs beside it
    from bantin import pipeline

    where = tmp_path / "made-in"  # the processes that linked a site (a child's memory is its own)
    told = pipeline._Told.of

    def noted(site, rendered_paths):
        with where.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return told(site, rendered_paths)

    monkeypatch.setattr(pipeline._Told, "of", noted)
    at_once = []  # the records that Pagefind processes may hold at once, by build
    make_parts = pipeline.search.make_parts

    def watched(parts, language, processes, most):
        at_once.append(most)
        return make_parts(parts, language, processes, most)

    monkeypatch.setattr(pipeline.search, "make_parts", watched)
    lean_root = copy_site("basic", tmp_path / "lean")
    usual_root = copy_site("basic", tmp_path / "usual")
    lean_builder = Builder(lean_root, lean=True)
    lean = lean_builder.build()
    made_in = where.read_text().split()
    assert len(made_in) == 1 and made_in[0] != str(os.getpid())
    usual = Builder(usual_root).build()
    assert lean.site is None and lean.loaded and usual.site is not None and usual.loaded
    fields = ("pages", "files", "rendered", "counts", "files_read", "files_parsed", "indexed")
    for name in (*fields, "left_out", "warnings", "parts", "pictures", "media_files"):
        assert getattr(lean, name) == getattr(usual, name), name
    assert set(lean.timings) == set(usual.timings)
    assert tree(lean_root / "output") == tree(usual_root / "output")
    again = Builder(lean_root).build()
    assert again.site is None and not again.loaded  # nothing changed: the record is whole
    # an edit, built lean from the record the child's build left: the same as built in-process
    for root in (lean_root, usual_root):
        path = next((root / "content/bulletins").rglob("*.md"))
        path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
    lean, usual = lean_builder.build(), Builder(usual_root).build()
    assert (
        (lean.rendered, lean.files_parsed)
        == (usual.rendered, usual.files_parsed)
        == (
            usual.rendered,
            1,
        )
    )
    assert tree(lean_root / "output") == tree(usual_root / "output")
    # serve keeps its site: never lean
    kept = Builder(copy_site("basic", tmp_path / "kept"), lean=True, keep=True).build()
    assert kept.site is not None and where.read_text().split()[-1] == str(os.getpid())
    # beside a small process, Pagefind may hold more at once than beside one holding the site
    lean_most, usual_most = pipeline.search.RECORDS_AT_ONCE_LEAN, pipeline.search.RECORDS_AT_ONCE
    assert at_once == [lean_most, usual_most, lean_most, usual_most, usual_most]
    assert lean_most > usual_most


def test_a_lean_builds_problems_come_back_from_its_child_as_an_in_process_build_gives_them(
    tmp_path, monkeypatch
):
    roots = [copy_site("basic", tmp_path / name) for name in ("lean", "usual")]
    for root in roots:
        write_files(
            root, {"content/bulletins/2024/hong.md": bulletin_text('title: "x"\ndate: hôm qua\n')}
        )
    errors = []
    for root, lean in zip(roots, (True, False), strict=True):
        with pytest.raises(SiteError) as info:
            Builder(root, lean=lean).build()
        errors.append(info.value.problems)
    assert errors[0] == errors[1] and any(p.path.endswith("hong.md") for p in errors[0])
    before = set(Path(tempfile.gettempdir()).glob("bantin-images-*"))
    # fixed: the lean build goes on without a usable cache (its pictures in a folder of its
    # own, which the child fills and this process removes), as the in-process build does
    refused = fails(errno.EACCES, in_cache)
    monkeypatch.setattr(Path, "write_bytes", refused(Path.write_bytes))
    monkeypatch.setattr(Path, "mkdir", refused(Path.mkdir))
    results = []
    for root, lean in zip(roots, (True, False), strict=True):
        (root / "content/bulletins/2024/hong.md").unlink()
        results.append(Builder(root, lean=lean).build())
    assert results[0].notes == results[1].notes != []
    assert results[0].media_files == results[1].media_files > 0
    assert tree(roots[0] / "output") == tree(roots[1] / "output")
    assert not [p for p in Path(tempfile.gettempdir()).glob("bantin-images-*") if p not in before]


@needs_theme
def test_settings_saved_while_a_build_scans_are_built_by_the_next_build(tmp_path, monkeypatch):
    """The settings file is read before the scan hashes it: saved in between, the build goes on
    with what it read and the next build, even one told that nothing changed (``serve``'s
    hint), looks at the file again instead of taking the new text as built."""
    from bantin import pipeline

    root = copy_site("basic", tmp_path)
    config = root / "site_config.yaml"
    text = config.read_text(encoding="utf-8")
    builder = Builder(root, None, 1)
    builder.build()
    scan = pipeline.scan

    def saved_meanwhile(*args, **kwargs):
        monkeypatch.setattr(pipeline, "scan", scan)
        config.write_text(text.replace("title: ", "title: Trang mới · ", 1), encoding="utf-8")
        return scan(*args, **kwargs)

    monkeypatch.setattr(pipeline, "scan", saved_meanwhile)
    builder.build(changed={"site_config.yaml"})  # built with what it read
    home = root / "output" / "index.html"
    assert "Trang mới" not in home.read_text(encoding="utf-8")
    again = builder.build(changed=set())  # nothing saved since: the file is looked at anyway
    assert again.rendered > 0 and "Trang mới" in home.read_text(encoding="utf-8")
    assert builder.build(changed=set()).rendered == 0
