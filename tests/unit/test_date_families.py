"""The date grammar family by family (see `plan.date_phrases`): for each family a table of
phrases with the day they name, and a table of nearby phrases with another meaning that
must be refused rather than mapped to a wrong day; then properties over random todays.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from messages.texts import DE, EN
from plan.date_phrases import parse_date
from plan.date_words import MONTHS, WEEKDAYS
from plan.spelling import Invalid

WED = date(2026, 11, 25)  # Wednesday of KW 48, in Q4 and H2
FRI = date(2026, 11, 27)  # the Friday of that week
SAT = date(2026, 12, 26)  # Saturday of KW 52: this week's Friday is past, the year ends
D = date  # keeps the rows on one line

# family → (phrase, today, the day it names)
ACCEPTED: dict[str, list[tuple[str, date, date]]] = {
    "month names": [
        ("Ende Jan.", WED, D(2027, 1, 31)),
        ("Mitte Sept", WED, D(2027, 9, 15)),
        ("anfang maerz", WED, D(2027, 3, 1)),
        ("Anfang Marz", WED, D(2027, 3, 1)),
        ("ENDE MÄRZ", WED, D(2027, 3, 31)),
        ("Ende Mär.", WED, D(2027, 3, 31)),
        ("Ende Mrz", WED, D(2027, 3, 31)),
        ("31. Dez.", WED, D(2026, 12, 31)),
        ("15. Okt. 2027", WED, D(2027, 10, 15)),
        ("3. Febr.", WED, D(2027, 2, 3)),
        ("Mitte Jänner", WED, D(2027, 1, 15)),
        ("Ende Juni 2028", WED, D(2028, 6, 30)),
        ("1. aug", WED, D(2027, 8, 1)),
        ("Ende Nov.", WED, D(2026, 11, 30)),
        ("15 Oct", WED, D(2027, 10, 15)),
        ("Sept. 30", WED, D(2027, 9, 30)),
        ("December 24th", WED, D(2026, 12, 24)),
        ("31 Dezember 2027", WED, D(2027, 12, 31)),
        ("Ende März nächsten Jahres", WED, D(2027, 3, 31)),
        ("31. März nächsten Jahres", WED, D(2027, 3, 31)),
        ("Ende Januar", SAT, D(2027, 1, 31)),
        ("Mitte Dezember", SAT, D(2027, 12, 15)),  # this year's is past
    ],
    "parts of a month": [
        ("Ende des Monats", WED, D(2026, 11, 30)),
        ("Monatsende", SAT, D(2026, 12, 31)),
        ("Ende diesen Monats", WED, D(2026, 11, 30)),
        ("zum Ende des laufenden Monats", WED, D(2026, 11, 30)),
        ("Anfang nächsten Monats", SAT, D(2027, 1, 1)),
        ("Anfang übernächsten Monats", WED, D(2027, 1, 1)),
        ("Ende übernächsten Monats", WED, D(2027, 1, 31)),
        ("Monatsmitte", D(2026, 12, 1), D(2026, 12, 15)),
        ("mid April", WED, D(2027, 4, 15)),
        ("mid-April", WED, D(2027, 4, 15)),
        ("early May", WED, D(2027, 5, 1)),
        ("late May", WED, D(2027, 5, 31)),
        ("beginning of June", WED, D(2027, 6, 1)),
        ("end of the month", WED, D(2026, 11, 30)),
        ("end of next month", SAT, D(2027, 1, 31)),
        ("middle of next month", WED, D(2026, 12, 15)),
        ("15. nächsten Monats", WED, D(2026, 12, 15)),
        ("the 3rd of next month", WED, D(2026, 12, 3)),
    ],
    "weeks": [
        ("diese Woche", WED, D(2026, 11, 27)),
        ("diese Woche", FRI, D(2026, 11, 27)),
        ("Ende dieser Woche", WED, D(2026, 11, 27)),
        ("Ende der Woche", WED, D(2026, 11, 27)),
        ("nächste Woche", WED, D(2026, 12, 4)),
        ("nächste Woche", SAT, D(2027, 1, 1)),
        ("Ende nächster Woche", WED, D(2026, 12, 4)),
        ("bis Ende der nächsten Woche", WED, D(2026, 12, 4)),
        ("kommende Woche", WED, D(2026, 12, 4)),
        ("in der nächsten Woche", WED, D(2026, 12, 4)),
        ("übernächste Woche", WED, D(2026, 12, 11)),
        ("Ende übernächster Woche", WED, D(2026, 12, 11)),
        ("Anfang nächster Woche", WED, D(2026, 11, 30)),
        ("this week", WED, D(2026, 11, 27)),
        ("end of this week", WED, D(2026, 11, 27)),
        ("next week", WED, D(2026, 12, 4)),
        ("end of next week", SAT, D(2027, 1, 1)),
        ("the week after next", WED, D(2026, 12, 11)),
        ("KW 50", WED, D(2026, 12, 11)),
        ("Ende KW 50", WED, D(2026, 12, 11)),
        ("Anfang KW 50", WED, D(2026, 12, 7)),
        ("12. KW", WED, D(2027, 3, 26)),
        ("KW 1", SAT, D(2027, 1, 8)),
        ("KW 12 nächsten Jahres", WED, D(2027, 3, 26)),
        ("week 12", WED, D(2027, 3, 26)),
        ("calendar week 2", WED, D(2027, 1, 15)),
        ("Freitag dieser Woche", WED, D(2026, 11, 27)),
        ("Donnerstag übernächste Woche", WED, D(2026, 12, 10)),
        ("übernächste Woche Montag", WED, D(2026, 12, 7)),
        ("Friday next week", WED, D(2026, 12, 4)),
        ("Dienstag KW 12", WED, D(2027, 3, 23)),
        ("Mittwoch in KW 50", WED, D(2026, 12, 9)),
    ],
    "quarters": [
        ("Q3", WED, D(2027, 9, 30)),
        ("Q4", SAT, D(2026, 12, 31)),
        ("Q1", SAT, D(2027, 3, 31)),
        ("drittes Quartal", WED, D(2027, 9, 30)),
        ("3. Quartal 2027", WED, D(2027, 9, 30)),
        ("3.Quartal", WED, D(2027, 9, 30)),
        ("III. Quartal 2027", WED, D(2027, 9, 30)),
        ("Quartal 2 2028", WED, D(2028, 6, 30)),
        ("Q2/2028", WED, D(2028, 6, 30)),
        ("Q1 nächsten Jahres", WED, D(2027, 3, 31)),
        ("im ersten Quartal", WED, D(2027, 3, 31)),
        ("Ende des zweiten Quartals", WED, D(2027, 6, 30)),
        ("Anfang Q3", WED, D(2027, 7, 1)),
        ("Ende des Quartals", WED, D(2026, 12, 31)),
        ("Quartalsende", WED, D(2026, 12, 31)),
        ("Ende des laufenden Quartals", WED, D(2026, 12, 31)),
        ("Ende nächsten Quartals", WED, D(2027, 3, 31)),
        ("nächstes Quartal", SAT, D(2027, 3, 31)),
        ("übernächstes Quartal", WED, D(2027, 6, 30)),
        ("Anfang des nächsten Quartals", WED, D(2027, 1, 1)),
        ("end of Q2", WED, D(2027, 6, 30)),
        ("Q2 of 2027", WED, D(2027, 6, 30)),
        ("third quarter", WED, D(2027, 9, 30)),
        ("end of the 3rd quarter 2028", WED, D(2028, 9, 30)),
        ("end of this quarter", WED, D(2026, 12, 31)),
        ("next quarter", WED, D(2027, 3, 31)),
        ("the quarter after next", WED, D(2027, 6, 30)),
    ],
    "half-years": [
        ("erstes Halbjahr", WED, D(2027, 6, 30)),
        ("zweites Halbjahr", WED, D(2026, 12, 31)),
        ("H1", SAT, D(2027, 6, 30)),
        ("H2 2027", WED, D(2027, 12, 31)),
        ("zweites Halbjahr 2027", WED, D(2027, 12, 31)),
        ("das zweite Halbjahr 2027", WED, D(2027, 12, 31)),
        ("1. Halbjahr 2027", WED, D(2027, 6, 30)),
        ("2. HJ 2027", WED, D(2027, 12, 31)),
        ("HJ 1", WED, D(2027, 6, 30)),
        ("Halbjahr 1/2028", WED, D(2028, 6, 30)),
        ("Ende des ersten Halbjahres", WED, D(2027, 6, 30)),
        ("Anfang des zweiten Halbjahres 2027", WED, D(2027, 7, 1)),
        ("Ende des Halbjahres", WED, D(2026, 12, 31)),
        ("Halbjahresende", SAT, D(2026, 12, 31)),
        ("nächstes Halbjahr", WED, D(2027, 6, 30)),
        ("Ende des kommenden Halbjahres", SAT, D(2027, 6, 30)),
        ("erste Jahreshälfte 2027", WED, D(2027, 6, 30)),
        ("first half of 2027", WED, D(2027, 6, 30)),
        ("second half", WED, D(2026, 12, 31)),
        ("H1 next year", WED, D(2027, 6, 30)),
        ("end of the first half-year", WED, D(2027, 6, 30)),
        ("next half-year", WED, D(2027, 6, 30)),
    ],
    "years": [
        ("Jahresende", SAT, D(2026, 12, 31)),
        ("Ende dieses Jahres", WED, D(2026, 12, 31)),
        ("Ende des laufenden Jahres", WED, D(2026, 12, 31)),
        ("Ende des nächsten Jahres", SAT, D(2027, 12, 31)),
        ("Ende übernächsten Jahres", WED, D(2028, 12, 31)),
        ("Jahresende 2027", WED, D(2027, 12, 31)),
        ("Anfang 2027", WED, D(2027, 1, 1)),
        ("Anfang nächsten Jahres", SAT, D(2027, 1, 1)),
        ("Ende '27", WED, D(2027, 12, 31)),
        ("end of the year", WED, D(2026, 12, 31)),
        ("year-end", WED, D(2026, 12, 31)),
        ("end of next year", WED, D(2027, 12, 31)),
        ("end of 2028", WED, D(2028, 12, 31)),
        ("beginning of next year", WED, D(2027, 1, 1)),
    ],
    "offsets": [
        ("innerhalb von 2 Wochen", WED, D(2026, 12, 9)),
        ("innerhalb 10 Tagen", WED, D(2026, 12, 5)),
        ("innerhalb eines Monats", WED, D(2026, 12, 25)),
        ("innerhalb einer Woche", SAT, D(2027, 1, 2)),
        ("binnen drei Tagen", WED, D(2026, 11, 28)),
        ("in den nächsten 14 Tagen", WED, D(2026, 12, 9)),
        ("in einem halben Jahr", WED, D(2027, 5, 25)),
        ("innerhalb eines halben Jahres", WED, D(2027, 5, 25)),
        ("in 6 Monaten", D(2026, 8, 31), D(2027, 2, 28)),  # clipped to the month's end
        ("in einem Monat", D(2027, 1, 31), D(2027, 2, 28)),
        ("in 2 Jahren", WED, D(2028, 11, 25)),
        ("10 Tage ab heute", WED, D(2026, 12, 5)),
        ("within 3 days", WED, D(2026, 11, 28)),
        ("within a month", SAT, D(2027, 1, 26)),
        ("within the next two weeks", WED, D(2026, 12, 9)),
        ("in half a year", WED, D(2027, 5, 25)),
        ("in six months", WED, D(2027, 5, 25)),
        ("2 weeks from now", WED, D(2026, 12, 9)),
        ("in 3 weeks", SAT, D(2027, 1, 16)),
    ],
    "weekdays": [
        ("übernächsten Montag", WED, D(2026, 12, 7)),
        ("übernächster Freitag", SAT, D(2027, 1, 8)),
        ("Friday after next", WED, D(2026, 12, 4)),
        ("next Monday", SAT, D(2026, 12, 28)),
        ("Samstag", SAT, D(2027, 1, 2)),  # on a Saturday: a week later
        ("this Thursday", WED, D(2026, 11, 26)),
        ("Mo.", WED, D(2026, 11, 30)),
        ("FREITAG", WED, D(2026, 11, 27)),
        ("coming Tuesday", WED, D(2026, 12, 1)),
        ("Fr., 27.11.", WED, D(2026, 11, 27)),
        ("Freitag, den 4.12.", WED, D(2026, 12, 4)),
        ("Freitag, den 4.", WED, D(2026, 12, 4)),
    ],
    "day only": [
        ("zum 15.", WED, D(2026, 12, 15)),
        ("bis zum 15.", WED, D(2026, 12, 15)),
        ("bis zum 15", WED, D(2026, 12, 15)),
        ("bis zum 15 .", WED, D(2026, 12, 15)),
        ("am 3.", WED, D(2026, 12, 3)),
        ("am 30.", WED, D(2026, 11, 30)),
        ("den 25.", WED, D(2026, 11, 25)),  # today counts
        ("zum 1.", SAT, D(2027, 1, 1)),
        ("zum 31.", SAT, D(2026, 12, 31)),
        ("zum 29.", D(2028, 1, 30), D(2028, 2, 29)),
        ("by the 15th", WED, D(2026, 12, 15)),
        ("on the 3rd", WED, D(2026, 12, 3)),
        ("the 31st", SAT, D(2026, 12, 31)),
    ],
    "relative days": [
        ("heute", SAT, SAT),
        ("Today", WED, WED),
        ("morgen", SAT, D(2026, 12, 27)),
        ("bis morgen", WED, D(2026, 11, 26)),
        ("morgen.", WED, D(2026, 11, 26)),
        ("übermorgen", D(2026, 12, 30), D(2027, 1, 1)),
        ("uebermorgen", WED, D(2026, 11, 27)),
        ("the day after tomorrow", WED, D(2026, 11, 27)),
    ],
    "stray spaces and periods": [
        ("31 .03.", WED, D(2027, 3, 31)),
        ("31. 03. 2027", WED, D(2027, 3, 31)),
        ("31.3. 2027", WED, D(2027, 3, 31)),
        ("31 . 3 . 27", WED, D(2027, 3, 31)),
        ("  1.12.  ", WED, D(2026, 12, 1)),
        ("15.03.2027.", WED, D(2027, 3, 15)),
        ("Ende März.", WED, D(2027, 3, 31)),
        ("nächsten Freitag.", WED, D(2026, 11, 27)),
        ("KW  12", WED, D(2027, 3, 26)),
        ("Q3 .", WED, D(2027, 9, 30)),
    ],
}

# family → (phrase with a nearby, different meaning, today, the text key it is refused with)
REFUSED: dict[str, list[tuple[str, date, str]]] = {
    "month names": [
        ("Ende Märzen", WED, "error.bad_date"),
        ("Ende Ma", WED, "error.bad_date"),  # Mai or März
        ("Ende Ju", WED, "error.bad_date"),  # Juni or Juli
        ("März", WED, "error.date_which_part_of_month"),
        ("Sept.", WED, "error.date_which_part_of_month"),
        ("im Oktober", WED, "error.date_which_part_of_month"),
        ("in March", WED, "error.date_which_part_of_month"),
        ("31. Nov.", WED, "error.bad_date"),
        ("30. Feb", WED, "error.bad_date"),
        ("Ende Februar 2026", WED, "error.past_date"),
        ("15. Okt. 2026", WED, "error.past_date"),
        ("Ende April/Anfang Mai", WED, "error.bad_date"),
    ],
    "parts of a month": [
        ("Mitte des Monats", SAT, "error.past_date"),
        ("Monatsanfang", WED, "error.past_date"),
        ("diesen Monat", WED, "error.date_which_part_of_month"),
        ("nächsten Monat", WED, "error.date_which_part_of_next_month"),
        ("übernächsten Monat", WED, "error.date_which_part_of_month"),
        ("letzten Monat", WED, "error.bad_date"),
        ("Ende letzten Monats", WED, "error.bad_date"),
        ("late", WED, "error.bad_date"),
        ("Mitte", WED, "error.bad_date"),
        ("30. nächsten Monats", D(2027, 1, 10), "error.bad_date"),  # February
    ],
    "weeks": [
        ("diese Woche", SAT, "error.past_date"),  # its Friday has passed
        ("Ende dieser Woche", SAT, "error.past_date"),
        ("Montag dieser Woche", WED, "error.past_date"),
        ("Mitte nächster Woche", WED, "error.date_which_day"),
        ("Wochenende", WED, "error.date_which_day"),
        ("nächstes Wochenende", WED, "error.date_which_day"),
        ("weekend", WED, "error.date_which_day"),
        ("letzte Woche", WED, "error.bad_date"),
        ("innerhalb der nächsten Woche", WED, "error.bad_date"),  # 7 days, or next week?
        ("KW 54", WED, "error.bad_week"),
        ("KW 0", WED, "error.bad_week"),
        ("KW 53 2027", WED, "error.bad_week"),
        ("KW 47 2026", WED, "error.past_date"),
        ("Woche", WED, "error.bad_date"),
        ("early next week", WED, "error.bad_date"),
        ("Freitag in zwei Wochen", WED, "error.date_weekday_mismatch"),
        ("2 Wochen", WED, "error.bad_date"),
    ],
    "quarters": [
        ("Q5", WED, "error.bad_quarter"),
        ("Q0", WED, "error.bad_quarter"),
        ("5. Quartal", WED, "error.bad_quarter"),
        ("fünftes Quartal", WED, "error.bad_date"),
        ("Mitte Q3", WED, "error.date_which_part_of_period"),
        ("Mitte des Quartals", WED, "error.date_which_part_of_period"),
        ("letztes Quartal", WED, "error.bad_date"),
        ("Quartal", WED, "error.bad_date"),
        ("Q3 2026", WED, "error.past_date"),
        ("Anfang des Quartals", WED, "error.past_date"),
        ("Q1 dieses Jahres", WED, "error.past_date"),
        ("in 2 Quartalen", WED, "error.bad_date"),
        ("Q32027", WED, "error.bad_date"),
        ("in 1 Quartal", WED, "error.bad_date"),  # three months from now, not Q1
        ("im 3 Quartal", WED, "error.bad_date"),
    ],
    "half-years": [
        ("5. Halbjahr", WED, "error.bad_half_year"),
        ("H3", WED, "error.bad_half_year"),
        ("H0", WED, "error.bad_half_year"),
        ("drittes Halbjahr", WED, "error.bad_half_year"),
        ("Mitte des Halbjahres", WED, "error.date_which_part_of_period"),
        ("zweite Hälfte", WED, "error.bad_date"),  # of the year, or of a month?
        ("Halbjahr", WED, "error.bad_date"),
        ("H1 2026", WED, "error.past_date"),
        ("Anfang des Halbjahres", WED, "error.past_date"),
        ("in einem Halbjahr", WED, "error.bad_date"),  # six months, or within the half?
        ("halbes Jahr", WED, "error.bad_date"),
        ("in 1 Halbjahr", WED, "error.bad_date"),
    ],
    "years": [
        ("nächstes Jahr", WED, "error.date_which_part_of_year"),
        ("dieses Jahr", WED, "error.date_which_part_of_year"),
        ("next year", WED, "error.date_which_part_of_year"),
        ("2028", WED, "error.date_which_part_of_year"),
        ("im Jahr 2027", WED, "error.date_which_part_of_year"),
        ("Mitte 2027", WED, "error.date_which_part_of_year"),
        ("Jahresmitte", WED, "error.date_which_part_of_year"),
        ("Jahresanfang", SAT, "error.past_date"),
        ("Ende letzten Jahres", WED, "error.bad_date"),
        ("Jahreswechsel", WED, "error.bad_date"),  # 31.12. or 1.1.?
        ("Ende 27", WED, "error.bad_date"),  # 2027, or the 27th?
    ],
    "offsets": [
        ("in -2 Wochen", WED, "error.bad_date"),
        ("in anderthalb Monaten", WED, "error.bad_date"),
        ("in eineinhalb Wochen", WED, "error.bad_date"),
        ("in 1,5 Monaten", WED, "error.bad_date"),
        ("in einem halben Monat", WED, "error.bad_date"),
        ("in ein paar Tagen", WED, "error.bad_date"),
        ("in einigen Wochen", WED, "error.bad_date"),
        ("vor 2 Wochen", WED, "error.bad_date"),
        ("2 weeks ago", WED, "error.bad_date"),
        ("in 10 Werktagen", WED, "error.bad_date"),  # Saturdays count, holidays do not
        ("in 2 Wochen 3 Tagen", WED, "error.bad_date"),
        ("in 999 Monaten", WED, "error.date_too_far"),
    ],
    "weekdays": [
        ("letzten Freitag", WED, "error.bad_date"),
        ("Freitag vor einer Woche", WED, "error.bad_date"),
        ("Fr, 28.11.", WED, "error.date_weekday_mismatch"),
        ("Freitag, den 5.", WED, "error.date_weekday_mismatch"),
        ("jeden Freitag", WED, "error.bad_date"),
        ("Freitags", WED, "error.bad_date"),
        ("frühestens Freitag", WED, "error.bad_date"),
        ("ab Montag", WED, "error.bad_date"),
        ("Freitag 18 Uhr", WED, "error.bad_date"),
    ],
    "day only": [
        ("zum 32.", WED, "error.bad_date"),
        ("zum 0.", WED, "error.bad_date"),
        ("zum 31.", WED, "error.date_day_not_in_month"),  # November has 30 days
        ("zum 30.", D(2027, 1, 31), "error.date_day_not_in_month"),  # February
        ("15", WED, "error.bad_date"),
        ("bis 15", WED, "error.bad_date"),  # 15 o'clock?
        ("in 15", WED, "error.bad_date"),
        ("15 Tage", WED, "error.bad_date"),
        ("ab dem 15.", WED, "error.bad_date"),
        ("vor dem 15.", WED, "error.bad_date"),
    ],
    "relative days": [
        ("gestern", WED, "error.bad_date"),
        ("vorgestern", WED, "error.bad_date"),
        ("yesterday", WED, "error.bad_date"),
        ("morgen früh", WED, "error.bad_date"),
        ("heute Abend", WED, "error.bad_date"),
        ("überübermorgen", WED, "error.bad_date"),
        ("Morgen 18 Uhr", WED, "error.bad_date"),
    ],
    "stray spaces and periods": [
        ("31 03 2027", WED, "error.bad_date"),
        ("31,03,2027", WED, "error.bad_date"),
        ("31..03.", WED, "error.bad_date"),
        ("3/4", WED, "error.date_slashes"),
        ("31.13.", WED, "error.bad_date"),
        ("2027-02-30", WED, "error.bad_date"),
    ],
}


def _id(family: str, phrase: str, today: date) -> str:
    return f"{family}: {phrase!r} on {today:%d.%m.%Y}"


@pytest.mark.parametrize(
    ("phrase", "today", "expected"),
    [
        pytest.param(phrase, today, expected, id=_id(family, phrase, today))
        for family, rows in ACCEPTED.items()
        for phrase, today, expected in rows
    ],
)
def test_phrase_names_its_day(phrase: str, today: date, expected: date) -> None:
    assert parse_date(phrase, today) == expected


@pytest.mark.parametrize(
    ("phrase", "today", "key"),
    [
        pytest.param(phrase, today, key, id=_id(family, phrase, today))
        for family, rows in REFUSED.items()
        for phrase, today, key in rows
    ],
)
def test_nearby_meaning_is_refused(phrase: str, today: date, key: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_date(phrase, today)
    assert caught.value.key == key
    assert key in DE and key in EN


def test_every_family_has_both_tables() -> None:
    assert ACCEPTED.keys() == REFUSED.keys()
    assert all(len(ACCEPTED[f]) >= 8 and len(REFUSED[f]) >= 6 for f in ACCEPTED)


@pytest.mark.parametrize("name", sorted(MONTHS))
def test_every_month_spelling(name: str) -> None:
    """Each spelling of the table, in any case and with a period, names its month."""
    first = D(2026 if MONTHS[name] == 12 else 2027, MONTHS[name], 1)
    for phrase in (f"Anfang {name}", f"ANFANG {name.upper()}.", f"anfang {name.title()}."):
        assert parse_date(phrase, WED) == first


@pytest.mark.parametrize("name", sorted(WEEKDAYS))
def test_every_weekday_spelling(name: str) -> None:
    day = parse_date(f"{name.title()} nächster Woche", WED)
    assert (day.weekday(), day.isocalendar().week) == (WEEKDAYS[name], 49)


# --- properties: for any today, an accepted phrase means what it says ----------------------

TODAYS = st.dates(min_value=D(2024, 1, 1), max_value=D(2060, 12, 31))
SPELLINGS = st.sampled_from(sorted(MONTHS))


def _refused_or(phrase: str, today: date) -> date | None:
    try:
        return parse_date(phrase, today)
    except Invalid:
        return None


@given(TODAYS, SPELLINGS, st.sampled_from(["Ende", "end of", "Mitte", "mid", "Anfang", "early"]))
def test_part_of_a_named_month(today: date, name: str, part: str) -> None:
    day = parse_date(f"{part} {name}", today)
    assert day.month == MONTHS[name] and today <= day < today + timedelta(days=366)
    if part in ("Anfang", "early"):
        assert day.day == 1
    elif part in ("Mitte", "mid"):
        assert day.day == 15
    else:
        assert (day + timedelta(days=1)).day == 1


@given(TODAYS, st.integers(min_value=1, max_value=53))
def test_calendar_week_is_its_friday(today: date, week: int) -> None:
    day = parse_date(f"KW {week}", today)
    assert day.weekday() == 4 and day.isocalendar().week == week and day >= today


@given(TODAYS, st.sampled_from(["diese", "nächste", "übernächste"]), st.booleans())
def test_this_and_next_week_end_on_friday(today: date, which: str, end: bool) -> None:
    ahead = ["diese", "nächste", "übernächste"].index(which)
    friday = today - timedelta(days=today.weekday()) + timedelta(weeks=ahead, days=4)
    phrase = f"Ende {which}r Woche" if end else f"{which} Woche"
    assert _refused_or(phrase, today) == (friday if friday >= today else None)


@given(TODAYS, st.integers(min_value=1, max_value=4), st.sampled_from(["Q{n}", "{n}. Quartal"]))
def test_quarter_is_its_last_day(today: date, quarter: int, form: str) -> None:
    day = parse_date(form.format(n=quarter), today)
    assert day.month == 3 * quarter and (day + timedelta(days=1)).day == 1
    assert today <= day < today + timedelta(days=366)


@given(TODAYS, st.integers(min_value=1, max_value=2))
def test_half_year_is_its_last_day(today: date, half: int) -> None:
    day = parse_date(f"H{half}", today)
    assert (day.month, day.day) == ((6, 30) if half == 1 else (12, 31))
    assert today <= day < today + timedelta(days=366)


@given(TODAYS, st.integers(min_value=0, max_value=500), st.sampled_from(["Tagen", "Wochen"]))
def test_offsets_in_days_and_weeks(today: date, n: int, unit: str) -> None:
    days = n if unit == "Tagen" else 7 * n
    for form in ("in {n} {unit}", "innerhalb von {n} {unit}", "binnen {n} {unit}"):
        assert parse_date(form.format(n=n, unit=unit), today) == today + timedelta(days=days)


@given(TODAYS, st.integers(min_value=1, max_value=31))
def test_day_only_is_the_next_such_day(today: date, number: int) -> None:
    day = _refused_or(f"zum {number}.", today)
    if day is not None:
        assert day.day == number and today <= day < today + timedelta(days=32)


@given(TODAYS, st.text(alphabet=" .", max_size=3), st.sampled_from(["Ende März", "Q3", "KW 12"]))
def test_stray_spaces_and_a_trailing_period_change_nothing(
    today: date, tail: str, phrase: str
) -> None:
    assert parse_date(f"  {phrase.replace(' ', '  ')}{tail}", today) == parse_date(phrase, today)


# phrases of one meaning, German and English: for any today they agree, or all are refused
SAME_MEANING = [
    ("Ende März", "end of March", "Ende Mrz.", "late march", "31.3. ", "31. März"),
    ("Mitte Sept.", "mid-September", "15. September", "Sept 15th"),
    ("Q3", "3. Quartal", "drittes Quartal", "III. Quartal", "third quarter", "Ende Q3"),
    ("H1", "erstes Halbjahr", "1. Halbjahr", "first half", "Ende des ersten Halbjahres"),
    ("nächste Woche", "Ende nächster Woche", "next week", "Freitag nächster Woche"),
    ("Ende nächsten Monats", "end of next month", "late next month"),
    ("Ende des Quartals", "Quartalsende", "end of this quarter", "quarter-end"),
    ("in 3 Wochen", "innerhalb von drei Wochen", "within 3 weeks", "3 weeks from now"),
    ("in einem halben Jahr", "in 6 Monaten", "in half a year", "within six months"),
    ("übermorgen", "day after tomorrow", "in 2 Tagen"),
    ("Jahresende", "Ende dieses Jahres", "end of the year", "year-end"),
]


@given(TODAYS, st.sampled_from(SAME_MEANING))
def test_german_and_english_forms_agree(today: date, phrases: tuple[str, ...]) -> None:
    assert len({_refused_or(phrase, today) for phrase in phrases}) == 1, phrases
