"""bantin.dates: values in the site's time zone and the portal's Vietnamese date line."""

import time
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bantin.dates import (
    DateValueError,
    format_date,
    format_dateline,
    gmt_offset,
    to_date,
    to_datetime,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


@pytest.fixture
def utc_process(monkeypatch):
    """Run as a CI machine does: the process time zone is UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_naive_datetime_is_taken_in_the_site_time_zone():
    result = to_datetime(datetime(2024, 1, 10, 16, 30), VN)
    assert result == datetime(2024, 1, 10, 16, 30, tzinfo=VN)
    assert result.utcoffset() == timedelta(hours=7)


def test_a_date_is_local_midnight():
    assert to_datetime(date(2024, 1, 10), VN) == datetime(2024, 1, 10, 0, 0, tzinfo=VN)


@pytest.mark.parametrize(
    "text", ["2024-01-10 16:30", "2024-01-10T16:30", "2024-01-10 16:30:00", "2024-1-10 16:30"]
)
def test_a_datetime_string_without_an_offset_is_local(text):
    assert to_datetime(text, VN) == datetime(2024, 1, 10, 16, 30, tzinfo=VN)


@pytest.mark.parametrize(
    "text",
    ["2024-01-10T16:30:00+07:00", "2024-01-10 16:30 +0700", "2024-01-10T09:30:00Z"],
)
def test_a_datetime_string_with_an_offset_keeps_its_instant(text):
    result = to_datetime(text, VN)
    assert result.utcoffset() is not None
    assert result.astimezone(VN) == datetime(2024, 1, 10, 16, 30, tzinfo=VN)


def test_an_aware_datetime_is_left_as_it_is():
    value = datetime(2024, 1, 10, 9, 30, tzinfo=UTC)
    assert to_datetime(value, VN) is value


def test_a_date_string_is_local_midnight():
    assert to_datetime("2024-01-10", VN) == datetime(2024, 1, 10, tzinfo=VN)


@pytest.mark.parametrize("value", ["hôm qua", "10/01/2024", "19:29", 1169, True, None, [2024]])
def test_anything_else_is_a_date_value_error(value):
    with pytest.raises(DateValueError, match="expected a date like 2024-01-10"):
        to_datetime(value, VN)


def test_an_impossible_date_string_is_an_error():
    with pytest.raises(DateValueError, match="'2023-02-30 08:00' is not a real date"):
        to_datetime("2023-02-30 08:00", VN)


def test_a_post_at_half_past_midnight_on_new_year_stays_in_the_new_year(utc_process):
    published = to_datetime("2024-01-01 00:30", VN)
    assert published.year == 2024
    assert published.astimezone(UTC).year == 2023  # the trap: in UTC it is still 2023
    assert to_datetime(datetime(2024, 1, 1, 0, 30), VN).year == 2024


def test_to_date_accepts_dates_datetimes_and_date_strings():
    assert to_date(date(2024, 1, 10)) == date(2024, 1, 10)
    assert to_date(datetime(2024, 1, 10, 16, 30)) == date(2024, 1, 10)
    assert to_date("2024-01-10") == date(2024, 1, 10)


@pytest.mark.parametrize("value", ["2024-01-10 10:00", "hôm qua", 20240110])
def test_to_date_refuses_times_and_other_values(value):
    with pytest.raises(DateValueError, match="expected a date like 2024-01-10"):
        to_date(value)


def test_to_date_refuses_an_impossible_date():
    with pytest.raises(DateValueError, match="is not a real date"):
        to_date("2023-02-30")


def test_the_dateline_reads_time_weekday_and_day_month_year():
    dt = to_datetime("2024-01-10 16:30", VN)
    assert format_dateline(dt, WEEKDAYS) == "16:30, Thứ Tư, 10/01/2024"


@pytest.mark.parametrize("day", range(8, 15))  # Monday 8/1/2024 … Sunday 14/1/2024
def test_the_dateline_weekday_list_starts_on_monday(day):
    dt = datetime(2024, 1, day, 7, 5, tzinfo=VN)
    assert format_dateline(dt, WEEKDAYS) == f"07:05, {WEEKDAYS[day - 8]}, {day:02d}/01/2024"


def test_format_date_is_day_month_year_with_zeros():
    assert format_date(date(2024, 1, 5)) == "05/01/2024"
    assert format_date(datetime(2024, 11, 25, 8, 0, tzinfo=VN)) == "25/11/2024"


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        (VN, "GMT+7"),
        (UTC, "GMT+0"),
        (ZoneInfo("Asia/Kolkata"), "GMT+5:30"),
        (ZoneInfo("America/St_Johns"), "GMT-3:30"),
        (timezone(timedelta(hours=-5)), "GMT-5"),
    ],
)
def test_gmt_offset_names_the_offset(tz, expected):
    assert gmt_offset(datetime(2024, 1, 10, 12, 0, tzinfo=tz)) == expected
