"""German (and English) deadline phrases as staff write them, resolved against "today".

General date libraries guess where staff expect a question: dateparser returns nothing
for "nächsten Freitag" or "Ende März" and reads "05.04." as a time; dateutil turns
"March 2027" into the 25th. This grammar knows the phrases of PRODUCT.md and refuses
what it cannot resolve with certainty:

- a date without a year is its next occurrence on or after today;
- a weekday is the first such day after today (on a Friday, "Freitag" is a week later);
- "Ende/Mitte/Anfang <Monat>" are the last day, the 15th and the 1st;
- "KW n [Jahr]" is the Friday of ISO week n; "Ende Qn" and "Qn [Jahr]" the quarter's end;
- a past date, a bare month or year, and slash dates (3/4/2027) are refused with a
  question. Calendar arithmetic ("in 3 Monaten") comes from dateutil's relativedelta,
  which clips to the month's end.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from plan.spelling import Invalid, fold

# how far ahead a deadline may lie before we suspect a typo (31.03.2927)
MAX_YEARS_AHEAD = 30

MONTHS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("januar", "jan", "jaenner", "january"),
        ("februar", "feb", "february"),
        ("maerz", "mar", "mrz", "march"),
        ("april", "apr"),
        ("mai", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nov"),
        ("dezember", "dez", "dec", "december"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _index

WEEKDAYS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("montag", "mo", "monday", "mon"),
        ("dienstag", "di", "tuesday", "tue", "tues"),
        ("mittwoch", "mi", "wednesday", "wed"),
        ("donnerstag", "do", "thursday", "thu", "thurs"),
        ("freitag", "fr", "friday", "fri"),
        ("samstag", "sa", "sonnabend", "saturday", "sat"),
        ("sonntag", "so", "sunday", "sun"),
    )
):
    for _name in _names:
        WEEKDAYS[_name] = _index

NUMBERS = {
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "a": 1, "an": 1, "one": 1,
    "zwei": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4, "fuenf": 5, "five": 5,
    "sechs": 6, "six": 6, "sieben": 7, "seven": 7, "acht": 8, "eight": 8, "neun": 9,
    "nine": 9, "zehn": 10, "ten": 10, "elf": 11, "eleven": 11, "zwoelf": 12, "twelve": 12,
    "vierzehn": 14, "fourteen": 14, "zwanzig": 20, "twenty": 20, "dreissig": 30, "thirty": 30,
}  # fmt: skip

# words that frame a date without changing it: "bis zum 30.6.", "spätestens am Freitag"
_FILLER = re.compile(
    r"\b(?:bis|zum|zur|am|den|dem|der|des|spaetestens|voraussichtlich|ca|etwa|"
    r"by|on|until|till|the|of|due)\b"
)
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_DAY = "(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"
_NUM = r"(\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")"
_YEAR = r"(\d{4}|'\d{2})"

Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date], date]]


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return 2000 + int(text[1:]) if text.startswith("'") else int(text)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS[text]


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise Invalid("error.bad_date", value=f"{day:02d}.{month:02d}.{year}") from None


def _next(today: date, build: Callable[[int], date | None]) -> date:
    """The first date `build(year)` gives on or after today, trying this year on."""
    for year in range(today.year, today.year + 9):
        candidate = build(year)
        if candidate is not None and candidate >= today:
            return candidate
    raise Invalid("error.bad_date", value="")


def _day_month(day: int, month: int, year: int | None, today: date) -> date:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise Invalid("error.bad_date", value=f"{day}.{month}.")
    if year is not None:
        return _make(year, month, day)
    if day > calendar.monthrange(2000, month)[1]:  # 2000 is a leap year: 29.02. is fine
        raise Invalid("error.bad_date", value=f"{day}.{month}.")

    def build(y: int) -> date | None:
        return date(y, month, day) if day <= calendar.monthrange(y, month)[1] else None

    return _next(today, build)


def _month_part(part: str, month: int, year: int | None, today: date) -> date:
    def build(y: int) -> date:
        if part in ("ende", "end"):
            return date(y, month, calendar.monthrange(y, month)[1])
        return date(y, month, 15 if part in ("mitte", "mid", "middle") else 1)

    return build(year) if year is not None else _next(today, build)


def _week_friday(week: int, year: int | None, today: date) -> date:
    def build(y: int) -> date | None:
        try:
            return date.fromisocalendar(y, week, 5)
        except ValueError:
            return None

    if not 1 <= week <= 53:
        raise Invalid("error.bad_week", week=week)
    if year is not None:
        found = build(year)
        if found is None:
            raise Invalid("error.bad_week", week=week)
        return found
    return _next(today, build)


def _quarter_end(quarter: int, year: int | None, today: date) -> date:
    if not 1 <= quarter <= 4:
        raise Invalid("error.bad_quarter", quarter=quarter)

    def build(y: int) -> date:
        month = quarter * 3
        return date(y, month, calendar.monthrange(y, month)[1])

    return build(year) if year is not None else _next(today, build)


def _weekday_after(today: date, weekday: int, weeks_later: int = 0) -> date:
    ahead = (weekday - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=ahead + 7 * weeks_later)


def _in(amount: int, unit: str, today: date) -> date:
    if unit.startswith(("tag", "day")):
        return today + timedelta(days=amount)
    if unit.startswith(("woche", "week")):
        return today + timedelta(weeks=amount)
    later: date = today + relativedelta(
        months=amount if unit.startswith(("monat", "month")) else 12 * amount
    )
    return later


def _next_month(today: date) -> date:
    next_month: date = today.replace(day=1) + relativedelta(months=1)
    return next_month


def _month_end(today: date, months_ahead: int) -> date:
    first: date = today.replace(day=1) + relativedelta(months=months_ahead)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


RULES: list[Rule] = [
    (re.compile(r"(?:heute|today)"), lambda m, t: t),
    (re.compile(r"(?:morgen|tomorrow)"), lambda m, t: t + timedelta(days=1)),
    (re.compile(r"uebermorgen"), lambda m, t: t + timedelta(days=2)),
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
    # 31. März 2027, 31 march, 31st march 2027
    (
        re.compile(rf"(\d{{1,2}})(?:\.|st|nd|rd|th)? ?{_MONTH}\.?(?: {_YEAR})?"),
        lambda m, t: _day_month(int(m[1]), MONTHS[m[2]], _year(m[3]), t),
    ),
    # March 31, 2027 / march 31st
    (
        re.compile(rf"{_MONTH}\.? (\d{{1,2}})(?:st|nd|rd|th)?,?(?: {_YEAR})?"),
        lambda m, t: _day_month(int(m[2]), MONTHS[m[1]], _year(m[3]), t),
    ),
    # Ende März, Mitte April 2027, Anfang Mai, end of march
    (
        re.compile(rf"(ende|mitte|anfang|end|mid|middle|beginning|start) {_MONTH}\.?(?: {_YEAR})?"),
        lambda m, t: _month_part(m[1], MONTHS[m[2]], _year(m[3]), t),
    ),
    # Monatsende, Ende des Monats, Ende dieses Monats, end of month
    (
        re.compile(r"(?:monatsende|ende (?:dieses )?monats|end (?:this )?month)"),
        lambda m, t: _month_end(t, 0),
    ),
    # Ende/Mitte/Anfang nächsten Monats, end of next month
    (
        re.compile(r"(ende|mitte|anfang|end|mid|middle|beginning|start) "
                   r"(?:naechsten|kommenden|next) (?:monats?|month)"),
        lambda m, t: _month_part(m[1], _next_month(t).month, _next_month(t).year, t),
    ),
    # Anfang/Ende nächsten Jahres
    (
        re.compile(r"(anfang|ende|beginning|start|end) (?:naechsten|kommenden|next) jahres?"),
        lambda m, t: date(t.year + 1, 12, 31) if m[1] in ("ende", "end")
        else date(t.year + 1, 1, 1),
    ),
    # Jahresende, Ende des Jahres, Ende dieses Jahres, end of year
    (
        re.compile(r"(?:jahresende|ende (?:dieses )?jahres|end (?:this )?year)"),
        lambda m, t: date(t.year, 12, 31),
    ),
    # Ende 2027, Ende des Jahres 2027, end of 2027
    (
        re.compile(r"(?:ende|end)(?: jahres)? (\d{4})"),
        lambda m, t: date(int(m[1]), 12, 31),
    ),
    # KW 12, KW12 2028, KW 12/2028, Kalenderwoche 12, week 12
    (
        re.compile(r"(?:kw|kalenderwoche|week|cw) ?(\d{1,2})(?:[ /](\d{4}))?"),
        lambda m, t: _week_friday(int(m[1]), _year(m[2]), t),
    ),
    # Ende Q2, Q2 2027, Ende Q2/2027, 2. Quartal 2027, Ende des 2. Quartals
    (
        re.compile(r"(?:ende |end )?(?:q ?(\d)|(\d)\. quartals?)(?:[ /](\d{4}))?"),
        lambda m, t: _quarter_end(int(m[1] or m[2]), _year(m[3]), t),
    ),
    # in 10 Tagen, in einer Woche, in zwei Wochen, in 3 Monaten, in 2 weeks
    (
        re.compile(rf"in {_NUM} (tage?n?|wochen?|monate?n?|jahre?n?|days?|weeks?|months?|years?)"),
        lambda m, t: _in(_number(m[1]), m[2], t),
    ),
    # Freitag nächste Woche, nächste Woche Freitag
    (
        re.compile(
            rf"(?:{_DAY}\.? (?:naechste[rn]?|kommende[rn]?) woche"
            rf"|(?:naechste[rn]?|kommende[rn]?) woche {_DAY}\.?)"
        ),
        lambda m, t: _next_week_day(t, WEEKDAYS[m[1] or m[2]]),
    ),
    # übernächsten Freitag
    (
        re.compile(rf"uebernaechsten? {_DAY}\.?"),
        lambda m, t: _weekday_after(t, WEEKDAYS[m[1]], weeks_later=1),
    ),
    # Freitag, nächsten Freitag, kommenden Montag, diesen Freitag, next friday
    (
        re.compile(
            rf"(?:(?:naechste[nrm]?|kommende[nrm]?|diese[nrm]?|next|this|coming) )?{_DAY}\.?"
        ),
        lambda m, t: _weekday_after(t, WEEKDAYS[m[1]]),
    ),
]  # fmt: skip

# phrases that name no single day: answered with a question, never guessed
QUESTIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_MONTH}\.?(?: {_YEAR})?"), "error.date_which_part_of_month"),
    (re.compile(r"(?:\d{4}|'\d{2})"), "error.date_which_part_of_year"),
    (re.compile(r"(?:naechste|kommende|diese) woche|next week|this week"), "error.date_which_day"),
    (re.compile(r"(?:naechsten|kommenden) monat|next month"),
     "error.date_which_part_of_next_month"),
    (re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?"), "error.date_slashes"),
]  # fmt: skip


def _next_week_day(today: date, weekday: int) -> date:
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    return monday + timedelta(days=weekday)


def normalise(text: str) -> str:
    """Fold case and umlauts, drop filler words and stray punctuation, squeeze spaces."""
    text = fold(text)
    text = re.sub(r"[,;!?()]", " ", text)
    text = text.replace("’", "'")
    text = _FILLER.sub(" ", text)
    text = re.sub(r"^\s*(?:ab )?heute in ", "in ", text)
    return " ".join(text.split()).strip(" .")


_WEEKDAY_PREFIX = re.compile(rf"{_DAY}\.? (.+)")


def _resolve(phrase: str, today: date) -> date:
    """The day a normalised phrase names (not yet checked against today)."""
    for pattern, resolve in RULES:
        if (match := pattern.fullmatch(phrase)) is not None:
            return resolve(match, today)
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
            result = _resolve(prefixed[2], today)
        except Invalid:
            raise Invalid(refusal.key, **(refusal.values | {"value": text.strip()})) from None
        if result.weekday() != WEEKDAYS[prefixed[1]]:
            raise Invalid("error.date_weekday_mismatch", value=text.strip(), date=result) from None
    if result < today:
        raise Invalid("error.past_date", date=result)
    if result.year > today.year + MAX_YEARS_AHEAD:
        raise Invalid("error.date_too_far", date=result)
    return result
