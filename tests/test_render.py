"""bantin.render: the page plan, placeholders → URLs, filters, and template errors with a place.

These tests use a tiny stub theme written into tmp_path, so they do not depend on the look of
themes/default; tests/test_golden.py covers the real theme.
"""

import pytest
from conftest import copy_site, load_and_link, write_files

from bantin.errors import SiteError
from bantin.render import (
    Pager,
    PageSpec,
    _check_collisions,
    _vn_number,
    make_env,
    plan_pages,
    render_page,
    render_site,
)

STUB_TEMPLATES = {
    "base.html": "<h1>{% block title %}{% endblock %}</h1>{% block body %}{% endblock %}\n",
    "bulletin.html": (
        '{% extends "base.html" %}{% block title %}{{ bulletin.title }}{% endblock %}'
        "{% block body %}{{ dateline(bulletin.date) }} ({{ gmt(bulletin.date) }})|"
        "{{ body(bulletin) }}|{{ url(urls.bulletins()) }}|{{ abs_url(page_url) }}|"
        "{{ media_url('a b.png') }}{% endblock %}"
    ),
    "filters.html": (
        "{{ 14100|number }} {{ 98.5|number }} {{ 0.4|percent }} {{ none|percent }} "
        "{{ d|date }} {{ d|iso }} {{ t('year_archive', value=2024) }} "
        "{{ label('event_types', 'tong-ket') }} {{ label('event_types', 'khong-co') }}"
    ),
}
STUB_STRINGS = (
    'year_archive: "Tin năm {value}"\n'
    'weekdays: ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]\n'
)


def with_stub_theme(root):
    files = {f"themes/default/templates/{k}": v for k, v in STUB_TEMPLATES.items()}
    files["themes/default/strings/vi.yaml"] = STUB_STRINGS
    write_files(root, files)
    return root


@pytest.fixture(scope="module")
def basic(tmp_path_factory):
    root = with_stub_theme(copy_site("basic", tmp_path_factory.mktemp("site"), theme=False))
    site, problems = load_and_link(root)
    assert problems == []
    return site


def spec(site, template, url="/x/", **context):
    return PageSpec(url, template, context, "test")


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "text"),
    [(14100, "14.100"), (98.5, "98,5"), (97.75, "97,75"), (96.0, "96"), (0, "0"), (None, "")],
)
def test_numbers_use_vietnamese_separators(value, text):
    assert _vn_number(value) == text


# ---------------------------------------------------------------- the page plan


def test_the_plan_lists_every_page_of_the_basic_site(basic):
    urls = [s.url for s in plan_pages(basic)]
    assert len(urls) == len(set(urls))
    # the HTML pages; feeds, the sitemap and robots.txt are checked in tests/test_feeds.py
    assert {url for url in urls if url.endswith(("/", ".html"))} == {
        "/",
        "/tin-tuc/",
        "/tin-tuc/trang/2/",
        "/tin-tuc/2024/",
        "/tin-tuc/2023/",
        "/tin-tuc/2024/kiem-tra-cheo-nam-2024/",
        "/tin-tuc/2024/tong-ket-khoi-nam-2023/",
        "/tin-tuc/2023/so-ket-6-thang-nam-2023/",
        "/tin-tuc/2023/phat-dong-thi-dua-nam-2023/",
        "/chu-de/",
        *(
            f"/chu-de/{t}/"
            for t in [
                "dien-hinh-tien-tien",
                "giao-uoc-thi-dua",
                "kiem-tra-cheo",
                "so-ket",
                "thi-dua-yeu-nuoc",
                "tong-ket",
            ]
        ),
        "/hoat-dong/",
        *(
            f"/hoat-dong/{e}/"
            for e in [
                "phat-dong",
                "ky-giao-uoc",
                "so-ket",
                "tong-ket",
                "bau-truong-khoi",
                "bieu-duong",
                "kiem-tra-cheo",
            ]
        ),
        "/khoi/",
        "/khoi/khoi-doan-the/",
        *(f"/khoi/khoi-doan-the/{u}/" for u in ["ubmttq", "hoi-nong-dan", "hoi-lhpn", "tinh-doan"]),
        "/phong-trao/",
        "/phong-trao/dan-van-kheo/",
        "/phong-trao/hoc-tap-lam-theo-bac/",
        "/dien-hinh/",
        "/dien-hinh/tran-thi-mai/",
        "/gioi-thieu/",
        "/thong-ke/",
        "/thong-ke/khoi-doan-the/",
        "/khen-thuong/",
        "/khen-thuong/nam/2023/",
        "/khen-thuong/danh-hieu/co-thi-dua-tinh/",
        "/khen-thuong/danh-hieu/bang-khen-tinh/",
        "/khen-thuong/trang-thai/de-nghi/",
        "/khen-thuong/trang-thai/da-trao/",
        "/du-lieu-mo/",
        "/tim-kiem/",
        "/404.html",
    }


def test_the_plan_never_has_a_page_for_a_profile_without_consent(basic):
    assert not [s for s in plan_pages(basic) if "lo-van-khanh" in s.url]


def test_lists_are_paginated_by_per_page(basic):
    pages = {s.url: s for s in plan_pages(basic)}
    first, second = pages["/tin-tuc/"].context, pages["/tin-tuc/trang/2/"].context
    assert [b.id for b in first["bulletins"]] == [
        "2024/kiem-tra-cheo-nam-2024",
        "2024/tong-ket-khoi-nam-2023",
        "2023/so-ket-6-thang-nam-2023",
    ]
    assert [b.id for b in second["bulletins"]] == ["2023/phat-dong-thi-dua-nam-2023"]
    assert first["pager"] == Pager(1, 2, ("/tin-tuc/", "/tin-tuc/trang/2/"))
    assert (first["pager"].prev_url, first["pager"].next_url) == (None, "/tin-tuc/trang/2/")
    assert (second["pager"].prev_url, second["pager"].next_url) == ("/tin-tuc/", None)


def test_an_empty_list_still_has_one_page():
    pager = Pager(1, 1, ("/tin-tuc/",))
    assert (pager.prev_url, pager.next_url) == (None, None)


def test_two_pages_on_one_file_are_an_error_naming_both():
    specs = [
        PageSpec("/tin-tuc/", "bulletin_list.html", {}, "bulletin index"),
        PageSpec("/tin-tuc/", "page.html", {}, "content/pages/tin-tuc.md"),
    ]
    with pytest.raises(SiteError) as info:
        _check_collisions(specs)
    assert [p.format() for p in info.value.problems] == [
        "content/pages/tin-tuc.md: error: two pages would be written to output/tin-tuc/index.html: "
        "bulletin index, content/pages/tin-tuc.md (rename one of them)"
    ]


# ---------------------------------------------------------------- rendering


def test_a_bulletin_renders_with_resolved_links_and_the_base_path(basic):
    env = make_env(basic)
    b = basic.by_id["2024/tong-ket-khoi-nam-2023"]
    out = render_page(
        env, spec(basic, "bulletin.html", "/tin-tuc/2024/tong-ket-khoi-nam-2023/", bulletin=b)
    )
    html = out.data.decode()
    assert out.path == "tin-tuc/2024/tong-ket-khoi-nam-2023/index.html"
    assert html.startswith("<h1>Khối Đoàn thể tổng kết năm 2023: Hội LHPN tỉnh dẫn đầu</h1>")
    assert "00:30, Thứ Hai, 01/01/2024 (GMT+7)|" in html
    assert 'href="/khoi-thi-dua/khoi/khoi-doan-the/hoi-lhpn/"' in html
    assert 'href="/khoi-thi-dua/dien-hinh/tran-thi-mai/"' in html
    assert 'href="/khoi-thi-dua/tin-tuc/2023/so-ket-6-thang-nam-2023/#danh-gia-chung"' in html
    assert "bantin-ref:" not in html
    assert "|/khoi-thi-dua/tin-tuc/|" in html
    assert "|https://example.gov.vn/khoi-thi-dua/tin-tuc/2024/tong-ket-khoi-nam-2023/|" in html
    assert html.endswith("|/khoi-thi-dua/media/a%20b.png")


def test_every_kind_of_body_link_resolves_to_its_page(basic):
    env = make_env(basic)
    b = basic.by_id["2024/kiem-tra-cheo-nam-2024"]
    html = render_page(env, spec(basic, "bulletin.html", bulletin=b)).data.decode()
    assert 'href="/khoi-thi-dua/chu-de/thi-dua-yeu-nuoc/"' in html
    assert 'href="/khoi-thi-dua/hoat-dong/kiem-tra-cheo/"' in html
    assert 'href="/khoi-thi-dua/gioi-thieu/"' in html


def test_filters_and_interface_strings(basic):
    from datetime import date

    env = make_env(basic)
    html = render_page(env, spec(basic, "filters.html", d=date(2024, 1, 5))).data.decode()
    assert html == ("14.100 98,5 40% — 05/01/2024 2024-01-05 Tin năm 2024 Tổng kết năm khong-co")


def test_a_template_syntax_error_names_the_template_and_line(basic):
    root = basic.config.root
    write_files(root, {"templates/broken.html": "<p>\n{% if x %}\n<p>{{ x }</p>\n"})
    try:
        with pytest.raises(SiteError) as info:
            render_page(make_env(basic), spec(basic, "broken.html"))
    finally:
        (root / "templates" / "broken.html").unlink()
    [problem] = info.value.problems
    assert (problem.path, problem.line) == ("templates/broken.html", 3)
    assert problem.message.startswith("template error: ")


def test_an_undefined_variable_names_the_template_line_and_the_page(basic):
    root = basic.config.root
    write_files(root, {"templates/undef.html": "<p>a</p>\n<p>{{ khong_co.ten }}</p>\n"})
    try:
        with pytest.raises(SiteError) as info:
            render_page(make_env(basic), spec(basic, "undef.html", "/gioi-thieu/"))
    finally:
        (root / "templates" / "undef.html").unlink()
    [problem] = info.value.problems
    assert (problem.path, problem.line) == ("templates/undef.html", 2)
    assert "while rendering /gioi-thieu/" in problem.message
    assert "khong_co" in problem.message


def test_an_unknown_interface_string_is_an_error(basic):
    root = basic.config.root
    write_files(root, {"templates/t.html": "{{ t('khong_co') }}"})
    try:
        with pytest.raises(SiteError) as info:
            render_page(make_env(basic), spec(basic, "t.html"))
    finally:
        (root / "templates" / "t.html").unlink()
    assert "no interface string 'khong_co'" in info.value.problems[0].message


def test_a_missing_template_names_the_content_file_that_asked_for_it(basic):
    page = PageSpec("/x/", "khong-co.html", {}, "content/pages/x.md")
    with pytest.raises(SiteError) as info:
        render_page(make_env(basic), page)
    assert [p.format() for p in info.value.problems] == [
        "content/pages/x.md: error: template 'khong-co.html' not found "
        "(check the 'template:' key or the theme)"
    ]


def test_a_missing_theme_is_an_error(tmp_path):
    root = copy_site("minimal", tmp_path, theme=False)
    with open(root / "site_config.yaml", "a", encoding="utf-8") as f:
        f.write("theme: cu\n")
    site, _ = load_and_link(root)
    with pytest.raises(SiteError) as info:
        render_site(site)
    assert info.value.problems[0].message == (
        "theme 'cu' not found: the site has no themes/cu/templates/ and bantin installs no "
        "theme of that name"
    )


def test_site_strings_override_the_theme_key_by_key(basic):
    root = basic.config.root
    write_files(root, {"templates/strings/vi.yaml": 'year_archive: "Năm {value}"\n'})
    try:
        env = make_env(basic)
    finally:
        (root / "templates" / "strings" / "vi.yaml").unlink()
    assert env.globals["t"]("year_archive", value=2023) == "Năm 2023"


def test_a_template_that_tries_to_change_the_site_is_a_problem_not_a_crash(tmp_path, run_cli):
    from conftest import copy_site

    root = copy_site("basic", tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "page.html").write_text(
        '{% extends "base.html" %}{% block content %}{% set site.x = 1 %}{% endblock %}\n',
        encoding="utf-8",
    )
    run = run_cli("--root", str(root))
    assert run.code == 1
    assert "internal error" not in run.err
    assert run.err.startswith("templates/page.html:1:")


def test_a_term_and_its_description_are_apart_in_the_indexed_text(basic_build):
    """Search excerpts are made from a page's text, where a term and its description written
    back to back read as one word ("LoạiPhong trào"): every <dt> on a page is followed by space."""
    import lxml.html

    glued, terms = [], 0
    for path in sorted((basic_build / "output").rglob("*.html")):
        doc = lxml.html.document_fromstring(path.read_bytes())
        for dt in doc.iter("dt"):
            terms += 1
            if not (dt.tail or "").isspace():
                glued.append(f"{path.relative_to(basic_build)}: {dt.text_content()!r}")
    assert terms > 20 and glued == []
