"""Requirement 5 of issue 16: old addresses keep working. A bulletin (or page) lists the
addresses its article had on the office's old portal in ``redirect_from``; the build publishes
an HTML page at each old path a static host can serve, and ``_redirects``, ``.htaccess`` and
``nginx-redirects.conf`` maps for hosts that answer with a real 301; ``bantin serve`` answers
the old addresses with a 301.

The fixture is the basic site (Bắc Kạn) with an article written for these tests, moved from an
old ASP.NET portal, a WordPress site on another domain and a Joomla page."""

from __future__ import annotations

import http.client
import shutil
import time
from pathlib import Path

import pytest
import tools
from conftest import (
    bulletin_text,
    copy_site,
    formatted,
    load_and_link,
    needs_theme,
    write_files,
)
from test_serve import start_server, stop_server

from bantin.errors import SiteError
from bantin.pipeline import build
from bantin.redirects import OldAddress, find, read_netlify, stub_url

SLUG = "2024/so-ket-cong-tac-thi-dua-6-thang-dau-nam-2024"
NEW = f"/tin-tuc/{SLUG}/"
# a title a hostile portal could give: quotes, a tag, a hash, an emoji
TITLE = 'Sơ kết "6 tháng" đầu năm 2024 <script>alert(1)</script> #1 🎉'
SHOWN = "Sơ kết &#34;6 tháng&#34; đầu năm 2024 &lt;script&gt;alert(1)&lt;/script&gt; #1 🎉"

ARTICLE = bulletin_text(
    f"title: '{TITLE}'\n"
    "date: 2024-07-16 09:30\n"
    "event_date: 2024-07-15\n"
    "event_types: [so-ket]\n"
    "units: [hoi-nong-dan, hoi-lhpn]\n"
    "redirect_from:\n"
    "  - /tin-tuc/hoi-nghi-so-ket-123.html\n"
    '  - "/Default.aspx?tabid=5&ItemID=12"\n'
    '  - "https://mttq.backan.gov.vn/?p=123"\n'
    "  - /2019/05/so-ket-6-thang/\n"
    "  - /tin-tuc/so-ket-6-thang\n"
    '  - "/index.php?option=com_content&id=45"\n'
    "  - /tin-tuc/hội-nghị sơ kết.htm\n"
    '  - "https://example.gov.vn/tin-tuc/hoi-nghi-so-ket-123.html#binh-luan"\n'
    "imported: {file: 'cu/so-ket.html', sha256: '" + "0a" * 32 + "'}\n",
    "Ngày 15/7, Khối thi đua các đoàn thể tỉnh tổ chức hội nghị sơ kết 6 tháng đầu năm 2024.\n",
)
PAGE = (
    "---\ntitle: \"Giới thiệu\"\nredirect_from: ['/gioi-thieu.aspx']\n---\n"
    "Khối thi đua các đoàn thể chính trị - xã hội tỉnh Bắc Kạn.\n"
)
ROOT_URL = "https://example.gov.vn/"


def with_article(root: Path, article: str = ARTICLE, page: str = PAGE) -> Path:
    config = (root / "site_config.yaml").read_text(encoding="utf-8")
    write_files(
        root,
        {
            "site_config.yaml": config + "old_domains: [mttq.backan.gov.vn]\n",
            f"content/bulletins/{SLUG}.md": article,
            "content/pages/gioi-thieu.md": page,
        },
    )
    return root


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The site built at the root of its host (base_url https://example.gov.vn/)."""
    from conftest import theme_missing

    if theme_missing():
        pytest.skip(theme_missing())
    root = with_article(copy_site("basic", tmp_path_factory.mktemp("redirects")))
    build(root, {"base_url": ROOT_URL}, cache=False)
    return root / "output"


# ---------------------------------------------------------------- checking redirect_from


BAD = bulletin_text(
    'title: "Bài chuyển từ cổng cũ"\n'
    "date: 2024-03-05\n"
    "redirect_from:\n"
    "  - tin-tuc/123.html\n"
    '  - "https://baomoi.com/hoi-nghi.html"\n'
    '  - "/tin-tuc/../bi-mat.html"\n'
    '  - "ftp://example.gov.vn/a.html"\n'
    '  - "/a/./b.html"\n'
    '  - "https://EXAMPLE.gov.vn/Default.aspx?tabid=5"\n'
    '  - "/tin-tuc/%2e%2e/x.html"\n'
    "imported: {file: 'cu/bai.txt', sha256: 'abc'}\n"
)


def test_redirect_from_that_no_browser_could_ask_for_is_an_error_naming_the_line(minimal_site):
    write_files(minimal_site, {"content/bulletins/2024/bai-cu.md": BAD})
    _, problems = load_and_link(minimal_site)
    f = "content/bulletins/2024/bai-cu.md"
    assert formatted(problems) == [
        f"{f}:5:5: error: 'redirect_from' must be a path starting with '/' or a full http:// or"
        " https:// address, got 'tin-tuc/123.html' (write the article's old address, e.g."
        " /tin-tuc/hoi-nghi-so-ket-123.html, /Default.aspx?tabid=5&ItemID=12 or"
        " https://mttq.laocai.gov.vn/?p=123)",
        f"{f}:6:5: error: the old address 'https://baomoi.com/hoi-nghi.html' is on the domain"
        " 'baomoi.com', not one of this site's (example.gov.vn) (if the domain baomoi.com will"
        " point at this site, add it to old_domains in site_config.yaml; otherwise remove this"
        " line)",
        f"{f}:7:5: error: '/tin-tuc/../bi-mat.html' cannot be an old address ('..' leads out of"
        " the folder) (write the path exactly as the browser's address bar shows it, without"
        " '..', '.' or control characters)",
        f"{f}:8:5: error: 'redirect_from' must be a path starting with '/' or a full http:// or"
        " https:// address, got 'ftp://example.gov.vn/a.html' (write the article's old address,"
        " e.g. /tin-tuc/hoi-nghi-so-ket-123.html, /Default.aspx?tabid=5&ItemID=12 or"
        " https://mttq.laocai.gov.vn/?p=123)",
        f"{f}:9:5: error: '/a/./b.html' cannot be an old address ('.' is the folder itself, a"
        " browser never sends such a path) (write the path exactly as the browser's address bar"
        " shows it, without '..', '.' or control characters)",
        f"{f}:11:5: error: '/tin-tuc/%2e%2e/x.html' cannot be an old address ('%2e%2e' is '..'"
        " in URL code) (write the path exactly as the browser's address bar shows it, without"
        " '..', '.' or control characters)",
        f"{f}:12:1: error: 'imported.sha256' must be 64 hexadecimal digits (0-9, a-f), got"
        " 'abc' (do not edit the 'imported:' block the import command wrote; if unsure, remove"
        " the whole block)",
    ]


def test_a_foreign_host_is_said_in_vietnamese_with_what_to_do(minimal_site):
    write_files(minimal_site, {"content/bulletins/2024/bai-cu.md": BAD})
    _, problems = load_and_link(minimal_site)
    said = [p.format("vi") for p in sorted(set(problems)) if "baomoi" in p.format()]
    assert said == [
        "content/bulletins/2024/bai-cu.md:6:5: error: địa chỉ cũ 'https://baomoi.com/hoi-nghi.html'"
        " thuộc tên miền 'baomoi.com', không phải tên miền của trang này (example.gov.vn) (nếu"
        " tên miền baomoi.com sẽ được trỏ về trang này, hãy thêm nó vào old_domains trong"
        " site_config.yaml; nếu không, hãy xoá dòng này)"
    ]


def test_a_host_listed_in_old_domains_is_accepted(minimal_site):
    config = (minimal_site / "site_config.yaml").read_text(encoding="utf-8")
    write_files(
        minimal_site,
        {
            "site_config.yaml": config + "old_domains: [baomoi.com]\n",
            "content/bulletins/2024/bai-cu.md": bulletin_text(
                'title: "Bài cũ"\ndate: 2024-03-05\n'
                'redirect_from: ["https://BAOMOI.com/hoi-nghi.html"]\n'
            ),
        },
    )
    assert formatted(load_and_link(minimal_site)[1]) == []


def test_old_domains_must_be_host_names(minimal_site, run_cli):
    config = (minimal_site / "site_config.yaml").read_text(encoding="utf-8")
    write_files(
        minimal_site,
        {"site_config.yaml": config + 'old_domains: ["https://mttq.backan.gov.vn/", ok.vn]\n'},
    )
    with pytest.raises(SiteError) as exc:
        load_and_link(minimal_site)
    assert [p.format() for p in exc.value.problems] == [
        "site_config.yaml:5:1: error: old_domains: 'https://mttq.backan.gov.vn/' is not a domain"
        " name (e.g. old_domains: [mttq.laocai.gov.vn])"
    ]


@pytest.mark.parametrize(
    ("old", "stub"),
    [
        ("/tin-tuc/123.html", "/tin-tuc/123.html"),
        ("/tin-tuc/123.HTM", "/tin-tuc/123.HTM"),
        ("/2019/05/bai-viet/", "/2019/05/bai-viet/"),
        ("/tin-tuc/bai-viet", "/tin-tuc/bai-viet/"),
        ("/Default.aspx", None),
        ("/index.php", None),
        ("/tin-tuc/123.html?print=1", None),
        ("/", "/"),
    ],
)
def test_which_old_paths_a_static_host_can_serve_from_a_file(old, stub):
    from bantin.config import SiteConfig

    path, _, query = old.partition("?")
    config = SiteConfig(title="x", base_url=ROOT_URL)
    assert stub_url(OldAddress(path, query), config) == stub


def test_under_a_sub_path_only_old_paths_inside_it_can_have_a_file():
    from bantin.config import SiteConfig

    config = SiteConfig(title="x", base_url="https://example.gov.vn/khoi-thi-dua/")
    assert stub_url(OldAddress("/tin-tuc/123.html"), config) is None
    assert stub_url(OldAddress("/khoi-thi-dua/tin-cu/123.html"), config) == "/tin-cu/123.html"


# ---------------------------------------------------------------- what the build publishes


STUB = f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{SHOWN}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="https://example.gov.vn{NEW}">
<meta http-equiv="refresh" content="0; url={NEW}">
</head>
<body>
<p>Bài viết đã chuyển đến: <a href="{NEW}">{SHOWN}</a></p>
</body>
</html>
"""


@needs_theme
@pytest.mark.parametrize(
    "rel",
    [
        "tin-tuc/hoi-nghi-so-ket-123.html",
        "2019/05/so-ket-6-thang/index.html",
        "tin-tuc/so-ket-6-thang/index.html",
        "tin-tuc/hội-nghị sơ kết.htm",
    ],
)
def test_each_old_path_a_static_host_serves_is_a_page_that_leads_to_the_new_one(out, rel):
    assert (out / rel).read_text(encoding="utf-8") == STUB


@needs_theme
def test_old_addresses_no_file_can_answer_have_no_page(out):
    assert not (out / "Default.aspx").exists()
    assert not (out / "index.php").exists()
    assert not list(out.glob("*p=123*"))
    page = (out / "gioi-thieu.aspx").exists()
    assert page is False


@needs_theme
def test_the_redirect_maps_list_every_old_address(out):
    assert (out / "_redirects").read_text(encoding="utf-8") == (
        "# Redirects from old addresses, written by bantin build.\n"
        "# Netlify and Cloudflare Pages read this file as it is.\n"
        f"/ p=123 {NEW} 301\n"
        f"/2019/05/so-ket-6-thang/ {NEW} 301\n"
        f"/Default.aspx tabid=5 ItemID=12 {NEW} 301\n"
        "/gioi-thieu.aspx /gioi-thieu/ 301\n"
        f"/index.php option=com_content id=45 {NEW} 301\n"
        f"/tin-tuc/h%E1%BB%99i-ngh%E1%BB%8B%20s%C6%A1%20k%E1%BA%BFt.htm {NEW} 301\n"
        f"/tin-tuc/hoi-nghi-so-ket-123.html {NEW} 301\n"
        f"/tin-tuc/so-ket-6-thang {NEW} 301\n"
    )
    htaccess = (out / ".htaccess").read_text(encoding="utf-8").splitlines()
    assert htaccess[:4] == [
        "# Redirects from old addresses, written by bantin build.",
        "# Apache: needs mod_rewrite, and AllowOverride FileInfo (or All) for this folder.",
        "<IfModule mod_rewrite.c>",
        "RewriteEngine On",
    ]
    assert htaccess[4:12] == [
        "",
        'RewriteCond %{REQUEST_URI} "=/"',
        'RewriteCond %{QUERY_STRING} "=p=123"',
        f'RewriteRule ^ "{NEW}" [R=301,L,NE,QSD]',
        "",
        'RewriteCond %{REQUEST_URI} "=/2019/05/so-ket-6-thang/"',
        f'RewriteRule ^ "{NEW}" [R=301,L,NE,QSD]',
        "",
    ]
    assert 'RewriteCond %{REQUEST_URI} "=/tin-tuc/hội-nghị sơ kết.htm"' in htaccess
    assert htaccess[-1] == "</IfModule>"
    nginx = (out / "nginx-redirects.conf").read_text(encoding="utf-8").splitlines()
    assert nginx[5:] == [
        "map $request_uri $bantin_redirect {",
        '    default "";',
        f'    "/?p=123" "{NEW}";',
        f'    "/2019/05/so-ket-6-thang/" "{NEW}";',
        f'    "/Default.aspx?tabid=5&ItemID=12" "{NEW}";',
        '    "/gioi-thieu.aspx" "/gioi-thieu/";',
        f'    "/index.php?option=com_content&id=45" "{NEW}";',
        f'    "/tin-tuc/h%E1%BB%99i-ngh%E1%BB%8B%20s%C6%A1%20k%E1%BA%BFt.htm" "{NEW}";',
        f'    "/tin-tuc/hoi-nghi-so-ket-123.html" "{NEW}";',
        f'    "/tin-tuc/so-ket-6-thang" "{NEW}";',
        "}",
    ]
    assert "#     if ($bantin_redirect) { return 301 $bantin_redirect; }" in nginx


@needs_theme
def test_old_addresses_are_not_in_the_sitemap_feeds_or_search_index(out):
    for rel in ("sitemap.xml", "feed.xml", "rss.xml"):
        text = (out / rel).read_text(encoding="utf-8")
        assert "hoi-nghi-so-ket-123" not in text and "2019/05" not in text, rel
        assert "so-ket-6-thang/" not in text.replace(SLUG, ""), rel
    assert "data-pagefind-body" not in (out / "tin-tuc/hoi-nghi-so-ket-123.html").read_text()


@needs_theme
def test_the_preview_reads_the_map_back():
    table = read_netlify(
        "# x\n/ p=123 /new/ 301\n/Default.aspx tabid=5 ItemID=12 /new/ 301\n/a.html /b/ 301\n"
    )
    assert find(table, "/Default.aspx", "ItemID=12&tabid=5") == "/new/"
    assert find(table, "/Default.aspx", "tabid=5") is None
    assert find(table, "/", "p=123") == "/new/"
    assert find(table, "/", "") is None
    assert find(table, "/a.html", "") == "/b/"


@needs_theme
def test_a_site_without_redirects_has_no_maps(tmp_path):
    root = copy_site("basic", tmp_path)
    build(root, cache=False)
    assert not any((root / "output" / name).exists() for name in ("_redirects", ".htaccess"))


@needs_theme
def test_under_its_sub_path_the_site_has_pages_only_for_old_paths_inside_it(tmp_path):
    article = ARTICLE.replace(
        "  - /tin-tuc/so-ket-6-thang\n",
        '  - "https://example.gov.vn/khoi-thi-dua/tin-cu/so-ket.html"\n',
    )
    root = with_article(copy_site("basic", tmp_path), article)
    build(root, cache=False)
    out = root / "output"
    assert (out / "tin-cu/so-ket.html").read_text(encoding="utf-8") == STUB.replace(
        NEW, "/khoi-thi-dua" + NEW
    ).replace(
        "https://example.gov.vn/khoi-thi-dua/khoi-thi-dua", "https://example.gov.vn/khoi-thi-dua"
    )
    assert not (out / "tin-tuc/hoi-nghi-so-ket-123.html").exists()  # outside /khoi-thi-dua/
    lines = (out / "_redirects").read_text(encoding="utf-8").splitlines()
    assert f"/tin-tuc/hoi-nghi-so-ket-123.html /khoi-thi-dua{NEW} 301" in lines
    assert f"/khoi-thi-dua/tin-cu/so-ket.html /khoi-thi-dua{NEW} 301" in lines


# ---------------------------------------------------------------- addresses that clash


@needs_theme
def test_one_old_address_for_two_pages_and_an_old_address_that_is_a_page_are_errors(tmp_path):
    from bantin.check import check_site

    page = PAGE.replace(
        "['/gioi-thieu.aspx']", "['/Default.aspx?tabid=5&ItemID=12', /khoi-thi-dua/tin-tuc/]"
    )
    root = with_article(copy_site("basic", tmp_path), page=page)
    found = [p.format() for p in check_site(root).problems if p.severity == "error"]
    assert found == [
        "content/pages/gioi-thieu.md:3:17: error: the old address"
        " '/Default.aspx?tabid=5&ItemID=12' is given in two places, leading to two different"
        f" pages: content/bulletins/{SLUG}.md:9 (an old address can lead to one page only:"
        " remove it from the redirect_from of one of the files)",
        "content/pages/gioi-thieu.md:3:52: error: the old address '/khoi-thi-dua/tin-tuc/' is"
        " the address of a page the site has (bulletin index): the redirect would hide that page"
        " (remove this line from redirect_from)",
    ]


# ---------------------------------------------------------------- over HTTP, for real


@pytest.mark.slow
def test_a_browser_at_an_old_address_lands_on_the_new_page(tmp_path):
    """Served by a plain static server (as a host without the maps would), Chromium follows the
    page at the old path to the bulletin's new address."""
    from conftest import theme_missing
    from sitefixtures import build_and_serve

    if theme_missing():
        pytest.skip(theme_missing())
    executable = tools.chromium()
    sync_api = tools.playwright_sync()
    served = build_and_serve(with_article(copy_site("basic", tmp_path)), {"base_url": ROOT_URL})
    args = [a for a in tools.CHROMIUM_ARGS if a != "--headless"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=args)
        try:
            page = browser.new_page()
            page.goto(served.url("/tin-tuc/hoi-nghi-so-ket-123.html"))
            page.wait_for_url(served.url(NEW), timeout=10_000)
            assert page.url == served.url(NEW)
            assert page.title() == f"{TITLE} – Thi đua đoàn thể Bắc Kạn"
        finally:
            browser.close()


@pytest.mark.slow
def test_the_page_at_an_old_address_is_valid_html(out, tmp_path):
    from test_validity import nu_errors

    folder = tmp_path / "stub"
    folder.mkdir()
    shutil.copy(out / "tin-tuc/hoi-nghi-so-ket-123.html", folder / "stub.html")
    assert nu_errors(folder) == []


def _get(port: int, target: str) -> tuple[int, str | None]:
    """The status and Location of GET ``target`` (never followed)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", target)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        conn.close()


@pytest.mark.slow
@needs_theme
def test_serve_answers_old_addresses_with_a_301_to_the_new_page(tmp_path):
    article = ARTICLE.replace(
        "  - /tin-tuc/so-ket-6-thang\n",
        '  - "https://example.gov.vn/khoi-thi-dua/tin-cu/so-ket.html"\n',
    )
    root = with_article(copy_site("basic", tmp_path), article)
    process, port, log = start_server(root, tmp_path)
    new = "/khoi-thi-dua" + NEW
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _get(port, "/khoi-thi-dua/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        assert _get(port, "/tin-tuc/hoi-nghi-so-ket-123.html") == (301, new)
        assert _get(port, "/Default.aspx?tabid=5&ItemID=12") == (301, new)
        assert _get(port, "/Default.aspx?ItemID=12&tabid=5") == (301, new)
        assert _get(port, "/?p=123") == (301, new)
        assert _get(port, "/khoi-thi-dua/tin-cu/so-ket.html") == (301, new)
        assert _get(port, "/Default.aspx?tabid=6")[0] == 404
        assert _get(port, "/") == (301, "/khoi-thi-dua/")
        assert _get(port, new)[0] == 200
    finally:
        stop_server(process, log)
