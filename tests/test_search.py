"""The search index: the record each indexed page gives Pagefind (its text with đ folded after a
marker word, its filters, sort keys and meta data, read from the rendered page as Pagefind would
read it), the parts the index is cut into, each made again only when its records changed, a
clear problem when Pagefind is missing. What a reader sees in a browser is in
tests/test_browser.py; that the records hold what Pagefind itself reads from the pages is in
tests/test_search_index.py."""

import gzip
import json
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from conftest import bulletin_text, copy_site, needs_theme, write_files
from hypothesis import given
from hypothesis import strategies as st

from bantin import config as config_module
from bantin.cache import BuildCache
from bantin.errors import SiteError
from bantin.pipeline import Builder, build
from bantin.search import (
    ALL,
    FOLD_MARK,
    OTHER,
    PARTS_FILE,
    _read_dcd,
    fold,
    folded_words,
    page_record,
    page_url,
    part_name,
    plan_parts,
    primary_part,
    read_page,
    with_folded_words,
)


def test_fold_drops_tone_marks_and_turns_d_bar_into_d():
    assert fold("Đoàn Thanh niên") == "Doan Thanh nien"
    assert fold("nông thôn mới") == "nong thon moi"
    assert fold("Hoà hòa") == "Hoa hoa"
    assert fold(unicodedata.normalize("NFD", "Điện Biên")) == "Dien Bien"


@given(st.text())
def test_fold_leaves_no_mark_and_no_d_bar(text):
    folded = fold(text)
    assert "đ" not in folded and "Đ" not in folded
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", folded))
    assert fold(folded) == folded


def test_only_the_words_with_d_bar_are_folded_each_once():
    assert folded_words("Đoàn thanh niên, đoàn viên và Đại hội đoàn") == ["doan", "dai"]
    assert folded_words("nông thôn mới") == []


def test_the_look_alike_eth_folds_like_d_bar_and_is_also_spelt_with_it():
    # Ð (U+00D0, Latin eth) in text copied from some documents, where Đ (U+0110) was meant
    assert fold("Ðoàn Thanh niên") == "Doan Thanh nien"
    assert fold("ðoàn") == "doan"
    assert folded_words("Ðoàn Thanh niên và Đoàn viên") == ["đoàn", "doan"]


def test_a_document_number_is_folded_whole_as_pagefind_takes_it():
    text = "Theo Nghị định 98/2023/NĐ-CP và Quyết định số 1234/QĐ-UBND (ngày 5/3)."
    assert folded_words(text) == ["dinh", "98/2023/nd-cp", "1234/qd-ubnd"]
    assert folded_words("(Ðiều 5/NĐ-CP),") == ["điều", "dieu", "5/nd-cp"]


@given(st.text())
def test_the_folded_words_are_those_of_each_chunk_between_spaces(text):
    one_by_one = [w for chunk in text.split() for w in folded_words(chunk)]
    assert folded_words(text) == list(dict.fromkeys(one_by_one))


def test_the_folded_words_follow_the_text_after_the_marker_word():
    assert with_folded_words("Đại hội Đoàn") == f"Đại hội Đoàn {FOLD_MARK} dai doan"
    assert with_folded_words("nông thôn mới") == "nông thôn mới"


# ------------------------------------------------------------------ the record of a page

PAGE = """<!DOCTYPE html><html lang="vi"><head><title>Đại hội | Khối</title>
<script>var đ = "Điện";</script></head><body>
<header><img src="/logo.png" alt="Logo"><nav>Điển hình</nav></header>
<main><article data-pagefind-body>
<div hidden data-pagefind-ignore>
<span data-pagefind-filter="Loại">Tin</span><span data-pagefind-filter="Khối">A &amp;amp; B</span>
</div>
<span hidden data-pagefind-sort="date:2024-03-05"></span>
<h1>Đại hội <em>Đoàn</em></h1>
<figure><img src="/media/a.jpg" alt="Ảnh &#34;đẹp&#34;"><figcaption>Chú thích</figcaption></figure>
<p>Tỉnh đoàn tổ chức &lt;b&gt; hội nghị</p>
<p>Ông nói &#34;được&#34;</p>
<div data-pagefind-ignore>Đề xuất liên quan</div>
<div data-pagefind-ignore="all"><span data-pagefind-filter="Bỏ">x</span>Điều</div>
<nav>Địa chỉ</nav><style>p { color: red }</style><template>Đông</template>
<ul><li>Một</li><li>Hai?</li></ul>
</article>
<aside><h2>Tin khác</h2><p>Đông đảo</p><img src="/b.jpg" alt="b"></aside></main>
<footer>Địa chỉ</footer></body></html>"""


def record(html: str, rel: str = "tin-tuc/2024/dai-hoi/index.html") -> dict:
    data = page_record(rel, html.encode("utf-8"), "vi")
    assert data is not None
    assert json.loads(data) == read_page(rel, html.encode("utf-8"), "vi")
    return json.loads(data)


def words(content: str) -> str:
    """The text of a record without Pagefind's weight markers."""
    return " ".join(w for w in content.split() if not w.startswith("___"))


def test_a_record_holds_the_indexed_text_as_pagefind_reads_it():
    r = record(PAGE)
    assert r["url"] == "/tin-tuc/2024/dai-hoi/"
    assert r["language"] == "vi"
    text, folded = r["content"].split(f" {FOLD_MARK} ")
    # a full stop after each block (not <figure>) that ends with a word (not after "?" or a
    # quote's reference), headings weighted; navigation, ignored parts, styles and templates
    # left out
    assert words(text) == (
        'Đại hội Đoàn. Chú thích Tỉnh đoàn tổ chức <b> hội nghị. Ông nói "được" Một. Hai?'
    )
    assert "___PAGEFIND_AUTO_WEIGHT___7 Đại hội Đoàn. ___END_PAGEFIND_WEIGHT___" in text
    # the folded words are those of the indexed text only (not the title, nav, aside, script)
    assert folded.split() == ["dai", "doan", "duoc"]


def test_a_record_holds_the_filters_sort_and_meta_data():
    r = record(PAGE)
    # a filter's value is decoded twice, as by Pagefind: the theme writes "&" once more
    assert r["filters"] == {"Loại": ["Tin"], "Khối": ["A & B"]}  # none from the excluded part
    assert r["sort"] == {"date": "2024-03-05"}
    # the title from the first h1, the picture from the first img after it (its text as written)
    assert r["meta"] == {
        "title": "Đại hội Đoàn",
        "image": "/media/a.jpg",
        "image_alt": "Ảnh &#34;đẹp&#34;",
    }


def test_attributes_name_their_values_as_pagefind_reads_them():
    html = (
        '<html><body><main data-pagefind-body><h1>Tiêu đề</h1><p data-pagefind-meta="title:Khác"'
        ' data-pagefind-filter="Loại[data-kind], Năm:2024" data-kind="Tin">x</p>'
        '<span data-pagefind-filter="Khối">  Khối   A\n</span>'
        '<span data-pagefind-meta="tac-gia">Bà  Ba</span></main></body></html>'
    )
    r = record(html)
    # (a literal value, after a colon, belongs to the last name only)
    assert r["filters"] == {"Loại": ["Tin"], "Năm": ["2024"], "Khối": ["Khối A"]}
    assert r["meta"] == {"title": "Khác", "tac-gia": "Bà Ba"}


def test_a_hostile_title_or_filter_is_text_in_the_record():
    evil = "<img src=x onerror=alert(1)>"
    escaped = evil.replace("<", "&lt;").replace(">", "&gt;")
    html = (
        f"<html><head><title>t</title></head><body><article data-pagefind-body><h1>{escaped}"
        f'</h1><span data-pagefind-filter="Khối">{escaped}</span>'
        f"<p>{escaped} &amp;lt;</p></article></body></html>"
    )
    r = record(html)
    assert r["meta"]["title"] == evil
    assert r["filters"]["Khối"] == [evil]
    assert words(r["content"]) == f"{evil} {evil} {evil} &lt;"  # ends with ">": no full stop


def test_a_page_without_an_indexed_element_has_no_record():
    assert page_record("404.html", b"<html><body><h1>404</h1></body></html>", "vi") is None
    assert (
        page_record("a.html", b"<html><body data-x>data-pagefind-body</body></html>", "vi") is None
    )


def test_a_page_without_an_h1_takes_its_title_from_the_title_element():
    html = "<html><head><title>Trang &amp; tin</title></head><body><div data-pagefind-body>x</div>"
    assert record(html)["meta"] == {"title": "Trang & tin"}


def test_the_record_s_address_is_the_one_pagefind_gives_the_file():
    assert page_url("index.html") == "/"
    assert page_url("tin-tuc/2024/a/index.html") == "/tin-tuc/2024/a/"
    assert page_url("404.html") == "/404.html"
    assert record("<html><body><p data-pagefind-body>x</p>", "a/b.html")["url"] == "/a/b.html"


def test_the_same_page_always_gives_the_same_record_bytes():
    first = page_record("a/index.html", PAGE.encode(), "vi")
    assert first == page_record("a/index.html", PAGE.encode(), "vi")
    assert first == json.dumps(
        json.loads(first), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


# ------------------------------------------------------------------ parts


def test_a_record_is_filed_under_the_year_of_its_date_or_other():
    assert part_name({"sort": {"date": "2024-03-05"}}) == "2024"
    assert part_name({"sort": {}}) == OTHER
    assert part_name({"sort": {"date": "không rõ"}}) == OTHER


def test_up_to_part_size_pages_are_one_part_and_more_are_cut_by_year():
    pages = [("/c/", "2024-01-02"), ("/a/", ""), ("/b/", "2023-05-01")]
    assert plan_parts(pages, 3) == {ALL: ["/a/", "/b/", "/c/"]}
    assert plan_parts(pages, 2) == {"2023": ["/b/"], "2024": ["/c/"], OTHER: ["/a/"]}
    assert plan_parts([], 50) == {ALL: []}


def test_a_large_year_is_cut_into_runs_of_whole_months():
    months = {"01": 3, "02": 2, "03": 1, "05": 4, "06": 7, "11": 1}
    pages = [(f"/{m}-{i}/", f"2024-{m}-01") for m, n in months.items() for i in range(n)]
    pages.append(("/cu/", "2023-12-31"))
    parts = plan_parts(pages, 5)
    assert {name: len(urls) for name, urls in parts.items()} == {
        "2023": 1,
        "2024-01": 5,  # January and February
        "2024-03": 5,  # March and May: June would take it over 5
        "2024-06": 7,  # a month larger than a part, alone
        "2024-11": 1,
    }


def test_too_many_pages_without_a_date_are_cut_by_a_hash_of_their_address():
    pages = [(f"/dien-hinh/{i}/", "") for i in range(7)]
    parts = plan_parts([*pages, ("/tin/", "2024-01-01")], 3)
    others = {name: urls for name, urls in parts.items() if name.startswith(OTHER)}
    assert set(others) <= {f"{OTHER}-1", f"{OTHER}-2", f"{OTHER}-3"}
    assert sorted(u for urls in others.values() for u in urls) == sorted(u for u, _ in pages)
    assert plan_parts(reversed([*pages, ("/tin/", "2024-01-01")]), 3) == parts


DATES = st.one_of(
    st.just(""),
    st.builds(
        "{}-{:02d}-{:02d}".format,
        st.integers(2019, 2024),
        st.integers(1, 12),
        st.integers(1, 28),
    ),
)


@given(st.lists(DATES, max_size=200), st.integers(1, 40))
def test_every_page_is_in_one_part_and_parts_keep_to_their_size_and_year(dates, size):
    pages = [(f"/p{i}/", d) for i, d in enumerate(dates)]
    parts = plan_parts(pages, size)
    held = [url for urls in parts.values() for url in urls]
    assert sorted(held) == sorted(url for url, _ in pages)  # each exactly once
    assert all(urls == sorted(urls) for urls in parts.values())
    filed = dict(pages)
    if len(pages) <= size:
        assert list(parts) == [ALL]
        return
    for name, urls in parts.items():
        kinds = {filed[u][:4] if filed[u] else OTHER for u in urls}
        assert len(kinds) <= 1  # never two years, never dated and undated pages
        if name.startswith(OTHER):  # by a hash: ceil(n / size) buckets, of about n / k each
            undated = sum(1 for _, d in pages if not d)
            assert name == OTHER if undated <= size else 1 <= int(name[5:]) <= -(-undated // size)
            continue
        assert kinds == {name[:4]}
        if len(urls) > size:  # only a single month larger than a part
            assert len({filed[u][:7] for u in urls}) == 1
    assert primary_part(parts) == max([n for n in parts if n[0].isdigit()] or sorted(parts)[:1])


# ------------------------------------------------------------------ in the build


def _bundle(root):
    return root / "output" / "tim-kiem" / "pagefind"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@needs_theme
def test_every_build_writes_the_index_beside_the_search_page(tmp_path):
    root = copy_site("basic", tmp_path)
    result = build(root)
    bundle = _bundle(root)
    assert (root / "output/tim-kiem/index.html").is_file()
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", PARTS_FILE):
        assert (bundle / name).is_file(), name
    # Pagefind's ready-made interfaces are not published: the search page is bantin's own
    assert not [p.name for p in bundle.iterdir() if "-ui." in p.name or "highlight" in p.name]
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["vi"]
    # bulletins, profiles and campaigns: 4 + 1 + 2 in the basic site, in one part
    assert result.indexed == entry["languages"]["vi"]["page_count"] == 7
    assert result.index_made and result.parts_made == 1
    assert json.loads((bundle / PARTS_FILE).read_text()) == []
    # the folded words are in the index, never on a page
    for page in (root / "output").rglob("*.html"):
        assert FOLD_MARK not in page.read_text(), page


@needs_theme
def test_the_index_is_kept_when_no_indexed_page_changed_and_made_again_when_one_did(tmp_path):
    root = copy_site("basic", tmp_path)
    build(root)
    entry = _bundle(root) / "pagefind-entry.json"
    before = entry.stat().st_mtime_ns
    # a new page (not indexed) changes the site but not the index
    write_files(root, {"content/pages/moi.md": "---\ntitle: Trang mới\n---\nNội dung.\n"})
    result = build(root)
    assert not result.index_made and result.parts_made == 0 and result.indexed == 7
    assert entry.stat().st_mtime_ns == before
    # a new bulletin is indexed
    write_files(
        root,
        {
            "content/bulletins/2024/tim-thay.md": bulletin_text(
                'title: "Đoàn viên tình nguyện"\ndate: 2024-03-01\nbloc: khoi-doan-the\n',
                "Đoàn viên ra quân.\n",
            )
        },
    )
    result = build(root)
    assert result.index_made and result.indexed == 8
    # a deleted output file of the index is noticed and the index made again
    (_bundle(root) / "pagefind.js").unlink()
    result = build(root)
    assert result.parts_made == 1 and (_bundle(root) / "pagefind.js").is_file()


@pytest.fixture
def small_parts(monkeypatch):
    """Parts of two pages (search.part_size: 2), which the settings would refuse."""
    monkeypatch.setattr(config_module, "MIN_PART_SIZE", 1)
    return {"search": {"enabled": True, "part_size": 2}}


@needs_theme
def test_an_edit_makes_only_its_part_again_and_gives_the_site_a_clean_build_gives(
    tmp_path, small_parts
):
    root = copy_site("basic", tmp_path)
    first = build(root, small_parts)
    # 2023 and 2024 (two bulletins each), the profile and campaigns in two or more parts
    names = json.loads((_bundle(root) / PARTS_FILE).read_text())
    assert "2023" in names and "2024" not in names  # 2024 is the newest: the bundle folder
    assert first.parts_made == len(names) + 1 >= 4
    for name in names:
        assert (_bundle(root) / name / "pagefind-entry.json").is_file()
        assert not (_bundle(root) / name / "pagefind.js").exists()
    again = build(root, small_parts)
    assert again.site is None  # nothing changed
    bulletin = root / "content/bulletins/2023/so-ket-6-thang-nam-2023.md"
    bulletin.write_text(bulletin.read_text("utf-8") + "\nĐoạn thêm về Đoàn viên.\n", "utf-8")
    edited = build(root, small_parts)
    assert edited.parts_made == 1 and edited.indexed == first.indexed
    clean = shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns(".cache"))
    shutil.rmtree(clean / "output")
    build(clean, small_parts)
    assert tree(root / "output") == tree(clean / "output")


@needs_theme
def test_the_index_is_the_same_whichever_build_made_it(tmp_path, small_parts):
    a = copy_site("basic", tmp_path / "a")
    b = copy_site("basic", tmp_path / "b")
    build(a, small_parts)
    build(b, small_parts, jobs=1)
    assert tree(_bundle(a)) == tree(_bundle(b))
    # and a new year becomes the bundle folder, the last one a part of its own
    write_files(
        a,
        {
            "content/bulletins/2025/nam-moi.md": bulletin_text(
                'title: "Tin năm mới"\ndate: 2025-01-02\nbloc: khoi-doan-the\n'
            )
        },
    )
    result = build(a, small_parts)
    names = json.loads((_bundle(a) / PARTS_FILE).read_text())
    assert "2024" in names and "2025" not in names and result.parts_made == 2


@needs_theme
@pytest.mark.parametrize("damage", ["drop", "garbage"])
def test_missing_or_damaged_records_are_read_again_from_the_pages(tmp_path, small_parts, damage):
    root = copy_site("basic", tmp_path)
    build(root, small_parts)
    db = sqlite3.connect(root / ".cache" / "parsed.sqlite")
    if damage == "drop":
        db.execute("DROP TABLE records")
    else:
        db.execute("UPDATE records SET data = X'7b7d'")
    db.commit()
    db.close()
    # a part lost from output/ is made again from its records: no page of it is rendered
    (_bundle(root) / "2023" / "pagefind-entry.json").unlink()
    result = build(root, small_parts)
    assert result.parts_made == 1 and result.rendered == 0
    if damage == "garbage":
        assert any("parsed.sqlite" in note for note in result.notes), result.notes
    clean = shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns(".cache"))
    shutil.rmtree(clean / "output")
    build(clean, small_parts)
    assert tree(root / "output") == tree(clean / "output")


@needs_theme
@pytest.mark.parametrize("lost", ["refused", "forgotten"])
def test_records_the_cache_did_not_keep_still_make_the_index_of_a_first_build(
    tmp_path, small_parts, monkeypatch, lost
):
    # the records of the pages rendered go into the cache part by part, not held until the
    # index is made: one the cache refused (it cannot be written) is kept in memory; one it
    # took and then lost (found damaged and started anew) is read again from the new site
    expected = copy_site("basic", tmp_path / "expected")
    build(expected, small_parts)
    root = copy_site("basic", tmp_path / "root")
    if lost == "refused":
        monkeypatch.setattr(BuildCache, "put_records", lambda self, rows: False)
    else:
        monkeypatch.setattr(BuildCache, "get_records", lambda self, keys: {})
    result = build(root, small_parts)
    assert result.parts_made >= 4 and result.indexed > 0
    assert tree(_bundle(root)) == tree(_bundle(expected))


@needs_theme
def test_search_can_be_turned_off(tmp_path):
    root = copy_site("basic", tmp_path)
    config = root / "site_config.yaml"
    config.write_text(config.read_text() + "search:\n  enabled: false\n", encoding="utf-8")
    result = build(root)
    assert result.indexed == 0 and result.parts_made == 0
    assert not (root / "output/tim-kiem").exists()
    assert "tim-kiem" not in (root / "output/index.html").read_text()


@needs_theme
def test_a_part_size_below_the_least_is_refused_where_it_is_set(tmp_path):
    root = copy_site("basic", tmp_path)
    config = root / "site_config.yaml"
    lines = len(config.read_text().splitlines())
    config.write_text(config.read_text() + "search:\n  part_size: 10\n", encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        build(root)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == ("site_config.yaml", lines + 1)
    assert "search.part_size must be at least 50" in problem.text("en")
    assert "số trang trong một phần" in problem.text("vi")


@needs_theme
def test_a_missing_pagefind_is_a_problem_and_output_is_left_as_it_was(tmp_path, monkeypatch):
    root = copy_site("basic", tmp_path)
    build(root)
    write_files(
        root,
        {
            "content/bulletins/2024/moi.md": bulletin_text(
                'title: "Tin mới"\ndate: 2024-03-02\nbloc: khoi-doan-the\n'
            )
        },
    )
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SiteError) as caught:
        build(root)
    (problem,) = caught.value.problems
    assert problem.path == "site_config.yaml"
    assert "search index could not be made" in problem.text("en")
    assert "search: {enabled: false}" in problem.hint.__str__()
    # the pages were written before Pagefind ran; the last index stays, and the next build,
    # with Pagefind back, makes the index anew
    assert (_bundle(root) / "pagefind.js").is_file()
    assert not list(tmp_path.glob("basic/.output.staging-*"))
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    result = build(root)
    assert result.index_made and result.indexed == 8


@needs_theme
def test_a_preview_brings_its_index_up_to_date_like_a_build(tmp_path):
    root = copy_site("basic", tmp_path)
    Builder(root, search_limit=0.0).build()  # accepted, and no longer keeps a stale index
    write_files(
        root,
        {
            "content/bulletins/2024/xem-truoc.md": bulletin_text(
                'title: "Tin xem trước"\ndate: 2024-03-03\nbloc: khoi-doan-the\n'
            )
        },
    )
    result = Builder(root, search_limit=0.0).build()
    assert result.index_made and result.parts_made == 1 and result.indexed == 8


# ------------------------------------------------------------------ look-alikes, document numbers

# Two bulletins of a provincial bloc: one cites a decree by its number, one was pasted from a
# document that writes Đ with its look-alike Ð (U+00D0). Neither title holds Đ or Ð.
FOLDING_BULLETINS = {
    "content/bulletins/2024/quan-triet-nghi-dinh.md": bulletin_text(
        'title: "Khối quán triệt quy định mới về thi đua, khen thưởng"\n'
        "date: 2024-03-12T08:00:00+07:00\n",
        "Sáng 12/3, khối tổ chức hội nghị quán triệt Nghị định số 98/2023/NĐ-CP ngày\n"
        "31/12/2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua,\n"
        "khen thưởng.\n",
    ),
    "content/bulletins/2024/ra-quan-thang-thanh-nien.md": bulletin_text(
        'title: "Tuổi trẻ các cơ quan trong khối ra quân Tháng Thanh niên"\n'
        "date: 2024-03-05T08:00:00+07:00\n",
        "Ðoàn Thanh niên các cơ quan trong khối ra quân hưởng ứng Tháng Thanh niên năm 2024,\n"
        "dọn vệ sinh và trồng cây xanh tại khu dân cư.\n",
    ),
}
DECREE_URL = "/tin-tuc/2024/quan-triet-nghi-dinh/"
ETH_URL = "/tin-tuc/2024/ra-quan-thang-thanh-nien/"


def index_words(bundle: Path) -> dict[str, set[str]]:
    """The words Pagefind indexed for each page of ``bundle``, by the page's address."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    (language,) = entry["languages"].values()
    meta = _read_dcd(bundle / f"pagefind.{language['hash']}.pf_meta")
    urls = []
    for fragment, _count in meta[1]:
        data = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())
        urls.append(json.loads(data[len(b"pagefind_dcd") :])["url"])
    words: dict[str, set[str]] = {url: set() for url in urls}
    for chunk in (bundle / "index").iterdir():
        for word, pages, variants in _read_dcd(chunk)[0]:
            for held in [pages, *(held for _variant, held in variants)]:
                page = 0
                for step, *_ in held:  # each page's number, as a step from the last one's
                    page += step
                    words[urls[page]].add(word)
    return words


def pagefind_term(query: str) -> str:
    """What Pagefind's search script (pagefind.js) looks up for a one-word query: punctuation
    dropped, small letters, marks dropped."""
    kept = "".join(
        c for c in query if unicodedata.category(c) not in ("Pd", "Pe", "Pf", "Pi", "Po", "Ps")
    )
    return "".join(
        c for c in unicodedata.normalize("NFD", kept.lower()) if not unicodedata.combining(c)
    )


@needs_theme
def test_pagefind_indexes_folded_document_numbers_and_look_alikes(tmp_path):
    root = copy_site("minimal", tmp_path)
    write_files(root, FOLDING_BULLETINS)
    build(root)
    words = index_words(_bundle(root))
    assert pagefind_term("98/2023/NĐ-CP") in words[DECREE_URL]  # as written
    assert pagefind_term("98/2023/ND-CP") in words[DECREE_URL]  # as typed without Đ
    assert pagefind_term("nd") in words[DECREE_URL]
    # search.js looks "Ðoàn" up as "Đoàn": both, and "doan", find the page written with Ð
    for typed in ("Đoàn", "doan"):
        assert pagefind_term(typed) in words[ETH_URL], typed


def test_only_html_files_give_records():
    page = b"<html><body><main data-pagefind-body><h1>T</h1><p>x</p></main></body></html>"
    assert read_page("a/index.html", page, "vi") is not None
    for rel in ("du-lieu-mo/khoi.csv", "du-lieu-mo/khoi.json", "feed.xml"):
        assert read_page(rel, page, "vi") is None, rel
