"""Which week a digest covers and when it is due; which week people mean.

A digest belongs to the ISO week of the moment it is made in the configured zone; it
reports the seven days before that moment and looks two weeks ahead for deadlines. It is
due once the first scheduled time of its week has passed (the scheduler knows the
schedule), and goes out once per week. A digest of a past week (`!bericht KW 45`) is
made as of the last moment of that week and reports that week, Monday to Sunday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from plan.spelling import Invalid, explicit_date, fold

# the updates a digest reports: the seven days before it
WINDOW = timedelta(days=7)
# the deadlines it announces: the next fourteen days
DUE_SOON = timedelta(days=14)
# the weeks the progress trend of the chart shows, this one included
TREND_WEEKS = 12
# how far back a week number without a year may lie; beyond, the year is asked for
YEAR_UNSAID = timedelta(weeks=26)

_KW = re.compile(r"^(?:kw|woche|week|wk|w)\s*\.?\s*(\d{1,2})(?:\s*[/ ]\s*(\d{4}))?$")
# weeks counted back from this one
_RELATIVE = {
    "diese woche": 0,
    "this week": 0,
    "letzte woche": 1,
    "vorige woche": 1,
    "vergangene woche": 1,
    "last week": 1,
    "previous week": 1,
    "vorletzte woche": 2,
    "the week before last": 2,
}


@dataclass(frozen=True)
class DigestWeek:
    """The ISO week of a digest, and the span of time it reports."""

    year: int
    week: int
    monday: datetime  # 00:00 local time, the start of the week
    now: datetime  # local time

    @classmethod
    def of(cls, now: datetime, tz: ZoneInfo) -> DigestWeek:
        """The week `now` falls in, in zone `tz`."""
        local = now.astimezone(tz)
        year, week, _ = local.isocalendar()
        monday = (local - timedelta(days=local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        return cls(year, week, monday, local)

    @classmethod
    def ending(cls, year: int, week: int, tz: ZoneInfo) -> DigestWeek:
        """ISO week `week` of `year` as of its last moment (Sunday, just before midnight).

        Raises:
            Invalid: the year has no such week.
        """
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise Invalid("error.bad_week", week=week) from None
        end = datetime.combine(monday + timedelta(days=7), time.min, tzinfo=tz)
        return cls.of(end - timedelta(microseconds=1), tz)

    def earlier(self, weeks: int, tz: ZoneInfo) -> DigestWeek:
        """The week `weeks` before this one, as of its last moment."""
        year, week, _ = (self.monday.date() - timedelta(weeks=weeks)).isocalendar()
        return DigestWeek.ending(year, week, tz)

    def trend(self, tz: ZoneInfo) -> list[DigestWeek]:
        """The TREND_WEEKS weeks up to this one, oldest first (this one as of `now`)."""
        return [self.earlier(n, tz) for n in range(TREND_WEEKS - 1, 0, -1)] + [self]

    @property
    def since(self) -> datetime:
        """The start of the span whose updates the digest reports."""
        return self.now - WINDOW

    @property
    def today(self) -> date:
        """The local date the digest is made on."""
        return self.now.date()

    @property
    def due_soon_until(self) -> date:
        """The last day whose deadlines count as "due soon"."""
        return self.today + DUE_SOON

    @property
    def key(self) -> str:
        """A stable name of the week, e.g. "2026-W48" (for transaction ids)."""
        return f"{self.year}-W{self.week:02d}"

    def is_due(self, scheduled: datetime | None) -> bool:
        """Whether the week's scheduled time (`scheduled`, None: none this week) has passed."""
        return scheduled is not None and scheduled <= self.now


def named_week(text: str, today: date) -> tuple[int, int] | None:
    """The ISO week (year, number) people name: "KW 45", "KW 45 2026", "letzte Woche",
    "vorletzte Woche", a date in it ("12.11.2026"); None for this week ("diese Woche").

    A week without a year is this year's; one still to come this year is last year's if
    that was within half a year, else the year is asked for.

    Raises:
        Invalid: no such week, a week still to come, or not a week at all.
    """
    folded = " ".join(fold(text).split())
    if folded in _RELATIVE:
        back = _RELATIVE[folded]
        if back == 0:
            return None
        year, week, _ = (today - timedelta(weeks=back)).isocalendar()
        return year, week
    if match := _KW.match(folded):
        week = int(match[1])
        year = int(match[2]) if match[2] else today.isocalendar()[0]
        last_year = not match[2] and (year, week) > today.isocalendar()[:2]
        if last_year:
            year -= 1  # KW 50 in January: last December's
        named = (year, week)
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise Invalid("error.bad_week", week=week) from None
        # around New Year the ISO year is not the calendar year: "KW 1" on 1 January
        unsure = last_year or today.isocalendar()[0] != today.year
        if unsure and today - monday > YEAR_UNSAID:
            raise Invalid("error.report_week_year", week=week)  # last year's, or a typo?
    else:
        try:
            year, week, _ = explicit_date(text).isocalendar()
        except Invalid:
            raise Invalid("error.bad_report_week", value=text) from None
        named = (year, week)
    current = today.isocalendar()[:2]
    if named > current:
        raise Invalid("error.week_to_come", week=named[1], year=named[0])
    return None if named == current else named
