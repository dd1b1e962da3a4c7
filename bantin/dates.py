"""Dates in the site's time zone and their Vietnamese renderings."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .messages import msg

_ISO_LOOSE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


class DateValueError(ValueError):
    """A value that is not a date; ``message`` says why, in any language (a
    :class:`~bantin.messages.Msg`: ``str(exc)`` is its English text only)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Python's words for an impossible date, said in the user's language by :func:`date_reason`
_REASONS = {
    "day is out of range for month": lambda: msg("load.date_reason.day"),
    "month must be in 1..12": lambda: msg("load.date_reason.month"),
    "hour must be in 0..23": lambda: msg("load.date_reason.hour"),
    "minute must be in 0..59": lambda: msg("load.date_reason.minute"),
    "second must be in 0..59": lambda: msg("load.date_reason.second"),
}
_YEAR_OUT_OF_RANGE = re.compile(r"year (-?\d+) is out of range")


def date_reason(exc: Exception) -> str:
    """Why a date is impossible: Python's words, as a message where they are known ones."""
    text = str(exc)
    said = _REASONS.get(text)
    if said is not None:
        return said()
    year = _YEAR_OUT_OF_RANGE.fullmatch(text)
    if year:
        return msg("load.date_reason.year", year=year.group(1))
    return text


def to_datetime(value: object, tz: ZoneInfo) -> datetime:
    """A timezone-aware datetime from what YAML gave: a date is the start of that day in the
    site's time zone (the moment that orders it; :func:`has_time` says it was a day only), a
    naive datetime is taken in the site's time zone, and strings such as ``2024-01-10 16:30``
    are parsed. Raises :class:`DateValueError` for anything else."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None else value
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tz)
    if isinstance(value, str):
        m = _ISO_LOOSE.match(value.strip())
        if m:
            y, mo, d, hh, mm, ss, off = m.groups()
            try:
                naive = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
            except ValueError as exc:
                raise DateValueError(
                    msg("load.not_a_real_date", value=value, reason=date_reason(exc))
                ) from None
            if off is None:
                return naive.replace(tzinfo=tz)
            iso = naive.isoformat() + ("+00:00" if off == "Z" else off[:3] + ":" + off[-2:])
            return datetime.fromisoformat(iso)
    raise DateValueError(msg("load.expected_datetime", value=repr(value)))


def has_time(value: object) -> bool:
    """Whether what YAML gave for a date-time holds a time of day: ``2024-01-10`` (a date, or
    that text) does not, ``2024-01-10 16:30`` does. A time the writer did not give is never
    shown."""
    if isinstance(value, datetime):
        return True
    if isinstance(value, date):
        return False
    if isinstance(value, str):
        m = _ISO_LOOSE.match(value.strip())
        return m is None or m.group(4) is not None
    return True


def to_date(value: object, tz: ZoneInfo | None = None) -> date:
    """A date; a date-time with an offset counts as the day it is in the site's time zone."""
    if isinstance(value, datetime):
        if value.tzinfo is not None and tz is not None:
            return value.astimezone(tz).date()
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = _ISO_LOOSE.match(value.strip())
        if m and not m.group(4):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError as exc:
                raise DateValueError(
                    msg("load.not_a_real_date", value=value, reason=date_reason(exc))
                ) from None
    raise DateValueError(msg("load.expected_date", value=repr(value)))


def format_dateline(dt: date | datetime, weekdays: list[str]) -> str:
    """``16:30, Thứ Tư, 10/01/2024`` — the portal convention; ``weekdays`` starts on Monday.
    A date without a time (a ``date``, not a ``datetime``) is ``Thứ Tư, 10/01/2024``."""
    day = f"{weekdays[dt.weekday()]}, {dt:%d/%m/%Y}"
    return f"{dt:%H:%M}, {day}" if isinstance(dt, datetime) else day


def format_date(d: date | datetime) -> str:
    return f"{d:%d/%m/%Y}"


def gmt_offset(dt: datetime) -> str:
    """``GMT+7`` for the offset of ``dt``."""
    offset = dt.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{mins:02d}" if mins else "")
