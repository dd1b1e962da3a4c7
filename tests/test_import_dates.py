"""Portal date stamps and the event day of a lead (bantin/importer/portaldates.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bantin.importer.portaldates import (
    EventDay,
    event_from_lead,
    find_stamp,
    parse_stamp,
    split_dateline,
    year_in_text,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def at(y, mo, d, h=0, mi=0, s=0, tz=VN):
    return datetime(y, mo, d, h, mi, s, tzinfo=tz)


@pytest.mark.parametrize(
    ("text", "value", "sure"),
    [
        ("Cập nhật lúc08:45, Thứ Năm, 13/02/2020 (GMT+7)", at(2020, 2, 13, 8, 45), "sure"),
        ("Thứ hai, 15/01/2024 - 08:30", at(2024, 1, 15, 8, 30), "sure"),
        ("15/01/2024 08:30", at(2024, 1, 15, 8, 30), "sure"),
        ("15/01/2024 | 08:30 GMT+7", at(2024, 1, 15, 8, 30), "sure"),
        ("7/25/2017 3:10:40 PM", at(2017, 7, 25, 15, 10, 40), "sure"),
        ("25/7/2017 3:10:40 PM", at(2017, 7, 25, 15, 10, 40), "sure"),
        ("7/5/2017 3:10:40 PM", at(2017, 7, 5, 15, 10, 40), "likely"),
        ("12:05:00 AM 1/2/2020", at(2020, 1, 2, 0, 5), "likely"),
        ("2024-01-15T08:30:00+07:00", at(2024, 1, 15, 8, 30), "sure"),
        ("2024-01-15T01:30:00Z", at(2024, 1, 15, 1, 30, tz=UTC), "sure"),
        ("Ngày đăng: 15-01-2024", date(2024, 1, 15), "sure"),
        ("Ngày 15 tháng 1 năm 2024", date(2024, 1, 15), "sure"),
        ("15 tháng 1 năm 2024", date(2024, 1, 15), "sure"),
        ("08:30 15/01/2024", at(2024, 1, 15, 8, 30), "sure"),
        ("15.01.2024", date(2024, 1, 15), "sure"),
        ("Thứ 7, 04/02/2023, 13:43 [GMT+7]", at(2023, 2, 4, 13, 43), "sure"),
        ("07:30:00 - Thứ tư, 10/10/2018", at(2018, 10, 10, 7, 30), "sure"),
        ("15/01/2024 08:30 GMT+9", at(2024, 1, 15, 8, 30, tz=timezone(timedelta(hours=9))), "sure"),
    ],
)
def test_every_portal_format_reads_as_its_moment(text, value, sure):
    moment = parse_stamp(text, VN)
    assert moment is not None
    assert (moment.value, type(moment.value), moment.sure) == (value, type(value), sure)
    assert (moment.evidence, moment.how) == (text, "stamp")
    if isinstance(value, datetime):
        assert moment.value.utcoffset() == value.utcoffset()


def test_a_date_alone_stays_a_date_never_midnight():
    assert type(parse_stamp("Ngày đăng: 15-01-2024", VN).value) is date


def test_the_site_time_zone_applies_when_the_stamp_names_none():
    bangkok = ZoneInfo("Asia/Bangkok")
    assert parse_stamp("15/01/2024 08:30", bangkok).value.tzinfo is bangkok


@pytest.mark.parametrize(
    "text",
    ["Thứ Hai, 15/01/2025 - 08:30", "Thứ ba, 15/01/2024", "Chủ nhật, 12/02/2020 19:29"],
)
def test_a_weekday_that_is_not_the_dates_asks_for_a_check(text):
    assert parse_stamp(text, VN).sure == "check"


def test_the_weekday_chooses_between_day_first_and_month_first():
    # 5 July 2017 was a Wednesday, 7 May 2017 a Sunday: the weekday settles the US stamp
    moment = parse_stamp("Chủ nhật, 7/5/2017 3:10:40 PM", VN)
    assert (moment.value, moment.sure) == (at(2017, 5, 7, 15, 10, 40), "likely")


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",
        "0:00 / 0:00",
        "Xem thêm",
        "",
        "Ngày 15/01/2024, Hội nghị tổng kết công tác thi đua của khối đã diễn ra",
        "25:61 15/01/2024",
        "15/13/2024 13:00 PM",
    ],
)
def test_what_is_not_a_stamp_gives_none(text):
    assert parse_stamp(text, VN) is None


def test_find_stamp_takes_the_first_stamp_line():
    lines = ["Tiêu đề bài", "0:00 / 0:00", "Thứ Tư, 14/12/2016 | 17:05 GMT+7", "15.01.2024"]
    assert find_stamp(lines, VN).value == at(2016, 12, 14, 17, 5)
    assert find_stamp(["Không có ngày"], VN) is None


@pytest.mark.parametrize(
    ("lead", "published", "text_year", "expected"),
    [
        ("BBK -Ngày 05/7, Hội Nông dân tỉnh", None, 2023, (date(2023, 7, 5), None, "likely")),
        ("Chiều 12-2, Khối thi đua", date(2020, 2, 12), None, (date(2020, 2, 12), "chieu", "sure")),
        ("Ngày 28/12, Khối", date(2024, 1, 3), None, (date(2023, 12, 28), None, "sure")),
        ("Sáng 4/10, Cụm", date(2022, 10, 4), 2019, (date(2022, 10, 4), "sang", "sure")),
        ("Tối ngày 19/7/2023, Khối", date(2024, 1, 1), None, (date(2023, 7, 19), "toi", "sure")),
        ("Sáng nay (12/3), Khối", date(2024, 3, 12), None, (date(2024, 3, 12), "sang", "sure")),
        ("LCO - Ngày 14-12, Cụm", None, 2016, (date(2016, 12, 14), None, "likely")),
        ("(Baonamdinh.vn) - Chiều 14-12, Cụm", None, 2016, (date(2016, 12, 14), "chieu", "likely")),
        ("Ngày 29/2, Khối", date(2025, 3, 1), None, (date(2024, 2, 29), None, "sure")),
    ],
)
def test_the_event_day_of_a_lead(lead, published, text_year, expected):
    found = event_from_lead(lead, published, text_year)
    assert isinstance(found, EventDay)
    assert (found.day, found.part, found.sure) == expected


def test_the_event_day_takes_a_publication_moment_too():
    found = event_from_lead("Chiều 12-2, Khối", at(2020, 2, 12, 19, 29), None)
    assert (found.day, found.evidence) == (date(2020, 2, 12), "Chiều 12-2")


@pytest.mark.parametrize(
    ("lead", "published", "text_year"),
    [
        ("Ngày 31/2, Khối thi đua", None, 2023),
        ("Ngày 05/7, Khối thi đua", None, None),
        ("Hội nghị diễn ra ngày 05/7", None, 2023),
        ("Ngày 31/2/2023, Khối", date(2023, 5, 1), None),
        ("", date(2023, 5, 1), 2023),
    ],
)
def test_no_event_day_when_the_lead_gives_none_or_an_impossible_one(lead, published, text_year):
    assert event_from_lead(lead, published, text_year) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BBK -Ngày 05/7, Hội", ("BBK", "Ngày 05/7, Hội")),
        ("LCO - Sáng 4/10", ("LCO", "Sáng 4/10")),
        ("(Baonamdinh.vn) - Chiều 12-2", ("Baonamdinh.vn", "Chiều 12-2")),
        ("CTTĐT - Ngày 1/1", ("CTTĐT", "Ngày 1/1")),
        ("Ngày 05/7, Hội", ("", "Ngày 05/7, Hội")),
        ("Khối thi đua - nơi hội tụ", ("", "Khối thi đua - nơi hội tụ")),
    ],
)
def test_split_dateline(text, expected):
    assert split_dateline(text) == expected


def test_year_in_text():
    assert year_in_text("Tổng kết phong trào thi đua năm 2019 và năm 2020") == 2019
    assert year_in_text("Ngày 05/7 vừa qua") is None
    assert year_in_text("kế hoạch năm 20234") is None


# ------------------------------------------------------------------ properties

FORMATS = (
    lambda d, t: f"Cập nhật lúc{t:%H:%M}, {WEEKDAYS[d.weekday()]}, {d:%d/%m/%Y} (GMT+7)",
    lambda d, t: f"{WEEKDAYS[d.weekday()]}, {d:%d/%m/%Y} - {t:%H:%M}",
    lambda d, t: f"{d:%d/%m/%Y} {t:%H:%M}",
    lambda d, t: f"{d:%d/%m/%Y} | {t:%H:%M} GMT+7",
    lambda d, t: f"{d.month}/{d.day}/{d.year} {t.hour % 12 or 12}:{t:%M:%S} {t:%p}",
    lambda d, t: f"{d:%Y-%m-%d}T{t:%H:%M:%S}+07:00",
    lambda d, t: f"{t:%H:%M} {d:%d/%m/%Y}",
)
DATE_FORMATS = (
    lambda d: f"Ngày đăng: {d:%d-%m-%Y}",
    lambda d: f"Ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d: f"{d:%d.%m.%Y}",
)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@settings(max_examples=60, deadline=None)
@given(dates, times, st.sampled_from(range(len(FORMATS))))
def test_any_moment_in_each_format_reads_back(day, clock, which):
    text = FORMATS[which](day, clock)
    moment = parse_stamp(text, VN)
    assert moment is not None, text
    assert moment.value == datetime.combine(day, clock, VN), text
    assert moment.sure in ("sure", "likely")


@settings(max_examples=40, deadline=None)
@given(dates, st.sampled_from(range(len(DATE_FORMATS))))
def test_any_date_in_each_date_format_reads_back(day, which):
    moment = parse_stamp(DATE_FORMATS[which](day), VN)
    assert (moment.value, moment.sure) == (day, "sure")


@settings(max_examples=40, deadline=None)
@given(dates, st.sampled_from(("Ngày", "Sáng", "Chiều", "Tối")), st.sampled_from("/-"))
def test_any_lead_day_reads_back_before_its_publication(day, word, sep):
    published = day + timedelta(days=20)
    found = event_from_lead(f"BBK - {word} {day.day}{sep}{day.month}, Khối", published, None)
    assert found is not None and found.day == day


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.none() | dates, st.none() | st.integers(1, 9999))
def test_random_text_never_crashes(text, published, year):
    parse_stamp(text, VN)
    event_from_lead(text, published, year)
    year_in_text(text)
    split_dateline(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789/:-.,TZ+ APMhGMTthángnămNgày", max_size=40))
def test_random_date_like_text_never_crashes(text):
    moment = parse_stamp(text, VN)
    if moment is not None and isinstance(moment.value, datetime):
        assert moment.value.tzinfo is not None
