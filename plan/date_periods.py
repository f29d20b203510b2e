"""Calendar periods a date phrase names (weeks, months, quarters, half-years, years), how
they are written, and the day that stands for each: its end, start or middle.

The rules are part of the grammar described in `plan.date_phrases`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from plan.date_words import MONTH, MONTHS, ORDINALS, RELATIVE, YEAR, ahead, alternatives, year_of
from plan.spelling import Invalid

# how many years ahead a phrase without a year may reach for its next occurrence
YEARS_AHEAD = 9


class Kind(enum.Enum):
    """The length of a period."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


_MONTHS_IN = {Kind.MONTH: 1, Kind.QUARTER: 3, Kind.HALF: 6, Kind.YEAR: 12}
# how many of each period a year has: "Q5" and "H3" do not exist
_PER_YEAR = {Kind.MONTH: 12, Kind.QUARTER: 4, Kind.HALF: 2, Kind.YEAR: 1}
_OUT_OF_RANGE = {
    Kind.QUARTER: ("error.bad_quarter", "quarter"),
    Kind.HALF: ("error.bad_half_year", "half"),
}


@dataclass(frozen=True)
class Period:
    """A period from `first` to `last`, both included."""

    kind: Kind
    first: date
    last: date

    @property
    def end(self) -> date:
        """The day "by the end of" it means: its last day, but a week ends on its Friday."""
        return self.first + timedelta(days=4) if self.kind is Kind.WEEK else self.last


@dataclass(frozen=True)
class Span:
    """The period a phrase names: one, or one per year from this year on (the next counts)."""

    periods: tuple[Period, ...]
    ask: str | None  # the question when it is named alone ("März"); None: it means its end

    @property
    def kind(self) -> Kind:
        """Whether the span is of weeks, months, quarters, half-years or years."""
        return self.periods[0].kind


def months_later(day: date, months: int) -> date:
    """The same day `months` later, clipped to the end of a shorter month."""
    later: date = day + relativedelta(months=months)
    return later


def numbered(kind: Kind, number: int, year: int) -> Period:
    """The `number`th month, quarter or half-year of `year` (from 1), or the year itself."""
    first = date(year, (number - 1) * _MONTHS_IN[kind] + 1, 1)
    return Period(kind, first, months_later(first, _MONTHS_IN[kind]) - timedelta(days=1))


def around(kind: Kind, today: date, later: int) -> Period:
    """The period of `kind` that contains today, or the one `later` periods after it."""
    if kind is Kind.WEEK:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=later)
        return Period(kind, monday, monday + timedelta(days=6))
    months = _MONTHS_IN[kind]
    current = numbered(kind, (today.month - 1) // months + 1, today.year)
    first = months_later(current.first, months * later)
    return Period(kind, first, months_later(first, months) - timedelta(days=1))


def first_from(today: date, candidates: Iterable[date | None]) -> date | None:
    """The first candidate on or after today; the last one if all are past; None if none."""
    last = None
    for candidate in candidates:
        if candidate is not None and candidate >= today:
            return candidate
        last = candidate or last
    return last


def day_in(day: int, span: Span) -> list[date | None]:
    """Day `day` of each month of a span of months, None where a month is too short."""
    return [p.first.replace(day=day) if 1 <= day <= p.last.day else None for p in span.periods]


# --- how periods are written -------------------------------------------------------------

_NOUNS = {
    Kind.WEEK: r"woche|week",
    Kind.MONTH: r"monats?|month",
    Kind.QUARTER: r"quartale?s?|quarter",
    Kind.HALF: r"halbjahre?s?|half[- ]?year|jahreshaelfte",
    Kind.YEAR: r"jahre?s?|year",
}
_NOUN = f"(?P<noun>{'|'.join(_NOUNS.values())})"
# the ordinal of a quarter or half-year: "3.", "3rd", "drittes", "third", "III."; a bare
# number is not one: "in 1 Quartal" is three months from now, not the first quarter
_INDEX = rf"(?:(?P<n>\d{{1,2}})(?:\.|st|nd|rd|th)|(?P<word>{alternatives(ORDINALS)})\.?)"
_QUARTER, _HALF = _NOUNS[Kind.QUARTER], _NOUNS[Kind.HALF]
_NUMBERED: list[tuple[Kind, re.Pattern[str]]] = [
    (Kind.QUARTER, re.compile(rf"q ?(?P<n>\d{{1,2}})(?:[ /-]{YEAR})?")),
    (Kind.QUARTER, re.compile(rf"{_INDEX} ?(?:{_QUARTER})(?: {YEAR})?")),
    (Kind.QUARTER, re.compile(rf"(?:{_QUARTER}) (?P<n>\d{{1,2}})(?:[ /]{YEAR})?")),
    (Kind.HALF, re.compile(rf"(?:h|hj) ?(?P<n>\d{{1,2}})(?:[ /-]{YEAR})?")),
    (Kind.HALF, re.compile(rf"{_INDEX} ?(?:{_HALF}|hj|half)(?: {YEAR})?")),
    (Kind.HALF, re.compile(rf"(?:{_HALF}) (?P<n>\d{{1,2}})(?:[ /]{YEAR})?")),
]
_WEEKS = [
    re.compile(rf"(?:kw|kalenderwoche|calendar week|cw|wk|week|woche)[ -]?(?P<n>\d{{1,2}})"
               rf"(?:[ /-]{YEAR})?"),
    re.compile(rf"(?P<n>\d{{1,2}})\. ?(?:kw|kalenderwoche)(?: {YEAR})?"),
]  # fmt: skip
_MONTH_NAME = re.compile(rf"{MONTH}\.?(?: {YEAR})?")
_YEAR_NUMBER = re.compile(r"(?:(?:jahre?s?|year) )?(?P<year>\d{4}|'\d{2})")
_AROUND = re.compile(rf"(?P<relative>{RELATIVE}) {_NOUN}")
_AFTER_NEXT = re.compile(rf"{_NOUN} after next")
_THIS_ONE = re.compile(_NOUN)

# the question for a period named alone ("März", "2027"); the others mean their end
_ASK = {Kind.MONTH: "error.date_which_part_of_month", Kind.YEAR: "error.date_which_part_of_year"}
# the question for "Mitte" of a period other than a month
_ASK_MIDDLE = {
    Kind.WEEK: "error.date_which_day",
    Kind.QUARTER: "error.date_which_part_of_period",
    Kind.HALF: "error.date_which_part_of_period",
    Kind.YEAR: "error.date_which_part_of_year",
}
_END = ("ende", "end", "late")
_START = ("anfang", "anfangs", "beginn", "start", "beginning", "early")
_MIDDLE = ("mitte", "mid", "middle")
_MONTHS_ONLY = ("late", "early")
_PART = re.compile(rf"(?:(?P<part>{'|'.join(_END + _START + _MIDDLE)}) |(?:im|in) )?(?P<rest>.+)")


def _kind(noun: str) -> Kind:
    return next(kind for kind, nouns in _NOUNS.items() if re.fullmatch(nouns, noun))


def _years(year: int | None, today: date) -> Iterable[int]:
    return range(today.year, today.year + YEARS_AHEAD) if year is None else (year,)


def numbered_span(kind: Kind, number: int, year: int | None, today: date) -> Span:
    """The `number`th period of `kind` in `year`, or in each year from this one on."""
    if not 1 <= number <= _PER_YEAR[kind]:
        key, name = _OUT_OF_RANGE[kind]
        raise Invalid(key, **{name: number})
    return Span(tuple(numbered(kind, number, y) for y in _years(year, today)), _ASK.get(kind))


def _week_span(week: int, year: int | None, today: date) -> Span:
    weeks = []
    for each in _years(year, today) if 1 <= week <= 53 else ():
        try:
            monday = date.fromisocalendar(each, week, 1)
        except ValueError:  # a year with 52 weeks
            continue
        weeks.append(Period(Kind.WEEK, monday, monday + timedelta(days=6)))
    if not weeks:
        raise Invalid("error.bad_week", week=week)
    return Span(tuple(weeks), None)


def _around_span(kind: Kind, later: int, today: date) -> Span:
    ask = "error.date_which_part_of_next_month" if (kind, later) == (Kind.MONTH, 1) else None
    return Span((around(kind, today, later),), ask or _ASK.get(kind))


def period(text: str, today: date, *, plain_noun: bool = False) -> Span | None:
    """The period `text` names, or None; `plain_noun` lets "Quartals" mean this quarter."""
    if match := _AROUND.fullmatch(text):
        return _around_span(_kind(match["noun"]), ahead(match["relative"]), today)
    if match := _AFTER_NEXT.fullmatch(text):
        return _around_span(_kind(match["noun"]), 2, today)
    if plain_noun and (match := _THIS_ONE.fullmatch(text)):
        return _around_span(_kind(match["noun"]), 0, today)
    for pattern in _WEEKS:
        if match := pattern.fullmatch(text):
            return _week_span(int(match["n"]), year_of(match["year"], today), today)
    if match := _MONTH_NAME.fullmatch(text):
        month = MONTHS[match["month"]]
        return numbered_span(Kind.MONTH, month, year_of(match["year"], today), today)
    for kind, pattern in _NUMBERED:
        if match := pattern.fullmatch(text):
            number = int(match["n"]) if match["n"] else ORDINALS[match["word"]]
            return numbered_span(kind, number, year_of(match["year"], today), today)
    if match := _YEAR_NUMBER.fullmatch(text):
        return numbered_span(Kind.YEAR, 1, year_of(match["year"], today), today)
    return None


def part_of_period(phrase: str, today: date) -> date | None:
    """The day "Ende März", "Anfang nächster Woche", "Q3 2027" or "im 3. Quartal" names.

    None if `phrase` names no period.

    Raises:
        Invalid: the period has no such part, or needs a question ("März", "Mitte Q3").
    """
    match = _PART.fullmatch(phrase)
    part = match["part"] if match else None
    span = period(match["rest"], today, plain_noun=part is not None) if match else None
    if span is None or (part in _MONTHS_ONLY and span.kind is not Kind.MONTH):
        return None
    if part is None and span.ask is not None:
        raise Invalid(span.ask, value=phrase)
    if part is None or part in _END:
        days = [p.end for p in span.periods]
    elif part in _START:
        days = [p.first for p in span.periods]
    elif span.kind is Kind.MONTH:
        days = [p.first.replace(day=15) for p in span.periods]
    else:
        raise Invalid(_ASK_MIDDLE[span.kind], value=phrase)
    return first_from(today, days)
