"""The search index: đ folded for Pagefind in a hidden line of the indexed element only, the
index made by every build from the written pages and kept when no indexed page changed, a clear
problem when Pagefind is missing. What a reader sees in a browser is in tests/test_browser.py."""

import gzip
import json
import unicodedata
from pathlib import Path

import pytest
from conftest import bulletin_text, copy_site, needs_theme, write_files
from hypothesis import given
from hypothesis import strategies as st

from bantin.errors import SiteError
from bantin.pipeline import build
from bantin.search import (
    FOLD_MARK,
    _read_dcd,
    fold,
    folded_words,
    indexed_part,
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


def test_the_folded_line_is_text_even_where_the_page_had_markup_characters():
    html = "<article data-pagefind-body><p>Đoàn&lt;b&gt;x Đ&amp;Đ</p></article>"
    folded = with_folded_words(html)
    assert f"<div hidden>{FOLD_MARK} doan&lt;b&gt;x d&amp;d</div></article>" in folded


PAGE = """<!DOCTYPE html><html lang="vi"><body>
<nav>Điển hình</nav>
<article data-pagefind-body><h1>Đại hội Đoàn</h1>
<div data-pagefind-ignore>Đề xuất liên quan</div>
<img src="a.jpg" alt="x"><p>Tỉnh đoàn tổ chức</p><script>var đ = 1;</script>
</article>
<footer>Địa chỉ</footer></body></html>"""


def test_the_folded_words_go_at_the_end_of_the_indexed_element_only():
    html = with_folded_words(PAGE)
    hidden = f"<div hidden>{FOLD_MARK} dai doan</div></article>"
    assert hidden in html
    # navigation, footer, ignored parts and scripts are not indexed, so not folded
    for word in ("dien", "de", "dia"):
        assert f" {word} " not in html.split(FOLD_MARK)[1].split("<")[0] + " "
    assert html.replace(f"<div hidden>{FOLD_MARK} dai doan</div>", "") == PAGE


def test_a_page_without_an_indexed_element_or_without_d_bar_is_unchanged():
    assert with_folded_words("<html><body><p>Đoàn</p></body></html>").count(FOLD_MARK) == 0
    plain = "<article data-pagefind-body><p>nông thôn mới</p></article>"
    assert with_folded_words(plain) == plain


def test_nested_elements_of_the_same_name_do_not_end_the_indexed_element():
    html = (
        "<main><div data-pagefind-body><div>Đoàn</div><div data-pagefind-ignore>"
        "<div>Điển</div></div><p>Đại</p></div><div>Đề</div></main>"
    )
    folded = with_folded_words(html)
    assert f"<p>Đại</p><div hidden>{FOLD_MARK} doan dai</div></div><div>Đề</div>" in folded


def test_what_the_index_takes_from_a_page_is_its_language_and_main():
    page = b'<html lang="vi"><nav>a</nav><main><article data-pagefind-body>x</article></main>'
    assert indexed_part(page) == b'<html lang="vi"><main><article data-pagefind-body>x</article>'
    assert indexed_part(b"<html><main>no index</main></html>") == b""


# ------------------------------------------------------------------ in the build


def _bundle(root):
    return root / "output" / "tim-kiem" / "pagefind"


@needs_theme
def test_every_build_writes_the_index_beside_the_search_page(tmp_path):
    root = copy_site("basic", tmp_path)
    result = build(root)
    bundle = _bundle(root)
    assert (root / "output/tim-kiem/index.html").is_file()
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["vi"]
    # bulletins, profiles and campaigns: 4 + 1 + 2 in the basic site
    assert result.indexed == entry["languages"]["vi"]["page_count"] == 7
    assert result.index_made
    # the folded words are in a hidden line of the indexed element, and only there
    for page in (root / "output").rglob("*.html"):
        text = page.read_text()
        if "data-pagefind-body" not in text:
            assert FOLD_MARK not in text, page
        elif FOLD_MARK in text:
            assert f"<div hidden>{FOLD_MARK} " in text


@needs_theme
def test_the_index_is_kept_when_no_indexed_page_changed_and_made_again_when_one_did(tmp_path):
    root = copy_site("basic", tmp_path)
    build(root)
    entry = _bundle(root) / "pagefind-entry.json"
    before = entry.stat().st_mtime_ns
    # a new page (not indexed) changes the site but not the index
    write_files(root, {"content/pages/moi.md": "---\ntitle: Trang mới\n---\nNội dung.\n"})
    result = build(root)
    assert not result.index_made and result.indexed == 7
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
    assert (_bundle(root) / "pagefind.js").is_file()


@needs_theme
def test_search_can_be_turned_off(tmp_path):
    root = copy_site("basic", tmp_path)
    config = root / "site_config.yaml"
    config.write_text(config.read_text() + "search:\n  enabled: false\n", encoding="utf-8")
    result = build(root)
    assert result.indexed == 0
    assert not (root / "output/tim-kiem").exists()
    assert "tim-kiem" not in (root / "output/index.html").read_text()


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
def test_a_preview_keeps_an_index_that_is_slow_to_make(tmp_path):
    from bantin.pipeline import Builder

    root = copy_site("basic", tmp_path)
    Builder(root, search_limit=0.0).build()  # the first build makes it
    write_files(
        root,
        {
            "content/bulletins/2024/xem-truoc.md": bulletin_text(
                'title: "Tin xem trước"\ndate: 2024-03-03\nbloc: khoi-doan-the\n'
            )
        },
    )
    result = Builder(root, search_limit=0.0).build()  # it took longer than 0 s: kept
    assert result.index_stale and not result.index_made
    assert (_bundle(root) / "pagefind.js").is_file()
    result = build(root)  # a plain build makes it again
    assert result.index_made and not result.index_stale and result.indexed == 8


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
            for page, *_ in pages + [p for _v, held in variants for p in held]:
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
