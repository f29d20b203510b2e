"""Working days in Hannover: Monday to Friday, except public holidays in Lower Saxony."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv="NI", years=year)


@cache  # the daily reminder run asks about the same few hundred days for every measure
def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday in Lower Saxony."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def nearest_working_day(day: date, step: int) -> date:
    """`day` if it is a working day, else the next one in direction `step` (-1 or 1)."""
    while not is_working_day(day):
        day += timedelta(days=step)
    return day
