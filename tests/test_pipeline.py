"""bantin.pipeline: load → link → render → write, and what is copied beside the pages."""

import gc
import os
import unicodedata
import weakref

import pytest
from conftest import bulletin_text, copy_site, needs_theme, write_files
from PIL import Image
from test_search import tree

from bantin import parallel
from bantin.errors import SiteError
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


def test_a_lean_build_lets_the_site_go_before_the_search_index_and_builds_the_same(
    tmp_path, monkeypatch
):
    # the command line's build frees the linked site once the pages are written, so that the
    # process holds less while Pagefind runs beside it
    from bantin import pipeline

    held: list[weakref.ref] = []  # the site and the bulletins of the lean build, weakly
    alive: list[int] = []
    told, let_go = pipeline._Told.of, pipeline._let_go

    def noted(site, rendered_paths):
        held[:] = [weakref.ref(site), *(weakref.ref(b) for b in site.bulletins)]
        return told(site, rendered_paths)

    def watched() -> None:
        let_go()
        alive.append(sum(1 for ref in held if ref() is not None))

    monkeypatch.setattr(pipeline._Told, "of", noted)
    monkeypatch.setattr(pipeline, "_let_go", watched)
    lean_root = copy_site("basic", tmp_path / "lean")
    usual_root = copy_site("basic", tmp_path / "usual")
    lean = Builder(lean_root, lean=True).build()
    usual = Builder(usual_root).build()
    assert alive == [0]  # no bulletin left in memory while the index is made
    assert lean.site is None and lean.loaded and usual.site is not None and usual.loaded
    for name in ("pages", "files", "rendered", "counts", "files_read", "indexed", "left_out"):
        assert getattr(lean, name) == getattr(usual, name), name
    assert tree(lean_root / "output") == tree(usual_root / "output")
    again = Builder(lean_root).build()
    assert again.site is None and not again.loaded  # nothing changed: the record is whole
    # serve keeps its site: never lean
    kept = Builder(copy_site("basic", tmp_path / "kept"), lean=True, keep=True).build()
    assert kept.site is not None and alive == [0]
