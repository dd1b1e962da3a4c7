"""bantin.loader: every file under content/ into a typed record, or a problem naming it."""

import time
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import bulletin_text, copy_site, formatted, write_files

from bantin.config import load_config
from bantin.loader import load_content

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def load(root):
    return load_content(load_config(root))


@pytest.fixture
def basic(tmp_path):
    return copy_site("basic", tmp_path, theme=False)


def test_the_basic_site_loads_every_kind_without_problems(basic):
    content = load(basic)
    assert content.problems == []
    assert sorted(b.id for b in content.bulletins) == [
        "2023/phat-dong-thi-dua-nam-2023",
        "2023/so-ket-6-thang-nam-2023",
        "2024/kiem-tra-cheo-nam-2024",
        "2024/tong-ket-khoi-nam-2023",
    ]
    assert sorted(p.slug for p in content.profiles) == ["lo-van-khanh", "tran-thi-mai"]
    assert sorted(c.slug for c in content.campaigns) == ["dan-van-kheo", "hoc-tap-lam-theo-bac"]
    assert [b.slug for b in content.blocs] == ["khoi-doan-the"]
    assert [p.slug for p in content.pages] == ["gioi-thieu"]
    assert set(content.media) == {"2023/so-ket.png", "2024/tong-ket.png"}


def test_bulletin_dates_are_in_the_site_time_zone(basic):
    by_id = {b.id: b for b in load(basic).bulletins}
    assert by_id["2023/so-ket-6-thang-nam-2023"].date == datetime(2023, 7, 20, 15, 45, tzinfo=VN)
    assert by_id["2024/kiem-tra-cheo-nam-2024"].date.utcoffset().total_seconds() == 7 * 3600


def test_a_naive_post_at_half_past_midnight_on_new_year_belongs_to_the_new_year(basic, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")  # builds run in UTC
    time.tzset()
    try:
        content = load(basic)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert content.problems == []
    b = next(b for b in content.bulletins if b.slug == "tong-ket-khoi-nam-2023")
    assert (b.year, b.date) == (2024, datetime(2024, 1, 1, 0, 30, tzinfo=VN))


def test_a_utc_timestamp_just_before_midnight_is_filed_under_the_local_year(minimal_site):
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/giao-thua.md": bulletin_text(
                'title: "Chúc mừng năm mới"\ndate: 2023-12-31T17:30:00Z\n'
            )
        },
    )
    content = load(minimal_site)
    assert content.problems == []
    b = next(b for b in content.bulletins if b.slug == "giao-thua")
    assert b.year == 2024
    assert b.date == datetime(2024, 1, 1, 0, 30, tzinfo=VN)


def test_an_event_date_given_as_a_utc_timestamp_is_the_local_day(minimal_site):
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/hop.md": bulletin_text(
                'title: "Họp"\ndate: 2024-01-10T16:30:00+07:00\nevent_date: 2024-01-09T20:00:00Z\n'
            )
        },
    )
    b = next(b for b in load(minimal_site).bulletins if b.slug == "hop")
    assert b.event_date == date(2024, 1, 10)


def test_default_bloc_fills_a_missing_bloc(basic):
    assert {b.bloc for b in load(basic).bulletins} == {"khoi-doan-the"}


def test_without_default_bloc_a_bulletin_needs_one(minimal_site):
    config = (minimal_site / "site_config.yaml").read_text(encoding="utf-8")
    write_files(minimal_site, {"site_config.yaml": config.replace("default_bloc: khoi-thu\n", "")})
    assert formatted(load(minimal_site).problems) == [
        "content/bulletins/2024/hop-khoi.md:2:1: error: missing required key 'bloc' "
        "(add 'bloc: <slug>' or set default_bloc in site_config.yaml)"
    ]


def test_text_and_file_names_are_nfc_normalised(minimal_site):
    title = unicodedata.normalize("NFD", "Ủy ban MTTQ họp")
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/uy-ban.md": bulletin_text(
                f'title: "{title}"\ndate: 2024-02-01\n'
            )
        },
    )
    b = next(b for b in load(minimal_site).bulletins if b.slug == "uy-ban")
    assert b.title == "Ủy ban MTTQ họp"
    assert unicodedata.is_normalized("NFC", b.title)


def test_body_line_numbers_count_from_the_top_of_the_file(minimal_site):
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/lien-ket.md": bulletin_text(
                'title: "x"\ndate: 2024-02-01\n', "Mở đầu.\n\nXem [tin](bulletin:2024/hop-khoi).\n"
            )
        },
    )
    b = next(b for b in load(minimal_site).bulletins if b.slug == "lien-ket")
    [ref] = b.body.refs
    assert (ref.loc.path, ref.loc.line, ref.loc.col) == (
        "content/bulletins/2024/lien-ket.md",
        7,
        11,
    )


def test_crlf_files_report_the_same_lines(minimal_site):
    text = bulletin_text('title: "x"\ndate: 2024-02-01\ndraft: maybe\n').replace("\n", "\r\n")
    write_files(minimal_site, {"content/bulletins/2024/crlf.md": text.encode()})
    assert formatted(load(minimal_site).problems) == [
        "content/bulletins/2024/crlf.md:4:1: error: 'draft' must be true or false, got 'maybe'"
    ]


def test_hidden_files_and_folders_are_ignored(minimal_site):
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/.DS_Store": b"\x00\x01",
            "content/.git/config": "[core]\n",
            "content/media/.gitkeep": "",
        },
    )
    content = load(minimal_site)
    assert content.problems == []
    assert content.media == {"anh.png": "anh.png"}


def test_every_broken_file_is_reported_not_just_the_first(minimal_site):
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/mot.md": bulletin_text('title: "x"\ndate: hôm qua\n'),
            "content/pages/hai.md": bulletin_text('titel: "Hai"\n'),
            "content/campaigns/ba.md": "không có front matter\n",
        },
    )
    paths = sorted({p.path for p in load(minimal_site).problems})
    assert paths == [
        "content/bulletins/2024/mot.md",
        "content/campaigns/ba.md",
        "content/pages/hai.md",
    ]


@pytest.mark.parametrize(
    ("rel", "message"),
    [
        (
            "content/news/tin.md",
            "content/news/tin.md: error: 'news' is not a content folder (content folders are: "
            "bulletins, profiles, campaigns, pages, blocs, media)",
        ),
        (
            "content/bulletins/tin.md",
            "content/bulletins/tin.md: error: this file is not where bantin looks "
            "(use content/bulletins/<yyyy>/<slug>.md)",
        ),
        (
            "content/bulletins/nam-2024/tin.md",
            "content/bulletins/nam-2024/tin.md: error: bulletins go in a year folder, "
            "not 'nam-2024' (move it to content/bulletins/2024/)",
        ),
        (
            "content/profiles/a.txt",
            "content/profiles/a.txt: error: this file is not where bantin looks "
            "(use content/profiles/<slug>.md)",
        ),
        (
            "content/blocs/khoi.md",
            "content/blocs/khoi.md: error: this file is not where bantin looks "
            "(use content/blocs/<slug>.yaml)",
        ),
        (
            "content/pages/Gioi_Thieu.md",
            "content/pages/Gioi_Thieu.md: error: the file name 'Gioi_Thieu' is not a slug "
            "(lowercase ASCII words joined by '-') (rename it to 'gioi-thieu')",
        ),
    ],
)
def test_files_in_the_wrong_place_or_with_a_bad_name_are_errors(minimal_site, rel, message):
    write_files(minimal_site, {rel: bulletin_text('title: "x"\ndate: 2024-02-01\n')})
    assert formatted(load(minimal_site).problems) == [message]


def test_a_bulletin_in_the_wrong_year_folder_is_an_error_at_its_date(minimal_site):
    write_files(
        minimal_site,
        {"content/bulletins/2023/hop.md": bulletin_text('title: "x"\ndate: 2024-02-01\n')},
    )
    assert formatted(load(minimal_site).problems) == [
        "content/bulletins/2023/hop.md:3:1: error: the date is in 2024 but the file is in the "
        "2023 folder (move it to content/bulletins/2024/ or correct the date)"
    ]


def test_an_event_after_the_publication_is_an_error(minimal_site):
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/hop.md": bulletin_text(
                'title: "x"\ndate: 2024-02-01\nevent_date: 2024-02-02\n'
            )
        },
    )
    assert formatted(load(minimal_site).problems) == [
        "content/bulletins/2024/hop.md:4:1: error: event_date is after the publication date "
        "(a bulletin reports what has happened)"
    ]


def test_a_bloc_file_that_is_not_a_mapping_is_an_error(minimal_site):
    write_files(minimal_site, {"content/blocs/khoi-hai.yaml": "- a\n- b\n"})
    assert formatted(load(minimal_site).problems) == [
        "content/blocs/khoi-hai.yaml:1:1: error: a bloc file must be a mapping of fields "
        "(start with 'kind: khoi')"
    ]


def test_bloc_yaml_errors_report_the_bloc_file_line(minimal_site):
    write_files(minimal_site, {"content/blocs/khoi-hai.yaml": "kind: khoi\nname: Khối: hai\n"})
    [problem] = load(minimal_site).problems
    assert (problem.path, problem.line, problem.col) == ("content/blocs/khoi-hai.yaml", 2, 11)
