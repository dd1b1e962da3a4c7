"""Requirement 1 of issue 14: a bulletin dated by a day shows no time anywhere, and a bulletin
whose publication date is not known is ordered by its event date and says so.

A fixture site as archived provincial articles give it: one bulletin whose portal page showed a
day only, one with its time, and one whose page showed no publication date at all, only the
event date in its lead."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import bulletin_text, copy_site, load_and_link, needs_theme, write_files
from lxml import etree, html

from bantin.dates import format_dateline, has_time
from bantin.feeds import SitemapUrl, rfc3339, sitemap_parts, w3c_date
from bantin.pipeline import build

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# an invented midnight, as a time shown ("00:00, Thứ Tư") or in a datetime ("T00:00:00")
MIDNIGHT = re.compile(r"(?<![\d:])00:00")

DAY_ONLY = "2024/giao-ban-quy-3-nam-2024"
TIMED = "2024/trao-co-thi-dua-nam-2024"
UNDATED = "2024/ky-ket-chuong-trinh-phoi-hop-nam-2024"

DATES_FILES = {
    f"content/bulletins/{DAY_ONLY}.md": bulletin_text(
        'title: "Khối Đoàn thể giao ban quý III năm 2024"\n'
        "date: 2024-09-18\n"
        "event_date: 2024-09-17\n"
        "event_types: [so-ket]\n"
        "host_unit: hoi-nong-dan\n",
        "Ngày 17/9, Hội Nông dân tỉnh chủ trì hội nghị giao ban quý III của Khối thi đua các"
        " đoàn thể tỉnh.\n",
    ),
    f"content/bulletins/{TIMED}.md": bulletin_text(
        'title: "Trao Cờ thi đua cho Hội Liên hiệp Phụ nữ tỉnh"\n'
        "date: 2024-09-25 15:20\n"
        "updated: 2024-09-26\n"
        "event_date: 2024-09-25\n",
        "Chiều 25/9, Hội Liên hiệp Phụ nữ tỉnh đón nhận Cờ thi đua của UBND tỉnh.\n",
    ),
    f"content/bulletins/{UNDATED}.md": bulletin_text(
        'title: "Tỉnh đoàn và Hội Nông dân tỉnh ký kết chương trình phối hợp"\n'
        "event_date: 2024-09-20\n"
        "units: [tinh-doan, hoi-nong-dan]\n",
        "Ngày 20/9, Tỉnh đoàn và Hội Nông dân tỉnh ký kết chương trình phối hợp giai đoạn"
        " 2024 - 2027.\n",
    ),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = copy_site("basic", tmp_path_factory.mktemp("dates-truthful"))
    write_files(root, DATES_FILES)
    build(root)
    return root / "output"


def page(out: Path, rel: str) -> str:
    return (out / rel / "index.html").read_text(encoding="utf-8")


def bulletin_page(out: Path, bid: str) -> str:
    return page(out, f"tin-tuc/{bid}")


def dateline(text: str) -> str:
    return " ".join(html.fromstring(text).find_class("article__dateline")[0].text_content().split())


def json_ld(text: str) -> dict:
    for script in html.fromstring(text).iter("script"):
        if script.get("type") == "application/ld+json":
            data = json.loads(script.text)
            if data.get("@type") == "NewsArticle":
                return data
    raise AssertionError("no NewsArticle JSON-LD")


def times(text: str) -> list[str]:
    """The ``datetime`` attribute of each ``<time>`` of the bulletin's date line."""
    line = html.fromstring(text).find_class("article__dateline")[0]
    return [t.get("datetime") for t in line.iter("time")]


# ---------------------------------------------------------------- the bulletin pages


@needs_theme
def test_a_day_only_bulletin_shows_its_day_without_a_time(out):
    text = bulletin_page(out, DAY_ONLY)
    assert dateline(text) == "Thứ Tư, 18/09/2024"
    assert not MIDNIGHT.search(text)
    assert "GMT+7" not in text
    assert 'content="2024-09-18"' in text  # article:published_time, a day
    assert times(text) == ["2024-09-18"]
    ld = json_ld(text)
    assert ld["datePublished"] == "2024-09-18"
    assert ld["dateModified"] == "2024-09-18"


@needs_theme
def test_a_bulletin_with_its_time_keeps_it_and_a_day_only_update_has_none(out):
    text = bulletin_page(out, TIMED)
    assert dateline(text) == "15:20, Thứ Tư, 25/09/2024 (GMT+7) Cập nhật: Thứ Năm, 26/09/2024"
    assert times(text) == ["2024-09-25T15:20:00+07:00", "2024-09-26"]
    ld = json_ld(text)
    assert ld["datePublished"] == "2024-09-25T15:20:00+07:00"
    assert ld["dateModified"] == "2024-09-26"


@needs_theme
def test_an_undated_bulletin_says_its_publication_date_is_not_known(out):
    text = bulletin_page(out, UNDATED)
    assert dateline(text) == "Không rõ ngày đăng"
    assert times(text) == []
    assert not MIDNIGHT.search(text)
    assert "article:published_time" not in text
    ld = json_ld(text)
    assert "datePublished" not in ld and "dateModified" not in ld
    # the event date is still given, as the event date
    assert "20/09/2024" in text


# ---------------------------------------------------------------- lists


def card_dates(text: str) -> list[tuple[str, str]]:
    """(title, what its card says of its date) of each card, in order."""
    found = []
    for card in html.fromstring(text).find_class("card"):
        title = card.find_class("card__title")[0].text_content().strip()
        meta = " ".join(card.find_class("card__meta")[0].text_content().split())
        found.append((title, meta))
    return found


@needs_theme
@pytest.mark.parametrize("where", ["", "tin-tuc"])
def test_cards_show_days_and_the_event_date_of_an_undated_bulletin_in_order(out, where):
    text = page(out, where)
    cards = card_dates(text)[:3]
    assert [title for title, _ in cards] == [
        "Trao Cờ thi đua cho Hội Liên hiệp Phụ nữ tỉnh",
        "Tỉnh đoàn và Hội Nông dân tỉnh ký kết chương trình phối hợp",
        "Khối Đoàn thể giao ban quý III năm 2024",
    ]
    assert cards[0][1].startswith("25/09/2024")
    assert cards[1][1].startswith("Diễn ra ngày 20/09/2024")
    assert cards[2][1].startswith("18/09/2024")
    assert not MIDNIGHT.search(text)


# ---------------------------------------------------------------- feeds and the sitemap


def entries(out: Path, name: str, tag: str) -> dict[str, etree._Element]:
    """The feed's entries by the address they link to."""
    root = etree.parse(str(out / name)).getroot()
    found = {}
    for entry in root.iter(tag):
        link = entry.find("{http://www.w3.org/2005/Atom}link")
        address = link.get("href") if link is not None else entry.findtext("link")
        found[
            address.rstrip("/").rsplit("/", 2)[-2] + "/" + address.rstrip("/").rsplit("/")[-1]
        ] = entry
    return found


ATOM = "{http://www.w3.org/2005/Atom}"


@needs_theme
def test_atom_dates_are_the_start_of_the_day_and_an_unknown_one_is_left_out(out):
    found = entries(out, "feed.xml", f"{ATOM}entry")
    day = found[DAY_ONLY]
    assert day.findtext(f"{ATOM}published") == "2024-09-18T00:00:00+07:00"
    timed = found[TIMED]
    assert timed.findtext(f"{ATOM}published") == "2024-09-25T15:20:00+07:00"
    assert timed.findtext(f"{ATOM}updated") == "2024-09-26T00:00:00+07:00"
    undated = found[UNDATED]
    assert undated.find(f"{ATOM}published") is None
    assert undated.findtext(f"{ATOM}updated") == "2024-09-20T00:00:00+07:00"  # required


@needs_theme
def test_rss_pub_dates_and_an_unknown_one_is_left_out(out):
    found = entries(out, "rss.xml", "item")
    assert found[DAY_ONLY].findtext("pubDate") == "Wed, 18 Sep 2024 00:00:00 +0700"
    assert found[TIMED].findtext("pubDate") == "Wed, 25 Sep 2024 15:20:00 +0700"
    assert found[UNDATED].find("pubDate") is None


@needs_theme
def test_the_sitemap_gives_a_day_as_a_day_and_no_date_for_an_undated_bulletin(out):
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    lastmod = {
        u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod")
        for u in etree.parse(str(out / "sitemap.xml")).getroot()
    }
    by_id = {
        bid: v for loc, v in lastmod.items() for bid in (DAY_ONLY, TIMED, UNDATED) if bid in loc
    }
    assert by_id == {DAY_ONLY: "2024-09-18", TIMED: "2024-09-26", UNDATED: None}
    home = next(v for loc, v in lastmod.items() if loc.endswith("/khoi-thi-dua/"))
    assert home == "2024-09-26"


# ---------------------------------------------------------------- loading


def loaded(root: Path, files: dict[str, str]):
    write_files(root, files)
    site, problems = load_and_link(root)
    return site, [p.format() for p in problems if p.severity == "error"]


def test_a_bulletin_with_neither_date_nor_event_date_is_an_error_naming_both(minimal_site):
    rel = "content/bulletins/2024/hop-khoi-quy-2.md"
    _, errors = loaded(minimal_site, {rel: bulletin_text('title: "Khối họp quý II"\n')})
    assert errors == [
        f"{rel}:2:1: error: the bulletin has neither 'date' nor 'event_date' (add the day it was"
        " published, e.g. 'date: 2024-01-10' or 'date: 2024-01-10 16:30'; when the publication"
        " date is not known, add 'event_date:' (the day of the event) instead: it orders the"
        " bulletin, and its page says the publication date is not known)"
    ]


def test_the_derived_fields_say_what_the_writer_gave(minimal_site):
    site, errors = loaded(
        minimal_site,
        {
            "content/bulletins/2024/ngay.md": bulletin_text("title: A\ndate: 2024-03-05\n"),
            "content/bulletins/2024/ngay-chu.md": bulletin_text('title: B\ndate: "2024-03-05"\n'),
            "content/bulletins/2024/nua-dem.md": bulletin_text(
                'title: C\ndate: "2024-03-05 00:00"\nupdated: 2024-03-06\n'
            ),
            "content/bulletins/2023/khong-ro.md": bulletin_text(
                "title: D\nevent_date: 2023-12-30\n"
            ),
        },
    )
    assert errors == []
    b = site.by_id
    for bid in ("2024/ngay", "2024/ngay-chu"):
        assert (b[bid].date_has_time, b[bid].date_known) == (False, True)
        assert b[bid].published.isoformat() == "2024-03-05"
    midnight = b["2024/nua-dem"]  # a time the writer wrote is shown, even 00:00
    assert midnight.date_has_time and midnight.published.isoformat() == "2024-03-05T00:00:00+07:00"
    assert not midnight.updated_has_time and midnight.modified.isoformat() == "2024-03-06"
    undated = b["2023/khong-ro"]  # ordered by the start of its event day, in its year folder
    assert (undated.date_known, undated.published, undated.modified) == (False, None, None)
    assert undated.date.isoformat() == "2023-12-30T00:00:00+07:00"
    assert undated.year == 2023


def test_an_undated_bulletin_belongs_in_the_folder_of_its_event_year(minimal_site):
    rel = "content/bulletins/2024/tong-ket-2023.md"
    _, errors = loaded(minimal_site, {rel: bulletin_text("title: A\nevent_date: 2023-12-29\n")})
    assert errors == [
        f"{rel}:3:1: error: the bulletin has no 'date' and its event_date is in 2023, but the"
        " file is in the 2024 folder (move it to content/bulletins/2023/ or correct the date)"
    ]


def test_an_event_after_a_day_only_date_is_still_an_error(minimal_site):
    rel = "content/bulletins/2024/som.md"
    _, errors = loaded(
        minimal_site,
        {rel: bulletin_text("title: A\ndate: 2024-03-05\nevent_date: 2024-03-06\n")},
    )
    assert [e.split(": error: ")[1] for e in errors] == [
        "event_date is after the publication date (a bulletin reports what has happened)"
    ]
    ok = "content/bulletins/2024/cung-ngay.md"
    _, errors = loaded(
        minimal_site,
        {rel: None, ok: bulletin_text("title: B\ndate: 2024-03-05\nevent_date: 2024-03-05\n")},
    )
    assert errors == []


def test_a_day_only_bulletin_dated_today_is_published_today(minimal_site):
    from bantin.site import status_of

    site, _ = loaded(
        minimal_site,
        {"content/bulletins/2024/hom-nay.md": bulletin_text("title: A\ndate: 2024-03-05\n")},
    )
    b = site.by_id["2024/hom-nay"]
    morning = datetime(2024, 3, 5, 7, 0, tzinfo=VN)
    assert status_of(b, morning) is None
    assert status_of(b, datetime(2024, 3, 4, 23, 59, tzinfo=VN)) == "scheduled"


def test_a_day_only_date_is_the_start_of_its_day_and_orders_below_a_timed_one_that_day(
    minimal_site,
):
    site, _ = loaded(
        minimal_site,
        {
            "content/bulletins/2024/ngay.md": bulletin_text("title: A\ndate: 2024-03-05\n"),
            "content/bulletins/2024/gio.md": bulletin_text('title: B\ndate: "2024-03-05 07:30"\n'),
        },
    )
    ids = [b.id for b in site.bulletins]
    assert ids.index("2024/gio") < ids.index("2024/ngay")


# ---------------------------------------------------------------- the helpers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 1, 10), False),
        ("2024-01-10", False),
        ("2024-1-10", False),
        ("2024-01-10 00:00", True),
        ("2024-01-10T16:30:00+07:00", True),
        (datetime(2024, 1, 10, 0, 0), True),
    ],
)
def test_has_time_tells_a_day_from_a_moment(value, expected):
    assert has_time(value) is expected


def test_a_day_is_written_without_a_time_wherever_its_format_allows():
    weekdays = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
    day = date(2024, 1, 10)
    assert format_dateline(day, weekdays) == "Thứ Tư, 10/01/2024"
    assert w3c_date(day, VN) == "2024-01-10"
    assert w3c_date(datetime(2024, 1, 10, 16, 30, tzinfo=VN), VN) == "2024-01-10T16:30:00+07:00"
    assert rfc3339(day, VN) == "2024-01-10T00:00:00+07:00"  # Atom: the start of the day


def test_a_sitemap_index_takes_the_newest_of_days_and_moments():
    _, index = sitemap_parts(
        [
            SitemapUrl("https://example.gov.vn/a/", date(2024, 1, 10)),
            SitemapUrl("https://example.gov.vn/b/", datetime(2024, 1, 9, 23, 0, tzinfo=VN)),
            SitemapUrl("https://example.gov.vn/c/", None),
        ],
        2,
        lambda n: f"https://example.gov.vn/sitemap-{n}.xml",
        VN,
    )
    assert [e.lastmod for e in index] == [date(2024, 1, 10), None]


def test_new_with_a_day_writes_a_day_and_no_invented_time(minimal_site):
    from conftest import add_theme
    from test_new import parser

    from bantin import scaffold

    add_theme(minimal_site)
    args = parser().parse_args(["new", "tin", "Giao ban quý IV", "--date", "2024-12-20"])
    scaffold.run(minimal_site, args, "en")
    text = (minimal_site / "content/bulletins/2024/giao-ban-quy-iv.md").read_text(encoding="utf-8")
    assert re.search(r'^date: "?2024-12-20"?\s', text, re.M)
    assert "T00:00" not in text


def test_an_empty_date_is_still_an_error_not_an_unknown_date(minimal_site):
    rel = "content/bulletins/2024/quen-ngay.md"
    _, errors = loaded(
        minimal_site, {rel: bulletin_text("title: A\ndate:\nevent_date: 2024-03-05\n")}
    )
    assert errors == [
        f"{rel}:3:1: error: 'date' must not be empty"
        " (give a date and time like 2024-01-10T16:30:00+07:00)"
    ]
