"""German (and English) deadline phrases as staff write them, resolved against "today".

General date libraries guess where staff expect a question: dateparser returns nothing
for "nächsten Freitag" or "Ende März" and reads "05.04." as a time; dateutil turns
"March 2027" into the 25th. This grammar knows the families of phrases PRODUCT.md names
and refuses what it cannot resolve with certainty. Phrases are folded first (case,
umlauts), filler words dropped ("bis", "zum", "spätestens", "by", "the"), stray spaces
and a trailing period ignored. Words and their tables live in `plan.date_words`, periods
in `plan.date_periods`. The families, German and English:

- days: heute, morgen, übermorgen; today, tomorrow, day after tomorrow.
- numeric: 31.03.2027, 31.3.27, 31.03., 2027-03-31. Any date without a year is its next
  occurrence on or after today.
- day only: "zum 15.", "bis zum 15", "am 3.", "the 15th": that day this month, or next
  month once it has passed; asked about if that month lacks the day ("zum 31." in Nov).
- day and month: "31. März [2027]", "15. Okt.", "March 31", "15. nächsten Monats". Month
  names come from one table: full, abbreviated, with or without period and umlauts.
- weekdays: "Freitag", "nächsten Freitag", "next Friday" are the first such day after
  today; "übernächsten Freitag", "Friday after next" the one after that; a weekday with
  a week ("Freitag nächster Woche", "Dienstag KW 12") is that day of that week.
- periods: weeks ("diese/nächste/übernächste Woche", "KW 12 [2028]", "week 12"), months
  ("März [2027]", "nächster Monat"), quarters ("Q3", "3. Quartal", "drittes Quartal",
  "III. Quartal", "third quarter"), half-years ("H2", "2. Halbjahr", "zweites Halbjahr",
  "second half"), years ("2027", "nächstes Jahr"); "this/next/after-next" and the plain
  noun after a part ("Ende des Quartals") are counted from today. A year may follow a
  numbered period ("Q3 2027", "H1 nächsten Jahres").
  Ende/end of a period is its last day, but a week ends on its Friday (like "KW n");
  Anfang/Beginn/start is its first day (a week's Monday); Mitte/mid is the 15th and only
  for months; early/late only for months. A week, quarter or half-year named alone means
  its end; a month or a year named alone is asked about. A numbered period without a
  year is the next whose day is on or after today ("Mitte November" in late November is
  next year's); a this/next one is not moved ("Ende dieser Woche" on Saturday is past).
- offsets: "in / innerhalb (von) / binnen / within [den nächsten] N Tagen, Wochen,
  Monaten, Jahren", "N days from now", "in einem halben Jahr" (six months). Months are
  calendar months, clipped to the month's end; fractions ("anderthalb", "1,5") are refused.
- refused with a question: a bare month or year, "nächsten Monat", "Mitte Q3", "Mitte
  nächster Woche", "Wochenende", slash dates (3/4/2027), a weekday that contradicts its
  date. Refused outright: past dates, dates over 30 years ahead, "Q5", "H3", "KW 54",
  and anything else: a wrong date is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from plan.date_periods import (
    Kind,
    around,
    day_in,
    first_from,
    months_later,
    numbered_span,
    part_of_period,
    period,
)
from plan.date_words import (
    COUNT,
    MONTH,
    MONTHS,
    NUMBERS,
    RELATIVE,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    normalise,
    year_of,
)
from plan.spelling import Invalid

# how far ahead a deadline may lie before we suspect a typo (31.03.2927)
MAX_YEARS_AHEAD = 30


def _day_month(day: int, month: int, year: int | None, today: date) -> date:
    if not 1 <= month <= 12:
        raise Invalid("error.bad_date", value=f"{day}.{month}.")
    found = first_from(today, day_in(day, numbered_span(Kind.MONTH, month, year, today)))
    if found is None:
        raise Invalid("error.bad_date", value=f"{day}.{month}.")
    return found


def _day_of_month(day: int, today: date) -> date:
    """Day `day` of this month if it is still to come, else of the next month."""
    if not 1 <= day <= 31:
        raise Invalid("error.bad_date", value=f"{day}.")
    month = around(Kind.MONTH, today, 0 if day >= today.day else 1)
    if day > month.last.day:
        raise Invalid("error.date_day_not_in_month", value=f"{day}.", date=month.last)
    return month.first.replace(day=day)


def _day_in_month_span(phrase: str, today: date) -> date | None:
    """ "15. nächsten Monats", "1. Dezember", "31st March 2027", or None."""
    match = re.fullmatch(r"(\d{1,2})(?:\.|st|nd|rd|th)? ?(.+)", phrase)
    span = period(match[2], today) if match else None
    if match is None or span is None or span.kind is not Kind.MONTH:
        return None
    found = first_from(today, day_in(int(match[1]), span))
    if found is None:
        raise Invalid("error.bad_date", value=phrase)
    return found


def _weekday_of_week(phrase: str, today: date) -> date | None:
    """ "Freitag nächster Woche", "next week Friday", "Dienstag KW 12", or None."""
    for pattern in (rf"{WEEKDAY}\.? (?:in )?(?P<rest>.+)", rf"(?P<rest>.+) {WEEKDAY}\.?"):
        match = re.fullmatch(pattern, phrase)
        span = period(match["rest"], today) if match else None
        if match and span is not None and span.kind is Kind.WEEK:
            offset = timedelta(days=WEEKDAYS[match["weekday"]])
            return first_from(today, (week.first + offset for week in span.periods))
    return None


def _weekday_after(today: date, weekday: int, weeks_later: int = 0) -> date:
    ahead = (weekday - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=ahead + 7 * weeks_later)


def _offset(amount: int, unit: str, today: date) -> date:
    if unit.startswith(("tag", "day")):
        return today + timedelta(days=amount)
    if unit.startswith(("woche", "week")):
        return today + timedelta(weeks=amount)
    return months_later(today, amount if unit.startswith(("monat", "month")) else 12 * amount)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS[text]


_WITHIN = r"(?:in|innerhalb(?: von)?|binnen|within)"
_UNIT = (
    r"(tag|tage|tagen|tages|woche|wochen|monat|monate|monaten|monats|"
    r"jahr|jahre|jahren|jahres|days?|weeks?|months?|years?)"
)
Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date], date]]
RULES: list[Rule] = [
    (re.compile(r"(?:heute|today)"), lambda m, t: t),
    (re.compile(r"(?:morgen|tomorrow)"), lambda m, t: t + timedelta(days=1)),
    (re.compile(r"(?:uebermorgen|day after tomorrow)"), lambda m, t: t + timedelta(days=2)),
    # 31.03.2027, 31.3.27, 31.03., 31.3
    (
        re.compile(r"(\d{1,2})\.(\d{1,2})\.?(\d{4}|\d{2})?"),
        lambda m, t: _day_month(
            int(m[1]), int(m[2]),
            None if m[3] is None else int(m[3]) + (2000 if len(m[3]) == 2 else 0), t,
        ),
    ),
    # 2027-03-31
    (
        re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
        lambda m, t: _day_month(int(m[3]), int(m[2]), int(m[1]), t),
    ),
    # zum 15., the 15th
    (re.compile(r"(\d{1,2})(?:\.|st|nd|rd|th)"), lambda m, t: _day_of_month(int(m[1]), t)),
    # March 31, 2027 / march 31st
    (
        re.compile(rf"{MONTH}\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?: {YEAR})?"),
        lambda m, t: _day_month(int(m["day"]), MONTHS[m["month"]], year_of(m["year"], t), t),
    ),
    # in 10 Tagen, innerhalb von 2 Wochen, binnen eines Monats, within the next 3 days
    (
        re.compile(rf"{_WITHIN}(?: (?:naechsten|kommenden|next))? {COUNT} {_UNIT}"),
        lambda m, t: _offset(_number(m[1]), m[2], t),
    ),
    # 2 weeks from now, 10 Tage ab heute
    (
        re.compile(rf"{COUNT} {_UNIT} (?:from (?:now|today)|ab heute|von heute an)"),
        lambda m, t: _offset(_number(m[1]), m[2], t),
    ),
    # in einem halben Jahr, innerhalb eines halben Jahres, in half a year
    (
        re.compile(rf"{_WITHIN} (?:(?:einem |eines )?halben jahre?s?|half a year|a half year)"),
        lambda m, t: months_later(t, 6),
    ),
    # übernächsten Freitag, Friday after next
    (
        re.compile(rf"uebernaechste[nrm]? {WEEKDAY}\.?"),
        lambda m, t: _weekday_after(t, WEEKDAYS[m["weekday"]], weeks_later=1),
    ),
    (
        re.compile(rf"{WEEKDAY}\.? after next"),
        lambda m, t: _weekday_after(t, WEEKDAYS[m["weekday"]], weeks_later=1),
    ),
    # Freitag, nächsten Freitag, kommenden Montag, diesen Freitag, next friday
    (
        re.compile(
            rf"(?:(?:naechste[nrm]?|kommende[nrm]?|diese[nrm]?|next|this|coming) )?{WEEKDAY}\.?"
        ),
        lambda m, t: _weekday_after(t, WEEKDAYS[m["weekday"]]),
    ),
]  # fmt: skip

# read after the rules: each returns None when the phrase is not of its family
FAMILIES: list[Callable[[str, date], date | None]] = [
    _weekday_of_week,
    _day_in_month_span,
    part_of_period,
]

# phrases that name no single day: answered with a question, never guessed
QUESTIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(?:(?:{RELATIVE}) )?(?:wochenende|weekend)"), "error.date_which_day"),
    (re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?"), "error.date_slashes"),
]

_WEEKDAY_PREFIX = re.compile(rf"{WEEKDAY}\.? (?P<rest>.+)")


def _resolve(phrase: str, today: date) -> date:
    """The day a normalised phrase names (not yet checked against today)."""
    for pattern, resolve in RULES:
        if (match := pattern.fullmatch(phrase)) is not None:
            return resolve(match, today)
    for family in FAMILIES:
        if (found := family(phrase, today)) is not None:
            return found
    for pattern, key in QUESTIONS:
        if pattern.fullmatch(phrase):
            raise Invalid(key, value=phrase)
    raise Invalid("error.bad_date", value=phrase)


def parse_date(text: str, today: date) -> date:
    """The day `text` names, on or after `today`.

    A weekday in front of a date ("Di., 01.12.2026") must match it; otherwise the
    phrase is refused with the weekday the date really has.

    Raises:
        Invalid: the phrase is unknown, names a past day, or needs a question.
    """
    phrase = normalise(text)
    try:
        result = _resolve(phrase, today)
    except Invalid as refusal:
        prefixed = _WEEKDAY_PREFIX.fullmatch(phrase)
        if prefixed is None:
            raise Invalid(refusal.key, **(refusal.values | {"value": text.strip()})) from None
        try:
            result = _resolve(prefixed["rest"], today)
        except Invalid:
            raise Invalid(refusal.key, **(refusal.values | {"value": text.strip()})) from None
        if result.weekday() != WEEKDAYS[prefixed["weekday"]]:
            raise Invalid("error.date_weekday_mismatch", value=text.strip(), date=result) from None
    if result < today:
        raise Invalid("error.past_date", date=result)
    if result.year > today.year + MAX_YEARS_AHEAD:
        raise Invalid("error.date_too_far", date=result)
    return result
