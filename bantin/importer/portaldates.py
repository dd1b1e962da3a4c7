"""Dates as portals print them: the publication stamp near an article's title, and the event day
of its lead ("Chiều 12-2, …").

A stamp is a line that is a date and little else: the date (day first as Vietnamese writes it,
month first as ASP.NET/DNN portals print it with AM/PM, ISO, or "ngày 15 tháng 1 năm 2024"), an
optional time and offset, an optional weekday and a few label words ("Cập nhật lúc", "Ngày
đăng:"). A line with more words than that is text, not a stamp, so a lead that opens with a full
date is not taken for one. A stamp with a time is an aware moment (in the offset it gives, else
the site's time zone); a date alone stays a date: an unknown time is never 00:00.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from .model import Moment, Sure

Part = Literal["sang", "chieu", "toi"]

_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_LONG = re.compile(
    r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})(?!\d)", re.IGNORECASE
)
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)")
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2})(?::(\d{2})(?::(\d{2}))?|h(\d{2}))(?![\d:])"
    r"(?:\s*([AaPp]\.?[Mm]\.?|SA|CH)(?![^\W\d_]))?"
)
_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?", re.IGNORECASE)
# Weekdays: Monday is 0, as date.weekday() counts.
_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tư": 2, "bốn": 2, "năm": 3, "sáu": 4, "bảy": 5, "bẩy": 5}
_WEEKDAY = re.compile(
    r"(?<![^\W\d_])(?:thứ\s*(hai|ba|tư|bốn|năm|sáu|bảy|bẩy|[2-7])|(chủ\s*nhật|cn)|t([2-7])"
    r"|(monday|tuesday|wednesday|thursday|friday|saturday|sunday))(?![^\W\d_])",
    re.IGNORECASE,
)
_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Words a stamp line may hold besides the date, the time and the weekday.
_LABEL_WORDS = frozenset(
    "cập nhật lúc ngày đăng giờ vào thời gian xuất bản lần cuối gmt utc ict published updated "
    "posted on at date time ngay dang cap nhat luc".split()
)
_UNKNOWN_WORDS = 2  # other words a stamp line may hold ("Lượt xem: 120")
_STAMP_LENGTH = 120  # a longer line is a paragraph, not a stamp


def parse_stamp(text: str, tz: ZoneInfo) -> Moment | None:
    """The publication moment a portal's stamp line gives, None when ``text`` is not a stamp
    (or names an impossible day). How sure: "sure" when the numbers allow one reading only,
    "likely" when a month-first US stamp could also be read day first, "check" when the
    weekday it names is not the date's."""
    line = unicodedata.normalize("NFC", text).strip()
    if not line or len(line) > _STAMP_LENGTH:
        return None
    found = _find_date(line)
    if found is None:
        return None
    (day, sure), rest = found
    clock, rest = _find_time(rest)
    if clock is _BAD_TIME:
        return None  # "25:61": a stamp we cannot read, not a date without a time
    offset, rest = _find_offset(rest)
    weekday, rest = _find_weekday(rest)
    if not _only_labels(rest):
        return None
    if weekday is not None and weekday != day.weekday():
        sure = "check"
    value: date | datetime = day
    if clock is not None:
        hour, minute, second, zone = clock
        value = datetime(day.year, day.month, day.day, hour, minute, second)
        value = value.replace(tzinfo=zone or offset or tz)
        if offset is not None and value.utcoffset() == value.replace(tzinfo=tz).utcoffset():
            value = value.replace(tzinfo=tz)  # "(GMT+7)" on a Vietnamese site: the site's zone
    return Moment(value, line, "stamp", sure)


def find_stamp(lines: Iterable[str], tz: ZoneInfo) -> Moment | None:
    """The first stamp among ``lines`` (the lines near an article's title)."""
    for line in lines:
        moment = parse_stamp(line, tz)
        if moment is not None:
            return moment
    return None


def _find_date(line: str) -> tuple[tuple[date, Sure], str] | None:
    """The date in ``line`` and how sure its reading is, and the line without it."""
    for pattern, read in ((_ISO, _iso_date), (_LONG, _long_date), (_NUMERIC, None)):
        m = pattern.search(line)
        if m is None:
            continue
        rest = line[: m.start()] + " " + line[m.end() :]
        if read is None:
            found = _numeric_date(m, rest)
        else:
            day = read(m)
            found = (day, "sure") if day is not None else None
        if found is None:
            return None
        if pattern is _ISO and m.group(4):  # the ISO time and offset are read here
            clock = f"{m.group(4)}:{m.group(5)}:{m.group(6) or '00'}"
            rest = f"{clock} {_iso_offset(m.group(7))} {rest}"
        return found, rest
    return None


def _iso_date(m: re.Match[str]) -> date | None:
    return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _iso_offset(text: str | None) -> str:
    if not text:
        return ""
    if text == "Z":
        return "UTC"
    return f"GMT{text}"


def _long_date(m: re.Match[str]) -> date | None:
    return _day(int(m.group(3)), int(m.group(2)), int(m.group(1)))


def _numeric_date(m: re.Match[str], rest: str) -> tuple[date, Sure] | None:
    """Day first, as Vietnamese writes it; month first when the numbers say so, or when the
    stamp has an AM/PM time with a slash (the ASP.NET/DNN portals' US order): "likely" then,
    unless the numbers allow one reading only. A weekday that fits only the other reading
    chooses that one ("likely")."""
    first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    us_clock = m.group(2) == "/" and bool(re.search(r"\d\s*[AaPp]\.?[Mm]\b", rest))
    day_first = _day(year, second, first)
    month_first = _day(year, first, second)
    if day_first is None or month_first is None:
        found = day_first or month_first
        return (found, "sure") if found is not None else None
    if day_first == month_first:
        return day_first, "sure"
    preferred, other = (month_first, day_first) if us_clock else (day_first, month_first)
    weekday, _ = _find_weekday(rest)
    if weekday is not None and weekday == other.weekday() != preferred.weekday():
        return other, "likely"
    return preferred, "likely" if us_clock else "sure"


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_BAD_TIME = (-1, -1, -1, None)  # a time that is not a time of day ("25:61", "13:00 PM")


def _find_time(text: str) -> tuple[tuple[int, int, int, tzinfo | None] | None, str]:
    """(hour, minute, second, None) of the time in ``text`` and the text without it; None when
    there is no time, ``_BAD_TIME`` when it is not a time of day."""
    m = _TIME.search(text)
    if m is None:
        return None, text
    hour = int(m.group(1))
    minute = int(m.group(2) or m.group(4))
    second = int(m.group(3) or 0)
    marker = (m.group(5) or "").replace(".", "").upper()
    if marker:
        if not 1 <= hour <= 12:
            return _BAD_TIME, text
        hour = hour % 12 + (12 if marker in ("PM", "CH") else 0)
    if hour > 23 or minute > 59 or second > 59:
        return _BAD_TIME, text
    return (hour, minute, second, None), text[: m.start()] + " " + text[m.end() :]


def _find_offset(text: str) -> tuple[tzinfo | None, str]:
    m = _OFFSET.search(text)
    if m is None:
        return None, text
    rest = text[: m.start()] + " " + text[m.end() :]
    if not m.group(1):
        return UTC, rest
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None, text
    sign = -1 if m.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes)), rest


def _find_weekday(text: str) -> tuple[int | None, str]:
    m = _WEEKDAY.search(text)
    if m is None:
        return None, text
    rest = text[: m.start()] + " " + text[m.end() :]
    word, sunday, short, english = m.groups()
    if sunday:
        return 6, rest
    if english:
        return _ENGLISH_DAYS.index(english.lower()), rest
    number = short or word.lower()
    if number.isdigit():
        return int(number) - 2, rest
    return _WEEKDAY_WORDS[number], rest


def _only_labels(rest: str) -> bool:
    """Whether what is left of a line besides its date, time and weekday is labels only."""
    words = re.findall(r"[^\W\d_]+", rest.casefold())
    return sum(w not in _LABEL_WORDS for w in words) <= _UNKNOWN_WORDS


# ------------------------------------------------------------------ the event day of the lead


@dataclass
class EventDay:
    """The day an article's event took place, read from its lead, with the part of the day."""

    day: date
    part: Part | None
    evidence: str  # the words it was read from, as written ("Chiều 12-2")
    sure: Sure


# A dateline code before the lead: "BBK -", "LCO - ", "CTTĐT -", "(Baonamdinh.vn) -", "(NTO)".
_DATELINE = re.compile(
    r"^[ \t]*(?:\(([^()\n]{1,40})\)[ \t]*(?:[-–—:][ \t]*)?"
    r"|([A-ZĐ][A-ZĐÂĂÊÔƠƯ0-9.]{1,11})[ \t]*[-–—][ \t]*)"
)
_PARTS: dict[str, Part] = {"sáng": "sang", "chiều": "chieu", "tối": "toi"}
_LEAD_DAY = re.compile(
    r"^(?:(sáng|chiều|tối|trưa|đêm)(?:\s+nay)?\s*,?\s*(?:\(\s*)?(?:ngày\s+)?|ngày\s+)"
    r"(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}))?(?!\d)(?:\s*\))?",
    re.IGNORECASE,
)
_YEAR_IN_TEXT = re.compile(r"(?<![^\W\d_])năm\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)


def split_dateline(text: str) -> tuple[str, str]:
    """(the dateline code at the start of ``text``, "" when none; the text after it): "BBK
    -Ngày 05/7, …" → ("BBK", "Ngày 05/7, …"); "(Baonamdinh.vn) - Sáng …" → ("Baonamdinh.vn",
    "Sáng …")."""
    m = _DATELINE.match(text)
    if m is None:
        return "", text
    rest = text[m.end() :]
    if not rest.strip():
        return "", text
    return (m.group(1) or m.group(2)).strip(), rest


def event_from_lead(lead: str, published: date | None, text_year: int | None) -> EventDay | None:
    """The event day a lead opens with ("Ngày 05/7", "Chiều 12-2", "Tối ngày 19/7/2023",
    "Sáng nay (12/3)", after a dateline code). The year: the lead's own ("sure"); else the
    last such day not after the publication date ("sure": an article is written after its
    event); else ``text_year`` ("likely"); else None, as for a day that does not exist."""
    text = unicodedata.normalize("NFC", lead).strip()
    _, text = split_dateline(text)
    m = _LEAD_DAY.match(text.lstrip())
    if m is None:
        return None
    word, dd, mm, yyyy = m.groups()
    part = _PARTS.get(word.lower()) if word else None
    day, month = int(dd), int(mm)
    evidence = m.group(0).strip()
    if yyyy:
        found = _day(int(yyyy), month, day)
        return EventDay(found, part, evidence, "sure") if found else None
    if published is not None:
        if isinstance(published, datetime):
            published = published.date()
        for year in (published.year, published.year - 1, published.year - 4):
            found = _day(year, month, day)
            if found is not None and found <= published:
                return EventDay(found, part, evidence, "sure")
        return None
    if text_year is not None:
        found = _day(text_year, month, day)
        return EventDay(found, part, evidence, "likely") if found else None
    return None


def year_in_text(text: str) -> int | None:
    """The year an article is about: the first "năm 2023" it says (its title, when the text
    starts with it); None when it names none."""
    m = _YEAR_IN_TEXT.search(unicodedata.normalize("NFC", text))
    return int(m.group(1)) if m else None
