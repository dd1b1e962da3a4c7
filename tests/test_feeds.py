"""Feeds (Atom 1.0, RSS 2.0), the sitemap and robots.txt of a built site.

feedparser only says whether a feed is well-formed (``bozo``); the rest is checked here: the
required elements, RFC 3339 and RFC 822 dates in the site's time zone, absolute addresses,
unique ids, ``updated`` taken from the newest entry (never the build's time), which bulletins
each feed carries, and byte-identical rebuilds. The sitemap is validated against the
sitemaps.org schema (tests/data/sitemap.xsd and siteindex.xsd, copies of the official files).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import feedparser
import pytest
from conftest import TESTS, bulletin_text, copy_site, load_and_link, needs_theme, write_files
from lxml import etree

from bantin.config import Segments, load_config
from bantin.errors import SiteError
from bantin.feeds import (
    SitemapUrl,
    absolute_html,
    absolute_srcset,
    media_type,
    rfc822,
    rfc3339,
    sitemap_parts,
)
from bantin.linkcheck import check_built
from bantin.pipeline import build, load_site
from bantin.render import PageSpec, _check_collisions, make_env, plan_pages, render_page
from bantin.urls import Urls, output_path, slugify, uri

BASE = "https://example.gov.vn/khoi-thi-dua/"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
RFC822 = re.compile(
    r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
W3C_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$"
)
# What may stand in a percent-encoded address (RFC 3986 reserved and unreserved characters)
URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")

TRICKY_TITLE = 'Hội thi "Tìm hiểu" Luật Thi đua & Khen thưởng <vòng 1>'
TRICKY = "2024/hoi-thi-tim-hieu-luat"
DRAFT = "2024/ban-nhap-chua-dang"
SCHEDULED = "2099/tin-hen-gio"
EXTRA_FILES = {
    f"content/bulletins/{TRICKY}.md": bulletin_text(
        f"title: '{TRICKY_TITLE}'\n"
        'date: "2024-03-05T14:00:00+07:00"\n'
        'updated: "2024-03-06T09:15:00+07:00"\n'
        "campaigns: [dan-van-kheo]\n"
        'tags: ["Thi đua yêu nước", "Pháp luật & đời sống"]\n'
        'summary: "Tóm tắt có ký tự & và <b>thẻ</b> giả."\n',
        "Phần đầu bài có [liên kết tới tin khác](bulletin:2024/tong-ket-khoi-nam-2023), "
        "[một mục của bài](#ket-qua), [trang ngoài](https://moj.gov.vn/a?b=1&c=2) và "
        "[thư điện tử](mailto:khoi@example.gov.vn).\n\n"
        "![Toàn cảnh hội thi](media/2024/tong-ket.png)\n"
        "Quang cảnh hội thi.\n\n"
        '<p><img src="/khoi-thi-dua/media/2023/so-ket.png" '
        "srcset='/khoi-thi-dua/media/2023/so-ket.png 1x, anh-nho.png 480w,"
        '/khoi-thi-dua/media/2024/tong-ket.png 2x\' alt="Ảnh nhỏ"></p>\n\n'
        '## Kết quả\n\nMã ví dụ: `<a href="/khong-doi/">`.\n',
    ),
    f"content/bulletins/{DRAFT}.md": bulletin_text(
        'title: "Bản nháp chưa đăng"\ndate: "2024-05-01T08:00:00+07:00"\ndraft: true\n'
        'tags: ["Kiểm tra chéo"]\n'
    ),
    f"content/bulletins/{SCHEDULED}.md": bulletin_text(
        'title: "Tin hẹn giờ"\ndate: "2099-05-01T08:00:00+07:00"\ntags: ["Kiểm tra chéo"]\n'
    ),
}
FULL_CONFIG = "feeds:\n  entries: 3\n  content: full\n"


# ---------------------------------------------------------------- builds


def build_full(dest: Path) -> Path:
    """The basic site with a bulletin whose title and body need escaping and absolute links, a
    draft and a scheduled bulletin, built with ``feeds: {entries: 3, content: full}``."""
    root = copy_site("basic", dest)
    write_files(root, EXTRA_FILES)
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + FULL_CONFIG, encoding="utf-8")
    build(root)
    return root


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Path:
    return build_full(tmp_path_factory.mktemp("feeds-full"))


@pytest.fixture(scope="module")
def default_out(basic_build) -> Path:
    return basic_build / "output"


@pytest.fixture(scope="module")
def full_out(full) -> Path:
    return full / "output"


@pytest.fixture(scope="module")
def full_site(full):
    site, _ = load_and_link(full)
    return site


def feeds_in(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.xml") if p.name in ("feed.xml", "rss.xml"))


def page_url(rel: str) -> str:
    """The public address of output file ``rel``."""
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return BASE + rel


def xml(path: Path) -> etree._ElementTree:
    return etree.parse(str(path))


def contents(path: Path) -> dict[str, str]:
    """Entry link → its full content (HTML) as the feed holds it. Read with lxml, not
    feedparser, which would make relative addresses absolute itself."""
    root = xml(path).getroot()
    if path.name == "feed.xml":
        return {
            e.find(f"{ATOM}link").get("href"): e.findtext(f"{ATOM}content")
            for e in root.iter(f"{ATOM}entry")
            if e.find(f"{ATOM}content") is not None
        }
    encoded = "{http://purl.org/rss/1.0/modules/content/}encoded"
    return {
        i.findtext("link"): i.findtext(encoded)
        for i in root.iter("item")
        if i.find(encoded) is not None
    }


class Links(HTMLParser):
    """Every href, src and srcset address of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "poster") and value is not None:
                self.urls.append(value)
            elif name == "srcset" and value:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]


# ---------------------------------------------------------------- pure helpers


def test_dates_are_rfc_3339_and_rfc_822_in_the_site_time_zone():
    moment = datetime(2023, 12, 31, 17, 30, 15, 123456, tzinfo=ZoneInfo("UTC"))
    assert rfc3339(moment, TZ) == "2024-01-01T00:30:15+07:00"
    assert rfc822(moment, TZ) == "Mon, 01 Jan 2024 00:30:15 +0700"
    day = datetime(2024, 1, 1).date()
    assert rfc3339(day, TZ) == "2024-01-01T00:00:00+07:00"
    assert rfc822(day, TZ) == "Mon, 01 Jan 2024 00:00:00 +0700"
    assert rfc3339(datetime(2024, 1, 1, 8), TZ) == "2024-01-01T08:00:00+07:00"


def test_media_types_do_not_depend_on_the_machine():
    assert media_type("2024/a.JPG") == "image/jpeg"
    assert media_type("a.webp") == "image/webp"
    assert media_type("a.svg") == "image/svg+xml"
    assert media_type("tai-lieu") == "image/*"


PAGE = BASE + "tin-tuc/2024/bai/"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/khoi-thi-dua/khoi/">k</a>', f'<a href="{BASE}khoi/">k</a>'),
        ('<a href="#ket-qua">k</a>', f'<a href="{PAGE}#ket-qua">k</a>'),
        ('<img src="anh.png" alt="a">', f'<img src="{PAGE}anh.png" alt="a">'),
        ("<a href='../'>k</a>", f'<a href="{BASE}tin-tuc/2024/">k</a>'),
        ('<a href="https://moj.gov.vn/a?b=1&amp;c=2">k</a>', None),
        ('<a href="mailto:a@example.gov.vn">k</a>', None),
        (
            '<a title="a > b" href="/x">k</a>',
            '<a title="a > b" href="https://example.gov.vn/x">k</a>',
        ),
        ('<code>&lt;a href="/x"&gt;</code>', None),
        (
            '<a data-href="/x" href="/y">k</a>',
            '<a data-href="/x" href="https://example.gov.vn/y">k</a>',
        ),
        (
            '<source srcset="/a.webp 1x, b.webp 2x" type="image/webp">',
            f'<source srcset="https://example.gov.vn/a.webp 1x, {PAGE}b.webp 2x" '
            'type="image/webp">',
        ),
    ],
)
def test_every_address_in_a_tag_is_made_absolute(html, expected):
    assert absolute_html(html, PAGE) == (html if expected is None else expected)


def test_srcset_candidates_keep_their_descriptors():
    value = "/a.jpg 480w,b.jpg, c,d.jpg 2x,  /e.jpg"
    assert absolute_srcset(value, PAGE) == (
        f"https://example.gov.vn/a.jpg 480w, {PAGE}b.jpg, {PAGE}c,d.jpg 2x, "
        "https://example.gov.vn/e.jpg"
    )


def test_a_long_sitemap_is_cut_into_parts_with_an_index():
    t = datetime(2024, 1, 1, tzinfo=TZ)
    urls = [SitemapUrl(f"{BASE}{i}/", t + timedelta(days=i) if i % 2 else None) for i in range(7)]
    parts, index = sitemap_parts(urls, 3, lambda n: f"{BASE}sitemap-{n}.xml")
    assert [len(p) for p in parts] == [3, 3, 1]
    assert [e.loc for e in index] == [f"{BASE}sitemap-{n}.xml" for n in (1, 2, 3)]
    assert [e.lastmod for e in index] == [t + timedelta(days=1), t + timedelta(days=5), None]
    assert sitemap_parts(urls, 7, str) == ([urls], [])


def test_feed_sitemap_and_robots_addresses():
    u = Urls(Segments())
    assert u.feed() == "/feed.xml" and u.feed("/", "rss") == "/rss.xml"
    assert u.feed(u.bloc("khoi-thu"), "atom") == "/khoi/khoi-thu/feed.xml"
    assert u.feed(u.tag("so-ket"), "rss") == "/chu-de/so-ket/rss.xml"
    assert (u.sitemap(), u.sitemap(2), u.robots()) == (
        "/sitemap.xml",
        "/sitemap-2.xml",
        "/robots.txt",
    )
    assert uri("https://a.vn/khối thi đua/?q=1&b=%C4%91#x") == (
        "https://a.vn/kh%E1%BB%91i%20thi%20%C4%91ua/?q=1&b=%C4%91#x"
    )


def test_a_feed_on_the_address_of_another_page_is_a_collision():
    specs = [
        PageSpec("/chu-de/a/feed.xml", "feeds/atom.xml", {}, ("tag", "A")),
        PageSpec("/chu-de/a/feed.xml", "page.html", {}, "content/pages/x.md"),
    ]
    with pytest.raises(SiteError) as caught:
        _check_collisions(specs)
    [problem] = caught.value.problems
    assert problem.path == "content/pages/x.md"
    assert "output/chu-de/a/feed.xml" in problem.message


# ---------------------------------------------------------------- the feeds


@needs_theme
def test_the_site_and_each_term_with_bulletins_has_both_feeds(default_out):
    expected = {"feed.xml", "rss.xml"}
    for term in (
        "khoi/khoi-doan-the",
        "phong-trao/dan-van-kheo",
        "phong-trao/hoc-tap-lam-theo-bac",
        "chu-de/so-ket",
        "chu-de/thi-dua-yeu-nuoc",
    ):
        expected |= {f"{term}/feed.xml", f"{term}/rss.xml"}
    found = {p.relative_to(default_out).as_posix() for p in feeds_in(default_out)}
    assert expected <= found
    # a term without bulletins has no feed
    assert not any(rel.startswith(("dien-hinh/", "hoat-dong/", "tin-tuc/")) for rel in found)


@needs_theme
@pytest.mark.parametrize("which", ["default_out", "full_out"])
def test_every_feed_is_well_formed_and_complete(request, which):
    out = request.getfixturevalue(which)
    feeds = feeds_in(out)
    assert feeds
    for path in feeds:
        rel = path.relative_to(out).as_posix()
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (rel, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.name == "feed.xml" else "rss20"), rel
        assert parsed.feed.title and parsed.feed.link.startswith(BASE), rel
        assert parsed.entries, rel
        ids = [e.id for e in parsed.entries]
        assert len(ids) == len(set(ids)), rel
        for e in parsed.entries:
            assert e.title and e.link.startswith(BASE) and e.id == e.link, (rel, e)
            assert e.get("published") or e.get("updated"), (rel, e.id)
            assert e.get("summary") or e.get("content"), (rel, e.id)


@needs_theme
@pytest.mark.parametrize("which", ["default_out", "full_out"])
def test_feed_dates_are_rfc_3339_and_rfc_822_and_updated_is_the_newest_entry(request, which):
    out = request.getfixturevalue(which)
    for path in feeds_in(out):
        root = xml(path).getroot()
        if path.name == "feed.xml":
            entry_dates = []
            for entry in root.iter(f"{ATOM}entry"):
                for tag in ("published", "updated"):
                    text = entry.findtext(f"{ATOM}{tag}")
                    assert RFC3339.match(text), (path, text)
                    assert datetime.fromisoformat(text).utcoffset() == timedelta(hours=7)
                entry_dates.append(datetime.fromisoformat(entry.findtext(f"{ATOM}updated")))
            feed_updated = root.findtext(f"{ATOM}updated")
            assert RFC3339.match(feed_updated)
            assert datetime.fromisoformat(feed_updated) == max(entry_dates), path
        else:
            channel = root.find("channel")
            dates = []
            for item in channel.iter("item"):
                text = item.findtext("pubDate")
                assert RFC822.match(text), (path, text)
                assert parsedate_to_datetime(text).utcoffset() == timedelta(hours=7)
                dates.append(parsedate_to_datetime(text))
            last = channel.findtext("lastBuildDate")
            assert RFC822.match(last), (path, last)
            # no per-item updated time in RSS: the newest entry is the newest pubDate unless a
            # bulletin was updated later (the tricky bulletin of the full build)
            assert parsedate_to_datetime(last) >= max(dates), path


@needs_theme
def test_the_feeds_updated_time_is_the_newest_updated_or_date_never_the_build_time(full_out):
    tag = xml(full_out / "chu-de/phap-luat-doi-song/feed.xml").getroot()
    assert tag.findtext(f"{ATOM}updated") == "2024-03-06T09:15:00+07:00"
    rss = xml(full_out / "chu-de/phap-luat-doi-song/rss.xml").getroot()
    assert rss.findtext("channel/lastBuildDate") == "Wed, 06 Mar 2024 09:15:00 +0700"


@needs_theme
@pytest.mark.parametrize("which", ["default_out", "full_out"])
def test_every_address_in_a_feed_is_absolute(request, which):
    out = request.getfixturevalue(which)
    for path in feeds_in(out):
        root = xml(path).getroot()
        for el in root.iter():
            for name in ("href", "url", "scheme", "domain"):
                value = el.get(name)
                if value is not None:
                    assert value.startswith(BASE), (path, el.tag, value)
            if el.tag in ("link", "guid", f"{ATOM}id"):
                assert (el.text or "").startswith(BASE), (path, el.tag, el.text)
        for html in contents(path).values():
            for url in Links(html).urls:
                assert urlsplit(url).scheme in ("https", "mailto"), (path, url)


@needs_theme
def test_each_feed_holds_the_newest_entries_and_only_its_terms_bulletins(full_out, full_site):
    site, u = full_site, full_site.urls
    n = site.config.feeds.entries
    assert n == 3
    default_bloc = site.config.default_bloc

    def published(pred):
        return [BASE + u.bulletin(b.year, b.slug)[1:] for b in site.bulletins if pred(b)]

    terms = {"": published(lambda b: True)}
    for bloc in site.blocs:
        terms[u.bloc(bloc.slug)] = published(lambda b, s=bloc.slug: (b.bloc or default_bloc) == s)
    for c in site.campaigns:
        terms[u.campaign(c.slug)] = published(lambda b, s=c.slug: s in b.campaigns)
    for tag in site.tags:
        terms[u.tag(tag.slug)] = published(lambda b, s=tag.slug: s in {slugify(t) for t in b.tags})
    for page, expected in terms.items():
        for name in ("feed.xml", "rss.xml"):
            path = full_out / output_path((page or "/") + name)
            if not expected:
                assert not path.exists()
                continue
            links = [e.link for e in feedparser.parse(path.read_bytes()).entries]
            assert links == expected[: min(n, len(expected))], path


@needs_theme
def test_drafts_and_scheduled_bulletins_are_in_no_feed_and_not_in_the_sitemap(full_out):
    for path in [*feeds_in(full_out), full_out / "sitemap.xml"]:
        text = path.read_text(encoding="utf-8")
        for hidden in (DRAFT, SCHEDULED):
            assert hidden not in text, (path, hidden)
            assert hidden.split("/")[1] not in text, (path, hidden)


@needs_theme
def test_titles_with_ampersand_and_angle_brackets_stay_well_formed(full_out):
    path = full_out / "phong-trao/dan-van-kheo/feed.xml"
    atom = feedparser.parse(path.read_bytes())
    entry = next(e for e in atom.entries if e.link.endswith("hoi-thi-tim-hieu-luat/"))
    assert entry.title == TRICKY_TITLE
    assert entry.summary == "Tóm tắt có ký tự & và <b>thẻ</b> giả."
    raw = xml(path).getroot()
    titles = [e.findtext(f"{ATOM}title") for e in raw.iter(f"{ATOM}entry")]
    assert TRICKY_TITLE in titles
    assert {c.get("label") for c in raw.iter(f"{ATOM}category")} >= {"Pháp luật & đời sống"}
    rss = xml(full_out / "phong-trao/dan-van-kheo/rss.xml").getroot()
    item = next(
        i for i in rss.iter("item") if i.findtext("link").endswith("hoi-thi-tim-hieu-luat/")
    )
    # RSS titles and descriptions are read as HTML (feedparser guesses so for a title with a
    # tag in it): the text is escaped once more, so readers show it as written
    assert unescape(item.findtext("title")) == TRICKY_TITLE
    assert "<" not in item.findtext("title")
    rss_entry = next(
        e
        for e in feedparser.parse(path.with_name("rss.xml").read_bytes()).entries
        if e.link.endswith("hoi-thi-tim-hieu-luat/")
    )
    assert rss_entry.title_detail.type == "text/html"  # shown as the text it escapes
    assert unescape(rss_entry.title) == TRICKY_TITLE
    assert item.findtext("description") == "Tóm tắt có ký tự &amp; và &lt;b&gt;thẻ&lt;/b&gt; giả."


@needs_theme
def test_full_content_has_absolute_links_and_images(full_out):
    page = BASE + "tin-tuc/2024/hoi-thi-tim-hieu-luat/"
    for name in ("feed.xml", "rss.xml"):
        assert not feedparser.parse((full_out / name).read_bytes()).bozo
        html = contents(full_out / name)[page]
        urls = Links(html).urls
        assert f"{BASE}tin-tuc/2024/tong-ket-khoi-nam-2023/" in urls
        assert f"{page}#ket-qua" in urls
        assert "https://moj.gov.vn/a?b=1&c=2" in urls
        assert "mailto:khoi@example.gov.vn" in urls
        assert f"{BASE}media/2024/tong-ket.png" in urls  # from a Markdown image
        assert f"{BASE}media/2023/so-ket.png" in urls  # raw HTML, root-relative
        assert f"{page}anh-nho.png" in urls  # srcset, relative
        assert not [x for x in urls if x.startswith("/") or not urlsplit(x).scheme]
        # what only looks like a link (text in <code>) is left as written
        assert '<code>&lt;a href="/khong-doi/"&gt;</code>' in html


@needs_theme
def test_summary_mode_has_no_full_content(default_out, full_out):
    for path in feeds_in(default_out):
        assert contents(path) == {}
    assert all(contents(path) for path in feeds_in(full_out))


@needs_theme
def test_two_builds_are_byte_identical(full_out, tmp_path):
    other = build_full(tmp_path) / "output"

    def files(out: Path) -> dict[str, bytes]:
        # the Pagefind index (search) names its files by hashes of its own: not compared here
        return {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file() and "pagefind" not in p.relative_to(out).parts
        }

    first, second = files(full_out), files(other)
    assert sorted(first) == sorted(second)
    assert [rel for rel in first if first[rel] != second[rel]] == []
    assert {"feed.xml", "rss.xml", "sitemap.xml", "robots.txt"} <= set(first)


@needs_theme
def test_every_address_of_the_site_in_a_feed_leads_to_a_written_file(default_out):
    for path in feeds_in(default_out):
        root = xml(path).getroot()
        found = [el.get(n) for el in root.iter() for n in ("href", "url", "scheme", "domain")]
        found += [el.text for el in root.iter("link", "guid", f"{ATOM}id")]
        for url in filter(None, found):
            rel = unquote(urlsplit(url).path)[len(urlsplit(BASE).path) :]
            assert (default_out / (output_path("/" + rel))).is_file(), (path, url)


def test_a_site_without_bulletins_has_an_empty_site_feed_dated_by_its_day(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718150400")  # 2024-06-12T00:00:00Z
    root = copy_site("minimal", tmp_path)
    write_files(root, {"content/bulletins/2024/hop-khoi.md": None})
    site, _ = load_site(root)
    assert site.bulletins == ()
    env = make_env(site)
    specs = {s.url: s for s in plan_pages(site)}
    assert [url for url in specs if url.endswith(("feed.xml", "rss.xml"))] == [
        "/feed.xml",
        "/rss.xml",
    ]
    atom = render_page(env, specs["/feed.xml"]).data
    parsed = feedparser.parse(atom)
    assert not parsed.bozo and parsed.entries == []
    assert etree.fromstring(atom).findtext(f"{ATOM}updated") == "2024-06-12T00:00:00+07:00"
    rss = render_page(env, specs["/rss.xml"]).data
    assert not feedparser.parse(rss).bozo
    assert etree.fromstring(rss).findtext("channel/lastBuildDate") == (
        "Wed, 12 Jun 2024 00:00:00 +0700"
    )


# ---------------------------------------------------------------- links in the pages


@needs_theme
def test_every_page_links_the_site_feeds_and_term_pages_their_own(default_out):
    home = (default_out / "index.html").read_text(encoding="utf-8")
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Khối thi đua các đoàn thể chính trị - xã hội tỉnh Bắc Kạn – tin mới (Atom)" '
        'href="/khoi-thi-dua/feed.xml">'
    ) in home
    assert 'type="application/rss+xml"' in home and 'href="/khoi-thi-dua/rss.xml"' in home
    for rel, own in (
        ("khoi/khoi-doan-the/index.html", "/khoi-thi-dua/khoi/khoi-doan-the/"),
        ("phong-trao/dan-van-kheo/index.html", "/khoi-thi-dua/phong-trao/dan-van-kheo/"),
        ("chu-de/so-ket/index.html", "/khoi-thi-dua/chu-de/so-ket/"),
    ):
        text = (default_out / rel).read_text(encoding="utf-8")
        for name in ("feed.xml", "rss.xml"):
            assert (
                f'rel="alternate" type="application/{"atom" if name == "feed.xml" else "rss"}+xml"'
                in text
            )
            assert text.count(f'href="{own}{name}"') == 2, (rel, name)  # <head> and the page
    assert 'title="Chủ đề: Sơ kết – tin mới (RSS)"' in (
        default_out / "chu-de/so-ket/index.html"
    ).read_text(encoding="utf-8")


@needs_theme
def test_check_built_passes_with_feeds_and_sitemap(default_out):
    problems, stats = check_built(default_out, BASE, jobs=1)
    assert [p.format() for p in problems] == []
    assert stats.pages > 0


# ---------------------------------------------------------------- settings


def test_only_the_configured_formats_are_planned(tmp_path):
    root = copy_site("basic", tmp_path)
    site, _ = load_site(root, {"feeds": {"formats": ["atom"]}})
    urls = {s.url for s in plan_pages(site)}
    assert "/feed.xml" in urls and "/khoi/khoi-doan-the/feed.xml" in urls
    assert not [url for url in urls if url.endswith("rss.xml")]
    site, _ = load_site(root, {"feeds": {"formats": []}})
    assert not [s.url for s in plan_pages(site) if s.url.endswith(("feed.xml", "rss.xml"))]


@pytest.mark.parametrize("entries", [0, -3])
def test_feed_entries_must_be_at_least_one(tmp_path, entries):
    root = copy_site("basic", tmp_path, theme=False)
    with pytest.raises(SiteError) as caught:
        load_config(root, {"feeds": {"entries": entries}})
    [problem] = caught.value.problems
    assert problem.message == f"feeds.entries must be at least 1, got {entries}"
    assert "formats: []" in problem.hint


# ---------------------------------------------------------------- the sitemap and robots.txt


@pytest.fixture(scope="module")
def sitemap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(TESTS / "data" / "sitemap.xsd")))


@pytest.fixture(scope="module")
def index_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(TESTS / "data" / "siteindex.xsd")))


def locs(tree: etree._ElementTree) -> list[str]:
    return [e.text for e in tree.getroot().iter(f"{SITEMAP_NS}loc")]


@needs_theme
@pytest.mark.parametrize("which", ["default_out", "full_out"])
def test_the_sitemap_is_valid_and_lists_every_html_page_but_404_and_search(
    request, which, sitemap_schema
):
    out = request.getfixturevalue(which)
    tree = xml(out / "sitemap.xml")
    sitemap_schema.assertValid(tree)
    listed = locs(tree)
    assert listed == sorted(listed)
    assert len(listed) == len(set(listed))
    pages = sorted(
        page_url(p.relative_to(out).as_posix())
        for p in out.rglob("*.html")
        if p.name != "404.html" and not p.relative_to(out).as_posix().startswith("tim-kiem/")
    )
    data = sorted(  # the open data files are listed beside their page
        BASE + p.relative_to(out).as_posix() for p in (out / "du-lieu-mo").iterdir() if p.is_file()
    )
    pages = sorted(set(pages) | {d for d in data if not d.endswith("/index.html")})
    assert sorted(listed) == pages
    assert not [loc for loc in listed if "404" in loc or "tim-kiem" in loc]
    for loc in listed:
        assert loc.startswith(BASE) and URI_CHARS.match(loc), loc


@needs_theme
def test_lastmod_is_the_items_updated_or_date_or_the_newest_listed_bulletins(full_out):
    root = xml(full_out / "sitemap.xml").getroot()
    lastmod = {
        u.findtext(f"{SITEMAP_NS}loc"): u.findtext(f"{SITEMAP_NS}lastmod")
        for u in root.iter(f"{SITEMAP_NS}url")
    }
    for value in lastmod.values():
        assert value is None or W3C_DATETIME.match(value), value
    assert lastmod[BASE + "tin-tuc/2024/hoi-thi-tim-hieu-luat/"] == "2024-03-06T09:15:00+07:00"
    assert lastmod[BASE + "tin-tuc/2024/kiem-tra-cheo-nam-2024/"] == "2024-06-12T08:00:00+07:00"
    assert lastmod[BASE] == "2024-06-12T08:00:00+07:00"  # the home page's newest bulletin
    assert lastmod[BASE + "chu-de/so-ket/"] == "2023-07-20T15:45:00+07:00"
    assert lastmod[BASE + "chu-de/"] is None  # shows no dated item


def test_sitemap_addresses_are_percent_encoded(tmp_path, sitemap_schema):
    root = copy_site("basic", tmp_path)
    site, _ = load_site(root, {"base_url": "https://example.gov.vn/khối thi đua/"})
    env = make_env(site)
    [spec] = [s for s in plan_pages(site) if s.url == "/sitemap.xml"]
    tree = etree.fromstring(render_page(env, spec).data).getroottree()
    sitemap_schema.assertValid(tree)
    listed = locs(tree)
    assert listed[0] == "https://example.gov.vn/kh%E1%BB%91i%20thi%20%C4%91ua/"
    for loc in listed:
        assert URI_CHARS.match(loc), loc
        assert unquote(loc).startswith("https://example.gov.vn/khối thi đua/")


def test_a_long_sitemap_becomes_an_index_of_valid_parts(tmp_path, sitemap_schema, index_schema):
    root = copy_site("basic", tmp_path)
    site, _ = load_site(root)
    env = make_env(site)
    whole = {s.url: s for s in plan_pages(site)}
    [single] = [render_page(env, whole["/sitemap.xml"]).data]
    everything = locs(etree.fromstring(single).getroottree())
    limit = 10
    specs = {s.url: s for s in plan_pages(site, sitemap_limit=limit)}
    parts = sorted(url for url in specs if re.fullmatch(r"/sitemap-\d+\.xml", url))
    assert len(parts) == -(-len(everything) // limit) > 1
    index = etree.fromstring(render_page(env, specs["/sitemap.xml"]).data).getroottree()
    index_schema.assertValid(index)
    assert locs(index) == [f"{BASE}sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    seen = []
    for n, url in enumerate(parts, 1):
        tree = etree.fromstring(render_page(env, specs[f"/sitemap-{n}.xml"]).data).getroottree()
        sitemap_schema.assertValid(tree)
        assert len(locs(tree)) <= limit
        seen += locs(tree)
        newest = max(
            (e.text for e in tree.getroot().iter(f"{SITEMAP_NS}lastmod")),
            key=datetime.fromisoformat,
            default=None,
        )
        sitemap = index.getroot()[n - 1]
        assert sitemap.findtext(f"{SITEMAP_NS}lastmod") == newest, url
    assert seen == everything


@needs_theme
def test_robots_txt_allows_everything_and_names_the_sitemap(default_out):
    text = (default_out / "robots.txt").read_text(encoding="utf-8")
    assert text == (
        "User-agent: *\nDisallow:\n\nSitemap: https://example.gov.vn/khoi-thi-dua/sitemap.xml\n"
    )
