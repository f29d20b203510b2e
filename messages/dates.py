"""The one German date formatter: every date and time users read is written here."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo


def day(value: date) -> str:
    """A date as TT.MM.JJJJ, e.g. "31.03.2027"."""
    return f"{value:%d.%m.%Y}"


def day_month(value: date) -> str:
    """A date of this week as TT.MM., e.g. "24.11."."""
    return f"{value:%d.%m.}"


def clock(value: time) -> str:
    """A time of day, e.g. "9:00"."""
    return f"{value.hour}:{value.minute:02d}"


def moment(value: datetime, tz: ZoneInfo) -> str:
    """A moment in zone `tz`, e.g. "25.11.2026 10:00"."""
    return f"{value.astimezone(tz):%d.%m.%Y %H:%M}"


def with_weekday(weekdays: str, value: date) -> str:
    """A date with its weekday from the space-separated `weekdays`, e.g. "Fr, 31.03.2028"."""
    return f"{weekdays.split()[value.weekday()]}, {day(value)}"
