"""The German date grammar: a table of phrases for a fixed today (Wed, 25.11.2026)."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from messages.texts import DE
from plan.date_phrases import parse_date
from plan.spelling import Invalid

TODAY = date(2026, 11, 25)  # a Wednesday
BERLIN = ZoneInfo("Europe/Berlin")

PHRASES = [
    # relative days
    ("heute", date(2026, 11, 25)),
    ("morgen", date(2026, 11, 26)),
    ("übermorgen", date(2026, 11, 27)),
    ("Übermorgen", date(2026, 11, 27)),
    ("tomorrow", date(2026, 11, 26)),
    # numeric dates
    ("31.03.2027", date(2027, 3, 31)),
    ("31.3.27", date(2027, 3, 31)),
    ("2027-03-31", date(2027, 3, 31)),
    ("31.03.", date(2027, 3, 31)),
    ("31.3", date(2027, 3, 31)),
    ("bis 30.6.", date(2027, 6, 30)),
    ("am 15.03.2027", date(2027, 3, 15)),
    ("bis zum 30.06.2027", date(2027, 6, 30)),
    ("spätestens 1.12.", date(2026, 12, 1)),
    ("30.06.2027,", date(2027, 6, 30)),
    ("  31.03.2027  ", date(2027, 3, 31)),
    ("25.11.", date(2026, 11, 25)),  # today counts
    ("24.11.", date(2027, 11, 24)),  # yesterday's date: next year
    ("05.04.", date(2027, 4, 5)),  # not a time of day
    # year boundary and leap day
    ("31.12.", date(2026, 12, 31)),
    ("1.1.", date(2027, 1, 1)),
    ("01.01.2027", date(2027, 1, 1)),
    ("29.02.", date(2028, 2, 29)),
    ("29.02.2028", date(2028, 2, 29)),
    ("28.02.", date(2027, 2, 28)),
    # month names
    ("31. März 2027", date(2027, 3, 31)),
    ("31. März", date(2027, 3, 31)),
    ("31. Maerz", date(2027, 3, 31)),
    ("15 Mai", date(2027, 5, 15)),
    ("1. Dezember", date(2026, 12, 1)),
    ("24. Dez.", date(2026, 12, 24)),
    ("3. Oktober 2027", date(2027, 10, 3)),
    ("March 31, 2027", date(2027, 3, 31)),
    ("31 March 2027", date(2027, 3, 31)),
    ("31st March", date(2027, 3, 31)),
    ("Dec 24", date(2026, 12, 24)),
    # weekdays: the first such day after today
    ("Freitag", date(2026, 11, 27)),
    ("nächsten Freitag", date(2026, 11, 27)),
    ("am Freitag", date(2026, 11, 27)),
    ("Fr.", date(2026, 11, 27)),
    ("kommenden Montag", date(2026, 11, 30)),
    ("Mittwoch", date(2026, 12, 2)),  # today is Wednesday: a week later
    ("nächsten Mittwoch", date(2026, 12, 2)),
    ("Dienstag", date(2026, 12, 1)),
    ("Do", date(2026, 11, 26)),
    ("Sonntag", date(2026, 11, 29)),
    ("übernächsten Freitag", date(2026, 12, 4)),
    ("Freitag nächste Woche", date(2026, 12, 4)),
    ("nächste Woche Montag", date(2026, 11, 30)),
    ("nächste Woche", date(2026, 12, 4)),  # a week ends on its Friday, like KW n
    ("next friday", date(2026, 11, 27)),
    ("friday", date(2026, 11, 27)),
    # spans
    ("in 10 Tagen", date(2026, 12, 5)),
    ("in einer Woche", date(2026, 12, 2)),
    ("in zwei Wochen", date(2026, 12, 9)),
    ("in 2 Wochen", date(2026, 12, 9)),
    ("in 3 Monaten", date(2027, 2, 25)),
    ("in einem Monat", date(2026, 12, 25)),
    ("in 1 Jahr", date(2027, 11, 25)),
    ("in 2 weeks", date(2026, 12, 9)),
    ("in 5 days", date(2026, 11, 30)),
    # parts of a month
    ("Ende März", date(2027, 3, 31)),
    ("Mitte April", date(2027, 4, 15)),
    ("Anfang Mai", date(2027, 5, 1)),
    ("Ende Februar", date(2027, 2, 28)),
    ("Ende Februar 2028", date(2028, 2, 29)),
    ("Ende November", date(2026, 11, 30)),
    ("Anfang Dezember", date(2026, 12, 1)),
    ("Mitte November", date(2027, 11, 15)),  # this year's is past
    ("Anfang Januar", date(2027, 1, 1)),
    ("Ende Dezember", date(2026, 12, 31)),
    ("Ende März 2028", date(2028, 3, 31)),
    ("end of march", date(2027, 3, 31)),
    ("Monatsende", date(2026, 11, 30)),
    ("Ende des Monats", date(2026, 11, 30)),
    ("Ende nächsten Monats", date(2026, 12, 31)),
    ("Ende des nächsten Monats", date(2026, 12, 31)),
    ("end of next month", date(2026, 12, 31)),
    # years
    ("Jahresende", date(2026, 12, 31)),
    ("Ende des Jahres", date(2026, 12, 31)),
    ("Ende 2027", date(2027, 12, 31)),
    ("Ende des Jahres 2027", date(2027, 12, 31)),
    # calendar weeks: Friday of the ISO week
    ("KW 12", date(2027, 3, 26)),
    ("KW12", date(2027, 3, 26)),
    ("kw 12 2028", date(2028, 3, 24)),
    ("KW 12/2028", date(2028, 3, 24)),
    ("Kalenderwoche 50", date(2026, 12, 11)),
    ("KW 48", date(2026, 11, 27)),
    ("KW 47", date(2027, 11, 26)),
    ("KW 53", date(2027, 1, 1)),  # 2026 has 53 ISO weeks; its Friday is in 2027
    # quarters: a period names its end
    ("Ende Q2", date(2027, 6, 30)),
    ("Q2 2027", date(2027, 6, 30)),
    ("Q4", date(2026, 12, 31)),
    ("Ende Q4", date(2026, 12, 31)),
    ("Ende Q1 2028", date(2028, 3, 31)),
    ("2. Quartal 2027", date(2027, 6, 30)),
    ("Ende des 3. Quartals", date(2027, 9, 30)),
    ("end of Q3", date(2027, 9, 30)),
    # more ways staff write it
    ("Freitag nächster Woche", date(2026, 12, 4)),
    ("Dienstag, 1.12.", date(2026, 12, 1)),
    ("Di., 01.12.2026", date(2026, 12, 1)),
    ("Mitte nächsten Monats", date(2026, 12, 15)),
    ("Anfang nächsten Monats", date(2026, 12, 1)),
    ("Anfang nächsten Jahres", date(2027, 1, 1)),
    ("Ende nächsten Jahres", date(2027, 12, 31)),
    ("in vierzehn Tagen", date(2026, 12, 9)),
    ("heute in einer Woche", date(2026, 12, 2)),
]


@pytest.mark.parametrize(("phrase", "expected"), PHRASES, ids=[p for p, _ in PHRASES])
def test_phrase(phrase: str, expected: date) -> None:
    assert parse_date(phrase, TODAY) == expected


def test_the_table_is_large_enough() -> None:
    assert len(PHRASES) >= 80


REFUSED = [
    ("24.11.2026", "error.past_date"),
    ("Ende 2025", "error.past_date"),
    ("gestern", "error.bad_date"),
    ("März", "error.date_which_part_of_month"),
    ("bis März", "error.date_which_part_of_month"),
    ("März 2027", "error.date_which_part_of_month"),
    ("2027", "error.date_which_part_of_year"),
    ("Wochenende", "error.date_which_day"),
    ("nächsten Monat", "error.date_which_part_of_next_month"),
    ("3/4/2027", "error.date_slashes"),
    ("31.02.2027", "error.bad_date"),
    ("31.04.", "error.bad_date"),
    ("30.02.", "error.bad_date"),
    ("32.1.", "error.bad_date"),
    ("KW 54", "error.bad_week"),
    ("KW 53 2027", "error.bad_week"),
    ("Q5", "error.bad_quarter"),
    ("31.03.2927", "error.date_too_far"),
    ("irgendwann", "error.bad_date"),
    ("", "error.bad_date"),
    ("in -3 Tagen", "error.bad_date"),
    ("18 Uhr", "error.bad_date"),
    ("Ende", "error.bad_date"),
    ("Mittwoch, 1.12.", "error.date_weekday_mismatch"),
    ("Ostern", "error.bad_date"),
    ("31.3.2027 12 Uhr", "error.bad_date"),
]


@pytest.mark.parametrize(("phrase", "key"), REFUSED, ids=[p or "empty" for p, _ in REFUSED])
def test_refused_with_the_right_question(phrase: str, key: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_date(phrase, TODAY)
    assert caught.value.key == key
    assert key in DE


@pytest.mark.parametrize(
    ("now_utc", "phrase", "expected"),
    [
        # 00:30 on the night summer time ends (25.10.2026): already the 25th in Berlin
        (datetime(2026, 10, 24, 22, 30, tzinfo=UTC), "morgen", date(2026, 10, 26)),
        # 00:30 on the night summer time begins (28.03.2027)
        (datetime(2027, 3, 27, 23, 30, tzinfo=UTC), "morgen", date(2027, 3, 29)),
        (datetime(2027, 3, 27, 23, 30, tzinfo=UTC), "heute", date(2027, 3, 28)),
        # New Year's night: in Berlin it is already 2027
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "heute", date(2027, 1, 1)),
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "Jahresende", date(2027, 12, 31)),
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "31.12.", date(2027, 12, 31)),
    ],
)
def test_today_is_the_date_in_the_configured_zone(
    now_utc: datetime, phrase: str, expected: date
) -> None:
    assert parse_date(phrase, now_utc.astimezone(BERLIN).date()) == expected


@given(st.text(max_size=40))
def test_no_phrase_crashes(text: str) -> None:
    with contextlib.suppress(Invalid):
        parse_date(text, TODAY)


FUTURE = st.dates(min_value=TODAY, max_value=date(2056, 1, 1))


@given(FUTURE)
def test_formatted_dates_parse_back(day: date) -> None:
    assert parse_date(f"{day:%d.%m.%Y}", TODAY) == day
    assert parse_date(f"{day.day}.{day.month}.{day:%y}", TODAY) == day
    assert parse_date(day.isoformat(), TODAY) == day


@given(FUTURE)
def test_a_date_without_year_is_the_next_occurrence(day: date) -> None:
    parsed = parse_date(f"{day:%d.%m.}", TODAY)
    assert parsed >= TODAY
    assert (parsed.month, parsed.day) == (day.month, day.day)
    assert parsed <= day
