"""Dates in the site's time zone and their Vietnamese renderings."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

_ISO_LOOSE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


class DateValueError(ValueError):
    pass


def to_datetime(value: object, tz: ZoneInfo) -> datetime:
    """A timezone-aware datetime from what YAML gave: a date is local midnight, a naive
    datetime is taken in the site's time zone, and strings such as ``2024-01-10 16:30`` are
    parsed. Raises :class:`DateValueError` for anything else."""
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
                raise DateValueError(f"'{value}' is not a real date ({exc})") from None
            if off is None:
                return naive.replace(tzinfo=tz)
            iso = naive.isoformat() + ("+00:00" if off == "Z" else off[:3] + ":" + off[-2:])
            return datetime.fromisoformat(iso)
    raise DateValueError(
        f"expected a date like 2024-01-10 or 2024-01-10T16:30:00+07:00, got {value!r}"
    )


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
                raise DateValueError(f"'{value}' is not a real date ({exc})") from None
    raise DateValueError(f"expected a date like 2024-01-10, got {value!r}")


def format_dateline(dt: datetime, weekdays: list[str]) -> str:
    """``16:30, Thứ Tư, 10/01/2024`` — the portal convention; ``weekdays`` starts on Monday."""
    return f"{dt:%H:%M}, {weekdays[dt.weekday()]}, {dt:%d/%m/%Y}"


def format_date(d: date | datetime) -> str:
    return f"{d:%d/%m/%Y}"


def gmt_offset(dt: datetime) -> str:
    """``GMT+7`` for the offset of ``dt``."""
    offset = dt.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{mins:02d}" if mins else "")
