"""``check --built``: every address in the built pages leads to a file of the site."""

from __future__ import annotations

import re
import string
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from conftest import copy_site, needs_theme

from bantin.config import load_config
from bantin.linkcheck import LinkStats, check_built, srcset_urls
from bantin.messages import CATALOGUE, tr
from bantin.writer import MARKER

BASE = "https://example.gov.vn/khoi-thi-dua/"


def page(body: str, head: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html lang=vi>\n<head>\n<meta charset=utf-8>\n"
        f"{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def output(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """An output folder holding ``files`` (plus a few every test links to)."""
    out = tmp_path / "output"
    everything: dict[str, str | bytes] = {
        MARKER: "bantin\n",
        "index.html": page('<main id="noi-dung"><h1>Trang chủ</h1></main>'),
        "tin-tuc/index.html": page('<h1 id="tin-moi">Tin tức</h1>'),
        "tin-tuc/2024/bai-mot/index.html": page('<h1 id="tieu-de">Bài một</h1>'),
        "khoi/index.html": page('<h2 id="thanh-vien">Thành viên</h2><a name="cu">cũ</a>'),
        "static/css/site.css": "body{}",
        "media/2024/anh-400.jpg": b"jpg",
        "media/2024/anh-800.jpg": b"jpg",
        "404.html": page("<h1>Không tìm thấy</h1>"),
    }
    everything.update(files)
    for rel, data in everything.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return out


def check(tmp_path: Path, files: dict[str, str | bytes], base_url: str = BASE, **kw):
    return check_built(output(tmp_path, files), base_url, jobs=1, **kw)


def keys(problems) -> list[str]:
    return [p.message.key for p in problems]


# ---------------------------------------------------------------------------- good links


def test_good_links_of_every_kind_give_no_problem(tmp_path):
    body = """
<a href="../khoi/">relative up</a>
<a href="2024/bai-mot/">relative down</a>
<a href="./2024/bai-mot/index.html">explicit index</a>
<a href="/khoi-thi-dua/khoi/">root-relative</a>
<a href="/khoi-thi-dua/">top</a>
<a href="https://example.gov.vn/khoi-thi-dua/khoi/">absolute</a>
<a href="HTTPS://Example.GOV.vn:443/khoi-thi-dua/">absolute, default port</a>
<a href="//example.gov.vn/khoi-thi-dua/khoi/">scheme-relative</a>
<a href="?trang=2">query</a>
<a href="/khoi-thi-dua/tin-tuc/?trang=2&amp;x=1">query</a>
<a href="">this page</a>
<a href="  /khoi-thi-dua/khoi/  ">spaces around</a>
<img src="../media/2024/anh-400.jpg" srcset="../media/2024/anh-400.jpg 400w,
  /khoi-thi-dua/media/2024/anh-800.jpg 800w" alt="">
<picture><source srcset="/khoi-thi-dua/media/2024/anh-800.jpg 2x"></picture>
<form action="/khoi-thi-dua/tin-tuc/"></form>
"""
    head = """<link rel="stylesheet" href="/khoi-thi-dua/static/css/site.css">
<link rel="canonical" href="https://example.gov.vn/khoi-thi-dua/tin-tuc/">
<meta property="og:url" content="https://example.gov.vn/khoi-thi-dua/tin-tuc/">
<meta property="og:image" content="https://example.gov.vn/khoi-thi-dua/media/2024/anh-800.jpg">
<meta property="og:description" content="not an address: /khong-phai/">
"""
    problems, stats = check(tmp_path, {"tin-tuc/index.html": page(body, head)})
    assert problems == []
    assert stats == LinkStats(pages=5, links=21, internal=21, external=0, anchors=0)


def test_the_same_tree_at_the_root_of_a_host(tmp_path):
    body = '<a href="/tin-tuc/">a</a> <a href="../khoi/#thanh-vien">b</a> <a href="/">c</a>'
    problems, stats = check(
        tmp_path, {"tin-tuc/index.html": page(body)}, base_url="https://example.org/"
    )
    assert problems == []
    assert (stats.internal, stats.anchors) == (3, 1)


# ---------------------------------------------------------------------------- broken links


def test_a_missing_page_is_an_error_with_a_did_you_mean(tmp_path):
    body = '<p><a href="/khoi-thi-dua/tin-tuc/2024/bai-mat/">Bài</a></p>'
    problems, _ = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    assert len(problems) == 1
    p = problems[0]
    assert (p.path, p.severity, p.code) == (
        "output/gioi-thieu/index.html",
        "error",
        "built.missing",
    )
    assert "'/khoi-thi-dua/tin-tuc/2024/bai-mat/' in <a href>" in p.message
    assert p.hint == "did you mean '/khoi-thi-dua/tin-tuc/2024/bai-mot/'?"


def test_a_missing_file_without_anything_close_has_no_hint(tmp_path):
    body = '<a href="/khoi-thi-dua/zzzzzzzz/qqqqqq.pdf">tệp</a>'
    problems, _ = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    assert keys(problems) == ["built.missing"]
    assert problems[0].hint == ""


def test_a_missing_image_in_a_srcset(tmp_path):
    body = (
        '<img src="/khoi-thi-dua/media/2024/anh-400.jpg" alt=""\n'
        '     srcset="/khoi-thi-dua/media/2024/anh-400.jpg 400w, '
        '/khoi-thi-dua/media/2024/anh-1600.jpg 1600w">'
    )
    problems, stats = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    assert keys(problems) == ["built.missing"]
    assert "'/khoi-thi-dua/media/2024/anh-1600.jpg' in <img srcset>" in problems[0].message
    assert problems[0].hint.startswith("did you mean '/khoi-thi-dua/media/2024/anh-")
    assert stats.links == 3


@pytest.mark.parametrize(
    ("value", "urls"),
    [
        ("a.jpg", ["a.jpg"]),
        ("a.jpg 1x, b.jpg 2x", ["a.jpg", "b.jpg"]),
        ("a.jpg,b.jpg", ["a.jpg,b.jpg"]),  # a comma inside an address stays
        ("a.jpg, b.jpg", ["a.jpg", "b.jpg"]),
        ("a.jpg,, b.jpg 2x,", ["a.jpg", "b.jpg"]),
        ("  a.jpg 400w ,\n\tb.jpg 800w  ", ["a.jpg", "b.jpg"]),
        ("x.jpg 100w (odd, descriptor), y.jpg", ["x.jpg", "y.jpg"]),
        (
            "data:image/png;base64,AAAA 1x, b%2Cc.jpg 2x",
            ["data:image/png;base64,AAAA", "b%2Cc.jpg"],
        ),
        ("", []),
        (" , ", []),
    ],
)
def test_srcset_candidates_are_split_as_the_html_standard_says(value, urls):
    assert srcset_urls(value) == urls


def test_fragments_are_checked_on_this_page_and_on_others(tmp_path):
    body = """<h2 id="muc-1">Mục 1</h2><h2 id="mục-2">Mục 2</h2>
<a href="#muc-1">good here</a>
<a href="#m%E1%BB%A5c-2">good here, percent-encoded Vietnamese</a>
<a href="#top">top of the page</a>
<a href="#">empty fragment</a>
<a href="#muc-3">broken here</a>
<a href="/khoi-thi-dua/khoi/#thanh-vien">good there</a>
<a href="../khoi/#cu">good there, a[name]</a>
<a href="/khoi-thi-dua/khoi/#thanh-vien-moi">broken there</a>
<a href="/khoi-thi-dua/media/2024/anh-400.jpg#xywh=1,2,3,4">not a page: not checked</a>
<a href="/khoi-thi-dua/khoi/#:~:text=Th%C3%A0nh">text fragment: not a place</a>
"""
    problems, stats = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    assert keys(problems) == ["built.fragment", "built.fragment"]
    here, there = problems
    assert "'#muc-3'" in here.message and "the page /khoi-thi-dua/gioi-thieu/" in here.message
    assert here.hint == "did you mean '#muc-1'?"
    assert "'#thanh-vien-moi'" in there.message and "/khoi-thi-dua/khoi/" in there.message
    assert there.hint == "did you mean '#thanh-vien'?"
    assert stats.anchors == 7


def test_a_fragment_of_a_missing_page_is_reported_once_as_missing(tmp_path):
    body = '<a href="/khoi-thi-dua/khong-co/#muc">x</a>'
    problems, stats = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    assert keys(problems) == ["built.missing"]
    assert stats.anchors == 0


def test_a_link_outside_the_sub_path(tmp_path):
    body = """<a href="/tin-tuc/">forgot the sub-path</a>
<a href="/noi-khac/">elsewhere on the host</a>
<a href="https://example.gov.vn/trang-khac/">absolute, elsewhere on the host</a>
"""
    problems, stats = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    assert keys(problems) == ["built.outside"] * 3
    forgot, elsewhere, absolute = problems
    assert "outside /khoi-thi-dua/" in forgot.message
    assert forgot.hint == "did you mean '/khoi-thi-dua/tin-tuc/'?"
    assert "https://example.gov.vn/khoi-thi-dua/" in elsewhere.hint
    assert "https://example.gov.vn/khoi-thi-dua/" in absolute.hint
    assert stats.internal == 3


def test_javascript_addresses_are_errors(tmp_path):
    body = """<a href="javascript:void(0)">a</a>
<a href=" JavaScript:alert(1)">b</a>
<a href="java&#9;script:alert(1)">c</a>
"""
    problems, stats = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    assert keys(problems) == ["built.script"] * 3
    assert all(p.severity == "error" and "javascript:" in p.hint for p in problems)
    assert (stats.links, stats.internal, stats.external) == (3, 0, 0)


def test_percent_encoded_vietnamese_file_names(tmp_path):
    name = unicodedata.normalize("NFC", "tài-liệu/tệp đính kèm.pdf")
    encoded = quote(name)
    body = f"""<a href="/khoi-thi-dua/{encoded}">encoded</a>
<a href="/khoi-thi-dua/{name}">as written</a>
<a href="../{encoded}">relative</a>
<a href="/khoi-thi-dua/t%C3%A0i-li%E1%BB%87u/">the folder</a>
<a href="/khoi-thi-dua/t%C3%A0i-li%E1%BB%87u/t%FF.pdf">not UTF-8</a>
"""
    files = {
        name: b"%PDF",
        "tài-liệu/index.html": page('<a href="../tin-tuc/">back</a> <a href="./">here</a>'),
        "gioi-thieu/index.html": page(body),
    }
    problems, stats = check(tmp_path, files)
    assert keys(problems) == ["built.missing"]
    assert "t%FF.pdf" in problems[0].message
    assert stats.internal == 7


def test_a_folder_without_its_trailing_slash_is_a_warning(tmp_path):
    body = """<a href="/khoi-thi-dua/tin-tuc?trang=2#tin-moi">a</a>
<a href="/khoi-thi-dua">b</a>
"""
    problems, stats = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    assert keys(problems) == ["built.no_slash"] * 2
    assert {p.severity for p in problems} == {"warning"}
    assert problems[0].hint.startswith("write '/khoi-thi-dua/tin-tuc/?trang=2#tin-moi'")
    assert problems[1].hint.startswith("write '/khoi-thi-dua/'")
    assert stats.anchors == 1  # and the fragment was found in tin-tuc/index.html


def test_external_addresses_are_counted_not_checked(tmp_path):
    body = """<a href="https://other.example/khong-co/">other host</a>
<a href="http://example.gov.vn/khoi-thi-dua/khong-co/">other scheme</a>
<a href="https://example.gov.vn:8443/khoi-thi-dua/khong-co/">other port</a>
<script src="//cdn.example/x.js"></script>
<a href="mailto:vanphong@example.gov.vn">mail</a>
<a href="tel:+842093870000">phone</a>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
"""
    problems, stats = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    assert problems == []
    assert (stats.links, stats.internal, stats.external) == (7, 0, 7)


def test_dot_dot_may_not_climb_out_of_the_site(tmp_path):
    body = """<a href="../../khac/">above the sub-path</a>
<a href="../../../../../../etc/passwd">far above</a>
<a href="%2e%2e/%2E%2E/khac/">encoded dots</a>
<a href="../../khoi-thi-dua/khoi/">out and back in</a>
<a href="../tin-tuc/../khoi/">up and down inside: fine</a>
"""
    problems, _ = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    assert keys(problems) == ["built.escapes"] * 4
    assert all(BASE in p.hint for p in problems)


def test_dot_dot_above_the_root_of_a_host(tmp_path):
    body = '<a href="../../tin-tuc/">a</a> <a href="/../tin-tuc/">b</a>'
    problems, _ = check(
        tmp_path, {"gioi-thieu/index.html": page(body)}, base_url="https://example.org/"
    )
    assert keys(problems) == ["built.escapes"] * 2


def test_line_and_column_are_those_of_the_tag(tmp_path):
    html = (
        "<!DOCTYPE html>\n"  # 1
        "<html><body>\n"  # 2
        '  <p>Xem <a href="/khoi-thi-dua/mat-1/">đây</a>\n'  # 3: <a at column 10
        "<img alt=''\n"  # 4: a tag over two lines
        '     src="mat-2.jpg">\n'  # 5
        "</body></html>\n"
    )
    problems, _ = check(tmp_path, {"gioi-thieu/index.html": html})
    assert [(p.path, p.line, p.col) for p in problems] == [
        ("output/gioi-thieu/index.html", 3, 10),
        ("output/gioi-thieu/index.html", 4, 1),
    ]
    assert problems[0].format().startswith("output/gioi-thieu/index.html:3:10: error: ")


def test_identical_problems_are_reported_once(tmp_path):
    body = """<img src="mat.jpg" srcset="mat.jpg 1x, mat.jpg 2x" alt="">
<img src="mat.jpg" alt="">
"""
    problems, stats = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    # on line 7 one for src and one for both candidates of srcset; one on line 8
    assert [(p.line, p.message.args["element"]) for p in problems] == [
        (7, "<img src>"),
        (7, "<img srcset>"),
        (8, "<img src>"),
    ]
    assert stats.links == 4


def test_the_prefix_of_problem_paths(tmp_path):
    body = '<a href="mat/">x</a>'
    problems, _ = check(tmp_path, {"a/index.html": page(body)}, rel_prefix="site/out")
    assert [p.path for p in problems] == ["site/out/a/index.html"]


def test_empty_sources_other_addresses_and_redirects(tmp_path):
    body = """<img src="" alt="">
<iframe src="/khoi-thi-dua/khong-co/"></iframe>
<video src="/khoi-thi-dua/media/2024/phim.mp4"
       poster="/khoi-thi-dua/media/2024/anh-400.jpg"></video>
<a href="http://[::1">broken address</a>
"""
    head = """<meta property="og:image" content="/khoi-thi-dua/media/2024/anh-mat.jpg">
<meta name="twitter:image" content="https://example.gov.vn/khoi-thi-dua/media/2024/anh-800.jpg">
<meta http-equiv="refresh" content="0; url=/khoi-thi-dua/tin-tuc/2024/bai-hai/">
"""
    problems, stats = check(tmp_path, {"gioi-thieu/index.html": page(body, head)})
    found = {(p.code, p.message.args["element"]) for p in problems}
    assert found == {
        ("built.empty", "<img src>"),
        ("built.missing", "<iframe src>"),
        ("built.missing", "<video src>"),
        ("built.invalid", "<a href>"),
        ("built.missing", '<meta property="og:image">'),
        ("built.missing", '<meta http-equiv="refresh">'),
    }
    assert stats.links == 8


def test_base_href_moves_relative_links(tmp_path):
    body = '<a href="bai-mot/">bài</a>'
    head = '<base href="/khoi-thi-dua/tin-tuc/2024/">'
    problems, _ = check(tmp_path, {"gioi-thieu/index.html": page(body, head)})
    assert problems == []


def test_only_html_files_are_read(tmp_path):
    problems, stats = check(tmp_path, {"static/js/x.js": 'a.href="/mat/"', "feed.xml": "<a/>"})
    assert problems == []
    assert stats.pages == 5


def test_forked_workers_find_the_same(tmp_path):
    files = {
        f"tin-tuc/trang-{i}/index.html": page(
            f'<h1 id="d">{i}</h1><a href="../trang-{i + 1}/#d">sau</a> <a href="#e">e</a>'
        )
        for i in range(80)
    }
    out = output(tmp_path, files)
    alone = check_built(out, BASE, jobs=1)
    shared = check_built(out, BASE, jobs=2)
    assert alone == shared
    problems, stats = alone
    assert sorted(set(keys(problems))) == ["built.fragment", "built.missing"]
    assert len(problems) == 81  # 80 "#e", and the link after the last page
    assert stats.pages == 85


# ---------------------------------------------------------------------------- messages


def test_messages_read_in_vietnamese(tmp_path):
    body = '<a href="/tin-tuc/">x</a> <a href="/khoi-thi-dua/tin-tuc">y</a>'
    problems, _ = check(tmp_path, {"gioi-thieu/index.html": page(body)})
    texts = [tr(p.message, "vi") + " | " + tr(p.hint, "vi") for p in problems]
    assert "trỏ ra ngoài /khoi-thi-dua/" in texts[0]
    assert "có phải ý bạn là '/khoi-thi-dua/tin-tuc/'?" in texts[0]
    assert "thiếu dấu '/'" in texts[1] and "hãy viết '/khoi-thi-dua/tin-tuc/'" in texts[1]


def test_both_catalogues_have_the_same_built_keys_and_fields():
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    def load(lang: str) -> dict[str, str]:
        text = (CATALOGUE / lang / "built.yaml").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text)
        return yaml.safe_load(text)

    en, vi = load("en"), load("vi")
    assert en.keys() == vi.keys()
    assert all(k.startswith("built.") for k in en)
    for key in en:
        assert fields(en[key]) == fields(vi[key]), key
    used = set(
        re.findall(r'"(built\.[a-z_]+)"', Path(check_built.__code__.co_filename).read_text())
    )
    assert used <= en.keys()


# ---------------------------------------------------------------------------- built sites


def test_the_basic_fixture_site_has_no_broken_link(basic_build):
    config = load_config(basic_build)
    problems, stats = check_built(config.output_dir, config.base_url)
    assert [p.format() for p in problems] == []
    assert stats.pages > 10 and stats.internal > 100 and stats.anchors > 0


def _build_at(tmp_path: Path, base_url: str) -> Path:
    from bantin.pipeline import build

    root = copy_site("basic", tmp_path)
    config = root / "site_config.yaml"
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^base_url:.*$", f'base_url: "{base_url}"', text)
    assert n == 1
    config.write_text(text, encoding="utf-8")
    build(root)
    return load_config(root).output_dir


@needs_theme
@pytest.mark.parametrize("base_url", ["https://example.org/a/b/", "https://example.org/"])
def test_the_basic_fixture_site_built_elsewhere_has_no_broken_link(tmp_path, base_url):
    out = _build_at(tmp_path, base_url)
    problems, stats = check_built(out, base_url)
    assert [p.format() for p in problems] == []
    assert stats.internal > 100
    # and the same output is wrong anywhere else
    wrong = "https://example.org/c/"
    problems, _ = check_built(out, wrong)
    assert problems and {p.code for p in problems} <= {"built.outside", "built.missing"}
